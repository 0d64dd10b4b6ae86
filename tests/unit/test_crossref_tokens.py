"""The cross-reference words of a text's start and end equal those of the whole text, across odd white space,
apostrophes and capitals."""
import pytest

from pipelines.crossref.tokens import content_words, first_words, last_content_word, words


@pytest.mark.parametrize("text", [
    "", "   ", "3 km from the border", "  of\u00a0Kyiv’s  outskirts, near the river ", "a b c-d e_f g,h i j k",
    "of the,of the,of the the town", "ΟΔΥΣΣΕΥΣ sailed 3\tkm", "to 1st 2nd 3rd 4th 5th place",
])
@pytest.mark.parametrize("n", [1, 3, 5])
def test_first_words_are_the_first_of_all_words(text, n):
    assert first_words(text, n) == words(text)[:n]


def test_first_words_reads_on_when_the_first_chunks_hold_too_few():
    assert first_words("... -- of the town", 2) == ["of", "the"]
    assert first_words("from Kyiv’s outskirts", 3) == ["from", "kyivs", "outskirts"]


@pytest.mark.parametrize("text, expected", [
    ("Troops advanced to within", "advanced"),  # stop words
    ("in Kyiv’s", "kyivs"),
    ("The town lies", "lies"),
    ("Kyiv’s mayor on 3 of the", "mayor"),  # a number is no content word
    ("in the 2024 of it", None),
    ("", None),
    ("reclaimed,the", "reclaimed"),
])
def test_last_content_word(text, expected):
    assert last_content_word(text) == expected
    found = content_words(text)
    assert last_content_word(text) == (found[-1] if found else None)
