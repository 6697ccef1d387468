"""Sentence segmentation with offsets."""

from __future__ import annotations

import re

import pytest

from claimtrack.segment import _word_before, lines, split_sentences


def texts(text: str) -> list[str]:
    spans = split_sentences(text)
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and e > s
    return [text[s:e] for s, e in spans]


def test_offsets_index_the_text():
    text = "  First sentence here. Second one follows!\n\nThird? Yes."
    assert texts(text) == ["First sentence here.", "Second one follows!", "Third?", "Yes."]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met Gov. Rick Snyder in Lansing.",
        "U.S. officials said the talks would resume.",
        "The meeting was held in Jan. 2024 in Geneva.",
        "J. Smith won the race.",
        "He lives at No. 10 Downing Street.",
    ],
)
def test_abbreviations_do_not_end_sentences(text):
    assert texts(text) == [text]


def test_line_breaks_end_sentences_and_headlines():
    assert texts("Storm hits coast\nThe storm hit the coast on Monday.") == [
        "Storm hits coast", "The storm hit the coast on Monday."]


def test_quote_over_a_line_break_stays_one_sentence():
    text = 'He said: "We will not leave\nthis city." Then he left.'
    assert texts(text) == ['He said: "We will not leave\nthis city."', "Then he left."]


def test_list_marker_joins_its_item():
    assert texts("1. Show the world. 2. Strengthen ties.") == ["1. Show the world.", "2. Strengthen ties."]
    assert texts("1.\nShow the world.")[0].startswith("1.")


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("MOSCOW, June 19 (Reuters) - Russia said it had shot down 12 drones.", "MOSCOW, June 19 (Reuters) -"),
        ("KYIV, Ukraine (AP) — Russian forces struck a power plant.", "KYIV, Ukraine (AP) —"),
        ("SEOUL, Oct. 12 (Yonhap) -- North Korea fired a missile.", "SEOUL, Oct. 12 (Yonhap) --"),
        ("LONDON — The Bank of England held rates.", "LONDON —"),
    ],
)
def test_wire_dateline_is_its_own_sentence(text, dateline):
    out = texts(text)
    assert out[0] == dateline and len(out) == 2


def test_hyphenated_words_are_not_datelines():
    assert texts("NATO - the alliance - met today.") == ["NATO - the alliance - met today."]


def test_lines_are_stripped_spans():
    text = "  a  \n\n b\n"
    assert [text[s:e] for s, e in lines(text)] == ["a", "b"]


def test_word_before_reads_the_last_word_as_the_pattern_does():
    pattern = re.compile(r"([A-Za-z][A-Za-z.&'’-]*)\s*$")
    for prefix in ["He met Mr", "He met Mr  ", "the U.S", "AT&T", "rock'n'roll  \n", "in 2024", "", "   ",
                   "x -.'Dr", "--.", "'’-abc", "end.\u00a0", "café", "Smith-Jones", "ends with a dot.", "9a", "a9"]:
        m = pattern.search(prefix)
        assert _word_before(prefix) == (m.group(1) if m else None), prefix
