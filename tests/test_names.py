"""Source names an analyst can trust: a mention becomes a source only when it names someone who speaks, one entity
per referent within a story, offices held at a time, aliases learned from clean mentions only."""

from __future__ import annotations

import pytest

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
from claimtrack.sources import speaker_phrase, speaker_words


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


def speakers(pipe, text: str, published: str | None = None) -> list[list[str]]:
    """The speakers' names of every claim with a source, in order."""
    got = pipe.analyse(RawDocument("n.txt", text, published=published))
    return [[s.name for s in c.sources if s.role == "speaker"] for st in got.stories for se in st.sentences
            for c in se.claims if c.sources]


# ---- a source name is a name -------------------------------------------------------------------------------
@pytest.mark.parametrize("mention", [
    "twice", "On Monday", "horrific", "Figures", "Calculations", "Video", "Week", "The", "Weren't", "separate",
    "Reflection of the confusion", "2009", "43 million Americans", "Holtz hasn't", "Mr", "of Cosby's",
    "Five years of radical rule", "Suh's play", "the scale cell forms strings of proteins",
    "Johnson faces a potential 30-year prison term on the new", "Disclaimer", "Even", "Of course",
])
def test_words_that_name_no_one_are_not_sources(mention):
    assert not speaker_phrase(mention)


@pytest.mark.parametrize("mention, named", [
    ("voters", "voters"), ("the host", "host"), ("a Dutch politician", "Dutch politician"),
    ("Big Machine", "Big Machine"), ("his letter Mrs Thatcher", "Mrs Thatcher"),
    ("Labor Department data", "Labor Department"), ("Hannibal Buress flat-out", "Hannibal Buress"),
    ("Moody's Analytics report in April", "Moody's Analytics"), ("the leader of the opposition",
                                                                 "leader of the opposition"),
    ("Kremlin spokesman", "Kremlin spokesman"), ("US sources", "US sources"), ("the regulator", "regulator"),
])
def test_a_name_keeps_the_words_that_name(mention, named):
    words = mention.split()
    span = speaker_words(words)
    assert span is not None and " ".join(words[span[0] : span[1] + 1]) == named


def test_capitals_at_the_start_of_a_sentence_need_the_story_s_word():
    # "Stern" is a common word, written as a name inside the story; "Even" never is
    assert speaker_phrase("Stern", proper=lambda w: w == "Stern")
    assert not speaker_phrase("Even", proper=lambda w: False)
    assert speaker_phrase("Stern", initial=0)  # inside a sentence a capital is a name


@pytest.mark.parametrize("text, expected", [
    ("Big Machine have twice denied the claims about the tour.", [["Big Machine"]]),
    ("On Monday, the Harbour Gazette, the city's oldest paper, warned that the bridge would close.",
     [["Harbour Gazette"]]),
    ("The horrific details suggest the fire was set on purpose.", [["Unnamed source"]]),
    ("Figures show the port lost money in May.", [["Unnamed source"]]),
    ("Calculations suggest the new bridge will cost twice as much.", [["Unnamed source"]]),
    ("Video shows the driver leaving the car before the crash.", [["Unnamed source"]]),
    ("This week showed the limits of the council's plan.", [["Unnamed source"]]),
    ("Kestrel Books released a separate statement saying the deal was fair to its authors.", [["Kestrel Books"]]),
    ("Disclaimer: I received the lamp as a sample from the maker.", []),
    ("In a note on his letter Mrs Okafor said the plan would fail.", [["Okafor"]]),
])
def test_the_real_subject_or_no_name(pipe, text, expected):
    assert speakers(pipe, text) == expected


def test_a_pronoun_never_inherits_a_rejected_name(pipe):
    text = ("Big Machine have twice denied the claims about the tour.\n\n"
            "\"We never cancelled a show,\" they said.\n\n"
            "The horrific details suggest the fire was set on purpose.\n\n"
            "It added that the doors had been locked.\n")
    got = speakers(pipe, text)
    assert got[0] == ["Big Machine"] and got[1] == ["Big Machine"]
    assert got[-1] != ["Horrific"] and "Horrific" not in sum(got, [])


# ---- offices are held at a time -----------------------------------------------------------------------------
@pytest.mark.parametrize("published, holder", [
    ("2019-05-03", "Michelle Bachelet"), ("2023-02-01", "Volker Türk"),
    ("2015-01-01", "UN High Commissioner for Human Rights"),  # no holder the gazetteer knows: the office
    (None, "UN High Commissioner for Human Rights"),  # no date: the office
])
def test_a_title_names_its_holder_on_the_story_s_date(pipe, published, holder):
    text = "The UN High Commissioner for Human Rights said the camps must close before the winter.\n"
    assert speakers(pipe, text, published) == [[holder]]


