"""Who a speech cue's subject is, resolved within the article.

A name is resolved to the fullest form used earlier ("Kovalenko" -> Maria Kovalenko, "Dr Lysenko" -> Anna Lysenko),
a pronoun to the latest fitting source before it ("she said" -> the woman named last), a role noun to the person
named earlier with that role ("the official" -> Dmytro Petrenko, named as "the official, Dmytro Petrenko").
Other sources are kept as written ("British officials", "a European diplomat"); a subject that says nothing of who
spoke ("said one", "said his deputy", a pronoun with nobody fitting before it) gives no speaker: null rather
than wrong.
"""
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipelines.text import doc_text
from pipelines.text.attribution import STRONG, cue_candidates, cue_strength, cue_subject
from pipelines.text.entities import PERSON_ONLY_TITLES, ROLE_NOUNS, TITLES
from pipelines.text.names import name_key

_PRONOUN_GENDER = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f",
                   "herself": "f"}
_HONORIFIC_GENDER = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f"}
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "it", "we"})
# Subjects that say nothing of who spoke ("said one", "someone told us"), and possessives that make a
# description lean on someone unnamed ("said his deputy").
_NOBODY = frozenset({"one", "someone", "somebody", "anyone", "anybody", "who", "whoever", "i", "you"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "my", "our", "your"})
_NOT_PERSON_ENTS = frozenset({"GPE", "LOC", "NORP", "FAC"})
# A pronoun looks back over its own paragraph and the two before it, no further.
_PRONOUN_WINDOW_PARAGRAPHS = 2
_ANY_TITLE = TITLES | PERSON_ONLY_TITLES
_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS


@dataclass(frozen=True)
class Source:
    """A speaker as reported: text is the name (or description as written) at text offsets start:end."""
    text: str
    start: int
    end: int
    is_person: bool
    roles: frozenset[str] = frozenset()
    spoke: bool = False  # the subject of a speech cue somewhere in the article
    is_name: bool = True  # False for a description kept as written
    # A speaker given by a description ("a local priest", "the governor") still takes a later "he": the token
    # of the description, resolved when a pronoun lands on it.
    description_i: int | None = None

    @property
    def is_full_name(self) -> bool:
        return self.is_name and " " in self.text


def _strip_title(tokens: list[Token]) -> list[Token]:
    """Drop the titles before a name: everything up to the last title word that has a name word after it
    ("Deputy Transport Minister Iryna Savchuk" -> Iryna Savchuk). Titles that also open organisation names
    ("General Staff") count only before a person's name."""
    person = any(t.ent_type_ == "PERSON" for t in tokens)
    for j in range(len(tokens) - 2, -1, -1):
        if _is_title(tokens[j], person):
            return tokens[j + 1:]
    return tokens


def _is_title(token: Token, person: bool = True) -> bool:
    return name_key(token.text).rstrip(".") in (_ANY_TITLE if person else TITLES)


