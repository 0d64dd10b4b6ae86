"""Bytes -> text: BOMs, UTF-8, legacy encodings, repaired mojibake; or a reason a person can act on."""
import codecs
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import charset_normalizer
import ftfy

# Magic numbers of the binary formats most often dropped into a text folder by mistake.
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or an Office document)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "an executable",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# English news in a legacy encoding is nearly always Windows-1252, where accented letters stand alone between ASCII
# bytes; a detector guesses badly on a few of them, so it is only asked when non-ASCII bytes come in runs
# (Cyrillic, Greek, ... in a one-byte encoding).
_LEGACY_DEFAULT = "cp1252"
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]{2,}")
# ftfy repairs mojibake (â€™ -> ’) but must not reword: keep curly quotes, ligatures and full-width forms.
_FTFY = ftfy.TextFixerConfig(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False, explain=False)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What ftfy could change on a line of ASCII: an HTML entity, a terminal escape, a control character, a carriage
# return. A line of ASCII without any of them it gives back as it is.
_ASCII_FTFY_WORK = re.compile(r"[&\x00-\x08\x0b-\x1f\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
# A web page saved as .txt: its text is mixed with menus, scripts and markup, and cutting the article out of it is a
# scraper's job. It is rejected rather than guessed at.
_HTML_START = re.compile(r"\A\s*(?:<!doctype html|<html\b|<\?xml[^>]*>\s*<html\b)", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|script|style|head|body|meta|link|img|table|tr|td)\b[^>]*>", re.IGNORECASE)
_HTML_MIN_TAGS = 10
# spaCy's default max_length; a file longer than this is a dump of many articles, not one.
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class Decoded:
    text: str | None  # None when rejected
    encoding: str | None
    reason: str | None  # why the file cannot become an article


def _reject(reason: str) -> Decoded:
    return Decoded(None, None, reason)


def _bytes_to_str(data: bytes) -> tuple[str, str] | str:
    """(text, encoding), or a rejection reason."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                return f"undecodable: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason})"
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({kind}), not article text"
    if b"\x00" in data:
        return "binary file (contains NUL bytes), not article text"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    non_ascii = sum(b > 0x7F for b in data)
    in_runs = sum(len(m) for m in _NON_ASCII_RUN.findall(data))
    if in_runs <= non_ascii / 2:
        try:
            return data.decode(_LEGACY_DEFAULT), _LEGACY_DEFAULT
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return "undecodable: not UTF-8 and no known text encoding fits; save it as UTF-8"
    return str(best), best.encoding


def _looks_binary(text: str) -> bool:
    """Decoded bytes of an unknown binary format: many control, private-use or unassigned characters (other than
    tab and line ends). Counted by regular expression, and by category only for the distinct non-ASCII ones."""
    sample = text[:20000]
    odd = len(_CONTROL.findall(sample)) + sum(
        n for c, n in Counter(_NON_ASCII.findall(sample)).items() if unicodedata.category(c) in ("Cc", "Co", "Cn"))
    return odd > 0.02 * len(sample)


def _fix_text(text: str) -> str:
    """ftfy.fix_text(text, _FTFY), line by line as ftfy goes, but giving back at once the lines it would leave as
    they are (most lines of English news): its per-line work took two thirds of the ingest step."""
    config, out, pos = _FTFY, [], 0
    while pos < len(text):
        end = min(text.find("\n", pos) + 1 or len(text), pos + config.max_decode_length)
        line = text[pos:end]
        if config.unescape_html == "auto" and "<" in line:  # ftfy's rule: after markup, entities stay as written
            config = config._replace(unescape_html=False)
        out.append(line if line.isascii() and not _ASCII_FTFY_WORK.search(line)
                   else ftfy.fix_and_explain(line, config).text)
        pos = end
    return "".join(out)


def decode(data: bytes) -> Decoded:
    """Decode a raw file to clean Unicode text (NFC, mojibake repaired, \\n line ends), or say why not."""
    if not data:
        return _reject("empty file (0 bytes)")
    result = _bytes_to_str(data)
    if isinstance(result, str):
        return _reject(result)
    text, encoding = result
    if len(text) > MAX_CHARS:  # before the repairs below, which would take seconds on such a file
        return _reject(f"{len(text):,} characters: longer than one article can be ({MAX_CHARS:,}); "
                       "split it into one file per article")
    text = _fix_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    if _looks_binary(text):
        return _reject(f"binary file (many control characters when read as {encoding}), not article text")
    text = _CONTROL.sub("", text)
    if not text.strip():
        return _reject("no text: the file holds only white space")
    if _HTML_START.match(text) or len(_HTML_TAG.findall(text[:50000])) >= _HTML_MIN_TAGS:
        return _reject("an HTML page, not article text: save the article's text (without the page's markup) as .txt")
    return Decoded(text, encoding, None)
