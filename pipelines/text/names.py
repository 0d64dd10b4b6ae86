"""Keys for comparing the spellings of names: pure string functions shared by mention extraction and joining."""
import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

_QUOTES = {ord(c): "'" for c in "\u2018\u2019\u201b\u02bc\u0060\u00b4"}

# Letter groups that romanisations of one name (Ukrainian, Russian, Polish, German, English) spell differently,
# folded in order: Aleksandr/Alexander, Kharkiv/Harkiv, Hrytsenko/Gritsenko, Kravets/Kravetz, Yelena/Elena,
# Nowak/Novak, Szymon/Shymon, Yuriy/Jurij, Tamsa/Tamza, Balakliya/Balaklia. The h/g fold skips the digraphs ch,
# sh, th, ph and zh.
_TRANSLIT = [(re.compile(p), r) for p, r in [
    (r"x", "ks"), (r"ck", "k"), (r"t?sch|sz", "sh"), (r"cz|tch", "ch"), (r"kh", "h"), (r"tz", "ts"),
    (r"\bye|(?<=[aeiou])ye", "e"), (r"w", "v"), (r"j", "y"), (r"y", "i"), (r"(?<![cstpz])h", "g"), (r"z(?!h)", "s"),
    (r"(\w)\1+", r"\1"), (r"ia\b", "a"),
]]
FIRST_NAME_MIN_LETTERS = 5
# A corpus repeats its names many times over; a few thousand articles' names and name words outgrow 65,536 entries
# (resolve_entities at 3,000 articles: 19.1 -> 16.8 s with this size, together with the co-occurrence change).
_CACHED = 1 << 18


@lru_cache(maxsize=_CACHED)
def name_key(name: str) -> str:
    """The same spelling up to case, accents, apostrophe style and white space: "Kyiv’s" ~ "kyiv's"."""
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).translate(_QUOTES)
    return re.sub(r"\s+", " ", s).strip().lower()


def _letters(name: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]|_|\d", "", name_key(name))).strip()


@lru_cache(maxsize=_CACHED)
def spelling_key(name: str) -> str:
    """Folds the variation transliteration brings without changing the name: y/i (Zelenskyy, Izyum), doubled
    letters (Donbass, Balakliia), punctuation (U.S.). Two spellings with one key are one name spelled two ways."""
    return re.sub(r"(\w)\1+", r"\1", _letters(name).replace("y", "i"))


@lru_cache(maxsize=_CACHED)
def translit_key(name: str) -> str:
    """A looser key that also folds the letter groups romanisations disagree on (_TRANSLIT). Different names
    can share it (Hal/Gal), so it measures similarity, never joins on its own."""
    s = _letters(name)
    for pattern, replacement in _TRANSLIT:
        s = pattern.sub(replacement, s)
    return s


def spelling_similarity(a: str, b: str) -> float:
    """Similarity in [0, 1] of two spellings, where a difference transliteration explains counts half: the mean
    of the ratio of the spelling keys and that of the transliteration keys (Hrytsenko/Gritsenko 0.94,
    Kravetsk/Kravetz 0.87, Hal/Gal 0.83, Kharkiv/Kherson 0.38)."""
    return (fuzz.ratio(spelling_key(a), spelling_key(b)) + fuzz.ratio(translit_key(a), translit_key(b))) / 200


def same_first_name(a: str, b: str) -> bool:
    """Two romanisations of one first name (Oleksandr/Aleksandr, Yuriy/Yuri, Olha/Olga), not two names
    (Marta/Marek, Ivan/Ian) nor the male and female forms of one (Alexander/Alexandra, Daniel/Daniela): once
    romanisation is folded, the same, or one letter apart in a name of five letters or more."""
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    if (ka[-1:] == "a") != (kb[-1:] == "a") or min(len(ka), len(kb)) < FIRST_NAME_MIN_LETTERS:
        return False  # a letter more or less makes another short name: Ivan/Ian, Mark/Marek
    return Levenshtein.distance(ka, kb) <= 1
