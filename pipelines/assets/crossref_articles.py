"""Cross-reference, second part (after entity joining): stories, one quote as each article worded it, one quantity
as each gave it."""
import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps
from pipelines.apart import call_apart
from pipelines.assets.metadata import relation_metadata


@dg.multi_asset(
    name="cross_reference_articles",
    group_name="crossref",
    pool="duckdb",
    specs=[
        dg.AssetSpec("story_groups", deps=["cleaned_articles", "joined_mentions"], kinds={"polars", "duckdb"},
                     description="Every article with the story (event) it reports: TF-IDF of words and entities, "
                     "average linkage within a date window. Writes `raw.story_members`."),
        dg.AssetSpec("quote_variant_groups", deps=["extracted_quotes", "joined_mentions", "cleaned_articles"],
                     kinds={"python", "duckdb"},
                     description="Quotes of one utterance across articles: the same speaker (or story, when "
                     "unattributed) and similar words. Writes `raw.quote_variant_members`."),
        dg.AssetSpec("claim_groups", deps=["extracted_claims", "joined_mentions", "cleaned_articles"],
                     kinds={"python", "duckdb"},
                     description="Numeric claims about one quantity within a story and unit, side by side. "
                     "Writes `raw.claim_comparison_members`."),
    ],
)
def cross_reference_articles(duckdb: DuckDBResource):
    call_apart(corpus_steps.cross_reference_articles, duckdb.database)
    with duckdb.get_connection() as conn:
        (stories, several), = conn.sql(
            "select count(*), count(*) filter (where size > 1) from "
            "(select count(*) as size from raw.story_members group by story_id)").fetchall()
        yield dg.MaterializeResult(asset_key="story_groups", metadata=relation_metadata(
            conn.sql("select * exclude (size) from (select *, count(*) over (partition by story_id) as size "
                     "from raw.story_members) order by size desc, story_id desc, article_id"),
            stories=stories, stories_of_several_articles=several,
        ))
        for asset_key, table in (("quote_variant_groups", "quote_variant_members"),
                                 ("claim_groups", "claim_comparison_members")):
            (groups,), = conn.sql(f"select count(distinct (representative_article_id, representative_char_start)) "
                                  f"from raw.{table}").fetchall()
            yield dg.MaterializeResult(asset_key=asset_key, metadata=relation_metadata(
                conn.sql(f"select * from raw.{table}"), groups=groups))
