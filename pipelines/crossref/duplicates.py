"""Pairs of articles that are one text: the same words (exact), the same text lightly edited (near), or one
written from the other, keeping much of its wording sentence by sentence (derived: a respun copy, a tabloid
rewrite of an agency report, a short version).

Candidates come from hashed word shingles (SHINGLE_WORDS consecutive words; one in SAMPLE, by hash), in two
channels:
  rare shingles   pairs sharing at least MIN_SHARED_SHINGLES shingles that at most MAX_SHINGLE_ARTICLES articles
                  contain: what copies share and independent reports of one event do not (a rewrite that keeps a
                  third of a text shares dozens; two reports of one event share a handful of stock phrases)
  sketch          pairs sharing at least MIN_SHARED_SKETCH of their SKETCH_SIZE smallest hashes among the
                  shingles in 2 to MAX_SKETCH_ARTICLES articles (a bottom-k MinHash sketch): a text syndicated
                  to more than MAX_SHINGLE_ARTICLES outlets has no rare shingle left, but its copies still share
                  their smallest hashes
Each candidate pair is then checked sentence by sentence: a sentence of one article is found in the other when
rapidfuzz's ratio against one of the other's sentences reaches SENTENCE_MATCH (a respun sentence that swaps a
few words for synonyms still does); an article's coverage is the share of its words in found sentences.

Scaling: shingling is linear in the words of the corpus (a slice of articles at a time). The rare-shingle
self-join costs the sum of the squared article counts of the kept shingles, at most MAX_SHINGLE_ARTICLES per
shingle row; a sketch bucket holds the copies of one text plus, for a phrase in n articles, about
n * SKETCH_SIZE / (shingles per article) others. Sentence checks are made only for candidate pairs. Nothing
compares every pair of articles; benchmarks/bench_duplicates.py measures the growth.
"""
from collections import defaultdict

import polars as pl
from rapidfuzz import fuzz, process

from pipelines.crossref.tokens import sentences, words, words_expr
from pipelines.text import text_hash

SHINGLE_WORDS = 4
# One shingle in SAMPLE is kept, chosen by its hash, so that copies keep the same ones: a quarter of the rows to
# count and join, and a rewrite that shares 20 shingles still shares about 5 sampled ones.
SAMPLE = 4
SLICE_ARTICLES = 2000
MAX_SHINGLE_ARTICLES = 50
MIN_SHARED_SHINGLES = 4  # sampled: about 16 shared shingles, a sentence or two
SKETCH_SIZE = 8
# a phrase in more articles than this is boilerplate ("one of the most"): it would put every article that has
# it among its smallest hashes into one bucket of the sketch
MAX_SKETCH_ARTICLES = 1000
MIN_SHARED_SKETCH = 2
MIN_SENTENCE_WORDS = 4  # shorter sentences ("He denied it.") match by chance
SENTENCE_MATCH = 70  # rapidfuzz ratio, 0-100
MIN_FOUND_SENTENCES = 2  # one shared sentence is a shared quote, not a copy
# On the seeds and samples, rewrites cover 24-74% of an article's words and independent reports of one event
# at most 5%.
DERIVED_COVERAGE = 0.2
NEAR_COVERAGE = 0.9  # both ways

SCHEMA = {"article_id": pl.String, "other_article_id": pl.String, "similarity": pl.Float64, "kind": pl.String,
          "article_coverage": pl.Float64, "other_coverage": pl.Float64, "shared_shingles": pl.Int64}


def shingles(articles: pl.DataFrame, size: int = SHINGLE_WORDS) -> pl.DataFrame:
    """One row per distinct (article, shingle) of the articles' bodies, for the shingles whose hash is a multiple
    of SAMPLE: article is the row number in `articles` (integers join and group much faster than ids), shingle a
    hash of `size` consecutive words. Made a slice of articles at a time, so that the words of a large corpus are
    never all in memory at once."""
    return pl.concat([_slice_shingles(articles.slice(start, SLICE_ARTICLES), start, size)
                      for start in range(0, max(articles.height, 1), SLICE_ARTICLES)])


