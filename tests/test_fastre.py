"""fastre: the literal pre-filter never changes what a pattern finds."""

import re

import pytest

from claimtrack import fastre

PATTERNS = [
    (r"\b(?:flatly\s+)?(?P<cue>denied|rejected|dismissed)\b(?P<rest>.*)", re.I),
    (r"\b(?:ceasefire|truce)\b[^.]{0,120}\b(?:holding|held|respected)\b", re.I),
    (r"\bguilty\b(?<!not guilty)", re.I),
    (r"according\s+to\s+(?P<src>[A-Z][\w-]+)", 0),
    (r"(?:at least|about)?\s*\d+ (?:people|troops)", re.I),
    (r"\b(?:call(?:ed|s)?|describ(?:ed|es))\s+(?:the\s+)?(?:reports?|claims?)\s+(?:as\s+)?(?:false|baseless)\b", re.I),
    (r"straße|STRASSE", re.I),
    (r"(?:ab)+c", 0),
]
TEXTS = [
    "Moscow flatly DENIED the report on Tuesday.",
    "The Kremlin rejected it.",
    "The ceasefire was largely holding, officials said.",
    "The TRUCE, agreed in May, was respected.",
    "He was found not guilty.",
    "She pleaded guilty to fraud.",
    "according to Reuters, 40 people died",
    "At least 12 TROOPS were killed.",
    "The ministry called the reports baseless.",
    "It described claims as FALSE.",
    "Die Straße ist lang; die STRASSE auch.",
    "abababc and ac",
    "Nothing to see here.",
    "",
    "“Dismissed,” he said — déjà vu for the Kremlin, which denied it.",
]


@pytest.mark.parametrize("pattern,flags", PATTERNS)
def test_same_results_as_re(pattern, flags):
    fast, plain = fastre.compile(pattern, flags), re.compile(pattern, flags)
    for t in TEXTS:
        assert [m.span() for m in fast.finditer(t)] == [m.span() for m in plain.finditer(t)], t
        assert fast.findall(t) == plain.findall(t)
        assert fast.sub("#", t) == plain.sub("#", t)
        fm, pm = fast.search(t), plain.search(t)
        assert (fm.span() if fm else None) == (pm.span() if pm else None)
        assert bool(fast.match(t)) == bool(plain.match(t))


def test_filter_reads_necessary_literals():
    p = fastre.Pattern(r"\b(?:flatly\s+)?(?:denied|rejected)\b", re.I)
    assert p._lits == (("rejected", "denied"),)  # "flatly" is optional, so it is no condition
    assert not p.possible("The ministry confirmed it.")
    assert p.possible("It was DENIED.")
    both = fastre.Pattern(r"\b(?:ceasefire|truce)\b.{0,50}\bholding\b", re.I)
    assert not both.possible("The ceasefire collapsed.")  # every necessary part must be there
    assert both.possible("The truce is holding.")


def test_no_certain_literal_gives_the_plain_pattern():
    assert isinstance(fastre.compile(r"[A-Z]\w+|\d+"), re.Pattern)
    assert isinstance(fastre.compile(r"(?:foo)?b"), re.Pattern)  # optional parts and single characters: nothing
    assert isinstance(fastre.compile(r"(?:foo|)x"), re.Pattern)  # an empty branch needs nothing


def test_patterns_re_already_scans_fast_are_left_plain():
    assert isinstance(fastre.compile(r"^(?:the|a)\s+report", re.I), re.Pattern)  # tied to the start
    assert isinstance(fastre.compile(r"[\"“]\s*we did not"), re.Pattern)  # the engine skips to the quote mark
    assert isinstance(fastre.compile(r"\b(?:we did not)\b", re.I), fastre.Pattern)
