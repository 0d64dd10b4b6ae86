"""The spaCy pipeline: loaded once per process, and run only as far as the extractors read it.

The extractors read named entities and sentence boundaries everywhere, but tags, lemmas and the dependency parse
only in sentences that hold quote marks, a speech verb or a number (quotes, attribution, numbers), and around the
names of people (speakers: the role words and appositions that make a name a source). So `annotate` does not run
the whole pipeline over every word. Per batch of texts:
  1. the tokenizer, the small sentence recogniser `senter` (plus a sentence start after each paragraph break,
     which `senter` misses) and NER, on every word (NER's transition loop batched in numpy: greedy_ner);
  2. the sentences that need a parse are picked (`ParseSelector`): about four words in five of news text;
  3. tok2vec, tagger and parser run on those sentences only, each run of consecutive ones as one small doc (the
     parser sees the context it would see in the whole doc, and sets sentence boundaries there as it would); the
     attribute ruler's rules (`AttributeTable`) and the lemmatizer (`Lemmas`) complete them, and all is copied
     back into the article's doc.
Elsewhere a token has no tag, lemma, head or dependency label (tag_ == "", its head is itself). On the seeds and
samples the extractors' rows are the same as from the full pipeline, except for the `sentence` of a numeric claim
where the parser ran two paragraphs together.

The neural layers multiply through numpy (OpenBLAS) instead of BLIS: measured 2.5 times faster for tok2vec and a
quarter faster for NER on the development machine, with the same results.

A pipeline without these parts (another NEWS_SPACY_MODEL) runs whole, as `nlp.pipe`.
"""
import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from functools import lru_cache

import numpy as np
import spacy
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, IS_SPACE, LEMMA, LOWER, MORPH, ORTH, POS, SENT_START, SPACY, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.api import NumpyOps

from pipelines.text import DEFAULT_MODEL
from pipelines.text.attribution import STRONG_CUES
from pipelines.text.greedy_ner import GreedyNER
from pipelines.text.number_parsing import NUMBER_WORDS
from pipelines.text.quote_marks import find_quoted_spans
from pipelines.text.units import CURRENCY_PREFIXES

# What the partial run needs; NER must have a tok2vec of its own (it runs where the shared one does not).
_PARTS = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner", "senter")
_PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
# Words that make a sentence need the parse besides digits, quote marks and people: numerals the number reader
# knows (number_parsing), speech verbs in any form (the weak cues matter only next to a quote, whose sentence is
# parsed anyway), "according (to)" and "put (it)".
_NUMERAL_WORDS = frozenset(NUMBER_WORDS) | frozenset("""hundred thousand million billion trillion lakh crore dozen
    half halves third thirds quarter quarters fifth fifths sixth sixths eighth eighths tenth tenths magnitude
    k mn mln bn tn trn""".split())
_LINE_BREAK = re.compile(r"\n\s*")
_CURRENCY_SIGNS = frozenset(c for prefix in CURRENCY_PREFIXES for c in prefix if unicodedata.category(c) == "Sc")
# Entries the per-word caches of AttributeTable and Lemmas keep before starting again: a worker meets new words for
# as long as it runs, and unbounded they grew by 9 MB per 300 articles (tracemalloc), a quarter of its growth.
_CACHE_LIMIT = 50_000
# Articles a process tokenises outside any memory zone before its zones begin: spaCy's tokenizer caches nothing it
# meets inside a zone, so there every word of every chunk was split from scratch (1.9 s per 400 articles; 0.46 s
# once 60 articles had filled the cache). Their words and cache entries stay for the process's life: the workers of
# 3,000 articles ended at 316-318 MB with them, 317-319 MB without.
WARM_UP_ARTICLES = 100


@lru_cache(maxsize=4)
def load_pipeline(name: str = DEFAULT_MODEL) -> Language:
    """Load an installed pipeline by package name; never downloads (there is no network at run time)."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy pipeline {name!r} is not installed. Set NEWS_SPACY_MODEL to an installed pipeline "
            f"or run `make install` to get the locked default ({DEFAULT_MODEL})."
        ) from exc
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        for node in model.walk() if hasattr(model, "walk") else ():
            node.ops = ops
    return nlp


def annotate(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Docs of the texts, in order, annotated as far as the extractors read them (see the module docstring)."""
    runner = _runner(nlp)
    if runner is None:
        yield from nlp.pipe(texts, batch_size=batch_size)
        return
    batch = []
    for text in texts:
        batch.append(text)
        if len(batch) == batch_size:
            yield from runner(batch)
            batch = []
    if batch:
        yield from runner(batch)