def _slice_shingles(articles: pl.DataFrame, first: int, size: int) -> pl.DataFrame:
    tokens = (articles.select(words_expr(pl.col("body")).alias("word"))
              .with_row_index("article", offset=first)
              .explode("word").drop_nulls("word")
              .select("article", pl.col("word").hash()))
    # the shingle starting at each word; it is whole when its last word is still in the same article
    ahead = pl.struct([pl.col("word").shift(-i).alias(f"w{i}") for i in range(size)]).hash()
    whole = pl.col("article").shift(-(size - 1)) == pl.col("article")
    return (tokens.select("article", ahead.alias("shingle"), whole.alias("whole"))
            .filter(pl.col("whole"), pl.col("shingle") % SAMPLE == 0).select("article", "shingle").unique())


def _pairs_sharing(keys: pl.DataFrame, minimum: int, counted: str) -> pl.DataFrame:
    """Pairs of articles (article < other_article) sharing at least `minimum` keys."""
    return (keys.join(keys.rename({"article": "other_article"}), on="shingle")
            .filter(pl.col("article") < pl.col("other_article"))
            .group_by("article", "other_article").agg(pl.len().alias(counted))
            .filter(pl.col(counted) >= minimum))


def candidate_pairs(shingled: pl.DataFrame) -> pl.DataFrame:
    """Pairs (article, other_article) worth checking, with the number of rare sampled shingles they share (0 when
    found by the sketch only)."""
    repeated = shingled.filter(pl.col("shingle").is_duplicated())
    counts = repeated.group_by("shingle").agg(pl.len().alias("articles"))
    rare = repeated.join(counts.filter(pl.col("articles") <= MAX_SHINGLE_ARTICLES), on="shingle").select(
        "article", "shingle")
    common = counts.filter(pl.col("articles") > MAX_SKETCH_ARTICLES).select("shingle")
    sketch = (shingled.join(common, on="shingle", how="anti")
              .group_by("article").agg(pl.col("shingle").bottom_k(SKETCH_SIZE)).explode("shingle"))
    by_rare = _pairs_sharing(rare, MIN_SHARED_SHINGLES, "shared_shingles")
    by_sketch = _pairs_sharing(sketch, MIN_SHARED_SKETCH, "shared_sketch")
    return (by_rare.join(by_sketch, on=["article", "other_article"], how="full", coalesce=True)
            .select("article", "other_article", pl.col("shared_shingles").fill_null(0)))


def _sentence_table(body: str) -> tuple[list[str], list[int]]:
    """An article's sentences long enough to compare, as normalised word strings, with their word counts."""
    texts, sizes = [], []
    for sentence in sentences(body):
        tokens = words(sentence)
        if len(tokens) >= MIN_SENTENCE_WORDS:
            texts.append(" ".join(tokens))
            sizes.append(len(tokens))
    return texts, sizes


def coverages(a: tuple[list[str], list[int]], others: list[tuple[list[str], list[int]]]
              ) -> list[tuple[float, float, int]]:
    """For each other article: the share of each one's words in sentences the other also has (in some wording),
    and how many of the first article's sentences were found. One cdist against all the others' sentences: a
    matrix per pair costs a fifth more."""
    texts_a, sizes_a = a
    columns = [text for texts, _ in others for text in texts]
    if not texts_a or not columns:
        return [(0.0, 0.0, 0)] * len(others)
    scores = process.cdist(texts_a, columns, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH, workers=-1)
    found, first = [], 0
    for texts_b, sizes_b in others:
        block, first = scores[:, first:first + len(texts_b)], first + len(texts_b)
        if not texts_b:
            found.append((0.0, 0.0, 0))
            continue
        found_a, found_b = block.max(axis=1) > 0, block.max(axis=0) > 0
        share_a = sum(s for s, f in zip(sizes_a, found_a) if f) / sum(sizes_a)
        share_b = sum(s for s, f in zip(sizes_b, found_b) if f) / sum(sizes_b)
        found.append((share_a, share_b, int(found_a.sum())))
    return found


def kind_of(same_words: bool, article_coverage: float, other_coverage: float, found: int) -> str | None:
    """exact, near, derived, or None for a pair that is not a copy."""
    if same_words:
        return "exact"
    if found < MIN_FOUND_SENTENCES:
        return None
    if min(article_coverage, other_coverage) >= NEAR_COVERAGE:
        return "near"
    if max(article_coverage, other_coverage) >= DERIVED_COVERAGE:
        return "derived"
    return None


