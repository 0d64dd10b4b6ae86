import datetime as dt

from pipelines.text.paragraphs import split_date_prefix, split_paragraphs, squeeze


def test_date_prefix_on_its_own_line():
    assert split_date_prefix("date 2023-04-05\nHeadline\n\nBody.") == (dt.date(2023, 4, 5), "Headline\n\nBody.")


def test_date_prefix_glued_to_the_first_paragraph():
    date, rest = split_date_prefix(" date 2021-11-30 Rain fell on the port town all week.\n\nMore.")
    assert date == dt.date(2021, 11, 30)
    assert rest.startswith("Rain fell")


def test_impossible_date_is_dropped_but_the_prefix_removed():
    assert split_date_prefix("date 2021-13-45\nText.") == (None, "Text.")


def test_no_prefix():
    assert split_date_prefix("The date was set.") == (None, "The date was set.")


def test_paragraphs_split_on_blank_lines_and_squeeze_space():
    text = "First  line\ncontinues.\n\n \n\nSee also\u00a0 Another  story\n\n\n"
    assert split_paragraphs(text) == ["First line continues.", "See also Another story"]


def test_squeeze_handles_no_break_spaces():
    assert squeeze(" a\u00a0\u00a0b \n c ") == "a b c"
