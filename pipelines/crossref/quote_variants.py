"""One utterance as several articles worded it: quotes from different articles by the same speaker whose words
mostly agree ("They fled by any means." / "They were fleeing by any means they could.").

A quote's speaker key is the corpus-wide entity of the mention its speaker was resolved from (so "Zelensky"
and "Zelenskyy" are one speaker), else the folded last word of the speaker as written ("British officials" ->
officials), else none. Quotes are compared within blocks: the same speaker key; and, for a quote whose speaker
is unknown, the other quotes of the same story (an attribution one outlet gives and another leaves out). Two
quotes match when rapidfuzz's token_set_ratio reaches QUOTE_MATCH: it scores a quote that keeps only part of a
longer one (or joins two) as high as a reworded one. Quotes of fewer than MIN_QUOTE_WORDS words match only when
identical. Matches join into groups (connected components); each group's representative is the member most
similar to all the others, and every member carries its similarity to it.

Scaling: the cost is the sum of the squared block sizes (rapidfuzz's cdist, in C++): the quotes of one speaker,
or of one story for unattributed quotes, never all quotes against all.
"""
from collections import defaultdict

import polars as pl
from rapidfuzz import fuzz, process

from pipelines.crossref.grouping import connected_groups
from pipelines.crossref.tokens import words
from pipelines.text.names import spelling_key

# On the seeds, rewordings of one quote score 87-100 and different quotes of one speaker at most 58.
QUOTE_MATCH = 75
MIN_QUOTE_WORDS = 3

SCHEMA = {"article_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32,
          "representative_article_id": pl.String, "representative_char_start": pl.Int32,
          "representative_char_end": pl.Int32, "similarity": pl.Float64, "wording_similarity": pl.Float64,
          "speaker_key": pl.String}


def speaker_keys(quotes: pl.DataFrame, mentions: pl.DataFrame) -> pl.Series:
    """Per quote: "entity:<id>" of a mention overlapping its speaker's offsets, else "name:<folded last word>",
    else null."""
    indexed = quotes.with_row_index("row")
    by_mention = (indexed.filter(pl.col("speaker_start").is_not_null())
                  .join(mentions.select("article_id", "entity_id", pl.col("char_start").alias("mention_start"),
                                        pl.col("char_end").alias("mention_end")), on="article_id")
                  .filter(pl.col("mention_start") < pl.col("speaker_end"),
                          pl.col("mention_end") > pl.col("speaker_start"))
                  .group_by("row").agg(pl.col("entity_id").min()))
    entity = dict(by_mention.iter_rows())
    keys = []
    for row, speaker in indexed.select("row", "speaker").iter_rows():
        last = words(speaker)[-1:] if speaker else []
        keys.append(f"entity:{entity[row]}" if row in entity else f"name:{spelling_key(last[0])}" if last else None)
    return pl.Series("speaker_key", keys, dtype=pl.String)


def _too_short(a: str, b: str) -> bool:
    """A short quote matches only itself: two words are found inside many longer quotes."""
    return min(len(a.split()), len(b.split())) < MIN_QUOTE_WORDS and a != b


def _matches(block: list[int], texts: list[str], articles: list[str], keys: list[str | None],
             unknown_only: bool) -> list[tuple[int, int]]:
    """Matching pairs of quotes (row numbers) from different articles within one block."""
    if len(block) < 2:
        return []
    block_texts = [texts[i] for i in block]
    scores = process.cdist(block_texts, block_texts, scorer=fuzz.token_set_ratio, score_cutoff=QUOTE_MATCH,
                           workers=-1)
    pairs = []
    for x, y in zip(*scores.nonzero()):
        i, j = block[x], block[y]
        if (i < j and articles[i] != articles[j] and not (unknown_only and keys[i] and keys[j])
                and not _too_short(texts[i], texts[j])):
            pairs.append((i, j))
    return pairs


def group_quote_variants(quotes: pl.DataFrame, mentions: pl.DataFrame, stories: pl.DataFrame) -> pl.DataFrame:
    """Groups of quotes (article_id, quote_text, speaker, speaker_start, speaker_end, char_start, char_end) that
    are one utterance, given the entity mentions (article_id, entity_id, char_start, char_end) and the stories
    (article_id, story_id). One row per member quote, with its group's representative quote (by its article and
    offsets), its similarity to it (token_set_ratio, 0-1: what matched), its wording_similarity (ratio, 0-1: how
    far the words drifted) and its speaker key (null: matched within its story)."""
    if quotes.is_empty():
        return pl.DataFrame(schema=SCHEMA)
    quotes = quotes.with_columns(speaker_keys(quotes, mentions)).join(
        stories.select("article_id", "story_id"), on="article_id", how="left")
    texts = [" ".join(words(t)) for t in quotes["quote_text"]]
    articles, keys, story = quotes["article_id"].to_list(), quotes["speaker_key"].to_list(), quotes["story_id"].to_list()
    by_speaker, by_story = defaultdict(list), defaultdict(list)
    for i, key in enumerate(keys):
        if key:
            by_speaker[key].append(i)
        by_story[story[i]].append(i)
    pairs = [p for block in by_speaker.values() for p in _matches(block, texts, articles, keys, False)]
    pairs += [p for block in by_story.values() for p in _matches(block, texts, articles, keys, True)]
    rows = []
    for group in connected_groups(range(quotes.height), pairs):
        if len(group) < 2:
            continue
        scores = process.cdist([texts[i] for i in group], [texts[i] for i in group], scorer=fuzz.token_set_ratio)
        # the member most similar to all others; ties: the longest wording, then the first in the table
        best = max(range(len(group)), key=lambda x: (scores[x].sum(), len(texts[group[x]]), -group[x]))
        representative = quotes.row(group[best], named=True)
        for x, i in enumerate(group):
            member = quotes.row(i, named=True)
            rows.append((member["article_id"], member["char_start"], member["char_end"],
                         representative["article_id"], representative["char_start"], representative["char_end"],
                         round(float(scores[x][best]) / 100, 4),
                         round(fuzz.ratio(texts[i], texts[group[best]]) / 100, 4), keys[i]))
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
