"""Entity mentions of one article: spaCy's named-entity spans, trimmed of NER noise, with the evidence the
corpus step (aliases.py) needs to join spellings and to decide types.

A span is trimmed, never rewritten: mention_text == body[char_start:char_end]. Trimmed away are leading
articles and lower-case words, a sentence-initial locative ("Across Switzerland"), titles and honorifics
("Mayor", "Dr", "Deputy Minister of Defense"), possessives and administrative designators ("Kharkiv region" ->
"Kharkiv"). `name` is the spelling used for joining: the mention with an upper-case dateline or lead fixed
("VLADIMIR Putin" -> "Vladimir Putin").

Names NER missed are added where the article itself vouches for them: a later use of a name it tagged elsewhere
in the article, or of a tagged person's surname or first name ("Jack Pell ... Pell said"), and a run of
capitalised words ending in an organisation's head word ("Bluebird Air").

Per-mention evidence, read only from the text around the mention (NER and sentence boundaries, no parse):
  full_name, resolution  the in-article full name a short form stands for (Honchar -> Svitlana Honchar, Ellie ->
                         Ellie Tremayne, ISW -> Institute for the Study of War, "the Tamsa" -> Tamsa River),
                         with how it was found; "in_article_repeat" marks a name NER missed (its label is
                         borrowed from the article's tagged use, so it is no NER evidence of its own)
  role_words             the title or role phrase around a name ("Russian political analyst")
  context_words          content words of the mention's sentence, for comparing two spellings across articles
  sentence_start         char offset of the mention's sentence (two names in one sentence are two things)
  person_cue, place_cue, norp_cue   type evidence from the context, on the scale of one NER label vote
"""
import re
from bisect import bisect_left
from collections import defaultdict

import polars as pl
from spacy.attrs import IS_ALPHA, IS_STOP, IS_TITLE, LOWER, ORTH
from spacy.tokens import Doc

from pipelines.text import doc_text
from pipelines.text.names import name_key

VERSION = "3"  # 3: multi-word upper-case datelines get a normal spelling
SCHEMA = {"mention_text": pl.String, "label": pl.String, "char_start": pl.Int32, "char_end": pl.Int32,
          "name": pl.String, "full_name": pl.String, "resolution": pl.String, "role_words": pl.List(pl.String),
          "context_words": pl.List(pl.String), "sentence_start": pl.Int32, "person_cue": pl.Float64,
          "place_cue": pl.Float64, "norp_cue": pl.Float64}

# Labels of named things; spaCy's numeric labels (DATE, CARDINAL, MONEY, ...) are not entities.
NAMED_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
                          "LAW", "LANGUAGE"})

# Titles trimmed off the front of any name ("Mayor Ivan Fedorov"); the trailing dot is optional.
TITLES = frozenset("""mr mrs ms miss mx dr prof professor president vice prime minister premier chancellor mayor
    governor gov senator sen rep congressman congresswoman lt col colonel capt sgt adm admiral cmdr ambassador
    spokesman spokeswoman spokesperson rev reverend archbishop councillor councilor councilman councilwoman
    alderman""".split())
# Titles that also open the names of organisations or offices ("General Motors", "Major League", "Commissioner
# for Human Rights"): trimmed only off a PERSON span.
PERSON_ONLY_TITLES = frozenset("""general gen major maj captain commander chief judge justice secretary deputy
    commissioner inspector superintendent detective constable sergeant sheriff executive""".split())
# Abbreviated titles as role words: two articles writing "Gen." and "General" share the role.
ABBREVIATIONS = {"gen": "general", "maj": "major", "lt": "lieutenant", "col": "colonel", "capt": "captain",
                 "sgt": "sergeant", "adm": "admiral", "cmdr": "commander", "gov": "governor", "sen": "senator",
                 "rep": "representative", "prof": "professor", "rev": "reverend", "supt": "superintendent",
                 "insp": "inspector", "det": "detective"}
# Ministries inside a title: "Deputy Defense Minister", "Secretary of State", "Minister of Defense".
DEPARTMENTS = frozenset("""defense defence foreign state interior home justice finance health education energy
    economy agriculture transport treasury war culture""".split())
