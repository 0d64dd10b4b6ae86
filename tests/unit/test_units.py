import pytest

from pipelines.text.units import (CURRENCIES, CURRENCY_PHRASES, CURRENCY_PREFIXES, GLUED_CAPITAL_UNITS,
                                  NORMALIZED_UNITS, UNIT_PHRASES, UNITS, normalize)


@pytest.mark.parametrize("value, unit, expected, base", [
    (3, "km", 3000, "m"),
    (2, "mi", 3218.688, "m"),
    (20, "mm", 0.02, "m"),
    (6, "ft", 1.8288, "m"),
    (385, "mi2", 385 * 2_589_988.110336, "m2"),
    (6000, "km2", 6e9, "m2"),
    (12, "ha", 120_000, "m2"),
    (90, "km/h", 25, "m/s"),
    (70, "mph", 31.2928, "m/s"),
    (5, "t", 5000, "kg"),
    (200, "g", 0.2, "kg"),
    (10, "lb", 4.5359237, "kg"),
    (10, "day", 864_000, "s"),
    (1, "year", 365.25 * 86400, "s"),
    (104, "degree_f", 40, "degree_c"),
    (-5, "degree_c", -5, "degree_c"),
])
def test_normalizes_to_si_or_base_units(value, unit, expected, base):
    normalized, normalized_unit = normalize(value, unit)
    assert normalized == pytest.approx(expected) and normalized_unit == base


@pytest.mark.parametrize("unit", ["USD", "PLN", "count", "percent", "magnitude"])
def test_money_counts_shares_and_magnitudes_stay_themselves(unit):
    assert normalize(2.2e9, unit) == (2.2e9, unit)


def test_every_unit_normalizes_into_the_closed_vocabulary():
    for unit in UNITS:
        assert normalize(1.0, unit)[1] in NORMALIZED_UNITS


def test_every_spelling_maps_into_the_closed_vocabulary():
    codes = {*UNIT_PHRASES.values(), *GLUED_CAPITAL_UNITS.values()}
    assert codes <= set(UNITS)
    assert {*CURRENCY_PHRASES.values(), *CURRENCY_PREFIXES.values()} <= set(CURRENCIES)


@pytest.mark.parametrize("phrase, unit", [
    ("square miles", "mi2"), ("sq km", "km2"), ("km per hour", "km/h"), ("kilometres an hour", "km/h"),
    ("mph", "mph"), ("millimetres", "mm"), ("tonnes", "t"), ("per cent", "percent"), ("%", "percent"),
    ("degrees celsius", "degree_c"), ("metres per second", "m/s"), ("acres", "acre"),
])
def test_unit_phrases(phrase, unit):
    assert UNIT_PHRASES[tuple(phrase.split())] == unit


@pytest.mark.parametrize("phrase, code", [
    ("złoty", "PLN"), ("zlotys", "PLN"), ("dollars", "USD"), ("canadian dollars", "CAD"), ("hryvnias", "UAH"),
    ("roubles", "RUB"), ("euros", "EUR"),
])
def test_currency_names(phrase, code):
    assert CURRENCY_PHRASES[tuple(phrase.split())] == code
