"""Clean: the head parsed (date, headline, outlet, byline, dateline) and boilerplate taken out, with polars."""
import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps, storage
from pipelines.apart import call_apart
from pipelines.assets.metadata import relation_metadata


@dg.multi_asset(
    name="clean_articles",
    group_name="clean",
    pool="duckdb",
    specs=[
        dg.AssetSpec("cleaned_articles", deps=["raw_files"], kinds={"polars", "duckdb"},
                     description="One row per distinct article: metadata from its head and the body without "
                     "boilerplate. Writes `raw.articles`."),
        dg.AssetSpec("removed_paragraphs", deps=["raw_files"], kinds={"polars", "duckdb"},
                     description="Every paragraph taken out of a body, with its reason. Writes `raw.removed_segments`."),
        dg.AssetSpec("cleaning_rejections", deps=["raw_files"], kinds={"polars", "duckdb"},
                     description="Articles with nothing left after cleaning. Writes `raw.cleaning_rejections`."),
    ],
)
def clean_articles(duckdb: DuckDBResource):
    with duckdb.get_connection() as conn:
        before = storage.read_table(conn, "articles", columns="article_id")
    # an article is cleaned again when its text, its furniture marks or the cleaning code changed
    counts = call_apart(corpus_steps.clean_articles, duckdb.database)
    with duckdb.get_connection() as conn:
        words = conn.sql("select coalesce(sum(word_count), 0) from raw.articles").fetchall()[0][0]
        after = conn.sql("select article_id from raw.articles").pl()
        yield dg.MaterializeResult(asset_key="cleaned_articles", metadata=relation_metadata(
            conn.sql("select article_id, source_path, title, outlet, published_date, word_count from raw.articles "
                     "order by article_id"),
            words=int(words),
            **counts,
            # articles whose files were deleted or changed: their quotes, mentions and claims go with them
            articles_dropped=0 if before is None else before.join(after, on="article_id", how="anti").height,
        ))
        reasons = conn.sql("select reason, count(*) from raw.removed_segments group by reason order by 2 desc, 1")
        yield dg.MaterializeResult(asset_key="removed_paragraphs", metadata=relation_metadata(
            conn.sql("select article_id, reason, text from raw.removed_segments order by article_id, paragraph_index"),
            by_reason=dg.MetadataValue.json(dict(reasons.fetchall())),
        ))
        yield dg.MaterializeResult(asset_key="cleaning_rejections", metadata=relation_metadata(
            conn.sql("select * from raw.cleaning_rejections order by article_id")))
