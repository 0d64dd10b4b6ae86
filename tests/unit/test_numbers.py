import pytest

from pipelines.text.nlp import load_pipeline
from pipelines.text.numbers import NORMALIZED_UNITS, QUALIFIERS, SCHEMA, UNITS, extract_claims


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


def claims_of(nlp, text):
    return extract_claims(nlp(text))


def claim(nlp, text, fragment):
    """The one claim whose text contains `fragment`."""
    found = [c for c in claims_of(nlp, text) if fragment in c["text"]]
    assert len(found) == 1, (fragment, claims_of(nlp, text))
    return found[0]


@pytest.mark.parametrize("text, fragment, value, unit", [
    ("The village lies 3km from the frontier.", "3km", 3, "km"),
    ("Workers built a 2.4-metre fence around the depot.", "2.4-metre", 2.4, "m"),
    ("Officials said 50,000 residents had registered.", "50,000", 50_000, "count"),
    ("The flood damaged 6000 homes in the valley.", "6000", 6000, "count"),
    ("The war has displaced 1.2m refugees so far.", "1.2m", 1.2e6, "count"),
    ("Engineers installed a 1.2m barrier along the canal.", "1.2m", 1.2, "m"),
    ("The ministry announced $2.2 billion in aid.", "$2.2 billion", 2.2e9, "USD"),
    ("The council borrowed €150m to rebuild the bridge.", "€150m", 150e6, "EUR"),
    ("The mayor of Dobrzyn set aside 40m złoty for schools.", "40m złoty", 40e6, "PLN"),
    ("The region will receive 45 million zlotys next year.", "45 million zlotys", 45e6, "PLN"),
    ("Analysts say the fleet lost close to a billion dollars of equipment.", "a billion dollars", 1e9, "USD"),
    ("The bank lent the firm £1.2bn last spring.", "£1.2bn", 1.2e9, "GBP"),
    ("The charity raised US$5m for the clinic.", "US$5m", 5e6, "USD"),
    ("The farmers were paid 500 UAH per day.", "500 UAH", 500, "UAH"),
    ("Three volunteers carried the boxes.", "Three", 3, "count"),
    ("The shelling left nine wounded in Malyn.", "nine", 9, "count"),
    ("Around a dozen drones were shot down overnight.", "a dozen", 12, "count"),
    ("Two-thirds of the respondents backed the mayor.", "Two-thirds", 200 / 3, "percent"),
    ("Prices in the capital rose 12% in a year.", "12%", 12, "percent"),
    ("Support fell to 31 per cent in the latest poll.", "31 per cent", 31, "percent"),
    ("The fire destroyed 40 square miles of forest.", "40 square miles", 40, "mi2"),
    ("The reserve covers 120 square kilometres of wetland.", "120 square kilometres", 120, "km2"),
    ("Gusts reached 90 km per hour on the coast.", "90 km per hour", 90, "km/h"),
    ("The train slowed to 30mph near the station.", "30mph", 30, "mph"),
    ("Some 25 millimetres of rain fell overnight.", "25 millimetres", 25, "mm"),
    ("The convoy delivered 300 tonnes of flour.", "300 tonnes", 300, "t"),
    ("Customs seized 3.5kg of heroin at the port.", "3.5kg", 3.5, "kg"),
    ("The talks lasted 10 days.", "10 days", 10, "day"),
    ("A 15-year-old girl was rescued from the river.", "15-year-old", 15, "year"),
    ("A woman aged 62 was treated for burns.", "62", 62, "year"),
    ("The depot was hit six times on Sunday.", "six times", 6, "count"),
    ("A magnitude 6.4 earthquake struck the island.", "magnitude 6.4", 6.4, "magnitude"),
    ("The quake measured 5.1 on the Richter scale.", "5.1 on the Richter scale", 5.1, "magnitude"),
    ("Temperatures in the city hit 40C on Monday.", "40C", 40, "degree_c"),
])
def test_forms_news_writes(nlp, text, fragment, value, unit):
    c = claim(nlp, text, fragment)
    assert c["value"] == pytest.approx(value) and c["unit"] == unit


