"""Clean: the head parsed (date, headline, outlet, byline, dateline) and boilerplate taken out, with polars."""
import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import storage
from pipelines.assets.metadata import table_metadata
from pipelines.apart import call_apart
from pipelines.text.articles import clean


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
        files = conn.sql(
            # the same text under several paths is one article, named by its first path
            "select article_id, min(source_path) as source_path, arg_min(text, source_path) as text from raw.files "
            "where status = 'article' group by article_id order by article_id"
        ).pl()
        before = storage.read_table(conn, "articles")
        result = call_apart(clean, files)
        storage.replace_tables(conn, {
            "articles": result.articles,
            "removed_segments": result.removed,
            "cleaning_rejections": result.rejected,
        })
    reasons = result.removed.group_by("reason").len().sort("len", descending=True)
    yield dg.MaterializeResult(asset_key="cleaned_articles", metadata=table_metadata(
        result.articles.select("article_id", "source_path", "title", "outlet", "published_date", "word_count"),
        words=int(result.articles["word_count"].sum() or 0),
        # articles whose files were deleted or changed: their quotes, mentions and claims go with them
        articles_dropped=0 if before is None else before.join(result.articles, on="article_id", how="anti").height,
    ))
    yield dg.MaterializeResult(asset_key="removed_paragraphs", metadata=table_metadata(
        result.removed.select("article_id", "reason", "text"),
        by_reason=dg.MetadataValue.json(dict(reasons.iter_rows())),
    ))
    yield dg.MaterializeResult(asset_key="cleaning_rejections", metadata=table_metadata(result.rejected))
