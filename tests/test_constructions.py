"""Each attribution construction called alone on sentences written for these tests, so a failure names the
construction that broke. The end-to-end behaviour is in test_attribution.py."""

from __future__ import annotations

import pytest

from claimtrack import lexicon
from claimtrack.attribution import Attribution, Attributor, Context, Mention, SourceHit, constructions, vocab
from claimtrack.attribution.constructions import CONSTRUCTIONS, AtWord, OverSentence
from claimtrack.attribution.coref import continuation, definite, pronoun
from claimtrack.lexicon import LexiconError
from claimtrack.model import CUE_CLASS_TABLE, CUE_CLASSES
from claimtrack.sources import Entry, Resolver
from claimtrack.words import IRREGULAR_PAST


@pytest.fixture(scope="module")
def attributor():
    return Attributor(Resolver())


def summary(text: str, a: Attribution) -> tuple:
    """(cue, {source: role}, content, kind, method)."""
    content = text[a.content[0] : a.content[1]] if a.content else None
    return (a.cue.text if a.cue else None, {h.entry.name: h.role for h in a.sources}, content, a.kind, a.method)


def at_word(attributor, read, text: str, word: str):
    """Run the AtWord construction ``read`` at the first token ``word`` of ``text``: its summary, or None."""
    view = attributor.view(text)
    i = next(k for k, t in enumerate(view.toks) if t.low == word)
    got = read(view, i)
    return None if got is None else summary(text, got[0])


def over_sentence(attributor, read, text: str) -> list[tuple]:
    return [summary(text, a) for a in read(attributor.view(text))]


@pytest.mark.parametrize("text, expected", [
    ("According to the coast guard, two boats sank overnight.",
     ("According to", {"Coast guard": "speaker"}, "two boats sank overnight", "indirect_quote", "according_to")),
    ("Two ferries were late, according to the harbour office.",
     ("according to", {"Harbour office": "speaker"}, "Two ferries were late", "indirect_quote", "according_to")),
    # a report's author is the source
    ("According to a report by the Valley Courier, the mill will close.",
     ("According to", {"Valley Courier": "speaker"}, "the mill will close", "indirect_quote", "according_to")),
    ("The match went according to plan.", None),
])
def test_according_to(attributor, text, expected):
    assert at_word(attributor, constructions.according_to, text, "according") == expected


@pytest.mark.parametrize("text, word, expected", [
    ("The mill closed in May, as reported by the Valley Courier.", "reported",
     ("reported by", {"Valley Courier": "speaker"}, "The mill closed in May", "indirect_quote", "reported_by")),
    # a chain "quoted by X as saying" is the verb's
    ("The envoy was quoted by Interfax as saying the talks failed.", "quoted", None),
])
def test_reported_by(attributor, text, word, expected):
    assert at_word(attributor, constructions.reported_by, text, word) == expected


