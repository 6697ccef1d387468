"""Sentence kinds and check-worthiness (behaviour; accuracy figures are in benchmarks/classify.py)."""

from __future__ import annotations

import pytest

from claimtrack import denials
from claimtrack.classify import checkworthiness, classify, is_boilerplate, is_metadata, shape
from claimtrack.denials import Denial
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline


def kind(text: str, *, attributed: bool = False) -> str:
    """The kind the pipeline's shape, read_denial and classify stages give a sentence (no denial cue verb)."""
    denial = denials.read(text, attributed=attributed, cue_denies=False)
    return (shape(text) or classify(text, attributed=attributed, denial=denial))[0]


def pipeline_kinds(text: str, published: str | None = None) -> list[tuple[str, str]]:
    analysis = Pipeline().analyse(RawDocument("t", text, published=published))
    return [(s.text, s.kind) for st in analysis.stories for s in st.sentences]


@pytest.mark.parametrize(
    "text",
    [
        "At least 14 people were killed when a bus plunged into a ravine.",
        "The central bank raised its benchmark rate by half a percentage point to 6.75%.",
        "The plane did not land in Minsk.",
        "The minister wore a dark blue suit and a red tie.",
        "Kim Jong-un personally went to the airport to greet him.",
        "Carmaker recalls 2 million vehicles over brake flaw",
        "Bridge reopens",
        # evaluative-looking words in a factual frame
        "It was not immediately clear how many people were killed.",
        # openings that read like reader address or transitions, followed by a real event
        "Thanks to the new law, 2 million people gained coverage.",
        "Then the company moved its headquarters to Dallas.",
        "Also, the company is moving its headquarters to Dallas.",
        # a noun that is also an imperative verb, as the subject
        "Support for the government fell to 30%.",
        "Work on the bridge began in 2019.",
        "Help arrived after six hours.",
        "The storm was the worst to hit the region since 1990.",
    ],
)
def test_claims(text):
    assert kind(text) == "claim"


@pytest.mark.parametrize(
    "text",
    [
        "I believe the president made the right call.",
        "It was undoubtedly a super grand ceremony.",
        "This is a historic visit.",
        "Frankly, the government's response to the floods has been a disgrace.",
        "Washington must stop treating the Pacific islands as an afterthought.",
        "The ceasefire is unlikely to hold for long.",
        "Putin is taking the initiative, but it is not easy for Putin either.",
        "What a goal that is!",
        "The response from the capital was deeply disappointing.",
        "Now, I think we should stay the course.",
    ],
)
def test_opinions(text):
    assert kind(text) == "opinion"


def test_author_belief_is_opinion_even_when_attribution_fires():
    assert kind("I think we need to secure the border once and for all.", attributed=True) == "opinion"
    assert kind("The minister said the border would be secured.", attributed=True) == "attributed"


@pytest.mark.parametrize(
    "text",
    [
        "Here are the three main points.",
        "1. Show the world that Russia also has many friends.",
        "2. Strengthen cooperation in energy and agriculture.",
        "Let's take a closer look at the numbers.",
        "Three highlights of Putin's visit to North Korea",
        "Need firm ideals and beliefs, micro videos",
        "What we know about the bridge collapse",
        "Background:",
        "Thank you, Mr. Moderator.",
        "Next, he was busy in Vietnam...",
        "Please keep your distance from fallen power lines.",
        "Call 911 if you see anyone in distress.",
        "How the new pension rules affect you",
        "First, a bit of history.",
    ],
)
def test_other(text):
    assert kind(text) == "other"


@pytest.mark.parametrize("text", ["Is the ceasefire already collapsing?", "Why now?", "Who else could join?"])
def test_questions(text):
    assert kind(text) == "question"


def test_author_question_with_a_reporting_verb_inside_is_a_question():
    assert kind("What exactly did the president know?", attributed=True) == "question"
    assert kind('He asked: "Why now?"', attributed=True) == "attributed"


@pytest.mark.parametrize(
    "text",
    [
        "Share this article",
        "Subscribe to our newsletter for the latest updates.",
        "© 2024 The Associated Press.",
        "We use cookies to improve your experience on our site.",
        "Tags: Ukraine, Russia, Kharkiv, drones",
        "Home > World > Asia-Pacific",
        "Elections | Europe | Far right",
        "Photo: AFP/Getty Images",
    ],
)
def test_boilerplate(text):
    assert is_boilerplate(text)
    assert kind(text) == "boilerplate"


@pytest.mark.parametrize(
    "text",
    [
        "MOSCOW, June 19 (Reuters) -",
        "Reporting by Andrew Osborn; Editing by Frances Kerry",
        "Associated Press writers Jill Lawless and Danica Kirka contributed to this report.",
        "Friday, 12 April 2024",
        "12:03 BST",
        "Staff reporter",
    ],
)
def test_metadata(text):
    assert is_metadata(text)
    assert kind(text) == "metadata"