# Nouns naming what a person is: with the words around them, evidence for type and for joining spellings.
ROLE_NOUNS = TITLES | PERSON_ONLY_TITLES | frozenset("""analyst adviser advisor aide envoy representative lawmaker
    official officer commander soldier head director leader chairman chairwoman chair founder executive ceo
    researcher expert scientist economist historian journalist reporter correspondent editor columnist blogger
    lawyer attorney prosecutor doctor activist witness resident priest mp candidate actor author writer coach
    player manager member councillor lieutenant sergeant spokesman engineer teacher volunteer
    mechanic farmer firefighter paramedic nurse""".split())
PLACE_NOUNS = frozenset("""city town village region province oblast raion district capital county country
    peninsula island river port settlement municipality suburb area hamlet territory territories community
    neighbourhood neighborhood borough canton commune parish state republic township valley glacier lake
    coast tributary""".split())
# Nouns that, after a possessive, say the owner is a place: "Brodiv's main street", "Brodiv's residents".
PLACE_PARTS = frozenset("""street streets road roads centre center outskirts suburbs residents inhabitants mayor
    council port harbour harbor airport station beach beaches coast coastline seafront waterfront district
    districts neighbourhood neighbourhoods neighborhood neighborhoods population""".split())
# Institutions named after their place: "Brodiv Council", "a Brodiv high school", "Brodiv Primary School".
LOCAL_INSTITUTIONS = frozenset("council school hospital library police airport harbour harbor".split())
# Trailing geographic words: "the Tamsa" is short for the article's "Tamsa River".
FEATURE_WORDS = frozenset("river canal creek glacier desert mountains strait channel".split())
# Last words of place names, whatever label NER gives them ("Ropewalk Lane" PERSON, "Kessel Bridge").
PLACE_HEADS = FEATURE_WORDS | frozenset("""street road avenue lane square boulevard highway bridge lake island
    valley county""".split())
# Head words that end organisation names NER can miss: "Bluebird Air", "Pell Holdings".
ORG_HEADS = frozenset("""air airlines airways bank group inc ltd corp corporation company holdings institute
    foundation association agency authority commission committee party union university college hospital society
    trust""".split())
# Before "of", a relative position: "10 miles east of Brodiv", "the outskirts of Brodiv".
DIRECTIONS = frozenset("""north south east west northeast northwest southeast southwest northern southern eastern
    western outskirts suburbs centre center""".split())
# Designators trimmed off the end of a place name: "the Kharkiv region" is the place Kharkiv.
DESIGNATORS = frozenset("region province oblast raion".split())
# A name right after these is a place ("near Kharkiv", "toward Moscow-annexed Crimea").
LOCATIVES = frozenset("in near outside around across toward towards into inside throughout".split())
WEAK_LOCATIVES = frozenset({"at"})  # "at Brodiv", but also "at Google": half a vote
ARTICLES = frozenset("the a an".split())
APPOSITION_MARKS = frozenset({",", "-", "–", "—"})  # "Vovchansk - a town just 3km from Russia"
DEMONYM_ENDINGS = ("ian", "ean", "ese", "ish")
CONTEXT_WINDOW = 20  # tokens either side, within the sentence: copies of a story share whole sentences
# Unions the per-token tests read, built once.
_ANY_TITLE = TITLES | PERSON_ONLY_TITLES
_TITLE_WORDS = _ANY_TITLE | DEPARTMENTS  # "Deputy Defense Minister"
_TITLE_CHAIN = _TITLE_WORDS | {"of"}  # "Minister of Defense"
_ANY_LOCATIVE = LOCATIVES | WEAK_LOCATIVES
_HEAD_NOUNS = ROLE_NOUNS | PLACE_NOUNS


