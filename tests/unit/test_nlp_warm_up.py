"""The tokenizer's warm-up: words tokenised before the memory zones keep their cache entries and lexemes."""
import spacy

from pipelines.text import nlp as nlp_module


def _kept_after_a_zone(nlp, word: str) -> bool:
    with nlp.memory_zone():
        nlp.make_doc(f"{word} spoke.")
    return word in nlp.vocab.strings


def test_words_of_the_warm_up_outlive_memory_zones_and_the_warm_up_stops(monkeypatch):
    monkeypatch.setattr(nlp_module, "WARM_UP_ARTICLES", 2)
    nlp = spacy.blank("en")
    assert not _kept_after_a_zone(nlp, "Zorvalic")  # what a zone meets goes with it, cache entry and all

    nlp_module.warm_up_tokenizer(nlp, ["Quennart met Zorvalic.", "Brisselow"])
    nlp_module.warm_up_tokenizer(nlp, ["Tamberune"])  # past WARM_UP_ARTICLES: not tokenised
    assert _kept_after_a_zone(nlp, "Zorvalic") and _kept_after_a_zone(nlp, "Brisselow")
    assert not _kept_after_a_zone(nlp, "Tamberune")


def test_no_warm_up_inside_a_memory_zone():
    nlp = spacy.blank("en")
    with nlp.memory_zone():
        nlp_module.warm_up_tokenizer(nlp, ["Pellucid Varnholt"])
    assert "Varnholt" not in nlp.vocab.strings
    nlp_module.warm_up_tokenizer(nlp, ["Varnholt"])  # its budget was not spent inside the zone
    assert _kept_after_a_zone(nlp, "Varnholt")