@pytest.mark.parametrize(
    "text",
    [
        "Written by hand, the letter was delivered on Monday.",
        "Reporting by the BBC found that 40 people died.",
        "The storm hit the coast on Monday. AP writers contributed to this report.",
    ],
)
def test_prose_is_not_metadata(text):
    assert not is_metadata(text)


@pytest.mark.parametrize(
    "text",
    [
        "Share prices fell 5% on Monday.",
        "Email records show the minister knew.",
        "Related talks collapsed on Friday.",
        "Subscribers to the service rose 5%.",
        "Copyright disputes cost the industry 2 billion dollars.",
        "Video footage showed soldiers firing on protesters.",
    ],
)
def test_prose_that_starts_like_a_prompt_is_not_boilerplate(text):
    assert not is_boilerplate(text)
    doc = RawDocument("t", "Markets\n\n" + text)
    assert Pipeline().analyse(doc).stories[0].sentences[-1].kind not in ("boilerplate", "metadata")


def test_page_line_labels_win():
    """A line the page labels keeps its label, whatever its words would make it."""
    sentences = Pipeline().analyse(RawDocument("t", "Release time:Jun 20, 2024 05:19 AM\n\nStorm hits coast\n\n"
                                                    "The storm hit the coast on Monday.\n")).stories[0].sentences
    assert (sentences[0].kind, sentences[0].confidence) == ("metadata", 0.95)


def test_a_denial_reading_makes_a_denial_sentence():
    """classify reads what ``denials.read`` found: a denial cue verb outranks even a question mark, a denial in the
    sentence's own words does not."""
    assert classify("Who denied it?", attributed=True, denial=Denial("cue", None)) == ("denial", 0.8)
    assert kind("Who denied it?", attributed=True) == "question"
    assert classify("The band dismissed rumours of a split.", denial=Denial("words", None)) == ("denial", 0.65)
    assert classify("The band dismissed rumours of a split.") == ("claim", 0.55)


def test_kinds_through_the_pipeline():
    text = ("Ferry runs aground off Lindholm\n\n"
            "According to Reuters, 23 people were injured when the ferry ran aground on Thursday.\n\n"
            "The operator denied that the crew had been drinking.\n\n"
            "This is a shameful day for the island.\n\n"
            "Will the ferry sail again?\n\n"
            "Share this article")
    got = dict(pipeline_kinds(text, published="2025-02-21"))
    assert got["According to Reuters, 23 people were injured when the ferry ran aground on Thursday."] == "attributed"
    assert got["The operator denied that the crew had been drinking."] == "denial"
    assert got["This is a shameful day for the island."] == "opinion"
    assert got["Will the ferry sail again?"] == "question"
    assert got["Share this article"] == "boilerplate"


def test_every_kind_is_known():
    from claimtrack.model import SENTENCE_KINDS

    samples = ["The plane did not land in Minsk.", "This is a historic visit.", "Why now?", "Share this article",
               "Staff reporter", "Here is what we know.", "Moscow denied any involvement."]
    assert {kind(s) for s in samples} <= set(SENTENCE_KINDS)


def test_checkworthiness_ranks_consequential_facts_above_trivia():
    high = "At least 14 people were killed and 30 injured when a bus plunged into a ravine in Cajamarca on Sunday."
    low = "The minister wore a dark blue suit and a red tie."
    assert 0.0 <= checkworthiness(low, "claim") < checkworthiness(high, "claim") <= 1.0
    assert checkworthiness(high, "claim") >= 0.7
    assert checkworthiness(low, "claim") <= 0.3


def test_checkworthiness_is_zero_for_non_claims():
    for k in ("opinion", "question", "other", "boilerplate", "metadata"):
        assert checkworthiness("At least 14 people were killed.", k) == 0.0


def test_checkworthiness_reaches_extract_output():
    analysis = Pipeline().analyse(RawDocument("t", "Unemployment fell to 3.9% in October, the lowest level since 2020."))
    claim = analysis.stories[0].sentences[0].claims[0]
    assert claim.checkworthiness > 0.5
    assert analysis.records()[0]["sentences"][0]["claims"][0]["checkworthiness"] == claim.checkworthiness


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I believe the president made the right call.", "opinion"),
        ("What exactly did the president know about the payments?", "question"),
        ("Here is what the minister said:", "other"),
    ],
)
def test_author_opinions_and_questions_carry_no_claim(text, expected):
    sentence = Pipeline().analyse(RawDocument("t", text)).stories[0].sentences[0]
    assert sentence.kind == expected
    assert sentence.claims == ()