class _Tokens:
    """What the loops over many tokens read of a doc, taken from its arrays once: a spaCy Token made per word
    visited cost more than the rest of extraction (every mention reads 20 words either side of it)."""

    def __init__(self, doc: Doc):
        strings = doc.vocab.strings
        orths, lowers, alpha, title, stop = doc.to_array([ORTH, LOWER, IS_ALPHA, IS_TITLE, IS_STOP]).T.tolist()
        self.texts = [strings[h] for h in orths]
        self.breaks = [i for i, text in enumerate(self.texts) if "\n" in text]  # tokens holding a line break
        self.capitalised = [bool(a and t) for a, t in zip(alpha, title)]  # alphabetic and title case
        # the lower-case form of the words _context_words keeps (alphabetic, no stop word, more than one letter)
        self.context = [strings[low] if a and not st and len(text) > 1 else None
                        for low, a, st, text in zip(lowers, alpha, stop, self.texts)]


def extract_mentions(doc: Doc) -> list[dict]:
    """Mentions of named entities in one article's Doc, cleaned, with their joining and type evidence."""
    text = doc_text(doc)
    tokens = _Tokens(doc)
    ents = doc.ents
    names_in_article = {name_key(text[ent.start_char:ent.end_char]) for ent in ents}  # ent.text joins its tokens
    spans = []
    for ent in ents:
        if ent.label_ in NAMED_LABELS:
            for start, end in _pieces(tokens, ent.start, ent.end):
                spans.extend(_split_coordination(doc, start, end, ent.label_, names_in_article))
    mentions = [m for start, end, label in spans if (m := _mention(doc, tokens, start, end, label))]
    mentions = sorted(mentions + _missed_names(doc, tokens, mentions), key=lambda m: m["char_start"])
    _add_institution_cues(mentions)
    _resolve_short_forms(text, mentions)
    return mentions


def _pieces(tokens: _Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """A span that runs over a paragraph break ("Kherson\\n\\nUkraine made...") or a comma ("the mayor of
    [Kharkiv, Ihor Terekhov]") is one name per piece."""
    pieces, piece_start = [], start
    for i in range(start, end + 1):
        if i == end or "\n" in tokens.texts[i] or tokens.texts[i] == ",":
            if i > piece_start:
                pieces.append((piece_start, i))
            piece_start = i + 1
    return pieces


def _split_coordination(doc: Doc, start: int, end: int, label: str, names: set[str]) -> list[tuple]:
    """ "Mykolaiv and Kherson" is two names when the article also names each alone ("Bosnia and Herzegovina"
    stays one unless both halves stand alone elsewhere)."""
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in ("and", "&"):
            left, right = _trim(doc, start, i, label), _trim(doc, i + 1, end, label)
            if left and right and all(name_key(doc[s:e].text) in names for _, s, e in (left, right)):
                return [(start, i, label), (i + 1, end, label)]
    return [(start, end, label)]


def _mention(doc: Doc, tokens: _Tokens, start: int, end: int, label: str) -> dict | None:
    trimmed = _trim(doc, start, end, label)
    if trimmed is None:
        return None
    title_start, start, end = trimmed
    sentence = _sentence_bounds(doc, tokens, start, end)
    char_start, char_end = doc[start].idx, doc[end - 1].idx + len(tokens.texts[end - 1])
    text = doc_text(doc)[char_start:char_end]
    titles = [_role_word(t) for t in doc[title_start:start] if t.lower_ != "of"]
    role_words = sorted(set(_role_words(doc, title_start, end, sentence) + titles))
    adjective = _used_as_adjective(doc, start, end)  # "the Crimean peninsula" is not the place "Crimean"
    return {
        "mention_text": text,
        "label": label,
        "char_start": char_start,
        "char_end": char_end,
        "name": _normalised_name(doc, start, end, text),
        "full_name": None,
        "resolution": None,
        "role_words": role_words,
        "context_words": _context_words(tokens, start, end, sentence),
        "sentence_start": doc[sentence[0]].idx,
        "person_cue": 2.0 if role_words else 0.0,
        "place_cue": 0.0 if adjective else _place_cue(doc, start, end, sentence),
        "norp_cue": 1.0 if adjective else 0.0,
    }


def _trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int, int] | None:
    """(title_start, start, end): the token range of the name inside an NER span, after the title words cut off
    its front (title_start == start when none); None if no name is left (all lower case, a bare title, a
    sentence-initial common word)."""
    while start < end and _is_trimmed_at_end(doc[end - 1]):
        end -= 1
    while start < end and (doc[start].lower_ in ARTICLES or not _opens_name(doc[start])
                           or _opening_locative(doc, start, end)):
        start += 1
    title_start = chain = start
    while chain < end - 1 and _title_word(doc[chain]) in _TITLE_CHAIN:
        chain += 1
    chain_words = [_title_word(t) for t in doc[start:chain]]
    strippable = _ANY_TITLE if label == "PERSON" else TITLES
    if any(w in strippable for w in chain_words) or (chain_words and _after_title_of(doc, start)):
        start = chain
    words = [t for t in doc[start:end] if any(c.isalpha() for c in t.text)]  # "U.S." is a word
    if not words or all(_title_word(t) in _TITLE_WORDS for t in words):
        return None
    if end - start == 1 and _common_word_at_sentence_start(doc, start):
        return None
    return title_start, start, end


