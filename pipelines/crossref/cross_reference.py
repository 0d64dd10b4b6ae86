"""All the cross-article tables from one corpus, in one call (what the cross_reference_articles asset runs)."""
import polars as pl

from pipelines.crossref.claims import compare_claims
from pipelines.crossref.duplicates import PairChecks, find_duplicates
from pipelines.crossref.quote_variants import group_quote_variants
from pipelines.crossref.stories import cluster_stories


def cross_reference(articles: pl.DataFrame, mentions: pl.DataFrame, quotes: pl.DataFrame, claims: pl.DataFrame,
                    earlier_checks: pl.DataFrame | None) -> dict[str, pl.DataFrame]:
    """The `raw` tables by name: copies, the copy checks to carry to the next run, stories, quote variants and
    claim comparisons."""
    checks = PairChecks(earlier_checks)
    duplicates = find_duplicates(articles, checks)
    stories = cluster_stories(articles, mentions)
    return {
        "article_duplicates": duplicates,
        "duplicate_checks": checks.frame(),
        "story_members": stories,
        "quote_variant_members": group_quote_variants(quotes, mentions, stories),
        "claim_comparison_members": compare_claims(claims, stories),
    }
