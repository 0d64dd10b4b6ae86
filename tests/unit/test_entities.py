"""Mention extraction and name cleaning on short invented sentences. The NER spans are set by hand (as spaCy's
small model might give them, noise included) so each rule is tested on its own, without the model."""
import polars as pl
import pytest
import spacy

from pipelines.text.entities import SCHEMA, VERSION, extract_mentions


@pytest.fixture(scope="module")
def nlp():
    blank = spacy.blank("en")
    blank.add_pipe("sentencizer")
    return blank


@pytest.fixture
def mentions(nlp):
    def run(text: str, *ents: tuple[str, str] | tuple[str, str, int]) -> list[dict]:
        """ents: (span text, label[, occurrence]) marked as spaCy's entities."""
        doc = nlp(text)
        spans = []
        for span_text, label, *nth in ents:
            start = -1
            for _ in range((nth or [0])[0] + 1):
                start = text.index(span_text, start + 1)
            span = doc.char_span(start, start + len(span_text), label=label)
            assert span is not None, span_text
            spans.append(span)
        doc.ents = spans
        rows = extract_mentions(doc)
        for row in rows:  # the offsets contract and the declared columns, checked on every case
            assert text[row["char_start"]:row["char_end"]] == row["mention_text"]
            assert set(row) == set(SCHEMA)
        pl.DataFrame(rows, schema=SCHEMA)
        return rows

    return run


def one(rows: list[dict]) -> dict:
    assert len(rows) == 1, rows
    return rows[0]


def test_version_is_a_string():
    assert isinstance(VERSION, str) and VERSION


def test_numeric_labels_are_not_entities(mentions):
    assert mentions("Nine boats left on Monday.", ("Nine", "CARDINAL"), ("Monday", "DATE")) == []


@pytest.mark.parametrize("text, span, label, name", [
    ("Mayor Olha Brenko closed the bridge.", "Mayor Olha Brenko", "PERSON", "Olha Brenko"),
    ("Later Dr Petro Lanko spoke.", "Dr Petro Lanko", "PERSON", "Petro Lanko"),
    ("Later Mr. Lanko spoke.", "Mr. Lanko", "PERSON", "Lanko"),
    ("The Institute for Coastal Studies said so.", "The Institute for Coastal Studies", "ORG",
     "Institute for Coastal Studies"),
    ("Kyiv’s mayor spoke.", "Kyiv’s", "ORG", "Kyiv"),
    ("They met Taras Hnatiuk's lawyer.", "Taras Hnatiuk's", "PERSON", "Taras Hnatiuk"),
    ("Fighting went on in the Brodiv region overnight.", "Brodiv region", "GPE", "Brodiv"),
    ("The train stopped in Brodiv Oblast at noon.", "Brodiv Oblast", "LOC", "Brodiv"),
    ("They fought against the Zelenyi blitz all day.", "the Zelenyi blitz", "ORG", "Zelenyi"),
    ("Aid from the U.S. arrived.", "the U.S.", "GPE", "U.S."),
])
def test_noise_is_trimmed_off_the_span(mentions, text, span, label, name):
    row = one(mentions(text, (span, label)))
    assert row["mention_text"] == row["name"] == name
    assert row["label"] == label


def test_general_opens_organisation_names(mentions):
    assert one(mentions("Shares in General Motors fell.", ("General Motors", "ORG")))["name"] == "General Motors"
    assert one(mentions("Later General Ivan Pron spoke.", ("General Ivan Pron", "PERSON")))["name"] == "Ivan Pron"


def test_title_inside_a_ministry_phrase(mentions):
    row = one(mentions("The Deputy Minister of Defense Anna Sirko said so.", ("Defense Anna Sirko", "ORG")))
    assert row["mention_text"] == "Anna Sirko"
    assert {"deputy", "minister", "defense"} <= set(row["role_words"]) and row["person_cue"] > 0


@pytest.mark.parametrize("text, span, label", [
    ("They crossed to the west bank at dawn.", "the west bank", "GPE"),
    ("The Deputy Defense Minister Anna Sirko said so.", "Defense", "ORG"),
    ("Secretary of State Lina Obst arrived.", "State", "ORG"),
    ("Strikes hit the port. More strikes followed.", "Strikes", "PERSON"),
    ("The President spoke.", "President", "PERSON"),
])
def test_noise_that_is_no_name_is_dropped(mentions, text, span, label):
    assert mentions(text, (span, label)) == []


def test_a_capitalised_word_that_is_never_lower_case_stays(mentions):
    assert one(mentions("Brodiv held. The town held.", ("Brodiv", "GPE")))["name"] == "Brodiv"