def _is_trimmed_at_end(token) -> bool:
    return (token.is_punct or token.lower_ in ("'s", "’s", "'", "’") or token.lower_ in DESIGNATORS
            or (token.is_alpha and token.is_lower))


def _opens_name(token) -> bool:
    return token.text[:1].isupper() or token.text[:1].isdigit()


def _opening_locative(doc: Doc, start: int, end: int) -> bool:
    """ "[Across Switzerland], ...": a preposition capitalised only because it opens the sentence."""
    return start + 1 < end and doc[start].is_sent_start and doc[start].lower_ in _ANY_LOCATIVE


def _title_word(token) -> str:
    return token.lower_.rstrip(".")


def _role_word(token) -> str:
    return ABBREVIATIONS.get(_title_word(token), _title_word(token))


def _is_word(token) -> bool:
    """A word of a role phrase: alphabetic, or an abbreviated title ("Gen.")."""
    return token.is_alpha or (token.text.endswith(".") and _title_word(token) in _ANY_TITLE)


def _after_title_of(doc: Doc, start: int) -> bool:
    """ "Deputy Minister of [Defense Hanna Maliar]": the span opens inside a title."""
    return start >= 2 and doc[start - 1].lower_ == "of" and _title_word(doc[start - 2]) in _ANY_TITLE


def _common_word_at_sentence_start(doc: Doc, i: int) -> bool:
    """ "Strikes also continued...": capitalised only because it opens a sentence, and written in lower case
    elsewhere in the article."""
    token = doc[i]
    # word hashes compared in one array operation: a loop over the tokens costs more than the rest of extraction
    return token.is_sent_start and not token.is_upper and bool((doc.to_array(ORTH) == token.lower).any())


def _normalised_name(doc: Doc, start: int, end: int, text: str) -> str:
    """The mention's spelling with an upper-case dateline or lead in title case ("KHARGIV, Ukraine (AP)",
    "SOUTH FORK, Valmera (AP)", "VLADIMIR Putin said"); acronyms elsewhere (NATO) keep their case."""
    tokens = list(doc[start:end])
    opens_paragraph = start == 0 or "\n" in doc[start - 1].text
    upper_lead = opens_paragraph and tokens[0].is_upper and len(tokens[0]) > 1 and (
        len(tokens) > 1 and not tokens[-1].is_upper or _dateline_follows(doc, end))
    if upper_lead:
        text = "".join((t.text.title() if t.is_upper else t.text) + t.whitespace_ for t in tokens).strip()
    return " ".join(text.split())


def _dateline_follows(doc: Doc, end: int) -> bool:
    return end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].text[:1].isupper()


def _sentence_bounds(doc: Doc, tokens: _Tokens, start: int, end: int) -> tuple[int, int]:
    """The sentence around a span, cut at paragraph breaks (a heading can share a sentence with what follows)."""
    sent = doc[start].sent
    lo, hi = sent.start, max(sent.end, end)
    breaks = tokens.breaks
    k = bisect_left(breaks, start)  # breaks[k - 1] is the last before the span, breaks[k'] the first after it
    if k > 0 and breaks[k - 1] >= lo:
        lo = breaks[k - 1] + 1
    k = bisect_left(breaks, end)
    if k < len(breaks) and breaks[k] < hi:
        hi = breaks[k]
    return lo, hi


