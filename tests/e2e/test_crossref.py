"""Issue 6 through the real pipeline: copies, stories, quote variants and claim comparisons on the seed articles,
and no false copies among the sample articles (raw/, whose gold lists the copies it holds)."""
import json
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps
from pipelines.assets import crossref
from pipelines.text.names import spelling_key
from tests.conftest import REPO, query

SAMPLES_GOLD = REPO / "tests" / "data" / "samples_gold.json"


def seed_ids(database: Path) -> dict[str, str]:
    """Seed file number ("000") -> article_id."""
    return {path[:3]: article for article, path in query(database, "select article_id, source_path from articles")}


def found_pairs(database: Path) -> dict[frozenset, tuple[str, float]]:
    return {frozenset((a, b)): (kind, similarity) for a, b, kind, similarity in query(
        database, "select article_id, other_article_id, kind, similarity from article_duplicates")}


def test_seed_copies(seeds_warehouse):
    ids = seed_ids(seeds_warehouse)
    pairs = found_pairs(seeds_warehouse)
    pair = lambda a, b: frozenset((ids[a], ids[b]))  # noqa: E731
    assert pairs.keys() == {pair("000", "001"), pair("000", "003"), pair("001", "003")}
    assert {kind for kind, _ in pairs.values()} == {"derived"}
    # the respun copy repeats more of the agency text than the tabloid rewrite does of either
    assert pairs[pair("000", "001")][1] > max(pairs[pair("000", "003")][1], pairs[pair("001", "003")][1])


def test_seed_stories(seeds_warehouse):
    ids = seed_ids(seeds_warehouse)
    story = dict(query(seeds_warehouse, "select article_id, story_id from story_clusters"))
    assert story[ids["000"]] == story[ids["001"]] == story[ids["003"]] == story[ids["004"]]
    assert story[ids["002"]] != story[ids["000"]]
    assert list(story.values()).count(story[ids["002"]]) == 1


@pytest.mark.parametrize("surname, files", [
    ("Honchar", ["000", "001", "003"]),  # a remark one outlet rewords, another joins with the next one
    ("Zelensky", ["001", "003"]),
    ("officials", ["001", "003"]),
])
def test_seed_quote_variants(seeds_warehouse, surname, files):
    ids = seed_ids(seeds_warehouse)
    rows = query(seeds_warehouse, "select article_id, speaker, variant_group_id from quote_variants")
    groups = [{g for a, speaker, g in rows if a == ids[f] and speaker
               and spelling_key(speaker.split()[-1]) == spelling_key(surname)} for f in files]
    assert set.intersection(*groups), groups


def test_seed_claim_comparisons(seeds_warehouse):
    ids = seed_ids(seeds_warehouse)
    comparison = {(article, value, unit): c for article, value, unit, c in query(
        seeds_warehouse, "select article_id, value, unit, comparison_id from claim_comparisons")}
    # one territory told as three figures in square miles by one outlet and in square kilometres by another
    territory = {comparison.get((ids["004"], 385.0, "mi2")), comparison.get((ids["004"], 270.0, "mi2")),
                 comparison.get((ids["003"], 6000.0, "km2"))}
    assert len(territory) == 1 and None not in territory
    # one advance in miles and in kilometres
    advance = {comparison.get((ids["004"], 30.0, "mi")), comparison.get((ids["004"], 50.0, "km"))}
    assert len(advance) == 1 and None not in advance
    spread = query(seeds_warehouse, f"select max(spread) from claim_comparisons where comparison_id = '{territory.pop()}'")
    assert spread[0][0] > 5  # 385 square miles against 6000 square kilometres


@pytest.fixture(scope="module")
def sample_ids(samples_warehouse) -> dict[str, str]:
    return {path: article for article, path in query(samples_warehouse, "select article_id, source_path from articles")}


def test_samples_copies_are_exactly_the_gold_ones(samples_warehouse, sample_ids):
    gold = json.loads(SAMPLES_GOLD.read_text())
    expected = {frozenset(sample_ids[f] for f in pair) for pair in gold["duplicates"]}
    found = found_pairs(samples_warehouse)
    assert found.keys() == expected
    assert not {frozenset(sample_ids[f] for f in pair) for pair in gold["not_duplicates"]} & found.keys()


