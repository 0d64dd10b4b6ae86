"""Which paragraphs are page furniture rather than the article, and why.

`classify(paragraphs)` takes a polars frame with one row per paragraph (`article_id`, `paragraph_index`, `text`)
and adds `reason`: null for body text, else the kind of boilerplate. Signals, strongest first:
1. unmistakable furniture, recognised by its wording ("See also ...", "Leave a Reply", "Pictured: ...",
   a trailing "(Image: Getty)", "Reporting by ...; Editing by ...");
2. sidebars: a header ("Most read in ...", "Read More on ...", "Trending Now") and the headline-shaped
   paragraphs that follow it;
3. repetition: a paragraph repeated across many unrelated articles of the corpus (site furniture), or
   near-duplicated inside one article (a caption repeated as body text: the body copy stays);
4. shape: news sentences end with punctuation; captions, alt text, headings and related-article headlines
   do not.
A paragraph is never removed for being short.
"""
import re

import polars as pl
from rapidfuzz import fuzz

# --- 1. wording. (reason, pattern over the squeezed paragraph), first match wins; patterns are anchored and most
# are limited to short paragraphs so that body sentences mentioning the same words survive.
_SHORT = 25  # words: furniture lines are short; the wording rules below apply up to this length
_PATTERNS: list[tuple[str, str]] = [
    ("see_also", r"^(?:see also|also read|read also)\b\s*[:\-–—]?\s*\S"
                 r"|^(?:related|more|watch|listen|read more|recommended)\s*[:\-–—]\s*\S"),
    ("comment_form", r"^(?:leave a (?:reply|comment)|your email address will not be published|required fields are marked"
                     r"|post (?:a )?comment|comments are closed|cancel reply|join the (?:conversation|discussion)"
                     r"|save my name, email|\d+ comments?$|comments?$|log in to comment"
                     r"|you must be logged in to (?:post a )?comment|comments are (?:moderated|closed|open|subject to)"
                     r"|(?:read|see|view) our (?:community|commenting|comment) (?:guidelines|rules|policy))"),
    ("newsletter", r"^(?:sign up|subscribe|get (?:our|the) (?:\w+ )?(?:newsletter|app)|download (?:our|the) (?:\w+ )?app"
                   r"|would you like to receive|want (?:to receive|more)|enable (?:push )?notifications|turn on notifications"
                   r"|follow (?:us|[A-Z]\w*(?: [a-z]+)* coverage)|get the latest|don'?t miss (?:a|our|the))"
                   r"|\bnewsletters?\b.*\b(?:sign up|subscribe|inbox)\b|\b(?:sign up|subscribe|inbox)\b.*\bnewsletters?\b"),
    ("advertisement", r"^(?:advertisement|advertising|sponsored(?: content)?|story continues below(?: advertisement)?"
                      r"|scroll to continue(?: with content)?|ad)$"),
    ("share", r"^(?:share(?: or comment on)?(?: this)?(?: article| story| page)?:?|share on \w+|click to share.*"
              r"|reuse this content|copy link"
              r"|print|email|(?:topics|tags|filed under)\s*:.*)$"),
    ("copyright", r"(?:^©|^\(c\)\s*\d{4}|^copyright\b|all rights reserved|may not be published, broadcast, rewritten"
                  r"|^(?:our|editorial) (?:standards|guidelines|principles)\s*:)"),
    ("source_link", r"^(?:source:\s*read full article|read (?:the )?full (?:article|story)|originally published"
                    r"|this (?:article|story) (?:was )?(?:originally )?(?:appeared|published)|click here to read)"),
    ("caption", r"^(?:pictured|left|right|above|below|top|bottom|main|inset|file photo|file|photo|photograph|picture"
                r"|image|video)\s*(?:\([^)]*\))?\s*:\s*\S"
                r"|\((?:image|images|photo|photos|picture|pictures|pic|source|credit|photograph|video)s?\s*:[^)]*\)\s*$"
                r"|\bphotograph:\s*[^.]{2,60}$"),
    ("byline", r"^[Bb]y [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})*"
               r"(?:(?:,| for) .{2,60})?$"
               r"|^(?i:published|updated|last updated)\s*:?\s+\d"),
    ("credit", r"^[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}(?:,? (?:and|&) [A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2})* "
               r"(?:reported|contributed(?: reporting)?) (?:from|to) .{2,60}$"
               r"|^(?i:reporting by|additional reporting by|writing by|editing by|contributing:)\s"
               r"|^[A-Z].{0,80} contributed(?: reporting)? to this (?:report|story|article)\.?$"),
]
# Patterns whose case matters (a byline's names are capitalised); the others are matched case-insensitively.
_CASE_SENSITIVE = {"byline", "credit"}

