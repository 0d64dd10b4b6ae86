"""An article's metadata from its text: headline, outlet, byline and dateline.

Every function reads the squeezed paragraphs (boilerplate included: a byline or a "Most read in The Sun" sidebar
says who published the article even though it is not body text).
"""
import re
from dataclasses import dataclass

# A headline is one short line without a full stop; a lead paragraph almost always ends with one.
_TITLE_MAX_CHARS = 200
_TITLE_MAX_WORDS = 30
_TERMINAL = re.compile(r"[.;,]\s*$")

# "Headline | The Sun", "Headline - BBC News": a site name after a bar (or a dash, when it looks like a site name).
_TITLE_BAR = re.compile(r"^(?P<title>.+?)\s+\|\s+(?P<outlet>[^|]{2,40})$")
_TITLE_DASH = re.compile(
    r"^(?P<title>.+?)\s+[-–—]\s+(?P<outlet>(?:The )?[A-Z][\w'&.]*(?: [A-Z][\w'&.]*){0,3} "
    r"(?:News|Times|Post|Online|Herald|Journal|Tribune|Telegraph|Guardian|Mail|Express|Independent|Mirror|Star))$"
)
_OUTLET_NAME = r"(?P<outlet>(?:the )?[A-Z][\w'’&.-]*(?: [A-Z][\w'’&.-]*){0,4})"
# "KHARGIV, Ukraine (AP) — ...", "LONDON (Reuters) - ...", "WASHINGTON — ..."
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+)*(?:, [A-Z][\w.'’ -]+?)?)\s*"
    r"(?:\((?P<agency>[A-Za-z][\w .&-]{0,30})\))?\s*[—–-]{1,2}\s+\S"
)
# "By Chris Pleasance for MailOnline" (or "For MailOnline": not a third name), "By Jane Roe and John Doe, Political
# Editor"
_NAME_WORD = r"(?!For )[A-Z][\w.'’-]+"
_BYLINE = re.compile(
    rf"^By (?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}}(?:,? (?:and|&) {_NAME_WORD}(?: {_NAME_WORD}){{0,3}})*)"
    r"(?:, (?P<role>.{2,60})| [Ff]or (?P<outlet>.{2,40}))?$"
)
# "Arhirova reported from Kiev.", "Reporting by Jane Roe; Editing by John Doe"
_CREDIT = re.compile(
    r"^(?:(?P<name>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}(?:,? (?:and|&) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})*) "
    r"(?:reported|contributed reporting) from [A-Z][^.]*\.?"
    r"|Reporting by (?P<name2>[A-Z][^;.]+?)(?:[;,.].*)?)$"
)
# Site furniture that names its site: "Most read in The Sun", "Read More on The Sun", "notifications from Daily
# Express?", "Follow AP war coverage at", "© Guardian News & Media".
_FURNITURE_OUTLET = [
    re.compile(r"^(?:Most read|Most popular|Read more|More|Latest|Trending)(?: stories| news)? (?:in|on|from) " + _OUTLET_NAME + r"\W*$", re.I),
    re.compile(r"notifications from " + _OUTLET_NAME + r"\s*\?*$"),
    re.compile(r"^Follow " + _OUTLET_NAME + r"(?: [a-z]+)* (?:coverage|on|at)\b"),
    re.compile(r"^(?:Copyright\s*©?|©)\s*(?:\d{4}\s+)?" + _OUTLET_NAME + r"\W*(?:All rights reserved\W*)?$"),
    re.compile(r"(?:[Ss]ign up for|[Ss]ubscribe to) (?:the )?" + _OUTLET_NAME + r"(?:’s|'s) (?:free )?(?:\w+ )?newsletter"),
]


@dataclass(frozen=True)
class Head:
    title: str | None
    outlet: str | None
    byline: str | None
    dateline: str | None


def is_headline(paragraph: str) -> bool:
    """A short single line without a closing full stop."""
    return (
        len(paragraph) <= _TITLE_MAX_CHARS
        and len(paragraph.split()) <= _TITLE_MAX_WORDS
        and not _TERMINAL.search(paragraph)
    )


def split_title(headline: str) -> tuple[str, str | None]:
    """Strip a site-name suffix ("... | The Sun") off a headline: (title, outlet or None)."""
    for pattern in (_TITLE_BAR, _TITLE_DASH):
        m = pattern.match(headline)
        if m:
            return m["title"].strip(), m["outlet"].strip()
    return headline, None


def find_dateline(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """(dateline, agency) from the opening of the first paragraphs: "KHARGIV, Ukraine (AP) — ..."."""
    for paragraph in paragraphs[:3]:
        m = _DATELINE.match(paragraph)
        if m and m["place"].split(",")[0].isupper() and len(m["place"].split(",")[0]) >= 3:
            return m["place"].strip(), (m["agency"] or "").strip() or None
    return None, None


def find_byline(paragraphs: list[str]) -> tuple[str | None, str | None]:
    """(byline, outlet or None) from a "By X for Y" line, else from a credit line ("X reported from Y.")."""
    for paragraph in paragraphs:
        m = _BYLINE.match(paragraph)
        if m and len(paragraph.split()) <= 14:
            return m["name"].strip(), m["outlet"]
    for paragraph in paragraphs:
        m = _CREDIT.match(paragraph)
        if m:
            return (m["name"] or m["name2"]).strip(), None
    return None, None


def find_furniture_outlet(paragraphs: list[str]) -> str | None:
    """The site a sidebar, app prompt, follow prompt or copyright line names."""
    for paragraph in paragraphs:
        if len(paragraph.split()) > 20:
            continue
        for pattern in _FURNITURE_OUTLET:
            m = pattern.search(paragraph)
            if m:
                return re.sub(r"^the ", "The ", m["outlet"].strip().rstrip("."))
    return None


def parse_head(paragraphs: list[str]) -> tuple[Head, int]:
    """The article's metadata and how many leading paragraphs the headline took (0 or 1)."""
    title = title_outlet = None
    skip = 0
    if paragraphs and is_headline(paragraphs[0]):
        title, title_outlet = split_title(paragraphs[0])
        skip = 1
    rest = paragraphs[skip:]
    dateline, agency = find_dateline(rest)
    byline, byline_outlet = find_byline(rest)
    outlet = title_outlet or byline_outlet or agency or find_furniture_outlet(rest)
    return Head(title=title, outlet=outlet, byline=byline, dateline=dateline), skip
