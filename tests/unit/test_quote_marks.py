"""Where quotations open and close: quote marks as news prints them (pure strings, no spaCy)."""
from pipelines.text.quote_marks import find_quoted_spans, paragraph_spans


def wordings(text: str) -> list[str]:
    return [text[s.start:s.end] for s in find_quoted_spans(text)]


def test_straight_and_curly_double_marks():
    assert wordings('He said "we stay" and left. “We go,” she said.') == ["we stay", "We go,"]


def test_mismatched_double_marks_still_pair():
    assert wordings('“The rules have changed" since spring, said Ihor.') == ["The rules have changed"]


def test_british_single_marks_around_apostrophes():
    text = "‘Kyiv’s streets are quiet and we don’t go out,’ said Olha Savchuk."
    assert wordings(text) == ["Kyiv’s streets are quiet and we don’t go out,"]


def test_plural_possessive_inside_a_single_quote_is_not_its_end():
    text = "‘The soldiers’ families want news,’ Olha said."
    assert wordings(text) == ["The soldiers’ families want news,"]


def test_closing_mark_after_a_plural_closes_when_nothing_else_can():
    text = "She claimed only ‘a few empty farms’ were lost. ‘We hold the rest,’ she said."
    assert wordings(text) == ["a few empty farms", "We hold the rest,"]


def test_plural_possessive_outside_quotes_opens_nothing():
    assert wordings("The soldiers’ canteen was empty, and the villagers' homes were cold.") == []


def test_straight_single_marks():
    assert wordings("'We will rebuild,' the mayor said of the town's school.") == ["We will rebuild,"]


def test_elided_decade_is_not_a_quote_mark():
    assert wordings("Back in the ’90s, ‘nothing worked,’ he said.") == ["nothing worked,"]


def test_quote_inside_a_quote_belongs_to_it():
    text = "She said: \"They shouted 'run' at us.\" Then she left."
    assert wordings(text) == ["They shouted 'run' at us."]


def test_quote_over_two_paragraphs_is_one_span():
    text = 'Olena said: "We left at dawn.\n\n"Nobody came back for us." The road was empty.'
    spans = find_quoted_spans(text)
    assert len(spans) == 1
    assert text[spans[0].start:spans[0].end] == 'We left at dawn.\n\n"Nobody came back for us.'
    assert spans[0].close_mark == text.index('us."') + 3


def test_missing_closing_mark_recovers_up_to_the_paragraph_end():
    text = '"Repairs will take a year, the engineers said.\n\nAnalysts agreed.'
    spans = find_quoted_spans(text)
    assert [text[s.start:s.end] for s in spans] == ["Repairs will take a year, the engineers said."]
    assert spans[0].close_mark is None


def test_a_quote_reopened_before_closing_ends_there():
    text = '"We are tired, he said. "We want to go home."'
    assert wordings(text) == ["We are tired, he said.", "We want to go home."]


def test_paragraph_spans():
    assert paragraph_spans("one\n\ntwo\n\nthree") == [(0, 3), (5, 8), (10, 15)]