def test_offices_in_the_gazetteer_are_checked():
    from claimtrack.lexicon import LexiconError, Row, _check_gazetteer, parse_office

    row = Row(3, {"name": "Ana Lind", "kind": "person"})
    assert parse_office("g.tsv", row, "Harbour mayor@2014-06..2019,2021-01-02..") == (
        "Harbour mayor", (("2014-06", "2019"), ("2021-01-02", "")))
    for bad in ("Harbour mayor", "Harbour mayor@2019..2014", "Harbour mayor@June 2014..", "@2014.."):
        with pytest.raises(LexiconError, match="line 3"):
            parse_office("g.tsv", row, bad)
    two = (Row(2, {"name": "Ana Lind", "kind": "person", "offices": "Harbour mayor@2014..2020"}),
           Row(3, {"name": "Bo Berg", "kind": "person", "offices": "Harbour mayor@2019.."}))
    with pytest.raises(LexiconError, match="at the same time"):
        _check_gazetteer("g.tsv", two)
    taken = (Row(2, {"name": "Ana Lind", "kind": "person", "aliases": "Harbour mayor"}),
             Row(3, {"name": "Bo Berg", "kind": "person", "offices": "Harbour mayor@2019.."}))
    with pytest.raises(LexiconError, match="already a name"):
        _check_gazetteer("g.tsv", taken)
    _check_gazetteer("g.tsv", (two[0], Row(3, {"name": "Bo Berg", "kind": "person",
                                               "offices": "Harbour mayor@2020-06.."})))


# ---- one entity per referent within a story ----------------------------------------------------------------
def test_surname_title_description_and_honorific_name_one_person(pipe):
    text = ("Prime Minister Ada Quill said the exam was rushed.\n\n"
            "The prime minister added that it would be postponed.\n\n"
            "Mrs Quill said she had no option.\n\n"
            "Harbour Leaks founder Tomas Vey said the files were real.\n\n"
            "The Harbour Leaks founder added that more would follow.\n\n"
            "Vey said he would not leave.\n\n"
            "Sir Keith Marlow said the plan would work.\n\n"
            "Sir Keith insisted that it was fair.\n\n"
            "Rosa Finch said the money was gone.\n\n"
            "Rosa said the agents were kind.\n")
    assert speakers(pipe, text) == [["Ada Quill"]] * 3 + [["Tomas Vey"]] * 3 + [["Sir Keith Marlow"]] * 2 \
        + [["Rosa Finch"]] * 2


def test_the_person_or_the_outlet_follows_the_story(pipe):
    person = "City councillor Joan Hill said the road was unsafe.\n\n\"It has to close,\" said Hill.\n"
    assert speakers(pipe, person) == [["Joan Hill"], ["Joan Hill"]]
    nobody = "\"It has to close,\" said Hill, who has run the shop for years.\n"
    assert speakers(pipe, nobody) == [["Hill"]]
    outlet = "The Hill reported that the vote was delayed.\n\n\"It has to close,\" Hill said, citing aides.\n"
    assert speakers(pipe, outlet)[0] == ["The Hill"]


def test_a_company_agrees_in_the_plural(pipe):
    got = pipe.analyse(RawDocument("n.txt", "Big Machine have twice denied the claims about the tour.\n"))
    [claim] = [c for st in got.stories for se in st.sentences for c in se.claims]
    assert [(s.name, s.kind) for s in claim.sources] == [("Big Machine", "organization")]


# ---- aliases, the junk-source check, bylines and outlets -----------------------------------------------------
def test_aliases_come_from_clean_mentions_only():
    from claimtrack.sources import clean_alias

    assert clean_alias("Mr Trump") and clean_alias("the Kremlin") and clean_alias("Kremlin spokesman")
    assert not any(clean_alias(m) for m in ("like Trump", "letter Mrs Thatcher", "he", "the horrific details"))


def test_sources_list_suspect(cli, tmp_path):
    page = tmp_path / "p.txt"
    page.write_text("Dock strike ends\nRelease time: 2025-05-03 10:00\n\nKestrel Books said sales rose.\n"
                    "Reuters said the strike ended.\nReuters said the ships sailed.\n", "utf-8")
    assert cli("ingest", str(page)).exit_code == 0
    out = cli("sources", "list", "--suspect", "--format", "csv").stdout
    assert "Kestrel Books" in out and "one mention, no known entity" in out and "Reuters" not in out


def test_html_byline_and_outlet(tmp_path):
    from claimtrack.reader import outlet_name, read_path

    html = ("<html><head><title>Dock strike ends</title><meta name='author' content='Ana Lind'>"
            "<meta property='og:site_name' content='Harbour_Times_Co_Uk'></head><body><article><h1>Dock strike "
            "ends</h1><p>" + "The union said the strike had ended after three weeks of talks with the port. " * 4
            + "</p><p>" + "Kestrel Books said sales rose in May as the ships sailed again from the port. " * 4
            + "</p></article></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, "utf-8")
    [doc] = read_path(str(p))
    assert doc.outlet == "Harbour Times"
    assert Pipeline().analyse(doc).stories[0].byline == "Ana Lind"
    assert outlet_name("Hosted", "http://hosted.ap.org/story", None) == "Associated Press"
    assert outlet_name("Reuters_Co_Uk", None, "uk.reuters.com") == "Reuters"
