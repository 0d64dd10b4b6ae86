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
    """dagster-dbt's resource, minus `dbt --version` before every command (4 s here): the dbt it runs is the
    venv's own dbt-core (pipelines/definitions.py), whose version the package metadata gives at once."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(importlib.metadata.version("dbt-core"))
