"""The event log storage dagster.yaml names: one engine per database file, kept, at most KEPT_ENGINES of them."""
import dagster as dg
from sqlalchemy import text

from pipelines import event_log
from tests.conftest import REPO, instance_at


def test_one_engine_per_file_and_a_bounded_number_of_them(tmp_path):
    storage = event_log.SqliteEventLogStorageKeepingEngines(str(tmp_path))
    assert storage._base_dir == str(tmp_path / "history" / "runs")
    for run in ["index", "a", "index"]:
        with storage._connect(run) as conn:
            conn.execute(text("select 1"))
    assert list(storage._engines) == ["a", "index"]  # the last used at the end
    first = storage._engines["index"]
    for run in range(event_log.KEPT_ENGINES + 4):
        with storage._connect(f"run{run}") as conn:
            conn.execute(text("select 1"))
    assert len(storage._engines) == event_log.KEPT_ENGINES and "index" not in storage._engines
    with storage._connect("index"):
        assert storage._engines["index"] is not first


def test_the_instance_of_dagster_yaml_uses_it(tmp_path):
    (tmp_path / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    with instance_at(tmp_path) as instance:
        assert isinstance(instance.event_log_storage, event_log.SqliteEventLogStorageKeepingEngines)
        result = dg.materialize([_asset], instance=instance)
        assert result.success
        assert instance.get_latest_materialization_event(dg.AssetKey("a")) is not None
    assert (tmp_path / "history" / "runs" / f"{result.run_id}.db").exists()


@dg.asset(name="a")
def _asset() -> None:
    return None
