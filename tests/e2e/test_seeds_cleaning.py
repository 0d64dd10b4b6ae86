"""Issue 2's targets on the seed articles, through the real pipeline."""
import pytest


@pytest.mark.parametrize("measure, target", [
    ("boilerplate_precision", 0.97),
    ("boilerplate_recall", 0.97),
    ("duplicate_paragraphs_ok", 1.0),
    ("title_accuracy", 1.0),
    ("date_accuracy", 1.0),
    ("articles_found", 1.0),
])
def test_seed_cleaning_scores(seed_scores, measure, target):
    assert seed_scores[measure] >= target, seed_scores
