"""Timing of duplicate detection (pipelines/crossref/duplicates.py) on generated corpora of 1,000 and 10,000
articles, and how it grows.

The corpus is generated deterministically from the bodies of raw/ and, when present, ../shared/seeds (read at
run time): each article keeps a source's sentence and paragraph structure, with three words in four replaced by
words drawn from the sources' vocabulary at their frequencies, so that articles share common phrases but are not
copies. Every 20 articles, three copies of the first are planted: an exact copy (other case and punctuation),
a near copy (one word in fifty changed) and a derived one (half its sentences, then new ones). The planted
groups give the expected pairs: recall is measured on them, and every other pair found is a false pair.

    .venv/bin/python benchmarks/bench_duplicates.py [sizes...]
"""
import random
import re
import sys
import time
from collections import Counter
from itertools import accumulate, combinations
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pipelines.crossref.duplicates import PairChecks, candidate_pairs, check_candidates, shingles  # noqa: E402
from pipelines.crossref.tokens import sentences, words  # noqa: E402

SOURCE_FOLDERS = [REPO / "raw", REPO.parent / "shared" / "seeds"]
REPLACED = 0.75
NEAR_EDITS = 0.02
GROUP = 20  # one planted group (original, exact, near, derived) per GROUP articles
SEED = 20240601


class Generator:
    def __init__(self, bodies: list[str]):
        self.sources = [[sentences(p) for p in re.split(r"\n\s*\n", body) if p.strip()] for body in bodies]
        counts = Counter(w for body in bodies for w in re.findall(r"[^\W\d_]+", body))
        self.vocabulary = list(counts)
        self.cumulative = list(accumulate(counts.values()))

    def _sentence(self, rng: random.Random, sentence: str, rate: float) -> str:
        tokens = sentence.split()
        drawn = rng.choices(self.vocabulary, cum_weights=self.cumulative, k=len(tokens))
        return " ".join(d if rng.random() < rate else t for t, d in zip(tokens, drawn))

    def article(self, rng: random.Random, number: int) -> str:
        paragraphs = self.sources[number % len(self.sources)]
        return "\n\n".join(" ".join(self._sentence(rng, s, REPLACED) for s in p) for p in paragraphs)

    def near(self, rng: random.Random, body: str) -> str:
        return "\n\n".join(" ".join(self._sentence(rng, s, NEAR_EDITS) for s in sentences(p))
                           for p in body.split("\n\n"))

    def derived(self, rng: random.Random, body: str, number: int) -> str:
        kept = sentences(body)
        fresh = sentences(self.article(rng, number))
        half = len(kept) // 2
        return "\n\n".join(kept[:half] + fresh[half:])


def corpus(generator: Generator, size: int) -> tuple[pl.DataFrame, set[frozenset]]:
    """`size` articles and the expected copy pairs (all pairs within each planted group)."""
    rng = random.Random(SEED)
    bodies, expected = [], set()
    while len(bodies) < size:
        start = len(bodies)
        original = generator.article(rng, start)
        bodies.append(original)
        if start % GROUP == 0 and size - start >= 4:
            bodies += [original.upper().replace(", ", " "), generator.near(rng, original),
                       generator.derived(rng, original, start + 1)]
            expected |= {frozenset(p) for p in combinations(range(start, start + 4), 2)}
    ids = [f"a{i:06d}" for i in range(size)]
    return (pl.DataFrame({"article_id": ids, "body": bodies[:size]}),
            {frozenset(ids[i] for i in pair) for pair in expected})


def measure(generator: Generator, size: int) -> dict:
    articles, expected = corpus(generator, size)
    started = time.perf_counter()
    shingled = shingles(articles)
    shingled_at = time.perf_counter()
    candidates = candidate_pairs(shingled)
    candidates_at = time.perf_counter()
    found = check_candidates(articles, candidates, PairChecks())
    finished = time.perf_counter()
    pairs = {frozenset(p) for p in found.select("article_id", "other_article_id").iter_rows()}
    return {"articles": size, "words": sum(len(words(b)) for b in articles["body"]),
            "shingles": shingled_at - started, "candidates": candidates_at - shingled_at,
            "check": finished - candidates_at, "seconds": finished - started, "candidate_pairs": candidates.height,
            "found": len(pairs), "recall": len(pairs & expected) / len(expected), "false": len(pairs - expected),
            "kinds": dict(found.group_by("kind").len().sort("kind").iter_rows())}


def main(sizes: list[int]) -> None:
    bodies = [p.read_text(encoding="utf-8", errors="replace") for folder in SOURCE_FOLDERS if folder.is_dir()
              for p in sorted(folder.glob("*.txt"))]
    generator = Generator(bodies)
    print(f"duplicate detection on generated corpora ({len(bodies)} source bodies, {REPLACED:.0%} of words replaced, "
          f"one planted group of 4 per {GROUP} articles)")
    print(f"{'articles':>9} {'words':>11} {'shingling':>10} {'candidates':>11} {'checking':>9} {'total s':>8} "
          f"{'candidate pairs':>16} {'pairs':>7} {'recall':>7} {'false':>6}  kinds")
    rows = []
    for size in sizes:
        row = measure(generator, size)
        rows.append(row)
        print(f"{row['articles']:>9,} {row['words']:>11,} {row['shingles']:>10.2f} {row['candidates']:>11.2f} "
              f"{row['check']:>9.2f} {row['seconds']:>8.2f} {row['candidate_pairs']:>16,} {row['found']:>7,} "
              f"{row['recall']:>7.3f} {row['false']:>6,}  {row['kinds']}")
    for small, large in zip(rows, rows[1:]):
        print(f"growth {small['articles']:,} -> {large['articles']:,} articles (x{large['articles'] / small['articles']:g}): "
              f"time x{large['seconds'] / small['seconds']:.1f}, "
              f"candidate pairs x{large['candidate_pairs'] / small['candidate_pairs']:.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1_000, 10_000])