# --- 2. sidebars: a header line, then a list of headlines.
_SIDEBAR_HEADER = (
    r"(?i)^(?:most (?:read|popular|viewed|shared)(?: (?:in|on|from) .{1,40})?|read more(?: (?:on|from) .{1,40})?"
    r"|more (?:from|on|in) .{1,40}|trending(?: now| stories| in .{1,40})?|related (?:coverage|articles|stories|content|links)"
    r"|you (?:may|might) also like|recommended(?: for you| stories)?|top stories|latest (?:news|stories)|more stories"
    r"|don'?t miss|editor'?s picks|in other news|what'?s trending|more on this story|popular now)\W*$"
)
_SIDEBAR_ITEM_MAX_WORDS = 25

# --- 3. shape. A sentence ends with . ! ? … a closing quote or bracket, or leads into a quote with a colon.
_ENDS_LIKE_SENTENCE = r"[.!?…:;,\"”’')\]]$"
_ALT_TEXT_MAX_WORDS = 15
_HEADING_MAX_WORDS = 4
_CAPTION_MIN_WORDS = 16
# Body text that lost only its final full stop: several sentences, long. Captions are one sentence, or a short
# tag line before one ("Onward to victory? A soldier waves ...").
_UNTERMINATED_BODY_MIN_WORDS = 30
_SENTENCE_BREAK = r"[.!?][\"”’')]*\s+[\p{Lu}\"“‘]"

# --- 4. repetition.
_NEAR_DUPLICATE = 90  # rapidfuzz ratio of two whole paragraphs
_CONTAINED = 95  # partial ratio of a shorter paragraph inside a longer one
_CONTAINED_MIN_WORDS = 8
_SHARED_WORDS = 0.8  # of the shorter paragraph's distinct words, for a pair to be compared at all
_FURNITURE_MIN_ARTICLES = 3
_FURNITURE_MAX_SHARED = 0.5  # articles that share most of their paragraphs are copies, not furniture

REASONS = (
    "see_also", "sidebar", "related_link", "caption", "image_alt", "newsletter", "comment_form", "byline", "credit",
    "duplicate", "heading", "advertisement", "share", "copyright", "source_link", "furniture",
)


def _normalised(text: pl.Expr) -> pl.Expr:
    """Lower case, letters and digits only: the form paragraphs are compared in."""
    return text.str.to_lowercase().str.replace_all(r"[^\p{L}\p{N}]+", " ").str.strip_chars()


def _by_wording(text: pl.Expr, words: pl.Expr) -> pl.Expr:
    reason = pl.lit(None, dtype=pl.String)
    for name, pattern in reversed(_PATTERNS):
        flags = "" if name in _CASE_SENSITIVE else "(?i)"
        hit = text.str.contains(flags + pattern)
        if name not in ("caption", "copyright"):  # captions and copyright lines can be long
            hit = hit & (words <= _SHORT)
        reason = pl.when(hit).then(pl.lit(name)).otherwise(reason)
    return reason


def _by_shape(text: pl.Expr, words: pl.Expr) -> pl.Expr:
    """Paragraphs that do not end like a sentence, named by what they look like."""
    first = text.str.slice(0, 1)
    title_case = text.str.contains(r"^(?:[\p{Lu}\d][\p{L}\d'’.-]*|of|and|the|in|on|at|for|to|a)(?:\s+(?:[\p{Lu}\d][\p{L}\d'’.-]*|of|and|the|in|on|at|for|to|a))*$")
    return (
        pl.when(text.str.contains(_ENDS_LIKE_SENTENCE)
                | (text.str.contains(_SENTENCE_BREAK) & (words >= _UNTERMINATED_BODY_MIN_WORDS)))
        .then(pl.lit(None, dtype=pl.String))
        .when((first != first.str.to_uppercase()) & (words <= _ALT_TEXT_MAX_WORDS))
        .then(pl.lit("image_alt"))
        .when((words <= _HEADING_MAX_WORDS) & title_case)
        .then(pl.lit("heading"))
        .when(words >= _CAPTION_MIN_WORDS)
        .then(pl.lit("caption"))
        .otherwise(pl.lit("related_link"))
    )


def _sidebars(df: pl.DataFrame) -> tuple[pl.Series, pl.Series]:
    """(in a sidebar, is a sidebar header): the header and the headline-shaped paragraphs that follow it."""
    header = pl.col("text").str.contains(_SIDEBAR_HEADER) & (pl.col("words") <= 10)
    # a headline may end in a question or a quoted phrase (... ‘looks like it costs £100’), not in a full stop
    headline_shaped = ~pl.col("text").str.contains(r"[.;:…][\"”’')]*$") & (pl.col("words") <= _SIDEBAR_ITEM_MAX_WORDS)
    run = (header | ~headline_shaped).cum_sum().over("article_id", order_by="paragraph_index")
    out = df.with_columns(header=header, headline_shaped=headline_shaped).with_columns(
        run=run
    ).with_columns(
        in_sidebar=pl.col("header").first().over(["article_id", "run"], order_by="paragraph_index")
        & ~pl.col("header")
        & pl.col("headline_shaped")
    )
    return out["in_sidebar"], out["header"]


