"""Entity joining between full resolutions, through the real assets: a sample article that arrives after the
others is placed among the earlier entities, and dbt's tests pass on the tables that makes."""
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines import corpus_steps, storage
from pipelines.assets import crossref
from pipelines.dbt_project import news_dbt_project
from pipelines.resources import WARM_DBT_CLIENT, DbtCli
from pipelines.text.entity_updates import join_entities
from tests.conftest import query



def entities(database: Path) -> set[frozenset]:
    """Each entity as the set of its mentions (article, offset): comparable across runs whatever its name."""
    return {frozenset(zip(articles, starts)) for _, articles, starts in query(
        database, "select entity_id, list(article_id), list(char_start) from entity_mentions group by 1")}


def test_a_late_article_is_placed_among_the_earlier_entities(samples_warehouse, tmp_path, monkeypatch):
    database = tmp_path / "copy.duckdb"
    shutil.copy(samples_warehouse, database)
    # the warehouse as if its last resolution had not seen the article with the most mentions
    with duckdb.connect(str(database)) as conn:
        mentions = conn.sql("select * from raw.entity_mentions").pl()
        (late,), = conn.sql("select article_id from raw.entity_mentions group by 1 order by count(*) desc, 1 limit 1"
                            ).fetchall()
        earlier = join_entities(mentions.filter(pl.col("article_id") != late), None)
        storage.replace_tables(conn, {table: getattr(earlier, field)
                                      for field, table in corpus_steps.RESOLUTION_TABLES.items()})
    monkeypatch.setenv("NEWS_DUCKDB_PATH", str(database))  # dbt's profile
    from pipelines.assets import warehouse  # reads the dbt manifest, which the session's first fixture makes
    with dg.DagsterInstance.ephemeral() as instance:
        result = dg.materialize(
            [crossref.cross_reference, warehouse.news_dbt_models], instance=instance,
            resources={"duckdb": DuckDBResource(database=str(database)),
                       "dbt": DbtCli(project_dir=news_dbt_project,
                                     dbt_executable=WARM_DBT_CLIENT)},
            run_config={"ops": {"cross_reference": {"config": {"incremental_share": 1.0}}}})
        assert result.success  # dbt's tests among it
    joined = next(e.materialization.metadata for e in result.get_asset_materialization_events()
                  if e.asset_key.to_user_string() == "joined_mentions")
    assert joined["resolution"].value == "incremental"
    assert query(database, "select resolved_articles, added_articles from raw.entity_resolution") == [
        (earlier.state["resolved_articles"].item(), 1)]
    # on the samples, the late article's mentions join the entities a full resolution joins them to (the names
    # may differ: an earlier entity keeps its canonical name until the next full resolution)
    assert entities(database) == entities(samples_warehouse)
