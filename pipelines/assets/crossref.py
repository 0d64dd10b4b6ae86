"""Cross-reference: what only the whole corpus can tell, such as which spellings name one entity."""
import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps
from pipelines.apart import call_apart
from pipelines.assets.metadata import relation_metadata


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
    call_apart(corpus_steps.join_entities, duckdb.database)
    with duckdb.get_connection() as conn:
        yield dg.MaterializeResult(asset_key="joined_mentions", metadata=relation_metadata(
            conn.sql("select article_id, mention_text, label, entity_id from raw.entity_assignments")))
        yield dg.MaterializeResult(asset_key="joined_entities", metadata=relation_metadata(
            conn.sql("select canonical_name, entity_type, aliases, mention_count from raw.entities "
                     "order by mention_count desc, canonical_name")))
        joined = conn.sql("select alias, matched_alias, method, score from raw.entity_aliases where method != 'exact'")
        yield dg.MaterializeResult(asset_key="alias_decisions", metadata=relation_metadata(
            joined.order("score, alias"),
            joins_by_method=dg.MetadataValue.json(dict(joined.aggregate("method, count(*)").order("method").fetchall())),
        ))
