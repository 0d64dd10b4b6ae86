"""Writing polars frames into the warehouse's `raw` schema, all or nothing."""
import re

import duckdb
import polars as pl

RAW_SCHEMA = "raw"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")


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


def read_table(conn: duckdb.DuckDBPyConnection, name: str) -> pl.DataFrame | None:
    """`raw.<name>` as a polars frame, or None when it does not exist yet (the first run)."""
    exists = conn.execute(
        "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [RAW_SCHEMA, name]
    ).fetchall()[0][0]
    if not exists:
        return None
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a table name: {name!r}")
    return conn.sql(f"select * from {RAW_SCHEMA}.{name}").pl()