def test_upper_case_lead_and_dateline_get_a_normal_spelling(mentions):
    row = one(mentions("VASYL Moroz arrived on Monday.", ("VASYL Moroz", "PERSON")))
    assert (row["mention_text"], row["name"]) == ("VASYL Moroz", "Vasyl Moroz")
    row = one(mentions("ZELENOHIRSK, Ukraine (AP) — Troops advanced.", ("ZELENOHIRSK", "GPE")))
    assert (row["mention_text"], row["name"]) == ("ZELENOHIRSK", "Zelenohirsk")
    rows = mentions("SOUTH FORK, Valmera (Reuters) - Rain fell.", ("SOUTH FORK", "GPE"), ("Valmera", "GPE"))
    assert (rows[0]["mention_text"], rows[0]["name"]) == ("SOUTH FORK", "South Fork")


def test_acronyms_keep_their_case(mentions):
    assert one(mentions("NATO, the alliance, met.", ("NATO", "ORG")))["name"] == "NATO"
    assert one(mentions("Talks with NATO went on.", ("NATO", "ORG")))["name"] == "NATO"


def test_span_over_a_paragraph_break_is_two_names(mentions):
    rows = mentions("Brodiv\n\nUkraine made no secret of it.", ("Brodiv\n\nUkraine", "ORG"))
    assert [r["mention_text"] for r in rows] == ["Brodiv", "Ukraine"]


def test_span_over_a_comma_is_two_names(mentions):
    rows = mentions("The mayor of Brodiv, Ihor Sirko, spoke.", ("Brodiv, Ihor Sirko", "ORG"))
    assert [r["mention_text"] for r in rows] == ["Brodiv", "Ihor Sirko"]
    assert "mayor" in rows[1]["role_words"] and rows[0]["role_words"] == []


def test_coordination_splits_only_when_both_halves_stand_alone(mentions):
    text = "Brodiv was shelled. Malyn was quiet. The road between Brodiv and Malyn is cut."
    rows = mentions(text, ("Brodiv", "GPE"), ("Malyn", "GPE"), ("Brodiv and Malyn", "ORG"))
    assert [r["mention_text"] for r in rows] == ["Brodiv", "Malyn", "Brodiv", "Malyn"]
    row = one(mentions("They flew to Trinidad and Tobago.", ("Trinidad and Tobago", "GPE")))
    assert row["mention_text"] == "Trinidad and Tobago"


def test_surname_resolves_to_the_full_name_in_the_article(mentions):
    text = "Olena Vashchuk runs the bakery. \"We stay,\" Vashchuk said."
    rows = mentions(text, ("Olena Vashchuk", "PERSON"), ("Vashchuk", "ORG", 1))
    assert rows[0]["full_name"] is None
    assert (rows[1]["full_name"], rows[1]["resolution"]) == ("Olena Vashchuk", "in_article_surname")


def test_an_ambiguous_surname_stays_unresolved(mentions):
    text = "Ivan Lenko and Maria Lenko run the farm. Lenko said it was hard."
    rows = mentions(text, ("Ivan Lenko", "PERSON"), ("Maria Lenko", "PERSON"), ("Lenko", "PERSON", 2))
    assert rows[2]["full_name"] is None


def test_a_place_is_not_a_surname(mentions):
    text = "George Brodiv visited the front. The shelling near Brodiv went on."
    rows = mentions(text, ("George Brodiv", "PERSON"), ("Brodiv", "GPE", 1))
    assert rows[1]["full_name"] is None and rows[1]["place_cue"] > 0


def test_acronym_resolves_to_the_name_it_abbreviates(mentions):
    text = "The Centre for Grain Research warned of losses. CGR said prices would rise."
    rows = mentions(text, ("Centre for Grain Research", "ORG"), ("CGR", "ORG"))
    assert (rows[1]["full_name"], rows[1]["resolution"]) == ("Centre for Grain Research", "in_article_acronym")


def test_role_words_before_and_in_apposition(mentions):
    row = one(mentions("Independent political analyst Taras Hnatiuk disagreed.", ("Taras Hnatiuk", "PERSON")))
    assert {"independent", "political", "analyst"} <= set(row["role_words"])
    row = one(mentions("Taras Hnatiuk, a political analyst, disagreed.", ("Taras Hnatiuk", "PERSON")))
    assert {"political", "analyst"} <= set(row["role_words"])
    row = one(mentions("The news came from Oleh Sirko on Monday.", ("Oleh Sirko", "PERSON")))
    assert row["role_words"] == [] and row["person_cue"] == 0
    rows = mentions("In Brodiv, governor Oleh Sirko said so.", ("Brodiv", "GPE"), ("Oleh Sirko", "PERSON"))
    assert rows[0]["role_words"] == [] and "governor" in rows[1]["role_words"]