@pytest.mark.parametrize("text, word, expected", [
    # the source before the verb
    ("The harbour master said the port would reopen.", "said",
     ("said", {"Harbour master": "speaker"}, "the port would reopen", "indirect_quote", "verb_say")),
    ("The dam will hold, the engineers insisted.", "insisted",
     ("insisted", {"Engineers": "speaker"}, "The dam will hold", "indirect_quote", "verb_say")),
    ("The ministry denied the report.", "denied",
     ("denied", {"Ministry": "speaker"}, "the report", "denial", "verb_deny")),
    ("Local medics put the death toll at 46.", "put",
     ("put", {"Local medics": "speaker"}, "the death toll at 46", "indirect_quote", "verb_say")),
    # the outlet a source told reports it
    ("Mayor Ilse Brandt told the BBC that the bridge would reopen.", "told",
     ("told", {"Ilse Brandt": "speaker", "BBC": "reporter"}, "the bridge would reopen", "indirect_quote", "verb_say")),
    # inverted: the source after the verb
    ('"The port is closed," said Ilse Brandt.', "said",
     ("said", {"Ilse Brandt": "speaker"}, '"The port is closed,"', "direct_quote", "verb_inverted")),
    # a chain: speaker and reporter
    ("The Daily Ledger quoted Senator Ruth Okafor as saying the bill was dead.", "quoted",
     ("quoted Senator Ruth Okafor as saying", {"Ruth Okafor": "speaker", "Daily Ledger": "reporter"},
      "the bill was dead", "indirect_quote", "quoted_as_saying")),
    # a passive with no source named
    ("The plan was widely expected to fail.", "expected",
     ("was widely expected", {"Unnamed source": "speaker"}, "The plan was widely expected to fail", "indirect_quote",
      "passive")),
    # a title-case headline: a capitalized cue word counts
    ("Port Chief Says Cranes Will Be Replaced", "says",
     ("Says", {"Port Chief": "speaker"}, "Cranes Will Be Replaced", "indirect_quote", "verb_say")),
    # the subject shared with the clause before
    ("The mayor visited the district and said the city would pay.", "said",
     ("said", {"Mayor": "speaker"}, "the city would pay", "indirect_quote", "verb_say")),
    ("The union ended the strike, saying its demands were met.", "saying",
     ("saying", {"Union": "speaker"}, "its demands were met", "indirect_quote", "verb_say")),
    # a strict cue speaks only before a pause
    ("She continued: the talks are over.", "continued",
     ("continued", {"Unidentified person": "speaker"}, "the talks are over", "indirect_quote", "verb_say")),
    ("She continued her campaign in the north.", "continued", None),
    # not reports: nouns, counting, naming, states, the writer's view, receiving, modals, a capital mid-sentence
    ("There were angry phone calls all week.", "calls", None),
    ("The country added 200,000 jobs in May.", "added", None),
    ("The firm puts customers first.", "puts", None),
    ("A book called Harbour Lights sold well.", "called", None),
    ("The storms were expected.", "expected", None),
    ("I believe the plan will work.", "believe", None),
    ("The reporter was told to leave.", "told", None),
    ("The claims could not be verified.", "verified", None),
    ("Critics of the plan Say nothing.", "say", None),
    # a view needs its holder before it: no inverted "believes X"
    ("The voters want change, believes Ana Ruiz.", "believes", None),
])
def test_verb(attributor, text, word, expected):
    assert at_word(attributor, constructions.verb, text, word) == expected


def test_verb_resumes_the_scan_after_its_cue(attributor):
    text = "Officials in the port pointed out that the cranes were old."
    view = attributor.view(text)
    i = next(k for k, t in enumerate(view.toks) if t.low == "pointed")
    att, resume = constructions.verb(view, i)
    assert att.cue.text == "pointed out" and view.toks[resume].low == "that"


@pytest.mark.parametrize("text, expected", [
    ("Governor Ames: The levees will hold",
     [(":", {"Ames": "speaker"}, "The levees will hold", "indirect_quote", "colon")]),
    ("11:40 Kallas: the sanctions package is ready for a vote",
     [(":", {"Kaja Kallas": "speaker"}, "the sanctions package is ready for a vote", "indirect_quote", "colon")]),
    ("Update: The road is open again after the storm.", []),
])
def test_colon_headline(attributor, text, expected):
    assert over_sentence(attributor, constructions.colon_headline, text) == expected


def test_colon_headline_makes_what_follows_the_speakers_words(attributor):
    view = attributor.view("Governor Ames: we said the levees would hold")
    said = next(k for k, t in enumerate(view.toks) if t.low == "said")
    assert not view.quoted[said]
    constructions.colon_headline(view)
    assert view.quoted[said]


def test_colon_late_reads_a_colon_after_the_first_60_characters(attributor):
    text = "Featherstonehaugh-Worthington Cholmondeley-Marjoribanks Wolfeschlegelstein: the dam will hold firm"
    assert over_sentence(attributor, constructions.colon_headline, text) == []
    (found,) = over_sentence(attributor, constructions.colon_late, text)
    assert found[0] == ":" and found[2] == "the dam will hold firm"
    assert over_sentence(attributor, constructions.colon_late, "Governor Ames: The levees will hold") == []


