"""Joining mentions into corpus-wide entities, on small hand-made mention frames (the columns of
extract_mentions plus article_id), including pairs that must stay apart."""
import polars as pl
import pytest

from pipelines.text.aliases import resolve_entities
from pipelines.text.names import name_key, same_first_name, spelling_key, spelling_similarity, translit_key


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


@pytest.mark.parametrize("a, b", [("Hrytsenko", "Gritsenko"), ("Kravets", "Kravetz"), ("Nowak", "Novak"),
                                  ("Yuriy", "Jurij"), ("Balakliya", "Balaklia"), ("Aleksandr", "Alexandr"),
                                  ("Szymanski", "Shymanski"), ("Yelena", "Elena"), ("Olha", "Olga")])
def test_translit_key_folds_romanisations(a, b):
    assert translit_key(a) == translit_key(b)


@pytest.mark.parametrize("a, b", [("Volzh", "Voly"), ("Hal", "Hale"), ("Tamsa", "Tamara")])
def test_translit_key_keeps_other_names(a, b):
    assert translit_key(a) != translit_key(b)


@pytest.mark.parametrize("a, b, low, high", [
    ("Hrytsenko", "Gritsenko", 0.9, 1.0),  # h/g and y/i count half
    ("Kravetsk", "Kravetz", 0.85, 0.9),
    ("Hrytsenko", "Hrytsak", 0.0, 0.8),  # two surnames
    ("Kharkiv", "Kherson", 0.0, 0.6),
    ("Gdansk", "Gdynia", 0.0, 0.6),
    ("Chernihiv", "Chernihiv", 1.0, 1.0),
])
def test_spelling_similarity(a, b, low, high):
    assert low <= spelling_similarity(a, b) <= high


@pytest.mark.parametrize("a, b, same", [
    ("Oleksandr", "Aleksandr", True), ("Yuriy", "Yuri", True), ("Olha", "Olga", True), ("Serhiy", "Sergei", True),
    ("Marta", "Marek", False), ("Alexander", "Alexandra", False), ("Daniel", "Daniela", False),
    ("Ivan", "Ian", False), ("Mark", "Marek", False), ("Khakhabivol", "Khakhavol", False),
])
def test_same_first_name(a, b, same):
    assert same_first_name(a, b) is same


def test_romanised_first_name_and_surname_join_with_a_shared_role():
    general = dict(roles=["general"], person=2.0)
    _, entities, aliases = resolve(
        mention("a1", "Oleksandr Hrytsenko", "PERSON", **general),
        mention("a1", "Oleksandr Hrytsak", "PERSON", at=50, roles=["foreign", "minister"], person=2.0),
        mention("a2", "Aleksandr Gritsenko", "PERSON", **general),
        mention("a2", "Oleksandr Hrytsak", "PERSON", at=50, roles=["foreign", "minister"], person=2.0))
    assert joined(entities, "Oleksandr Hrytsenko", "Aleksandr Gritsenko")
    assert not joined(entities, "Oleksandr Hrytsenko", "Oleksandr Hrytsak")
    methods = aliases.filter(pl.col("alias").is_in(["Oleksandr Hrytsenko", "Aleksandr Gritsenko"]))["method"]
    assert sorted(methods)[1].startswith("fuzzy+first_name")  # the other one is the canonical name


def test_two_first_names_with_one_surname_stay_two_people_and_share_no_surname_alias():
    _, entities, _ = resolve(mention("a1", "Marta Nowak", "PERSON", roles=["deputy", "mayor"], person=2.0),
                             mention("a1", "Marek Nowak", "PERSON", at=40),
                             mention("a2", "Marta Nowak", "PERSON", roles=["deputy", "mayor"], person=2.0))
    assert not joined(entities, "Marta Nowak", "Marek Nowak")
    assert owner(entities, "Nowak") == set()  # "Nowak" alone could be either


def story(article: str, *names: str) -> list[dict]:
    """Other names an article mentions (each in its own sentence): what the co-occurrence evidence compares."""
    return [mention(article, name, "GPE", at=100 + 20 * i, context=[f"w{i}"]) for i, name in enumerate(names)]


def test_names_around_a_variant_in_another_article_are_evidence():
    around = ["Valmera", "Ostrin", "Dolyna", "Vesnograd"]
    _, entities, aliases = resolve(mention("a1", "Kravetsk", "GPE"), *story("a1", *around),
                                   mention("a2", "Kravetz", "GPE"), *story("a2", *around),
                                   *story("a3", "Lviv", "Odesa"), *story("a4", "Rivne", "Lutsk"))
    assert joined(entities, "Kravetsk", "Kravetz")
    assert "cooccurrence" in aliases.filter(pl.col("alias") == "Kravetz")["method"][0]
    _, entities, _ = resolve(mention("a1", "Kravetsk", "GPE"), *story("a1", *around),
                             mention("a2", "Kravetz", "GPE"), *story("a2", "Lviv", "Odesa", "Rivne", "Lutsk"),
                             *story("a3", "Lviv", "Odesa"), *story("a4", *around))
    assert not joined(entities, "Kravetsk", "Kravetz")


