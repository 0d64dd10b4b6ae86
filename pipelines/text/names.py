"""Keys for comparing the spellings of names: pure string functions shared by mention extraction and joining."""
import re
import unicodedata
from functools import lru_cache

_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201b\u02bc\u0060\u00b4"}


@lru_cache(maxsize=1 << 16)  # a corpus repeats its names many times over
def name_key(name: str) -> str:
    """The same spelling up to case, accents, apostrophe style and white space: "Kyiv’s" ~ "kyiv's"."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip().lower()


@lru_cache(maxsize=1 << 16)
def spelling_key(name: str) -> str:
    """Folds the variation transliteration brings without changing the name: y/i (Zelenskyy, Izyum), doubled
    letters (Donbass, Balakliia), punctuation (U.S.). Two spellings with one key are one name spelled two ways."""
    s = re.sub(r"[^\w\s]|_|\d", "", name_key(name)).replace("y", "i")
    s = re.sub(r"(\w)\1+", r"\1", s)
    return re.sub(r"\s+", " ", s).strip()
