"""Claim comparisons among invented claims: one quantity given in two units by two articles of one story is one
comparison; other stories, other groups of people, or one article's counts of different things are not."""
import polars as pl
import pytest

from pipelines.crossref.claims import compare_claims, singular, topic

CLAIM_SCHEMA = {"article_id": pl.String, "text": pl.String, "normalized_unit": pl.String, "subject": pl.String,
                "sentence": pl.String, "char_start": pl.Int32, "char_end": pl.Int32}


def claim(article: str, text: str, unit: str, sentence: str, subject: str | None = None) -> dict:
    start = sentence.index(text)
    return {"article_id": article, "text": text, "normalized_unit": unit, "subject": subject, "sentence": sentence,
            "char_start": start, "char_end": start + len(text)}


def compared(claims: list[dict], stories: dict[str, str] | None = None) -> set[frozenset]:
    story_of = stories or {c["article_id"]: "one story" for c in claims}
    result = compare_claims(pl.DataFrame(claims, schema=CLAIM_SCHEMA),
                            pl.DataFrame({"article_id": list(story_of), "story_id": list(story_of.values())}))
    grouped = result.group_by("representative_article_id", "representative_char_start").agg(
        pl.concat_str("article_id", pl.lit(":"), "char_start").alias("members"), pl.col("topic").first())
    return {(frozenset(m), t) for m, t in grouped.select("members", "topic").iter_rows()}


def test_one_area_in_two_units_from_two_articles():
    a = claim("a", "more than 400 square miles", "m2",
              "The army said it had retaken more than 400 square miles of territory in a week.", "territory")
    b = claim("b", "some 600 square kilometres", "m2",
              "Officers claimed to have freed occupied territory, some 600 square kilometres.")
    groups = compared([a, b])
    assert groups == {(frozenset({"a:" + str(a["char_start"]), "b:" + str(b["char_start"])}), "territory")}


def test_distances_advanced_match_on_the_verb_but_not_a_distance_from_a_town():
    sentences = ["The brigade advanced nearly 30 miles through the southern front.",
                 "Troops advanced almost 50 km in three days, the general staff said.",
                 "The village lies just 8 km from the border."]
    claims = [claim("a", "nearly 30 miles", "m", sentences[0]), claim("a", "almost 50 km", "m", sentences[1]),
              claim("a", "just 8 km", "m", sentences[2])]
    (members, label), = compared(claims)
    assert len(members) == 2 and label == "advanced"


def test_other_stories_and_other_groups_are_not_compared():
    killed = claim("a", "120 Brisian soldiers", "count", "At least 120 Brisian soldiers were killed.", "Brisian soldiers")
    other_side = claim("b", "80 Norvan soldiers", "count", "Some 80 Norvan soldiers were killed.", "Norvan soldiers")
    same_side = claim("b", "90 Brisian soldiers", "count", "Some 90 Brisian soldiers were killed.", "Brisian soldiers")
    assert compared([killed, other_side]) == set()
    assert compared([killed, same_side], stories={"a": "battle", "b": "another battle"}) == set()
    assert len(compared([killed, same_side])) == 1


def test_one_article_counting_people_twice_is_no_comparison():
    claims = [claim("a", "Three people", "count", "Three people died when a shell hit the market.", "people"),
              claim("a", "40 people", "count", "Guards held 40 people in the cellar for weeks.", "people")]
    assert compared(claims) == set()


def test_copies_pair_their_counts_one_to_one():
    first = [claim("a", "120 people", "count", "Floods forced 120 people from their homes.", "people"),
             claim("a", "30 people", "count", "Crews lifted 30 people from rooftops.", "people")]
    second = [claim("b", "120 people", "count", "Floods forced 120 people from their homes on Monday.", "people"),
              claim("b", "30 people", "count", "Crews lifted 30 people from rooftops by noon.", "people")]
    groups = compared(first + second)
    assert len(groups) == 2 and all(len(members) == 2 for members, _ in groups)


@pytest.mark.parametrize("text, subject, sentence, head, context", [
    ("3 km", None, "The town lies 3 km from the border.", None, {"lie", "border"}),
    ("nearly 30 miles", None, "Troops advanced nearly 30 miles.", None, {"advanced"}),
    ("two major areas", "major areas", "Moscow holds two major areas of the east.", "area", {"hold", "east"}),
])
def test_topic(text, subject, sentence, head, context):
    found = topic(text, subject, sentence)
    assert found.head == head and found.context == context


@pytest.mark.parametrize("word, expected", [("soldiers", "soldier"), ("casualties", "casualty"), ("losses", "loss"),
                                            ("territory", "territory"), ("status", "status"), ("gas", "gas")])
def test_singular(word, expected):
    assert singular(word) == expected