@pytest.mark.parametrize("text, fragment, low, high, unit", [
    ("The new line will run 252 to 287 miles.", "252 to 287 miles", 252, 287, "mi"),
    ("Patrols were posted every 10-15 km.", "10-15 km", 10, 15, "km"),
    ("Between 20 and 30 villages lost power.", "20 and 30", 20, 30, "count"),
    ("The package could cost 2 to 3 billion euros.", "2 to 3 billion euros", 2e9, 3e9, "EUR"),
    ("The strike lasted two or three days.", "two or three days", 2, 3, "day"),
    ("The bank set a range of 4.5% to 4.75%.", "4.5% to 4.75%", 4.5, 4.75, "percent"),
])
def test_ranges_give_the_lower_bound_and_value_high(nlp, text, fragment, low, high, unit):
    c = claim(nlp, text, fragment)
    assert (c["value"], c["value_high"], c["unit"]) == (pytest.approx(low), pytest.approx(high), unit)


@pytest.mark.parametrize("text", [
    "Inflation fell from 15% to 10% in a year.",
    "Bread rose from 4 to 6 zlotys a loaf.",
])
def test_a_change_from_one_value_to_another_is_no_range(nlp, text):
    assert [c["value_high"] for c in claims_of(nlp, text)] == [None, None]


def test_a_numeral_inside_a_counted_phrase_is_read_once(nlp):
    assert [c["text"] for c in claims_of(nlp, "The firm sold 20 million iPhone 14 handsets.")] == [
        "20 million iPhone 14 handsets"]


def test_ratios_are_shares(nlp):
    c = claim(nlp, "One in five residents has left the town.", "One in five")
    assert (c["value"], c["unit"], c["subject"]) == (20, "percent", "residents")


@pytest.mark.parametrize("text, qualifier", [
    ("More than 40 firefighters were called.", "more than"),
    ("Over 300 people attended the rally.", "over"),
    ("Nearly 80 homes were flooded.", "nearly"),
    ("The march covered almost 20 km.", "almost"),
    ("About 3,000 troops took part.", "about"),
    ("Around eight miles of road were closed.", "around"),
    ("Roughly 150 vehicles were stuck.", "roughly"),
    ("Some 600 square kilometres were mined.", "some"),
    ("An estimated 70 soldiers surrendered.", "estimated"),
    ("At least 12 people were hurt.", "at least"),
    ("Up to 400 tonnes of grain rotted.", "up to"),
    ("Troops advanced as far as 8km into the district.", "as far as"),
    ("The unit was within just 5 km of the river.", "within"),
    ("Less than 5% of ballots were spoiled.", "less than"),
    ("The blast was heard 40 or more miles away.", "or more"),
    ("Officials counted 50,000-plus marchers.", "or more"),
])
def test_qualifiers(nlp, text, qualifier):
    found = claims_of(nlp, text)
    assert len(found) == 1 and found[0]["qualifier"] == qualifier
    assert found[0]["qualifier"] in QUALIFIERS


@pytest.mark.parametrize("text, fragment, subject", [
    ("Officials said more than 8,000 Dutch farmers had protested.", "8,000", "Dutch farmers"),
    ("Troops retook 200 square miles of farmland in a week.", "200 square miles", "farmland"),
    ("The police station in Horodok, a town of 12,000, was hit.", "12,000", "town population"),
    ("The government approved $3 billion in military aid.", "$3 billion", "military aid"),
    ("The army lost almost a million euros worth of drones.", "a million euros", "drones"),
    ("Workers built a 3-metre wall along the border.", "3-metre", "wall"),
    ("A 17-year-old boy was arrested.", "17-year-old", "boy age"),
    ("The district council cut spending by 5%.", "5%", "spending"),
    ("Five were killed and seven injured in the attack.", "seven", "injured"),
    ("The troops moved 10km into the forest.", "10km", None),
    ("Fans filled a 60,000-seat stadium.", "60,000-seat", "stadium"),
    ("The column was shelled three times more than before.", "three times", "times"),
])
def test_subjects_from_the_parse(nlp, text, fragment, subject):
    assert claim(nlp, text, fragment)["subject"] == subject


