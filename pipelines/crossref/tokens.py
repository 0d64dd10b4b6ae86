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


# No word crosses white space (nor does lower case change across it), so the words of a text are those of its
# white-space-separated chunks, in order: the two functions below tokenise only the end of a text they need, for a
# claim's topic (3,000 articles: the words around 36,924 claims 0.24 -> 0.13 s).

def first_words(text: str, n: int) -> list[str]:
    """words(text)[:n], from the first n chunks of the text unless they hold fewer than n words."""
    chunks = text.split(maxsplit=n)
    found = words(" ".join(chunks[:n]))
    return found[:n] if len(found) >= n or len(chunks) <= n else words(text)[:n]


def last_content_word(text: str) -> str | None:
    """The last of content_words(text), or None, from the last chunks of the text."""
    for chunk in reversed(text.split()):
        for word in reversed(words(chunk)):
            if is_content_word(word):
                return word
    return None
