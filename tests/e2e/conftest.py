"""A session-wide warehouse built from the repository's own sample articles (raw/), beside the seeds one."""
from pathlib import Path

import pytest

from tests.conftest import REPO, run_pipeline


@pytest.fixture(scope="session")
def samples_warehouse(tmp_path_factory) -> Path:
    """The invented sample articles in raw/ through the whole pipeline, once per session."""
    work = tmp_path_factory.mktemp("samples")
    database = work / "samples.duckdb"
    result = run_pipeline(REPO / "raw", database, work / "dagster_home")
    assert result.returncode == 0, result.stdout + result.stderr
    return database