@pytest.mark.parametrize("text, expected", [
    ("The senator leads by nine points in the latest Harbor Times poll.",
     [("in", {"Harbor Times": "speaker"}, "The senator leads by nine points", "indirect_quote",
       "in_document")]),
    ("The poll closed in May.", []),
])
def test_in_document(attributor, text, expected):
    assert over_sentence(attributor, constructions.in_document, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The talks seem likely to fail.", [("seem", {"Writer": "speaker"}, "likely to fail", "indirect_quote", "seem")]),
    ("The mayor appeared at the hearing.", []),
])
def test_seem(attributor, text, expected):
    assert over_sentence(attributor, constructions.seem, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("The envoy reportedly met rebel leaders twice.",
     [("reportedly", {"Unnamed source": "speaker"}, "The envoy reportedly met rebel leaders twice", "indirect_quote",
       "hearsay_adverb")]),
    ('"He reportedly left," she joked.', []),  # inside a quotation: the speaker's word
])
def test_hearsay_adverb(attributor, text, expected):
    assert over_sentence(attributor, constructions.hearsay_adverb, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Asked about the strike, the mayor said talks would resume.",
     [("Asked about", {"Unnamed source": "speaker"}, "the strike", "indirect_quote", "asked")]),
    ("When asked by reporters about the dam, she smiled.",
     [("asked by", {"Reporters": "speaker"}, "reporters about the dam", "indirect_quote", "asked")]),
    ("She asked for more time.", []),
])
def test_asked(attributor, text, expected):
    assert over_sentence(attributor, constructions.asked, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("It is reported that the dam failed.",
     [("It is reported that", {"Unnamed source": "speaker"}, "the dam failed", "indirect_quote", "passive_report")]),
    ("Reports say the dam failed.", []),
])
def test_it_is_reported(attributor, text, expected):
    assert over_sentence(attributor, constructions.it_is_reported, text) == expected


def test_shared_subject(attributor):
    text = "The mayor visited the district and said the city would pay."
    view = attributor.view(text)
    said = next(k for k, t in enumerate(view.toks) if t.low == "said")
    assert [h.entry.name for h in constructions.shared_subject(view, said)] == ["Mayor"]  # the first noun phrase
    # an attribution found earlier in the sentence comes first
    earlier = SourceHit(Entry("Ana Ruiz", "person", None, None, "auto"), "speaker", Mention(0, 3, "The"))
    view.found.append(Attribution(Mention(4, 9, "mayor"), None, [earlier], "indirect_quote", "verb_say"))
    assert constructions.shared_subject(view, said) == [earlier]


def _hit(name: str, kind: str) -> SourceHit:
    return SourceHit(Entry(name, kind, None, None, "auto"), "speaker", None)


def test_pronouns(attributor):
    ctx = Context()
    ctx.remember([_hit("Petra Lind", "person")])
    ctx.remember([_hit("Dock workers' union", "organization")])
    view = attributor.view("She said they would strike.", ctx=ctx)
    she, they = view.toks[0], view.toks[2]
    assert [h.entry.name for h in pronoun(view, she, "speaker")] == ["Petra Lind"]
    assert [h.entry.name for h in pronoun(view, they, "speaker")] == ["Dock workers' union"]
    # with nothing before, the attribution stays, its source unidentified
    alone = attributor.view("He said it.")
    assert [h.entry.name for h in pronoun(alone, alone.toks[0], "speaker")] == ["Unidentified person"]
    # a speaker named earlier in the sentence comes before the story's
    alone.found.append(Attribution(None, None, [SourceHit(Entry("Tomas Berg", "person", None, None, "auto"),
                                                          "speaker", Mention(-5, -1, "Berg"))], "indirect_quote", "x"))
    assert [h.entry.name for h in pronoun(alone, alone.toks[0], "speaker")] == ["Tomas Berg"]


@pytest.mark.parametrize("text, last, expected", [
    ("The ministry added that clinics closed.", 1, "Ministry of Health (Norway)"),  # its name holds the noun
    ("The newspaper said the mill would close.", 1, "Harbour Gazette"),  # a generic noun names its kind
    ("The Ministry said so.", 1, None),  # a capital: a name of its own
    ("The report said so.", 1, None),  # a report head is no source
])
def test_definite_descriptions(attributor, text, last, expected):
    ctx = Context()
    ctx.remember([_hit("Harbour Gazette", "newspaper")])
    ctx.remember([_hit("Ministry of Health (Norway)", "ministry")])
    named = definite(attributor.view(text, ctx=ctx), 0, last)
    assert (named.name if named else None) == expected


