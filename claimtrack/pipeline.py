"""The pure extraction pipeline: a decoded document in, an ``Analysis`` out. No database, no I/O.

``Pipeline.analyse`` splits a page into stories and reads each story's header (publication date, byline,
title) from its page lines; the story's prose is cut into sentence drafts (``SentenceDraft``), which go
through ``Pipeline.stages`` in order, each stage once over the whole story, each changing only its own
fields (``dataclasses.replace``):

1. ``shape``: credit lines, datelines, share prompts — kind ``boilerplate`` / ``metadata`` from the
   sentence's own shape (the page labelled the lines it could);
2. ``attribute``: who says what (the attributor, and quotations continuing without a cue);
3. ``read_denial``: the denial in each sentence (``denials.read``), which the later stages read;
4. ``classify``: every other sentence's kind (claim, attributed, denial, opinion, question, other);
5. ``claims``: the claims of each sentence, with their sources, event dates and check-worthiness;
6. ``apply_denial``: the denial form read in a sentence makes its claim a denial (``denials.refine``);
7. ``relate``: relations between the story's claims (``relate.link_story``).

A story without a byline then takes the outlet its wire dateline or source line credits.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from . import classify, denials
from .attribution import Attribution, Attributor, Context, SourceHit
from .dates import find_dates, may_hold_dates, parse_published
from .denials import Denial
from .learn.models import Models
from .learn.sentence import SentenceInput
from .model import Analysis, Claim, EventDate, Line, RawDocument, Relation, Sentence, SourceRef, Span, Story
from .pages import PageLine, split_stories
from .relate import ClaimView, content_terms, entity_terms, link_story
from .segment import dateline_credit, split_sentences
from .sources import OUTLET_KINDS, Entry, Resolver


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# lines the page itself labels: they keep that label and go through no stage
_PAGE_LABELS = ("metadata", "boilerplate")


@dataclass(frozen=True, slots=True)
class SentenceDraft:
    """One sentence of a story on its way through the stages; beside each field, the stages that set it."""

    start: int
    end: int
    text: str
    line_kind: str  # the page's label: body | title | metadata | boilerplate
    paragraph: int
    kind: str = ""  # a page label, shape, classify, apply_denial ("" until one of them decides)
    confidence: float = 0.5  # shape, classify, apply_denial
    attributions: tuple[Attribution, ...] = ()  # attribute
    denial: Denial | None = None  # read_denial
    claims: tuple[Claim, ...] = ()  # claims, apply_denial, relate

    def sentence(self) -> Sentence:
        return Sentence(self.start, self.end, self.text, self.kind, self.confidence, self.claims,
                        self.denial.cue if self.denial else None)


@dataclass(frozen=True, slots=True)
class StoryText:
    """What every stage may read besides the drafts: the page's text and the story's reference date."""

    text: str
    reference: str | None  # the story's publication date, which relative dates ("on Tuesday") resolve against


Stage = Callable[[StoryText, list[SentenceDraft]], list[SentenceDraft]]


def _drafts(text: str, lines: list[PageLine]) -> list[SentenceDraft]:
    """The story's sentence drafts in reading order; runs of body lines are segmented together."""
    out: list[SentenceDraft] = []
    para = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        para += 1
        if ln.kind == "title":
            te = ln.title_end or ln.end
            out.append(SentenceDraft(ln.start, te, text[ln.start : te], "title", para))
            if te < ln.end:
                s = te
                while s < ln.end and text[s] in " |":
                    s += 1
                if s < ln.end:
                    out.append(_labelled(text, s, ln.end, "boilerplate", para))
            i += 1
        elif ln.kind in _PAGE_LABELS:
            out.append(_labelled(text, ln.start, ln.end, ln.kind, para))
            i += 1
        else:
            j = i
            while j + 1 < len(lines) and lines[j + 1].kind == "body" and "\n\n" not in text[lines[j].end : lines[j + 1].start]:
                j += 1
            for s, e in split_sentences(text, ln.start, lines[j].end):
                out.append(SentenceDraft(s, e, text[s:e], "body", para))
            i = j + 1
    return out