class SpeakerResolver:
    """Resolves the cue subjects of one article; built once per doc.

    in_quote tells whether a token is quoted wording (names inside quotes are not sources); paragraph_of maps a
    character offset to its paragraph number.
    """

    def __init__(self, doc: Doc, in_quote: Callable[[Token], bool], paragraph_of: Callable[[int], int]):
        self.doc = doc
        self.text = doc_text(doc)
        self._in_quote = in_quote
        self._paragraph_of = paragraph_of
        self._people = [e for e in doc.ents if e.label_ == "PERSON"]  # doc.ents makes every span anew
        self._surnames = {name_key(e[-1].text) for e in self._people if len(e) > 1}
        self.sources = self._collect_sources()
        self._genders = self._gender_evidence()

    def resolve(self, subject: Token) -> Source | None:
        """The speaker a cue subject stands for, or None when the text does not say who."""
        if subject.lower_ in PERSON_PRONOUNS:
            return self._antecedent(subject.idx, person=True, gender=_PRONOUN_GENDER[subject.lower_])
        if subject.lower_ in GROUP_PRONOUNS:
            return self._antecedent(subject.idx, person=False)
        name = self._name_tokens(subject)
        if name:
            return self._full(self._name_source(name, spoke=True))
        if self._unnamed(subject):
            return None
        if self._is_role(subject):  # "the official": the person named earlier with that role, if any
            return self._by_role(subject) or self._as_written(subject)
        return self._as_written(subject)

    # --- reading a subject

    def _name_like(self, token: Token) -> bool:
        if token.is_punct or token.is_space or not token.text[:1].isupper() or self._in_quote(token):
            return False
        return token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or name_key(token.text) in self._surnames

    def _name_tokens(self, head: Token) -> list[Token]:
        """The name a subject gives: its own proper-noun run, or that of a named apposition ("the official, X")."""
        if not self._name_like(head):
            head = next((c for c in head.children if c.dep_ == "appos" and self._name_like(c)), None)
            if head is None:
                return []
        first = head.i
        while first > 0 and self._name_like(prev := self.doc[first - 1]) and first <= prev.head.i <= head.i:
            first -= 1
        return _strip_title(list(self.doc[first:head.i + 1]))

    @staticmethod
    def _unnamed(subject: Token) -> bool:
        if subject.pos_ in ("PRON", "NUM") or subject.lower_ in _NOBODY:
            return True
        return any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in subject.children)

    @staticmethod
    def _is_role(subject: Token) -> bool:
        return subject.pos_ == "NOUN" and subject.tag_ == "NN" and subject.lemma_.lower() in ROLE_NOUNS

    def _as_written(self, subject: Token) -> Source | None:
        """A non-person or collective source, from its first word to its head noun ("the British officials")."""
        tokens = [t for t in self.doc[subject.left_edge.i:subject.i + 1] if not self._in_quote(t)]
        while tokens and (tokens[0].is_punct or tokens[0].pos_ == "CCONJ"):
            tokens.pop(0)
        if not tokens or tokens[-1].i != subject.i:
            return None
        span = self.doc[tokens[0].i:subject.i + 1]
        return Source(span.text, span.start_char, span.end_char, is_person=False, spoke=True, is_name=False)

    def _roles(self, name: list[Token]) -> frozenset[str]:
        """Descriptive nouns given with a name: titles and common nouns just before it ("Mayor X", "resident X"),
        the noun it is in apposition to ("the official, X") or that is in apposition to it ("X, a commander")."""
        roles = set()
        i = name[0].i - 1
        while i >= 0 and (self.doc[i].pos_ == "NOUN" or _is_title(self.doc[i])):
            roles.add(self.doc[i].lemma_.lower())
            i -= 1
        head = name[-1]
        if head.dep_ == "appos" and head.head.pos_ == "NOUN":
            roles.add(head.head.lemma_.lower())
        roles.update(c.lemma_.lower() for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN")
        return frozenset(roles)

    def _name_source(self, name: list[Token], spoke: bool) -> Source:
        span = self.doc[name[0].i:name[-1].i + 1]
        roles = self._roles(name)
        ents = {t.ent_type_ for t in name} - {""}
        # NER takes many East-European names for organisations or places: a person's role word outweighs it
        if "PERSON" in ents or roles & ROLE_NOUNS:
            is_person = True
        elif ents & _NOT_PERSON_ENTS:
            is_person = False
        else:
            is_person = bool(roles) or (spoke and "ORG" not in ents)
        return Source(span.text, span.start_char, span.end_char, is_person, roles, spoke)

    # --- the article's sources

    def _collect_sources(self) -> list[Source]:
        """Every person named in the article and every subject of a speech cue, in text order."""
        found: list[Source] = []
        for ent in self._people:
            tokens = _strip_title([t for t in ent if t.tag_ != "POS" and not t.is_space])
            if tokens and all(t.text[:1].isupper() for t in tokens) and not any(self._in_quote(t) for t in tokens):
                found.append(self._name_source(tokens, spoke=False))
        for i in cue_candidates(self.doc):
            token = self.doc[i]
            if self._in_quote(token) or cue_strength(token) != STRONG:
                continue
            subject = cue_subject(token)
            if subject is None or subject.lower_ in _PRONOUNS or self._in_quote(subject):
                continue
            name = self._name_tokens(subject)
            if name:
                src = self._name_source(name, spoke=True)
            elif self._unnamed(subject):
                continue
            else:  # a description ("a local priest", "British officials"), resolved when a pronoun lands on it
                src = self._as_written(subject)
                if src is not None:
                    src = dataclasses.replace(src, is_person=self._is_role(subject), description_i=subject.i)
            if src is not None:
                found.append(src)
        merged: list[Source] = []
        for src in sorted(found, key=lambda s: (s.start, -s.end)):
            if merged and src.start < merged[-1].end:  # the same mention seen as an entity and as a cue subject
                last = merged[-1]
                merged[-1] = dataclasses.replace(last, is_person=last.is_person or src.is_person,
                                                 roles=last.roles | src.roles, spoke=last.spoke or src.spoke)
                continue
            merged.append(src)
        # a single word that NER took for a person, with no role, cue or earlier full name to back it ("Kyiv")
        return [s for s in merged if s.is_full_name or s.spoke or s.roles or self._full(s, merged) is not s]

    def _full(self, src: Source, sources: list[Source] | None = None) -> Source:
        """The latest earlier multi-word name ending in the same word, else the source itself."""
        if src.is_full_name:
            return src
        key = name_key(src.text)
        for other in reversed(sources if sources is not None else self.sources):
            if other.end <= src.start and other.is_full_name and name_key(other.text.split()[-1]) == key:
                return other
        return src

    def _possessive(self, src: Source) -> bool:
        return self.text[src.end:src.end + 2] in ("'s", "’s")

    def _antecedent(self, pos: int, person: bool, gender: str | None = None) -> Source | None:
        """The source a pronoun at pos stands for: of the wanted kind, within the pronoun window, the latest of
        those that fit best. Fitting less: a possessive ("Putin's troops"), a name inside what is said of another
        person, a person the narration gives the other gender. News names more men than women, so for "she"
        only, fitting more: a woman the narration shows as one, or else a given name in -a (Oksana, Olena)."""
        first_paragraph = self._paragraph_of(pos) - _PRONOUN_WINDOW_PARAGRAPHS
        window = [s for s in self.sources if s.end <= pos and self._paragraph_of(s.start) >= first_paragraph
                  and (s.is_person or self._full(s).is_person) == person and (person or s.spoke)]
        if not window:
            return None

        def fit(src: Source) -> int:
            full = self._full(src)
            told = self._genders.get(name_key(full.text), set())
            score = -2 * ({"m": "f", "f": "m"}.get(gender) in told) - self._possessive(src) - self._embedded(src)
            if gender == "f" and "f" in told:
                score += 2
            elif gender == "f" and not told and full.is_full_name and full.text.split()[0].endswith("a"):
                score += 1
            return score

        best = max(reversed(window), key=fit)  # max keeps the first of equals: the latest
        return self._full(best) if best.description_i is None else self.resolve(self.doc[best.description_i])

    def _embedded(self, src: Source) -> bool:
        """Whether the parse puts the mention inside what is said of another person ("X, who runs a shop on
        Mill Street, said"): a name there is rarely what a later pronoun stands for."""
        span = self.doc.char_span(src.start, src.end)
        if span is None:
            return False
        others = [(o.start, o.end) for o in self.sources if o.is_person and o is not src]
        node = span.root
        while node.head.i != node.i:
            node = node.head
            if any(start <= node.idx < end for start, end in others):
                return True
        return False

    def _gender_evidence(self) -> dict[str, set[str]]:
        """Genders the narration gives each named person: an honorific, or the first he/she/his/her after a
        mention in its sentence with no other person named in between ("Kovalenko said ... into her car")."""
        genders: dict[str, set[str]] = {}
        people = [s for s in self.sources if s.is_name and s.is_person]
        for k, src in enumerate(people):
            span = self.doc.char_span(src.start, src.end)
            if span is None:
                continue
            key = name_key(self._full(src).text)
            honorific = name_key(self.doc[span.start - 1].text).rstrip(".") if span.start > 0 else ""
            if honorific in _HONORIFIC_GENDER:
                genders.setdefault(key, set()).add(_HONORIFIC_GENDER[honorific])
            next_start = people[k + 1].start if k + 1 < len(people) else len(self.text)
            for t in self.doc[span.end:span.sent.end]:
                if t.idx >= next_start:
                    break
                if t.lower_ in _PRONOUN_GENDER and not self._in_quote(t):
                    genders.setdefault(key, set()).add(_PRONOUN_GENDER[t.lower_])
                    break
        return genders

    def _by_role(self, subject: Token) -> Source | None:
        """ "the official said" -> the latest person named earlier with that role noun."""
        role = subject.lemma_.lower()
        for src in reversed(self.sources):
            if src.end <= subject.idx and src.is_person and role in src.roles:
                return self._full(src)
        return None
