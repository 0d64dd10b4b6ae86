"""The cross-article tables from one corpus: copies (from the cleaned articles alone, so they can be found while
entities are joined), then what needs the joined entities too."""
from dataclasses import dataclass

import polars as pl

from pipelines.crossref.claims import claim_topics, compare_claims
from pipelines.crossref.duplicates import PairChecks, find_duplicates
from pipelines.crossref.quote_variants import group_quote_variants
from pipelines.crossref.stories import cluster_stories, word_counts


def find_copies(articles: pl.DataFrame, earlier_checks: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """The `raw` tables by name: copies, and the copy checks to carry to the next run."""
    checks = PairChecks(earlier_checks)
    duplicates = find_duplicates(articles, checks)
    return {"article_duplicates": duplicates, "duplicate_checks": checks.frame()}


@dataclass(frozen=True)
class Prepared:
    """The inputs of the cross-reference that need no entities, and what is computed from them alone: prepared
    while entities are joined (corpus_steps.py)."""
    articles: pl.DataFrame
    quotes: pl.DataFrame
    claims: pl.DataFrame
    words: pl.DataFrame  # stories.word_counts of the articles
    topics: dict  # claims.claim_topics of the claims


def prepare(articles: pl.DataFrame, quotes: pl.DataFrame, claims: pl.DataFrame) -> Prepared:
    return Prepared(articles, quotes, claims, word_counts(articles), claim_topics(claims))


def cross_reference(prepared: Prepared, mentions: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The `raw` tables by name: stories, quote variants and claim comparisons."""
    stories = cluster_stories(prepared.articles, mentions, prepared.words)
    return {
        "story_members": stories,
        "quote_variant_members": group_quote_variants(prepared.quotes, mentions, stories),
        "claim_comparison_members": compare_claims(prepared.claims, stories, prepared.topics),
    }
