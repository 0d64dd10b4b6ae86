"""What each asset tells the UI: row counts and a short markdown preview."""
import dagster as dg
import duckdb
import polars as pl

PREVIEW_ROWS = 5
PREVIEW_CELL_CHARS = 80


def markdown_table(frame: pl.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    """The first rows as a markdown table, long cells cut short."""
    if frame.is_empty():
        return "_(no rows)_"

    def cell(value) -> str:
        text = "" if value is None else str(value).replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= PREVIEW_CELL_CHARS else text[: PREVIEW_CELL_CHARS - 1] + "…"

    head = frame.head(rows)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in head.iter_rows()]
    return "\n".join(lines)


def table_metadata(frame: pl.DataFrame, row_count: int | None = None, **extra) -> dict:
    """`dagster/row_count`, a preview, and any extra figures for one written table. `frame` may be only the first
    rows when `row_count` says how many there are."""
    return {"dagster/row_count": frame.height if row_count is None else row_count,
            "preview": dg.MetadataValue.md(markdown_table(frame)), **extra}


def relation_metadata(relation: duckdb.DuckDBPyRelation, **extra) -> dict:
    """table_metadata for rows read back from the warehouse: their count and the first rows, without fetching
    the rest."""
    (rows,), = relation.aggregate("count(*)").fetchall()
    return table_metadata(relation.limit(PREVIEW_ROWS).pl(), row_count=rows, **extra)
