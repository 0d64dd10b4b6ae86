"""Corpus-wide entities: the mentions' spellings joined into entities, every joining decision recorded.

A spelling here is a mention's in-article full name, else its own name (entities.py). Spellings join by:
  exact                 the same letters up to case, accents and apostrophes ("King’s College" ~ "King's College")
  in_article_surname    the article gives the full name a short form stands for (entities.py)
  in_article_first_name
  in_article_acronym
  in_article_feature    ("the Tamsa" for the article's "Tamsa River")
  spelling_variant      the same after folding transliteration variants: y/i, doubled letters, punctuation
                        (Zelenskyy ~ Zelensky, Donbass ~ Donbas, Balakliya ~ Balakliia, U.S. ~ US)
  exonym                a word maps to the other by the curated table exonyms.csv (Kiev -> Kyiv)
  fuzzy+<evidence>      similar spelling (names.spelling_similarity >= 0.8 over the words spelt differently,
                        romanisation differences such as h/g, ts/tz, w/v counting half) and evidence that it is
                        one thing: a first name however romanised (Oleksandr/Aleksandr), another shared word
                        of a place name ("X River"), shared role words ("political analyst"), a parallel sentence (copies of one
                        story), the same other names in their articles (cooccurrence: a follow-up story), or one
                        spelling being a one-off in an article that uses the other. The closer the spellings,
                        the less evidence is needed; never across types, a name and its derivative
                        (Russia/Russian, Kharkiv/Kharkivka), two names in one sentence, or two names an article
                        keeps repeating side by side. Kharkiv/Kherson (0.38) are never candidates.
  corpus_surname        a bare surname whose only full-name owner in the corpus is one person (Putin)
  surname               a person's surname listed as an alias even where no article writes it alone (Fedorov),
                        when no other person in the corpus has it
An entity's type is voted by all its mentions: spaCy's label, weighted by how far spaCy can be trusted on that
form (_label_vote), plus the context cues of entities.py ("the city of X", "Mayor X", "Ukrainian troops") and
a demonym the corpus uses ("Valmerian" troops: Valmeria is a place). Where spaCy labels a one-word name
inconsistently, the context decides.

Scaling: one pass over the mentions builds one node per distinct spelling; exact, spelling-variant and exonym
joins are hash lookups. Fuzzy candidates are compared only within blocks (same type family and the same first
two letters, or the same last three letters, of the transliteration key) with rapidfuzz's cdist, so the cost is the
sum of squared block sizes, not the square of all names; evidence is computed only for pairs above the cutoff,
and sentence contexts only for pairs the cheaper evidence leaves short. Measured: 120k synthetic mentions of 20k
dense, transliteration-like spellings resolve in about 15-20 s on one core.
"""
import csv
import hashlib
import math
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import polars as pl
from rapidfuzz import fuzz, process

from pipelines.split import split_in_two
from pipelines.text.names import name_key, same_first_name, spelling_key, spelling_similarity, translit_key

FAMILY = {"GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}  # the rest: its own label
FAMILY_ORDER = ("PERSON", "PLACE", "ORG", "NORP")  # tie-break among voted types
PERSON_FORMS = ("in_article_surname", "in_article_first_name")  # resolutions of a short form to a person
DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "i", "ish")
DEMONYM_CUE = 2.0  # as strong as "the city of X"
SIMILARITY_CUTOFF = 80
PREFIX, SUFFIX = 2, 3  # block keys: first and last letters of the folded spelling
MENTION_ORDER = ["article_id", "char_start", "char_end"]
ROW_SLICE = 50_000
CONTEXT_SAMPLE = 30  # mentions per spelling compared for context evidence (30 x 30 sentence pairs at most)
CONTEXT_CACHE = 4096
# Context evidence is the weighted Jaccard of the best pair of sentences; on the seeds, copies of one sentence
# holding the two spellings score 0.4-0.85 and other sentence pairs mostly under 0.35, so 0.67 counts in full.
CONTEXT_SCALE = 1.5
# Co-occurrence evidence is the idf-weighted Jaccard of the names in the two spellings' articles: copies of one
# story score 0.6-1, a follow-up 0.3, other reports of one war 0-0.26; 0.6 counts 0.9.
COOCCURRENCE_SCALE = 1.5

ASSIGNMENT_SCHEMA = {"mention_id": pl.String, "article_id": pl.String, "entity_id": pl.String,
                     "mention_text": pl.String, "label": pl.String, "char_start": pl.Int32, "char_end": pl.Int32}
ENTITY_SCHEMA = {"entity_id": pl.String, "canonical_name": pl.String, "entity_type": pl.String,
                 "aliases": pl.List(pl.String), "mention_count": pl.Int64, "article_count": pl.Int64}
