"""What a stated quantity counts or measures, read from spaCy's dependency parse.

    8,000 Dutch farmers                -> Dutch farmers      (the counted noun)
    120 square miles of farmland       -> farmland           (an "of" complement; money also "in/for/on")
    close to a million euros worth of drones -> drones
    a 2.4-metre wall, a 15-year-old boy -> wall, boy age     (the noun the measure modifies)
    a town of 12,000, a distance of 3km -> town population, distance   (the noun owning the "of")
    nine wounded                        -> wounded
    unemployment rose 12%, cut taxes by 5% -> unemployment, taxes       (what a change verb changes)

None when the parse says nothing reliable: a wrong subject is worse than none.
"""
from spacy.tokens import Token

from pipelines.text.units import CURRENCIES, CURRENCY_PHRASES, LENGTHS, UNIT_PHRASES

_SETTLEMENTS = {"town", "city", "village", "country", "nation", "region", "province", "state", "island", "suburb",
                "district", "municipality", "settlement", "community", "hamlet", "capital", "county", "oblast"}
# Nouns that only frame a number ("a total of 90", "the number of 40"): no subject in themselves.
_FRAMES = {"total", "number", "figure", "sum", "amount", "estimate", "tally", "maximum", "minimum", "average",
           "record", "count", "rate", "level", "value"}
# Verbs of change: "prices rose 12%" (the quantity is how much the subject changed).
CHANGE_VERBS = {"rise", "fall", "grow", "increase", "decrease", "drop", "decline", "climb", "jump", "surge", "shrink",
                "slip", "plunge", "soar", "gain", "lose", "slump", "tumble", "rebound", "ease", "dip"}
# Verbs that change their object, only by a quantity: "cut spending by 5%" (but "raised $20,000" is no change).
_CHANGING_VERBS = {"cut", "reduce", "raise", "boost", "lower", "hike", "increase", "decrease"}
# Modifiers kept in a subject: "military financing", "Russian-occupied territory", "Kyiv's men".
_MODIFIER_DEPS = {"amod", "compound", "nmod", "poss", "case", "npadvmod", "punct"}


def noun_phrase(noun: Token, start: int = 0) -> str | None:
    """The noun with the modifiers written right before it, from doc index `start` on; None for a pronoun."""
    if noun.pos_ == "PRON":
        return None
    first = noun.i
    for child in reversed(list(noun.lefts)):
        if child.dep_ not in _MODIFIER_DEPS or child.right_edge.i != first - 1 or child.left_edge.i < start:
            break
        first = child.left_edge.i
    while first < noun.i and (noun.doc[first].is_punct or noun.doc[first].dep_ == "case"):
        first += 1
    return noun.doc[first:noun.i + 1].text


def _is_noun(tok: Token) -> bool:
    """A noun that can be a subject: not a number or a unit ("104F", "kilometers", "zlotys")."""
    return (tok.pos_ in ("NOUN", "PROPN") and not any(c.isdigit() for c in tok.text)
            and (tok.lower_,) not in UNIT_PHRASES and (tok.lower_,) not in CURRENCY_PHRASES)


def _modifies(noun: Token, tokens: list[Token]) -> bool:
    """Is the quantity a modifier inside the phrase of a noun after it ("a 2.4-metre wall")?"""
    return noun.i > tokens[-1].i and noun.left_edge.i <= tokens[0].i and _is_noun(noun)


def _head(tokens: list[Token]) -> Token:
    """The token of the quantity the rest of the sentence attaches to ("billion" in "$2.2 billion")."""
    inside = {t.i for t in tokens}
    outer = [t for t in tokens if t.head.i not in inside or t.head.i == t.i]
    return (outer or tokens)[-1]


def claim_subject(tokens: list[Token], unit: str, counted: Token | None = None, is_age: bool = False) -> str | None:
    """The subject of the quantity written as `tokens` (its numerals and unit words, in order).

    counted: the noun a bare count modifies, when the caller found one ("soldiers")."""
    end = tokens[-1].i + 1
    if counted is not None:
        return noun_phrase(counted, end)
    head = _head(tokens)
    if is_age:  # "a 15-year-old boy", "John Smith, 45,", "a woman aged 25"
        doc, start = head.doc, tokens[0].i
        aged = start >= 2 and doc[start - 1].lower_ in ("aged", "age")
        owner = doc[start - 2] if aged else head.head  # the words, not the parse, tell who is "aged"
        if owner.i < start and _is_noun(owner):
            return f"{noun_phrase(owner)} age"
        return f"{noun_phrase(owner, end)} age" if _modifies(owner, tokens) else None
    if head.head.lower_ == "worth" and head.head.i >= end:  # "a million euros worth of drones"
        head = head.head
    money = unit in CURRENCIES
    preps = ("of", "in", "for", "on") if money else ("of",)
    prep = next((c for t in (head, *tokens) for c in t.children if c.dep_ == "prep" and c.i >= end
                 and c.lower_ in preps), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    # "within 8 km of Dolyna" says where, not what is measured
    if obj is not None and _is_noun(obj) and not (unit in LENGTHS and obj.pos_ == "PROPN"):
        return noun_phrase(obj)
    owner = head.head
    while owner.dep_ == "compound" and owner.head.i > owner.i and _is_noun(owner.head):  # "12-foot storm surge"
        owner = owner.head
    if head.dep_ in ("amod", "compound", "nmod", "nummod", "npadvmod", "quantmod") and _modifies(owner, tokens):
        return noun_phrase(owner, end)  # "a 2.4-metre wall", "a magnitude 6.4 earthquake"
    if head.dep_ == "pobj" and owner.lower_ == "of" and _is_noun(owner.head) and owner.head.lemma_ not in _FRAMES:
        noun = owner.head  # "a town of 12,000", "a distance of 3km"
        if noun.lemma_ not in _SETTLEMENTS:
            return noun_phrase(noun)
        return f"{noun_phrase(noun)} population" if unit == "count" else None
    if unit == "count" and head.dep_ in ("nsubj", "nsubjpass") and owner.tag_ in ("VBN", "JJ"):
        return owner.text  # "nine wounded", "nine were injured"
    # "unemployment rose 12%", "the toll rose to 57": what changed is the object of a transitive verb
    # ("cut spending by 5%"), else its subject
    by = owner.lower_ in ("by", "from", "to")
    verb = owner.head if by else owner
    if verb.lemma_ in CHANGE_VERBS or by and verb.lemma_ in _CHANGING_VERBS:
        changed = sorted((c for c in verb.children if c.dep_ in ("dobj", "nsubj", "nsubjpass") and c.i != head.i),
                         key=lambda c: c.dep_ != "dobj")
        return noun_phrase(changed[0]) if changed else None
    return None
