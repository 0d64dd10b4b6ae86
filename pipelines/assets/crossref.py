"""Cross-reference: what only the whole corpus can tell, such as which spellings name one entity."""
import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import storage
from pipelines.assets.metadata import table_metadata
from pipelines.apart import call_apart
from pipelines.text.aliases import resolve_entities as join_spellings


@dg.multi_asset(
    name="resolve_entities",
    group_name="crossref",
    pool="duckdb",
    specs=[
        dg.AssetSpec("joined_mentions", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="Every mention with the corpus-wide entity it names. Writes `raw.entity_assignments`."),
        dg.AssetSpec("joined_entities", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="One row per entity: canonical name (the most frequent full spelling), type voted by "
                     "all its mentions, every spelling. Writes `raw.entities`."),
        dg.AssetSpec("alias_decisions", deps=["extracted_mentions"], kinds={"python", "duckdb"},
                     description="Why each spelling joined its entity: string similarity plus evidence (type, first "
                     "names, roles, shared sentences), with method and score. Writes `raw.entity_aliases`."),
    ],
)
def resolve_entities(duckdb: DuckDBResource):
    with duckdb.get_connection() as conn:
        assignments, entities, aliases = call_apart(join_spellings, conn.sql("select * from raw.entity_mentions").pl())
        storage.replace_tables(conn, {"entity_assignments": assignments, "entities": entities, "entity_aliases": aliases})
    joined = aliases.filter(pl.col("method") != "exact")
    yield dg.MaterializeResult(asset_key="joined_mentions", metadata=table_metadata(
        assignments.select("article_id", "mention_text", "label", "entity_id")))
    yield dg.MaterializeResult(asset_key="joined_entities", metadata=table_metadata(
        entities.sort("mention_count", descending=True).select("canonical_name", "entity_type", "aliases", "mention_count")))
    yield dg.MaterializeResult(asset_key="alias_decisions", metadata=table_metadata(
        joined.sort("score").select("alias", "matched_alias", "method", "score"),
        joins_by_method=dg.MetadataValue.json(dict(joined.group_by("method").len().sort("method").iter_rows())),
    ))
