"""The extraction core's results: frozen dataclasses, no database, no I/O.

Every span is a pair of character offsets into the decoded text of the document (Python ``str``
indexing, end exclusive), so every row claimtrack stores can be checked against the text it came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Sentence kinds (one per sentence).
SENTENCE_KINDS = ("claim", "attributed", "denial", "opinion", "question", "boilerplate", "metadata", "other")
# Claim kinds.
CLAIM_KINDS = ("assertion", "direct_quote", "indirect_quote", "mixed_quote", "denial")
ROLES = ("speaker", "reporter")
RELATION_KINDS = ("denies", "contradicts", "supports", "repeats")


@dataclass(frozen=True, slots=True)
class CueClass:
    """What the cues of one class of data/cues.tsv do, as attribution reads them. Adding a class is one row of
    ``CUE_CLASS_TABLE`` and its cues in cues.tsv."""

    name: str
    # the cue denies what it attributes ("denied", "rejected", "dismissed"): the claim is a denial, and "denied
    # it" has the anaphor as its content
    denial_like: bool = False
    # the source's own statement ("said", "denied"): "I said" is not the writer's view; after "X said A," such a
    # cue with a source of its own ends A ("Y said B"); a trailing report makes a chain of it ("Moscow dismissed
    # the claims, state media reported")
    statement: bool = False
    # reports speech, not a view, a wish or evidence ("said", "reported", "confirmed" but not "believes",
    # "showed", "endorsed"). A cue that is not speech needs its source before it (no inverted "…, believes X"),
    # and inside another attribution's content it is part of that content ("according to the NIS, South Korea
    # has detected that …"); a speech cue there takes the "according to" source as its reporter
    speech: bool = False
    # a trailing cue of this class holds a named statement as its reporter: "Moscow dismissed the claims, state
    # media reported" (but "He sold the farm in 2010, records show" holds a clause)
    relays: bool = False
    # a cue only before a pause, a quotation or "that" ("she continued, …" but not "she continued her campaign",
    # "fighting was continuing", "the shipments had continued")
    strict: bool = False
    # the class its attributions carry, when not its own
    reported_as: str | None = None
    # the gerund is a cue: always ("…, saying"), only after a comma ("…, hoping the talks resume") or never
    gerund: Literal["always", "after_comma", "never"] = "never"
    # the 3rd-person form is often a plural noun ("attacks", "supports"): after a lower-case word that is not a
    # source noun it is one ("11 terrorist attacks")
    noun_3sg: bool = False
    # after "be", the participle is a state unless "to", "that", "by" or "as" follows ("is worried", "storms were
    # expected.")
    passive_state: bool = False
    # when the phrase rules find no subject, the sentence's first noun phrase may be it ("Many Republicans
    # clamoring for … support …")
    first_np_subject: bool = False
    # the confidence of an attribution read at a cue verb of this class
    confidence: float = 0.65


# Cue classes of data/cues.tsv (what a reporting expression does: say, believe, deny …), one row each.
CUE_CLASS_TABLE: dict[str, CueClass] = {c.name: c for c in (
    CueClass("say", statement=True, speech=True, relays=True, gerund="always", first_np_subject=True,
             confidence=0.8),
    CueClass("say_strict", statement=True, speech=True, relays=True, strict=True, reported_as="say",
             gerund="always"),
    CueClass("think", gerund="after_comma", passive_state=True, first_np_subject=True),
    CueClass("want", gerund="after_comma"),
    CueClass("show"),
    CueClass("find"),
    CueClass("deny", denial_like=True, statement=True, speech=True, gerund="always", first_np_subject=True,
             confidence=0.8),
    CueClass("report", speech=True, relays=True, confidence=0.8),
    CueClass("confirm", speech=True, confidence=0.8),
    CueClass("stance", gerund="always", noun_3sg=True, first_np_subject=True),
)}
CUE_CLASSES = tuple(CUE_CLASS_TABLE)
# Kinds of canonical sources (data/gazetteer.tsv and the kinds guessed for new sources).
SOURCE_KINDS = (
    "news_agency", "newspaper", "broadcaster", "online_media", "media_generic", "government", "ministry",
    "military", "intelligence", "legislature", "court", "police", "party", "international", "ngo",
    "company", "person", "expert", "organization", "unnamed", "author",
)


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_json(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A canonical source as cited by one claim."""

    name: str
    kind: str
    role: str = "speaker"  # speaker | reporter
    mention: Span | None = None
    country: str | None = None
    parent: str | None = None  # canonical name of the source it belongs to (affiliation)
    origin: str = "auto"  # builtin (gazetteer) | auto (new, normalized) | analyst

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind,
            "role": self.role,
            "mention": self.mention.to_json() if self.mention else None,
            "country": self.country,
            "parent": self.parent,
        }


