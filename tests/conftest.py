"""Shared fixtures: the dbt manifest (built once, explicitly), and real pipeline runs into temporary warehouses."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import dagster as dg
import duckdb
import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seeds.json"
SCORE = SHARED / "score.py"
BIN = Path(sys.executable).parent


def pipeline_env(raw_dir: Path, database: Path, dagster_home: Path) -> dict[str, str]:
    dagster_home.mkdir(parents=True, exist_ok=True)
    (dagster_home / "dagster.yaml").write_text((REPO / "dagster.yaml").read_text())
    return {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", "NEWS_RAW_DIR": str(raw_dir),
            "NEWS_DUCKDB_PATH": str(database), "DAGSTER_HOME": str(dagster_home)}


def run_pipeline(raw_dir: Path, database: Path, dagster_home: Path, *args: str) -> subprocess.CompletedProcess:
    """`make run` for a given input folder and warehouse: the real CLI, Dagster run, spaCy and dbt build."""
    return subprocess.run([sys.executable, "-m", "pipelines.cli", "run", *args], cwd=REPO, capture_output=True,
                          text=True, env=pipeline_env(raw_dir, database, dagster_home), timeout=600)


@contextlib.contextmanager
def instance_at(home: Path):
    """The Dagster instance of a DAGSTER_HOME folder as the pipeline's runs used it (dagster.yaml names the
    folder by that variable)."""
    with mock.patch.dict(os.environ, {"DAGSTER_HOME": str(home)}), dg.DagsterInstance.get() as instance:
        yield instance


def query(database: Path, sql: str) -> list[tuple]:
    conn = duckdb.connect(str(database), read_only=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="session", autouse=True)
def dbt_manifest() -> Path:
    """The manifest the code location loads, built as `make` builds it."""
    subprocess.run([str(BIN / "dagster-dbt"), "project", "prepare-and-package", "--file", "pipelines/dbt_project.py"],
                   cwd=REPO, check=True, capture_output=True, env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"})
    return REPO / "dbt_project" / "target" / "manifest.json"


@pytest.fixture(scope="session")
def seeds_warehouse(tmp_path_factory) -> Path:
    """The five seed articles through the whole pipeline, once per session."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside the repository")
    work = tmp_path_factory.mktemp("seeds")
    database = work / "seeds.duckdb"
    result = run_pipeline(SEEDS, database, work / "dagster_home")
    assert result.returncode == 0, result.stdout + result.stderr
    return database


@pytest.fixture(scope="session")
def seed_scores(seeds_warehouse) -> dict[str, float]:
    return scores(seeds_warehouse, GOLD)


def scores(database: Path, gold: Path) -> dict[str, float]:
    """../shared/score.py's measures of a built warehouse against a gold file."""
    import json
    result = subprocess.run([sys.executable, str(SCORE), "--db", str(database), "--gold", str(gold), "--json"],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])