def test_quote_continuation():
    text = 'The captain said the team had tried. "We were slow." Then it rained.'
    quote = (text.index('"We'), text.index(" Then"))
    ctx = Context()
    ctx.cite([Attribution(Mention(12, 16, "said"), (17, 35), [_hit("Mara Voss", "person")], "indirect_quote",
                          "verb_say")], text[:36], paragraph=1)
    (cont,) = continuation(ctx, text, *quote, paragraph=1, was_in_quote=False)
    assert (cont.cue, cont.content, cont.kind, cont.method) == (None, quote, "direct_quote", "quote_continuation")
    assert [(h.entry.name, h.mention) for h in cont.sources] == [("Mara Voss", None)]
    # no quotation mark and none left open: not a continuation
    assert continuation(ctx, text, text.index("Then"), len(text), paragraph=1, was_in_quote=False) == []
    # a quotation carried in from the sentence before continues it
    assert continuation(ctx, text, text.index("Then"), len(text), paragraph=1, was_in_quote=True)
    # two paragraphs on, or three sentences on, the quotation is someone else's
    assert continuation(ctx, text, *quote, paragraph=3, was_in_quote=False) == []
    ctx.distance = 3
    assert continuation(ctx, text, *quote, paragraph=1, was_in_quote=False) == []


def test_colon_continuation():
    ctx = Context()
    text = "The ministry issued a statement saying: The port is closed."
    ctx.cite([Attribution(Mention(32, 38, "saying"), None, [_hit("Ministry", "ministry")], "indirect_quote",
                          "verb_say")], text[:39], paragraph=1)
    ctx.distance, ctx.last_any = 5, []  # too far for a quote continuation
    (cont,) = continuation(ctx, text, 40, len(text), paragraph=1, was_in_quote=False)
    assert cont.method == "colon_continuation" and [h.entry.name for h in cont.sources] == ["Ministry"]


def test_the_attributor_reads_sentences_interleaved(attributor):
    first = "The harbour master said the port would reopen."
    second = "Reuters cited a senior diplomat as saying the talks had stalled."
    alone = [summary(first, a) for a in attributor.attribute(first, 0, len(first))]
    a, b = attributor.view(first), attributor.view(second)
    said = next(k for k, t in enumerate(a.toks) if t.low == "said")
    cited = next(k for k, t in enumerate(b.toks) if t.low == "cited")
    got_b = constructions.verb(b, cited)
    got_a = constructions.verb(a, said)
    assert [summary(first, got_a[0])] == alone
    assert summary(second, got_b[0])[1] == {"Diplomat": "speaker", "Reuters": "reporter"}
    assert a.found == [] and b.found == []  # a construction returns what it read; the attributor collects it


def test_the_registry_order_and_triggers(attributor):
    assert [c.name for c in CONSTRUCTIONS] == [
        "colon_headline", "according_to", "reported_by", "verb", "colon_late", "in_document", "seem",
        "hearsay_adverb", "asked", "it_is_reported"]
    assert all(isinstance(c, AtWord) for c in CONSTRUCTIONS[1:4])
    assert [c.name for c in CONSTRUCTIONS if isinstance(c, OverSentence) and c.alone] == [
        "colon_late", "in_document", "seem", "hearsay_adverb", "it_is_reported"]
    for c in CONSTRUCTIONS:
        assert list(c.words(attributor.lex)), c.name
    # a sentence without any construction's trigger word is not read at all
    assert attributor.attribute("The bridge opened in May.", 0, 25) == []


def test_every_cue_class_has_a_row():
    assert set(CUE_CLASSES) == set(CUE_CLASS_TABLE)
    assert {row["class"] for row in lexicon.table("cues.tsv")} <= set(CUE_CLASS_TABLE)
    for c in CUE_CLASS_TABLE.values():
        assert c.reported_as is None or c.reported_as in CUE_CLASS_TABLE, c.name
    assert [c.name for c in CUE_CLASS_TABLE.values() if c.denial_like] == ["deny"]


def test_attributions_past_forms_are_irregular_pasts():
    assert vocab.PAST_FORMS <= IRREGULAR_PAST


def test_a_lemma_section_names_cue_lemmas(monkeypatch):
    real = lexicon._read

    def read(name):
        lines = real(name)
        if name == "attribution.txt":
            at = next(i for i, (_n, line) in enumerate(lines) if line == "[naming_cues]")
            lines = [*lines[: at + 1], (0, "nicknamed"), *lines[at + 1 :]]
        return lines

    monkeypatch.setattr(lexicon, "_read", read)
    for cached in (lexicon.sections, vocab.word_lists):
        cached.cache_clear()
    try:
        with pytest.raises(LexiconError, match=r"\[naming_cues\]: 'nicknamed' is not a lemma of cues\.tsv"):
            vocab.word_lists()
    finally:
        monkeypatch.undo()
        for cached in (lexicon.sections, vocab.word_lists):
            cached.cache_clear()
