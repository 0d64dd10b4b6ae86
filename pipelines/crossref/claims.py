"""One quantity as several articles (or one article, twice) gave it: numeric claims of one story, in one
normalised unit, about the same thing, side by side so that differing figures stand out.

What a claim is about comes from its topic words: the head of its subject ("Russian soldiers" -> soldier), the
nearest content word before the number (what was "advanced", "reclaimed"...) and the noun after a preposition
that follows it ("... from Russia", "... of territory"), singularised. Claims compare within a block of one
story and one normalised unit (m, m2, count, USD...), never across stories: the same figure about another event
is no disagreement. In that block two claims match when they share a topic word, their subjects (where both
have one) have the same head, and no capitalised modifier tells them apart ("Russian soldiers" / "Ukrainian
soldiers"). Two claims of one article must share a context word (before or after the number), since an article
counts "people" many times over for different things; towards another article a claim keeps only its best
match there. Matches join into groups (connected components).

Scaling: blocks are a story's claims in one unit, so the pairwise comparisons stay small however large the
corpus.
"""
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import polars as pl

from pipelines.crossref.grouping import connected_groups
from pipelines.crossref.tokens import first_words, is_content_word, last_content_word, words

# prepositions whose object says what a number measures: "3 km from the border", "20 square miles of farmland"
_OBJECT_PREPOSITIONS = {"of", "from", "into", "inside", "across", "toward", "towards", "behind", "beyond", "to"}
_AFTER_WINDOW = 4  # words after the number searched for one of those prepositions
_ORDINARY_MODIFIER = {"the", "a", "an"}

SCHEMA = {"article_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32,
          "representative_article_id": pl.String, "representative_char_start": pl.Int32,
          "representative_char_end": pl.Int32, "topic": pl.String}


def singular(word: str) -> str:
    """A crude singular for matching: soldiers -> soldier, casualties -> casualty, losses -> loss."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True)
class Topic:
    head: str | None  # of the subject
    modifiers: frozenset[str]  # the subject's capitalised words before its head (Russian, Ukrainian)
    context: frozenset[str]  # the word before the number and the object after it

    @property
    def words(self) -> frozenset[str]:
        return self.context | ({self.head} if self.head else frozenset())


@lru_cache(maxsize=1 << 16)
def _subject_topic(subject: str | None) -> tuple[str | None, frozenset[str]]:
    """A subject's head and capitalised modifiers (Topic's). Cached: claims repeat their subjects (3,000
    articles: 36,924 claims, 5,243 subjects)."""
    subject_words = words(subject or "")
    head = singular(subject_words[-1]) if subject_words else None
    return head, frozenset(w.lower() for w in (subject or "").split()[:-1]
                           if w[:1].isupper() and w.lower() not in _ORDINARY_MODIFIER)


def topic(text: str, subject: str | None, sentence: str | None) -> Topic:
    """What a claim (its span `text`, as written inside `sentence`) is about."""
    head, modifiers = _subject_topic(subject)
    context = set()
    at = (sentence or "").find(text)
    if at >= 0:
        before = last_content_word(sentence[:at])
        if before:
            context.add(singular(before))
        after = first_words(sentence[at + len(text):], _AFTER_WINDOW + 1)
        for i, word in enumerate(after[:_AFTER_WINDOW]):
            if word in _OBJECT_PREPOSITIONS:
                objects = [w for w in after[i + 1:] if is_content_word(w)]
                if objects:
                    context.add(singular(objects[0]))
                break
    return Topic(head, modifiers, frozenset(context))


def shared_topic(a: Topic, b: Topic, same_article: bool) -> str | None:
    """The word two claims' topics share, or None when they are about different things."""
    if a.modifiers and b.modifiers and a.modifiers != b.modifiers:
        return None
    if a.head and b.head and a.head != b.head:
        return None
    shared = (a.context & b.context) if same_article else (a.words & b.words)
    if not shared:
        return None
    return a.head if a.head and a.head == b.head else min(shared)


def _links(block: list[int], articles: list[str], topics: list[Topic]) -> dict[tuple[int, int], str]:
    """Matching pairs in one block: within an article every match; towards another article only each claim's
    best match there (the most topic words shared), so that copies pair their "120 people" and "30 people"
    one to one instead of joining every count of people."""
    links = {}
    for i in block:
        best = {}  # other article -> (shared words, claim, topic word)
        for j in block:
            if j == i:
                continue
            word = shared_topic(topics[i], topics[j], articles[i] == articles[j])
            if not word:
                continue
            if articles[i] == articles[j]:
                links[min(i, j), max(i, j)] = word
                continue
            overlap = len(topics[i].words & topics[j].words)
            if articles[j] not in best or overlap > best[articles[j]][0]:
                best[articles[j]] = (overlap, j, word)
        for _, j, word in best.values():
            links[min(i, j), max(i, j)] = word
    return links


def claim_topics(claims: pl.DataFrame) -> dict[tuple[str, int, int], Topic]:
    """The topic of each claim that compare_claims compares (those with a normalised unit), by (article_id,
    char_start, char_end). Needs no stories: the cross-reference computes it while entities are joined."""
    return {(article, start, end): topic(text, subject, sentence) for article, start, end, text, subject, sentence
            in claims.filter(pl.col("normalized_unit").is_not_null())
            .select("article_id", "char_start", "char_end", "text", "subject", "sentence").iter_rows()}


def compare_claims(claims: pl.DataFrame, stories: pl.DataFrame,
                   topics: dict[tuple[str, int, int], Topic] | None = None) -> pl.DataFrame:
    """Groups of claims (article_id, text, normalized_unit, subject, sentence, char_start, char_end) about one
    quantity, given the stories (article_id, story_id) and, if already computed, the claims' claim_topics. One row
    per member claim, with its group's representative claim (the first, by article and offset) and the group's
    topic: its members' most common subject head, else the topic word its matches share most."""
    if claims.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    topic_of = claim_topics(claims) if topics is None else topics
    claims = (claims.filter(pl.col("normalized_unit").is_not_null())
              .join(stories.select("article_id", "story_id"), on="article_id")
              .sort("article_id", "char_start"))
    rows = claims.select("article_id", "char_start", "char_end", "story_id", "normalized_unit").rows()
    articles = [row[0] for row in rows]
    topics = [topic_of[row[:3]] for row in rows]
    blocks = defaultdict(list)
    for i, row in enumerate(rows):
        blocks[row[3], row[4]].append(i)
    links = {pair: word for block in blocks.values() for pair, word in _links(block, articles, topics).items()}
    groups = [sorted(g) for g in connected_groups(range(len(rows)), links) if len(g) > 1]
    group_of = {i: n for n, group in enumerate(groups) for i in group}
    words_used = defaultdict(Counter)  # group -> the topic words its links were made on
    for (i, _), word in links.items():
        words_used[group_of[i]][word] += 1
    result = []
    for n, group in enumerate(groups):
        heads = Counter(topics[i].head for i in group if topics[i].head)
        label = (heads or words_used[n]).most_common(1)[0][0]
        first = rows[group[0]]
        result += [(*rows[i][:3], *first[:3], label) for i in group]
    return pl.DataFrame(result, schema=SCHEMA, orient="row")
