"""The pure extraction pipeline: a decoded document in, an ``Analysis`` out. No database, no I/O."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import cast

from . import classify as cls
from .attribution import Attribution, Attributor, Context, SourceHit
from .dates import find_dates, may_hold_dates, parse_published
from .denials import apply_to_drafts as apply_denials
from .model import Analysis, Claim, EventDate, Line, RawDocument, Relation, Sentence, SourceRef, Span, Story
from .pages import PageLine, split_stories
from .relate import ClaimView, content_terms, entity_terms, link_story
from .segment import dateline_credit, split_sentences
from .sources import OUTLET_KINDS, Entry, Resolver


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class _Unit:
    start: int
    end: int
    line_kind: str  # body | title | metadata | boilerplate
    paragraph: int


def _units(text: str, lines: list[PageLine]) -> list[_Unit]:
    """Sentence-sized units of a story in reading order; runs of body lines are segmented together."""
    out: list[_Unit] = []
    para = 0
    i = 0
    while i < len(lines):
        ln = lines[i]
        para += 1
        if ln.kind == "title":
            te = ln.title_end or ln.end
            out.append(_Unit(ln.start, te, "title", para))
            if te < ln.end:
                s = te
                while s < ln.end and text[s] in " |":
                    s += 1
                if s < ln.end:
                    out.append(_Unit(s, ln.end, "boilerplate", para))
            i += 1
        elif ln.kind in ("metadata", "boilerplate"):
            out.append(_Unit(ln.start, ln.end, ln.kind, para))
            i += 1
        else:
            j = i
            while j + 1 < len(lines) and lines[j + 1].kind == "body" and "\n\n" not in text[lines[j].end : lines[j + 1].start]:
                j += 1
            for s, e in split_sentences(text, ln.start, lines[j].end):
                out.append(_Unit(s, e, "body", para))
            i = j + 1
    return out


def _source_ref(hit: SourceHit) -> SourceRef:
    m = hit.mention
    return SourceRef(
        name=hit.entry.name,
        kind=hit.entry.kind,
        role=hit.role,
        mention=Span(m.start, m.end, m.text) if m else None,
        country=hit.entry.country,
        parent=hit.entry.parent,
        origin=hit.entry.origin,
    )


class Pipeline:
    """Reusable analyser: holds the resolver (gazetteer + user aliases) and the attributor."""

    def __init__(self, aliases: dict[str, Entry] | None = None):
        self.resolver = Resolver(aliases)
        self.attributor = Attributor(self.resolver)

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
            reference = published or page_published
            title_line = ps.title_line
            title = text[title_line.start : title_line.title_end or title_line.end] if title_line else None
            if ordinal == 0 and title is None and doc.title:
                title = doc.title
            sentences = self._story_sentences(text, ps.lines, reference)
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

    def _story_sentences(self, text: str, lines: list[PageLine], reference: str | None) -> tuple[Sentence, ...]:
        ctx = Context(date=reference)
        drafts: list[tuple[_Unit, str, float, list[Claim]]] = []
        prev_para = None
        for unit in _units(text, lines):
            s_text = text[unit.start : unit.end]
            if unit.line_kind in ("metadata", "boilerplate"):
                drafts.append((unit, unit.line_kind, 0.95, []))
                continue
            is_title = unit.line_kind == "title"
            atts = self.attributor.attribute(text, unit.start, unit.end, ctx, unit.paragraph)
            denial = any(a.kind == "denial" for a in atts)
            kind, conf = cls.classify(s_text, attributed=bool(atts), denial=denial, line_kind=None, is_title=is_title)
            if kind in ("boilerplate", "metadata"):
                atts = []  # a credit line or dateline names sources but claims nothing
            ctx.cite(atts, s_text, unit.paragraph)
            claims: list[Claim] = []
            # one look for date hints per sentence, whatever its claims
            dated = (bool(atts) or kind in ("claim", "denial")) and may_hold_dates(s_text)
            if atts:
                for a in atts:
                    # the author's own opinion or question names a source but claims nothing checkable
                    if kind not in ("opinion", "question", "other"):
                        claims.append(self._claim(text, unit, a, a.sources, kind, reference, dated))
            elif kind in ("claim", "denial"):
                claims.append(self._claim(text, unit, None, [], kind, reference, dated))
            if prev_para != unit.paragraph:
                prev_para = unit.paragraph
            drafts.append((unit, kind, conf, claims))
        return self._relate(text, drafts)

    def _claim(self, text: str, unit: _Unit, a: Attribution | None, hits: list[SourceHit], kind: str,
               reference: str | None, dated: bool) -> Claim:
        """One claim of a sentence; ``dated``: the sentence may hold a date phrase (``may_hold_dates``)."""
        content: Span | None
        if a is None:
            content = Span(unit.start, unit.end, text[unit.start : unit.end])
            ckind = "denial" if kind == "denial" else "assertion"
            cue = None
            conf, method = 0.5, "assertion"
        else:
            cs, ce = a.content if a.content else (unit.start, unit.end)
            content = Span(cs, ce, text[cs:ce]) if a.content else None
            ckind = a.kind
            cue = Span(a.cue.start, a.cue.end, a.cue.text) if a.cue else None
            conf, method = a.confidence, a.method
        scope = content or Span(unit.start, unit.end, text[unit.start : unit.end])
        dates: tuple[EventDate, ...] = ()
        if dated:
            dates = tuple(find_dates(text, scope.start, scope.end, reference))
            if not dates and content is not None:
                dates = tuple(find_dates(text, unit.start, unit.end, reference))
        event: EventDate | None = next((d for d in dates if d.date), dates[0] if dates else None)
        worth = cls.checkworthiness(text[unit.start : unit.end], kind)
        return Claim(kind=ckind, cue=cue, content=content, sources=tuple(_source_ref(h) for h in hits),
                     event_date=event, dates=dates, checkworthiness=worth, confidence=conf, method=method)

    def _relate(self, text: str, drafts) -> tuple[Sentence, ...]:
        drafts = apply_denials(text, drafts, self.resolver)  # denial forms beyond cue verbs (denials.py)
        story_units = [text[u.start : u.end] for u, k, _c, _cl in drafts if k not in ("metadata", "boilerplate")]
        # the story's terms are its sentences' terms (tokens never cross a sentence), each sentence read once
        context = frozenset().union(*map(content_terms, story_units))
        entities = entity_terms(" ".join(story_units))
        views: list[ClaimView] = []
        for unit, _kind, _conf, claims in drafts:
            for ci, c in enumerate(claims):
                body = c.content.text if c.content else ""
                speakers = {s.name for s in c.sources if s.role == "speaker"} or {s.name for s in c.sources}
                views.append(ClaimView.build((unit.start, ci), body, text[unit.start : unit.end], speakers,
                                             "denial" if c.kind == "denial" else c.kind, unit.start,
                                             c.event_date.date if c.event_date else None, None, context, entities))
        links = link_story(views)
        by_source: dict[tuple[int, int], list[Relation]] = {}
        for link in links:
            ts, tc = cast(tuple[int, int], link.target)
            by_source.setdefault(cast(tuple[int, int], link.source), []).append(
                Relation(link.kind, ts, tc, link.confidence, link.evidence, link.method))
        out = []
        for unit, kind, conf, claims in drafts:
            final = []
            for ci, c in enumerate(claims):
                rels = by_source.get((unit.start, ci))
                if rels:
                    c = Claim(c.kind, c.cue, c.content, c.sources, c.event_date, c.dates, c.checkworthiness,
                              c.confidence, c.method, tuple(rels))
                final.append(c)
            out.append(Sentence(unit.start, unit.end, text[unit.start : unit.end], kind, conf, tuple(final)))
        return tuple(out)
