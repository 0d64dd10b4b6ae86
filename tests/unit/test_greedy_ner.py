"""The numpy NER decoder gives exactly spaCy's entities: on the sample articles (and the seeds when ../shared is
there), whole and in batches of docs of different lengths, and it leaves preset entities to spaCy."""
from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.tokens import Span

from pipelines.text.greedy_ner import GreedyNER
from pipelines.text.nlp import _start_sentences_at_paragraphs, load_pipeline

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "raw").glob("*.txt"))
         + sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def sentenced(nlp, texts):
    """Docs as the partial run hands them to NER: tokenised, senter's sentences plus paragraph starts."""
    docs = list(nlp.get_pipe("senter").pipe(nlp.make_doc(t) for t in texts))
    for doc, text in zip(docs, texts):
        _start_sentences_at_paragraphs(doc, text)
    return docs


def entities(doc):
    return doc.to_array([ENT_IOB, ENT_TYPE])


def test_the_default_model_is_decoded_in_numpy(nlp):
    assert GreedyNER.supports(nlp.get_pipe("ner"))
    assert not GreedyNER.supports(nlp.get_pipe("parser"))


@pytest.mark.parametrize("batch", [1, 4, 64])
def test_same_entities_as_spacy(nlp, batch):
    texts = TEXTS + ["", "Kyiv.", "Olena Marchenko said on Monday that 40 people in Brodiv had left."]
    ours, theirs = sentenced(nlp, texts), sentenced(nlp, texts)
    decoder = GreedyNER(nlp.get_pipe("ner"))
    for start in range(0, len(texts), batch):
        decoder(ours[start:start + batch])
    list(nlp.get_pipe("ner").pipe(theirs, batch_size=batch))
    assert sum(len(doc.ents) for doc in ours) > 200
    for mine, spacy_doc in zip(ours, theirs):
        assert np.array_equal(entities(mine), entities(spacy_doc)), mine.text[:80]


def test_preset_entities_are_left_to_spacy(nlp):
    mine, spacy_doc = sentenced(nlp, [TEXTS[0]] * 2)
    for doc in (mine, spacy_doc):
        doc.set_ents([Span(doc, 0, 1, label="ORG")], default="unmodified")
    GreedyNER(nlp.get_pipe("ner"))([mine])
    nlp.get_pipe("ner")(spacy_doc)
    assert mine.ents[0].label_ == "ORG" and np.array_equal(entities(mine), entities(spacy_doc))
