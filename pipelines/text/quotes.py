"""Quotations of an article: the quoted wording, who said it, with which cue, and whether it is a partial quote.

    extract_quotes(doc) -> [{"quote_text", "speaker", "speaker_start", "speaker_end", "cue", "is_partial",
                             "char_start", "char_end"}]

Offsets index doc.text (the article body): doc.text[char_start:char_end] == quote_text. Scare quotes, titles
and labels ("a ‘wedge’ of armour", what the ministry calls a ‘stabilisation mission’) are not quotations: left out.
"""
import dataclasses
import re
from bisect import bisect_left, bisect_right

import polars as pl
from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from pipelines.text import doc_text
from pipelines.text.attribution import ARTIFACT_CUES, STRONG, cue_phrase, cue_strength, cue_subject, is_cue
from pipelines.text.quote_marks import QuotedSpan, find_quoted_spans, paragraph_spans
from pipelines.text.speakers import Source, SpeakerResolver

VERSION = "3"  # 3: titles and roles extended in entities.py change resolved speakers
SCHEMA = {"quote_text": pl.String, "speaker": pl.String, "speaker_start": pl.Int32, "speaker_end": pl.Int32,
          "cue": pl.String, "is_partial": pl.Boolean, "char_start": pl.Int32, "char_end": pl.Int32}

_SENTENCE_END = frozenset({".", "!", "?", ";"})
_QUOTE_CHARS = "\"'“”‘’«»"
# What may stand right before a quote that opens a clause of its own (else the quote is a phrase in narration).
_CLAUSE_BEFORE = frozenset(":.!?,;—–-([") | frozenset(_QUOTE_CHARS)
_CLAUSE_END = frozenset(".!?,;:…")
# "a so-called ‘...’", "what it calls a ‘...’", "under the headline ‘...’", "land the army calls the ‘...’":
# the quote names a thing, nobody is quoted ("called the plan ‘a mistake’" quotes a judgement: the plan stands
# between).
_LABEL_BEFORE = re.compile(
    r"(?:\bso-called|\bdubbed|\bnicknamed|\btermed|\blabell?ed|\bbranded|\b(?:en)?titled|\bnamed|\bknown as"
    r"|\bheadlined?|\breferred to as|\bwhat (?:\S+ ){1,3}call(?:s|ed)?)\s+(?:(?:the|a|an|its|his|her|their)\s+)?$"
    r"|\bcall(?:s|ed|ing)?\s+(?:(?:it|them|this|that)\s+)?(?:the|a|an)\s+$",
    re.IGNORECASE)
_WORD = re.compile(r"\w+(?:['’]\w+)*")
_MAX_TAIL_TOKENS = 12  # an attribution clause trailing an unclosed quote: ", the officials said."
_MAX_REGION_TOKENS = 40
# What a token is part of: narration, a phrase quoted inside narration, or a quote standing as a clause. A
# sentence's narration runs across quoted phrases ("said police held “spotters” and seized “...”").
_NARRATION, _IN_PHRASE, _IN_CLAUSE = 0, 1, 2
# How near the quote a weak cue must stand, in tokens: ', the regional governor added' / 'answers back: "'.
_WEAK_AFTER, _WEAK_BEFORE = 6, 3
_COMPLEMENTS = frozenset({"ccomp", "xcomp", "oprd", "acomp"})
_COPULAS = frozenset({"be", "become", "remain", "seem", "look", "sound"})


def extract_quotes(doc: Doc) -> list[dict]:
    """Every quotation in the doc's text, in order, with its speaker resolved within the article."""
    return _Article(doc).quotes()


