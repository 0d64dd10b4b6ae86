"""Cross-reference articles: copies, stories, one quote as each article worded it, one quantity as each gave it."""
import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import storage
from pipelines.assets.metadata import table_metadata
from pipelines.apart import call_apart
from pipelines.crossref.cross_reference import cross_reference


@dg.multi_asset(
    name="cross_reference_articles",
    group_name="crossref",
    pool="duckdb",
    specs=[
        dg.AssetSpec("copied_articles", deps=["cleaned_articles"], kinds={"polars", "duckdb"},
                     description="Pairs of articles that are one text: exact, near or derived (a rewrite keeping "
                     "much of the other's wording), from shingle candidates checked sentence by sentence. "
                     "Writes `raw.article_duplicates`."),
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
    with duckdb.get_connection() as conn:
        tables = call_apart(
            cross_reference,
            conn.sql("select article_id, title, body, published_date from raw.articles").pl(),
            conn.sql("select article_id, entity_id, char_start, char_end from raw.entity_assignments").pl(),
            conn.sql("select * from raw.quotes").pl(),
            conn.sql("select * from raw.numeric_claims").pl(),
            storage.read_table(conn, "duplicate_checks"),
        )
        storage.replace_tables(conn, tables)
    duplicates, stories = tables["article_duplicates"], tables["story_members"]
    variants, comparisons = tables["quote_variant_members"], tables["claim_comparison_members"]
    story_sizes = stories.group_by("story_id").len()
    yield dg.MaterializeResult(asset_key="copied_articles", metadata=table_metadata(
        duplicates.sort("similarity", descending=True),
        by_kind=dg.MetadataValue.json(dict(duplicates.group_by("kind").len().sort("kind").iter_rows())),
    ))
    yield dg.MaterializeResult(asset_key="story_groups", metadata=table_metadata(
        stories.join(story_sizes, on="story_id").sort("len", "story_id", descending=True).drop("len"),
        stories=story_sizes.height,
        stories_of_several_articles=story_sizes.filter(pl.col("len") > 1).height,
    ))
    yield dg.MaterializeResult(asset_key="quote_variant_groups", metadata=table_metadata(
        variants, groups=variants.select("representative_article_id", "representative_char_start").n_unique(),
    ))
    yield dg.MaterializeResult(asset_key="claim_groups", metadata=table_metadata(
        comparisons, groups=comparisons.select("representative_article_id", "representative_char_start").n_unique(),
    ))