@pytest.mark.parametrize("text, span, cue", [
    ("Shelling hit the city of Brodiv again.", "Brodiv", 2.0),
    ("Troops retook Brodiv, a town of 9,000 people.", "Brodiv", 2.0),
    ("Troops retook Brodiv - a town near the border.", "Brodiv", 2.0),
    ("Columns moved toward Moscow-annexed Crimea overnight.", "Crimea", 1.0),
    ("Troops regrouped near Brodiv overnight.", "Brodiv", 1.0),
    ("Losses in Putin's war grew.", "Putin", 0.0),
])
def test_place_cues(mentions, text, span, cue):
    assert one(mentions(text, (span, "ORG")))["place_cue"] == cue


def test_a_demonym_before_a_noun_is_a_nationality(mentions):
    row = one(mentions("Ukrainian troops crossed the Crimean peninsula.", ("Crimean", "NORP")))
    assert (row["norp_cue"], row["place_cue"]) == (1.0, 0.0)


def test_context_words_and_sentence_start(mentions):
    text = "The bridge fell. Troops took control of Brodiv on Monday."
    row = one(mentions(text, ("Brodiv", "GPE")))
    assert {"troops", "took", "control", "monday"} <= set(row["context_words"])
    assert "bridge" not in row["context_words"] and "brodiv" not in row["context_words"]
    assert row["sentence_start"] == text.index("Troops")


@pytest.mark.parametrize("text, span, label, name, role", [
    ("Councillor Petra Lund voted against.", "Councillor Petra Lund", "PERSON", "Petra Lund", "councillor"),
    ("Commissioner Anna Sirko said so.", "Commissioner Anna Sirko", "PERSON", "Anna Sirko", "commissioner"),
    ("Chief Executive Olha Brenko resigned.", "Chief Executive Olha Brenko", "PERSON", "Olha Brenko", "executive"),
])
def test_more_titles_are_trimmed_and_kept_as_roles(mentions, text, span, label, name, role):
    row = one(mentions(text, (span, label)))
    assert row["name"] == name and role in row["role_words"] and row["person_cue"] > 0


def test_a_person_only_title_opens_an_office_name(mentions):
    row = one(mentions("The Commissioner for Coastal Affairs said so.", ("Commissioner for Coastal Affairs", "ORG")))
    assert row["name"] == "Commissioner for Coastal Affairs"


def test_an_abbreviated_title_outside_the_span_is_a_role(mentions):
    row = one(mentions("Gen. Ivan Pron, who leads the brigade, spoke.", ("Ivan Pron", "PERSON")))
    assert "general" in row["role_words"]
    row = one(mentions("The commander in the area, Gen. Ivan Pron, spoke.", ("Ivan Pron", "PERSON")))
    assert "general" in row["role_words"]


def test_a_sentence_opening_locative_is_trimmed_and_is_a_place_cue(mentions):
    row = one(mentions("Across Valmeria, rivers rose.", ("Across Valmeria", "ORG")))
    assert row["mention_text"] == "Valmeria" and row["place_cue"] == 1.0
    row = one(mentions("Under Armour said so.", ("Under Armour", "ORG")))  # not a locative
    assert row["mention_text"] == "Under Armour"


@pytest.mark.parametrize("text, span, cue", [
    ("The Brodiv-based maker won the order.", "Brodiv", 2.0),
    ("People fled in the community of Vista Alta overnight.", "Vista Alta", 2.0),
    ("Smoke was seen 10 miles east of Brodiv on Friday.", "Brodiv", 1.0),
    ("Alerts went out as far away as Brodiv on Friday.", "Brodiv", 1.0),
    ("They will shop at Brodiv instead.", "Brodiv", 0.5),
    ("Brodiv's main shopping street was closed.", "Brodiv", 1.0),
    ("Brodiv's lawyer was not available.", "Brodiv", 0.0),
    ("He spoke at a Brodiv high school.", "Brodiv", 1.0),
    ("The fire reached Tanner Lane by noon.", "Tanner Lane", 1.0),
    ("The fire reached Tanner Voss by noon.", "Tanner Voss", 0.0),
])
def test_more_place_cues(mentions, text, span, cue):
    assert one(mentions(text, (span, "ORG")))["place_cue"] == cue


def test_a_dateline_names_two_places(mentions):
    rows = mentions("BRODIV, Valmera (AP) — Troops advanced.", ("BRODIV", "ORG"), ("Valmera", "PERSON"))
    assert [(r["name"], r["place_cue"]) for r in rows] == [("Brodiv", 2.0), ("Valmera", 2.0)]
    rows = mentions("Later, Valmera (the region) was quiet.", ("Valmera", "PERSON"))
    assert rows[0]["place_cue"] == 0.0