SPELLING_SCHEMA = {"spelling": pl.String, "key": pl.String, "fold": pl.String, "translit": pl.String}
ALIAS_SCHEMA = {"entity_id": pl.String, "alias": pl.String, "method": pl.String, "score": pl.Float64,
                "matched_alias": pl.String, "evidence": pl.String}


@dataclass(eq=False)
class _Node:
    """One distinct spelling (by name_key) with everything its mentions say. The cached properties are read
    only once all mentions are in."""
    key: str
    spellings: Counter = field(default_factory=Counter)  # as written -> mentions
    articles: Counter = field(default_factory=Counter)  # article_id -> mentions
    labels: Counter = field(default_factory=Counter)
    label_votes: Counter = field(default_factory=Counter)  # type family -> weight of NER's labels
    cue_votes: Counter = field(default_factory=Counter)  # type family -> weight of context cues
    roles: set = field(default_factory=set)
    sentences: list = field(default_factory=list)  # the distinct sentences (numbers) of its mentions
    # the context words of its first CONTEXT_SAMPLE mentions, as tuples: a frozenset costs five times the memory
    contexts: list = field(default_factory=list)
    short_forms: dict = field(default_factory=dict)  # in-article short spelling -> resolution
    person_evidence: bool = False  # a title, a role or an in-article surname: a person beyond spaCy's label

    @cached_property
    def words(self) -> list[str]:
        return self.key.split()

    @cached_property
    def fold(self) -> str:
        return spelling_key(self.key)

    @cached_property
    def translit(self) -> str:
        return translit_key(self.key)

    @cached_property
    def display(self) -> str:
        return _most_frequent(self.spellings)

    @cached_property
    def family(self) -> str:
        return _voted_family([self])

    @cached_property
    def first_name(self) -> str | None:
        return self.words[0] if len(self.words) > 1 and self.family == "PERSON" else None


@dataclass(frozen=True)
class _Join:
    a: str
    b: str
    method: str
    score: float
    evidence: str = ""


