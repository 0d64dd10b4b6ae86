"""Joining mentions into corpus-wide entities, on small hand-made mention frames (the columns of
extract_mentions plus article_id), including pairs that must stay apart."""
import polars as pl
import pytest

from pipelines.text.aliases import resolve_entities
from pipelines.text.names import name_key, spelling_key


def mention(article: str, name: str, label: str, *, at: int = 0, sentence: int | None = None, full_name=None,
            resolution=None, roles=(), context=(), person=0.0, place=0.0, norp=0.0) -> dict:
    return {"article_id": article, "mention_text": name, "label": label, "char_start": at, "char_end": at + len(name),
            "name": name, "full_name": full_name, "resolution": resolution, "role_words": list(roles),
            "context_words": list(context), "sentence_start": at if sentence is None else sentence,
            "person_cue": person, "place_cue": place, "norp_cue": norp}


FILLERS = [mention(f"x{i}", name, "GPE", context=[word])  # other names, so that shared context words weigh something
           for i, (name, word) in enumerate([("Lviv", "harvest"), ("Odesa", "port"), ("Rivne", "rail")])]


def resolve(*rows: dict):
    return resolve_entities(pl.DataFrame(list(rows)))


def owner(entities: pl.DataFrame, spelling: str) -> set[str]:
    """Entities that list a spelling, as the scorer looks them up."""
    return {e["entity_id"] for e in entities.iter_rows(named=True)
            if name_key(spelling) in {name_key(a) for a in e["aliases"]}}


def joined(entities: pl.DataFrame, a: str, b: str) -> bool:
    return bool(owner(entities, a) & owner(entities, b))


@pytest.mark.parametrize("a, b", [("Zelenskyy", "Zelensky"), ("Izyum", "Izium"), ("Donbass", "Donbas"),
                                  ("Balakliya", "Balakliia"), ("U.S.", "US"), ("Kyïv", "Kyiv")])
def test_spelling_key_folds_transliteration_variants(a, b):
    assert spelling_key(a) == spelling_key(b)


@pytest.mark.parametrize("a, b", [("Kharkiv", "Kherson"), ("Gdansk", "Gdynia"), ("Russia", "Russian")])
def test_spelling_key_keeps_different_names(a, b):
    assert spelling_key(a) != spelling_key(b)


def test_one_row_per_mention_with_a_stable_entity_id():
    rows = [mention("a1", "Brodiv", "GPE"), mention("a1", "Brodiv", "GPE", at=50), mention("a2", "BRODIV", "GPE")]
    assignments, entities, aliases = resolve(*rows)
    assert assignments.height == 3 and assignments["entity_id"].n_unique() == 1
    entity = entities.row(0, named=True)
    assert (entity["canonical_name"], entity["mention_count"], entity["article_count"]) == ("Brodiv", 3, 2)
    assert set(aliases["method"]) == {"canonical", "exact"}
    assert resolve(*reversed(rows))[1]["entity_id"].to_list() == entities["entity_id"].to_list()


def test_result_does_not_depend_on_row_order():
    rows = [mention("a1", "Volodymyr Zelensky", "PERSON", roles=["president"], person=2.0),
            mention("a1", "Zelensky", "PERSON", at=40, full_name="Volodymyr Zelensky", resolution="in_article_surname"),
            mention("a2", "Volodymyr Zelenskyy", "PERSON", roles=["president"], person=2.0),
            mention("a2", "Kiev", "PERSON", at=60), mention("a3", "Kyiv", "GPE"), mention("a3", "Kyiv", "PERSON", at=9)]
    forward, backward = resolve(*rows), resolve(*reversed(rows))
    for one, other in zip(forward, backward):
        assert one.sort(one.columns[:2]).equals(other.sort(other.columns[:2]))