def _role_words(doc: Doc, start: int, end: int, sentence: tuple[int, int]) -> list[str]:
    """Words of a role phrase bound to the name: before it ("political analyst [Abbas Gallyamov]", "Deputy
    Minister of [Defense Hanna Maliar]", "representative to the United Nations, [Vasily Nebenzya]") or in an
    apposition after it ("[Abbas Kalyamov], an independent Russian political analyst")."""
    lo, hi = sentence
    comma = start > lo and doc[start - 1].text == ","
    first = start - 2 if comma else start - 1
    before = []  # a title chain stops at a function word but "of" a ministry; a phrase set off by a comma may not
    for j in range(first, max(lo, first - 5) - 1, -1):
        token = doc[j]
        ministry_of = token.lower_ == "of" and _title_word(doc[j + 1]) in DEPARTMENTS
        if not _is_word(token) or (token.is_stop and not comma and not ministry_of):
            break
        before.append(token)
    # "Secretary of State [Antony Blinken]": the role noun closest to the name, past a ministry
    nearest = next((t for t in before if t.lower_ != "of" and _title_word(t) not in DEPARTMENTS), None)
    bound = (any(_title_word(t) in ROLE_NOUNS for t in before) if comma
             else nearest is not None and _title_word(nearest) in ROLE_NOUNS)
    phrase = before if bound else []
    if end < hi and doc[end].text in APPOSITION_MARKS:
        after = _apposition(doc, end + 1, hi)
        if after and after[-1].lower_ in ROLE_NOUNS:
            phrase = phrase + after
    return sorted({_role_word(t) for t in phrase if not t.is_stop})


def _apposition(doc: Doc, i: int, hi: int) -> list:
    """The words of ", a town of 25,000" / ", an independent political analyst and ..." up to the head noun:
    the last role or place noun before a function word, punctuation or a person's name ("In Kherson, governor
    [Oleksandr Prokudin]": the role is his)."""
    words = []
    for t in doc[i:min(hi, i + 7)]:
        if t.text == "-" or t.like_num:  # "the second-largest city", "a 2,000-year-old town"
            continue
        if t.ent_type_ == "PERSON":
            return []
        if not t.is_alpha or (t.is_stop and t.lower_ not in ARTICLES):
            break
        words.append(t)
    heads = [k for k, t in enumerate(words) if t.lower_ in _HEAD_NOUNS]
    return words[:heads[-1] + 1] if heads else []


def _place_cue(doc: Doc, start: int, end: int, sentence: tuple[int, int]) -> float:
    """Evidence from the name and the words around it that it is a place, on the scale of NER label votes: a
    place noun bound to it, "X-based" or a dateline count 2; a locative before it, a possessed place part ("X's
    main street"), a local institution after it ("a X high school") or a place word ending it ("X Lane") count 1
    ("at X" half)."""
    strong = (_place_noun_near(doc, start, end, sentence) or _based_in(doc, end) or _in_dateline(doc, start, end))
    place_head = end - start > 1 and doc[end - 1].lower_ in PLACE_HEADS
    return (2.0 * strong + _after_locative(doc, start, end, sentence) + _possesses_place_part(doc, end, sentence)
            + _institution_after(doc, end, sentence) + place_head)


def _place_noun_near(doc: Doc, start: int, end: int, sentence: tuple[int, int]) -> bool:
    """ "the city of [Belgorod]", "liberated city [Balakliia]", "[Vovchansk] area", "[Balakliya], a city"."""
    lo, hi = sentence
    before = doc[start - 1].lower_ if start > lo else ""
    of_phrase = before == "of" and start - 2 >= lo and doc[start - 2].lower_ in PLACE_NOUNS
    after = doc[end].lower_ if end < hi else ""
    apposition = after in APPOSITION_MARKS and _apposition(doc, end + 1, hi)
    return of_phrase or before in PLACE_NOUNS or after in PLACE_NOUNS or bool(
        apposition and apposition[-1].lower_ in PLACE_NOUNS)


