"""Writing polars frames into the warehouse's `raw` schema, all or nothing."""
import re
import time

import duckdb
import polars as pl

RAW_SCHEMA = "raw"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
CONNECT_ATTEMPTS = 10  # waits 0.1 + 0.2 + ... + 25.6 s at most, as Dagster's DuckDB resource does


def connect(database: str) -> duckdb.DuckDBPyConnection:
    """A read-write connection to the warehouse, waiting while another process holds the file's lock (a reader
    outside Dagster, say) rather than failing at once."""
    for attempt in range(CONNECT_ATTEMPTS):
        try:
            return duckdb.connect(database)
        except duckdb.IOException:
            if attempt == CONNECT_ATTEMPTS - 1:
                raise
            time.sleep(0.1 * 2 ** attempt)


def replace_tables(conn: duckdb.DuckDBPyConnection, tables: dict[str, pl.DataFrame]) -> None:
    """Replace `raw.<name>` by each frame inside one transaction: a run killed mid-write leaves the old tables."""
    conn.execute(f"create schema if not exists {RAW_SCHEMA}")
    conn.execute("begin transaction")
    try:
        for name, frame in tables.items():
            if not _IDENTIFIER.match(name):  # names come from code, never from data; guard the f-string anyway
                raise ValueError(f"not a table name: {name!r}")
            conn.register("_frame", frame)
            conn.execute(f"create or replace table {RAW_SCHEMA}.{name} as select * from _frame")
            conn.unregister("_frame")
        conn.execute("commit")
    except BaseException:
        conn.execute("rollback")
        raise


def read_table(conn: duckdb.DuckDBPyConnection, name: str, columns: str = "*") -> pl.DataFrame | None:
    """`raw.<name>` (or some of its columns) as a polars frame, or None when it does not exist yet (the first run)."""
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [RAW_SCHEMA, name]
    ).fetchall()[0][0]
    if not exists:
        return None
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a table name: {name!r}")
    return conn.sql(f"select {columns} from {RAW_SCHEMA}.{name}").pl()
