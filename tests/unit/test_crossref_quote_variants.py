"""Quote variants among invented quotes: one remark reworded by two outlets is one group; the same words from
another speaker, another quote of the same article, or a short phrase inside a longer quote are not."""
import polars as pl

from pipelines.crossref.quote_variants import _candidate_pairs, group_quote_variants, speaker_keys
from pipelines.text.names import spelling_key

QUOTE_SCHEMA = {"article_id": pl.String, "quote_text": pl.String, "speaker": pl.String, "speaker_start": pl.Int32,
                "speaker_end": pl.Int32, "char_start": pl.Int32, "char_end": pl.Int32}
MENTION_SCHEMA = {"article_id": pl.String, "entity_id": pl.String, "char_start": pl.Int32, "char_end": pl.Int32}


def quote(article: str, text: str, speaker: str | None = None, at: int = 0, speaker_at: int | None = None) -> dict:
    start = 1000 + at
    return {"article_id": article, "quote_text": text, "speaker": speaker,
            "speaker_start": speaker_at, "speaker_end": None if speaker_at is None else speaker_at + len(speaker or ""),
            "char_start": start, "char_end": start + len(text)}


def run(quotes: list[dict], mentions: list[dict] = (), stories: dict[str, str] | None = None) -> pl.DataFrame:
    frame = pl.DataFrame(quotes, schema=QUOTE_SCHEMA)
    story_of = stories or {q["article_id"]: "one story" for q in quotes}
    return group_quote_variants(frame, pl.DataFrame(list(mentions), schema=MENTION_SCHEMA),
                                pl.DataFrame({"article_id": list(story_of), "story_id": list(story_of.values())}))


def groups(result: pl.DataFrame) -> set[frozenset]:
    grouped = result.group_by("representative_article_id", "representative_char_start").agg(
        pl.concat_str("article_id", pl.lit("@"), "char_start").alias("members"))
    return {frozenset(m) for m in grouped["members"]}


def test_one_remark_reworded_by_two_outlets():
    result = run([quote("a", "They ran off through the orchard as fast as they could.", "Ilona Brek"),
                  quote("b", "They fled through the orchard as fast as they could", "Brek")])
    assert groups(result) == {frozenset({"a@1000", "b@1000"})}
    assert set(result["speaker_key"]) == {"name:brek"}
    assert result["wording_similarity"].min() < 1.0


def test_speakers_are_joined_through_their_entity():
    """Two spellings of one person's name, resolved to one entity through the mentions the speakers came from."""
    result = run([quote("a", "The harbour will reopen before the summer season.", "Ivan Sorokin", speaker_at=10),
                  quote("b", "The harbour will reopen before the summer season starts.", "Iwan Sorokine", speaker_at=50)],
                 mentions=[{"article_id": "a", "entity_id": "e1", "char_start": 10, "char_end": 22},
                           {"article_id": "b", "entity_id": "e1", "char_start": 50, "char_end": 63}])
    assert set(result["speaker_key"]) == {"entity:e1"}
    assert len(groups(result)) == 1


def test_same_words_from_different_speakers_or_one_article_are_not_variants():
    assert run([quote("a", "We will rebuild every house on this street.", "Olga Marr"),
                quote("b", "We will rebuild every house on this street.", "Peter Lund")]).is_empty()
    assert run([quote("a", "We will rebuild every house on this street.", "Olga Marr"),
                quote("a", "We will rebuild every house on this street.", "Olga Marr", at=300)]).is_empty()


def test_a_short_phrase_matches_only_itself():
    long = quote("a", "Our crews answered with massive strikes on every sector of the front.", "Colonel Vass")
    assert run([long, quote("b", "massive strikes", "Vass")]).is_empty()
    assert len(groups(run([quote("a", "massive strikes", "Vass"), quote("b", "massive strikes", "Vass")]))) == 1


def test_a_quote_one_outlet_joined_from_two_remarks_links_both():
    result = run([quote("a", "They left at night.", "Nina Holt"),
                  quote("a", "Nobody stayed behind to help the old people.", "Nina Holt", at=200),
                  quote("b", "They left at night. Nobody stayed behind to help the old people.", "Nina Holt")])
    assert len(groups(result)) == 1
    representative = result.filter(pl.col("similarity") == 1.0, pl.col("article_id") == "b")
    assert representative.height == 1 and (result["representative_article_id"] == "b").all()


def test_unattributed_quotes_match_within_their_story_only():
    poster = [quote("a", "Stay calm and keep your papers with you."), quote("b", "Stay calm and keep your papers with you.")]
    assert len(groups(run(poster))) == 1
    assert run(poster, stories={"a": "one story", "b": "another story"}).is_empty()


def test_speaker_keys():
    frame = pl.DataFrame([quote("a", "x", "Mr Tomas Adler", speaker_at=5), quote("a", "y", "British officials"),
                          quote("a", "z")], schema=QUOTE_SCHEMA)
    mentions = pl.DataFrame([{"article_id": "a", "entity_id": "e9", "char_start": 8, "char_end": 19}],
                            schema=MENTION_SCHEMA)
    assert speaker_keys(frame, mentions).to_list() == ["entity:e9", f"name:{spelling_key('officials')}", None]


def test_candidate_pairs():
    """Each pair once, from two articles: of one speaker key; of one story (or none) where a speaker is unknown;
    a short quote only with its own wording."""
    frame = pl.DataFrame([
        ("a", "name:holt", "s1", "they left at night", 4), ("a", "name:holt", "s1", "they left", 2),
        ("b", "name:holt", "s1", "nobody stayed behind", 3), ("b", None, "s1", "they left at dusk", 4),
        ("c", "name:vass", "s1", "they left at night", 4), ("c", None, None, "we stay here", 3),
        ("d", None, "s1", "they left", 2), ("d", None, None, "we stay here", 3),
    ], schema=["article_id", "speaker_key", "story_id", "text", "word_count"], orient="row").with_row_index("row")
    pairs = set(_candidate_pairs(frame).select("row", "other_row").rows())
    assert pairs == {(0, 2), (0, 3), (3, 4), (1, 6), (5, 7)}
