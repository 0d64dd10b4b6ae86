"""Speech cues and their subjects: which verb near a quotation attributes it, and to which noun phrase.

Reads spaCy's dependency parse, so it is only asked about tokens of sentences that hold quote marks or speech
verbs (the sentences the pipeline parses).
"""
import numpy as np
from spacy.attrs import LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from pipelines.text.entities import ROLE_NOUNS

# Verbs that introduce reported speech or writing wherever they stand ("said", "told", "wrote on Telegram").
STRONG_CUES = frozenset("""
    say tell write claim declare announce explain insist warn argue state quote testify allege assert comment
    remark shout scream yell exclaim whisper mutter
""".split())
# Verbs that report speech only next to a quote ("…," she added; A soldier answers: "…"; a sign that read "…")
# or with the quote as their complement (called the plan "reckless"); elsewhere they mostly do not ("troops were
# answering with strikes", "the fighting continued", "a unit called Kraken").
WEAK_CUES = frozenset("""
    add note ask answer reply call recall continue conclude admit acknowledge confirm deny reveal post tweet
    read cite report cry chant urge demand beg order promise vow describe predict boast complain joke quip laugh
    sigh wonder observe stress emphasise emphasize concede plead recount suggest agree hint
""".split())
STRONG, WEAK = 2, 1
# Cues whose subject is a written surface (a poster, a leaflet, a sign), never the speaker.
ARTIFACT_CUES = frozenset({"read", "reads"})
# Dependencies through which a non-finite cue takes its subject from the verb above it:
# "cited residents as saying …", "praised the troops, saying …", "arrived and said …".
_CLIMB = frozenset({"xcomp", "advcl", "pcomp", "conj", "prep", "acl"})
_RELATIVE = frozenset({"that", "which", "who"})
# Verbs that report another's words through their object: "quoted the governor as saying", "cited officials as
# saying" (but "cited testimony as saying" is the subject's report).
_REPORTING = frozenset({"quote", "cite"})


def cue_strength(token: Token) -> int:
    """STRONG for a speech verb, "according (to)" or "put (it)" as in "as she put it"; WEAK for a verb that
    reports speech only next to a quote; 0 for anything else."""
    if token.lower_ == "according":
        return STRONG if _next_is_to(token) else 0
    if token.pos_ not in ("VERB", "AUX") or (token.tag_ == "VBN" and not _has_subject_child(token)):
        return 0  # "the reported attack", "as described": participles that say nothing of a speaker
    lemma = token.lemma_.lower()
    if lemma == "put":
        return STRONG if any(c.dep_ == "dobj" and c.lower_ == "it" for c in token.children) else 0
    return STRONG if lemma in STRONG_CUES else WEAK if lemma in WEAK_CUES else 0


def cue_candidates(doc: Doc) -> list[int]:
    """Indices of the tokens cue_strength may find a cue: "according" and verbs (about one word in eight), read
    from arrays so that the other tokens are never made."""
    lowers, pos = doc.to_array([LOWER, POS]).T
    return np.flatnonzero((pos == VERB) | (pos == AUX) | (lowers == doc.vocab.strings["according"])).tolist()


def is_cue(token: Token) -> bool:
    return cue_strength(token) > 0


def _next_is_to(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"


def _has_subject_child(token: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass") for c in token.children)


def cue_phrase(token: Token) -> str:
    """The cue as reported: the verb as written, or the fixed phrase it heads."""
    if token.lower_ == "according":
        return "according to"
    if token.lemma_.lower() == "put":
        return f"{token.lower_} it"
    return token.lower_


def cue_subject(cue: Token) -> Token | None:
    """The head token of who (or what) the cue says spoke: its subject, or the object of "according to"."""
    if cue.lower_ == "according":
        return next((c for c in cue.nbor(1).children if c.dep_ == "pobj"), None)
    node = cue
    for _ in range(4):
        subject = _own_subject(node)
        if subject is not None:
            return subject
        if node.dep_ not in _CLIMB or node.head.i == node.i:
            break
        node = node.head
    # "Biden, asked about the strike, said:" is often parsed with the name as subject of "asked"
    return next((s for c in cue.lefts if c.dep_ in ("ccomp", "advcl") and (s := _own_subject(c)) is not None
                 and s.i < c.i), None)


def _own_subject(node: Token) -> Token | None:
    if node.lemma_ in _REPORTING:  # "RIA quoted the governor as saying": the governor spoke
        obj = next((c for c in node.children if c.dep_ == "dobj"), None)
        if obj is not None and (obj.pos_ == "PROPN" or obj.lemma_.lower() in ROLE_NOUNS):
            return obj
    for child in node.children:
        if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and node.lemma_ == "quote"):
            if child.lower_ in _RELATIVE and node.dep_ == "relcl":  # "a poster that read": the poster
                return node.head
            return child
    return None
