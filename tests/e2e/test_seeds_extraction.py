"""Issues 3, 4 and 5: quotes, entities and numeric claims on the seed articles, through the real pipeline."""
import pytest


@pytest.mark.parametrize("measure, target", [
    ("quote_recall", 0.95),
    ("quote_precision", 0.92),
    ("speaker_accuracy", 0.92),
    ("alias_recall", 0.90),
    ("entity_recall", 0.95),
    ("entity_type_accuracy", 0.95),
    ("number_value_recall", 0.95),
    ("number_span_recall", 0.97),
])
def test_seed_extraction_scores(seed_scores, measure, target):
    assert seed_scores[measure] >= target, seed_scores


@pytest.mark.parametrize("measure", ["alias_false_merges", "boilerplate_entities", "number_false_claims"])
def test_seed_extraction_makes_no_false_merges_leaks_or_claims(seed_scores, measure):
    assert seed_scores[measure] == 0, seed_scores
