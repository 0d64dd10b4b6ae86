from pipelines.text.head import find_byline, find_dateline, find_furniture_outlet, is_headline, parse_head, split_title


def test_headline_is_a_short_line_without_a_full_stop():
    assert is_headline("Floods close the coast road")
    assert not is_headline("Floods closed the coast road on Monday, officials said.")
    assert not is_headline(" ".join(["word"] * 40))


def test_site_suffix_is_the_outlet():
    assert split_title("Bridge reopens after repairs | The Daily Ledger") == ("Bridge reopens after repairs", "The Daily Ledger")
    assert split_title("Bridge reopens - BBC News") == ("Bridge reopens", "BBC News")
    # a dash inside a headline is not a site name
    assert split_title("Storm hits – and more to come") == ("Storm hits – and more to come", None)


def test_dateline_with_agency():
    assert find_dateline(["PORTMERE, Calveria (Reuters) — Ships were held in port."]) == ("PORTMERE, Calveria", "Reuters")
    assert find_dateline(["LONDON — Rain again."]) == ("LONDON", None)
    assert find_dateline(["The UN said it would help."]) == (None, None)


def test_byline_and_its_outlet():
    assert find_byline(["By Jane Roe for MailOnline", "Text."]) == ("Jane Roe", "MailOnline")
    assert find_byline(["By Jane Roe For Example Online", "Text."]) == ("Jane Roe", "Example Online")
    assert find_byline(["By Jane Roe, Science Editor"]) == ("Jane Roe", None)
    assert find_byline(["Body.", "Okafor reported from Lagos."]) == ("Okafor", None)
    assert find_byline(["Reporting by Ana Lima; Editing by Tom Hart"]) == ("Ana Lima", None)
    assert find_byline(["By the river, the town waited."]) == (None, None)


def test_outlet_from_site_furniture():
    assert find_furniture_outlet(["Body text.", "Most read in The Daily Ledger"]) == "The Daily Ledger"
    assert find_furniture_outlet(["Would you like to receive news notifications from Evening Post?"]) == "Evening Post"
    assert find_furniture_outlet(["Follow Reuters election coverage at"]) == "Reuters"
    assert find_furniture_outlet(["Copyright © 2024 Harbour Times. All rights reserved."]) == "Harbour Times"
    assert find_furniture_outlet(["Sign up for the Valley Echo’s free daily newsletter."]) == "Valley Echo"
    assert find_furniture_outlet(["Advertisement", "Body text."]) is None


def test_parse_head_prefers_the_title_suffix():
    head, skip = parse_head(["Port strike ends | Coast Herald", "DOVERTON (AP) — The strike ended.", "By Sam Ito for Metro"])
    assert skip == 1
    assert (head.title, head.outlet, head.byline, head.dateline) == ("Port strike ends", "Coast Herald", "Sam Ito", "DOVERTON")
