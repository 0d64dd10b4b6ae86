"""Words and sentences as the cross-article comparisons see them: lower case, apostrophes dropped (so that
"Kyiv’s" and "Kyiv's" are one word), punctuation ignored."""
import importlib.util
import re
import runpy
from pathlib import Path

import polars as pl

WORD_PATTERN = r"\w+"
_APOSTROPHES = r"['’‘`´]"
_WORD = re.compile(WORD_PATTERN)
_APOSTROPHE = re.compile(_APOSTROPHES)
# A sentence ends at . ! ? or … (perhaps followed by a closing quote) before a capital or an opening quote;
# paragraphs always end one.
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+(?=[\"“‘(]?[A-Z0-9])|\n\s*\n")
MIN_CONTENT_LETTERS = 3


def _spacy_stop_words() -> frozenset[str]:
    """spaCy's English stop words, from the file that lists them: importing `spacy.lang.en` imports all of spaCy
    first, 1.3 s of the cross-reference process's start."""
    spacy_folder = Path(importlib.util.find_spec("spacy").origin).parent
    return frozenset(runpy.run_path(str(spacy_folder / "lang" / "en" / "stop_words.py"))["STOP_WORDS"])


STOP_WORDS = _spacy_stop_words()


def words(text: str) -> list[str]:
    """The normalised words of a text."""
    return _WORD.findall(_APOSTROPHE.sub("", text.lower()))


def words_expr(text: pl.Expr) -> pl.Expr:
    """`words` as a polars expression: a list of words per row."""
    return text.str.to_lowercase().str.replace_all(_APOSTROPHES, "").str.extract_all(WORD_PATTERN)


def sentences(text: str) -> list[str]:
    """The text cut into sentences, as written."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def is_content_word(word: str) -> bool:
    """A word that says what a text is about: not a stop word, not a number, at least three letters."""
    return len(word) >= MIN_CONTENT_LETTERS and word.isalpha() and word not in STOP_WORDS


def content_words(text: str) -> list[str]:
    return [w for w in words(text) if is_content_word(w)]
