"""A sentence as attribution reads it: tokens, quotations, known names, and the per-sentence state.

``SentenceView`` is everything the constructions read and write for one sentence; nothing of a sentence is
kept anywhere else, so each construction can be called alone on a view, and two sentences can be read at once.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import fastre
from ..sources import SPELLING, norm
from .records import Attribution
from .vocab import Lexicons

if TYPE_CHECKING:
    from .coref import Context

TOKEN = fastre.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)*(?:[-.][A-Za-z0-9]+)*(?:(?<=[A-Z])\.)?|[^\sA-Za-z0-9]")
WORDS = fastre.compile(r"[a-z]+")
QUOTE_MARK = fastre.compile(r"''|``|[\"“”]")


class Tok:
    """A token: offsets into the document, text, lower-cased text (a plain slotted class: built per word)."""

    __slots__ = ("start", "end", "text", "low")

    def __init__(self, start: int, end: int, text: str, low: str):
        self.start, self.end, self.text, self.low = start, end, text, low

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r})"


def key(low: str) -> str:
    """A token's look-up form, as ``norm`` writes words (no dots, American spelling)."""
    k = low.replace(".", "").replace("’", "'")
    return SPELLING.get(k, k)


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    spans = [m.span() for m in TOKEN.finditer(text)]
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:
        # lower-casing kept every offset (and no final sigma depends on context): slice the lowered text
        return [Tok(s + offset, e + offset, text[s:e], low[s:e]) for s, e in spans]
    return [Tok(s + offset, e + offset, text[s:e], text[s:e].lower()) for s, e in spans]


def quote_regions(sent: str, carry_in: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Character regions of ``sent`` inside quotation marks, and whether a quotation is left open.

    ``carry_in``: the sentence starts inside a quotation opened earlier. A closing mark with no opener
    before it closes a quotation that started before the sentence.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = 0 if carry_in else None
    for m in QUOTE_MARK.finditer(sent):
        p, mark = m.start(), m.group()
        if mark in ("“", "``"):
            if open_at is None:
                open_at = p
                continue
            if p == 0 or sent[p - 1].isspace():
                continue
            # a mistyped closing mark: 'a fascist?“ he asked'
            regions.append((open_at, m.end()))
            open_at = None
            continue
        if mark == "”":
            closing = True
        elif open_at is not None:
            closing = True
        else:  # a straight mark: opening after a space or at the start, else closing one opened earlier
            closing = not (p == 0 or sent[p - 1] in " \t\n([{—–-/")
            if not closing:
                open_at = p
                continue
        if closing:
            regions.append((open_at if open_at is not None else 0, m.end()))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(sent)))
    return regions, open_at is not None


def trigger_words(sent: str) -> list[str]:
    """The sentence's lower-case words, and ":" when it has a colon: what may start a construction."""
    words = WORDS.findall(sent.lower())
    if ":" in sent:
        words.append(":")
    return words


def trim(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A content span without the punctuation, spaces and "that" around it; None when under 2 characters."""
    while s < e and (text[s].isspace() or text[s] in ",:;—–-"):
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] in ",:;.!?" and text[e - 2 : e - 1] not in ('"', "”")):
        e -= 1
    if e > s and text[s : s + 5].lower() == "that ":
        s += 5
    return (s, e) if e - s >= 2 else None


def quote_kind(text: str, content: tuple[int, int] | None) -> str:
    """direct_quote (the content is one quotation), mixed_quote (it holds one) or indirect_quote."""
    if not content:
        return "indirect_quote"
    c = text[content[0] : content[1]].strip()
    if '"' not in c and "“" not in c and "”" not in c:
        return "indirect_quote"
    if c[:1] in ('"', "“") and c.rstrip(".,")[-1:] in ('"', "”") and c.count('"') + c.count("“") + c.count("”") <= 2:
        return "direct_quote"
    return "mixed_quote"


def known_spans(lex: Lexicons, text: str, toks: list[Tok]) -> dict[int, int]:
    """Known source names in the sentence, as end token → start token (longest match first)."""
    pairs, longest, aliases = lex.pairs, lex.longest, lex.resolver.aliases
    ends: dict[int, int] = {}
    n = len(toks)
    i = 0
    # a name starts with a capital: only those tokens are looked at (the others only move the loop on)
    for k in [k for k in range(n - 1) if toks[k].text[:1].isupper()]:
        if k < i:
            continue
        i = k
        t = toks[i]
        parts = key(t.low).split("-")
        seconds = pairs.get(parts[0])
        if seconds is None or (parts[1] if len(parts) > 1 else key(toks[i + 1].low).split("-")[0]) not in seconds:
            continue
        for length in range(min(longest[parts[0]], n - i), 1, -1):
            if not toks[i + length - 1].text[-1:].isalnum():
                continue
            phrase = text[t.start : toks[i + length - 1].end]
            if norm(phrase) in aliases:
                ends[i + length - 1] = i
                i += length - 1
                break
        i += 1
    return ends


@dataclass(slots=True)
class SentenceView:
    """One sentence, text[start:end] of a document, as the constructions read it, and what they found so far.

    The constructions read the tokens and write ``found`` (and ``quoted``: a headline colon makes what follows
    it the speaker's words); ``ctx`` is the story's context (earlier sentences), or None for a sentence alone.
    """

    lex: Lexicons
    text: str  # the whole document: offsets are the document's
    start: int
    end: int
    sentence: str  # text[start:end]
    toks: list[Tok]
    quoted: list[bool]  # token k is inside a quotation: its cue words are the quoted speaker's
    known: dict[int, int]  # known multi-word names, end token → start token
    low_words: list[str]  # its trigger_words: a construction's early test for its own words
    ctx: Context | None = None
    found: list[Attribution] = field(default_factory=list)
    _title_case: bool | None = None

    @classmethod
    def of(cls, lex: Lexicons, text: str, start: int, end: int, sentence: str, regions: list[tuple[int, int]],
           low_words: list[str], ctx: Context | None) -> SentenceView | None:
        """The view of ``sentence``, text[start:end], with its quotation regions (``quote_regions``) and
        ``trigger_words``; None when it has no tokens."""
        toks = tokenize(sentence, start)
        if not toks:
            return None
        quoted = [False] * len(toks)
        if regions:
            starts = [t.start for t in toks]
            for a, b in regions:
                for k in range(bisect_left(starts, start + a), bisect_left(starts, start + b)):
                    quoted[k] = toks[k].text not in ('"', "“", "”", "'")
        return cls(lex, text, start, end, sentence, toks, quoted, known_spans(lex, text, toks), low_words, ctx)

    def title_case(self) -> bool:
        """A headline in title case ("Minister Says Talks Failed"): capitalized cue words count."""
        if self._title_case is None:
            toks = self.toks
            self._title_case = len(toks) > 3 and sum(1 for t in toks if t.text[:1].isupper()) >= 0.6 * sum(
                1 for t in toks if t.text[:1].isalpha())
        return self._title_case