def test_spelling_variants_and_in_article_surnames_join():
    _, entities, aliases = resolve(
        mention("a1", "Volodymyr Zelensky", "PERSON", roles=["president"], person=2.0),
        mention("a1", "Zelensky", "PERSON", at=40, full_name="Volodymyr Zelensky", resolution="in_article_surname"),
        mention("a2", "Volodymyr Zelenskyy", "PERSON", roles=["president"], person=2.0))
    assert entities.height == 1
    assert entities["canonical_name"][0] == "Volodymyr Zelensky"  # two mentions against one
    methods = dict(zip(aliases["alias"], aliases["method"]))
    assert methods["Volodymyr Zelenskyy"] == "spelling_variant"
    assert methods["Zelensky"] == "in_article_surname"
    assert methods["Zelenskyy"] == "surname"  # never written alone, but no one else is called that


def test_exonym_table_joins_kiev_and_kyiv():
    _, entities, aliases = resolve(mention("a1", "Kiev", "GPE"), mention("a2", "Kyiv", "GPE"),
                                   mention("a2", "Kyiv", "GPE", at=30))
    assert entities.height == 1 and entities["canonical_name"][0] == "Kyiv"
    assert aliases.filter(pl.col("alias") == "Kiev")["method"][0] == "exonym"


def test_across_articles_a_shared_first_name_and_role_join_a_misspelt_surname():
    _, entities, aliases = resolve(
        mention("a1", "Oksana Gallyuk", "PERSON", roles=["political", "analyst"], person=2.0),
        mention("a2", "Oksana Kalyuk", "PERSON", roles=["political", "analyst", "independent"], person=2.0))
    assert entities.height == 1
    row = aliases.filter(pl.col("method").str.starts_with("fuzzy")).row(0, named=True)
    assert row["method"] == "fuzzy+first_name+role" and 0.8 <= row["score"] < 1
    assert "first_name" in row["evidence"] and row["matched_alias"] in ("Oksana Gallyuk", "Oksana Kalyuk")


def test_a_parallel_sentence_joins_a_misspelt_place():
    sentence = ["border", "guards", "said", "army", "took", "control", "town", "kilometres", "seized", "first", "day"]
    _, entities, _ = resolve(mention("a1", "Vovchansk", "GPE", context=sentence),
                             mention("a1", "Vovchansk", "GPE", at=90, context=["shelling", "continued"]),
                             mention("a2", "Vovsansk", "GPE", context=sentence[1:] + ["miles"]),
                             mention("a3", "Kupiansk", "GPE", context=["rail", "hub"]))
    assert joined(entities, "Vovchansk", "Vovsansk")
    assert not joined(entities, "Vovchansk", "Kupiansk")


def test_a_similar_place_without_evidence_stays_apart():
    _, entities, _ = resolve(mention("a1", "Vovchansk", "GPE", context=["shelling", "continued"]),
                             mention("a2", "Vovsansk", "GPE", context=["harvest", "festival"]))
    assert entities.height == 2


@pytest.mark.parametrize("a, b, label_a, label_b", [
    ("Kharkiv", "Kherson", "GPE", "GPE"),  # both places, spelt too far apart
    ("Gdansk", "Gdynia", "GPE", "GPE"),
    ("Russia", "Russian", "GPE", "NORP"),  # a country and a nationality
    ("Russia", "Russian", "GPE", "GPE"),  # ... even where NER calls both places
    ("Kharkiv", "Kharkivka", "GPE", "GPE"),  # a name and one derived from it
    ("Ivan Petrenko", "Anna Petrenko", "PERSON", "PERSON"),  # two first names, two people
])
def test_pairs_that_must_not_join(a, b, label_a, label_b):
    shared = ["troops", "advanced", "city", "region", "shelling"]  # one sentence in two copies of a story
    _, entities, _ = resolve(mention("a1", a, label_a, context=shared), mention("a2", b, label_b, context=shared),
                             *FILLERS)
    assert not joined(entities, a, b)


def test_two_names_one_article_keeps_using_are_two_things():
    context = ["shelling", "continued", "town"]
    _, entities, _ = resolve(*[mention("a1", name, "GPE", at=at, context=context)
                               for at, name in enumerate(["Vovchansk", "Vochansk", "Vovchansk", "Vochansk"])],
                             *FILLERS)
    assert not joined(entities, "Vovchansk", "Vochansk")


