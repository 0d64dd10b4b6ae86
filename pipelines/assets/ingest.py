"""Ingest: every `*.txt` in the input folder, decoded and content-hashed, or rejected with a reason."""
import datetime as dt
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import storage
from pipelines.assets.metadata import table_metadata
from pipelines.inputs import changes, list_files, read_files
from pipelines.resources import InputFolder, SpacyPipeline
from pipelines.state import input_fingerprint


@dg.asset(
    group_name="ingest",
    pool="duckdb",
    kinds={"python", "duckdb"},
    description="Every `*.txt` file under NEWS_RAW_DIR, read as bytes, decoded (UTF-8, BOMs, legacy encodings, "
    "mojibake repaired) and hashed; files that cannot become an article are rejected with a reason. "
    "Writes `raw.files`.",
)
def raw_files(
    context: dg.AssetExecutionContext, duckdb: DuckDBResource, input_folder: InputFolder, nlp: SpacyPipeline
) -> dg.MaterializeResult:
    listed = list_files(Path(input_folder.path))
    with duckdb.get_connection() as conn:
        previous = storage.read_table(conn, "files")
        files = read_files(listed, previous, now=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None))
        storage.replace_tables(conn, {
            "files": files,
            # copied to raw.build_state once the whole build has succeeded (see pipelines/state.py)
            "ingest_state": pl.DataFrame({"fingerprint": [input_fingerprint(listed, nlp.model)]}),
        })
    changed = changes(previous, files)
    if changed["deleted"]:
        context.log.info(f"deleted since the last run, their articles and all derived rows dropped: {changed['deleted']}")
    rejected = files.filter(pl.col("status") == "rejected")
    for path, reason in rejected.select("source_path", "reason").iter_rows():
        context.log.warning(f"rejected {path}: {reason}")
    return dg.MaterializeResult(metadata=table_metadata(
        files.select("source_path", "status", "encoding", "reason", "article_id"),
        articles=files.filter(pl.col("status") == "article")["article_id"].n_unique(),
        rejected=rejected.height,
        **{f"{kind}_files": len(paths) for kind, paths in changed.items()},
        deleted_paths=dg.MetadataValue.json(changed["deleted"][:100]),
        input_folder=dg.MetadataValue.path(input_folder.path),
    ))
