"""After the constructions: each word in at most one attribution, chains joined, each source once.

``merge_chains`` joins "according to X, Y said …" into one attribution (speaker Y, reporter X); ``unnest`` ends
or drops attributions whose cue lies inside another's content; ``dedupe`` keeps each source once per role.
"""

from __future__ import annotations

import re

from .. import fastre
from ..model import CUE_CLASS_TABLE
from .records import Attribution, SourceHit
from .tokens import trim

_RELATIVE_END = fastre.compile(r"\b(?:which|that|who|whom|whose|where|when|if|because|as)"
                               r"(?:\s+(?:the|a|an|its|their|his|her|two|both|all|some))*$", re.I)
_COORD = fastre.compile(r"(?:[,;]|\band|\bbut|\bwhile|\bwhereas)$")


def unnest(text: str, start: int, found: list[Attribution]) -> list[Attribution]:
    """Each word belongs to at most one attribution: a cue inside an earlier attribution's content is
    part of that content ("X said Y believes Z"), unless it starts a coordinated attribution of its own
    ("X said A, and Y added B"), which ends the earlier content. ``start``: where the sentence starts."""
    if len(found) < 2:
        return found
    # "He agreed to sell it in 2010, records show.": the trailing attribution holds the earlier one. When the
    # earlier one is a named source's statement and the trailing one a report of it, the two are a chain:
    # "Moscow dismissed the claims, state media reported." → speaker Moscow, reporter state media
    held: list[Attribution] = []
    folded: set[int] = set()  # outer attributions folded into the chains they hold
    for a in found:
        outer = next((b for b in found if b is not a and b.cue is not None and a.cue is not None
                      and b.content is not None and b.content[1] <= b.cue.start
                      and b.content[0] <= a.cue.start < b.content[1]), None)
        if outer is None:
            held.append(a)
        elif CUE_CLASS_TABLE[a.cls].statement and CUE_CLASS_TABLE[outer.cls].relays \
                and outer.method.startswith("verb_") and a.method.startswith("verb_") and a.sources and outer.sources \
                and all(h.mention is not None and h.entry.kind not in ("unnamed", "author") for h in a.sources) \
                and not any(h.role == "reporter" for h in a.sources):
            # every statement the report holds gets its reporter: "Peskov said A and Lavrov said B, TASS reported"
            a.sources = a.sources + [SourceHit(h.entry, "reporter", h.mention) for h in outer.sources]
            if a.content is not None:
                first = min([h.mention.start for h in outer.sources if h.mention] + [outer.cue.start])
                if a.content[0] < first < a.content[1]:
                    a.content = trim(text, a.content[0], first)
            a.method = a.method + "+reported"
            folded.add(id(outer))
            held.append(a)
    found = [a for a in held if id(a) not in folded]
    out: list[Attribution] = []
    for b in found:
        keep = True
        for a in out:
            if a.content is None or b.cue is None or not (a.content[0] <= b.cue.start < a.content[1]):
                continue
            if a.cue is not None and a.cue.start > b.cue.start:
                continue
            if b.method in ("according_to", "reported_by"):  # "X said …, according to Y": two attributions
                a.content = trim(text, a.content[0], b.cue.start)
                first_a = min((h.mention.start for h in a.sources if h.mention), default=a.cue.start if a.cue else 0)
                if a.content is None and first_a > start:
                    a.content = trim(text, start, first_a)  # '"…," Clinton told AIPAC'
                continue
            first = min((h.mention.start for h in b.sources if h.mention and h.mention.start >= a.content[0]),
                        default=b.cue.start)
            if b.method.startswith("verb_") and all(h.mention is None or h.mention.start < a.content[0]
                                                     for h in b.sources):
                # "Clinton told AIPAC …, referring to …": the same speaker goes on; the first content ends
                a.content = trim(text, a.content[0], b.cue.start)
                first_a = min((h.mention.start for h in a.sources if h.mention), default=a.cue.start if a.cue else 0)
                if a.content is None and first_a > start:
                    a.content = trim(text, start, first_a)  # '"…," Clinton told AIPAC'
                continue
            before = text[a.content[0] : first].rstrip()
            own = next((h.mention for h in b.sources if h.mention), None)
            if first > a.content[0] + 2 and (_COORD.search(before) or CUE_CLASS_TABLE[b.cls].statement
                                             and own is not None and not _RELATIVE_END.search(before)):
                # "X said A, and Y added B" / "X said A, Y said B": the earlier content ends there
                a.content = trim(text, a.content[0], a.content[0] + len(_COORD.sub("", before).rstrip()))
            else:
                keep = False
                break
        if keep:
            out.append(b)
    return out


def merge_chains(found: list[Attribution]) -> list[Attribution]:
    """'According to X, Y said …' → one attribution: speaker Y, reporter X.

    A cue of believing, showing or finding inside another attribution's content is part of that content
    ("according to the NIS, South Korea has detected that …"), not an attribution of its own.
    """
    if len(found) < 2:
        return found
    found = [b for b in found if not (
        not CUE_CLASS_TABLE[b.cls].speech and b.cue is not None
        and any(a is not b and a.content and a.content[0] <= b.cue.start < a.content[1]
                and (a.cue is None or a.cue.start < b.cue.start)
                and not (a.cue is not None and b.content and b.content[1] <= b.cue.start
                         and b.content[0] <= a.cue.start < b.content[1]) for a in found))]
    out: list[Attribution] = []
    skip: set[int] = set()
    for a_i, a in enumerate(found):
        if a_i in skip:
            continue
        if a.method in ("according_to", "reported_by") and a.content:
            for b_i in range(a_i + 1, len(found)):
                b = found[b_i]
                if b_i in skip or b.cue is None:
                    continue
                b_first = min((h.mention.start for h in b.sources if h.mention), default=b.cue.start)
                lead = b_first - a.content[0]
                if (a.content[0] <= b.cue.start < a.content[1] and b.sources and b.method.startswith(("verb_", "quoted"))
                        and CUE_CLASS_TABLE[b.cls].speech and lead <= 4):
                    reporters = [SourceHit(h.entry, "reporter", h.mention) for h in a.sources]
                    b.sources = b.sources + reporters
                    b.method = b.method + "+" + a.method
                    skip.add(a_i)
                    break
        if a_i not in skip:
            out.append(a)
    return out


def dedupe(hits: list[SourceHit]) -> list[SourceHit]:
    """Each source once per role, at its first mention."""
    seen: set[tuple[str, str]] = set()
    out = []
    for h in hits:
        k = (h.entry.name, h.role)
        if k not in seen:
            seen.add(k)
            out.append(h)
    return out
