"""Stories from invented articles: one event told by two outlets is one story; another event, or the same words
a month later, is not. And the grouping helpers on hand-made pairs."""
import datetime as dt

import polars as pl

from pipelines.crossref.grouping import average_linkage, connected_groups
from pipelines.crossref.stories import cluster_stories

FERRY = ("Ferry aground off Skellig Point",
         "The ferry Morwenna ran aground on rocks off Skellig Point on Tuesday with 214 passengers aboard. "
         "Coastguard crews from Port Ennis towed the damaged ferry back to harbour after the tide turned. "
         "The operator Bluewater Lines said the captain had reported a steering failure shortly before the grounding.")
FERRY_OTHER_OUTLET = ("Passengers rescued after Morwenna grounding",
                      "Passengers on the Morwenna described a loud bang as the ferry struck the rocks near Skellig Point. "
                      "Bluewater Lines blamed a steering failure; the coastguard at Port Ennis brought the ferry "
                      "and its passengers safely into harbour by evening.")
BUDGET = ("Council approves school budget",
          "Councillors in Dunmore voted to raise spending on primary schools by four percent next year. "
          "The mayor said new classrooms and a swimming pool would be built before the autumn term.")


def articles(*rows: tuple[str, tuple[str, str], dt.date | None]) -> pl.DataFrame:
    return pl.DataFrame([{"article_id": a, "title": t, "body": b, "published_date": d} for a, (t, b), d in rows],
                        schema={"article_id": pl.String, "title": pl.String, "body": pl.String, "published_date": pl.Date})


NO_MENTIONS = pl.DataFrame(schema={"article_id": pl.String, "entity_id": pl.String})
DAY = dt.date(2024, 5, 7)


def stories(frame: pl.DataFrame, mentions: pl.DataFrame = NO_MENTIONS) -> dict[str, str]:
    return dict(cluster_stories(frame, mentions).select("article_id", "story_id").iter_rows())


def test_two_outlets_on_one_event_are_one_story_and_another_event_stands_alone():
    found = stories(articles(("a", FERRY, DAY), ("b", FERRY_OTHER_OUTLET, DAY + dt.timedelta(days=1)),
                             ("c", BUDGET, DAY)))
    assert found["a"] == found["b"] == "a"  # named by the earliest article
    assert found["c"] == "c"


def test_articles_weeks_apart_are_not_one_story():
    found = stories(articles(("a", FERRY, DAY), ("b", FERRY_OTHER_OUTLET, DAY + dt.timedelta(days=30)),
                             ("c", BUDGET, DAY)))
    assert found["a"] != found["b"]


def test_shared_entities_count_when_the_words_differ():
    """Two short notes that share no content word but name the same entities (as the corpus resolved them)."""
    notes = articles(("a", ("", "Morwenna refloated near Skellig."), DAY),
                     ("b", ("", "Vessel towed into Ennis."), DAY),
                     ("c", ("", "Dunmore schools funded."), DAY))
    mentions = pl.DataFrame({"article_id": ["a", "a", "b", "b", "c"], "entity_id": ["ship", "cape", "ship", "cape", "town"]})
    assert stories(notes)["a"] != stories(notes)["b"]
    joined = stories(notes, mentions)
    assert joined["a"] == joined["b"] != joined["c"]


def test_similarity_is_the_average_to_the_rest_of_the_story():
    result = cluster_stories(articles(("a", FERRY, DAY), ("b", FERRY_OTHER_OUTLET, DAY), ("c", BUDGET, DAY)), NO_MENTIONS)
    by_article = dict(result.select("article_id", "similarity").iter_rows())
    assert by_article["a"] == by_article["b"] > 0
    assert by_article["c"] is None


def test_average_linkage_does_not_chain():
    # a~b and b~c, but a and c have nothing in common: c joins {a, b} only if similar to both on average
    similarities = {("a", "b"): 0.9, ("b", "c"): 0.6}
    assert sorted(map(sorted, average_linkage("abc", similarities, 0.5))) == [["a", "b"], ["c"]]
    assert sorted(map(sorted, average_linkage("abc", similarities, 0.25))) == [["a", "b", "c"]]


def test_connected_groups():
    groups = connected_groups(range(6), [(0, 1), (1, 2), (4, 5)])
    assert sorted(map(sorted, groups)) == [[0, 1, 2], [3], [4, 5]]
