import pytest

from pipelines.text.number_parsing import digits_value, parse_numeral


def read(phrase: str):
    """(value, words used) of the numeral opening `phrase` (words split on spaces, hyphens as their own word)."""
    words = phrase.lower().replace("-", " - ").split()
    numeral = parse_numeral(words, 0)
    return None if numeral is None else (numeral.value, numeral.end)


@pytest.mark.parametrize("phrase, value, used", [
    ("6000 homes", 6000, 1),
    ("50,000 people", 50000, 1),
    ("2.4 metres", 2.4, 1),
    ("2.2 billion dollars", 2.2e9, 2),
    ("1.2 bn euros", 1.2e9, 2),
    ("45 million zlotys", 45e6, 2),
    ("50 k runners", 50e3, 2),
    ("three people", 3, 1),
    ("nine wounded", 9, 1),
    ("twenty-five protesters", 25, 3),
    ("two hundred and fifty thousand voters", 250_000, 5),
    ("a dozen battalions", 12, 2),
    ("half a dozen eggs", 6, 3),
    ("three dozen eggs", 36, 2),
    ("a billion dollars", 1e9, 2),
    ("half a million people", 500_000, 3),
    ("a hundred thousand homes", 100_000, 3),
    ("one hundred", 100, 2),
    ("5 crore rupees", 5e7, 2),
])
def test_reads_numerals_as_news_writes_them(phrase, value, used):
    assert read(phrase) == (pytest.approx(value), used)


@pytest.mark.parametrize("phrase, share", [
    ("two-thirds of voters", 200 / 3),
    ("one-quarter of the budget", 25),
    ("a third of the city", 100 / 3),
    ("three quarters of residents", 75),
    ("half of the villages", 50),
    ("half the population", 50),
    ("one in five adults", 20),
    ("7 out of 10 voters", 70),
])
def test_fractions_are_shares_in_percent(phrase, share):
    numeral = parse_numeral(phrase.lower().replace("-", " - ").split(), 0)
    assert numeral.is_fraction and numeral.value == pytest.approx(share)


@pytest.mark.parametrize("phrase", [
    "dozens of tanks", "hundreds of km", "thousands of people", "tens of thousands", "a third front",
    "half - way", "a mile", "millions", "1,2 units", "nearly",
])
def test_vague_or_non_numerals_are_not_read(phrase):
    assert read(phrase) is None


def test_the_scale_m_is_left_to_the_caller():
    # "1.2m" may be 1.2 million or 1.2 metres: only the words after it tell
    assert read("1.2 m people") == (1.2, 1)


def test_spelled_numbers_stop_where_the_number_ends():
    assert read("ten five") == (10, 1)
    assert read("twenty five") == (25, 2)


def test_digits_value():
    assert digits_value("1,234,567.5") == 1234567.5
    assert digits_value("-5") == -5
    assert digits_value("12,34") is None
    assert digits_value("T-72") is None
