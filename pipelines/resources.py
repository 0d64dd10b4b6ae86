"""Dagster resources: the warehouse file (shared with dbt's profile), the input folder and the spaCy pipeline."""
import importlib.metadata
from functools import cached_property

import dagster as dg
from dagster_dbt import DbtCliResource
from packaging.version import Version
from spacy.language import Language

from pipelines.text.nlp import load_pipeline


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
    `fetch_row_counts` and `fetch_column_metadata` use; the warehouse asset reads its row counts itself."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args) -> None:
        return None
