"""The invented sample articles (raw/) through the real pipeline, scored by ../shared/score.py against their own
gold (tests/data/samples_gold.json): every measure in full, and no false merge, claim, copy or boilerplate name."""
import pytest

from tests.conftest import REPO, SCORE, scores


def test_the_samples_score_full_marks(samples_warehouse):
    if not SCORE.is_file():
        pytest.skip("../shared/score.py is not beside the repository")
    found = scores(samples_warehouse, REPO / "tests" / "data" / "samples_gold.json")
    counts = {name for name, value in found.items() if isinstance(value, int)}  # the measures that count mistakes
    assert counts and {name: value for name, value in found.items() if value != (0 if name in counts else 1.0)} == {}
