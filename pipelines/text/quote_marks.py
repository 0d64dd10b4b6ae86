"""Where quotations open and close in a text, with quote marks as news prints them.

Handles straight and curly double marks (paired even when mismatched: “like this"), British single marks told
apart from apostrophes (Kyiv’s, don’t, soldiers’), quotes running over several paragraphs (the paragraph ends
open and the next one reopens) and quotes whose closing mark is missing (recovered up to the paragraph end).
Pure string logic: no spaCy.
"""
import re
from dataclasses import dataclass

# Each mark belongs to a family; only a mark of the opening family can close a quote, so the other family nests
# inside it ("He said 'no'" or ‘He said “no”’) without being paired.
_FAMILY = {'"': "double", "“": "double", "”": "double", "«": "double", "»": "double",
           "'": "single", "‘": "single", "’": "single"}
# The shape of a curly mark breaks ties when the surrounding characters do not tell opening from closing.
_SHAPE = {"“": "open", "«": "open", "‘": "open", "”": "close", "»": "close", "’": "close"}
_BEFORE_OPENING = set("([{—–-/:;") | set(_FAMILY)
_AFTER_CLOSING = set(".,;:!?)]}—–-…") | set(_FAMILY)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class QuotedSpan:
    """One quotation: text[start:end] is its wording without the outer marks.

    A quote running over several paragraphs is one span (its text keeps the paragraph break and the reopening
    mark). close_mark is None when the quote was still open at a paragraph end that no reopening mark follows.
    """
    open_mark: int
    start: int
    end: int
    close_mark: int | None


def _role(text: str, i: int) -> str | None:
    """'open', 'close' or 'either' for the mark at text[i]; None for an apostrophe."""
    mark = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if prev.isalnum() and nxt.isalnum():  # inside a word: don’t, Kyiv’s, Kup’yans’k
        return None
    if _FAMILY[mark] == "single" and mark != "‘" and prev.isspace() and text[i + 1:i + 4][:2].isdigit() \
            and text[i + 3:i + 4] == "s":  # elided decade: the ’90s
        return None
    may_open = prev.isspace() or prev in _BEFORE_OPENING
    may_close = nxt.isspace() or nxt in _AFTER_CLOSING
    if may_open and not may_close:
        return "open"
    if may_close and not may_open:
        return "close"
    return _SHAPE.get(mark, "either")


def _looks_possessive(text: str, i: int) -> bool:
    """A single closing-looking mark after a plural -s and before a word may be a possessive (the soldiers’ homes)."""
    return text[i - 1:i] in ("s", "S") and text[i + 1:i + 2] == " " and text[i + 2:i + 3].isalnum()


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: text between blank lines."""
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.end()
    spans.append((pos, len(text)))
    return spans


def _closes_later(marks: list[tuple[int, str, str]], k: int, family: str) -> bool:
    """Whether a later mark of the family can close the quote before a new one opens (within the paragraph)."""
    for _, fam, role in marks[k + 1:]:
        if fam != family:
            continue
        return role in ("close", "either")
    return False


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every quotation in the text, in order; empty quotes (no letter or digit inside) are skipped."""
    paragraphs = paragraph_spans(text)
    spans: list[QuotedSpan] = []
    open_at = start = None  # the quote currently open: its mark and first character
    family = None

    def emit(end: int, close: int | None) -> None:
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if any(c.isalnum() for c in text[start:stop]):
            spans.append(QuotedSpan(open_at, start, stop, close))

    for p, (p_start, p_end) in enumerate(paragraphs):
        marks = [(i, _FAMILY[c], role) for i in range(p_start, p_end) if (c := text[i]) in _FAMILY
                 and (role := _role(text, i)) is not None]
        skip_first = False
        if open_at is not None:  # carried over: this paragraph reopens the same quote (checked below)
            skip_first = True
        for k, (i, fam, role) in enumerate(marks):
            if skip_first and k == 0:
                continue
            if open_at is None:
                if role in ("open", "either"):
                    open_at, start, family = i, i + 1, fam
                continue
            if fam != family:
                continue  # a quote inside the quote
            if role == "open":  # the previous quote never closed: it ends where the next one opens
                emit(i, None)
                open_at, start = i, i + 1
                continue
            if fam == "single" and _looks_possessive(text, i) and _closes_later(marks, k, fam):
                continue
            emit(i, i)
            open_at = None
        if open_at is None:
            continue
        nxt = paragraphs[p + 1] if p + 1 < len(paragraphs) else None
        reopen = nxt is not None and text[nxt[0]:nxt[0] + 1] in _FAMILY \
            and _FAMILY[text[nxt[0]]] == family and _role(text, nxt[0]) in ("open", "either")
        if not reopen:  # the closing mark is missing: the quote runs to the paragraph end
            emit(p_end, None)
            open_at = None
    return spans
