"""Attribution constructions, each on sentences written for these tests (no corpus text)."""

from __future__ import annotations

import pytest

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipe():
    return Pipeline()


def claims(pipe, text):
    """(cue, {source: role}, content) per attributed claim, in order."""
    analysis = pipe.analyse(RawDocument("t.txt", text))
    out = []
    for story in analysis.stories:
        for sent in story.sentences:
            for c in sent.claims:
                if c.cue is None and not c.sources:
                    continue
                out.append((c.cue.text if c.cue else None, {s.name: s.role for s in c.sources},
                            c.content.text if c.content else None, c.kind, c))
    return out


def only(pipe, text):
    found = claims(pipe, text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("sentence, cue, source", [
    ("The harbour master said the port would reopen on Friday.", "said", "Harbour master"),
    ("Mayor Ilse Brandt says the bridge is safe.", "says", "Ilse Brandt"),
    ("The council has repeatedly stated that the budget is balanced.", "stated", "Council"),
    ("Farmers believe the drought will last another year.", "believe", "Farmers"),
    ("The union wants the plant to stay open.", "wants", "Union"),
    ("The audit showed that the fund lost money for three years.", "showed", "Unnamed source"),  # an audit is no one who speaks
    ("Investigators found that the brakes had been cut.", "found", "Investigators"),
    ("The engineer pointed out that the cracks were old.", "pointed out", "Engineer"),
    ("The coach went on to say that the team was exhausted.", "went on to say", "Coach"),
    ("The regulator will argue that the merger hurts consumers.", "argue", "Regulator"),
])
def test_verbs_of_saying_believing_wanting_showing_finding(pipe, sentence, cue, source):
    got_cue, sources, content, _kind, _c = only(pipe, sentence)
    assert got_cue == cue
    assert source in sources
    assert content and content.split()[-1] in sentence


def test_content_before_the_verb_and_inverted_order(pipe):
    cue, sources, content, _kind, _ = only(pipe, '"We are staying," said Tomas Vinter, the club\'s captain.')
    assert cue == "said" and "Tomas Vinter" in sources
    assert content.startswith('"We are staying')
    cue, sources, content, _k, _ = only(pipe, "The vote was rigged, the opposition leader claimed.")
    assert cue == "claimed" and content == "The vote was rigged"


def test_passive_quoted_as_saying(pipe):
    cue, sources, content, _k, _ = only(pipe, "Dr. Anna Sorel was quoted as saying that the vaccine works.")
    assert cue == "was quoted as saying" and "Anna Sorel" in sources
    assert content == "the vaccine works"


def test_according_to(pipe):
    cue, sources, content, _k, _ = only(pipe, "According to the coast guard, two boats sank overnight.")
    assert cue == "According to" and list(sources) == ["Coast guard"]
    assert content == "two boats sank overnight"
    cue, sources, content, _k, _ = only(pipe, "Two boats sank overnight, according to a 2023 harbour survey.")
    assert cue == "according to" and content == "Two boats sank overnight"


def test_told(pipe):
    cue, sources, content, _k, _ = only(pipe, "The minister told reporters that talks had collapsed.")
    assert cue == "told" and "Minister" in "".join(sources) and content == "talks had collapsed"


def test_in_a_statement(pipe):
    cue, sources, content, _k, _ = only(pipe, "In a statement, Nordwave Energy said the spill was contained.")
    assert cue == "said" and "Nordwave Energy" in sources and content == "the spill was contained"


def test_spokesperson_of_an_organisation(pipe):
    _cue, _sources, _content, _k, c = only(pipe, "Volvex's spokesperson Lena Marsh said output would fall.")
    person = c.sources[0]
    assert person.name == "Lena Marsh" and person.kind == "person" and person.parent == "Volvex"


def test_reporter_quoting_a_speaker(pipe):
    _cue, sources, content, _k, _ = only(pipe, "The Daily Ledger quoted Senator Ruth Okafor as saying the bill was dead.")
    assert sources == {"Ruth Okafor": "speaker", "Daily Ledger": "reporter"}
    assert content == "the bill was dead"
    _cue, sources, _content, _k, _ = only(pipe, "Reuters cited a senior diplomat as saying the talks had stalled.")
    assert sources.get("Reuters") == "reporter" and "speaker" in sources.values()


def test_according_to_x_y_said_is_a_chain(pipe):
    _cue, sources, _content, _k, _ = only(pipe, "According to Reuters, the mayor of Lenz said the dam was safe.")
    assert sources.get("Reuters") == "reporter"
    assert any(role == "speaker" and "Lenz" in name or name == "Mayor of Lenz" for name, role in sources.items())


def test_as_reported_by(pipe):
    cue, sources, content, _k, _ = only(pipe, "The factory closed last week, as reported by the Valley Courier.")
    assert cue == "reported by" and "Valley Courier" in sources and content == "The factory closed last week"


def test_reports_and_a_report_stated(pipe):
    cue, sources, _content, _k, _ = only(pipe, "The Harbor Times reports that the ferry will be sold.")
    assert cue == "reports" and "Harbor Times" in sources
    cue, sources, _content, _k, _ = only(pipe, "A Harbor Times report stated that the ferry will be sold.")
    assert cue == "stated" and "Harbor Times" in sources


@pytest.mark.parametrize("sentence", [
    "Sources said the deal was signed in secret.",
    "It is reported that the deal was signed in secret.",
    "According to media reports, the deal was signed in secret.",
])
def test_unnamed_sources(pipe, sentence):
    _cue, _sources, content, _k, c = only(pipe, sentence)
    assert content.endswith("signed in secret")
    assert all(s.kind in ("unnamed", "media_generic") for s in c.sources)


def test_colon_cue_in_a_headline(pipe):
    cue, sources, content, _k, _ = only(pipe, "Governor Ames: The levees will hold\n\nThe storm arrived on Monday.")
    assert cue == ":" and "Ames" in "".join(sources) and content == "The levees will hold"


def test_colon_labels_are_not_speakers(pipe):
    assert claims(pipe, "Update: The road is open again after the storm.") == []


def test_denials_are_cues(pipe):
    for verb in ("denied", "rejected", "dismissed"):
        cue, sources, _content, kind, _ = only(pipe, f"The ministry {verb} the claims of a cover-up.")
        assert cue == verb and kind == "denial" and "Ministry" in "".join(sources)


def test_several_sources(pipe):
    _cue, sources, _content, _k, _ = only(pipe, "Canada and Mexico said the tariffs were illegal.")
    assert set(sources) == {"Canada", "Mexico"}



@pytest.mark.parametrize("sentence, expected", [
    ("Norway and the United Kingdom said the fishing quota was final.", {"Norway", "United Kingdom"}),
    ("Chile and the European Union said the trade deal would be signed in May.", {"Chile", "European Union"}),
    ("The Federation of Mountain Rescue Teams and the Alpine Club said the route was closed.",
     {"Federation of Mountain Rescue Teams", "Alpine Club"}),  # a long proper name is a part of its own
    ("The mayor met the minister and the governor on Friday.", set()),  # no cue: no sources at all
])
def test_several_sources_with_an_article_in_between(pipe, sentence, expected):
    found = claims(pipe, sentence)
    assert {name for _cue, sources, *_ in found for name in sources} == expected


def test_direct_indirect_and_mixed_quotes(pipe):
    assert only(pipe, '"The bridge is closed," the engineer said.')[3] == "direct_quote"
    assert only(pipe, "The engineer said the bridge is closed.")[3] == "indirect_quote"
    assert only(pipe, 'The engineer said the bridge is "closed for good".')[3] == "mixed_quote"


def test_quote_over_several_sentences_and_paragraphs(pipe):
    text = ('The captain, Mara Voss, said the team had tried. "We were slow. We lost every duel.\n\n'
            '"Next week will be different," she said.')
    found = claims(pipe, text)
    names = [set(s) for _c, s, _t, _k, _ in found]
    assert all(n == {"Mara Voss"} for n in names), found
    # the quote's middle sentence is attributed to her, with no cue of its own
    assert any(cue is None and "lost every duel" in (content or "") for cue, _s, content, _k, _ in found)


def test_cue_inside_a_quotation_is_not_an_attribution(pipe):
    cue, sources, _content, _k, _ = only(pipe, '"I think the voters want change," the senator said.')
    assert cue == "said" and "Senator" in "".join(sources)


def test_pronouns_resolve_to_the_right_earlier_source(pipe):
    text = ("Economy minister Petra Lind said the talks were over. The unions said they would strike. "
            "She stated that the budget could not grow. They rejected her offer.")
    found = claims(pipe, text)
    by_cue = {cue: set(s) for cue, s, _t, _k, _ in found}
    assert by_cue["stated"] == {"Petra Lind"}
    assert by_cue["rejected"] == {"Unions"}


def test_an_unresolved_pronoun_is_still_an_attribution(pipe):
    _cue, _sources, _content, _k, c = only(pipe, "He said the results were final.")
    assert c.sources[0].kind == "unnamed" and c.sources[0].mention.text == "He"


def test_appositive_and_relative_clause_subjects(pipe):
    _cue, sources, _t, _k, _ = only(pipe, "Jonas Reed, a lawyer for the family, said the police had lied.")
    assert "Jonas Reed" in sources
    found = claims(pipe, "The fine was paid by Orrin Gale, who said he regretted nothing.")
    assert any("Orrin Gale" in s for _c, s, _t, _k, _ in found)


def test_coordinated_and_participle_cues_share_the_subject(pipe):
    found = claims(pipe, "The mayor visited the flooded district and said the city would pay for repairs.")
    assert [set(s) for _c, s, _t, _k, _ in found] == [{"Mayor"}]
    found = claims(pipe, "The union ended the strike on Monday, saying its demands had been met.")
    assert found and found[0][0] == "saying" and "Union" in found[0][1]


def test_stance_and_refusing_to_comment(pipe):
    cue, sources, _t, _k, _ = only(pipe, "The teachers' union endorsed Maria Olsen for governor.")
    assert cue == "endorsed" and "union" in "".join(sources).lower()
    cue, sources, _t, _k, _ = only(pipe, "A spokesman for the club declined to comment.")
    assert cue == "declined to comment"


def test_nouns_that_look_like_verbs_are_not_cues(pipe):
    assert claims(pipe, "Tuesday's contests in four states drew record turnout.") == []
    assert claims(pipe, "The country added 200,000 jobs in May.") == []


def test_polls_as_sources(pipe):
    cue, sources, content, _k, _ = only(pipe, "The senator leads by nine points in the latest Harbor Times poll.")
    assert cue == "in" and "Harbor Times" in "".join(sources)
    assert content.startswith("The senator leads")


def test_passive_with_and_without_a_named_source(pipe):
    cue, sources, _t, _k, _ = only(pipe, "The harbour plan was rejected by the city council.")
    assert cue == "was rejected by" and "City council" in "".join(sources)
    cue, sources, _t, _k, c = only(pipe, "The bridge is widely expected to reopen in May.")
    assert cue == "is widely expected" and c.sources[0].kind == "unnamed" and c.sources[0].mention is None


def test_hearsay_adverbs_and_questions_put_to_someone(pipe):
    cue, _s, _t, _k, c = only(pipe, "The envoy reportedly met rebel leaders twice.")
    assert cue == "reportedly" and c.sources[0].kind == "unnamed"
    found = claims(pipe, "Asked about the strike, the mayor said talks would resume.")
    assert [f[0] for f in found] == ["Asked about", "said"]
    assert found[1][2] == "talks would resume"


def test_a_trailing_source_holds_the_whole_sentence(pipe):
    cue, sources, content, _k, _ = only(pipe, "He agreed to sell the farm in 2019, court records show.")
    assert cue == "show" and content == "He agreed to sell the farm in 2019"


def test_title_case_headline(pipe):
    cue, sources, content, _k, _ = only(pipe, "Port Chief Says Cranes Will Be Replaced By Spring")
    assert cue == "Says" and "Port Chief" in "".join(sources) or "Chief" in "".join(sources)


def test_definite_description_names_the_source_cited_before(pipe):
    text = ("The Norwegian Ministry of Health said 40 clinics had closed. The ministry added that 12 would reopen "
            "in May.\n\nThe energy company Voltara said prices would rise. The company later said the rise was "
            "temporary.")
    found = claims(pipe, text)
    by_cue = {(cue, content): srcs for cue, srcs, content, _k, _c in found}
    ministry = next(srcs for (cue, content), srcs in by_cue.items() if cue == "added")
    first = next(srcs for (cue, content), srcs in by_cue.items() if content and "40 clinics" in content)
    assert set(ministry) == set(first) and len(ministry) == 1
    company = [srcs for (cue, content), srcs in by_cue.items() if content and "temporary" in content]
    assert company == [{"Voltara": "speaker"}]


def test_definite_description_without_an_antecedent_stays_generic(pipe):
    (_cue, srcs, _content, _kind, _c) = only(pipe, "The ministry said 40 clinics had closed.")
    assert list(srcs) == ["Ministry"]


def test_statement_issued_by_a_source_is_that_source(pipe):
    (_cue, srcs, content, _kind, _c) = only(
        pipe, 'The Chilean navy issued a statement saying that "two vessels were damaged."')
    assert list(srcs) == ["Navy (Chile)"] or "navy" in next(iter(srcs)).lower()
    assert "two vessels" in content


@pytest.mark.parametrize("sentence, name", [
    ("Councillor Priya Mehta said the budget was approved.", "Priya Mehta"),
    ("Coast guard duty officer Lars Berg said 12 people were rescued.", "Lars Berg"),
])
def test_titles_are_not_part_of_a_person_name(pipe, sentence, name):
    (_cue, srcs, _content, _kind, c) = only(pipe, sentence)
    assert list(srcs) == [name]
    assert c.sources[0].kind == "person"


def test_a_passive_state_inside_the_content_does_not_take_over(pipe):
    (cue, srcs, content, _kind, _c) = only(pipe, "The weather service said 2 storms were expected.")
    assert cue == "said" and list(srcs) == ["Weather service"] and content == "2 storms were expected"


def test_plural_possessive_inside_a_name(pipe):
    _cue, sources, *_ = only(pipe, "The Harbour Pilots' Association said the channel was unsafe.")
    assert set(sources) == {"Harbour Pilots' Association"}


@pytest.mark.parametrize("sentence, person, parent", [
    ("Reuters' Anna Berg reported that the vote had been delayed.", "Anna Berg", "Reuters"),
    ("CNN's Tomas Ilves said the talks would resume.", "Tomas Ilves", "CNN"),
    ("Union chair Marta Vik said the strike would go ahead.", "Marta Vik", "Union"),
])
def test_a_person_named_with_whom_they_work_for(pipe, sentence, person, parent):
    *_, claim = only(pipe, sentence)
    (ref,) = claim.sources
    assert (ref.name, ref.kind, ref.parent) == (person, "person", parent)


@pytest.mark.parametrize("sentence", [
    "There were angry phone calls between the two capitals all week.",
    "What the vote in Kansas tells us about the race is still unclear.",
    "The storm over Kansas shows the limits of forecasting.",
])
def test_nouns_and_clauses_that_look_like_sources(pipe, sentence):
    assert {name for _cue, sources, *_ in claims(pipe, sentence) for name in sources} == set()


@pytest.mark.parametrize("sentence, source", [
    # a titled name between commas after the subject noun: the name speaks, not a noun after the verb
    ("The navy's spokesperson, Lt. Cmdr. Ana Ruiz, said the figures from the port were wrong.", "Ana Ruiz"),
    ("Its spokesman, Senior Colonel Li Wen, said the patrol tested new radars.", "Li Wen"),
    ("The coach, Mara Voss, said the team was ready.", "Mara Voss"),
    # a possessive opens an appositive, not a clause
    ("Gen. Tomas Berg, Norway's army chief, said at about 3 a.m. that the drill had ended.", "Tomas Berg"),
])
def test_appositive_subjects(pipe, sentence, source):
    cue, sources, content, _kind, _c = only(pipe, sentence)
    assert cue == "said" and sources == {source: "speaker"}, sources
    assert content.startswith(("the", "at about", "that")), content


@pytest.mark.parametrize("sentence, source", [
    ("The plant will close, two people familiar with the plans said.", "People"),
    ("A person with direct knowledge of the talks said the deal was near.", "Person"),
    ("Officials close to the mayor said she would resign.", "Officials"),
])
def test_people_familiar_with_the_matter_are_the_source(pipe, sentence, source):
    _cue, sources, _content, _kind, c = only(pipe, sentence)
    assert list(sources) == [source]
    assert c.sources[0].kind == "unnamed"


def test_floating_quantifiers_are_not_sources(pipe):
    text = "Chile and Peru have both denied the report. Both said the border was calm. Most said the vote was fair."
    found = claims(pipe, text)
    assert found[0][1] == {"Chile": "speaker", "Peru": "speaker"} and found[0][3] == "denial"
    assert found[1][1] == {"Chile": "speaker", "Peru": "speaker"}  # "Both": the two named before
    assert [s.kind for s in found[2][4].sources] == ["unnamed"]


def test_clock_times_before_a_name(pipe):
    text = ("10:05 Interfax cited a port official as saying the ferry had docked.\n\n"
            "11:40 Kallas: the sanctions package is ready for a vote")
    first, second = claims(pipe, text)
    assert first[1] == {"Port official": "speaker", "Interfax": "reporter"}, first[1]
    assert second[1] == {"Kaja Kallas": "speaker"}, second[1]
    assert second[2] == "the sanctions package is ready for a vote"


def test_passive_quoted_by_x_as_saying_is_a_chain(pipe):
    cue, sources, content, _kind, _c = only(
        pipe, "Mayor Ilse Brandt was quoted by the Tallinn Herald as saying the bridge would reopen.")
    assert sources == {"Ilse Brandt": "speaker", "Tallinn Herald": "reporter"}
    assert cue.endswith("as saying") and content == "the bridge would reopen"
    _cue, sources, content, _kind, _c = only(
        pipe, "\u201cWe will rebuild,\u201d the mayor was cited by Interfax as saying.")
    assert sources["Interfax"] == "reporter" and "We will rebuild" in content


def test_a_trailing_report_of_a_named_statement_is_a_chain(pipe):
    cue, sources, content, kind, _c = only(
        pipe, "Ankara rejected the accusations as baseless, Turkish state media reported.")
    assert cue == "rejected" and kind == "denial"
    assert sources == {"Turkey": "speaker", "Media (Turkey)": "reporter"}, sources
    assert content == "the accusations as baseless"
    # every statement the report holds gets the reporter
    found = claims(pipe, "Lind said the plan was dead and Berg said talks were over, Interfax reported.")
    assert [f[1] for f in found] == [{"Lind": "speaker", "Interfax": "reporter"},
                                     {"Berg": "speaker", "Interfax": "reporter"}]
    assert [f[2] for f in found] == ["the plan was dead", "talks were over"]
    # a document or record that shows something holds the whole clause, as before
    cue, sources, content, _kind, _c = only(pipe, "He sold the farm in 2010, records show.")
    assert cue == "show" and content == "He sold the farm in 2010"


def test_modal_passives_are_not_reports(pipe):
    assert claims(pipe, "Neither figure could be independently verified.") == []
    assert claims(pipe, "The claims could not be verified.") == []
    analysis = pipe.analyse(RawDocument("t.txt", "I believe that this demand should be rejected outright."))
    sent = analysis.stories[0].sentences[0]
    assert sent.kind == "opinion" and not sent.claims


def test_the_time_of_saying_after_the_cue_is_not_the_content(pipe):
    _cue, sources, content, _kind, _c = only(pipe, "Talks will resume on Monday, the minister said on Friday.")
    assert content == "Talks will resume on Monday" and list(sources) == ["Minister"]
    assert _c.sources[0].kind == "person"  # "the minister": a person, not an organisation


def test_putting_a_figure_at_a_number_is_a_report(pipe):
    cue, sources, content, _kind, _c = only(pipe, "Local medics put the death toll at 46.")
    assert cue == "put" and list(sources) == ["Local medics"] and content == "the death toll at 46"
    cue, sources, content, _kind, _c = only(pipe, "The port authority puts the cost of repairs at about $3 million.")
    assert cue == "puts" and content == "the cost of repairs at about $3 million"
    assert claims(pipe, "He put the box on the table.") == []
    assert claims(pipe, "The firm puts customers at the heart of its plans.") == []


def test_a_short_name_is_the_source_named_in_full_before(pipe):
    text = ("Harbour spokeswoman Ilka Brandvold said the quay had reopened. Brandvold said repairs cost little. "
            "Ms. Brandvold added that ferries would run.\n\n"
            "The Coastal Defence League (CDL) said its boats had left port. The CDL said it did not block the channel. "
            "It denied sinking any trawler.")
    found = claims(pipe, text)
    assert [list(f[1]) for f in found[:3]] == [["Ilka Brandvold"]] * 3
    assert [list(f[1]) for f in found[3:]] == [["Coastal Defence League"]] * 3, [f[1] for f in found[3:]]
    assert found[4][4].sources[0].kind != "person"  # an acronym is not a person


def test_a_pronoun_takes_the_speaker_named_earlier_in_its_sentence(pipe):
    text = ("Fleet admiral Ruth Okafor said the convoy was delayed. Minister Tomas Brand dismissed the report. "
            "Okafor said on Tuesday that the convoy was safe, but she said the route had changed.")
    found = claims(pipe, text)
    assert [list(f[1]) for f in found[-2:]] == [["Ruth Okafor"], ["Ruth Okafor"]], [f[1] for f in found]


def test_going_on_is_not_speaking(pipe):
    _cue, sources, content, _kind, _c = only(pipe, "Port official Ana Ruiz said the shipments had continued.")
    assert sources == {"Ana Ruiz": "speaker"} and content == "the shipments had continued"
    assert claims(pipe, "The fighting continued.") == []


def test_a_weekday_between_the_name_and_the_verb_is_not_part_of_the_name(pipe):
    _cue, sources, _content, _kind, c = only(pipe, "Port spokesman Ivo Lind on Monday dismissed the reports.")
    assert list(sources) == ["Ivo Lind"] and c.sources[0].mention.text == "Port spokesman Ivo Lind"


def test_a_portfolio_title_is_not_a_parent_body(pipe):
    _cue, _sources, _content, _kind, c = only(pipe, "Interior Minister Lena Holm said the border would stay open.")
    assert c.sources[0].name == "Lena Holm" and c.sources[0].parent is None  # whose interior ministry: not said
    _cue, _sources, _content, _kind, c = only(pipe, "German Interior Minister Lena Holm said the border would stay open.")
    assert c.sources[0].parent == "Ministry of Internal Affairs (Germany)"


def test_the_outlet_a_source_told_is_the_reporter(pipe):
    _cue, sources, content, _kind, _c = only(pipe, "Opposition leader Ana Lind told AP that the count was a fraud.")
    assert sources == {"Ana Lind": "speaker", "Associated Press": "reporter"} and content == "the count was a fraud"
    assert _c.sources[0].parent is None  # "Opposition" is a description, not a body
    _cue, sources, _content, _kind, _c = only(pipe, "The mayor told the BBC on Monday that the bridge would reopen.")
    assert sources == {"Mayor": "speaker", "BBC": "reporter"}
    _cue, sources, _content, _kind, _c = only(pipe, "The mayor told reporters that the bridge would reopen.")
    assert sources == {"Mayor": "speaker"}
