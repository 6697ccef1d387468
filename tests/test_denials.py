"""Denial forms: every way news says "that is not true", as claims of kind ``denial`` with their sources."""

from __future__ import annotations

import pytest

from claimtrack.denials import _TRIGGER, _triggered, detect, read, subject_before
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline


@pytest.mark.parametrize("sentence, form, anaphoric", [
    ("The cabinet office flatly denied it.", "verb", True),
    ("Lisbon's mayor rejected the allegations on Friday.", "verb", True),
    ("The ministry dismissed such claims.", "verb", True),
    ("The port authority refuted reports that two cranes had collapsed.", "verb", False),
    ("The coast guard denied that its boats had rammed the trawler.", "verb", False),
    ("Egypt's President denies offering land to Gaza residents", "verb", False),
    ("The embassy called the report fake.", "called", True),
    ("A spokesman described the allegations as baseless.", "called", True),
    ("The foreign ministry called the statement a provocation.", "called", True),
    ("The club said there was no truth in reports that its coach had resigned.", "no_truth", False),
    ("The company said the reports were false.", "no_truth", True),  # "the reports": ones named before
    ("The company said the figures were 'wildly inaccurate'.", "no_truth", True),
    ("The agency said the findings were false.", "no_truth", True),
    ("The defence ministry has not confirmed reports of an explosion at the depot.", "not_confirmed", False),
    ("Officials said the footage purporting to show the blast was fake.", "no_truth", False),
    ("The regulator said it found no evidence of price fixing by the three banks.", "no_truth", False),
    ('"This has nothing to do with us," the spokesman told reporters.', "no_truth", False),
    ("A woman who claimed to have been cured by the tea has been exposed as a hoax.", "no_truth", False),
    ("The airline said it did not cancel any flights on Sunday.", "said_not", False),
    ('"We never sold weapons to either side," the minister told reporters.', "quote_not", False),
])
def test_each_denial_form_is_detected(sentence, form, anaphoric):
    cue = detect(sentence)
    assert cue is not None, sentence
    assert cue.form == form
    assert cue.anaphoric is anaphoric


@pytest.mark.parametrize("sentence", [
    "The opposition leader was denied bail by the court.",
    "Parliament rejected the budget proposal on Tuesday.",
    "The court rejected the appeal.",
    "The ministry said 40 people had been evacuated.",
    "Inflation reached 12 percent, according to the group, which disputes the official figures.",
    "Reuters could not independently confirm the report.",
    "Prices rose 9 percent, according to an institute that has long disputed the official data.",
    "The ministry could not confirm the figures.",
    "A spokesman refused to confirm or deny the talks.",
    # a refusal or an intention denies nothing
    "The interior minister said the government would not be intimidated.",
    "The club said it will not appeal the ruling.",
    "The airline said it did not expect the strike to go ahead.",  # a forecast, not a denial
])
def test_not_denials(sentence):
    assert detect(sentence) is None


def _in_words(text: str, attributed: bool) -> bool:
    """``read`` finds the sentence a denial in its own words (no denial cue verb)."""
    denial = read(text, attributed=attributed, cue_denies=False)
    return denial is not None and denial.by == "words"


def test_read_carries_the_form_and_how_the_sentence_denies():
    denial = read("The embassy called the report fake.", attributed=True, cue_denies=False)
    assert denial.cue == detect("The embassy called the report fake.") and denial.cue.form == "called"
    # a denial cue verb (attribution's cue class deny) decides, whatever the words
    assert read("The army rejected the budget.", attributed=True, cue_denies=True).by == "cue"
    # a form without the looser reading ("has not confirmed"): the sentence's kind is decided elsewhere
    denial = read("The ministry has not confirmed reports of a blast.", attributed=True, cue_denies=False)
    assert (denial.by, denial.cue.form) == ("", "not_confirmed")
    assert read("The ferry docked at noon.", attributed=False, cue_denies=False) is None


@pytest.mark.parametrize(
    ("text", "attributed"),
    [
        ("Moscow denied any involvement in the poisoning.", False),
        ("The army rejected claims that civilians were killed in the strike.", False),
        ("The band dismissed rumours of a split.", False),
        ("There is no truth whatsoever in these reports, the ministry said.", True),
        ("Moscow says it did not shoot down the airliner.", True),
        ("The ministry called the reports of mass desertions \"completely baseless.\"", True),
    ],
)
def test_denials_in_the_sentences_own_words(text, attributed):
    assert _in_words(text, attributed)


@pytest.mark.parametrize(
    "text",
    [
        "The court rejected the appeal on Friday.",
        "The ministry dismissed three senior officials over the scandal.",
        "The suspect was denied bail.",
        "The WHO said there were no new cases.",
        # an intention, a forecast or what someone cannot say denies nothing
        "The candidate said he would not seek a recount.",
        "The airline said it did not expect the strike to go ahead.",
        "She said they could not confirm the figures.",
    ],
)
def test_not_denials_in_the_sentences_own_words(text):
    assert not _in_words(text, not text.startswith(("The court", "The ministry", "The suspect")))


def test_a_denial_of_knowing_or_doing_is_still_a_denial():
    assert _in_words("The office said he did not know about the payments.", True)
    assert _in_words("The minister said he did not order the strike.", True)