def resolve_entities(mentions: pl.DataFrame, second_core_free: Callable[[], bool] = lambda: False
                     ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """(assignments, entities, aliases) for the whole corpus's mentions (extract_mentions rows + article_id).
    Where second_core_free() says so when the fuzzy candidates are weighed, half of them are weighed in a
    forked process (split_in_two); the result is the same either way.

    assignments: one row per mention with its entity_id; entities: entity_id (a hash of type and canonical
    name, so stable across runs), canonical_name (the most frequent full spelling, a tie to the longer),
    entity_type, aliases, mention_count, article_count; aliases: one row per spelling of an entity with the
    method and score of the decision that joined it and the spelling it was matched to."""
    return resolve_with_spellings(mentions, second_core_free)[:3]


def resolve_with_spellings(mentions: pl.DataFrame, second_core_free: Callable[[], bool] = lambda: False
                           ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """resolve_entities' tables and a fourth: each distinct spelling with its node key and the node's folded and
    transliteration keys (SPELLING_SCHEMA), which an incremental update (entity_updates) reads rather than
    working them out again for the whole corpus."""
    if mentions.is_empty():
        return (pl.DataFrame(schema=ASSIGNMENT_SCHEMA), pl.DataFrame(schema=ENTITY_SCHEMA),
                pl.DataFrame(schema=ALIAS_SCHEMA), pl.DataFrame(schema=SPELLING_SCHEMA))
    mentions = _keyed(mentions)
    order = mentions.select(pl.arg_sort_by(MENTION_ORDER)).to_series()
    nodes, spread = _nodes(mentions, order)
    groups = _Groups(nodes)
    contexts = _Contexts(len(nodes), spread)
    neighbours = _article_names((n.translit, n.articles) for n in nodes.values())
    for join in _joins(nodes, groups, contexts, neighbours, second_core_free):
        groups.union(join)
    return *_tables(mentions, order, nodes, groups), spelling_keys(mentions, nodes)


def spelling_keys(keyed: pl.DataFrame, nodes: dict[str, "_Node"]) -> pl.DataFrame:
    """The distinct spellings of keyed mentions with their nodes' keys (SPELLING_SCHEMA)."""
    spellings = keyed.select("spelling", "key").unique().sort("spelling")
    return spellings.with_columns(fold=pl.col("key").replace_strict({k: n.fold for k, n in nodes.items()}),
                                  translit=pl.col("key").replace_strict({k: n.translit for k, n in nodes.items()})
                                  ).cast(SPELLING_SCHEMA)


def _keyed(mentions: pl.DataFrame, known: dict[str, str] | None = None) -> pl.DataFrame:
    """Each mention with its spelling, the spelling's node key (from `known` where it has the spelling), a number
    for its sentence, and whether it is among the first CONTEXT_SAMPLE mentions of its node. Per-mention Python
    objects are what fill memory at 10,000 articles, so the nodes keep numbers and a sample of context words."""
    spelled = mentions.with_columns(spelling=pl.coalesce("full_name", "name"))
    spellings, known = spelled["spelling"].unique(), known or {}
    return spelled.with_columns(key=pl.col("spelling").replace_strict(
        spellings, [known.get(s) or name_key(s) for s in spellings], return_dtype=pl.String)
                                ).with_columns(
        sentence=pl.struct("article_id", "sentence_start").rank("dense"),
        sampled=pl.int_range(pl.len()).over("key", order_by=MENTION_ORDER) < CONTEXT_SAMPLE,
    )


def _rows_in_order(mentions: pl.DataFrame, order: pl.Series):
    """The rows as dicts in MENTION_ORDER, ROW_SLICE at a time: a sorted copy of the frame (its lists of words
    above all) would cost several times the frame."""
    for first in range(0, len(order), ROW_SLICE):
        yield from mentions[order.slice(first, ROW_SLICE)].iter_rows(named=True)


def _people(mentions: pl.DataFrame) -> tuple[set[str], set[str]]:
    """The words of people's full names, and the spellings a title, role or short form vouches for as people:
    what a PERSON label's vote weighs (_label_vote)."""
    person_cue = pl.col("person_cue").fill_null(0) != 0
    columns = mentions.select("name", "spelling", "label", "person_cue", "resolution")  # filtered without the lists
    person_words = {spelling_key(w) for name in columns.filter((pl.col("label") == "PERSON") | person_cue)[
        "name"].unique() if len(name.split()) > 1 for w in name_key(name).split()}
    vouched_people = {name_key(s) for s in columns.filter(
        person_cue | pl.col("resolution").is_in(PERSON_FORMS))["spelling"].unique()}
    return person_words, vouched_people


def _nodes(mentions: pl.DataFrame, order: pl.Series, people: tuple[set[str], set[str]] | None = None,
           nationalities: set[str] | None = None) -> tuple[dict[str, _Node], Counter]:
    """The spellings' nodes, and for each context word the number of spellings whose mentions have it. people
    (_people) and nationalities (_add_demonym_cues) default to what these mentions say; a caller building the
    nodes of some spellings only passes the whole corpus's."""
    person_words, vouched_people = people or _people(mentions)
    nodes: dict[str, _Node] = {}
    shared_words = {}  # one string object per context word, however many samples hold it
    unsampled = defaultdict(set)  # node key -> the context words of its mentions beyond the sample
    for r in _rows_in_order(mentions, order):
        key = r["key"]
        node = nodes.get(key) or nodes.setdefault(key, _Node(key))
        node.spellings[r["spelling"]] += 1
        node.articles[r["article_id"]] += 1
        node.labels[r["label"]] += 1
        family, weight = _label_vote(r, person_words, vouched_people)
        node.label_votes[family] += weight
        for family, cue in (("PERSON", r["person_cue"]), ("PLACE", r["place_cue"]), ("NORP", r["norp_cue"])):
            node.cue_votes[family] += cue
        node.roles.update(r["role_words"] or [])
        if not node.sentences or node.sentences[-1] != r["sentence"]:  # rows in text order: one sentence's are together
            node.sentences.append(r["sentence"])
        context = r["context_words"] or ()
        words = map(shared_words.setdefault, context, context)
        if r["sampled"]:
            node.contexts.append(tuple(dict.fromkeys(words)))
        else:
            unsampled[key].update(words)
        if r["resolution"] and name_key(r["name"]) != node.key:
            node.short_forms.setdefault(r["name"], r["resolution"])
        node.person_evidence |= bool(r["person_cue"]) or r["resolution"] == "in_article_surname"
    _add_demonym_cues(nodes, nationalities)
    spread = Counter(w for k, n in nodes.items() for w in unsampled.get(k, set()).union(*n.contexts))
    return dict(sorted(nodes.items())), spread


def _label_vote(r: dict, person_words: set[str], vouched_people: set[str]) -> tuple[str, float]:
    """One mention's NER label as a type vote, weighted by how far spaCy's small model can be trusted on that
    form: it calls many one-word places PERSON ("Kyiv said") or ORG ("Crimea"), and two-word places PERSON
    ("Kryvyi Rih"). A one-word PERSON counts only when the word belongs to some person's full name (or a title
    or role goes with it), a longer one half unless some mention of it has a title, role or short form; a
    one-word title-case ORG counts half. A resolved short form votes for the kind of name it shortens; a name
    NER missed (in_article_repeat) only borrowed its label, so it does not vote."""
    resolution, words, family = r["resolution"], r["name"].split(), _family(r["label"])
    if resolution in PERSON_FORMS:
        return "PERSON", 1.0
    if resolution == "in_article_feature":
        return "PLACE", 1.0
    if resolution == "in_article_repeat":
        return family, 0.0
    if r["label"] == "PERSON" and not r["person_cue"]:
        if len(words) == 1:
            return family, float(spelling_key(words[0]) in person_words)
        return family, 1.0 if name_key(r["spelling"]) in vouched_people else 0.5
    if len(words) == 1 and r["label"] == "ORG" and not r["name"].isupper():
        return family, 0.5
    return family, 1.0


def _add_demonym_cues(nodes: dict[str, _Node], nationalities: set[str] | None = None) -> None:
    """A one-word name whose demonym the corpus uses as a nationality is a place: Valmeria (Valmerian),
    Ukraine (Ukrainian), Israel (Israeli). The nationalities: the folded one-word names mostly labelled NORP."""
    if nationalities is None:
        nationalities = {n.fold for n in nodes.values()
                         if len(n.words) == 1 and n.labels.most_common(1)[0][0] == "NORP"}
    for n in nodes.values():
        if len(n.words) != 1 or n.fold in nationalities:
            continue
        stems = {n.fold, n.fold[:-1]} if n.fold[-1:] in "aeiou" else {n.fold}
        if any(stem + ending + plural in nationalities
               for stem in stems for ending in DEMONYM_SUFFIXES for plural in ("", "s")):
            n.cue_votes["PLACE"] += DEMONYM_CUE


def _family(label: str) -> str:
    return FAMILY.get(label, label)


def _voted_family(group: list[_Node]) -> str:
    """The type family the mentions of one or more spellings vote for: NER's weighted labels plus the context
    cues. Where NER gives a one-word name labels of different families, the labels together weigh one vote and
    the context decides ("Brodiv" ORG in one sentence, GPE in the next, "in Brodiv" in a third)."""
    labels = +sum((n.label_votes for n in group), Counter())  # unary plus: the families with a positive vote
    if all(len(n.words) == 1 for n in group) and len(labels) > 1:
        total = sum(labels.values())
        labels = Counter({f: v / total for f, v in labels.items()})
    votes = labels + sum((n.cue_votes for n in group), Counter())
    return _top_family(votes or Counter(_family(lb) for n in group for lb in n.labels.elements()))


def _top_family(votes: Counter) -> str:
    rank = {f: i for i, f in enumerate(FAMILY_ORDER)}
    return min(votes, key=lambda f: (-votes[f], rank.get(f, len(rank)), f))


def _most_frequent(counts: Counter) -> str:
    """The most frequent spelling; a tie goes to the longer, then the first in sort order."""
    return min(counts, key=lambda s: (-counts[s], -len(s), s))


class _Groups:
    """Union-find over spellings that keeps the joins it made and refuses to put two first names in one
    person (Mike Martin and George Martin stay apart whatever joins them)."""

    def __init__(self, nodes: dict[str, _Node]):
        self.parent = {k: k for k in nodes}
        self.first_names = {k: {n.first_name} - {None} for k, n in nodes.items()}
        self.joins: list[_Join] = []

    def find(self, k: str) -> str:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def compatible(self, a: str, b: str) -> bool:
        fa, fb = self.first_names[self.find(a)], self.first_names[self.find(b)]
        return not fa or not fb or any(same_first_name(x, y) for x in fa for y in fb)

    def union(self, join: _Join) -> None:
        ra, rb = self.find(join.a), self.find(join.b)
        if ra == rb or not self.compatible(ra, rb):
            return
        ra, rb = min(ra, rb), max(ra, rb)
        self.parent[rb] = ra
        self.first_names[ra] |= self.first_names.pop(rb)
        self.joins.append(join)

    def members(self) -> dict[str, list[str]]:
        out = defaultdict(list)
        for k in self.parent:
            out[self.find(k)].append(k)
        return out


def _joins(nodes: dict[str, _Node], groups: _Groups, contexts: "_Contexts", neighbours: "_ArticleNames",
           second_core_free: Callable[[], bool], only_with: set[str] | None = None):
    """Candidate joins in order of confidence; each is applied (or refused) before the next is proposed, so
    later steps see the groups the earlier ones made. only_with: weigh only fuzzy pairs with one of these
    spellings."""
    yield from _key_joins(nodes, lambda n: n.fold, "spelling_variant", same_family=True)
    yield from _key_joins(nodes, lambda n: endonym_key(n.fold), "exonym", same_family=False)
    yield from _fuzzy_joins(nodes, contexts, neighbours, second_core_free, only_with)
    yield from _surname_joins(nodes, groups)


def _key_joins(nodes: dict[str, _Node], key, method: str, same_family: bool):
    by_key = defaultdict(list)
    for n in nodes.values():
        by_key[(key(n), n.family if same_family else "")].append(n)
    for group in by_key.values():
        for other in group[1:]:
            yield _Join(group[0].key, other.key, method, 1.0, f"{group[0].fold!r} = {other.fold!r}")


@lru_cache(maxsize=1)
def _exonyms() -> dict[str, str]:
    with open(Path(__file__).with_name("exonyms.csv"), encoding="utf-8") as f:
        return {spelling_key(r["exonym"]): spelling_key(r["endonym"]) for r in csv.DictReader(f)}


def endonym_key(fold: str) -> str:
    """A folded spelling with each exonym word replaced by its endonym (kiev -> kyiv)."""
    return " ".join(_exonyms().get(w, w) for w in fold.split())


def _derived_name(a: str, b: str) -> bool:
    """Russia/Russian, Ukraine/Ukrainian, Kharkiv/Kharkivka: a name and a word derived from it (the name, less
    perhaps a final vowel, plus an ending) are two things; a plural (Russian/Russians) is not a new word."""
    short, long = sorted((a, b), key=len)
    stems = [short] + ([short[:-1]] if short[-1:] in "aeiou" else [])
    return len(long) > len(short) and any(
        long.startswith(stem) and (len(long) - len(stem) >= 2 or long[len(stem):] in ("n", "i")) for stem in stems)


def _fuzzy_joins(nodes: dict[str, _Node], contexts: "_Contexts", neighbours: "_ArticleNames",
                 second_core_free: Callable[[], bool], only_with: set[str] | None):
    listed = list(nodes.values())  # in key order
    pairs = _blocked_pairs(listed)
    if only_with is not None:
        wanted = np.array([n.key in only_with for n in listed])
        pairs = pairs[wanted[pairs // len(listed)] | wanted[pairs % len(listed)]]

    def candidates(codes: np.ndarray) -> list[tuple]:
        found = []
        for code in codes:
            na, nb = (listed[i] for i in divmod(int(code), len(listed)))
            a, b = na.key, nb.key
            sim = _similarity(na, nb)
            if sim is None or sim < SIMILARITY_CUTOFF / 100 or _kept_apart(na, nb):
                continue
            evidence = _evidence(na, nb, _evidence_needed(sim), contexts, neighbours)
            strength = _strength(evidence)
            if strength >= _evidence_needed(sim):
                detail = "; ".join(f"{k}={v:.2f}" for k, v in evidence.items())
                found.append((-sim, -strength, a, b, _Join(a, b, "fuzzy+" + "+".join(evidence), round(sim, 3),
                                                           f"{detail}; evidence={strength:.2f}")))
        return found

    weighed = split_in_two(candidates, pairs) if second_core_free() else candidates(pairs)
    for *_, join in sorted(weighed, key=lambda c: c[:4]):  # (a, b) is unique: the order is the same either way
        yield join


def _evidence_needed(sim: float) -> float:
    """Near-identical spellings need a little evidence, distant ones a lot: 0.94 -> 0.12, 0.85 -> 0.48,
    0.8 -> 0.68."""
    return min(1.0, max(0.1, (0.97 - sim) * 4))


def _blocked_pairs(listed: list[_Node]) -> np.ndarray:
    """The pairs of nodes (listed in key order) in one block whose transliteration keys are similar, once each,
    in key order. Kept as numbers (i * len(listed) + j in one int64) until used: at 10,000 articles there are
    1.4 million."""
    blocks = defaultdict(list)
    for i, n in enumerate(listed):
        blocks[(n.family, "prefix", n.translit[:PREFIX])].append(i)
        blocks[(n.family, "suffix", n.translit[-SUFFIX:])].append(i)
    found = []
    for block in blocks.values():
        if len(block) < 2:
            continue
        keys = [listed[i].translit for i in block]
        scores = process.cdist(keys, keys, scorer=fuzz.ratio, score_cutoff=SIMILARITY_CUTOFF)
        rows, columns = scores.nonzero()
        upper = rows < columns  # a block lists its nodes in key order
        members = np.array(block, dtype=np.int64)
        found.append(members[rows[upper]] * len(listed) + members[columns[upper]])
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _similarity(a: _Node, b: _Node) -> float | None:
    """Spelling similarity (names.spelling_similarity) of two names of one shape, over the words they spell
    differently: a shared word is evidence, not similarity (Market Street/Mast Street compares market/mast).
    Two people must have one first name, however romanised; names of different lengths are not variants."""
    if a.family != b.family or len(a.words) != len(b.words):
        return None
    if a.first_name and b.first_name and not same_first_name(a.first_name, b.first_name):
        return None
    differing = [(x, y) for x, y in zip(a.words, b.words) if spelling_key(x) != spelling_key(y)]
    if a.first_name and b.first_name:
        differing = differing[1:] if len(differing) > 1 else differing
    return spelling_similarity(" ".join(x for x, _ in differing), " ".join(y for _, y in differing))


def _kept_apart(a: _Node, b: _Node) -> bool:
    """A name and its derivative, two names in one sentence, or two names one article repeats side by side, are
    two things."""
    shared = a.articles.keys() & b.articles.keys()
    both_repeated = any(a.articles[x] > 1 and b.articles[x] > 1 for x in shared)
    # a sentence lies in one article: most pairs share no article, so no set of sentences is needed
    one_sentence = bool(shared) and not frozenset(a.sentences).isdisjoint(b.sentences)
    return both_repeated or one_sentence or _derived_name(a.fold, b.fold)


class _Contexts:
    """The idf of context words over the spellings (`spread`: in how many of the `spellings` spellings' mentions
    each word is);
    per spelling, its sample of context words as sets with their total idf, made when a pair first needs them
    and kept for the CONTEXT_CACHE spellings made last (pairs come sorted, so one spelling's run of partners
    reuses its sets)."""

    def __init__(self, spellings: int, spread: Counter):
        self.idf = {w: math.log((1 + spellings) / (1 + c)) for w, c in spread.items()}
        self._made: dict[str, list[tuple[frozenset, float]]] = {}

    def sample(self, n: _Node) -> list[tuple[frozenset, float]]:
        found = self._made.get(n.key)
        if found is None:
            sets = [frozenset(words) for words in n.contexts]
            found = self._made[n.key] = [(words, sum(map(self.idf.__getitem__, words))) for words in sets]
            if len(self._made) > CONTEXT_CACHE:
                del self._made[next(iter(self._made))]  # the oldest
        return found


@dataclass(frozen=True)
class _ArticleNames:
    """Per article, the names it mentions (numbered transliteration keys, sorted); per name number, its idf over
    the articles. Numbers in arrays rather than sets of strings: a sample of articles around every spelling of
    10,000 articles as frozensets took hundreds of megabytes."""
    names: dict[str, np.ndarray]
    number: dict[str, int]
    idf: np.ndarray
    # per spelling: the names of a sample of its articles and their total idf, made once (a spelling meets
    # many candidate partners)
    _around: dict[str, tuple[np.ndarray, float]] = field(default_factory=dict)

    def around(self, n: _Node) -> tuple[np.ndarray, float]:
        if n.key not in self._around:
            found = np.unique(np.concatenate([self.names[art] for art in sorted(n.articles)[:CONTEXT_SAMPLE]]))
            self._around[n.key] = (found, float(self.idf[found].sum()))
        return self._around[n.key]


def _article_names(spellings) -> _ArticleNames:
    """From (transliteration key, the articles its mentions are in) per spelling."""
    number = {}
    names = defaultdict(set)
    for translit, articles in spellings:
        k = number.setdefault(translit, len(number))
        for article in articles:
            names[article].add(k)
    df = np.zeros(len(number))
    for keys in names.values():
        df[list(keys)] += 1
    return _ArticleNames({a: np.array(sorted(keys), dtype=np.int32) for a, keys in names.items()}, number,
                         np.log(len(names) / df))  # in every article: no weight


def _holds(found: np.ndarray, k: int) -> bool:
    """Whether the sorted array `found` holds k."""
    at = found.searchsorted(k)
    return bool(at < len(found) and found[at] == k)


def _intersection(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The values two sorted arrays of unique values share, sorted; a lookup of the shorter's values in the
    longer, where np.intersect1d would sort the two together."""
    if len(x) > len(y):
        x, y = y, x
    if not len(x):
        return x
    at = np.minimum(y.searchsorted(x), len(y) - 1)
    return x[y[at] == x]


def _cooccurrence(a: _Node, b: _Node, names: _ArticleNames) -> float:
    """The idf-weighted Jaccard of the other names in the articles of each spelling (a sample of them): copies
    and follow-ups of one story name the same people and places around a misspelt name. The union's weight
    comes from the two sides' totals, so a pair costs only its intersection. Each side names itself (in every
    one of its articles), so the two own names always leave the union, and the intersection where both name them."""
    own = {names.number[a.translit], names.number[b.translit]}
    (x, x_weight), (y, y_weight) = names.around(a), names.around(b)
    both = _intersection(x, y)
    in_both = float(names.idf[both].sum())
    shared = in_both - sum(names.idf[k] for k in own if _holds(both, k))
    union = x_weight + y_weight - in_both - sum(names.idf[k] for k in own)
    return float(shared / union) if union > 1e-9 else 0.0


def _strength(evidence: dict[str, float]) -> float:
    return 1 - math.prod(1 - v for v in evidence.values())


def _evidence(a: _Node, b: _Node, needed: float, contexts: _Contexts, names: _ArticleNames) -> dict[str, float]:
    """Signals, each in [0, 1], that two similar spellings name one thing; the costly context comparison only
    when the others fall short of what is needed."""
    evidence = {}
    if a.first_name and b.first_name:  # _similarity let them through: one first name
        evidence["first_name"] = 0.5 if spelling_key(a.first_name) == spelling_key(b.first_name) else 0.4
    elif a.family == "PLACE" and len(a.words) > 1 and {spelling_key(w) for w in a.words} & {
            spelling_key(w) for w in b.words}:  # "Tamsa River"/"Tamza River": one kind of feature. Organisations
        evidence["shared_word"] = 0.3  # share their head words too often ("X Institute") to count them
    shared_roles = a.roles & b.roles
    if shared_roles:
        evidence["role"] = min(0.9, 0.3 * len(shared_roles))
    if a.articles.keys() & b.articles.keys():  # not kept apart, so one of them is a one-off there
        evidence["same_article"] = 0.5
    elif _strength(evidence) < needed:
        shared = _cooccurrence(a, b, names)
        if shared >= 0.1:
            evidence["cooccurrence"] = min(0.9, COOCCURRENCE_SCALE * shared)
    if _strength(evidence) < needed:
        context = _context_similarity(a, b, contexts)
        if context >= 0.1:
            evidence["context"] = min(1.0, CONTEXT_SCALE * context)
    return evidence


def _context_similarity(a: _Node, b: _Node, contexts: _Contexts) -> float:
    """The idf-weighted Jaccard of the most alike pair of sentences, one around each spelling, that can hold
    the two in one slot: neither sentence names the other spelling (copies of "near Donbas and Moscow" are no
    evidence that Donbas is Moscow)."""
    a_words, b_words, weight, best = set(a.words), set(b.words), contexts.idf.__getitem__, 0.0
    # each side's sentences filtered once, not once per sentence of the other side
    xs = [(x, x_weight) for x, x_weight in contexts.sample(a) if not b_words <= x]
    ys = [(y, y_weight) for y, y_weight in contexts.sample(b) if not a_words <= y]
    for x, x_weight in xs:
        for y, y_weight in ys:
            if x.isdisjoint(y):
                continue
            shared = sum(map(weight, x & y))
            if shared:
                best = max(best, shared / (x_weight + y_weight - shared))
    return best


def _surname_joins(nodes: dict[str, _Node], groups: _Groups):
    """A bare surname joins the one person group in the corpus whose full names end with it."""
    owners = defaultdict(set)
    for n in nodes.values():
        if n.first_name:
            owners[spelling_key(n.words[-1])].add(n.key)
    for n in nodes.values():
        if len(n.words) == 1 and n.family == "PERSON":
            full = owners.get(n.fold, set())
            if len({groups.find(k) for k in full}) == 1:
                target = min(full)
                yield _Join(target, n.key, "corpus_surname", 1.0, f"the only person named {n.display}")


def _tables(mentions: pl.DataFrame, order: pl.Series, nodes: dict[str, _Node], groups: _Groups):
    edges = defaultdict(list)
    for j in groups.joins:
        edges[j.a].append((j.b, j))
        edges[j.b].append((j.a, j))
    built = []
    short = {j.b for j in groups.joins if j.method == "corpus_surname"}
    for members in sorted(groups.members().values()):
        group = [nodes[k] for k in sorted(members)]
        canonical, entity_type = _canonical(group, short), _entity_type(group)
        built.append((group, canonical, entity_type, _hash(entity_type, canonical)))
    # every person with the surname owns it, a title or role or not (Marta Nowak and Marek Nowak share "Nowak")
    surname_owners = Counter(surname for group, _, entity_type, _ in built if entity_type == "PERSON"
                             for surname in {n.words[-1] for n in group if n.first_name})
    entity_of, entities, aliases = {}, [], []
    for group, canonical, entity_type, entity_id in built:
        surnames = {s: full for s, full in _surnames(group).items()
                    if entity_type == "PERSON" and surname_owners[name_key(s)] == 1}
        alias_rows = _alias_rows(entity_id, canonical, group, edges, surnames)
        entities.append({
            "entity_id": entity_id, "canonical_name": canonical, "entity_type": entity_type,
            "aliases": sorted(r["alias"] for r in alias_rows),
            "mention_count": sum(sum(n.articles.values()) for n in group),
            "article_count": len(set().union(*(n.articles.keys() for n in group))),
        })
        aliases.extend(alias_rows)
        entity_of.update((n.key, entity_id) for n in group)
    return (_assignments(mentions, order, entity_of), pl.DataFrame(entities, schema=ENTITY_SCHEMA),
            pl.DataFrame(aliases, schema=ALIAS_SCHEMA))


def _assignments(mentions: pl.DataFrame, order: pl.Series, entity_of: dict[str, str]) -> pl.DataFrame:
    """One row per mention (keyed, in `order`) with the entity of its spelling's key and a stable mention_id."""
    entity_of_key = pl.DataFrame({"key": list(entity_of), "entity_id": list(entity_of.values())},
                                 schema={"key": pl.String, "entity_id": pl.String})
    return mentions.select(ASSIGNMENT_SCHEMA.keys() - {"mention_id", "entity_id"} | {"key"})[order].join(
        entity_of_key, on="key", how="left", maintain_order="left").select(
        mention_id=pl.concat_str(pl.col("article_id"), pl.col("char_start"), pl.col("char_end"), separator="\x1f")
        .map_elements(_hash, return_dtype=pl.String),
        **{c: pl.col(c) for c in ASSIGNMENT_SCHEMA if c != "mention_id"},
    ).cast(ASSIGNMENT_SCHEMA)


def _canonical(group: list[_Node], short: set[str]) -> str:
    """The most frequent full spelling (a bare surname joined by corpus_surname is not full); a tie goes to the
    modern form of the exonym table (Kyiv over Kiev), then the longer, then the one more articles use."""
    full = [n for n in group if n.key not in short] or group
    counts = _summed([n.spellings for n in full])
    articles = {s: len(n.articles) for n in full for s in n.spellings}
    exonyms = _exonyms()
    return min(counts, key=lambda s: (-counts[s], any(w in exonyms for w in spelling_key(s).split()), -len(s),
                                      -articles[s], s))


def _entity_type(group: list[_Node]) -> str:
    family = group[0].family if len(group) == 1 else _voted_family(group)  # one spelling's vote is cached
    return _type_label(family, _summed([n.labels for n in group]))


def _summed(counts: list[Counter]) -> Counter:
    """The sum of counters of positive counts, one counter as it is: most entities have one spelling."""
    return counts[0] if len(counts) == 1 else sum(counts, Counter())


def _surnames(group: list[_Node]) -> dict[str, str]:
    """Last word of each full spelling -> the spelling: "Fedorov" names Ivan Fedorov even where no article
    writes it alone, as long as no other person in the corpus has that surname. Only for names with a title,
    role or surname use somewhere: spaCy also calls two-word places PERSON ("Kryvyi Rih")."""
    return {full.split()[-1]: full for n in group if n.first_name and n.person_evidence
            for full in sorted(n.spellings)}


def _type_label(family: str, labels: Counter) -> str:
    """The winning family as a spaCy label; a place takes its most frequent place label (GPE if none)."""
    if family != "PLACE":
        return family
    places = Counter({lb: c for lb, c in labels.items() if _family(lb) == "PLACE"})
    return _most_frequent(places) if places else "GPE"


def _alias_rows(entity_id: str, canonical: str, group: list[_Node], edges, surnames: dict[str, str],
                starts: list[str] | None = None) -> list[dict]:
    """One row per spelling: the canonical name, then outwards along the joins that were made (each spelling
    with the decision that joined it and the spelling it was matched to), then case variants, short forms and
    unambiguous surnames. The walk starts from the canonical name's spelling, or from `starts`."""
    def row(alias, method, score, matched=None, evidence=""):
        return {"entity_id": entity_id, "alias": alias, "method": method, "score": score,
                "matched_alias": matched, "evidence": evidence}

    by_key = {n.key: n for n in group}
    starts = starts or [next(n.key for n in group if canonical in n.spellings)]
    rows, seen, queue = [row(canonical, "canonical", 1.0)], set(starts), list(starts)
    while queue:
        k = queue.pop(0)
        for other, j in sorted(edges[k], key=lambda e: e[0]):
            if other not in seen:
                seen.add(other)
                queue.append(other)
                rows.append(row(by_key[other].display, j.method, j.score, by_key[k].display, j.evidence))
    for n in group:
        for s in sorted(n.spellings):
            rows.append(row(s, "exact", 1.0, n.display))
        for s, resolution in sorted(n.short_forms.items()):
            rows.append(row(s, resolution, 1.0, n.display, "the same article names it in full"))
    for s, full in sorted(surnames.items()):
        rows.append(row(s, "surname", 1.0, full, "no other person in the corpus has this surname"))
    unique = {}
    for r in rows:
        unique.setdefault(r["alias"], r)
    return list(unique.values())


def _hash(*parts: str) -> str:
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]