class _Article:
    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc_text(doc)
        self.paragraphs = paragraph_spans(self.text)
        self._paragraph_starts = [start for start, _ in self.paragraphs]
        self._token_starts = doc.to_array(IDX).tolist()
        self.tail_cues: dict[int, tuple[Token, Token]] = {}
        self.spans = [self._cut_trailing_attribution(s) for s in find_quoted_spans(self.text)]
        self.partial = {s.open_mark: self._is_partial(s) for s in self.spans}
        self._quoted = self._quoted_tokens()  # attribution cut off an unclosed quote is narration again
        self.resolver = SpeakerResolver(doc, self.in_quote, self.paragraph_of)

    # --- positions

    def paragraph_of(self, pos: int) -> int:
        return bisect_right(self._paragraph_starts, pos) - 1

    def in_quote(self, token: Token) -> bool:
        return self._quoted[token.i] != _NARRATION

    def _quoted_tokens(self) -> list[int]:
        """Per token: _NARRATION, or the kind of quote (marks included) it stands in."""
        kinds = bytearray(len(self.text) + 1)
        for s in self.spans:
            stop = s.close_mark + 1 if s.close_mark is not None else s.end
            kinds[s.open_mark:stop] = bytes([_IN_PHRASE if self.partial[s.open_mark] else _IN_CLAUSE]) \
                * (stop - s.open_mark)
        return [kinds[start] for start in self._token_starts]

    def _first_token_from(self, pos: int) -> int:
        return bisect_left(self._token_starts, pos)

    # --- attribution

    def _cut_trailing_attribution(self, span: QuotedSpan) -> QuotedSpan:
        """An unclosed quote recovered to its paragraph end may have swallowed its attribution
        ("Repairs will take a year, the engineers said."): end the quote at the comma before it."""
        if span.close_mark is not None:
            return span
        tokens = list(self.doc[self._first_token_from(span.start):self._first_token_from(span.end)])
        for k in range(len(tokens) - 1, max(len(tokens) - _MAX_TAIL_TOKENS, 0) - 1, -1):
            if tokens[k].text != ",":
                continue
            tail = tokens[k + 1:]
            for cue in tail:
                subject = cue_subject(cue) if is_cue(cue) else None
                if subject is not None and tail[0].i <= subject.i <= tail[-1].i:
                    self.tail_cues[span.open_mark] = (cue, subject)
                    return dataclasses.replace(span, end=tokens[k].idx)
            break  # only the last clause can be the attribution
        return span

    def _region_before(self, span: QuotedSpan) -> list[Token]:
        """Tokens of the sentence before the opening mark, nearest first."""
        before = self.doc[:self._first_token_from(span.open_mark)]
        return self._narration(reversed(before))

    def _region_after(self, span: QuotedSpan) -> list[Token]:
        """Tokens of the sentence after the closing mark; none when the quote ended its own sentence."""
        if span.close_mark is None or self.text[span.start:span.end].endswith("."):
            return []
        return self._narration(self.doc[self._first_token_from(span.close_mark + 1):])

    def _narration(self, tokens) -> list[Token]:
        """The narration tokens met walking away from a quote, up to the sentence or paragraph end or a quoted
        clause; quoted phrases are stepped over."""
        out = []
        for t in tokens:
            kind = self._quoted[t.i]
            if kind == _IN_CLAUSE or "\n" in t.text or len(out) >= _MAX_REGION_TOKENS \
                    or (kind == _NARRATION and t.text in _SENTENCE_END):
                break
            if kind == _NARRATION:
                out.append(t)
        return out

    def _cue_in(self, tokens: list[Token], weak_within: int, quote: QuotedSpan) -> tuple[Token, Token] | None:
        """The first speech cue among the tokens (ordered from the quote outwards) whose subject is narration.
        A weak cue counts only when the quote is its clausal complement ('added that power would return
        "within days"') or next to the quote: within weak_within tokens, with nothing but punctuation, adverbs or
        its own subject in between ('answers back: "', '," the governor added')."""
        for k, cue in enumerate(tokens):
            strength = cue_strength(cue)
            if not strength:
                continue
            subject = cue_subject(cue)
            if subject is None or self.in_quote(subject):
                continue
            if strength == STRONG or self._complement_holds(cue, quote) or k < weak_within and all(
                    t.is_punct or t.pos_ in ("ADV", "PART", "SCONJ")
                    or subject.left_edge.i <= t.i <= subject.right_edge.i for t in tokens[:k]):
                return cue, subject
        return None

    def _complement_holds(self, cue: Token, quote: QuotedSpan) -> bool:
        """Whether the quote lies in what the cue says: its clausal or predicate complement ('added that power
        would return "within days"', 'called the plan "reckless"', 'described it as "a disaster"')."""
        first = self.doc[self._first_token_from(quote.start)]
        return any((c.dep_ in _COMPLEMENTS or c.dep_ == "prep" and c.lower_ == "as")
                   and c.left_edge.i <= first.i <= c.right_edge.i for c in cue.children)

    def _is_predicated(self, quote: QuotedSpan) -> bool:
        """Whether a quoted word is what a speech verb predicates: 'called the plan "reckless"', 'described it
        as "appalling"', 'said the decision was "unacceptable"' (not a word in a list: 'detained looters,
        "spotters" and others')."""
        word = self.doc[self._first_token_from(quote.start)]
        head = word.head
        if head.lemma_ in _COPULAS and head.dep_ == "ccomp":  # said it was "X"
            return word.dep_ in ("acomp", "attr") and is_cue(head.head)
        if head.lower_ == "as" and head.dep_ == "prep":  # described it as "X"
            return is_cue(head.head)
        return word.dep_ in _COMPLEMENTS and is_cue(head)  # called it "X"

    def _sentence_attribution(self, span: QuotedSpan) -> tuple[Token, Token] | None:
        """A cue in the quote's own sentence: after it ("…," she said) first, then before it (She said: "…")."""
        return self.tail_cues.get(span.open_mark) or self._cue_in(self._region_after(span), _WEAK_AFTER, span) \
            or self._cue_in(self._region_before(span), _WEAK_BEFORE, span)

    def _paragraph_cues(self, paragraph: int, before: int | None = None) -> list[Token]:
        start, end = self.paragraphs[paragraph]
        end = end if before is None else before
        tokens = self.doc[self._first_token_from(start):self._first_token_from(end)]
        return [t for t in tokens if not self.in_quote(t) and cue_strength(t) == STRONG]

    # --- shape of a quote

    def _is_partial(self, span: QuotedSpan) -> bool:
        """A phrase quoted inside narration rather than a clause of its own."""
        k = self._first_token_from(span.open_mark)
        prev = self.doc[k - 1] if k > 0 else None
        starts_clause = prev is None or "\n" in prev.text or prev.text in _CLAUSE_BEFORE \
            or (self.text[span.start:span.start + 1].isupper() and (is_cue(prev) or prev.lower_ == "that"))
        after = self.text[span.close_mark + 1:span.close_mark + 2] if span.close_mark is not None else ""
        ends_clause = span.close_mark is None or self.text[span.end - 1] in _CLAUSE_END \
            or after in _CLAUSE_END or after in ("", "\n")
        return not (starts_clause and ends_clause)

    def _is_label(self, span: QuotedSpan, partial: bool, attributed: bool) -> bool:
        """Scare quotes, titles and labels: one quoted word, unless it is what a cue says (called the plan
        "reckless"); a title ("War and Peace": capitalised words, no closing punctuation); a thing named
        ("so-called", "what X calls"); or a short quoted phrase without a verb that no cue in its sentence
        attributes."""
        wording = self.text[span.start:span.end]
        words = _WORD.findall(wording)
        if len(words) <= 1:
            return not attributed or partial and not self._is_predicated(span)
        long_words = [w for w in words if len(w) > 3]
        if long_words and all(w[:1].isupper() for w in long_words) and wording.rstrip()[-1] not in _CLAUSE_END:
            return True
        if not partial:
            return False
        line_start = self.text.rfind("\n", 0, span.open_mark) + 1
        if _LABEL_BEFORE.search(self.text[max(line_start, span.open_mark - 60):span.open_mark]):
            return True
        if attributed:
            return False
        tokens = self.doc[self._first_token_from(span.start):self._first_token_from(span.end)]
        return len(words) <= 3 and not any(t.pos_ in ("VERB", "AUX") for t in tokens)

    # --- rows

    def quotes(self) -> list[dict]:
        rows: list[dict] = []
        # per paragraph, its last quote so far: (end offset, cue, speaker)
        last_quote: dict[int, tuple[int, str | None, Source | None]] = {}
        for span in self.spans:
            partial = self.partial[span.open_mark]
            found = self._sentence_attribution(span)
            if self._is_label(span, partial, attributed=found is not None):
                continue
            paragraph = self.paragraph_of(span.open_mark)
            if found is not None:
                cue, speaker = self._attributed(*found)
            else:
                cue, speaker = self._context_attribution(span, paragraph, last_quote)
            last_quote[self.paragraph_of(span.end)] = (span.end, cue, speaker)
            start, end = self._trimmed(span)
            rows.append({
                "quote_text": self.text[start:end],
                "speaker": speaker.text if speaker else None,
                "speaker_start": speaker.start if speaker else None,
                "speaker_end": speaker.end if speaker else None,
                "cue": cue,
                "is_partial": partial,
                "char_start": start,
                "char_end": end,
            })
        return rows

    def _attributed(self, cue: Token, subject: Token) -> tuple[str, Source | None]:
        speaker = None if cue.lower_ in ARTIFACT_CUES else self.resolver.resolve(subject)
        return cue_phrase(cue), speaker

    def _context_attribution(self, span: QuotedSpan, paragraph: int, last_quote: dict) -> tuple:
        """(cue, speaker) for a quote its own sentence does not attribute: that of the nearer of the paragraph's
        previous quote and its latest speech cue ('X said …. “…”'); for a paragraph without cues, that of the
        previous paragraph's last quote (a speaker's words often run on over paragraphs)."""
        earlier = next(((c, s) for c in reversed(self._paragraph_cues(paragraph, before=span.open_mark))
                        if (s := cue_subject(c)) is not None and not self.in_quote(s)), None)
        previous = last_quote.get(paragraph)
        if previous is not None and (earlier is None or previous[0] > earlier[0].idx):
            return previous[1:]
        if earlier is not None:
            return self._attributed(*earlier)
        if not self._paragraph_cues(paragraph) and paragraph - 1 in last_quote:
            return last_quote[paragraph - 1][1:]
        return None, None

    def _trimmed(self, span: QuotedSpan) -> tuple[int, int]:
        """The wording without surrounding white space or the comma that hands over to the attribution."""
        start, end = span.start, span.end
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and (self.text[end - 1].isspace() or self.text[end - 1] == ","):
            end -= 1
        return start, end