_WARMED: "weakref.WeakKeyDictionary[Language, int]" = weakref.WeakKeyDictionary()  # articles warmed so far


def warm_up_tokenizer(nlp: Language, texts: list[str]) -> None:
    """Tokenise the texts outside a memory zone, until the pipeline has tokenised WARM_UP_ARTICLES of them, so
    that the tokenizer's cache holds the frequent words in the zones that follow. Call it outside a zone."""
    done = _WARMED.get(nlp, 0)
    if done >= WARM_UP_ARTICLES or nlp.vocab.in_memory_zone:
        return
    for text in texts[:WARM_UP_ARTICLES - done]:
        nlp.make_doc(text)
    _WARMED[nlp] = done + min(len(texts), WARM_UP_ARTICLES - done)


_RUNNERS: "weakref.WeakKeyDictionary[Language, _PartialRun | None]" = weakref.WeakKeyDictionary()


def _runner(nlp: Language) -> "_PartialRun | None":
    if nlp not in _RUNNERS:
        _RUNNERS[nlp] = _PartialRun(nlp) if _supports_partial(nlp) else None
    return _RUNNERS[nlp]


def _supports_partial(nlp: Language) -> bool:
    if not all(name in nlp.component_names for name in _PARTS):
        return False
    if not isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler):
        return False
    ner_listens = any(getattr(node, "upstream_name", None) for node in nlp.get_pipe("ner").model.walk())
    return not ner_listens and AttributeTable.supports(nlp.get_pipe("attribute_ruler"))


class _PartialRun:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.senter = nlp.get_pipe("senter")
        self.parsing = [nlp.get_pipe(name) for name in ("tok2vec", "tagger", "parser")]
        self.attributes = AttributeTable(nlp.get_pipe("attribute_ruler"))
        self.lemmas = Lemmas(nlp.get_pipe("lemmatizer"))
        ner = nlp.get_pipe("ner")
        self.ner = GreedyNER(ner) if GreedyNER.supports(ner) else lambda docs: list(ner.pipe(docs))
        self.selector = ParseSelector(nlp)

    def __call__(self, texts: list[str]) -> list[Doc]:
        docs = list(self.senter.pipe(self.nlp.make_doc(t) for t in texts))
        for doc, text in zip(docs, texts):
            _start_sentences_at_paragraphs(doc, text)
        docs = self.ner(docs)
        runs = []  # (doc number, first token, end token) of the parts to parse
        for k, (doc, text) in enumerate(zip(docs, texts)):
            runs += [(k, start, end) for start, end in self.selector.runs(doc, text)]
        parts = [self._part(docs[k], start, end) for k, start, end in runs]
        for component in self.parsing:
            parts = list(component.pipe(parts))
        for part in parts:
            self.attributes(part)
            self.lemmas(part)
        parsed = [np.zeros((len(doc), len(_PARSE_ATTRS)), dtype="uint64") for doc in docs]
        sentences = [doc.to_array([SENT_START]) for doc in docs]
        for (k, start, end), part in zip(runs, parts):
            parsed[k][start:end] = part.to_array(_PARSE_ATTRS)
            sentences[k][start:end] = part.to_array([SENT_START])
        for doc, values, starts in zip(docs, parsed, sentences):
            doc.from_array(_PARSE_ATTRS, values)
            doc.from_array([SENT_START], starts)  # the parse set starts only where it ran: put the rest back
        return docs

    def _part(self, doc: Doc, start: int, end: int) -> Doc:
        """doc[start:end] as a new doc with nothing but its words (no sentence starts for the parser to keep)."""
        strings = self.nlp.vocab.strings
        words = doc.to_array([ORTH, SPACY])[start:end].tolist()
        return Doc(self.nlp.vocab, words=[strings[orth] for orth, _ in words], spaces=[bool(sp) for _, sp in words])