def test_a_shared_word_is_evidence_not_similarity():
    _, entities, aliases = resolve(mention("a1", "Velsa River", "LOC"), mention("a2", "Velza River", "LOC"), *FILLERS)
    assert joined(entities, "Velsa River", "Velza River")
    assert sorted(aliases.filter(pl.col("alias").is_in(["Velsa River", "Velza River"]))["method"]) == [
        "canonical", "fuzzy+shared_word"]
    shared = ["residents", "church", "hall", "opened", "shelter"]  # one sentence in two copies of a story
    _, entities, _ = resolve(mention("a1", "Hatter Street", "FAC", context=shared),
                             mention("a2", "Hart Street", "FAC", context=shared), *FILLERS)
    assert not joined(entities, "Hatter Street", "Hart Street")  # hatter/hart: too far apart
    _, entities, _ = resolve(mention("a1", "Velsa Institute", "ORG"), mention("a2", "Velza Institute", "ORG"), *FILLERS)
    assert not joined(entities, "Velsa Institute", "Velza Institute")  # organisations share head words too often


def test_canonical_tie_prefers_the_modern_form_then_more_articles():
    _, entities, _ = resolve(mention("a1", "Kiev", "GPE"), mention("a2", "Kyiv", "GPE"))
    assert entities["canonical_name"].to_list() == ["Kyiv"]
    _, entities, _ = resolve(mention("a1", "Izium", "GPE"), mention("a1", "Izium", "GPE", at=30),
                             mention("a2", "Izyum", "GPE"), mention("a3", "Izyum", "GPE"))
    assert entities["canonical_name"].to_list() == ["Izyum"]


@pytest.mark.parametrize("rows, entity_type", [
    # NER disagrees on a one-word name: its labels weigh one vote together, and the context decides
    ([mention("a1", "Brodiv", "NORP"), mention("a1", "Brodiv", "NORP", at=20), mention("a1", "Brodiv", "NORP", at=40),
      mention("a1", "Brodiv", "GPE", at=60), mention("a1", "Brodiv", "NORP", at=80, place=1.0)], "GPE"),
    # ... but where it agrees, its labels count in full
    ([mention("a1", "Brodiv", "NORP"), mention("a1", "Brodiv", "NORP", at=20), mention("a1", "Brodiv", "NORP", at=40),
      mention("a1", "Brodiv", "NORP", at=80, place=1.0)], "NORP"),
    # a nationality derived from the name in the corpus makes it a place
    ([mention("a1", "Valmeria", "ORG"), mention("a2", "Valmeria", "ORG"), mention("a1", "Valmerian", "NORP", at=30)],
     "GPE"),
    # a two-word PERSON that no title, role or short form vouches for counts half
    ([mention("a1", "Davyd Brid", "PERSON", place=2.0), mention("a2", "Davyd Brid", "PERSON")], "GPE"),
    ([mention("a1", "Anna Sirko", "PERSON", place=1.0), mention("a2", "Anna Sirko", "PERSON", roles=["mayor"],
                                                                  person=2.0)], "PERSON"),
    # a name NER missed borrows its label but does not vote with it
    ([mention("a1", "Brodiv", "GPE")] + [mention("a1", "Brodiv", "ORG", at=at, resolution="in_article_repeat")
                                         for at in (20, 40, 60)], "GPE"),
    ([mention("a1", "Tamber", "NORP", full_name="Tamber River", resolution="in_article_feature"),
      mention("a1", "Tamber", "NORP", at=20, full_name="Tamber River", resolution="in_article_feature"),
      mention("a1", "Tamber River", "LOC", at=40)], "LOC"),
])
def test_type_votes_from_context(rows, entity_type):
    types = dict(zip(*resolve(*rows)[1].select("canonical_name", "entity_type")))
    assert types[rows[0]["full_name"] or rows[0]["name"]] == entity_type


def test_weighing_the_candidates_on_two_cores_gives_the_same_tables():
    sentence = ["border", "guards", "said", "army", "took", "control", "town", "kilometres", "seized", "first", "day"]
    rows = pl.DataFrame([
        mention("a1", "Oksana Gallyuk", "PERSON", roles=["political", "analyst"], person=2.0),
        mention("a2", "Oksana Kalyuk", "PERSON", roles=["political", "analyst", "independent"], person=2.0),
        mention("a3", "Vovchansk", "GPE", context=sentence),
        mention("a3", "Vovchansk", "GPE", at=90, context=["shelling", "continued"]),
        mention("a4", "Vovsansk", "GPE", context=sentence[1:] + ["miles"]),
        mention("a5", "Vovchanka", "GPE", context=["harvest", "festival"]),
        mention("a5", "Kupiansk", "GPE", at=40, context=["rail", "hub"]), *FILLERS])
    one_core = resolve_entities(rows)
    two_cores = resolve_entities(rows, second_core_free=lambda: True)
    # three candidate pairs: one weighed here, two in the forked half, and a join from each side
    assert {"fuzzy+first_name+role", "fuzzy+context"} <= set(two_cores[2]["method"])
    for one, two in zip(one_core, two_cores):
        assert one.equals(two)
