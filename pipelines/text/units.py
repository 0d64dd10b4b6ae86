"""The closed unit vocabulary of numeric claims: how news spells each unit, and conversion to base units.

Unit phrases are matched on lower-cased words (spaCy tokens, with glued suffixes such as the "km" of "3km" split
off). Conversion factors come from pint, computed once at import, so no factor is written by hand here.
"""
import pint

LENGTHS = ("mm", "cm", "m", "km", "mi", "ft")
AREAS = ("m2", "km2", "mi2", "ha", "acre")
SPEEDS = ("km/h", "mph", "m/s")
MASSES = ("g", "kg", "t", "lb")
DURATIONS = ("second", "minute", "hour", "day", "week", "month", "year")
TEMPERATURES = ("degree_c", "degree_f")
CURRENCIES = ("USD", "EUR", "GBP", "PLN", "UAH", "RUB", "CHF", "JPY", "CNY", "INR", "AUD", "CAD", "NZD", "HKD",
              "SGD", "SEK", "CZK", "HUF", "RON", "TRY", "ILS", "ZAR", "BRL", "MXN", "KRW")
# Units that stay themselves: a count, a share, a magnitude and money (currencies are never converted).
DIMENSIONLESS = ("count", "percent", "magnitude")

UNITS = LENGTHS + AREAS + SPEEDS + MASSES + DURATIONS + TEMPERATURES + DIMENSIONLESS + CURRENCIES
# Temperatures normalise to degree_c, not kelvin: a reader compares "40C" with "104F", never with 313 K.
NORMALIZED_UNITS = ("m", "m2", "m/s", "kg", "s", "degree_c") + DIMENSIONLESS + CURRENCIES

# (pint expression of the unit, base unit code) for every unit that converts.
_PINT = {
    **{u: (name, "m") for u, name in zip(LENGTHS, ("millimeter", "centimeter", "meter", "kilometer", "mile",
                                                   "foot"))},
    **{u: (name, "m2") for u, name in zip(AREAS, ("meter**2", "kilometer**2", "mile**2", "hectare", "acre"))},
    **{u: (name, "m/s") for u, name in zip(SPEEDS, ("kilometer/hour", "mile/hour", "meter/second"))},
    **{u: (name, "kg") for u, name in zip(MASSES, ("gram", "kilogram", "metric_ton", "avoirdupois_pound"))},
    **{u: (u, "s") for u in DURATIONS},  # pint's month is a twelfth of its year of 365.25 days
}
_BASE_PINT = {"m": "meter", "m2": "meter**2", "m/s": "meter/second", "kg": "kilogram", "s": "second"}

# One registry per process: building it parses pint's definition file (~0.1 s), so it is done once, here.
_UREG = pint.UnitRegistry()
# Multiplicative units become a plain factor (a float multiply per claim instead of a pint Quantity).
_FACTORS = {u: (_UREG.Quantity(1.0, name).to(_BASE_PINT[base]).magnitude, base) for u, (name, base) in _PINT.items()}


def normalize(value: float, unit: str) -> tuple[float, str]:
    """(normalized_value, normalized_unit): SI or base units; counts, percentages, magnitudes and money unchanged."""
    if unit in _FACTORS:
        factor, base = _FACTORS[unit]
        return value * factor, base
    if unit == "degree_f":  # an offset unit: only pint's own conversion gets it right
        return _UREG.Quantity(value, _UREG.degF).to(_UREG.degC).magnitude, "degree_c"
    return value, unit


def _spellings(code_to_words: dict[str, tuple[str, ...]]) -> dict[tuple[str, ...], str]:
    return {tuple(w.split()): code for code, words in code_to_words.items() for w in words}


_LENGTH_WORDS = {
    "mm": ("mm", "millimetre", "millimetres", "millimeter", "millimeters"),
    "cm": ("cm", "centimetre", "centimetres", "centimeter", "centimeters"),
    "m": ("m", "metre", "metres", "meter", "meters"),
    "km": ("km", "kms", "kilometre", "kilometres", "kilometer", "kilometers"),
    "mi": ("mi", "mile", "miles"),
    "ft": ("ft", "foot", "feet"),
}
# "km/h" is one token, but "m/s." at a sentence end is three: both spellings are listed.
_PER_HOUR = ("per hour", "an hour", "a hour", "per hr", "an hr", "/ h", "/ hr")
_PER_SECOND = ("per second", "a second", "/ s")

