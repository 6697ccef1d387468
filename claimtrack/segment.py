"""Sentence segmentation with character offsets.

Rule-based and fast (a single compiled regex pass per block), tuned for news:
- blank lines and single line breaks end sentences (scraped pages put one paragraph per line;
  headlines have no full stop), except that a line break inside an open double quote does not;
- ``.``, ``!``, ``?`` and ``...`` end a sentence when followed by space and an upper-case letter, digit or
  opening quote, unless the word before is a known abbreviation ("Mr.", "Gov.", "U.S.", "Jan.") or an
  initial ("J. Smith");
- a list marker ("1.", "2)") on its own joins the item that follows it;
- a wire dateline opening a paragraph ("MOSCOW, June 19 (Reuters) -") is a sentence of its own.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import fastre, lexicon

_BOUNDARY = fastre.compile(
    r"""(?:\.\.\.|…|[.!?])+       # terminal punctuation
        ['"”’)\]]*                # closing quotes / brackets
        (?:\.(?=\s))?             # a stray full stop after a closing quote: ."."
        (?=\s+[\[('"“‘A-Z0-9■▲▼●•–—-]|\s*$)""",
    re.VERBOSE,
)
# a wire dateline opening a paragraph: "MOSCOW, June 19 (Reuters) - ", "KYIV, Ukraine (AP) — ", "PARIS (AFP) - ",
# "LONDON — "; it becomes a sentence of its own (metadata), so the claim after it starts clean
_DATELINE = fastre.compile(
    r"""^[A-Z][A-Z.'’-]{2,}(?:\s+[A-Z][A-Z.'’-]+){0,3}
        (?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?
        (?:\s*\((?P<credit>[A-Za-z][^)]{1,30})\))?
        \s*(?P<dash>—|–|--|-)(?=\s+[A-Z"“‘'])""",
    re.VERBOSE,
)


def dateline_credit(sentence: str) -> str | None:
    """The agency a wire dateline credits: "SEOUL, March 5 (Reuters) -" → "Reuters"."""
    m = _DATELINE.match(sentence + " X") if sentence.rstrip().endswith(("-", "—", "–")) else _DATELINE.match(sentence)
    return m.group("credit") if m else None
_LIST_MARKER = fastre.compile(r"^\s*(?:\d{1,2}|[a-z])[.)]$")
_QUOTES_OPEN = "“"
_QUOTES_CLOSE = "”"


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(lexicon.words("abbreviations.txt"))


_BEFORE_NUMBER = frozenset(lexicon.words("number_abbreviations.txt"))  # "No. 10", "Art. 5"


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_WORD_CHARS = _LETTERS | frozenset(".&'’-")


def _word_before(prefix: str) -> str | None:
    r"""The word ``prefix`` ends with (trailing spaces aside): the run of word characters (letters and
    ``.&'’-``) at the end, from its first letter on — what ``([A-Za-z][A-Za-z.&'’-]*)\s*$`` finds, read
    backwards from the end (a search for a pattern tied to the end tries every position first)."""
    end = len(prefix.rstrip())
    i = end
    while i and prefix[i - 1] in _WORD_CHARS:
        i -= 1
    while i < end and prefix[i] not in _LETTERS:
        i += 1
    return prefix[i:end] if i < end else None


_DOTTED_ACRONYM = re.compile(r"(?:[A-Za-z]\.){2,}")
_LINE = re.compile(r"[^\n]+")


def _is_abbreviation(prefix: str, following: str = "") -> bool:
    word = _word_before(prefix)
    if not word:
        return False
    if word.lower() in _BEFORE_NUMBER:
        return following.lstrip()[:1].isdigit()
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return True
    if word.lower() in _abbreviations():
        return True
    # acronyms with internal full stops: "U.S.", "F.A.A." (a sentence may still end here; rare)
    return bool(_DOTTED_ACRONYM.fullmatch(word + "."))


def _quote_open(text: str) -> bool:
    """True when ``text`` leaves a double quote open."""
    if text.count('"') % 2 == 1:
        return True
    return text.count(_QUOTES_OPEN) > text.count(_QUOTES_CLOSE)


def lines(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Non-blank lines of ``text[start:end]`` as stripped (start, end) spans."""
    end = len(text) if end is None else end
    spans = ((m.start() + start, m.end() + start) for m in _LINE.finditer(text[start:end]))
    return _stripped(text, spans)


def _stripped(text: str, spans) -> list[tuple[int, int]]:
    """The spans without surrounding white space; empty ones dropped."""
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one block (a line or a paragraph) as stripped spans."""
    spans: list[tuple[int, int]] = []
    seg_start = start
    block = text[start:end]
    d = _DATELINE.match(block)
    if d and ("(" in d.group(0) or (d.group("dash") != "-" and d.group(0).rstrip("—–- ").replace(",", "").isupper())):
        spans.append((start, start + d.end()))
        seg_start = start + d.end()
    for m in _BOUNDARY.finditer(block):
        cut = start + m.end()
        if cut <= seg_start:
            continue
        term = m.group(0)
        if term.endswith(".") and not term.endswith("..") and _is_abbreviation(
            text[seg_start : start + m.start()], text[cut : cut + 3]
        ):
            # "Mr. Smith", "U.S. officials": not a boundary
            if not term.endswith(('"', "”", "’", "'")):
                continue
        if _LIST_MARKER.match(text[seg_start:cut]):
            continue
        spans.append((seg_start, cut))
        seg_start = cut
    spans.append((seg_start, end))
    return _stripped(text, spans)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentences of ``text[start:end]``; lines are blocks, joined while a double quote is open."""
    end = len(text) if end is None else end
    blocks: list[tuple[int, int]] = []
    spans = lines(text, start, end)
    i = 0
    while i < len(spans):
        s, e = spans[i]
        # a quote left open at a single line break runs on to the next line
        while (
            i + 1 < len(spans)
            and "\n\n" not in text[e : spans[i + 1][0]]
            and _quote_open(text[s:e])
            and _quote_open(text[spans[i + 1][0] : spans[i + 1][1]])  # the next line closes it
        ):
            i += 1
            e = spans[i][1]
        blocks.append((s, e))
        i += 1
    out: list[tuple[int, int]] = []
    for s, e in blocks:
        out.extend(split_block(text, s, e))
    return out
