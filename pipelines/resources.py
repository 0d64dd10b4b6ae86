"""Dagster resources: the warehouse file (shared with dbt's profile), the input folder and the spaCy pipeline."""
import importlib.metadata
import os
import sys
from functools import cached_property
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version
from pydantic import PrivateAttr
from spacy.language import Language

from pipelines.dbt_target import target_path
from pipelines.text.nlp import load_pipeline
from pipelines.warm_dbt import WarmDbt

# the venv's own (found without PATH: `dagster dev` started outside make still loads the code location)
WARM_DBT_CLIENT = str(Path(sys.executable).parent / "news-dbt")


class InputFolder(dg.ConfigurableResource):
    """The folder of `*.txt` articles (NEWS_RAW_DIR)."""

    path: str


class SpacyPipeline(dg.ConfigurableResource):
    """An installed spaCy pipeline (NEWS_SPACY_MODEL), loaded once per process."""

    model: str

    def load(self) -> Language:
        return load_pipeline(self.model)


class DbtCli(DbtCliResource):
    """dagster-dbt's resource, minus two costs it adds to every command: `dbt --version` (2 to 4 s here: the dbt
    it runs is the venv's own dbt-core, pipelines/definitions.py, whose version the package metadata gives at
    once), and a dbt adapter made in Dagster's process (2 s: the project and profile loaded again), which only
    `fetch_row_counts` and `fetch_column_metadata` use; the warehouse asset reads its row counts itself.

    And a cost every run paid: with WARM_DBT_CLIENT as its executable, dbt is started and the project parsed when
    a run that builds the warehouse begins, so that the warehouse step finds it ready (warm_dbt.py)."""

    _warm: WarmDbt | None = PrivateAttr(default=None)

    @cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args) -> None:
        return None

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        super().setup_for_execution(context)
        warehouse = os.environ.get("NEWS_DUCKDB_PATH")  # the file dbt's profile names (settings.py)
        if self.dbt_executable == WARM_DBT_CLIENT and warehouse:
            # as dagster-dbt gives them to the command, with the target folder the warehouse asset names
            folders = {"DBT_PROJECT_DIR": self.project_dir, "DBT_TARGET_PATH": str(target_path(warehouse)),
                       **({"DBT_PROFILES_DIR": self.profiles_dir} if self.profiles_dir else {})}
            self._warm = WarmDbt(self.project_dir, folders)

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._warm is not None:
            self._warm.close()
            self._warm = None