@dataclass(frozen=True, slots=True)
class EventDate:
    """A date an event in a claim refers to, resolved against the story's publication date."""

    phrase: Span
    date: str | None  # ISO YYYY-MM-DD, None when the phrase could not be resolved
    end: str | None = None  # ISO end of a range ("from February 10th to 14th")

    def to_json(self) -> dict:
        return {"phrase": self.phrase.to_json(), "date": self.date, "end": self.end}


@dataclass(frozen=True, slots=True)
class Relation:
    """A link from one claim to an earlier (or, across articles, any) claim."""

    kind: str  # denies | contradicts | supports | repeats
    target_sentence_start: int
    target_claim: int  # index of the target claim within its sentence
    confidence: float
    evidence: str
    method: str

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "target_sentence_start": self.target_sentence_start,
            "target_claim": self.target_claim,
            "confidence": round(self.confidence, 3),
            "evidence": self.evidence,
            "method": self.method,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    kind: str
    cue: Span | None
    content: Span | None
    sources: tuple[SourceRef, ...] = ()
    event_date: EventDate | None = None
    dates: tuple[EventDate, ...] = ()
    checkworthiness: float = 0.0
    confidence: float = 0.5
    method: str = ""
    relations: tuple[Relation, ...] = ()

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "cue": self.cue.to_json() if self.cue else None,
            "content": {"start": self.content.start, "end": self.content.end} if self.content else None,
            "event_date": self.event_date.date if self.event_date else None,
            "event_date_end": self.event_date.end if self.event_date else None,
            "event_date_phrase": self.event_date.phrase.to_json() if self.event_date else None,
            "dates": [d.to_json() for d in self.dates],
            "checkworthiness": round(self.checkworthiness, 3),
            "confidence": round(self.confidence, 3),
            "method": self.method,
            "sources": [s.to_json() for s in self.sources],
            "relations": [r.to_json() for r in self.relations],
        }


@dataclass(frozen=True, slots=True)
class DenialCue:
    """A denial form read in a sentence by ``denials.detect`` ("denied it", "called the report fake", "said it
    did not …"): what the store and the relation rules read, never the sentence's text again."""

    form: str  # verb | called | no_truth | not_confirmed | said_not | quote_not
    cue: tuple[int, int]  # offsets in the sentence
    object: str  # what is denied (text after the cue)
    anaphoric: bool  # "denied it", "rejected the report", "such claims": the object is an earlier claim


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    kind: str = "other"
    confidence: float = 0.5
    claims: tuple[Claim, ...] = ()
    denial: DenialCue | None = None  # the denial form read in it (not in the JSON output)

    def to_json(self) -> dict:
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "confidence": round(self.confidence, 3),
            "claims": [c.to_json() for c in self.claims],
        }


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a story's page region that is not prose: metadata or junk, kept for audit."""

    start: int
    end: int
    text: str
    kind: str  # metadata | boilerplate | title


@dataclass(frozen=True, slots=True)
class Story:
    ordinal: int
    start: int
    end: int
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: str | None = None  # ISO YYYY-MM-DD or YYYY-MM-DDTHH:MM
    byline: str | None = None
    sentences: tuple[Sentence, ...] = ()
    lines: tuple[Line, ...] = ()

    def to_json(self) -> dict:
        return {
            "ordinal": self.ordinal,
            "title": self.title,
            "published": self.published,
            "byline": self.byline,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input article or page, decoded, before analysis."""

    origin: str
    text: str
    format: str = "txt"
    id: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    meta: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True, slots=True)
class Analysis:
    """The extraction result for one document."""

    document: RawDocument
    stories: tuple[Story, ...]
    sha256: str

    def records(self) -> list[dict]:
        """The ``extract --format json`` records: one per story."""
        doc = {
            "origin": self.document.origin,
            "id": self.document.id,
            "format": self.document.format,
            "outlet": self.document.outlet,
            "url": self.document.url,
            "sha256": self.sha256,
        }
        out = []
        for story in self.stories:
            out.append(
                {
                    "document": doc,
                    "story": story.to_json(),
                    "sentences": [s.to_json() for s in story.sentences],
                }
            )
        return out