class PairChecks:
    """The sentence checks of candidate pairs, by the hashes of the two bodies, carried from one run to the next:
    a pair of unchanged articles is not checked again (one new article costs the checks of its own candidates).
    `frame()` holds the checks the last call used, so that pairs no longer candidates drop out. Checks made by
    another version of the comparison are not reused."""

    def __init__(self, earlier: pl.DataFrame | None = None):
        usable = earlier is not None and set(CHECK_SCHEMA) <= set(earlier.columns)
        rows = earlier.filter(pl.col("version") == CHECK_VERSION).select(list(CHECK_SCHEMA)[1:]).iter_rows() if usable else ()
        self._known = {(a, b): (same, mine, theirs, found) for a, b, same, mine, theirs, found in rows}
        self._used: dict[tuple[str, str], tuple[bool, float, float, int]] = {}

    def get(self, key: tuple[str, str]) -> tuple[bool, float, float, int] | None:
        found = self._known.get(key)
        if found is not None:
            self._used[key] = found
        return found

    def put(self, key: tuple[str, str], found: tuple[bool, float, float, int]) -> None:
        self._known[key] = self._used[key] = found

    def frame(self) -> pl.DataFrame:
        return pl.DataFrame([(CHECK_VERSION, *key, *value) for key, value in self._used.items()],
                            schema=CHECK_SCHEMA, orient="row")


# what a stored check depends on besides the two bodies: bump the last part when the comparison changes
CHECK_VERSION = f"{SENTENCE_MATCH}/{MIN_SENTENCE_WORDS}/1"
CHECK_SCHEMA = {"version": pl.String, "body_hash": pl.String, "other_body_hash": pl.String, "same_words": pl.Boolean,
                "article_coverage": pl.Float64, "other_coverage": pl.Float64, "found_sentences": pl.Int64}


def find_duplicates(articles: pl.DataFrame, checks: PairChecks | None = None) -> pl.DataFrame:
    """Copies among articles (article_id, body): one row per pair, article_id < other_article_id.

    similarity is the larger coverage (the share of the more thoroughly copied article's words found in the
    other); exact copies have 1. `checks` carries the sentence checks over from an earlier run."""
    return check_candidates(articles, candidate_pairs(shingles(articles)), checks or PairChecks())


def check_candidates(articles: pl.DataFrame, candidates: pl.DataFrame, checks: PairChecks) -> pl.DataFrame:
    """The candidate pairs (row numbers in `articles`) that are copies, with their kind and coverages (the rows
    of find_duplicates)."""
    if candidates.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    ids, bodies = articles["article_id"].to_list(), articles["body"].to_list()
    hashes = [text_hash(body) for body in bodies]
    pairs = [(i, j, shared) if ids[i] < ids[j] else (j, i, shared) for i, j, shared in candidates.iter_rows()]
    unchecked = defaultdict(dict)  # article -> {partner: key}, for the pairs no earlier run checked
    for i, j, _ in pairs:
        if checks.get((hashes[i], hashes[j])) is None:
            unchecked[i][j] = (hashes[i], hashes[j])
    normalised, tables = {}, {}
    for k in set(unchecked) | {j for partners in unchecked.values() for j in partners}:
        normalised[k], tables[k] = " ".join(words(bodies[k])), _sentence_table(bodies[k])
    for i, partners in unchecked.items():
        same = {j for j in partners if normalised[i] == normalised[j]}
        for j in same:
            checks.put(partners[j], (True, 1.0, 1.0, 0))
        others = [j for j in partners if j not in same]
        for j, (mine, theirs, found) in zip(others, coverages(tables[i], [tables[j] for j in others])):
            checks.put(partners[j], (False, mine, theirs, found))
    rows = []
    for i, j, shared in pairs:
        same_words, mine, theirs, found = checks.get((hashes[i], hashes[j]))
        kind = kind_of(same_words, mine, theirs, found)
        if kind:
            rows.append((ids[i], ids[j], round(max(mine, theirs), 4), kind, round(mine, 4), round(theirs, 4), shared))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row").sort("article_id", "other_article_id")
