"""The event log storage dagster.yaml names: one engine per database file, kept (at most KEPT_ENGINES of them) with
its connection; batches in one transaction per file."""
import logging
import os
import time
from unittest import mock

import dagster as dg
import pytest
import sqlalchemy
from dagster._core.events.log import EventLogEntry
from sqlalchemy import Engine, text

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


def test_each_file_keeps_one_connection_whose_commits_do_not_flush(tmp_path):
    storage = event_log.SqliteEventLogStorageKeepingEngines(str(tmp_path))
    seen = []
    for _ in range(2):
        with storage._connect("a") as conn:
            seen.append(conn.connection.dbapi_connection)
            assert conn.execute(text("pragma synchronous")).scalar() == 1  # NORMAL
            assert conn.execute(text("pragma journal_mode")).scalar() == "wal"  # as Dagster made the file
    assert seen[0] is seen[1]


def test_a_wipe_lets_go_of_the_files_it_removes(tmp_path):
    storage = event_log.SqliteEventLogStorageKeepingEngines(str(tmp_path))
    storage.store_event(_entry("r1", "one"))
    storage.wipe()
    assert storage.get_logs_for_run("r1") == []
    storage.store_event(_entry("r1", "two"))
    assert [e.user_message for e in storage.get_logs_for_run("r1")] == ["two"]


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


@dg.asset_check(asset="a")
def _check() -> dg.AssetCheckResult:
    return dg.AssetCheckResult(passed=True)


def _entry(run_id: str, message: str) -> EventLogEntry:
    return EventLogEntry(error_info=None, level=logging.INFO, user_message=message, run_id=run_id,
                         timestamp=time.time(), step_key=None, job_name=None, dagster_event=None)


def test_a_batch_is_stored_whole_or_not_at_all(tmp_path):
    storage = event_log.SqliteEventLogStorageKeepingEngines(str(tmp_path))
    storage.store_event_batch([_entry("r1", "one"), _entry("r1", "two")])
    assert [e.user_message for e in storage.get_logs_for_run("r1")] == ["one", "two"]
    prepare = storage.prepare_insert_event
    with mock.patch.object(storage, "prepare_insert_event",
                           side_effect=[prepare(_entry("r2", "three")), RuntimeError("disk full")]):
        with pytest.raises(RuntimeError, match="disk full"):
            storage.store_event_batch([_entry("r2", "three"), _entry("r2", "four")])
    assert storage.get_logs_for_run("r2") == []
    storage.store_event(_entry("r2", "five"))  # the storage works on after a failed batch
    assert [e.user_message for e in storage.get_logs_for_run("r2")] == ["five"]


def test_a_runs_planned_events_take_one_transaction_per_file(tmp_path):
    """With DAGSTER_EVENT_BATCH_SIZE (the Makefile sets it), as without it, and in far fewer transactions."""
    begun = []
    stored = {}
    listener = lambda conn: begun.append(1)
    sqlalchemy.event.listen(Engine, "begin", listener)
    try:
        for size in ("0", "1000"):
            begun.clear()
            (tmp_path / size).mkdir()
            (tmp_path / size / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
            with (instance_at(tmp_path / size) as instance,
                  mock.patch.dict(os.environ, {"DAGSTER_EVENT_BATCH_SIZE": size})):
                result = dg.materialize([_asset, _check], instance=instance)
                assert result.success
                stored[size] = (len(begun), [(e.event_type_value, e.step_key) for e in result.all_events])
                planned = instance.get_records_for_run(result.run_id, of_type={
                    dg.DagsterEventType.ASSET_MATERIALIZATION_PLANNED,
                    dg.DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED}).records
                assert len(planned) == 2
    finally:
        sqlalchemy.event.remove(Engine, "begin", listener)
    assert stored["1000"][1] == stored["0"][1]
    assert stored["1000"][0] < stored["0"][0]
