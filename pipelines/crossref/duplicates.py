"""Pairs of articles that are one text: the same words (exact), the same text lightly edited (near), or one
written from the other, keeping much of its wording sentence by sentence (derived: a respun copy, a tabloid
rewrite of an agency report, a short version).

Candidates come from hashed word shingles (SHINGLE_WORDS consecutive words), in two channels:
  rare shingles   pairs sharing at least MIN_SHARED_SHINGLES shingles that at most MAX_SHINGLE_ARTICLES articles
                  contain: what copies share and independent reports of one event do not (a rewrite that keeps a
                  third of a text shares dozens; two reports of one event share a handful of stock phrases)
  sketch          pairs sharing at least MIN_SHARED_SKETCH of their SKETCH_SIZE smallest shingle hashes (a
                  bottom-k MinHash sketch): a text syndicated to more than MAX_SHINGLE_ARTICLES outlets has no
                  rare shingle left, but its copies still share their smallest hashes
Each candidate pair is then checked sentence by sentence: a sentence of one article is found in the other when
rapidfuzz's ratio against one of the other's sentences reaches SENTENCE_MATCH (a respun sentence that swaps a
few words for synonyms still does); an article's coverage is the share of its words in found sentences.

Scaling: shingling is linear in the words of the corpus. The rare-shingle self-join costs the sum of the squared
article counts of the kept shingles, at most MAX_SHINGLE_ARTICLES per shingle row; the sketch join is linear in
articles plus the pairs it yields (large only where there are that many copies). Sentence checks are made only
for candidate pairs. Nothing compares every pair of articles; benchmarks/bench_duplicates.py measures the growth.
"""
import polars as pl
from rapidfuzz import fuzz, process

from pipelines.crossref.tokens import sentences, words, words_expr

SHINGLE_WORDS = 4
MAX_SHINGLE_ARTICLES = 50
MIN_SHARED_SHINGLES = 5
SKETCH_SIZE = 8
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
    """One row per distinct (article_id, shingle hash) of each article's body."""
    tokens = articles.select("article_id", words_expr(pl.col("body")).alias("word")).explode("word").drop_nulls("word")
    following = [pl.col("word").shift(-i).over("article_id") for i in range(size)]
    return (tokens.select("article_id", pl.concat_str(following, separator=" ").alias("shingle"))
            .drop_nulls("shingle")  # the last size-1 words start no shingle
            .select("article_id", pl.col("shingle").hash().alias("shingle"))
            .unique())


def _pairs_sharing(keys: pl.DataFrame, minimum: int, counted: str) -> pl.DataFrame:
    """Pairs of articles (article_id < other_article_id) sharing at least `minimum` keys."""
    return (keys.join(keys.rename({"article_id": "other_article_id"}), on="shingle")
            .filter(pl.col("article_id") < pl.col("other_article_id"))
            .group_by("article_id", "other_article_id").agg(pl.len().alias(counted))
            .filter(pl.col(counted) >= minimum))


def candidate_pairs(shingled: pl.DataFrame) -> pl.DataFrame:
    """Pairs worth checking, with the number of rare shingles they share (0 when found by the sketch only)."""
    counts = shingled.group_by("shingle").agg(pl.len().alias("articles"))
    rare = (shingled.join(counts.filter(pl.col("articles").is_between(2, MAX_SHINGLE_ARTICLES)), on="shingle")
            .select("article_id", "shingle"))
    sketch = shingled.sort("shingle").group_by("article_id").head(SKETCH_SIZE)
    by_rare = _pairs_sharing(rare, MIN_SHARED_SHINGLES, "shared_shingles")
    by_sketch = _pairs_sharing(sketch, MIN_SHARED_SKETCH, "shared_sketch")
    return (by_rare.join(by_sketch, on=["article_id", "other_article_id"], how="full", coalesce=True)
            .select("article_id", "other_article_id", pl.col("shared_shingles").fill_null(0)))


def _sentence_table(body: str) -> tuple[list[str], list[int]]:
    """An article's sentences long enough to compare, as normalised word strings, with their word counts."""
    texts, sizes = [], []
    for sentence in sentences(body):
        tokens = words(sentence)
        if len(tokens) >= MIN_SENTENCE_WORDS:
            texts.append(" ".join(tokens))
            sizes.append(len(tokens))
    return texts, sizes


def coverage(a: tuple[list[str], list[int]], b: tuple[list[str], list[int]]) -> tuple[float, float, int]:
    """The share of each article's words in sentences the other also has (in some wording), and how many of
    the first article's sentences were found."""
    (texts_a, sizes_a), (texts_b, sizes_b) = a, b
    if not texts_a or not texts_b:
        return 0.0, 0.0, 0
    scores = process.cdist(texts_a, texts_b, scorer=fuzz.ratio, score_cutoff=SENTENCE_MATCH)
    found_a, found_b = scores.max(axis=1) > 0, scores.max(axis=0) > 0
    share_a = sum(s for s, f in zip(sizes_a, found_a) if f) / sum(sizes_a)
    share_b = sum(s for s, f in zip(sizes_b, found_b) if f) / sum(sizes_b)
    return share_a, share_b, int(found_a.sum())


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


def find_duplicates(articles: pl.DataFrame) -> pl.DataFrame:
    """Copies among articles (article_id, body): one row per pair, article_id < other_article_id.

    similarity is the larger coverage (the share of the more thoroughly copied article's words found in the
    other); exact copies have 1."""
    candidates = candidate_pairs(shingles(articles))
    if candidates.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    involved = set(candidates["article_id"]) | set(candidates["other_article_id"])
    bodies = dict(articles.filter(pl.col("article_id").is_in(involved)).select("article_id", "body").iter_rows())
    normalised = {a: " ".join(words(body)) for a, body in bodies.items()}
    tables = {a: _sentence_table(body) for a, body in bodies.items()}
    rows = []
    for article_id, other_id, shared in candidates.sort("article_id", "other_article_id").iter_rows():
        same_words = normalised[article_id] == normalised[other_id]
        mine, theirs, found = (1.0, 1.0, 0) if same_words else coverage(tables[article_id], tables[other_id])
        kind = kind_of(same_words, mine, theirs, found)
        if kind:
            rows.append((article_id, other_id, round(max(mine, theirs), 4), kind, round(mine, 4), round(theirs, 4),
                         shared))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
