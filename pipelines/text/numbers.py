"""Numeric claims: every quantity an article states, with its value, unit, qualifier and what it counts.

extract_claims(doc) takes the spaCy Doc of a cleaned body and returns one plain dict per claim:
    text              the span as written (qualifier, numerals, unit, counted noun): doc.text[char_start:char_end]
    value             as stated: 3 for "3km", 2200000000 for "$2.2 billion", 66.67 for "two-thirds"
    value_high        upper bound of a range ("252 to 287 miles": value 252, value_high 287); None otherwise
    unit              one of UNITS; a numeral with no unit counts something ("count")
    normalized_value, normalized_value_high, normalized_unit
                      in NORMALIZED_UNITS (m, m2, m/s, kg, s, degree_c; count, percent, magnitude and
                      currencies unchanged)
    qualifier         one of QUALIFIERS ("more than", "estimated", "or more", ...) or None
    subject           what is counted or measured (number_subjects) or None
    sentence          the sentence's text
    char_start, char_end

How numbers are read: numerals in number_parsing, unit phrases and conversions in units. Shares ("two-thirds of",
"half of") are percent; ages ("15-year-old", "aged 15", "John Smith, 45,") have unit year; "six times" is a count.

Never claims: calendar dates and clock times (May 10, 1983, 4pm), numbers in names and labels (T-72, Apollo 11,
No. 10, Covid-19), ordinals (42nd), list markers, phone numbers, scores (3-1), vague plurals (dozens, thousands
of), spelled-out compounds (two-way) and a count of one or zero ("one of them", "in one video": a pronoun or
determiner far more often than a count, and "1 dead" is read alike; "one mile" and "one million" are claims).

The dependency parse is read only in sentences holding a numeral; entities and sentence boundaries everywhere.
"""
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import polars as pl
from spacy.attrs import IDX, ORTH, SPACY
from spacy.tokens import Doc, Span, Token

from pipelines.text import doc_text
from pipelines.text.number_parsing import AFTER_ARTICLE, NUMERAL_OPENERS, Numeral, parse_numeral
from pipelines.text.number_subjects import CHANGE_VERBS, claim_subject
from pipelines.text.units import (CURRENCY_PHRASES, CURRENCY_PREFIXES, DURATIONS, GLUED_CAPITAL_UNITS, ISO_CODES,
                                  MAX_UNIT_WORDS, NORMALIZED_UNITS, OTHER_MEASURES, UNIT_PHRASES, UNITS, normalize)

VERSION = "2"  # 2: an age set off by a comma at the end of a sentence ("said John Smith, 45.")
__all__ = ["VERSION", "SCHEMA", "UNITS", "NORMALIZED_UNITS", "QUALIFIERS", "extract_claims"]
# The columns of a claim, as the warehouse stores them.
SCHEMA = {"text": pl.String, "value": pl.Float64, "value_high": pl.Float64, "unit": pl.String,
          "normalized_value": pl.Float64, "normalized_value_high": pl.Float64, "normalized_unit": pl.String,
          "qualifier": pl.String, "subject": pl.String, "sentence": pl.String, "char_start": pl.Int32,
          "char_end": pl.Int32}

# Qualifiers as written before the quantity -> the qualifier column (lower case, article dropped).
_QUALIFIERS_BEFORE = {
    **{q: q for q in (
        "more than", "less than", "fewer than", "greater than", "no more than", "no less than", "no fewer than",
        "not more than", "at least", "at most", "up to", "as many as", "as much as", "as far as", "as few as",
        "as little as", "as high as", "as long as", "close to", "nearly", "almost", "about", "around", "roughly",
        "approximately", "some", "estimated", "over", "under", "above", "below", "within", "beyond", "just over",
        "just under", "well over", "well under", "upwards of", "in excess of", "exactly", "precisely", "only",
        "just", "barely", "a maximum of", "a minimum of", "circa", "more or less")},
    "an estimated": "estimated", "approx": "approximately", "approx.": "approximately",
}
_QUALIFIERS_AFTER = {"or more": "or more", "or so": "about", "or fewer": "or fewer", "or less": "or less"}
_QUALIFIERS_GLUED = {"plus": "or more", "odd": "about"}  # "50,000-plus troops", "40-odd people"
QUALIFIERS = tuple(sorted({*_QUALIFIERS_BEFORE.values(), *_QUALIFIERS_AFTER.values(), *_QUALIFIERS_GLUED.values()}))
_BEFORE = {tuple(k.split()): v for k, v in _QUALIFIERS_BEFORE.items()}
_AFTER = {tuple(k.split()): v for k, v in _QUALIFIERS_AFTER.items()}
_INTENSIFIERS = {"just", "only"}  # "within just 8 km": the qualifier is "within"

_MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec")
_MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December", *_MONTH_ABBREVIATIONS, *(m + "." for m in _MONTH_ABBREVIATIONS)}
_WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
_DAY_NAMES = _MONTHS | _WEEKDAYS
_CLOCK_WORDS = {"am", "a.m.", "pm", "p.m.", "o'clock", "o’clock", "gmt", "bst", "utc", "cet", "cest", "edt", "est",
                "pst", "pdt"}
# Words after which a number is a label, not a quantity ("No. 10", "Article 5", "Highway 61").
_LABEL_WORDS = {"no", "no.", "nos", "number", "#", "article", "section", "chapter", "clause", "flight", "route",
                "highway", "room", "gate", "platform", "page", "phase", "stage", "episode", "season", "volume", "vol",
                "grade", "category", "type", "model", "version", "item", "seat", "exit", "junction"}
# Singular nouns that still count people or things: "500 staff", "40 head of cattle".
_COLLECTIVES = {"staff", "crew", "personnel", "infantry", "cavalry", "artillery", "armour", "armor", "police",
                "military", "livestock", "cattle", "clergy", "head", "strong"}
_NAME_ENTITIES = {"PERSON", "ORG", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "GPE", "LOC", "NORP"}
_DASHES = {"-", "–", "—"}

# Character patterns where no numeral is a claim: telephone numbers, written-out dates and list markers.
_NOT_CLAIM_TEXT = re.compile(
    r"\+\d[\d ().-]{6,}\d"  # +44 20 7946 0958
    r"|\(\d{2,5}\) ?\d[\d .-]{4,}\d"  # (020) 7946 0958
    r"|\b\d{2,5}[-.]\d{2,4}[-.]\d{3,4}\b"  # 555-123-4567 (and dotted dates: 12.05.2022)
    r"|\b0\d{2,4} \d{3,4} ?\d{3,4}\b"  # 020 7946 0958
    r"|\b\d{4}-\d\d-\d\d\b|\b\d\d?/\d\d?/\d{2,4}\b"  # 2022-09-14, 14/09/2022
    r"|^[^\S\n]*\(?\d{1,2}[.)](?=\s)",  # "1. " or "2) " opening a paragraph
    re.MULTILINE)
# A token with a unit or scale glued to its digits ("1.2bn", "40C", "1,200km2", "50k") is split into two words.
_GLUED = re.compile(r"([-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)([A-Za-z°²/%]+2?)")
_MAGNITUDE_GLUED = re.compile(r"(magnitude)([-–])(\d+(?:\.\d+)?)", re.IGNORECASE)  # one token: "magnitude-7.8"
# Single letters only in the case news writes them: "5G" is a network, "40c" no temperature.
_GLUED_SUFFIXES = ({p[0] for p in UNIT_PHRASES if len(p) == 1 and len(p[0]) > 1} | set(GLUED_CAPITAL_UNITS)
                   | {"k", "K", "m", "M", "mn", "mln", "bn", "B", "tn", "trn", "g", "t", "h"})
_HAS_DIGIT = re.compile(r"\d").search
# Lower-case words a quantity can open with, besides digits and ISO codes (_quantity_at is None at any other).
_OPENERS = NUMERAL_OPENERS | set(CURRENCY_PREFIXES) | {"magnitude"}
# Token texts whose _opens_quantity is kept: a worker meets new words for as long as it runs.
_CACHED = 50_000


