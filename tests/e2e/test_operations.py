"""Issue 7: re-runs do only new work, runs are idempotent, survive each other and being killed."""
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEEDS, instance_at, pipeline_env, query, run_pipeline

PUBLIC_TABLES = ("articles", "removed_segments", "rejected_files", "source_files", "quotes", "entities",
                 "entity_mentions", "entity_aliases", "numeric_claims")


def snapshot(database: Path) -> dict[str, list[tuple]]:
    """Every public table, rows sorted: two equal snapshots are row-for-row identical tables."""
    return {t: sorted(query(database, f"select * from {t}"), key=repr) for t in PUBLIC_TABLES}


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """A warehouse built from two seed articles; each test works on a copy of it."""
    work = tmp_path_factory.mktemp("base")
    (work / "raw").mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(path, work / "raw" / path.name)
    result = run_pipeline(work / "raw", work / "w.duckdb", work / "home")
    assert result.returncode == 0, result.stdout + result.stderr
    return work


@pytest.fixture
def copy(base, tmp_path) -> Path:
    for name in ("raw", "home"):
        shutil.copytree(base / name, tmp_path / name, symlinks=True)
    shutil.copy(base / "w.duckdb", tmp_path / "w.duckdb")
    return tmp_path


def run(work: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pipeline(work / "raw", work / "w.duckdb", work / "home", *args)


def test_no_new_input_launches_no_run(copy):
    result = run(copy)
    assert result.returncode == 0, result.stderr
    assert "Nothing new" in result.stdout


def test_one_new_file_is_the_only_article_parsed(copy):
    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], copy / "raw" / "new.txt")
    result = run(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert ("1 new, 0 changed, 0 deleted files. spaCy parsed 1 articles (2 from the cache); "
            "1 cleaned (2 carried over)") in result.stdout
    assert query(copy / "w.duckdb", "select count(*) from articles") == [(3,)]


def test_dbt_target_folders_of_missing_warehouses_are_removed(copy):
    """Each warehouse file has a dbt target folder of its own (dbt then parses incrementally); a build removes the
    folders of files that are gone, such as the temporary warehouses of tests, instead of piling them up."""
    targets = REPO / "dbt_project" / "target"
    gone, unnoted = targets / "warehouse-gone00000000", targets / "warehouse-unnoted00000"
    for folder in (gone, unnoted):
        folder.mkdir(parents=True, exist_ok=True)  # left by an interrupted run of this test
    (gone / "warehouse_path.txt").write_text(str(copy / "deleted.duckdb"))
    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], copy / "raw" / "new.txt")
    result = run(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert not gone.exists() and not unnoted.exists()
    notes = [f.read_text() for f in targets.glob("warehouse-*/warehouse_path.txt")]
    assert str((copy / "w.duckdb").resolve()) in notes
    assert all(Path(note).exists() for note in notes)


def test_a_deleted_file_takes_its_article_and_everything_derived(copy):
    gone = sorted((copy / "raw").glob("*.txt"))[0]
    (article_id,) = query(copy / "w.duckdb", f"select article_id from articles where source_path = '{gone.name}'")[0]
    gone.unlink()
    result = run(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 new, 0 changed, 1 deleted files" in result.stdout
    for table in ("articles", "quotes", "entity_mentions", "numeric_claims", "removed_segments"):
        assert query(copy / "w.duckdb", f"select count(*) from {table} where article_id = '{article_id}'") == [(0,)]


def test_running_twice_gives_identical_tables(copy, base):
    result = run(copy, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert snapshot(copy / "w.duckdb") == snapshot(base / "w.duckdb")


def test_two_runs_at_once_both_succeed(copy):
    env = pipeline_env(copy / "raw", copy / "w.duckdb", copy / "home")
    runs = [subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run", "--force", "--quiet"], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [r.communicate(timeout=600) for r in runs]
    for r, (out, err) in zip(runs, outputs):
        assert r.returncode == 0, out + err
        assert "Could not set lock" not in out + err
    assert query(copy / "w.duckdb", "select count(*) from articles") == [(2,)]


def test_a_killed_run_leaves_every_table_whole(copy, base):
    """Killed at some point of its work, a run leaves each table either as it was or as the finished run makes it."""
    shutil.copy(sorted(SEEDS.glob("*.txt"))[2], copy / "raw" / "new.txt")
    env = pipeline_env(copy / "raw", copy / "w.duckdb", copy / "home")
    victim = subprocess.Popen([sys.executable, "-m", "pipelines.cli", "run"], cwd=REPO, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    time.sleep(float(os.environ.get("NEWS_TEST_KILL_AFTER", "12")))
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()
    after_kill = snapshot(copy / "w.duckdb")

    result = run(copy)  # the build state was not updated, so this run redoes the work
    assert result.returncode == 0, result.stdout + result.stderr
    finished, before = snapshot(copy / "w.duckdb"), snapshot(base / "w.duckdb")
    for table in PUBLIC_TABLES:
        assert after_kill[table] in (before[table], finished[table]), table
    assert query(copy / "w.duckdb", "select count(*) from articles") == [(3,)]


def test_a_failing_dbt_test_fails_the_run_and_shows_the_checks_it_ran(copy):
    """A quote whose offsets miss its text fails the singular dbt test: the run fails and keeps the build state
    (the next run builds again), and the UI has the results of the checks dbt ran, the failed one among them
    (they are passed on as dbt runs them, not after the build)."""
    database = copy / "w.duckdb"
    conn = duckdb.connect(str(database))
    try:
        (state,), = conn.execute("select fingerprint from raw.build_state").fetchall()
        conn.execute("update raw.quotes set char_start = char_start + 1 where char_start = (select min(char_start) "
                     "from raw.quotes)")
    finally:
        conn.close()
    result = run(copy, "--force")
    assert result.returncode == 1
    assert "news_dbt_models failed" in result.stderr
    assert query(database, "select fingerprint from raw.build_state") == [(state,)]
    with instance_at(copy / "home") as instance:
        (latest,) = instance.get_runs(limit=1)
        checks = [e.dagster_event.event_specific_data for e in instance.all_logs(latest.run_id)
                  if e.dagster_event and e.dagster_event.event_type_value == "ASSET_CHECK_EVALUATION"]
    failed = {(c.asset_key.to_user_string(), c.check_name) for c in checks if not c.passed}
    assert failed == {("quotes", "assert_quote_offsets_point_at_their_text")}
    # dbt skips what depends on the failed quotes; the checks it ran on the rest passed and were recorded
    assert {"articles", "entities", "numeric_claims"} <= {c.asset_key.to_user_string() for c in checks if c.passed}
