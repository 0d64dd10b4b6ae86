"""Copies among invented articles: exact, near and derived pairs, and pairs that must not match (an independent
report of the same event, an article sharing one quoted sentence)."""
import polars as pl
import pytest

from pipelines.crossref import duplicates
from pipelines.crossref.duplicates import find_duplicates, kind_of

REPORT = [
    "The Pellworth river rose by two metres overnight and flooded the lower town of Caddon Mills.",
    "Rescue teams in orange boats moved families from the terraced houses along Tanner Street before dawn.",
    "The county fire service said forty-two people had spent the night in the sports hall on the hill.",
    '"We have never seen the water climb this quickly," said Marta Ingleby, who runs the bakery by the bridge.',
    "Engineers closed the old stone bridge after cracks appeared in its eastern arch late on Sunday.",
    "The weather office expects another heavy band of rain to cross the valley on Wednesday afternoon.",
    "Farmers upstream reported sheep stranded on small islands of grass in the middle of flooded fields.",
    "The council has opened a fund for households whose ground floors were ruined by the muddy water.",
]

REWRITE = [
    "Floods hit Caddon Mills again this week, and locals are angry.",
    "The Pellworth river rose by two metres overnight and flooded the lower town of Caddon Mills.",
    "Rescue teams in orange boats moved families from the terraced houses along Tanner Street before dawn.",
    "The county fire service said forty-two people had spent the night in the sports hall on the hill.",
    "Residents say the flood defences promised after the last disaster were never built by the council.",
    "One shopkeeper told us she would move away if the river came into her shop a third time.",
    "Local campaigners will march on the town hall next month to demand a public inquiry into the floods.",
    "The regional minister is due to visit the damaged streets on Friday morning with the county engineer.",
]

INDEPENDENT = [
    "Caddon Mills woke to brown water in its streets after a night of heavy rain along the Pellworth.",
    "Around forty residents were taken to a sports hall, a spokesman for the fire brigade told this paper.",
    '"We have never seen the water climb this quickly," said Marta Ingleby, who runs the bakery by the bridge.',
    "The bridge on the main road is shut until structural engineers can inspect the damaged arch.",
    "Sheep farmers in the upper valley are counting losses after flood water covered their pastures.",
    "More rain is forecast for the middle of the week, with warnings in place for the whole county.",
]


def respun(sentences: list[str]) -> list[str]:
    """A machine-respun copy: a few words per sentence swapped for synonyms."""
    swaps = {"rose": "climbed", "flooded": "inundated", "moved": "evacuated", "families": "households",
             "said": "stated", "closed": "shut", "expects": "predicts", "reported": "described",
             "opened": "launched", "ruined": "wrecked"}
    return [" ".join(swaps.get(w, w) for w in s.split()) for s in sentences]


def frame(**articles: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"article_id": list(articles), "body": ["\n\n".join(s) for s in articles.values()]})


def pairs(found: pl.DataFrame) -> dict[frozenset, str]:
    return {frozenset((a, b)): kind for a, b, kind in found.select("article_id", "other_article_id", "kind").iter_rows()}


def test_exact_near_and_derived_copies_and_no_false_pairs():
    edited = REPORT[:5] + ["The weather office expects another band of rain to cross the valley on Wednesday."] + REPORT[6:]
    found = pairs(find_duplicates(frame(
        a_report=REPORT,
        b_same=[s.upper().replace(",", "") for s in REPORT],  # same words, other case and punctuation
        c_edited=edited,
        d_rewrite=REWRITE,
        e_independent=INDEPENDENT,
    )))
    assert found[frozenset(("a_report", "b_same"))] == "exact"
    assert found[frozenset(("a_report", "c_edited"))] == "near"
    assert found[frozenset(("a_report", "d_rewrite"))] == "derived"
    assert not any("e_independent" in pair for pair in found)


def test_a_respun_copy_is_found_though_few_shingles_survive():
    found = find_duplicates(frame(original=REPORT, spun=respun(REPORT), other=INDEPENDENT))
    assert pairs(found) == {frozenset(("original", "spun")): "near"}
    assert found["similarity"][0] > 0.9


def test_pairs_are_ordered_and_scored():
    found = find_duplicates(frame(z_rewrite=REWRITE, a_report=REPORT))
    row = found.row(0, named=True)
    assert (row["article_id"], row["other_article_id"]) == ("a_report", "z_rewrite")
    assert row["similarity"] == max(row["article_coverage"], row["other_coverage"])
    assert 0.2 <= row["similarity"] < 0.9


def test_one_shared_quote_does_not_make_a_copy():
    quote = REPORT[3]
    other = ["A new library opened in the market square of Fenwick on Saturday morning.",
             "The building was paid for by a local family who ran the mill for three generations.",
             quote,
             "Children queued for an hour to borrow the first books from the shelves."]
    assert find_duplicates(frame(report=REPORT, library=other)).is_empty()


def test_syndicated_copies_are_found_by_the_sketch_when_no_shingle_is_rare(monkeypatch):
    monkeypatch.setattr(duplicates, "MAX_SHINGLE_ARTICLES", 1)  # every shared shingle counts as common
    found = find_duplicates(frame(wire=REPORT, outlet_one=REPORT[:-1] + ["Editing by a desk in the capital."],
                                  outlet_two=list(REPORT), other=INDEPENDENT))
    assert set(pairs(found)) == {frozenset(p) for p in [("wire", "outlet_one"), ("wire", "outlet_two"),
                                                         ("outlet_one", "outlet_two")]}


@pytest.mark.parametrize("same, mine, theirs, found, kind", [
    (True, 1.0, 1.0, 0, "exact"),
    (False, 0.95, 0.92, 10, "near"),
    (False, 0.95, 0.3, 10, "derived"),
    (False, 0.5, 0.5, 1, None),  # one sentence in common
    (False, 0.1, 0.05, 3, None),
])
def test_kind_of(same, mine, theirs, found, kind):
    assert kind_of(same, mine, theirs, found) == kind


def test_checks_carry_over_between_runs_by_body_and_version():
    articles = frame(original=REPORT, spun=respun(REPORT), other=INDEPENDENT)
    first = duplicates.PairChecks()
    found = find_duplicates(articles, first)
    stored = first.frame()
    assert pairs(found) == {frozenset(("original", "spun")): "near"}
    assert stored.height >= 1 and set(stored["version"]) == {duplicates.CHECK_VERSION}
    # a stored check is believed, not redone: make the pair's check say "a third of each text"
    doctored = stored.with_columns(article_coverage=pl.lit(0.3), other_coverage=pl.lit(0.3))
    assert pairs(find_duplicates(articles, duplicates.PairChecks(doctored))) == {
        frozenset(("original", "spun")): "derived"}
    # ... unless another version of the comparison made it
    outdated = doctored.with_columns(version=pl.lit("another"))
    assert pairs(find_duplicates(articles, duplicates.PairChecks(outdated))) == pairs(found)
    # and a changed body is checked again
    changed = frame(original=REPORT, spun=respun(REPORT)[:-1], other=INDEPENDENT)
    assert find_duplicates(changed, duplicates.PairChecks(doctored)).equals(find_duplicates(changed))
