"""Event dates relative to the publication date, and publication dates from metadata."""

from __future__ import annotations

import pytest

from claimtrack.dates import find_dates, may_hold_dates, parse_published
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline

PUBLISHED = "2024-06-20T05:19"  # a Thursday


def dates(text: str, published: str | None = PUBLISHED) -> list[tuple[str, str | None, str | None]]:
    out = []
    for d in find_dates(text, 0, len(text), published):
        assert text[d.phrase.start : d.phrase.end] == d.phrase.text  # offsets index the text
        out.append((d.phrase.text, d.date, d.end))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry spoke on June 5th local time.", [("June 5th", "2024-06-05", None)]),
        ("The attack began on the morning of the 4th.", [("the morning of the 4th", "2024-06-04", None)]),
        # the 25th of June is after publication: the 25th of the month before
        ("Talks ended on the 25th.", [("the 25th", "2024-05-25", None)]),
        ("The report appeared on June 2nd.", [("June 2nd", "2024-06-02", None)]),
        ("They worked from February 10th to 4th this year.", [("from February 10th to 4th", "2024-02-10", "2024-03-04"),
                                                               ("this year", "2024-01-01", None)]),
        ("They worked from February 10th to 14th.", [("from February 10th to 14th", "2024-02-10", "2024-02-14")]),
        ("Outages lasted from the night of the 3rd to the morning of the 4th.",
         [("from the night of the 3rd to the morning of the 4th", "2024-06-03", "2024-06-04")]),
        ("He last visited 24 years ago in 2000.", [("24 years ago in 2000", "2000-01-01", None)]),
        ("The vote took place on Tuesday.", [("Tuesday", "2024-06-18", None)]),
        # a weekday that is the publication day is that day, not a week before
        ("The vote took place on Thursday.", [("Thursday", "2024-06-20", None)]),
        ("Rain fell yesterday.", [("yesterday", "2024-06-19", None)]),
        ("The attacks of Sept. 11, 2001 changed aviation.", [("Sept. 11, 2001", "2001-09-11", None)]),
        ("The referendum was held on 8 September.", [("8 September", "2023-09-08", None)]),
        ("Prices have risen since March 2022.", [("March 2022", "2022-03-01", None)]),
        ("No dates in this sentence at all, only 17% and $72.", []),
        # months and periods without a day: their first day, relative to publication
        ("Prices have risen since early March.", [("early March", "2024-03-01", None)]),
        ("The plant closed in December.", [("December", "2023-12-01", None)]),
        ("The vote will be held in December.", [("December", "2024-12-01", None)]),
        ("Talks collapsed last week.", [("last week", "2024-06-13", None)]),
        ("The plant closed last year.", [("last year", "2023-01-01", None)]),
        ("He may resign, officials said.", []),  # "may" is not a month
        # a weekday in a clause about the future is the coming one (published Thursday 2024-06-20)
        ("The drills will last until Saturday, the navy said.", [("Saturday", "2024-06-22", None)]),
        ("Voting resumes next Monday.", [("Monday", "2024-06-24", None)]),
        # "will resume on Thursday" in a Thursday story is that day (news names today's weekday too)
        ("The talks will resume on Thursday, the envoy said on Tuesday.",
         [("Thursday", "2024-06-20", None), ("Tuesday", "2024-06-18", None)]),
        ("The vote will be held on Saturday.", [("Saturday", "2024-06-22", None)]),
        ("Forecasters expect more rain on Friday.", [("Friday", "2024-06-21", None)]),
        # a future word that does not govern the weekday: the past one
        ("The next round began on Monday.", [("Monday", "2024-06-17", None)]),
        ("He said he will not comment on what happened on Monday.", [("Monday", "2024-06-17", None)]),
        ("Voting resumes next Thursday.", [("Thursday", "2024-06-27", None)]),
        # a day of a month in a clause about the future is the coming one
        ("The judge set a trial date for March 3.", [("March 3", "2025-03-03", None)]),
        ("The trial began on March 3.", [("March 3", "2024-03-03", None)]),
        ("She will speak after the debate held since March 3.", [("March 3", "2024-03-03", None)]),
        ("The drills lasted until Saturday.", [("Saturday", "2024-06-15", None)]),
        ("The vote took place last Thursday.", [("Thursday", "2024-06-13", None)]),
    ],
)
def test_event_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("The attack began on the morning of the 4th.", "the morning of the 4th"),
        ("The vote took place on Tuesday.", "Tuesday"),
        ("The ministry spoke on June 5th local time.", "June 5th"),
        ("Three years ago the plant closed.", "Three years ago"),
    ],
)
def test_relative_dates_without_a_publication_date_keep_the_phrase(text, phrase):
    assert dates(text, None) == [(phrase, None, None)]


