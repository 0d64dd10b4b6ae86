"""Cross-reference, first part: which spellings name one entity, and which articles are copies of one another.

The two share no input, and each runs in a child process of its own (corpus_steps), so they run side by side:
entity joining keeps one core busy, the copy check the other. Both children read the warehouse and write their
tables to it, each for a second or two; the one that finds the file taken waits (storage.connect)."""
from concurrent.futures import ThreadPoolExecutor

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps
from pipelines.apart import call_apart
from pipelines.assets.metadata import relation_metadata

# Above this many mentions the two run one after the other: entity joining's child takes about 3 KB per mention
# (584 MB at 138,000 mentions from 3,000 articles, 1.4 GB at 463,000 from 10,000) and the copy check's 280-650 MB,
# which together with Dagster's process would pass 2 GB.
SIDE_BY_SIDE_MAX_MENTIONS = 250_000


@dg.multi_asset(
    name="join_entities_and_find_copies",
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
        dg.AssetSpec("copied_articles", deps=["cleaned_articles"], kinds={"polars", "duckdb"},
                     description="Pairs of articles that are one text: exact, near or derived (a rewrite keeping "
                     "much of the other's wording), from shingle candidates checked sentence by sentence. "
                     "Writes `raw.article_duplicates`."),
    ],
)
def join_entities_and_find_copies(context: dg.AssetExecutionContext, duckdb: DuckDBResource):
    steps = (corpus_steps.join_entities, corpus_steps.find_article_copies)
    with duckdb.get_connection() as conn:
        (mentions,), = conn.sql("select count(*) from raw.entity_mentions").fetchall()
    if mentions <= SIDE_BY_SIDE_MAX_MENTIONS:
        with ThreadPoolExecutor(len(steps)) as threads:
            for running in [threads.submit(call_apart, step, duckdb.database) for step in steps]:
                running.result()
    else:
        context.log.info(f"{mentions:,} mentions: entity joining and the copy check run one after the other, "
                         "to keep memory under 2 GB")
        for step in steps:
            call_apart(step, duckdb.database)
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
        duplicates = conn.sql("select * from raw.article_duplicates")
        yield dg.MaterializeResult(asset_key="copied_articles", metadata=relation_metadata(
            duplicates.order("similarity desc, article_id, other_article_id"),
            by_kind=dg.MetadataValue.json(dict(duplicates.aggregate("kind, count(*)").order("kind").fetchall())),
        ))