def _start_sentences_at_paragraphs(doc: Doc, text: str) -> None:
    starts = doc.to_array(IDX)
    for line in _LINE_BREAK.finditer(text):
        i = int(np.searchsorted(starts, line.end()))
        if i < len(doc) and starts[i] == line.end():
            doc[i].is_sent_start = True


class ParseSelector:
    """Which sentences of a doc need tags, lemmas and the parse: those that overlap a quotation (marks
    included, as quote_marks finds them) or hold a numeral, a currency sign, a speech verb or a PERSON entity."""

    def __init__(self, nlp: Language):
        self.strings = nlp.vocab.strings
        lemmatizer = nlp.get_pipe("lemmatizer")
        self.cue_words = speech_verb_forms(lemmatizer, STRONG_CUES | {"put"}) | {"according"}
        self._wanted: dict[int, bool] = {}  # by LOWER hash
        self.person = self.strings.add("PERSON")

    def _word_wanted(self, lower: str) -> bool:
        return (lower in self.cue_words or lower in _NUMERAL_WORDS or any(c.isdigit() for c in lower)
                or any(c in _CURRENCY_SIGNS for c in lower))

    def runs(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        """(start, end) token ranges of consecutive sentences to parse; text is doc.text."""
        if not len(doc):
            return []
        lowers = doc.to_array(LOWER)
        unique, inverse = np.unique(lowers, return_inverse=True)
        wanted = self._wanted
        for h in unique.tolist():
            if h not in wanted:
                wanted[h] = self._word_wanted(self.strings[h])
        tokens = np.array([wanted[h] for h in unique.tolist()], dtype=bool)[inverse]
        tokens |= doc.to_array(ENT_TYPE) == self.person
        starts = doc.to_array(IDX)
        for span in find_quoted_spans(text):
            end = span.close_mark + 1 if span.close_mark is not None else span.end
            tokens[np.searchsorted(starts, span.open_mark, "right") - 1:np.searchsorted(starts, end)] = True
        sentence_of = np.cumsum(doc.to_array(SENT_START).astype("int64") == 1)
        sentence_of -= sentence_of[0]  # the first token starts a sentence whatever its flag
        chosen = np.zeros(sentence_of[-1] + 1, dtype=bool)
        chosen[sentence_of[tokens]] = True
        mask = np.concatenate(([False], chosen[sentence_of], [False]))
        edges = np.flatnonzero(mask[1:] != mask[:-1])
        return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def speech_verb_forms(lemmatizer, lemmas: set[str]) -> set[str]:
    """Every form the rule lemmatizer could read as one of the verbs: its exceptions (said, told, wrote) and the
    forms its suffix rules undo (says, declared, warning); a few nouns among them (claims) cost only a parse."""
    exceptions = lemmatizer.lookups.get_table("lemma_exc")["verb"]
    rules = lemmatizer.lookups.get_table("lemma_rules")["verb"]
    forms = set(lemmas) | {form for form, bases in exceptions.items() if set(bases) & lemmas}
    for lemma in lemmas:
        forms |= {lemma[:len(lemma) - len(new)] + old for old, new in rules if lemma.endswith(new)}
    return forms


class AttributeTable:
    """The attribute ruler's own rules (tag -> POS and morphology, plus word exceptions), applied from an index
    by word, tag and dependency label instead of its Matcher, which tries all its rules at every token: the same
    results in a fraction of the time. What the rules give a token is kept by what they read of it (word, tag,
    label, space or not), except where a rule that fits it also reads a neighbour."""

    _KEYS = {"LOWER": "lower_", "TAG": "tag_", "DEP": "dep_", "IS_SPACE": "is_space"}
    _SET = [TAG, POS, MORPH, LEMMA, DEP]  # what the rules may set

    def __init__(self, ruler: AttributeRuler):
        by_lower, by_tag, by_dep, other = {}, {}, {}, []
        for number, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            unknown = set(attrs) - set(self._SET)
            if unknown:
                raise ValueError(f"attribute ruler sets {unknown}")
            for pattern in ruler.matcher.get(str(number))[1]:
                index_at = index if index >= 0 else len(pattern) + index
                rule = (number, tuple(self._spec(t) for t in pattern), index_at, attrs)
                spec = pattern[index_at]
                for key, table in (("LOWER", by_lower), ("TAG", by_tag), ("DEP", by_dep)):
                    values = self._plain_values(spec.get(key))
                    if values is not None:
                        for value in values:
                            table.setdefault(value, []).append(rule)
                        break
                else:
                    other.append(rule)
        self.by_lower, self.by_tag, self.by_dep, self.other = by_lower, by_tag, by_dep, other
        # (LOWER, TAG, DEP, IS_SPACE) -> the attrs the rules set, or the rules to try when one reads a neighbour
        self._cache: dict[tuple, dict | list] = {}

    @classmethod
    def supports(cls, ruler: AttributeRuler) -> bool:
        """Whether every rule tests only what this table can (words, tags, dependency labels, spaces) and sets
        only tags, POS, morphology, lemmas and labels."""
        for number, attrs in enumerate(ruler.attrs):
            if set(attrs) - set(cls._SET):
                return False
            for pattern in ruler.matcher.get(str(number))[1]:
                for spec in pattern:
                    for key, test in spec.items():
                        if key not in cls._KEYS or isinstance(test, dict) and set(test) - {"IN", "NOT_IN", "REGEX"}:
                            return False
        return True

    @staticmethod
    def _plain_values(test) -> list | None:
        if isinstance(test, str):
            return [test]
        if isinstance(test, dict) and set(test) == {"IN"}:
            return list(test["IN"])
        return None

    @classmethod
    def _spec(cls, spec: dict) -> tuple:
        return tuple((cls._KEYS[key], cls._test(test)) for key, test in spec.items())

    @staticmethod
    def _test(test):
        if not isinstance(test, dict):
            return lambda value: value == test
        if "IN" in test:
            return frozenset(test["IN"]).__contains__
        if "NOT_IN" in test:
            excluded = frozenset(test["NOT_IN"])
            return lambda value: value not in excluded
        return re.compile(test["REGEX"]).search

    @staticmethod
    def _fits(token: Token, spec: tuple) -> bool:
        return all(test(getattr(token, name)) for name, test in spec)

    def _rules_for(self, token: Token) -> dict | list:
        """The attrs the rules give the token, or, when a fitting rule also reads a neighbour, the fitting rules."""
        candidates = (self.by_lower.get(token.lower_, []) + self.by_tag.get(token.tag_, [])
                      + self.by_dep.get(token.dep_, []) + self.other)
        fitting = sorted((r for r in candidates if self._fits(token, r[1][r[2]])), key=lambda r: r[0])
        if any(len(specs) > 1 for _, specs, _, _ in fitting):
            return fitting
        return self._merge(token, fitting)

    def _merge(self, token: Token, rules: list) -> dict:
        doc, attrs = token.doc, {}
        for _, specs, index, rule_attrs in rules:
            first = token.i - index
            if 0 <= first and first + len(specs) <= len(doc) and all(
                    self._fits(doc[first + k], spec) for k, spec in enumerate(specs) if k != index):
                attrs.update(rule_attrs)
        return attrs

    def __call__(self, doc: Doc) -> Doc:
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        values = doc.to_array(self._SET)
        column = {attr: n for n, attr in enumerate(self._SET)}
        for i, key in enumerate(map(tuple, doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist())):
            found = self._cache.get(key)
            if found is None:
                found = self._cache[key] = self._rules_for(doc[i])
            attrs = self._merge(doc[i], found) if isinstance(found, list) else found
            for attr, value in attrs.items():
                values[i, column[attr]] = value
        doc.from_array(self._SET, values)
        return doc


class Lemmas:
    """The rule lemmatizer, asked once per word form, part of speech and morphology."""

    def __init__(self, lemmatizer):
        self.lemmatizer = lemmatizer
        self._cache: dict[tuple, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        strings = doc.vocab.strings
        values = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = values[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma:  # set by the attribute ruler ("ai" -> be)
                continue
            key = (orth, pos, morph)
            text = self._cache.get(key)
            if text is None:
                text = self._cache[key] = self.lemmatizer.lemmatize(doc[i])[0]
            lemmas[i] = strings.add(text)
        doc.from_array([LEMMA], lemmas)
        return doc
