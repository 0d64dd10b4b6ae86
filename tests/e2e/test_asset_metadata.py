"""What the assets tell the Dagster UI agrees with the tables they wrote (the corpus-wide assets read their
figures back from the warehouse after their child process has written it)."""

import pytest

from tests.conftest import instance_at, query


@pytest.fixture(scope="module")
def metadata(samples_warehouse):
    """Asset key (as a string) -> the metadata of its latest materialisation, from the samples run's instance."""
    with instance_at(samples_warehouse.parent / "dagster_home") as instance:
        keys = instance.get_asset_keys()
        found = {}
        for key in keys:
            event = instance.get_latest_materialization_event(key)
            found[key.to_user_string()] = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    return found


def count(database, sql: str) -> int:
    return query(database, sql)[0][0]


@pytest.mark.parametrize("asset, table", [
    ("cleaned_articles", "raw.articles"), ("removed_paragraphs", "raw.removed_segments"),
    ("cleaning_rejections", "raw.cleaning_rejections"), ("joined_mentions", "raw.entity_assignments"),
    ("joined_entities", "raw.entities"), ("copied_articles", "raw.article_duplicates"),
    ("story_groups", "raw.story_members"), ("quote_variant_groups", "raw.quote_variant_members"),
    ("claim_groups", "raw.claim_comparison_members"), ("quotes", "main.quotes"), ("entities", "main.entities"),
])
def test_row_counts_are_the_tables(metadata, samples_warehouse, asset, table):
    assert metadata[asset]["dagster/row_count"] == count(samples_warehouse, f"select count(*) from {table}")
    assert metadata[asset]["preview"].startswith("|") or metadata[asset]["dagster/row_count"] == 0


def test_figures_are_the_tables(metadata, samples_warehouse):
    db = samples_warehouse
    assert metadata["cleaned_articles"]["words"] == count(db, "select sum(word_count) from raw.articles") > 0
    assert metadata["cleaned_articles"]["articles_dropped"] == 0
    assert metadata["removed_paragraphs"]["by_reason"] == dict(
        query(db, "select reason, count(*) from raw.removed_segments group by reason"))
    joins = metadata["alias_decisions"]["joins_by_method"]
    assert joins == dict(query(db, "select method, count(*) from raw.entity_aliases where method != 'exact' "
                                   "group by method"))
    assert sum(joins.values()) == metadata["alias_decisions"]["dagster/row_count"] > 0
    assert metadata["copied_articles"]["by_kind"] == dict(
        query(db, "select kind, count(*) from raw.article_duplicates group by kind"))
    assert metadata["story_groups"]["stories"] == count(db, "select count(distinct story_id) from raw.story_members")
    assert 0 < metadata["story_groups"]["stories_of_several_articles"] < metadata["story_groups"]["stories"]
    assert metadata["quote_variant_groups"]["groups"] == count(
        db, "select count(distinct (representative_article_id, representative_char_start)) "
            "from raw.quote_variant_members")