def test_a_local_institution_named_after_a_word_makes_it_a_place(mentions):
    text = "Brodiv's plan drew objections. Parents of Brodiv Primary School pupils agreed."
    rows = mentions(text, ("Brodiv", "NORP"), ("Brodiv Primary School", "ORG"))
    assert rows[0]["place_cue"] == 1.0 and rows[1]["place_cue"] == 0.0


def test_a_name_ner_missed_elsewhere_in_the_article_is_added(mentions):
    text = "Brodiv held. Then Brodiv fell. Then later, Brodiv rose."
    rows = mentions(text, ("Brodiv", "GPE"))
    assert [(r["char_start"], r["label"], r["resolution"]) for r in rows] == [
        (0, "GPE", None), (18, "GPE", "in_article_repeat"), (43, "GPE", "in_article_repeat")]


def test_a_missed_surname_and_first_name_join_the_full_name(mentions):
    text = "Jack Pell, 41, swam out to Ellie Tarrant. Pell said it was cold. Ellie was taken to hospital."
    rows = mentions(text, ("Jack Pell", "PERSON"), ("Ellie Tarrant", "PERSON"))
    assert [(r["name"], r["full_name"], r["resolution"]) for r in rows] == [
        ("Jack Pell", None, None), ("Ellie Tarrant", None, None),
        ("Pell", "Jack Pell", "in_article_surname"), ("Ellie", "Ellie Tarrant", "in_article_first_name")]


@pytest.mark.parametrize("text, ents", [
    # "Anna" is the first name of two people, "Martin" a first name and a surname
    ("Anna Lenko met Anna Sirko. Anna said no.", [("Anna Lenko", "PERSON"), ("Anna Sirko", "PERSON")]),
    ("Martin Oakes met Mike Martin. Martin said no.", [("Martin Oakes", "PERSON"), ("Mike Martin", "PERSON")]),
    ("Hope Lenko spoke. Hope is fading, and hope is all.", [("Hope Lenko", "PERSON")]),  # a common word
    ("Bill Lenko spoke. Then the Bill passed.", [("Bill Lenko", "PERSON")]),  # "the" before a name
    ("Jack Pell spoke. Later Pell Avenue was shut.", [("Jack Pell", "PERSON")]),  # part of a longer name
    ("Jack Pell spoke. Marek Pell said no.", [("Jack Pell", "PERSON")]),  # ... another person NER missed
])
def test_a_lone_name_part_is_not_added_when_it_may_be_something_else(mentions, text, ents):
    assert len(mentions(text, *ents)) == len(ents)


def test_a_missed_name_after_a_paragraph_break_inside_a_numeric_span(mentions):
    text = "Brodiv ordered trams. Speeds fell to 14 km/h.\n\nBrodiv, a port city, runs ferries."
    rows = mentions(text, ("Brodiv", "GPE"), ("14 km/h.\n\nBrodiv", "QUANTITY"))
    assert [(r["char_start"], r["place_cue"]) for r in rows] == [(0, 0.0), (text.rindex("Brodiv"), 2.0)]


def test_a_run_of_capitalised_words_ending_in_an_organisation_word_is_an_organisation(mentions):
    row = one(mentions("A Bluebird Air jet landed safely."))
    assert (row["name"], row["label"], row["resolution"]) == ("Bluebird Air", "ORG", None)
    assert mentions("A Bluebird jet landed safely.") == []


def test_the_short_form_of_a_river_name(mentions):
    text = "The Tamber River rose. Walls along the Tamber held."
    rows = mentions(text, ("Tamber River", "LOC"), ("Tamber", "ORG", 1))
    assert (rows[1]["full_name"], rows[1]["resolution"]) == ("Tamber River", "in_article_feature")
    rows = mentions("The Tamber River rose. Tamber held.", ("Tamber River", "LOC"), ("Tamber", "ORG", 1))
    assert rows[1]["full_name"] is None  # no "the": a town may be named after its river


def test_an_acronym_resolves_even_after_at(mentions):
    text = "The Centre for Grain Research warned. Analysts at CGR agreed."
    rows = mentions(text, ("Centre for Grain Research", "ORG"), ("CGR", "ORG"))
    assert rows[1]["resolution"] == "in_article_acronym"


def test_a_place_sharing_a_first_name_is_not_that_person(mentions):
    text = "Georgia Lenko spoke. Troops left Georgia."
    rows = mentions(text, ("Georgia Lenko", "PERSON"), ("Georgia", "GPE", 1))
    assert rows[1]["full_name"] is None