def test_two_names_in_one_sentence_are_two_things():
    _, entities, _ = resolve(mention("a1", "Vovchansk", "GPE", at=0, sentence=0, context=["vochansk", "and"]),
                             mention("a1", "Vochansk", "GPE", at=14, sentence=0, context=["vovchansk", "and"]),
                             *FILLERS)
    assert not joined(entities, "Vovchansk", "Vochansk")


def test_a_one_off_variant_in_an_article_that_uses_the_other_joins():
    _, entities, aliases = resolve(mention("a1", "Vovchansk", "GPE"), mention("a1", "Vovchansk", "GPE", at=40),
                                   mention("a1", "Vochansk", "GPE", at=80))
    assert entities.height == 1
    assert aliases.filter(pl.col("alias") == "Vochansk")["method"][0] == "fuzzy+same_article"


def test_bare_surname_joins_the_only_person_with_it():
    _, entities, aliases = resolve(mention("a1", "Vladimir Putin", "PERSON", roles=["president"], person=2.0),
                                   mention("a2", "Putin", "PERSON"), mention("a2", "Putin", "PERSON", at=30))
    assert entities.height == 1 and entities["canonical_name"][0] == "Vladimir Putin"  # the full spelling
    assert aliases.filter(pl.col("alias") == "Putin")["method"][0] == "corpus_surname"


def test_bare_surname_of_two_people_joins_neither():
    _, entities, aliases = resolve(mention("a1", "Mike Martin", "PERSON", roles=["dr"], person=2.0),
                                   mention("a2", "George Martin", "PERSON", roles=["producer"], person=2.0),
                                   mention("a3", "Martin", "PERSON"))
    assert entities.height == 3
    assert "surname" not in set(aliases["method"])  # "Martin" is no unambiguous alias of either


def test_canonical_is_the_most_frequent_full_spelling_and_a_tie_goes_to_the_longer():
    _, entities, _ = resolve(mention("a1", "Donbas", "GPE"), mention("a2", "Donbass", "GPE"))
    assert entities["canonical_name"][0] == "Donbass"
    _, entities, _ = resolve(mention("a1", "Donbas", "GPE"), mention("a1", "Donbas", "GPE", at=30),
                             mention("a2", "Donbass", "GPE"))
    assert entities["canonical_name"][0] == "Donbas"


@pytest.mark.parametrize("rows, entity_type", [
    # spaCy's one-word PERSON is no evidence when no one in the corpus has that name
    ([mention("a1", "Kyiv", "PERSON"), mention("a1", "Kyiv", "PERSON", at=20), mention("a2", "Kyiv", "PERSON"),
      mention("a3", "Kyiv", "GPE")], "GPE"),
    ([mention("a1", "Sumy", "ORG", place=2.0)], "GPE"),  # "the region of Sumy"
    ([mention("a1", "Belgorod", "NORP", place=2.0)], "GPE"),  # "the Russian city of Belgorod"
    ([mention("a1", "Crimea", "ORG", place=1.0), mention("a2", "Crimea", "ORG", place=1.0),
      mention("a3", "Crimea", "ORG")], "GPE"),
    ([mention("a1", "Anna Sirko", "ORG", roles=["deputy", "minister"], person=2.0)], "PERSON"),
    ([mention("a1", "Telegram", "ORG"), mention("a2", "Telegram", "ORG")], "ORG"),  # no other evidence: the label
    ([mention("a1", "Ukrainian", "GPE"), mention("a1", "Ukrainian", "NORP", at=20, norp=1.0)], "NORP"),
])
def test_type_is_voted_by_all_mentions(rows, entity_type):
    assert resolve(*rows)[1]["entity_type"].to_list() == [entity_type]


def test_empty_input_gives_empty_tables():
    empty = pl.DataFrame(schema={"article_id": pl.String, "name": pl.String})
    assert [t.height for t in resolve_entities(empty)] == [0, 0, 0]