# Every unit phrase (as a tuple of lower-cased words) -> unit code. Longest phrases are tried first.
UNIT_PHRASES: dict[tuple[str, ...], str] = {
    **_spellings(_LENGTH_WORDS),
    **_spellings({area: tuple(f"{sq} {w}" for sq in ("square", "sq", "sq.") for w in _LENGTH_WORDS[length])
                  for area, length in (("m2", "m"), ("km2", "km"), ("mi2", "mi"))}),
    **_spellings({"m2": ("m2", "m²"), "km2": ("km2", "km²"), "mi2": ("mi2",),
                  "ha": ("ha", "hectare", "hectares"), "acre": ("acre", "acres")}),
    **_spellings({"km/h": tuple(f"{w} {p}" for w in _LENGTH_WORDS["km"] for p in _PER_HOUR)
                  + ("km/h", "kph", "kmh", "kmph", "km/hr"),
                  "mph": tuple(f"{w} {p}" for w in _LENGTH_WORDS["mi"] for p in _PER_HOUR) + ("mph",),
                  "m/s": tuple(f"{w} {p}" for w in _LENGTH_WORDS["m"] for p in _PER_SECOND) + ("m/s",)}),
    **_spellings({"g": ("g", "gram", "grams", "gramme", "grammes"),
                  "kg": ("kg", "kgs", "kilogram", "kilograms", "kilogramme", "kilogrammes", "kilo", "kilos"),
                  "t": ("t", "tonne", "tonnes", "ton", "tons", "metric ton", "metric tons"),
                  "lb": ("lb", "lbs", "pound", "pounds")}),
    **_spellings({"second": ("second", "seconds", "sec", "secs"), "minute": ("minute", "minutes", "min", "mins"),
                  "hour": ("hour", "hours", "hr", "hrs", "h"), "day": ("day", "days"), "week": ("week", "weeks"),
                  "month": ("month", "months"), "year": ("year", "years", "yr", "yrs")}),
    **_spellings({"percent": ("%", "percent", "per cent", "percentage point", "percentage points")}),
    **_spellings({"degree_c": ("°c", "° c", "degrees c", "degrees celsius", "degree celsius", "degrees centigrade",
                               "celsius"),
                  "degree_f": ("°f", "° f", "degrees f", "degrees fahrenheit", "degree fahrenheit", "fahrenheit")}),
    **_spellings({"magnitude": ("magnitude", "on the richter scale")}),
}
MAX_UNIT_WORDS = max(map(len, UNIT_PHRASES))

# Units written with one capital letter glued to the number ("40C", "104F"); spaced or lower-case they are letters.
GLUED_CAPITAL_UNITS = {"C": "degree_c", "F": "degree_f"}

# Currency signs and codes written before the amount ("$2.2 billion", "US$5m", "€150m", "PLN 40m").
CURRENCY_PREFIXES = {"$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
                     "hk$": "HKD", "s$": "SGD", "r$": "BRL", "rs": "INR", "rs.": "INR", "£": "GBP", "€": "EUR",
                     "¥": "JPY", "₹": "INR", "₴": "UAH", "₽": "RUB", "₩": "KRW", "₺": "TRY", "₪": "ILS"}
# ISO codes count as currencies only in capitals: "TRY" is the lira, "try" is a verb.
ISO_CODES = frozenset(CURRENCIES)

# Currency names written after the amount ("45 million zlotys", "a billion dollars"), adjective included.
_CURRENCY_WORDS = {
    "USD": ("dollar", "dollars", "us dollars", "u.s. dollars", "american dollars"),
    "AUD": ("australian dollars",), "CAD": ("canadian dollars",), "NZD": ("new zealand dollars",),
    "HKD": ("hong kong dollars",), "SGD": ("singapore dollars",),
    "EUR": ("euro", "euros"),
    "GBP": ("sterling", "pounds sterling", "british pounds"),
    "PLN": ("zloty", "zlotys", "zloties", "złoty", "złotys", "zlotych", "złotych", "zł"),
    "UAH": ("hryvnia", "hryvnias", "hryvnya", "hryvnyas", "hryvnas", "hryvni"),
    "RUB": ("rouble", "roubles", "ruble", "rubles"),
    "CHF": ("swiss francs", "swiss franc"), "JPY": ("yen",), "CNY": ("yuan", "renminbi"),
    "INR": ("rupee", "rupees", "indian rupees"), "SEK": ("swedish kronor", "swedish krona", "kronor"),
    "CZK": ("koruna", "korunas", "czech crowns"), "HUF": ("forint", "forints"), "RON": ("lei", "romanian lei"),
    "TRY": ("lira", "liras", "turkish lira"), "ILS": ("shekel", "shekels"), "ZAR": ("rand",),
    "BRL": ("reais",), "MXN": ("mexican pesos",),
}
CURRENCY_PHRASES: dict[tuple[str, ...], str] = _spellings(_CURRENCY_WORDS)

# Measures outside the vocabulary: a number followed by one of these is not a claim (rather than a count of
# "inches"). "nautical" stops "200 nautical miles" from being read as miles.
OTHER_MEASURES = frozenset({
    "inch", "inches", "yard", "yards", "yd", "nautical", "litre", "litres", "liter", "liters", "l", "ml",
    "gallon", "gallons", "ounce", "ounces", "oz", "degree", "degrees", "°", "knot", "knots", "calorie", "calories",
    "watt", "watts", "kw", "mw", "gw", "kwh", "mwh", "gwh", "kilowatt", "kilowatts", "megawatt", "megawatts",
    "gigawatt", "gigawatts", "volt", "volts", "mb", "gb", "tb", "megabytes", "gigabytes", "hz", "cent", "cents",
    "pence", "p", "decade", "decades", "century", "centuries", "bpm",
})