@pytest.mark.parametrize(
    "text",
    ["The council voted to close the plant, officials said.", "He may resign, she told reporters.",
     "The attack began on the morning of the 4th.", "Talks collapsed last week.", "It rained on Tuesday.",
     "Three years ago the plant closed.", "The vote is today.", "Prices have risen since early March."],
)
def test_may_hold_dates_is_false_only_where_no_part_of_the_text_holds_a_date(text):
    """The pipeline skips the date search for a sentence (and every claim in it) when this says False."""
    parts = [(i, j) for i in range(0, len(text), 3) for j in range(i + 1, len(text) + 1, 4)] + [(0, len(text))]
    found = any(find_dates(text, i, j, "2024-06-20") for i, j in parts)
    if not may_hold_dates(text):
        assert not found
    assert may_hold_dates(text) == bool(find_dates(text, 0, len(text), "2024-06-20")) or "may" in text


def test_impossible_date_is_kept_as_text():
    assert dates("The deal was signed on Feb 30.") == [("Feb 30", None, None)]


def test_absolute_dates_resolve_without_a_publication_date():
    assert dates("The law passed in 2019.", None) == [("2019", "2019-01-01", None)]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Release time:Jun 20, 2024 05:19 AM", "2024-06-20T05:19"),
        ("Updated 9:12 AM EST, Mon January 15, 2024", "2024-01-15T09:12"),
        ("Published: 14:05 GMT, 22 March 2023", "2023-03-22T14:05"),
        ("Friday, 12 April 2024", "2024-04-12"),
        ("2024-06-20 10:15:33", "2024-06-20T10:15"),
        ("2024-06-20T05:19:00Z", "2024-06-20T05:19"),
        ("Published on 03.11.2023, 18:40", "2023-11-03T18:40"),  # dotted dates are day first
        ("Posted on 7 November 2022 by admin", "2022-11-07"),
        ("2 hours ago", None),  # no year: not a publication date
        ("", None),
        (None, None),
    ],
)
def test_parse_published(raw, expected):
    assert parse_published(raw) == expected


def test_published_option_anchors_relative_dates():
    doc = RawDocument("x", "Officials said the bridge reopened on Tuesday.", published="2025-05-08")
    claim = Pipeline().analyse(doc).stories[0].sentences[0].claims[0]
    assert claim.event_date.date == "2025-05-06"
    assert claim.event_date.phrase.text == "Tuesday"


def test_unresolved_date_is_stored_as_text_without_date():
    doc = RawDocument("x", "The bridge reopened on Tuesday after 14 months of repairs.")
    claim = Pipeline().analyse(doc).stories[0].sentences[0].claims[0]
    assert claim.event_date is not None
    assert (claim.event_date.phrase.text, claim.event_date.date) == ("Tuesday", None)
    assert claim.to_json()["event_date_phrase"]["text"] == "Tuesday"


@pytest.mark.parametrize("published, expected", [
    ("2024-06-20", "2024-06-05"),  # earlier this month
    ("2024-06-05", "2024-06-05"),  # the day itself
    ("2024-06-04", "2024-06-05"),  # tomorrow: news speaks of the near future too
    ("2024-04-10", "2024-06-05"),  # 56 days ahead: still this year
    ("2024-03-01", "2023-06-05"),  # months ahead: last year's
    ("2025-01-15", "2024-06-05"),  # in January, last June
])
def test_a_day_without_a_year_resolves_against_each_articles_date(published, expected):
    text = "The ferry sailed on June 5, officials said."
    (found,) = find_dates(text, 0, len(text), published)
    assert (found.phrase.text, found.date) == ("June 5", expected)
