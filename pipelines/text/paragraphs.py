"""Splitting an article into paragraphs and the date prefix off its head."""
import datetime as dt
import re

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_SPACE = re.compile(r"\s+")
# `date YYYY-MM-DD` on its own line, or glued in front of the first paragraph (" date 2022-09-14 Ukrainian ...").
_DATE_PREFIX = re.compile(r"\A\s*date\s+(\d{4})-(\d{2})-(\d{2})\b[^\S\n]*\n?")


def squeeze(text: str) -> str:
    """Collapse every run of white space (line breaks and no-break spaces too) to one space."""
    return _SPACE.sub(" ", text).strip()


def split_date_prefix(text: str) -> tuple[dt.date | None, str]:
    """The `date YYYY-MM-DD` prefix as a date (None when absent or not a real date) and the text after it."""
    m = _DATE_PREFIX.match(text)
    if not m:
        return None, text
    try:
        date = dt.date(*map(int, m.groups()))
    except ValueError:  # "date 2022-13-45": the prefix is there but says no real day
        date = None
    return date, text[m.end():]


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs are separated by blank lines; white space inside each is squeezed; empty ones dropped."""
    return [p for p in (squeeze(chunk) for chunk in _BLANK_LINE.split(text)) if p]