def _based_in(doc: Doc, end: int) -> bool:
    """ "the [Brodiv]-based maker"."""
    return end + 1 < len(doc) and doc[end].text == "-" and doc[end + 1].lower_ == "based"


def _in_dateline(doc: Doc, start: int, end: int) -> bool:
    """ "BRODIV, Valmera (AP) —": the upper-case place that opens a wire story and the region after it."""
    opens_paragraph = start == 0 or "\n" in doc[start - 1].text
    if opens_paragraph and doc[start].is_upper and len(doc[start]) > 1:
        return _dateline_follows(doc, end)
    if start < 2 or doc[start - 1].text != "," or end >= len(doc) or doc[end].text not in ("(", "-", "–", "—"):
        return False
    lead = start - 1
    while lead > 0 and "\n" not in doc[lead - 1].text and start - lead < 5:
        lead -= 1
    head = [t for t in doc[lead:start - 1] if t.is_alpha]
    return (lead == 0 or "\n" in doc[lead - 1].text) and bool(head) and all(t.is_upper for t in head)


def _after_locative(doc: Doc, start: int, end: int, sentence: tuple[int, int]) -> float:
    """1 when a locative preposition governs the name ("near X", "10 miles east of X", "as far away as X"),
    skipping "the" and hyphenated modifiers ("toward Moscow-annexed Crimea"); 0.5 after "at"; not for
    possessives ("in Putin's war")."""
    lo, _ = sentence
    if end < len(doc) and doc[end].lower_ in ("'s", "’s"):
        return 0.0
    i = start - 1
    while i >= lo and (doc[i].lower_ == "the" or _in_hyphen_compound(doc, i, lo, start)):
        i -= 1
    if i < lo:
        return 0.0
    word, before = doc[i].lower_, doc[i - 1].lower_ if i > lo else ""
    if word in LOCATIVES or (word == "of" and before in DIRECTIONS) or (word == "as" and before in ("far", "away")):
        return 1.0
    return 0.5 if word in WEAK_LOCATIVES else 0.0


def _possesses_place_part(doc: Doc, end: int, sentence: tuple[int, int]) -> float:
    """ "[Brodiv]'s main shopping street", "[Brodiv]'s residents": what a place has."""
    _, hi = sentence
    if end >= hi or doc[end].lower_ not in ("'s", "’s"):
        return 0.0
    for t in doc[end + 1:min(hi, end + 4)]:
        if not t.is_alpha or t.is_stop:
            break
        if t.lower_ in PLACE_PARTS:
            return 1.0
    return 0.0


def _institution_after(doc: Doc, end: int, sentence: tuple[int, int]) -> float:
    """ "[Brodiv] council", "a [Brodiv] high school": an institution named after its place."""
    _, hi = sentence
    next_words = []  # the institution word next, or after one word ("high", "city")
    for t in doc[end:min(hi, end + 2)]:
        if not t.is_alpha:
            break
        next_words.append(t.lower_)
    return 1.0 if any(w in LOCAL_INSTITUTIONS for w in next_words) else 0.0


def _in_hyphen_compound(doc: Doc, i: int, lo: int, start: int) -> bool:
    return doc[i].text == "-" or (i > lo and doc[i - 1].text == "-") or (i + 1 < start and doc[i + 1].text == "-")


def _used_as_adjective(doc: Doc, start: int, end: int) -> bool:
    """ "Ukrainian troops": a one-word demonym before a lower-case noun is a nationality, not a place."""
    word = doc[start].lower_
    return (end - start == 1 and word.endswith(DEMONYM_ENDINGS) and end < len(doc)
            and doc[end].is_alpha and doc[end].is_lower and not doc[end].is_stop)


