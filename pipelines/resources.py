"""Dagster resources: the warehouse file (shared with dbt's profile), the input folder and the spaCy pipeline."""
import dagster as dg
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