class _Word(NamedTuple):
    """A word of a sentence: a spaCy token, or part of one ("1.2bn" -> "1.2" + "bn")."""
    text: str
    low: str
    start: int
    end: int
    i: int  # the token's index in the doc
    glued: bool  # no white space before it: the "km" of "3km"
    doc: Doc

    @property
    def tok(self) -> Token:
        return self.doc[self.i]  # made when asked: most words are never read beyond their text


@dataclass(frozen=True)
class _Quantity:
    """words[start:end]: currency sign, numerals and unit (without qualifier and counted noun)."""
    start: int
    end: int
    value: float
    value_high: float | None
    unit: str
    numerals: tuple[int, ...]  # indices of the numeral words
    is_words: bool = False  # spelled out ("three")
    is_age: bool = False
    has_unit_word: bool = False
    glued_qualifier: str | None = None
    excluded: bool = False  # read, but no claim (a score such as 3-1): its words are skipped


def _split_words(doc: Doc, texts: list[str], starts: list[int], spaces: list[int], first: int, end: int
                 ) -> list[_Word]:
    """The words of doc[first:end] (a sentence), from the doc's token texts, offsets and spaces after them."""
    words = []
    for i in range(first, end):
        text, idx = texts[i], starts[i]
        glued = i > first and not spaces[i - 1]
        # both patterns need digits: the test spares the regular expressions most words
        parts = _HAS_DIGIT(text) and (_MAGNITUDE_GLUED.fullmatch(text) or _GLUED.fullmatch(text.rstrip(".")))
        if parts and parts.re is _GLUED and not (parts.group(2) in _GLUED_SUFFIXES or len(parts.group(2)) > 1
                                                 and parts.group(2).lower() in _GLUED_SUFFIXES):
            parts = None  # "42nd", "1990s", "5G": not a number with a unit
        if parts:
            words.extend(_Word(part, part.lower(), idx + parts.start(g), idx + parts.end(g), i, glued or g > 1, doc)
                         for g, part in enumerate(parts.groups(), 1))
        elif glued and text.endswith(".") and text[:-1] in _GLUED_SUFFIXES:  # "5m." ending a sentence
            words.append(_Word(text[:-1], text[:-1].lower(), idx, idx + len(text) - 1, i, True, doc))
        else:
            words.append(_Word(text, text.lower(), idx, idx + len(text), i, glued, doc))
    return words


def _may_open(text: str, low: str) -> bool:
    """Whether a quantity can start at a word: a currency sign or code, "magnitude" or a numeral."""
    return low in _OPENERS or text in ISO_CODES or bool(_HAS_DIGIT(low))


@lru_cache(maxsize=_CACHED)
def _opens_quantity(text: str) -> bool:
    """Whether a token can hold the first word of a quantity, as itself or as a word split off it ("5m.")."""
    return _may_open(text, text.lower()) or text.endswith(".") and _may_open(text[:-1], text[:-1].lower())


def _opening_tokens(texts: list[str]) -> list[bool]:
    """Per token, whether a quantity can start in it: "a" and "an" only before a scale or a share ("a million",
    "a third of"), not as the article of almost every sentence."""
    opening = [_opens_quantity(t) for t in texts]
    for i, text in enumerate(texts):
        if opening[i] and text.lower() in ("a", "an"):
            after = texts[i + 1].lower() if i + 1 < len(texts) else ""
            opening[i] = after in AFTER_ARTICLE or after.endswith(".") and after[:-1] in AFTER_ARTICLE  # "5m."
    return opening


def _phrase_at(low: list[str], i: int, phrases: dict[tuple[str, ...], str], longest: int = MAX_UNIT_WORDS
               ) -> tuple[str, int] | None:
    """The longest phrase of `phrases` starting at low[i]: (what it maps to, index after it)."""
    for n in range(min(longest, len(low) - i), 0, -1):
        hit = phrases.get(tuple(low[i:i + n]))
        if hit:
            return hit, i + n
    return None


