import polars as pl
import pytest

from pipelines.text.boilerplate import REASONS, classify


def reasons(*paragraphs: str, article_id: str = "a") -> list[str | None]:
    frame = pl.DataFrame({"article_id": [article_id] * len(paragraphs), "paragraph_index": list(range(len(paragraphs))),
                          "text": list(paragraphs)})
    return classify(frame)["reason"].to_list()


BODY = "The council voted on Tuesday to close the old bridge for repairs."


@pytest.mark.parametrize("line, reason", [
    ("See also  Harbour fire: two boats lost", "see_also"),
    ("READ MORE: Council to review parking fees", "see_also"),
    ("Leave a Reply", "comment_form"),
    ("Your email address will not be published. Required fields are marked *", "comment_form"),
    ("Sign up for our morning newsletter to get the day's news in your inbox.", "newsletter"),
    ("Would you like to receive news notifications from Coast Herald?", "newsletter"),
    ("Follow Reuters coverage of the floods at", "newsletter"),
    ("Want the latest news in your inbox? Sign up for our free daily newsletter.", "newsletter"),
    ("You must be logged in to post a comment.", "comment_form"),
    ("Comments are moderated and will appear once approved.", "comment_form"),
    ("Comments are subject to our community guidelines, which can be viewed here.", "comment_form"),
    ("Our Standards: The Example Trust Principles.", "copyright"),
    ("Advertisement", "advertisement"),
    ("Share this article", "share"),
    ("Share or comment on this article:", "share"),
    ("Example Press writer Jo Bell contributed to this report.", "credit"),
    ("Topics: Floods, Transport, Local politics", "share"),
    ("© 2024 Coast Herald Media. All rights reserved.", "copyright"),
    ("Source: Read Full Article", "source_link"),
    ("Pictured: Residents fill sandbags outside the town hall on Monday.", "caption"),
    ("Left: The old bridge in 1950. Right: The bridge today.", "caption"),
    ("Volunteers clear mud from the high street. (Image: Getty)", "caption"),
    ("The river rose overnight. (Source: Associated Press)", "caption"),
    ("A lifeboat crew at work. Photograph: Sam Ito/Coast Herald", "caption"),
    ("By Jane Roe for MailOnline", "byline"),
    ("Okafor reported from Lagos.", "credit"),
    ("Reporting by Ana Lima; Editing by Tom Hart", "credit"),
    ("firefighters carry hose near burning warehouse", "image_alt"),
    ("Evacuation", "heading"),
    ("Mayor pledges new flood wall after second storm in a week", "related_link"),
    ("Rescue crews wade through the flooded square as residents watch from upper windows of the shops", "caption"),
])
def test_furniture_is_named_by_kind(line, reason):
    assert reasons(BODY, line, "Work starts next month.") == [None, reason, None]


@pytest.mark.parametrize("line", [
    "He declined to comment.",
    "“We will rebuild,” she said.",
    "No.",
    "Why now?",
    "The mayor said:",
    "Residents who subscribe to the council’s alert service got a text at 4 a.m.",
    "See the river rise, they said, and you will never forget it.",
])
def test_body_sentences_stay_even_when_short(line):
    assert reasons(BODY, line) == [None, None]


def test_sidebar_header_takes_the_headline_list_under_it():
    got = reasons(
        BODY,
        "Most read in Coast Herald",
        "Singer cancels tour after fall on stage",
        "Ten best beaches for a family weekend",
        "Council officers said the work would take six weeks.",
    )
    assert got == [None, "sidebar", "sidebar", "sidebar", None]


def test_several_long_sentences_missing_only_the_final_stop_are_body_text():
    unterminated = ("The county has two flood barriers – the first on the estuary, near the old mill, where most of "
                    "the town's homes stand. The second was finished last spring and has never been tested by a storm")
    assert reasons(BODY, unterminated) == [None, None]
    assert reasons(BODY, "Onward to the sea? A lifeboat crew waves from the deck as the boat leaves the harbour at dawn") \
        == [None, "caption"]


def test_sidebar_items_may_be_questions_or_end_in_a_quoted_phrase():
    got = reasons(
        BODY,
        "More on this story",
        "Who runs the harbour now?",
        "Shoppers queue for £5 lamp that ‘looks like it costs £200’",
        "The harbour master said the quay would reopen on Friday.",
    )
    assert got == [None, "sidebar", "sidebar", "sidebar", None]


def test_caption_repeated_as_body_text_keeps_the_body_copy():
    caption = "Two fishing boats were seen drifting past the harbour wall after their moorings snapped"
    body = "Two fishing boats were seen drifting past the harbour wall after their moorings snapped."
    assert reasons(BODY, caption, "Nobody was hurt.", body) == [None, "duplicate", None, None]


def test_exact_duplicate_paragraph_keeps_one_copy():
    twice = "Engineers will inspect every bridge in the county before the winter."
    assert reasons(BODY, twice, "Nobody was hurt.", twice) == [None, None, None, "duplicate"]


def test_caption_contained_in_a_longer_body_paragraph_goes():
    short = "Crews could be seen lifting the stranded cars out of the water with a crane."
    long = ("Later that day the road was reopened. Crews could be seen lifting the stranded cars out of the water "
            "with a crane, while police kept onlookers back.")
    assert reasons(short, BODY, long) == ["duplicate", None, None]


def test_site_furniture_repeated_across_unrelated_articles():
    line = "Got a story? Email the newsdesk today."
    frames = [pl.DataFrame({"article_id": [aid] * 3, "paragraph_index": [0, 1, 2],
                            "text": [f"Story {aid} begins here with news.", f"Story {aid} continues with detail.", line]})
              for aid in "abc"]
    got = classify(pl.concat(frames)).filter(pl.col("text") == line)["reason"].to_list()
    assert got == ["furniture"] * 3


def test_syndicated_copies_are_not_furniture():
    paragraphs = ["The ferry sank near the pier.", "All passengers were rescued.", "An inquiry will follow."]
    frame = pl.concat(pl.DataFrame({"article_id": [aid] * 3, "paragraph_index": [0, 1, 2], "text": paragraphs})
                      for aid in "abc")
    assert classify(frame)["reason"].null_count() == 9


def test_every_reason_is_declared():
    assert len(set(REASONS)) == len(REASONS)
