"""Decoded files -> articles (head parsed, boilerplate out) + the audit of removed paragraphs + rejections."""
from dataclasses import dataclass

import polars as pl

from pipelines.text import boilerplate
from pipelines.text.head import parse_head
from pipelines.text.paragraphs import split_date_prefix, split_paragraphs

PARAGRAPH_SEPARATOR = "\n\n"

ARTICLE_SCHEMA = {
    "article_id": pl.String, "source_path": pl.String, "title": pl.String, "outlet": pl.String,
    "byline": pl.String, "dateline": pl.String, "published_date": pl.Date, "body": pl.String,
    "word_count": pl.Int32, "paragraph_count": pl.Int32, "removed_count": pl.Int32,
}
REMOVED_SCHEMA = {"article_id": pl.String, "paragraph_index": pl.Int32, "text": pl.String, "reason": pl.String}
REJECTED_SCHEMA = {"article_id": pl.String, "reason": pl.String}


@dataclass(frozen=True)
class Cleaned:
    articles: pl.DataFrame
    removed: pl.DataFrame
    rejected: pl.DataFrame  # articles with nothing left to keep, by article_id


def _heads(files: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per article: its metadata, and its paragraphs after the headline with their index in the file."""
    heads, paragraphs = [], []
    for article_id, text in files.select("article_id", "text").iter_rows():
        date, rest = split_date_prefix(text)
        paras = split_paragraphs(rest)
        head, skip = parse_head(paras)
        heads.append({"article_id": article_id, "title": head.title, "outlet": head.outlet, "byline": head.byline,
                      "dateline": head.dateline, "published_date": date})
        paragraphs.extend({"article_id": article_id, "paragraph_index": i, "text": p}
                          for i, p in enumerate(paras) if i >= skip)
    return (
        pl.DataFrame(heads, schema={k: ARTICLE_SCHEMA[k] for k in
                                    ("article_id", "title", "outlet", "byline", "dateline", "published_date")}),
        pl.DataFrame(paragraphs, schema={"article_id": pl.String, "paragraph_index": pl.Int32, "text": pl.String}),
    )


def clean(files: pl.DataFrame) -> Cleaned:
    """`files`: one row per distinct article (`article_id`, `source_path`, `text`)."""
    heads, paragraphs = _heads(files)
    classified = boilerplate.classify(paragraphs)
    kept = classified.filter(pl.col("reason").is_null())
    removed = classified.filter(pl.col("reason").is_not_null()).select(REMOVED_SCHEMA.keys())
    bodies = kept.group_by("article_id").agg(
        body=pl.col("text").sort_by("paragraph_index").str.join(PARAGRAPH_SEPARATOR),
        paragraph_count=pl.len().cast(pl.Int32),
    )
    removed_counts = removed.group_by("article_id").agg(
        removed_count=pl.len().cast(pl.Int32),
        removed_reasons=pl.col("reason").unique().sort().str.join(", "),
    )
    articles = (
        files.select("article_id", "source_path")
        .join(heads, on="article_id")
        .join(bodies, on="article_id", how="left")
        .join(removed_counts, on="article_id", how="left")
        .with_columns(
            word_count=pl.col("body").str.count_matches(r"\S+").fill_null(0).cast(pl.Int32),
            paragraph_count=pl.col("paragraph_count").fill_null(0),
            removed_count=pl.col("removed_count").fill_null(0),
        )
    )
    empty = articles.filter(pl.col("body").is_null())
    rejected = empty.select(
        "article_id",
        reason=pl.when(pl.col("removed_count") > 0)
        .then(pl.format("no article text: all {} paragraphs look like page furniture ({})",
                        pl.col("removed_count"), pl.col("removed_reasons")))
        .otherwise(pl.lit("no article text: only a headline, no body paragraphs")),
    )
    return Cleaned(
        articles=articles.filter(pl.col("body").is_not_null()).select(ARTICLE_SCHEMA.keys()).sort("article_id"),
        removed=removed.filter(~pl.col("article_id").is_in(empty["article_id"].implode()))
        .sort("article_id", "paragraph_index"),
        rejected=rejected.sort("article_id"),
    )