def _near_duplicates(texts: list[str], removed: list[bool]) -> list[bool]:
    """Within one article: True for the copy to drop of each near-duplicate pair among the kept paragraphs.

    The copy that does not end like a sentence goes (a caption repeated as body text), else the shorter one when it
    is contained in the longer, else the later one."""
    candidates = [i for i, t in enumerate(texts) if not removed[i] and len(t.split()) >= 6]
    drop = [False] * len(texts)
    if len(candidates) < 2:
        return drop
    words = [re.findall(r"\w+", texts[i].lower()) for i in candidates]
    norm = [" ".join(w) for w in words]
    vocab = [set(w) for w in words]
    ends = [bool(re.search(_ENDS_LIKE_SENTENCE, texts[i])) for i in candidates]
    for a in range(len(candidates)):
        for b in range(a + 1, len(candidates)):
            i, j = candidates[a], candidates[b]
            if drop[i] or drop[j]:
                continue
            short, long_ = (a, b) if len(norm[a]) < len(norm[b]) else (b, a)
            # a copy shares nearly all its words: the cheap test first, the edit distance only for the few left
            if len(vocab[short] & vocab[long_]) < _SHARED_WORDS * len(vocab[short]):
                continue
            if fuzz.ratio(norm[a], norm[b], score_cutoff=_NEAR_DUPLICATE):
                loser = j if ends[a] or not ends[b] else i
            elif (len(words[short]) >= _CONTAINED_MIN_WORDS and len(norm[short]) <= 0.9 * len(norm[long_])
                  and fuzz.partial_ratio(norm[short], norm[long_], score_cutoff=_CONTAINED)):
                loser = candidates[short]
            else:
                continue
            drop[loser] = True
    return drop


def _furniture(df: pl.DataFrame) -> pl.Series:
    """Paragraphs repeated in many articles that otherwise share little: the site's own lines, not syndication."""
    keyed = df.select("article_id", "paragraph_index", key=_normalised(pl.col("text")))
    spread = keyed.group_by("key").agg(n_articles=pl.col("article_id").n_unique())
    repeated = keyed.join(spread, on="key").with_columns(is_repeated=pl.col("n_articles") >= 2)
    # How much of each article is repeated elsewhere: near 1 for a syndicated copy, low for an article with furniture.
    shared = repeated.group_by("article_id").agg(shared=pl.col("is_repeated").mean())
    flagged = repeated.join(shared, on="article_id").with_columns(
        furniture=(pl.col("n_articles") >= _FURNITURE_MIN_ARTICLES)
        & (pl.col("shared").mean().over("key") < _FURNITURE_MAX_SHARED)
    )
    return df.join(flagged.select("article_id", "paragraph_index", "furniture"), on=["article_id", "paragraph_index"],
                   how="left", maintain_order="left")["furniture"].fill_null(False)


def classify(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """Add `reason` (null = body text) to a frame of `article_id`, `paragraph_index`, `text`."""
    return classify_marked(mark_furniture(paragraphs))


def mark_furniture(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """The paragraphs in article order with `furniture`: whether the corpus repeats them as site furniture. The
    one signal that depends on other articles; classify_marked needs only each article's own rows besides."""
    df = paragraphs.sort("article_id", "paragraph_index")
    return df.with_columns(furniture=_furniture(df))


def classify_marked(marked: pl.DataFrame) -> pl.DataFrame:
    """classify, for paragraphs of whole articles that mark_furniture has marked (in the corpus they belong to)."""
    df = marked.with_columns(words=pl.col("text").str.count_matches(r"\S+").cast(pl.Int32))
    in_sidebar, header = _sidebars(df)
    df = df.with_columns(
        reason=pl.coalesce(
            _by_wording(pl.col("text"), pl.col("words")),
            pl.when(header | in_sidebar).then(pl.lit("sidebar")),
            pl.when("furniture").then(pl.lit("furniture")),
        )
    )
    # each article's paragraphs (df is in article order) as slices of two lists: a polars frame per article
    # cost about a second of the 6 s of cleaning 3,000 articles
    texts, removed = df["text"].to_list(), df["reason"].is_not_null().to_list()
    duplicate, start = [], 0
    for size in df.group_by("article_id", maintain_order=True).len()["len"].to_list():
        duplicate.extend(_near_duplicates(texts[start:start + size], removed[start:start + size]))
        start += size
    df = df.with_columns(reason=pl.coalesce(
        "reason",
        pl.when(pl.Series(duplicate, dtype=pl.Boolean)).then(pl.lit("duplicate")),
        _by_shape(pl.col("text"), pl.col("words")),
    ))
    return df.drop("words", "furniture")
