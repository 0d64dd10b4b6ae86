"""Warehouse: the dbt project builds staging views and the public tables; its tests become asset checks."""
import hashlib
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


def _with_table_metadata(events: list, manifest: Mapping[str, Any], database: str) -> Iterator:
    """Add `dagster/row_count` and a preview to each model's materialisation (staging views and public tables),
    read after dbt has let go of the file (dbt holds the write lock while it runs)."""
    conn = backoff(duckdb_client.connect, retry_on=(duckdb_client.IOException,),
                   kwargs={"database": database, "read_only": True}, max_retries=8)
    try:
        for event in events:
            unique_id = event.metadata.get("unique_id") if isinstance(event, dg.Output) else None
            node = manifest["nodes"].get(unique_id.value) if unique_id else None
            if node and node["resource_type"] == "model":
                relation = conn.table(f'{node["schema"]}.{node["alias"]}')
                if "body" in relation.columns:  # whole article texts make an unreadable preview
                    relation = relation.select(*(c for c in relation.columns if c != "body"))
                event = event.with_metadata({**event.metadata, **relation_metadata(relation)})
            yield event
    finally:
        conn.close()


def _target_path(database: str) -> Path:
    """One dbt target folder per warehouse file, kept across runs. dbt parses the project incrementally only while
    the profile, which names the file, is the one its last parse saw: a fresh folder per run (dagster-dbt's
    default) re-parses the whole project every time unless the file is the one `make` prepared the manifest for."""
    return Path("target") / f"warehouse-{hashlib.sha256(database.encode()).hexdigest()[:12]}"


@dbt_assets(
    manifest=news_dbt_project.manifest_path,
    project=news_dbt_project,
    dagster_dbt_translator=NewsDbtTranslator(),
    pool="duckdb",
)
def news_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    invocation = dbt.cli(["build"], context=context, target_path=_target_path(duckdb.database))
    events = list(invocation.stream())  # raises when a model or a test fails: the build state stays as it was
    with duckdb.get_connection() as conn:
        conn.execute("create or replace table raw.build_state as select * from raw.ingest_state")
    yield from _with_table_metadata(events, invocation.manifest, duckdb.database)
