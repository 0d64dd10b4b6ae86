"""The cross-article tables from one corpus: copies (from the cleaned articles alone, so they can be found while
entities are joined), then what needs the joined entities too."""
import polars as pl

from pipelines.crossref.claims import compare_claims
from pipelines.crossref.duplicates import PairChecks, find_duplicates
from pipelines.crossref.quote_variants import group_quote_variants
from pipelines.crossref.stories import cluster_stories


def find_copies(articles: pl.DataFrame, earlier_checks: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """The `raw` tables by name: copies, and the copy checks to carry to the next run."""
    checks = PairChecks(earlier_checks)
    duplicates = find_duplicates(articles, checks)
    return {"article_duplicates": duplicates, "duplicate_checks": checks.frame()}


def cross_reference(articles: pl.DataFrame, mentions: pl.DataFrame, quotes: pl.DataFrame,
                    claims: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """The `raw` tables by name: stories, quote variants and claim comparisons."""
    stories = cluster_stories(articles, mentions)
    return {
        "story_members": stories,
        "quote_variant_members": group_quote_variants(quotes, mentions, stories),
        "claim_comparison_members": compare_claims(claims, stories),
    }