def _labelled(text: str, start: int, end: int, label: str, para: int) -> SentenceDraft:
    return SentenceDraft(start, end, text[start:end], label, para, kind=label, confidence=0.95)


def _ref(entry: Entry, role: str, mention: Span | None) -> SourceRef:
    return SourceRef(name=entry.name, kind=entry.kind, role=role, mention=mention, country=entry.country,
                     parent=entry.parent, origin=entry.origin)


def _source_ref(hit: SourceHit) -> SourceRef:
    m = hit.mention
    return _ref(hit.entry, hit.role, Span(m.start, m.end, m.text) if m else None)


class Pipeline:
    """Reusable analyser: holds the resolver (gazetteer + user aliases), the attributor and the stages."""

    def __init__(self, aliases: dict[str, Entry] | None = None, models: Models | None = None):
        self.resolver = Resolver(aliases)
        self.attributor = Attributor(self.resolver)
        self.models = models if models is not None else Models.from_environment()
        self.stages: tuple[Stage, ...] = (self._shape, self._attribute, self._read_denial, self._classify,
                                          self._claims, self._apply_denial, self._relate)

    def analyse(self, doc: RawDocument) -> Analysis:
        text = doc.text
        page_stories = split_stories(text, known_title=doc.title if doc.format in ("html", "jsonl") else None)
        page_published = None
        stories: list[Story] = []
        for ordinal, ps in enumerate(page_stories):
            published = None
            byline = None
            updated = None  # "Updated …" / "Modified …" dates a story only when nothing says when it was published
            for ln in ps.lines:
                if ln.kind == "metadata" and ln.meta:
                    if "published_raw" in ln.meta:
                        is_update = re.match(r"(?:last\s+)?(?:updated|modified)", ln.meta.get("label") or "", re.I)
                        if is_update and updated is None:
                            updated = parse_published(ln.meta["published_raw"])
                        elif not is_update and published is None:
                            published = parse_published(ln.meta["published_raw"])
                    if "byline" in ln.meta and byline is None:
                        byline = ln.meta["byline"]
            published = published or updated
            if ordinal == 0:
                published = published or parse_published(doc.published)
                page_published = published
            title_line = ps.title_line
            title = text[title_line.start : title_line.title_end or title_line.end] if title_line else None
            if ordinal == 0 and title is None and doc.title:
                title = doc.title
            drafts = _drafts(text, ps.lines)
            story = StoryText(text, published or page_published)
            for stage in self.stages:
                drafts = stage(story, drafts)
            sentences = tuple(d.sentence() for d in drafts)
            if byline is None and ordinal == 0:
                byline = doc.meta.get("author")  # the page's author metadata (reader.byline_of)
            if byline is None:
                byline = self._wire_credit(sentences)
            stories.append(Story(
                ordinal=ordinal, start=ps.start, end=ps.end, title=title,
                title_span=(title_line.start, title_line.title_end or title_line.end) if title_line else None,
                published=published, byline=byline, sentences=sentences,
                lines=tuple(Line(ln.start, ln.end, text[ln.start : ln.end], ln.kind) for ln in ps.lines
                            if ln.kind != "body"),
            ))
        return Analysis(doc, tuple(stories), content_hash(text))

    def _wire_credit(self, sentences: tuple[Sentence, ...]) -> str | None:
        """The outlet a story's wire dateline or source line credits ("SEOUL, March 5 (Reuters) -", "Source:
        Xinhua"), as its canonical name; only a known outlet counts."""
        for s in sentences[:6]:
            if s.kind != "metadata":
                continue
            label, _, value = s.text.partition(":")
            credit = value.strip() if label.strip().lower() in ("source", "credit") else dateline_credit(s.text)
            entry = self.resolver.lookup(credit) if credit else None
            if entry is not None and entry.kind in OUTLET_KINDS:
                return entry.name
        return None

    # --- 1. shape -----------------------------------------------------------------------------------------

    def _shape(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """Kind ``boilerplate`` or ``metadata`` for a sentence shaped like one ("Share this article",
        "Reporting by …"); the attribute stage reads it (such a sentence names sources but claims nothing)."""
        out = []
        for d in drafts:
            shaped = classify.shape(d.text) if d.line_kind not in _PAGE_LABELS else None
            out.append(replace(d, kind=shaped[0], confidence=shaped[1]) if shaped else d)
        return out

    # --- 2. attribute -------------------------------------------------------------------------------------

    def _attribute(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """Who says what in each sentence, in reading order: the story's attribution context (``Context``)
        carries speakers, open quotations and a pending colon from one sentence to the next."""
        text = story.text
        ctx = Context(date=story.reference)  # offices resolve to their holders at the story's date
        out = []
        for d in drafts:
            if d.line_kind in _PAGE_LABELS:
                out.append(d)
                continue
            # the attributor runs the quote continuation itself and keeps the story's context (coref.Context)
            atts = self.attributor.attribute(text, d.start, d.end, ctx, d.paragraph)
            if d.kind:
                out.append(d)  # a credit line or dateline names sources but claims nothing
                continue
            ctx.cite(atts, d.text, d.paragraph)
            out.append(replace(d, attributions=tuple(atts)) if atts else d)
        return out

    # --- 3. read_denial ----------------------------------------------------------------------------------

    def _read_denial(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """The denial in every sentence the page and its shape left undecided: said by its attribution's cue verb
        (attribution marks those claims kind ``denial``), in its own words, or in a denial form."""
        out = []
        for d in drafts:
            if not d.kind:
                atts = d.attributions
                denial = denials.read(d.text, attributed=bool(atts), cue_denies=any(a.kind == "denial" for a in atts))
                if denial is not None:
                    d = replace(d, denial=denial)
            out.append(d)
        return out

    # --- 4. classify --------------------------------------------------------------------------------------

    def _classify(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """The kind of every sentence the page and its shape left undecided."""
        out = []
        for d in drafts:
            if not d.kind:
                kind, conf = classify.classify(d.text, attributed=bool(d.attributions), denial=d.denial)
                d = replace(d, kind=kind, confidence=conf)
            out.append(d)
        return out

    @staticmethod
    def _input(d: SentenceDraft, kind: str) -> SentenceInput:
        """What the learned judgements read of a sentence: its text and what the rules found in it."""
        atts = d.attributions
        return SentenceInput(d.text, kind, classify.checkworthiness(d.text, kind),
                             cue=any(a.cue is not None for a in atts), source=any(a.sources for a in atts),
                             claim_kinds=tuple(sorted({a.kind for a in atts})),
                             denial=d.denial is not None and d.denial.cue is not None)

    # --- 5. claims ----------------------------------------------------------------------------------------

    def _claims(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """One claim per attribution of a sentence that claims something (the author's own opinion or question
        names a source but claims nothing checkable), or one unattributed claim for the author's own claim or
        denial."""
        out = []
        for d in drafts:
            if d.attributions and d.kind not in ("opinion", "question", "other"):
                dated = may_hold_dates(d.text)  # one look for date hints per sentence, whatever its claims
                d = replace(d, claims=tuple(self._claim(story, d, a, dated) for a in d.attributions))
            elif not d.attributions and d.kind in ("claim", "denial"):
                d = replace(d, claims=(self._claim(story, d, None, may_hold_dates(d.text)),))
            out.append(d)
        return out

    def _claim(self, story: StoryText, d: SentenceDraft, a: Attribution | None, dated: bool) -> Claim:
        """One claim of a sentence; ``dated``: the sentence may hold a date phrase (``may_hold_dates``)."""
        text = story.text
        content: Span | None
        if a is None:
            content = Span(d.start, d.end, d.text)
            ckind = "denial" if d.kind == "denial" else "assertion"
            cue = None
            conf, method = 0.5, "assertion"
            hits: list[SourceHit] = []
        else:
            cs, ce = a.content if a.content else (d.start, d.end)
            content = Span(cs, ce, text[cs:ce]) if a.content else None
            ckind = a.kind
            cue = Span(a.cue.start, a.cue.end, a.cue.text) if a.cue else None
            conf, method = a.confidence, a.method
            hits = a.sources
        scope = content or Span(d.start, d.end, d.text)
        dates: tuple[EventDate, ...] = ()
        if dated:
            dates = tuple(find_dates(text, scope.start, scope.end, story.reference))
            if not dates and content is not None:
                dates = tuple(find_dates(text, d.start, d.end, story.reference))
        event: EventDate | None = next((x for x in dates if x.date), dates[0] if dates else None)
        worth = classify.checkworthiness(d.text, d.kind)
        return Claim(kind=ckind, cue=cue, content=content, sources=tuple(_source_ref(h) for h in hits),
                     event_date=event, dates=dates, checkworthiness=worth, confidence=conf, method=method)

    # --- 6. apply_denial ---------------------------------------------------------------------------------

    def _apply_denial(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """Denial forms beyond cue verbs (``denials.refine``): a sentence's claim becomes a denial, or a denial
        sentence without a claim gets one."""
        out = []
        for d in drafts:
            if d.line_kind not in _PAGE_LABELS:
                kind, conf, claims = denials.refine(Span(d.start, d.end, d.text), d.kind, d.confidence, d.claims,
                                                    d.denial.cue if d.denial else None, self._resolve_subject)
                if kind != d.kind or conf != d.confidence or claims is not d.claims:
                    d = replace(d, kind=kind, confidence=conf, claims=claims)
            out.append(d)
        return out

    def _resolve_subject(self, subject: str, sentence: Span) -> SourceRef:
        """The source a denial's subject names ("The Harbour Authority called the report fabricated"), as a
        speaker mentioned in the sentence."""
        i = sentence.text.find(subject)
        mention = Span(sentence.start + i, sentence.start + i + len(subject), subject) if i >= 0 else None
        return _ref(self.resolver.resolve(subject), "speaker", mention)

    # --- 7. relate ----------------------------------------------------------------------------------------

    def _relate(self, story: StoryText, drafts: list[SentenceDraft]) -> list[SentenceDraft]:
        """Relations between the story's claims (``relate.link_story``), on the claims that make them."""
        story_units = [d.text for d in drafts if d.kind not in _PAGE_LABELS]
        # the story's terms are its sentences' terms (tokens never cross a sentence), each sentence read once
        context = frozenset().union(*map(content_terms, story_units))
        entities = entity_terms(" ".join(story_units))
        views: list[ClaimView] = []
        for d in drafts:
            for ci, c in enumerate(d.claims):
                body = c.content.text if c.content else ""
                speakers = {s.name for s in c.sources if s.role == "speaker"} or {s.name for s in c.sources}
                views.append(ClaimView.build((d.start, ci), body, d.text, speakers, c.kind, d.start,
                                             c.event_date.date if c.event_date else None, None, context, entities,
                                             d.denial.cue if d.denial else None))
        by_source: dict[tuple[int, int], list[Relation]] = {}
        for link in link_story(views):
            ts, tc = cast(tuple[int, int], link.target)
            by_source.setdefault(cast(tuple[int, int], link.source), []).append(
                Relation(link.kind, ts, tc, link.confidence, link.evidence, link.method))
        if not by_source:
            return drafts
        out = []
        for d in drafts:
            if any((d.start, ci) in by_source for ci in range(len(d.claims))):
                d = replace(d, claims=tuple(replace(c, relations=tuple(by_source[(d.start, ci)]))
                                            if (d.start, ci) in by_source else c for ci, c in enumerate(d.claims)))
            out.append(d)
        return out


@functools.cache
def _rules_pipeline() -> Pipeline:
    return Pipeline(models=Models.rules())


def rule_input(text: str) -> SentenceInput:
    """What the learned judgements read of ``text`` taken as one sentence of a story, as the classify stage
    has it: the stages before it run over it with the rules alone (``claimtrack train`` makes its inputs so)."""
    pipe = _rules_pipeline()
    story = StoryText(text, None)
    drafts = [SentenceDraft(0, len(text), text, "body", 1)]
    for stage in (pipe._shape, pipe._attribute, pipe._read_denial):
        drafts = stage(story, drafts)
    d = drafts[0]
    kind = d.kind or classify.classify(d.text, attributed=bool(d.attributions), denial=d.denial)[0]
    return pipe._input(d, kind)
