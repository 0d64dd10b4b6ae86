"""A deterministic news-like corpus of any size, scaled from the sample articles for the benchmark.

The sources are the articles in raw/ and, when present, ../shared/seeds (read at run time, never copied). Each
source is split with the project's own functions into its head (headline, byline...), its body paragraphs and its
page furniture (the paragraphs the cleaning removes). Article n takes the shape of source n mod (number of
sources): its head, then its paragraphs in order, where a body paragraph is the source's own one time in three
and otherwise a body paragraph of any source, and a furniture paragraph is kept five times in six (the source's
own or any source's furniture). Then every article is worded apart from the others:
  - names: each capitalised word that the sources never write in lower case (Harborview, Varga, Calverian) gets
    an invented name, the same throughout the article and different in the next one ("Calverian" -> "Dorvelian");
  - numbers: digits are redrawn with the same number of digits (years 1800-2100 and days next to a month stay);
  - words: every lower-case word of four letters or more, except the sources' 50 most common words and the
    words the extractors key on (speech verbs, units, number words), is swapped for another word of the sources
    with the same last two letters ("flooded" -> "reported"). Swapping only half of them (and keeping the 150
    most common) left so much of each reused paragraph that every article of 1,000 was a derived copy of 45
    others by the duplicate check's own test (22,000 pairs), not the mixture of stories a real corpus is;
    with all of them it is 2.7;
  - some neighbouring body paragraphs change places; the date line is drawn from 2019-2025.
So the quote marks, speech verbs, numbers and furniture keep the sources' density, no two articles are one text
(the article ids differ and de-duplication keeps them all), and the cross-article steps meet a realistic
mixture instead of thousands of copies of sixteen stories.

    python benchmarks/corpus.py FOLDER SIZE     # writes FOLDER/<nnn>/<nnnnnn>.txt
"""
import random
import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipelines.inputs import list_files, read_file  # noqa: E402
from pipelines.text import boilerplate  # noqa: E402
from pipelines.text.attribution import STRONG_CUES, WEAK_CUES  # noqa: E402
from pipelines.text.number_parsing import NUMBER_WORDS  # noqa: E402
from pipelines.text.units import UNIT_PHRASES  # noqa: E402
from pipelines.text.head import parse_head  # noqa: E402
from pipelines.text.paragraphs import split_date_prefix, split_paragraphs  # noqa: E402