def test_denied_content_stops_at_the_justification():
    cue = detect("The junta denied the strike hit a school, saying its jets had targeted a rebel camp.")
    assert cue.object == "the strike hit a school"


def test_subject_in_front_of_the_cue():
    s = "GENEVA, May 3 (Reuters) - The Swiss customs office on Thursday rejected the claims."
    assert subject_before(s, s.index("rejected")) == "The Swiss customs office"


def _claims(text: str, title: str | None = None):
    analysis = Pipeline().analyse(RawDocument("t.txt", text, title=title))
    return [(s, c) for st in analysis.stories for s in st.sentences for c in s.claims]


def test_pipeline_marks_cueless_denials_with_their_source():
    text = ("Trawler owners said a coast guard vessel rammed the Marisol near the reef on Monday.\n\n"
            "The Harbour Authority called the report fabricated.\n")
    claims = _claims(text)
    denial = [(s, c) for s, c in claims if c.kind == "denial"]
    assert len(denial) == 1
    s, c = denial[0]
    assert s.kind == "denial"
    assert "Harbour Authority" in " ".join(src.name for src in c.sources) or any(
        src.mention and "Harbour Authority" in src.mention.text for src in c.sources)
    # linked to the claim it denies, by anaphora, with evidence
    assert c.relations and c.relations[0].kind == "denies"
    target = next(s2 for s2, _ in claims if s2.start == c.relations[0].target_sentence_start)
    assert target.text.startswith("Trawler owners said")
    assert c.relations[0].evidence


def test_headline_denial_is_a_denial():
    claims = _claims("Egypt's President denies offering land to Gaza residents\n\nCAIRO - The presidency issued a statement.\n")
    assert any(c.kind == "denial" for _, c in claims)


def test_seed_style_group_denial_links_to_the_earlier_claim_by_another_source():
    text = ("According to South Korea's intelligence agency, North Korea has shipped at least 10,000 containers "
            "to Russia.\n\nSouth Korea's statement was very certain, but Russia and North Korea flatly denied it.\n")
    claims = _claims(text)
    s, c = next((s, c) for s, c in claims if c.kind == "denial")
    assert {src.name for src in c.sources} == {"Russia", "North Korea"}
    assert [r.kind for r in c.relations] == ["denies"]
    assert c.relations[0].target_sentence_start == 0


def test_trigger_on_lowered_ascii_text_answers_as_the_case_blind_pattern():
    for s in ["The Ministry DENIED it.", "President Smith met the press.", "They CAN'T confirm that.",
              "It was Not true, she said.", "No comment.", "The Kremlin dismissed the REPORT as FAKE.",
              "He believed the earlier figures.", "Determined to win, the team pushed on.",
              "“Nonsense,” the ministry said.", "They didn’t pay.", "Ölpreise: the ministry rejects it.",
              "The gazette called it one-sided.", "A calm day in the capital."]:
        assert _triggered(s) == (_TRIGGER.search(s) is not None), s


@pytest.mark.parametrize("denial, earlier_source", [
    ("Hanoi rejected the Chinese account as 'a blatant lie'.", "China Coast Guard"),
    ("The ministry dismissed that idea on Monday.", "China Coast Guard"),
    ("Vietnam's foreign ministry said the reports were 'absolutely false'.", "China Coast Guard"),
    ("Vietnam called the criticism 'groundless'.", "China Coast Guard"),
    ("Hanoi rejected Beijing's claims.", "China Coast Guard"),
])
def test_denial_of_an_earlier_account_named_by_a_noun_links_to_it(denial, earlier_source):
    """The denied thing named by a noun ("the Chinese account", "that idea", "Beijing's claims", "the reports
    were false", "called the criticism groundless") is the claim reported before."""
    text = ("The Chinese coast guard said its ships had driven off two Vietnamese fishing boats near the reef.\n\n"
            + denial + "\n")
    claims = _claims(text)
    s, c = next((s, c) for s, c in claims if c.kind == "denial")
    assert c.relations and c.relations[0].kind == "denies", (s.text, c)
    target = next(t for ts, t in claims if ts.start == c.relations[0].target_sentence_start)
    assert [src.name for src in target.sources] == [earlier_source]


def test_every_verb_and_verdict_of_the_lexicon_passes_the_first_look():
    """An entry added to data/denials.tsv is looked for at once: the cheap first look never rules it out."""
    from claimtrack.denials import _lexicon

    for group in ("verb", "verdict"):
        for phrase in _lexicon()[group]:
            assert _triggered(f"The ministry said it was {phrase}."), phrase
    assert _triggered("The embassy said the reports were ridiculous.")
    assert detect("The embassy said the reports were ridiculous.").form == "no_truth"


def test_the_sentence_carries_its_denial_form_but_the_json_does_not():
    """The reading is made once and travels with the sentence (the store and the relation rules read it there);
    what ``extract`` prints does not change."""
    text = ("Trawler owners said a coast guard vessel rammed the Marisol near the reef on Monday.\n\n"
            "The Harbour Authority called the report fabricated.\n")
    analysis = Pipeline().analyse(RawDocument("t.txt", text))
    sentences = analysis.stories[0].sentences
    denial = next(s for s in sentences if s.kind == "denial")
    assert denial.denial == detect(denial.text) and denial.denial.form == "called"
    assert sentences[0].denial is None
    assert all("denial" not in s for s in analysis.records()[0]["sentences"])
