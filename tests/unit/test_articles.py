import dataclasses
import datetime as dt

import polars as pl

from pipelines.text.articles import clean


def files(**texts: str) -> pl.DataFrame:
    return pl.DataFrame({"article_id": list(texts), "source_path": [f"{k}.txt" for k in texts], "text": list(texts.values())})


def test_an_article_gets_its_head_parsed_and_its_furniture_removed():
    text = ("date 2024-05-06\nHarbour wall finished | Coast Herald\n\n"
            "PORTMERE (CPA) — The new harbour wall was finished on Monday.\n\n"
            "See also  Ferry timetable changes\n\n"
            "“It held in the storm,” the harbour master said.")
    result = clean(files(a=text))
    (article,) = result.articles.to_dicts()
    assert article["title"] == "Harbour wall finished"
    assert article["outlet"] == "Coast Herald"
    assert article["dateline"] == "PORTMERE"
    assert article["published_date"] == dt.date(2024, 5, 6)
    assert article["body"] == ("PORTMERE (CPA) — The new harbour wall was finished on Monday.\n\n"
                               "“It held in the storm,” the harbour master said.")
    assert (article["paragraph_count"], article["removed_count"], article["word_count"]) == (2, 1, 20)
    assert result.removed.select("paragraph_index", "reason").rows() == [(2, "see_also")]


def test_articles_with_nothing_left_are_rejected_with_a_reason():
    result = clean(files(furniture="Weekend round-up\n\nMost read in Coast Herald\n\nSinger cancels tour\n\nAdvertisement",
                         headline="Council meets tonight\n"))
    assert result.articles.is_empty() and result.removed.is_empty()
    reasons = dict(result.rejected.rows())
    assert reasons["furniture"] == "no article text: all 3 paragraphs look like page furniture (advertisement, sidebar)"
    assert reasons["headline"] == "no article text: only a headline, no body paragraphs"


LINE = "Got a story for us? Email the newsdesk today."


def _story(name: str, with_line: bool) -> str:
    return (f"{name} opens a new bridge\n\n"
            f"The town of {name} opened its new bridge on Tuesday.\n\n"
            f"Traffic in {name} is expected to ease by the summer."
            + (f"\n\n{LINE}" if with_line else ""))


def test_a_rerun_carries_over_the_articles_whose_text_and_furniture_marks_are_unchanged():
    two = files(a=_story("Arlow", True), b=_story("Brenmouth", True), c=_story("Cosk", False))
    earlier = clean(two)
    assert earlier.removed.is_empty()  # a line in two articles is not yet site furniture
    # the earlier result of c, which nothing changes, marked so that carrying it over shows
    earlier = dataclasses.replace(earlier, articles=earlier.articles.with_columns(
        title=pl.when(pl.col("article_id") == "c").then(pl.lit("carried")).otherwise("title")))
    three = files(a=_story("Arlow", True), b=_story("Brenmouth", True), c=_story("Cosk", False),
                  d=_story("Dunmere", True))
    again = clean(three, earlier)
    assert again.carried_over == 1
    # the third article with the line makes it furniture in a and b too: they are cleaned again, c is carried
    assert again.removed.select("article_id", "reason").rows() == [("a", "furniture"), ("b", "furniture"),
                                                                  ("d", "furniture")]
    assert dict(again.articles.select("article_id", "title").rows()) == {
        "a": "Arlow opens a new bridge", "b": "Brenmouth opens a new bridge", "c": "carried",
        "d": "Dunmere opens a new bridge"}
    fresh = clean(three)
    for field in ("removed", "rejected", "marks"):
        assert getattr(again, field).equals(getattr(fresh, field))
    assert again.articles.drop("title").equals(fresh.articles.drop("title"))


def test_a_change_to_the_cleaning_code_cleans_every_article_again():
    corpus = files(a=_story("Arlow", False))
    earlier = clean(corpus)
    # an older cleaning, whose tables may lack today's columns
    stale = dataclasses.replace(earlier, articles=earlier.articles.with_columns(title=pl.lit("stale")).drop("word_count"),
                                marks=earlier.marks.with_columns(version=pl.lit("an older cleaning")))
    assert clean(corpus, stale).articles["title"].to_list() == ["Arlow opens a new bridge"]


def test_heads_and_paragraphs_are_worked_out_only_for_new_texts():
    corpus = files(a=_story("Arlow", False))
    earlier = clean(corpus)
    assert earlier.parts["paragraphs"].list.len().to_list() == [earlier.articles["paragraph_count"].item()]
    # the article is classified again (its marks are of an older cleaning), its head taken from the earlier parts,
    # marked so that reusing them shows; of another cleaning version they are not reused
    marked = dataclasses.replace(earlier, parts=earlier.parts.with_columns(title=pl.lit("kept")),
                                 marks=earlier.marks.with_columns(version=pl.lit("an older cleaning")))
    assert clean(corpus, marked).articles["title"].to_list() == ["kept"]
    stale = dataclasses.replace(marked, parts=marked.parts.with_columns(version=pl.lit("an older cleaning")))
    assert clean(corpus, stale).articles["title"].to_list() == ["Arlow opens a new bridge"]