def _currency_prefix(word: _Word) -> str | None:
    if word.low in CURRENCY_PREFIXES:
        return CURRENCY_PREFIXES[word.low]
    return word.text if word.text in ISO_CODES else None  # capitals only: "TRY" is the lira, "try" a verb


def _range_joins(words: list[_Word], low: list[str], i: int) -> set[str]:
    """Words that join a range starting at words[i]: "10-15", "two or three", "between 10 and 15", "252 to 287".

    Not "to" after a verb of change: "rose $2 to $85" goes from one value to another."""
    after_change = any(w.tok.lemma_ in CHANGE_VERBS for w in words[max(0, i - 3):i])
    return _DASHES | {"or"} | ({"and"} if i > 0 and low[i - 1] == "between" else set()) | (
        set() if after_change else {"to"})


def _numerals(words: list[_Word], low: list[str], i: int) -> tuple[Numeral, Numeral | None] | None:
    """The numeral at words[i] and, for a range ("10-15", "252 to 287", "between 10 and 15"), its upper bound."""
    first = parse_numeral(low, i)
    if first is not None and first.is_fraction and _phrase_at(low, first.end, UNIT_PHRASES):
        first = parse_numeral(low, i, ratios=False)  # "2 in 10 days" is no share
    if first is None:
        return None
    k = first.end
    if k + 1 < len(words) and low[k] in _range_joins(words, low, i) and not first.is_fraction:
        j = k + 1 + (_currency_prefix(words[k + 1]) is not None)  # "$10-$15 million"
        second = parse_numeral(low, j) if j < len(words) else None
        if second and not second.is_fraction and second.is_words == first.is_words:
            return first, second
    return first, None


def _is_million(words: list[_Word], low: list[str], k: int, currency: str | None) -> bool:
    """Is a glued "m" at words[k] million (money, "1.2m refugees") rather than metres ("a 2m wall")?"""
    if k >= len(words) or not words[k].glued or words[k].low != "m":
        return False
    after = words[k + 1] if k + 1 < len(words) else None
    counted = after is not None and after.tok.tag_ in ("NNS", "NNPS") and (after.low,) not in UNIT_PHRASES
    return words[k].text == "M" or currency is not None or counted or bool(_phrase_at(low, k + 1, CURRENCY_PHRASES))


def _unit_at(words: list[_Word], low: list[str], k: int, scale: float) -> tuple[str | None, int]:
    """The unit written at words[k], maybe after a hyphen ("2.4-metre"): (unit, index after it), (None, k) if none.

    The unit is "" for a measure outside the vocabulary ("3 inches"), "age" for "15-year-old"."""
    j = k + (k < len(words) and low[k] in _DASHES)
    found = _phrase_at(low, j, UNIT_PHRASES) or _phrase_at(low, j, CURRENCY_PHRASES)
    if found:
        unit, end = found
        if unit == "lb" and scale >= 1e3:  # "a million pounds" is money; "500 pounds of explosives" a weight
            unit = "GBP"
        if unit == "year" and end < len(words) and low[end] in _DASHES | {"old"}:  # 15-year-old, 15 years old
            return "age", end + 1 + (low[end] in _DASHES and end + 1 < len(words) and low[end + 1] == "old")
        return unit, end
    if j < len(words) and words[j].glued and words[j].text in GLUED_CAPITAL_UNITS:  # 40C
        return GLUED_CAPITAL_UNITS[words[j].text], j + 1
    if j == k < len(words) and words[j].text in ISO_CODES:  # "500 UAH"
        return words[j].text, j + 1
    if j < len(words) and (low[j] in OTHER_MEASURES or low[j] == "in" and words[j].glued):  # 3 inches, 7in
        return "", k
    if j > k and j < len(words) and low[j] == "strong":  # "a 3,000-strong force"
        return "count", j + 1
    return None, k


