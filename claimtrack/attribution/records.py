"""What attribution finds: an ``Attribution`` per cue, with its ``SourceHit``s and their ``Mention``s.

Offsets are character offsets into the document's text, like every span of ``claimtrack.model``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..sources import Entry


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class SourceHit:
    entry: Entry
    role: str  # speaker | reporter
    mention: Mention | None


@dataclass(slots=True)
class Attribution:
    cue: Mention | None
    content: tuple[int, int] | None
    sources: list[SourceHit]
    kind: str  # direct_quote | indirect_quote | mixed_quote | denial
    method: str  # the construction that read it ("verb_say", "according_to", "quote_continuation" …)
    cls: str = "say"  # its cue class (claimtrack.model.CUE_CLASS_TABLE)
    confidence: float = 0.7
