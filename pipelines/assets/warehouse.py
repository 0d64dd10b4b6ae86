"""Warehouse: the dbt project builds staging views and the public tables; its tests become asset checks."""
import hashlib
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb as duckdb_client
from dagster._utils.backoff import backoff
from dagster_duckdb import DuckDBResource
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.assets.metadata import relation_metadata
from pipelines.dbt_project import news_dbt_project


class NewsDbtTranslator(DagsterDbtTranslator):
    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        # models/staging/... -> "staging", models/marts/... -> "warehouse"
        folder = dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else None
        return {"staging": "staging", "marts": "warehouse"}.get(folder, super().get_group_name(dbt_resource_props))


def _with_table_metadata(outputs: list[dg.Output], manifest: Mapping[str, Any], database: str) -> Iterator:
    """Add `dagster/row_count` and a preview to each model's materialisation (staging views and public tables),
    read after dbt has let go of the file (dbt holds the write lock while it runs)."""
    conn = backoff(duckdb_client.connect, retry_on=(duckdb_client.IOException,),
                   kwargs={"database": database, "read_only": True}, max_retries=8)
    try:
        for event in outputs:
            unique_id = event.metadata.get("unique_id")
            node = manifest["nodes"].get(unique_id.value) if unique_id else None
            if node and node["resource_type"] == "model":
                relation = conn.table(f'{node["schema"]}.{node["alias"]}')
                if "body" in relation.columns:  # whole article texts make an unreadable preview
                    relation = relation.select(*(c for c in relation.columns if c != "body"))
                event = event.with_metadata({**event.metadata, **relation_metadata(relation)})
            yield event
    finally:
        conn.close()


WAREHOUSE_NOTE = "warehouse_path.txt"  # in each target folder: the warehouse file it serves


def _target_path(database: str) -> Path:
    """The dbt target folder of a warehouse file (relative to the dbt project), made ready for a build.

    One folder per warehouse file, kept across runs: dbt parses the project incrementally only while the
    profile, which names the file, is the one its last parse saw, so a fresh folder per run (dagster-dbt's
    default) would re-parse the whole project every time. The folders of warehouse files that no longer exist are
    removed: tests and benchmarks build warehouses under temporary paths, and each left its folder (6.6 MB)
    behind. A folder without the note predates it, and is remade on its warehouse's next run."""
    database = str(Path(database).resolve())
    relative = Path("target") / f"warehouse-{hashlib.sha256(database.encode()).hexdigest()[:12]}"
    target = Path(news_dbt_project.project_dir) / relative
    target.mkdir(parents=True, exist_ok=True)
    (target / WAREHOUSE_NOTE).write_text(database)
    for folder in target.parent.glob("warehouse-*"):
        if folder != target and not _serves_existing_file(folder):
            shutil.rmtree(folder, ignore_errors=True)  # another run may be removing it too
    return relative


def _serves_existing_file(folder: Path) -> bool:
    try:
        return Path((folder / WAREHOUSE_NOTE).read_text()).exists()
    except OSError:  # no note, or the folder went meanwhile
        return False


@dbt_assets(
    manifest=news_dbt_project.manifest_path,
    project=news_dbt_project,
    dagster_dbt_translator=NewsDbtTranslator(),
    pool="duckdb",
)
def news_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    invocation = dbt.cli(["build"], context=context, target_path=_target_path(duckdb.database))
    outputs = []
    # Test results go to Dagster as dbt runs them, stored by this process on the core dbt leaves free (at 3,000
    # articles the step's tail after dbt went from 2.7 to 1.3 s); the models' outputs wait for dbt to let go of
    # the file, to be read for their metadata.
    for event in invocation.stream():  # raises when a model or a test fails: the build state stays as it was
        if isinstance(event, dg.Output):
            outputs.append(event)
        else:
            yield event
    with duckdb.get_connection() as conn:
        conn.execute("create or replace table raw.build_state as select * from raw.ingest_state")
    yield from _with_table_metadata(outputs, invocation.manifest, duckdb.database)