def _is_age_aside(words: list[_Word], i: int, end: int) -> bool:
    """A bare number set off by commas after a person's name is an age: "John Smith, 45, said", and at the end
    of a sentence: "said the owner, John Smith, 45."."""
    return (i >= 2 and end == i + 1 < len(words) and words[i - 1].low == "," and words[end].low in (",", ")", ".")
            and words[i - 2].tok.ent_type_ == "PERSON" and words[i].text.isdigit() and 0 < int(words[i].text) < 120)


def _quantity_at(words: list[_Word], low: list[str], i: int) -> _Quantity | None:
    """The quantity starting at words[i] (a currency sign, "magnitude" or a numeral), None when there is none."""
    currency = _currency_prefix(words[i])
    magnitude_first = low[i] == "magnitude"  # "magnitude 6.4", "magnitude-7.8"
    j = i + (currency is not None or magnitude_first)
    j += magnitude_first and j < len(words) and low[j] in _DASHES
    pair = _numerals(words, low, j) if j < len(words) else None
    if pair is None:
        return None
    first, second = pair
    end, scale = (second or first).end, (second or first).scale
    value = first.value * (scale if first.scale == 1 else 1)  # "2 to 3 billion": the scale is shared
    high = second.value if second else None
    numerals = tuple(range(j, end))
    if high is not None and high <= value:
        if low[first.end] in _DASHES:  # "3-1", "2022-23": a score or a span of years
            return _Quantity(i, end, value, high, "count", numerals, excluded=True)
        end, high, scale, numerals = first.end, None, first.scale, tuple(range(j, first.end))  # "from 15 to 10"
    if scale == 1 and _is_million(words, low, end, currency):
        value, high, scale, end = value * 1e6, high and high * 1e6, 1e6, end + 1
    glued_qualifier = None
    if end + 1 < len(words) and low[end] in _DASHES and low[end + 1] in _QUALIFIERS_GLUED:
        glued_qualifier, end = _QUALIFIERS_GLUED[low[end + 1]], end + 2
    if currency or magnitude_first or first.is_fraction:
        unit, unit_end = currency or ("magnitude" if magnitude_first else "percent"), end
    else:
        unit, unit_end = _unit_at(words, low, end, scale)
        if unit == "":
            return None
    is_age = unit == "age" or unit is None and (i > 0 and low[i - 1] in ("aged", "age") or _is_age_aside(words, i, end))
    if unit in ("degree_c", "degree_f") and i > 0 and low[i - 1] == "minus":
        value, high, i = (-high, -value, i - 1) if high is not None else (-value, None, i - 1)
    unit = "year" if is_age else unit or "count"
    if high is None and unit_end + 1 < len(words) and low[unit_end] in _range_joins(words, low, i):
        upper = _quantity_at(words, low, unit_end + 1)  # "4.5% to 4.75%", "€5m-€10m"
        if upper is not None and upper.unit == unit and upper.value_high is None and upper.value > value:
            high, unit_end, numerals = upper.value, upper.end, numerals + upper.numerals
    return _Quantity(i, unit_end, value, high, unit, numerals, first.is_words, is_age,
                     has_unit_word=unit_end > end, glued_qualifier=glued_qualifier)


def _qualifier_before(low: list[str], start: int) -> tuple[str | None, int]:
    """The qualifier ending just before low[start]: (qualifier, index of its first word); (None, start) if none."""
    for n in range(min(4, start), 0, -1):
        qualifier = _BEFORE.get(tuple(low[start - n:start]))
        if qualifier:
            if qualifier in _INTENSIFIERS:
                outer, outer_start = _qualifier_before(low, start - n)
                if outer:
                    return outer, outer_start
            return qualifier, start - n
    return None, start