def _context_words(tokens: _Tokens, start: int, end: int, sentence: tuple[int, int]) -> list[str]:
    lo, hi = sentence
    window = tokens.context[max(lo, start - CONTEXT_WINDOW):start] + tokens.context[end:min(hi, end + CONTEXT_WINDOW)]
    return sorted({word for word in window if word is not None})


def _missed_names(doc: Doc, tokens: _Tokens, mentions: list[dict]) -> list[dict]:
    """Uses of the article's own names that NER left untagged: a name it tagged elsewhere in the article (its
    label borrowed, resolution "in_article_repeat"), a tagged person's first or last word when it belongs to one
    person only ("Pell said"), and a run of capitalised words ending in an organisation's head word ("Bluebird
    Air"). Only capitalised words outside NER's named spans, standing alone (_stands_alone)."""
    covered = _covered_tokens(doc)
    known: dict[tuple, str] = {}  # token keys of a tagged name -> its label
    parts = defaultdict(set)  # a person's first or last word -> the full names with it
    for m in mentions:
        span = doc.char_span(m["char_start"], m["char_end"])
        known.setdefault(tuple(name_key(t.text) for t in span), m["label"])
        words = name_key(m["name"]).split()
        if len(words) > 1 and (m["label"] == "PERSON" or m["person_cue"]):
            parts[words[0]].add(" ".join(words))
            parts[words[-1]].add(" ".join(words))
    longest = max(map(len, known), default=0)
    found, free = [], 0  # free: the first token after the last name found
    for i in _name_openings(tokens, covered, {keys[0] for keys in known if keys} | set(parts)):
        if i < free:
            continue
        hit = _known_name_at(doc, tokens, i, longest, covered, known, parts) or _org_run_at(doc, tokens, i, covered)
        if hit and (m := _mention(doc, tokens, *hit[:3])):
            m["resolution"] = hit[3]
            found.append(m)
        free = hit[1] if hit else free
    return found


def _name_openings(tokens: _Tokens, covered: set[int], first_keys: set[str]) -> list[int]:
    """The tokens outside NER's spans where _known_name_at or _org_run_at may find a name: a capitalised word
    that opens a tagged name or is part of a person's, or a title-case word (the first of an organisation's)."""
    return [i for i, (text, capitalised) in enumerate(zip(tokens.texts, tokens.capitalised)) if i not in covered
            and (capitalised or text[:1].isupper() and name_key(text) in first_keys)]


def _covered_tokens(doc: Doc) -> set[int]:
    """Tokens inside NER's spans; a numeric span stops at a paragraph break ("14 km/h.\n\nGdynia" is no
    quantity after the break)."""
    covered = set()
    for ent in doc.ents:
        end = ent.end
        if ent.label_ not in NAMED_LABELS:
            end = next((k for k in range(ent.start, ent.end) if "\n" in doc[k].text), ent.end)
        covered.update(range(ent.start, end))
    return covered


def _known_name_at(doc: Doc, tokens: _Tokens, i: int, longest: int, covered: set[int], known: dict, parts: dict):
    """(start, end, label, "in_article_repeat") of the longest tagged name of the article, or lone part of one
    person's name, written at token i."""
    texts = tokens.texts
    if i in covered or not texts[i][:1].isupper():
        return None
    for n in range(min(longest, len(doc) - i), 0, -1):
        if any(k in covered or "\n" in texts[k] for k in range(i, i + n)):
            continue
        keys = tuple(name_key(texts[k]) for k in range(i, i + n))
        if keys in known and _stands_alone(doc, i, i + n):
            return i, i + n, known[keys], "in_article_repeat"
    key = name_key(texts[i])
    if len(parts.get(key, ())) == 1 and _stands_alone(doc, i, i + 1) and not (
            i > 0 and doc[i - 1].lower_ in ARTICLES):  # "the Bill", "a Hope"
        return i, i + 1, "PERSON", "in_article_repeat"
    return None