def test_samples_stories(samples_warehouse, sample_ids):
    story = dict(query(samples_warehouse, "select article_id, story_id from story_clusters"))
    flood = {story[a] for path, a in sample_ids.items() if "flood" in path}
    assert len(flood) == 1  # three copies of a wire report and an independent local report of the same flood
    others = [story[a] for path, a in sample_ids.items() if "flood" not in path]
    assert len(set(others)) == len(others) and not flood & set(others)


def test_cross_reference_steps_one_after_the_other_write_the_same_tables(samples_warehouse, tmp_path, monkeypatch):
    """The samples run had the copy check beside entity joining and the cross-reference; a corpus past the memory
    limit has all three one after the other, and the tables must not tell the two apart."""
    database = tmp_path / "copy.duckdb"
    shutil.copy(samples_warehouse, database)
    monkeypatch.setattr(crossref, "SIDE_BY_SIDE_MAX_MENTIONS", 0)
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize([crossref.cross_reference], instance=instance,
                                resources={"duckdb": DuckDBResource(database=str(database))})
        assert result.success
        assert any("one after the other" in entry.user_message for entry in instance.all_logs(result.run_id))
    for table in ("entity_assignments", "entities", "entity_aliases", "article_duplicates", "duplicate_checks",
                  "story_members", "quote_variant_members", "claim_comparison_members"):
        rows = f"select * from raw.{table} order by all"
        assert query(database, rows) == query(samples_warehouse, rows), table


def copy_of(warehouse: Path, folder: Path, change: str) -> Path:
    """A copy of a warehouse file, changed by some SQL."""
    database = folder / "copy.duckdb"
    shutil.copy(warehouse, database)
    with duckdb.connect(str(database)) as conn:
        conn.execute(change)
    return database


def cross_reference_on(database: Path, **options) -> dg.ExecuteInProcessResult:
    with dg.DagsterInstance.ephemeral() as instance:
        return dg.materialize([crossref.cross_reference], instance=instance,
                              resources={"duckdb": DuckDBResource(database=str(database))}, **options)


def test_a_subset_of_the_cross_reference_runs_only_the_steps_that_write_it(samples_warehouse, tmp_path):
    database = copy_of(samples_warehouse, tmp_path,
                       "drop table raw.article_duplicates; delete from raw.entities; delete from raw.story_members")
    result = cross_reference_on(database, selection=["copied_articles"])
    assert result.success
    assert {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()} == {"copied_articles"}
    rows = "select * from raw.article_duplicates order by all"
    assert query(database, rows) == query(samples_warehouse, rows)
    # neither entity joining nor the cross-reference ran
    assert query(database, "select count(*) from raw.entities") == [(0,)]
    assert query(database, "select count(*) from raw.story_members") == [(0,)]


def test_the_cross_reference_waits_for_entity_joining_and_fails_with_it(samples_warehouse, tmp_path):
    database = tmp_path / "copy.duckdb"
    shutil.copy(samples_warehouse, database)
    told = tmp_path / "told"
    told.mkdir()
    with ThreadPoolExecutor(1) as thread:
        running = thread.submit(corpus_steps.cross_reference_articles, str(database), str(told))
        time.sleep(1)
        assert not running.done()  # joining is neither known to be an update nor over
        (told / corpus_steps.UPDATING).touch()
        time.sleep(1)
        assert not running.done()  # it has prepared, and waits for the joined entities
        corpus_steps.say_joined(told, succeeded=False)
        with pytest.raises(RuntimeError, match="entity joining failed"):
            running.result(timeout=60)


def test_a_failing_entity_joining_fails_the_cross_reference_with_its_own_error(samples_warehouse, tmp_path):
    database = copy_of(samples_warehouse, tmp_path, "alter table raw.entity_mentions rename column label to entity_label")
    result = cross_reference_on(database, raise_on_error=False)
    assert not result.success
    error = next(event.event_specific_data.error for event in result.all_events if event.is_step_failure)
    while error.cause:
        error = error.cause
    assert "label" in error.message and "entity joining failed" not in error.message
