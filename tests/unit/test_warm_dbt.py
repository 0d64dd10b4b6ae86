"""The dbt started ahead (warm_dbt.py), through its real client `news-dbt` and real dbt commands on the project."""
import os
import subprocess
import time
from pathlib import Path

import pytest

from pipelines.resources import WARM_DBT_CLIENT
from pipelines.settings import DBT_PROJECT_DIR
from pipelines.warm_dbt import WarmDbt
from tests.conftest import BIN

PARSED_AGAIN = "news-dbt: the project parsed ahead is not this command's"


@pytest.fixture
def folders(tmp_path) -> dict[str, str]:
    """As dagster-dbt gives them to a command, with a target folder of the test's own."""
    return {"DBT_PROJECT_DIR": str(DBT_PROJECT_DIR), "DBT_PROFILES_DIR": str(DBT_PROJECT_DIR),
            "DBT_TARGET_PATH": str(tmp_path / "target")}


def news_dbt(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """The client as dagster-dbt starts it: a child of this process (which owns the process started ahead)."""
    return subprocess.run([WARM_DBT_CLIENT, *args], cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True,
                          timeout=120)


def test_the_command_runs_in_the_process_started_ahead_on_its_parsed_project(folders):
    warm = WarmDbt(str(DBT_PROJECT_DIR), folders)
    try:
        listed = news_dbt("ls", "--resource-type", "model", "--output", "name", env={**os.environ, **folders,
                                                                                     "DAGSTER_DBT_CLI": "true"})
        warm.process.wait(timeout=30)  # it took the command, and exited after it
    finally:
        warm.close()
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "articles" in listed.stdout.split()
    assert PARSED_AGAIN not in listed.stderr
    assert warm.process.returncode == 0
    assert not warm.address.exists()


def test_a_command_in_another_environment_has_its_project_parsed_again(folders, tmp_path):
    warm = WarmDbt(str(DBT_PROJECT_DIR), folders)
    try:
        listed = news_dbt("ls", "--resource-type", "model", "--output", "name",
                          env={**os.environ, **folders, "NEWS_DUCKDB_PATH": str(tmp_path / "other.duckdb")})
    finally:
        warm.close()
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "articles" in listed.stdout.split()
    assert f"{PARSED_AGAIN} (environment NEWS_DUCKDB_PATH)" in listed.stderr


def test_a_failing_command_exits_with_dbts_own_code(folders):
    command = ("run-operation", "no_such_macro")
    env = {**os.environ, **folders}
    itself = subprocess.run([BIN / "dbt", *command], cwd=DBT_PROJECT_DIR, env=env, capture_output=True, text=True)
    warm = WarmDbt(str(DBT_PROJECT_DIR), folders)
    try:
        failed = news_dbt(*command, env=env)
    finally:
        warm.close()
    assert itself.returncode != 0
    assert failed.returncode == itself.returncode
    assert "no_such_macro" in failed.stdout + failed.stderr


def test_without_a_process_started_ahead_the_client_runs_dbt_itself(folders):
    listed = news_dbt("ls", "--resource-type", "model", "--output", "name", env={**os.environ, **folders})
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "articles" in listed.stdout.split()


def test_a_process_never_used_exits_when_its_owner_lets_go(folders):
    warm = WarmDbt(str(DBT_PROJECT_DIR), folders)
    warm.close()
    assert warm.process.returncode is not None
    assert not warm.address.exists()
    # a command after it runs dbt itself
    assert news_dbt("--version", env={**os.environ, **folders}).returncode == 0


def test_the_client_is_the_installed_console_script():
    assert Path(WARM_DBT_CLIENT).is_file() and os.access(WARM_DBT_CLIENT, os.X_OK)


def test_a_client_that_goes_stops_its_command(folders, tmp_path):
    """dagster-dbt interrupts or kills dbt's process when a run is cancelled: here that is the client, and the
    command it handed over must stop with it, not run on."""
    other = tmp_path / "other_target"  # where the command, a whole parse of some seconds, writes its manifest
    warm = WarmDbt(str(DBT_PROJECT_DIR), folders)
    try:
        client = subprocess.Popen([WARM_DBT_CLIENT, "parse", "--no-partial-parse"], cwd=DBT_PROJECT_DIR,
                                  env={**os.environ, **folders, "DBT_TARGET_PATH": str(other)},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while warm.address.exists():  # removed once the process has taken the command
            time.sleep(0.05)
        time.sleep(0.3)
        client.kill()
        client.wait()
        warm.process.wait(timeout=30)
    finally:
        warm.close()
    assert not (other / "manifest.json").exists()
