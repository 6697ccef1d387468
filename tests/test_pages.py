"""Page structure: stories, titles, tag tails, repeated headlines, metadata lines (tests/fixtures/scraped-related.txt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrack.model import RawDocument
from claimtrack.pages import label_lines, meta_of, split_stories, split_tag_tail
from claimtrack.pipeline import Pipeline

PAGE = Path(__file__).parent / "fixtures" / "scraped-related.txt"


@pytest.fixture(scope="module")
def analysis():
    return Pipeline().analyse(RawDocument(str(PAGE), PAGE.read_text("utf-8")))


def test_page_splits_into_article_and_related_stories(analysis):
    titles = [s.title for s in analysis.stories]
    assert titles == [
        "Four lessons from the Danube grain talks",
        "Floods close two bridges in Passau, 3 injured.",
        "Ferry operators weigh new routes on the upper Rhine",  # glued first tag "Shipping" split off
    ]


def test_story_metadata_from_lines(analysis):
    main = analysis.stories[0]
    assert main.published == "2025-03-14T09:42"
    assert main.byline == "Ilse Novak"
    assert [ln.kind for ln in main.lines][:3] == ["title", "metadata", "metadata"]


def test_junk_lines_are_not_claims_nor_duplicates(analysis):
    sentences = [s for st in analysis.stories for s in st.sentences]
    by_text = {}
    for s in sentences:
        by_text.setdefault(s.text, []).append(s)
    # the repeated headline is boilerplate, the tag tail too; only the first headline is a title
    repeated = by_text["Floods close two bridges in Passau, 3 injured. Flood | Germany | Weather"]
    assert [s.kind for s in repeated] == ["boilerplate"]
    assert by_text["Flood | Germany | Weather"][0].kind == "boilerplate"
    assert by_text["Share this article"][0].kind == "boilerplate"
    for s in sentences:
        if s.kind in ("boilerplate", "metadata"):
            assert not s.claims, s.text
        if " | " in s.text:
            assert s.kind == "boilerplate" and not s.claims
    assert by_text["Release time:Mar 14, 2025 09:42 AM"][0].kind == "metadata"
    assert by_text["Editor: Karl Wenz"][0].kind == "metadata"


def test_list_markers_join_their_item(analysis):
    texts = [s.text for s in analysis.stories[0].sentences]
    assert "1. Keep the river open to all merchant ships." in texts
    assert "1." not in texts


def test_related_stories_resolve_dates_against_the_page_date(analysis):
    floods = analysis.stories[1]
    assert floods.published is None  # the page does not say when the related item was published
    dates = {d.phrase.text: (d.date, d.end) for s in floods.sentences for c in s.claims for d in c.dates}
    assert dates["the morning of the 13th"] == ("2025-03-13", None)
    assert dates["from the 10th to 13th"] == ("2025-03-10", "2025-03-13")


def test_tag_tail_split():
    assert split_tag_tail("Storm hits coast | Weather | Finland") == len("Storm hits coast")
    line = "A man died in the floods. Typhoon Mawa caused 2 deaths. Earthquake | Time | Typhoon"
    assert line[: split_tag_tail(line)] == "A man died in the floods. Typhoon Mawa caused 2 deaths."
    assert split_tag_tail("No tags here, just a sentence.") is None
    # a glued first tag is split off only when the page's other tails show one more tag
    glued = "Crew returns after half a Year Shenzhou | Experiment | Crew"
    assert glued[: split_tag_tail(glued, 3)] == "Crew returns after half a Year"
    assert split_tag_tail(glued) == len("Crew returns after half a Year Shenzhou")
    kept = "Army launched an attack on Donbass | Ukraine | Army"
    assert split_tag_tail(kept, 3) == len("Army launched an attack on Donbass")  # after a function word
    place = "Putin arrives in North Korea | Russia | Asia"
    assert split_tag_tail(place, 3) == len("Putin arrives in North Korea")  # a place name stays whole


def test_navigation_tag_line_is_boilerplate_not_a_title():
    text = "Elections | Europe | Far right\n\nVoters in Lisbon elected a new mayor on Sunday."
    kinds = [ln.kind for ln in label_lines(text)]
    assert kinds[0] == "boilerplate"
    assert len(split_stories(text)) == 1


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Release time:Jun 20, 2024 05:19 AM", {"published_raw": "Jun 20, 2024 05:19 AM", "label": "Release time"}),
        ("Updated 9:12 AM EST, Mon January 15, 2024", {"published_raw": "9:12 AM EST, Mon January 15, 2024",
                                                       "label": "Updated"}),
        ("By Maria Gonzalez and Tom Hale", {"byline": "Maria Gonzalez and Tom Hale"}),
        ("Friday, 12 April 2024", {"published_raw": "Friday, 12 April 2024", "label": None}),
        ("Source: Xinhua", {"field": "Source: Xinhua"}),
        ("By continuing to browse, you agree to our use of cookies.", None),
        ("The minister arrived by train on Monday.", None),
    ],
)
def test_meta_of(line, expected):
    assert meta_of(line) == expected


def test_updated_line_dates_a_story_only_without_a_publication_line():
    text = "Water levels fall\n\nUpdated: 21 June 2024 10:00\nPublished: 20 June 2024 08:00\n\nThe river fell 40 cm."
    story = Pipeline().analyse(RawDocument("x", text)).stories[0]
    assert story.published == "2024-06-20T08:00"
    only_update = "Water levels fall\n\nUpdated: 21 June 2024 10:00\n\nThe river fell 40 cm."
    assert Pipeline().analyse(RawDocument("x", only_update)).stories[0].published == "2024-06-21T10:00"


def test_known_title_from_metadata_is_not_repeated_as_body():
    doc = RawDocument("x", "Port strike ends\nDockworkers ended a 9-day strike.", format="jsonl", title="Port strike ends")
    story = Pipeline().analyse(doc).stories[0]
    assert story.title == "Port strike ends"
    assert story.title_span == (0, 16)  # the body's first line is the record's title, not a second headline
    assert [s.text for s in story.sentences] == ["Port strike ends", "Dockworkers ended a 9-day strike."]


def test_metadata_sentence_inside_prose_carries_no_claim():
    text = ("Storm hits coast\n\nThe storm hit the coast on Monday. "
            "Associated Press writers Jill Lawless said they contributed to this report.")
    sentences = Pipeline().analyse(RawDocument("x", text)).stories[0].sentences
    credit = sentences[-1]
    assert credit.text.startswith("Associated Press writers")
    assert credit.kind == "metadata" and credit.claims == ()


@pytest.mark.parametrize("text, byline", [
    ("OSLO, May 2 (Reuters) - The ferry strike ended on Tuesday, the union said.\n", "Reuters"),
    ("Ferry strike ends\n\nSource: Xinhua\n\nOSLO -- The ferry strike ended on Tuesday, the union said.\n", "Xinhua"),
    ("By Ada Berg\n\nOSLO (AP) — The ferry strike ended on Tuesday, the union said.\n", "Ada Berg"),  # a byline wins
    ("OSLO (Acme Weekly Gazette Ltd) - The ferry strike ended, the union said.\n", None),  # not a known outlet
])
def test_a_wire_credit_is_the_byline_when_none_is_given(text, byline):
    story = Pipeline().analyse(RawDocument("w.txt", text)).stories[0]
    assert story.byline == byline


def test_a_headline_repeated_under_its_tagged_line_is_boilerplate_and_keeps_its_last_word():
    text = ("Dam levels fall across the region\n\nThe water board said levels fell by a third.\n\n"
            "Ferry union rejects pay offer near Tromso | Norway | Labour\n"
            "Ferry union rejects pay offer near Tromso\n"
            "The ferry union on Monday rejected the offer, its leader said.\n\n"
            "Port opens new terminal in Bodo | Norway | Shipping | Ports\n"
            "Port opens new terminal in Bodo\n"
            "The port authority said the terminal opened on Friday.\n")
    stories = Pipeline().analyse(RawDocument("p.txt", text)).stories
    assert [st.title for st in stories] == ["Dam levels fall across the region",
                                            "Ferry union rejects pay offer near Tromso",
                                            "Port opens new terminal in Bodo"]
    for st in stories[1:]:
        repeats = [s for s in st.sentences if s.text == st.title]
        # the headline speaks once (its own claim); the repeat under it is boilerplate
        assert len(repeats) == 2 and repeats[0].kind != "boilerplate" and repeats[1].kind == "boilerplate", \
            [(s.kind, s.text) for s in st.sentences]


def test_a_navigation_line_above_the_headline_and_a_desk_after_the_byline():
    text = ("Home | Business | Markets | Tech\nHarbour cranes idle as strike spreads\n"
            "By Ada Berg, Business Reporter\nUpdated 14 May 2025, 09:45\n\n"
            "Dock workers at the port walked out on Tuesday, their union said.\n")
    story = Pipeline().analyse(RawDocument("nav.txt", text)).stories[0]
    assert story.title == "Harbour cranes idle as strike spreads"
    assert story.byline == "Ada Berg"
    assert story.published == "2025-05-14T09:45"