def _counted_noun(q: _Quantity, words: list[_Word]) -> Token | None:
    """For a bare count, the noun it modifies right after it: "8,000 Dutch farmers" -> farmers."""
    if q.unit != "count" or q.has_unit_word or q.end >= len(words):
        return None
    inside = {words[n].i for n in range(q.start, q.end)}
    noun, nxt = words[q.numerals[-1]].tok.head, words[q.end].tok
    attached_inside = noun.i in inside
    while noun.i in inside and noun.head.i != noun.i:  # "10 and 15 villages": 15 -> 10 -> villages
        noun = noun.head
    if nxt.lower_ == "times" or attached_inside and noun.i < nxt.i and nxt.tag_ in ("NNS", "NNPS"):
        noun = nxt  # the parse hung "three times" elsewhere, or took the scale of "8m people" for the noun
    if not nxt.i <= noun.i <= nxt.i + 4 or not (noun.pos_ == "NOUN" or noun.tag_ == "NNPS") \
            or (noun.lower_,) in UNIT_PHRASES:
        return None
    between = noun.doc[nxt.i:noun.i]
    if any(t.is_punct and t.text not in _DASHES or t.i < noun.left_edge.i for t in between):
        return None
    return noun


def _is_claim(q: _Quantity, words: list[_Word], counted: Token | None, masks: list[tuple[int, int]]) -> bool:
    """False for numbers that state no quantity: dates, times, labels, names, phone numbers, list markers."""
    if q.excluded:
        return False
    nums = [words[n] for n in q.numerals]
    if any(s < w.end and w.start < e for w in nums for s, e in masks):
        return False
    if re.match(r"0\d", nums[0].text):  # a leading zero: a code or an identifier, not an amount
        return False
    if q.unit not in DURATIONS and any(_in_dated_entity(w.tok) for w in nums):
        return False
    before = words[q.start - 1] if q.start > 0 else None
    after = words[q.end] if q.end < len(words) else None
    if q.unit in DURATIONS and after is not None and after.low == "ago":  # "five years ago" dates an event
        return False
    if q.start >= 2 and before.low in _DASHES and nums[0].glued and before.glued \
            and words[q.start - 2].text[-1:].isalpha():
        return False  # a label the tokenizer split: Su-25, Covid-19
    if q.unit == "count" and not _is_count(q, words, before, after, counted):
        return False
    return not _inside_name(q, words)