def _stands_alone(doc: Doc, start: int, end: int) -> bool:
    """Not part of a longer capitalised name (a title or a sentence-opening common word before it aside), and
    for one word no stop word and no common word capitalised only because it opens the sentence."""
    before = doc[start - 1] if start > 0 and not doc[start].is_sent_start else None
    after = doc[end] if end < len(doc) and not doc[end].is_sent_start else None
    if before is not None and before.is_title and _title_word(before) not in _ANY_TITLE and not (
            before.is_sent_start and (before.is_stop or _common_word_at_sentence_start(doc, start - 1))):
        return False  # "Marek Pell" is not "Pell"; "Then Pell said" is
    if after is not None and after.is_title and after.is_alpha:
        return False
    return end - start > 1 or not (doc[start].is_stop or _common_word_at_sentence_start(doc, start))


def _org_run_at(doc: Doc, tokens: _Tokens, i: int, covered: set[int]):
    """(start, end, "ORG", None) of a run of two or more capitalised words outside NER's spans that ends in an
    organisation's head word: "A [Bluebird Air] jet"."""
    end = i
    while end < len(doc) and end not in covered and tokens.capitalised[end]:
        end += 1
    if end - i >= 2 and doc[end - 1].lower_ in ORG_HEADS and _stands_alone(doc, i, end):
        return i, end, "ORG", None
    return None


def _add_institution_cues(mentions: list[dict]) -> None:
    """A one-word name that opens the article's name of a local institution ("Brodiv Primary School", "Brodiv
    City Council") is a place."""
    towns = {name_key(m["name"]).split()[0] for m in mentions
             if len(m["name"].split()) > 1 and name_key(m["name"]).split()[-1] in LOCAL_INSTITUTIONS}
    for m in mentions:
        if len(m["name"].split()) == 1 and name_key(m["name"]) in towns:
            m["place_cue"] += 1.0


def _resolve_short_forms(text: str, mentions: list[dict]) -> None:
    """Within one article a short form stands for the full name it shortens, when exactly one full name fits:
    a surname or other trailing part of a person's name (Honchar -> Svitlana Honchar, whatever label spaCy gave
    the short form), a person's first name that is no one's surname there (Ellie -> Ellie Tremayne), an acronym
    of a multi-word name (ISW -> Institute for the Study of War), or "the X" for "X River" and the like."""
    people = {name_key(m["name"]): m["name"] for m in mentions
              if len(m["name"].split()) > 1 and (m["label"] == "PERSON" or m["person_cue"])}
    multiword = {name_key(m["name"]): m["name"] for m in mentions if len(m["name"].split()) > 1}
    surnames = {k.split()[-1] for k in people}
    for m in mentions:
        words = name_key(m["name"]).split()
        resolution, fits = next(((r, f) for r, f in _short_form_fits(text, m, words, people, multiword, surnames)
                                 if f), (None, set()))
        if len(fits) == 1:
            m["full_name"] = multiword[fits.pop()]
            m["resolution"] = resolution


def _short_form_fits(text: str, m: dict, words: list[str], people: dict, multiword: dict, surnames: set):
    """(resolution, full-name keys that fit) for each way a short form can shorten a name, in order."""
    one_word = len(words) == 1
    if m["place_cue"] < 1:  # "in Washington" is the city even in an article about George Washington
        yield "in_article_surname", {k for k in people if k != " ".join(words) and _is_trailing_part(words, k.split())}
        if one_word and m["label"] == "PERSON" and words[0] not in surnames:
            yield "in_article_first_name", {k for k in people if k.split()[0] == words[0]}
    if one_word and m["name"].isupper():
        yield "in_article_acronym", {k for k, full in multiword.items() if _acronym(full) == m["name"]}
    if one_word and re.search(r"\bthe\s+$", text[max(0, m["char_start"] - 5):m["char_start"]], re.I):
        yield "in_article_feature", {k for k in multiword if k.split()[:-1] == words and k.split()[-1] in FEATURE_WORDS}


def _is_trailing_part(short: list[str], full: list[str]) -> bool:
    """ "putin" of "vladimir putin", "vladimir putin" of "vladimir vladimirovich putin": the same last word, the
    rest in order."""
    if len(short) >= len(full) or short[-1] != full[-1]:
        return False
    rest = iter(full[:-1])
    return all(w in rest for w in short[:-1])


def _acronym(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper())
