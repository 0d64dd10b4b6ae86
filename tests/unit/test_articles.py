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