def _entity_of(tok: Token) -> Span:
    """The entity tok is in, from its IOB tags (doc.ents would rebuild every entity of the doc)."""
    doc, start, end = tok.doc, tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def _in_dated_entity(tok: Token) -> bool:
    """Inside a DATE or TIME entity that names a month, a weekday or a clock time ("7 and 9 September").

    The label alone is not trusted: the small model also tags "between 10 and 15" or "three quarters" DATE."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    return any(t.text in _MONTHS or t.text in _WEEKDAYS or t.lower_ in _CLOCK_WORDS or ":" in t.text
               for t in _entity_of(tok))


def _is_count(q: _Quantity, words: list[_Word], before: _Word | None, after: _Word | None,
              counted: Token | None) -> bool:
    """A bare number is a count unless its neighbours make it a date, a time, a year, a label or a compound."""
    # "one of them", "in one video": a pronoun or determiner far more often than a count; "1" is read alike
    if q.value <= 1 and q.value_high is None:
        return False
    if q.is_words and after is not None and after.low in _DASHES:  # "two-way", "one-sided"
        return False
    beside = {before.text if before else "", after.text if after else ""}
    of_month = after is not None and after.low == "of" and q.end + 1 < len(words) and words[q.end + 1].text in _MONTHS
    if counted is None and (beside & _DAY_NAMES or of_month):  # May 10, 10 May, the 10 of May
        return False
    if after is not None and after.low in _CLOCK_WORDS:
        return False
    if counted is not None and counted.tag_ == "NN" and counted.lower_ not in _COLLECTIVES \
            and after.low not in _DASHES:  # "the 999 call", "a 737 jet" (but "a 100,000-seat stadium")
        return False
    first = words[q.numerals[0]].text
    plural = counted is not None and counted.tag_ in ("NNS", "NNPS")
    if len(first) == 4 and first.isdigit() and 1800 <= int(first) <= 2100 and not plural:  # "in 2014", "2022 budget"
        return False
    label = words[q.start - 2] if before and before.low == "." and before.glued and q.start > 1 else before
    if label is not None and label.low in _LABEL_WORDS:  # also "No. 10" split by the tokenizer
        return False
    named_before = (before is not None and before.tok.pos_ == "PROPN" and before.text[:1].isupper()
                    and before.tok.i > before.tok.sent.start and before.text not in _DAY_NAMES)
    named_after = (counted is None and after is not None and after.tok.tag_ == "NNP" and after.text[:1].isupper()
                   and after.text not in _MONTHS)
    return not (named_before and not plural or named_after)  # Apollo 11, Boeing 737, the 737 Max


def _inside_name(q: _Quantity, words: list[_Word]) -> bool:
    """A numeral inside a named entity that has other capitalised words: 10 Downing Street, Group of Seven."""
    own = {words[n].i for n in range(q.start, q.end)}
    for n in q.numerals:
        tok = words[n].tok
        if tok.ent_type_ in _NAME_ENTITIES:
            if any(t.i not in own and t.is_alpha and t.text[:1].isupper() for t in _entity_of(tok)):
                return True
    return False


def _claim(q: _Quantity, words: list[_Word], low: list[str], counted: Token | None, sent: Span, text: str) -> dict:
    qualifier, first = _qualifier_before(low, q.start)
    after = _phrase_at(low, q.end, _AFTER, 2)
    qualifier = qualifier or q.glued_qualifier or (after[0] if after else None)
    char_start = words[first].start
    char_end = max(words[q.end - 1].end, counted.idx + len(counted) if counted is not None else 0)
    tokens = list(dict.fromkeys(w.tok for w in words[q.start:q.end]))
    if counted is not None and low[q.end] in _DASHES:  # "a 100,000-seat stadium" counts seats of a stadium
        tokens, counted = tokens + list(counted.doc[tokens[-1].i + 1:counted.i + 1]), None
    normalized_value, normalized_unit = normalize(q.value, q.unit)
    return {
        "text": text[char_start:char_end],
        "value": q.value,
        "value_high": q.value_high,
        "unit": q.unit,
        "normalized_value": normalized_value,
        "normalized_value_high": normalize(q.value_high, q.unit)[0] if q.value_high is not None else None,
        "normalized_unit": normalized_unit,
        "qualifier": qualifier,
        "subject": claim_subject(tokens, q.unit, counted, q.is_age),
        "sentence": text[sent.start_char:sent.end_char],  # sent.text joins its tokens
        "char_start": char_start,
        "char_end": char_end,
    }


def extract_claims(doc: Doc) -> list[dict]:
    """Every numeric claim of the doc, in text order, as plain dicts (columns in the module docstring)."""
    text = doc_text(doc)
    masks = [m.span() for m in _NOT_CLAIM_TEXT.finditer(text)]
    claims = []
    orths, starts, spaces = doc.to_array([ORTH, IDX, SPACY]).T.tolist()
    texts = [doc.vocab.strings[h] for h in orths]
    opening = _opening_tokens(texts)
    for sent in doc.sents:
        if not any(opening[sent.start:sent.end]):  # most sentences hold no number: their words are not split
            continue
        words = _split_words(doc, texts, starts, spaces, sent.start, sent.end)
        low = [w.low for w in words]
        i = 0
        while i < len(words):
            q = _quantity_at(words, low, i) if _may_open(words[i].text, low[i]) else None
            if q is None:
                i += 1
                continue
            i = q.end
            counted = _counted_noun(q, words)
            if _is_claim(q, words, counted, masks):
                claims.append(_claim(q, words, low, counted, sent, text))
                while counted is not None and i < len(words) and words[i].start < counted.idx + len(counted):
                    i += 1  # the counted noun's words are read: "200 million iPhone 14 handsets" has one claim
    return claims
