"""Reading a numeral as news writes it, from a list of lower-cased words (spaCy tokens, glued suffixes split).

Digits ("6000", "50,000", "2.4"), words ("three", "twenty-five", "two hundred and fifty"), scales ("2.2 billion",
"1.2bn", "a million", "half a million", "a dozen", "5 crore") and shares ("two-thirds", "a third of", "half of",
"one in five", "7 out of 10"), whose value is in percent.
Vague plurals ("dozens", "hundreds", "thousands of") are deliberately no numeral: they assert no value.
The scale "m" is left to the caller: in "1.2m" it may be million or metres, which only the context tells.
"""
import re
from dataclasses import dataclass

_SMALL = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_SCALES = {"thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9, "trillion": 1e12}
# Abbreviated scales of money and headline style; "m" is ambiguous with metres and handled by the caller.
_SCALE_ABBREVIATIONS = {"k": 1e3, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12, "trn": 1e12}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
                 "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10}
_HALF_OF_FOLLOWERS = {"of", "the", "its", "their", "his", "her", "our", "all"}
# Digits with thousands separated by commas only in groups of three ("1,2" is no English numeral).
_DIGITS = re.compile(r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−]?\.\d+")

NUMBER_WORDS = frozenset(_SMALL) | frozenset(_TENS)
# The words a numeral can start with besides digits: parse_numeral is None at any other word, and at "a" or "an"
# unless one of AFTER_ARTICLE follows ("a million", "a third of").
NUMERAL_OPENERS = NUMBER_WORDS | {"a", "an", "half"}
AFTER_ARTICLE = frozenset(_SCALES) | frozenset(_SCALE_ABBREVIATIONS) | frozenset(_DENOMINATORS) | {"hundred", "dozen"}
# Words after which a spelled number goes on ("two hundred and five", "three million four hundred").
_JOINS = {"-", "and", "hundred", *_SCALES}


@dataclass(frozen=True)
class Numeral:
    """A numeral's value and the index after its last word; is_fraction for a share (its value then in percent)."""
    value: float
    end: int
    scale: float = 1.0  # the multiplier a scale word applied: 1e9 for "2.2 billion", 12 for "a dozen"
    is_fraction: bool = False
    is_words: bool = False  # spelled out ("three"), not digits


def digits_value(word: str) -> float | None:
    """The value of a numeral in digits ("50,000" -> 50000.0), None for anything else."""
    if not _DIGITS.fullmatch(word):
        return None
    return float(word.replace(",", "").replace("−", "-"))


def _at(words: list[str], i: int) -> str:
    return words[i] if i < len(words) else ""


def _scale_after(words: list[str], i: int) -> tuple[float, int]:
    """A scale word at words[i] ("billion", "bn", "dozen") as (multiplier, next index); (1, i) when none."""
    w = _at(words, i)
    if w in _SCALES:
        return _SCALES[w], i + 1
    if w in _SCALE_ABBREVIATIONS:
        return _SCALE_ABBREVIATIONS[w], i + 1
    if w == "hundred":
        more, j = _scale_after(words, i + 1)  # "a hundred thousand"
        return 100 * more, j
    if w == "dozen":
        return 12, i + 1
    return 1, i


def _spelled(words: list[str], i: int) -> tuple[float, int] | None:
    """A spelled-out integer from words[i]: "twenty - five", "two hundred and fifty thousand"."""
    total, current, j = 0.0, 0.0, i
    while True:
        w, prev = _at(words, j), (words[j - 1] if j > i else "")
        if w in _SMALL and (j == i or prev in _TENS or prev in _JOINS):
            current += _SMALL[w]
        elif w in _TENS and (j == i or prev in _JOINS and prev != "-"):
            current += _TENS[w]
        elif w == "hundred" and prev in _SMALL:
            current *= 100
        elif w in _SCALES and (prev in NUMBER_WORDS or prev == "hundred"):
            total, current = total + current * _SCALES[w], 0.0
        elif w == "dozen" and prev in _SMALL:
            current *= 12
        elif w == "-" and prev in _TENS and _at(words, j + 1) in _SMALL:
            pass  # twenty-five
        elif w == "and" and (prev == "hundred" or prev in _SCALES) and _at(words, j + 1) in NUMBER_WORDS:
            pass  # two hundred and fifty
        else:
            break
        j += 1
    return (total + current, j) if j > i else None


def _fraction(words: list[str], i: int) -> Numeral | None:
    """A fraction: "two-thirds", "one-quarter"; spaced only before "of": "a third of", "half of", "half the"."""
    w, nxt = _at(words, i), _at(words, i + 1)
    if w in _SMALL and nxt == "-" and _at(words, i + 2) in _DENOMINATORS:
        return Numeral(100 * _SMALL[w] / _DENOMINATORS[_at(words, i + 2)], i + 3, is_fraction=True, is_words=True)
    if w in ("a", "one", *_SMALL) and nxt in _DENOMINATORS and nxt != "half" and _at(words, i + 2) == "of":
        count = 1 if w in ("a", "one") else _SMALL[w]
        return Numeral(100 * count / _DENOMINATORS[nxt], i + 2, is_fraction=True, is_words=True)
    if w == "half" and nxt in _HALF_OF_FOLLOWERS:
        return Numeral(50.0, i + 1, is_fraction=True, is_words=True)
    return None


def _ratio(words: list[str], i: int, first: Numeral) -> Numeral | None:
    """A ratio after its first numeral, a share like a fraction: "one in five", "7 out of 10"."""
    j = first.end + 1 + (_at(words, first.end) == "out")
    if _at(words, j - 1) not in ("in", "of") or (_at(words, j - 1) == "of") != (_at(words, first.end) == "out"):
        return None
    second = parse_numeral(words, j, ratios=False)
    if second is None or second.is_words != first.is_words or not 0 < first.value < second.value <= 1000 \
            or first.scale != 1 or second.scale != 1:
        return None
    return Numeral(100 * first.value / second.value, second.end, is_fraction=True, is_words=first.is_words)


def parse_numeral(words: list[str], i: int, ratios: bool = True) -> Numeral | None:
    """The numeral starting at words[i], or None. Lone "a"/"one"/"half" need a scale after them."""
    numeral = _plain_numeral(words, i)
    return (ratios and numeral is not None and not numeral.is_fraction and _ratio(words, i, numeral)) or numeral


def _plain_numeral(words: list[str], i: int) -> Numeral | None:
    w = _at(words, i)
    value = digits_value(w)
    if value is not None:
        scale, end = _scale_after(words, i + 1)
        return Numeral(value * scale, end, scale)
    fraction = _fraction(words, i)
    if fraction:
        return fraction
    if w in ("a", "an", "half") or (w == "one" and _at(words, i + 1) in ("hundred", "dozen", *_SCALES)):
        head = 0.5 if w == "half" else 1.0
        j = i + 2 if w == "half" and _at(words, i + 1) == "a" else i + 1  # half a million
        scale, end = _scale_after(words, j)
        return Numeral(head * scale, end, scale, is_words=True) if end > j else None
    spelled = _spelled(words, i)
    if spelled:
        value, end = spelled
        scale = max((_SCALES[x] for x in words[i:end] if x in _SCALES), default=1.0)
        return Numeral(value, end, scale, is_words=True)
    return None