@pytest.mark.parametrize("text", [
    "The offensive began on May 10 near the river.",
    "The first strike came at 4:12 a.m. on a Sunday.",
    "The plant opened in 1983 and closed later.",
    "Russia invaded on February 24 of that year.",
    "Talks resumed on 12 September in Geneva.",
    "Sirens sounded at 7pm across the city.",
    "The 3rd Mountain Rifle Corps was pulled back.",
    "Farmers found rusting T-64 hulls near the lake.",
    "The 42nd brigade fell back to the river.",
    "Engineers fixed the Su-25 before dawn.",
    "The M-14 highway was closed for repairs.",
    "The Boeing 737 landed safely.",
    "He lives at No. 10 on the main square.",
    "The meeting discussed Article 5 of the treaty.",
    "For details call 555-123-4567 today.",
    "Readers may phone +44 20 7946 0958 with tips.",
    "Dozens of people were injured and thousands of homes lost power.",
    "Hundreds of km of road were damaged.",
    "One of the drones hit a school.",
    "The visitors won 3-1 in the final.",
    "Covid-19 restrictions were lifted.",
    "The two-way street was reopened.",
    "The war started five years ago.",
    "The report was filed on 2022-09-14 and updated on 14/09/2022.",
    "Officers answered the 999 call within minutes.",
])
def test_numbers_that_state_no_quantity(nlp, text):
    assert claims_of(nlp, text) == []


def test_measures_outside_the_vocabulary_are_skipped_not_counted(nlp):
    assert [c["text"] for c in claims_of(nlp, "The suspect is 6ft 2in tall and carried 3 litres of fuel.")] == ["6ft"]


def test_list_markers_are_not_claims(nlp):
    text = "1. Evacuate the building.\n\n2) Wait for the all-clear."
    assert claims_of(nlp, text) == []


def test_a_lone_one_is_no_claim_but_one_with_a_unit_is(nlp):
    assert claims_of(nlp, "In one video a soldier waves.") == []
    assert claim(nlp, "The column stopped one mile from the bridge.", "one mile")["unit"] == "mi"


def test_age_beside_a_name(nlp):
    c = claim(nlp, "The driver, Anna Kowalska, 32, was unhurt.", "32")
    assert (c["unit"], c["subject"]) == ("year", "Anna Kowalska age")
    c = claim(nlp, "“We will open again in May,” said the baker Piotr Nowak, 51. “The ovens survived.”", "51")
    assert (c["unit"], c["subject"]) == ("year", "baker Piotr Nowak age")


def test_currencies_are_not_converted_and_measures_are(nlp):
    found = claims_of(nlp, "The 1,000-mile pipeline cost £800m and carries oil at 5 m/s to the port.")
    got = {c["unit"]: (c["normalized_value"], c["normalized_unit"]) for c in found}
    assert got["mi"] == (pytest.approx(1_609_344), "m")
    assert got["GBP"] == (8e8, "GBP")
    assert got["m/s"] == (5, "m/s")


def test_columns_offsets_and_vocabulary(nlp):
    text = ("Engineers said nearly 30 miles of track, worth $675 million, were rebuilt.\n\n"
            "About 2,000 workers joined, and 12% of them were women.")
    found = claims_of(nlp, text)
    assert [c["text"] for c in found] == ["nearly 30 miles", "$675 million", "About 2,000 workers", "12%"]
    for c in found:
        assert text[c["char_start"]:c["char_end"]] == c["text"]
        assert c["unit"] in UNITS and c["normalized_unit"] in NORMALIZED_UNITS
        assert c["text"] in c["sentence"]
        assert list(c) == list(SCHEMA)