SOURCE_FOLDERS = (REPO / "raw", REPO.parent / "shared" / "seeds")
SEED = 20240817
OWN_BODY = 1 / 5  # a body paragraph is the source's own this often, else any source's
KEEP_FURNITURE = 5 / 6
SWAP_WORDS = 1.0  # of the words that may be swapped (not the common ones)
COMMON_WORDS = 50  # the most frequent words of the sources (the, said, were...) are never swapped
SWAP_PARAGRAPHS = 0.15
FILES_PER_FOLDER = 500
# Capitalised words that are not names to invent: calendar words keep dates dates.
_CALENDAR = frozenset("""January February March April May June July August September October November December
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())
# Words the extractors key on keep the sources' density: speech verbs, units, number words.
_UNCHANGED = {f for v in STRONG_CUES | WEAK_CUES for f in (v, v + "s", v + "ed", v + "d", v + "ing")} | {
    "said", "told", "wrote", "according"} | {w for phrase in UNIT_PHRASES for w in phrase} | set(NUMBER_WORDS)
_DEMONYM_ENDINGS = ("ians", "ian", "ese", "ish", "ans")
_SYLLABLES = ("ka ren vo li mar tes do bra zel ni ov an ta ri mo len dor hal ve sa ly ber gu nor fen "
              "pa ro ci dem var os ku tal ne mi").split()
_LETTERS = re.compile(r"[^\W\d_]+")
_NUMBER = re.compile(r"(?<![^\W\d_])\d+")  # not the 2 of "km2"
_WORD_BEFORE, _WORD_AFTER = re.compile(r"([^\W\d_]+)\.?\s*$"), re.compile(r"\s*([^\W\d_]+)")


@dataclass(frozen=True)
class Source:
    head: tuple[str, ...]  # the paragraphs before the body: headline, byline, dateline line...
    paragraphs: tuple[tuple[str, bool], ...]  # (text, is furniture) in file order


def read_sources(folders=SOURCE_FOLDERS) -> list[Source]:
    """Every readable article in the folders, split into head, body and furniture by the project's cleaning."""
    texts = [read_file(f)["text"] for folder in folders if folder.is_dir() for f in list_files(folder)]
    texts = [t for t in texts if t]
    sources, rows = [], []
    for number, text in enumerate(texts):
        paragraphs = split_paragraphs(split_date_prefix(text)[1])
        skip = parse_head(paragraphs)[1]
        sources.append(paragraphs[:skip])
        rows += [{"article_id": str(number), "paragraph_index": i, "text": p}
                 for i, p in enumerate(paragraphs) if i >= skip]
    classified = boilerplate.classify(pl.DataFrame(
        rows, schema={"article_id": pl.String, "paragraph_index": pl.Int32, "text": pl.String}))
    bodies = defaultdict(list)
    for article, _, text, reason in classified.sort("article_id", "paragraph_index").select(
            "article_id", "paragraph_index", "text", "reason").iter_rows():
        bodies[int(article)].append((text, reason is not None))
    return [Source(tuple(head), tuple(bodies[n])) for n, head in enumerate(sources) if bodies[n]]


class Generator:
    def __init__(self, sources: list[Source], seed: int = SEED):
        if not sources:
            raise ValueError("no source articles: raw/ is empty")
        self.sources = sources
        self.seed = seed
        self.body = [p for s in sources for p, furniture in s.paragraphs if not furniture]
        self.furniture = [p for s in sources for p, furniture in s.paragraphs if furniture] or self.body
        text = "\n".join(p for s in sources for p in s.head + tuple(p for p, _ in s.paragraphs))
        counts = Counter(w for w in _LETTERS.findall(text) if w.islower())
        lower = set(counts)
        kept = {w for w, _ in counts.most_common(COMMON_WORDS)} | _UNCHANGED
        self.names = {w for w in _LETTERS.findall(text)
                      if w[:1].isupper() and len(w) > 1 and w.lower() not in lower and w.capitalize() not in _CALENDAR}
        self.swappable = {w for w in lower - kept if len(w) >= 4}
        self.by_ending = defaultdict(list)
        for word in sorted(lower - kept):
            if len(word) >= 4:
                self.by_ending[word[-2:]].append(word)

    def article(self, number: int) -> str:
        rng = random.Random(f"{self.seed}:{number}")
        source = self.sources[number % len(self.sources)]
        paragraphs = []  # (text, is body)
        for text, furniture in source.paragraphs:
            if not furniture:
                paragraphs.append((text if rng.random() < OWN_BODY else rng.choice(self.body), True))
            elif rng.random() < KEEP_FURNITURE:
                paragraphs.append((text if rng.random() < 0.5 else rng.choice(self.furniture), False))
        for i in range(len(paragraphs) - 1):
            if paragraphs[i][1] and paragraphs[i + 1][1] and rng.random() < SWAP_PARAGRAPHS:
                paragraphs[i], paragraphs[i + 1] = paragraphs[i + 1], paragraphs[i]
        names: dict[str, str] = {}
        reworded = [self._reword(rng, text, names) for text in source.head + tuple(t for t, _ in paragraphs)]
        date = f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        return f"date {date}\n" + "\n\n".join(reworded) + "\n"

    def _reword(self, rng: random.Random, text: str, names: dict[str, str]) -> str:
        def word(match: re.Match) -> str:
            w = match.group()
            if w in self.names:
                return self._name(rng, w, names)
            if w[-2:] in self.by_ending and w in self.swappable and rng.random() < SWAP_WORDS:
                return rng.choice(self.by_ending[w[-2:]])
            return w
        return _NUMBER.sub(lambda m: _redraw(rng, m), _LETTERS.sub(word, text))

    def _name(self, rng: random.Random, word: str, names: dict[str, str]) -> str:
        key = word.lower()
        if key not in names:
            ending = next((e for e in _DEMONYM_ENDINGS if key.endswith(e) and len(key) > len(e) + 2), "")
            stem = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
            names[key] = stem + ending
        invented = names[key]
        return invented.upper() if word.isupper() else invented.capitalize()

    def write(self, folder: Path, size: int, start: int = 0) -> list[Path]:
        """Articles start..size-1 as files under folder (FILES_PER_FOLDER per subfolder)."""
        paths = []
        for number in range(start, size):
            path = folder / f"{number // FILES_PER_FOLDER:03d}" / f"{number:06d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(self.article(number), encoding="utf-8")
            paths.append(path)
        return paths


def _redraw(rng: random.Random, number: re.Match) -> str:
    """Other digits, as many, except in dates: a year (1800-2100) or a day next to a month stays."""
    digits, text = number.group(), number.string
    before = _WORD_BEFORE.search(text, 0, number.start())
    after = _WORD_AFTER.match(text, number.end())
    if len(digits) == 4 and 1800 <= int(digits) <= 2100 \
            or any(m is not None and m.group(1) in _CALENDAR for m in (before, after)):
        return digits
    first = digits[0] if digits[0] == "0" else str(rng.randint(1, 9))
    return first + "".join(str(rng.randint(0, 9)) for _ in digits[1:])


if __name__ == "__main__":
    target, count = Path(sys.argv[1]), int(sys.argv[2])
    written = Generator(read_sources()).write(target, count)
    print(f"{len(written)} articles in {target}")
