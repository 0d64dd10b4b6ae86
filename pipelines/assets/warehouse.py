"""Warehouse: the dbt project builds staging views and the public tables; its tests become asset checks."""
from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
import duckdb as duckdb_client
from dagster._utils.backoff import backoff
from dagster_duckdb import DuckDBResource
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, dbt_assets

from pipelines.assets.metadata import relation_metadata
from pipelines.dbt_project import news_dbt_project
from pipelines.dbt_target import target_path


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


@dbt_assets(
    manifest=news_dbt_project.manifest_path,
    project=news_dbt_project,
    dagster_dbt_translator=NewsDbtTranslator(),
    pool="duckdb",
)
def news_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, duckdb: DuckDBResource):
    invocation = dbt.cli(["build"], context=context, target_path=target_path(duckdb.database))
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
