"""Entity joining between full resolutions: new articles' mentions placed among the earlier entities, and the
cases where a full resolution runs instead."""
from dataclasses import replace

import polars as pl
import pytest
from test_aliases import FILLERS, joined, mention

from pipelines.text import aliases
from pipelines.text.aliases import _Join
from pipelines.text.entity_updates import STATE_SCHEMA, Resolution, _Seeded, join_entities

VOVCHANSK = ["border", "guards", "said", "army", "took", "control", "town", "kilometres", "seized", "first", "day"]
EARLIER = [mention("a1", "Brodiv", "GPE", context=["harvest"]),
           mention("a2", "Oksana Gallyuk", "PERSON", roles=["political", "analyst"], person=2.0),
           mention("a3", "Vovchansk", "GPE", context=VOVCHANSK),
           mention("a3", "Vovchansk", "GPE", at=90, context=["shelling", "continued"]), *FILLERS]


def frame(rows) -> pl.DataFrame:
    return pl.DataFrame(list(rows))


def update(earlier_rows, new_rows, **options) -> tuple[Resolution, Resolution]:
    """The earlier rows resolved in full, then the new rows added: (the earlier resolution, the update)."""
    earlier = join_entities(frame(earlier_rows), None)
    return earlier, join_entities(frame([*earlier_rows, *new_rows]), earlier, **{"share": 1.0, **options})


def entity_of(resolution: Resolution, article: str, at: int = 0) -> str:
    return resolution.assignments.filter((pl.col("article_id") == article) & (pl.col("char_start") == at))[
        "entity_id"].item()


def test_a_known_spelling_goes_to_its_entity():
    earlier, updated = update(EARLIER, [mention("b1", "BRODIV", "GPE", context=["harvest"])])
    assert updated.state["added_articles"].item() == 1
    assert entity_of(updated, "b1") == entity_of(earlier, "a1")
    assert updated.entities.height == earlier.entities.height
    brodiv = updated.entities.filter(pl.col("canonical_name") == "Brodiv").row(0, named=True)
    assert (brodiv["mention_count"], brodiv["article_count"], brodiv["aliases"]) == (2, 2, ["BRODIV", "Brodiv"])
    row = updated.aliases.filter(pl.col("alias") == "BRODIV").row(0, named=True)
    assert (row["entity_id"], row["method"]) == (brodiv["entity_id"], "exact")


@pytest.mark.parametrize("new, method", [
    (mention("b1", "Vovsansk", "GPE", context=VOVCHANSK[1:] + ["miles"]), "fuzzy+context"),
    (mention("b1", "Oksana Kalyuk", "PERSON", roles=["political", "analyst", "independent"], person=2.0),
     "fuzzy+first_name+role"),
])
def test_a_new_variant_joins_the_earlier_entity_as_a_full_resolution_does(new, method):
    earlier, updated = update(EARLIER, [new])
    full = join_entities(frame([*EARLIER, new]), None)
    assert updated.entities.height == earlier.entities.height == full.entities.height
    assert joined(updated.entities, new["name"], EARLIER[1 if "Oksana" in new["name"] else 2]["name"])
    placed = updated.aliases.filter(pl.col("alias") == new["name"]).row(0, named=True)
    assert placed["method"] == method
    assert placed == {**full.aliases.filter(pl.col("alias") == new["name"]).row(0, named=True),
                      "entity_id": placed["entity_id"]}


def test_a_new_name_starts_an_entity_of_its_own():
    earlier, updated = update(EARLIER, [mention("b1", "Tamber River", "LOC"),
                                        mention("b1", "Tamber", "LOC", at=30, full_name="Tamber River",
                                                resolution="in_article_feature")])
    assert updated.entities.height == earlier.entities.height + 1
    tamber = updated.entities.filter(pl.col("canonical_name") == "Tamber River").row(0, named=True)
    assert (tamber["entity_type"], tamber["mention_count"], tamber["aliases"]) == ("LOC", 2, ["Tamber", "Tamber River"])
    assert entity_of(updated, "b1") == entity_of(updated, "b1", 30) == tamber["entity_id"]
    assert set(updated.spellings["spelling"]) == set(earlier.spellings["spelling"]) | {"Tamber River"}
    # every earlier row is kept as it was
    assert earlier.assignments.join(updated.assignments, on=list(aliases.ASSIGNMENT_SCHEMA), how="anti").is_empty()


def test_two_earlier_entities_are_never_merged():
    nodes = {k: aliases._Node(k) for k in ("a", "b", "new")}
    groups = _Seeded(nodes, {"a": "entity-1", "b": "entity-2"})
    groups.union(_Join("a", "new", "fuzzy+context", 0.9))
    groups.union(_Join("new", "b", "fuzzy+context", 0.9))
    assert groups.find("new") == groups.find("a") != groups.find("b")
    assert groups.entity[groups.find("new")] == "entity-1"


def test_nothing_new_keeps_the_earlier_resolution():
    earlier = join_entities(frame(EARLIER), None)
    assert join_entities(frame(EARLIER), earlier, share=1.0) is earlier


@pytest.mark.parametrize("case", ["removed", "changed", "share", "version", "asked"])
def test_a_full_resolution_runs_when_due(case):
    rows, options = [*EARLIER, mention("b1", "Brodiv", "GPE")], {"share": 1.0}
    earlier = join_entities(frame(EARLIER), None)
    if case == "removed":
        rows = rows[1:]
    elif case == "changed":
        rows[0] = {**rows[0], "char_start": 5, "char_end": 11}
    elif case == "share":
        options["share"] = 0.1  # one article added to eight resolved
    elif case == "version":
        earlier = replace(earlier, state=earlier.state.with_columns(version=pl.lit("old")))
    else:
        options["full"] = True
    updated = join_entities(frame(rows), earlier, **options)
    full = join_entities(frame(rows), None)
    assert updated.state.equals(full.state) and updated.state["added_articles"].item() == 0
    assert updated.entities.equals(full.entities) and updated.assignments.equals(full.assignments)


def test_the_share_counts_every_article_added_since_the_full_resolution():
    earlier = join_entities(frame(EARLIER), None)  # 6 articles: 0.4 of them is 2.4
    first = join_entities(frame([*EARLIER, mention("b1", "Brodiv", "GPE")]), earlier, share=0.4)
    assert first.state["added_articles"].item() == 1
    rows = [*EARLIER, mention("b1", "Brodiv", "GPE"), mention("b2", "Brodiv", "GPE"), mention("b3", "Rivne", "GPE")]
    assert join_entities(frame(rows), first, share=0.4).state["added_articles"].item() == 0  # 3 added: full
    assert join_entities(frame(rows[:-1]), first, share=0.4).state["added_articles"].item() == 2
    assert STATE_SCHEMA == dict(first.state.schema)
