"""The extractor against the gold numbers of the seed articles (read from ../shared at test time, as the scorer
matches them: span containment either way, value within 1 %, exact unit; a claim inside a gold non-number is a
false claim). Skipped where ../shared is not there."""
import json
import re
import unicodedata
from pathlib import Path

import pytest

from pipelines.text.nlp import load_pipeline
from pipelines.text.numbers import extract_claims

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
pytestmark = pytest.mark.skipif(not (SHARED / "gold" / "seeds.json").exists(), reason="no ../shared seeds here")


def norm(s: str) -> str:
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", re.sub(r"[\u2012-\u2014-]", "-", s)).strip().lower()


@pytest.fixture(scope="module")
def claims_by_file():
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text(encoding="utf-8"))
    nlp = load_pipeline()
    out = {}
    for name in {g["file"] for g in gold["numbers"] + gold["not_numbers"]}:
        text = re.sub(r"\A\s*date \d{4}-\d{2}-\d{2}\s*", "", (SHARED / "seeds" / name).read_text(encoding="utf-8"))
        body = "\n\n".join(re.sub(r"\s+", " ", p).strip() for p in re.split(r"\n\s*\n", text) if p.strip())
        out[name] = [(norm(c["text"]), c["value"], c["unit"]) for c in extract_claims(nlp(body))]
    return gold, out


def test_gold_numbers_are_found_with_value_and_unit(claims_by_file):
    gold, claims = claims_by_file
    spans = values = 0
    for g in gold["numbers"]:
        t = norm(g["text"])
        hits = [(v, u) for text, v, u in claims[g["file"]] if text in t or t in text]
        spans += bool(hits)
        values += any(abs(v - g["value"]) <= 0.01 * abs(g["value"]) and u == g["unit"] for v, u in hits)
    assert spans / len(gold["numbers"]) >= 0.97
    assert values / len(gold["numbers"]) >= 0.95


def test_no_claim_inside_a_gold_non_number(claims_by_file):
    gold, claims = claims_by_file
    bad = [(n["text"], text) for n in gold["not_numbers"] for text, _, _ in claims[n["file"]]
           if text in norm(n["text"])]
    assert bad == []
