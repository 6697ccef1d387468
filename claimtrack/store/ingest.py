"""Storing analyses: one transaction per document, idempotent by content hash."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..model import Analysis, SourceRef
from ..sources import Entry, norm
from . import schema as m


def now() -> datetime:
    return datetime.now(UTC)


def _date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def fingerprint(sha256: str, sentence_start: int, claim) -> str:
    """Stable identity of a claim across re-analysis: document, sentence start, cue or content start."""
    anchor = claim.cue.start if claim.cue else (claim.content.start if claim.content else sentence_start)
    return f"{sha256[:20]}:{sentence_start}:{anchor}:{claim.kind}"


def analyst_aliases(session: Session) -> dict[str, Entry]:
    """Aliases that analysts added or that merges produced, for the resolver (they override the gazetteer)."""
    rows = session.execute(
        select(m.SourceAlias.norm, m.Source.name, m.Source.kind, m.Source.country, m.Source.parent_id, m.Source.id)
        .join(m.Source, m.Source.id == m.SourceAlias.source_id)
        .where(m.SourceAlias.origin.in_(("analyst", "merge")))
    ).all()
    names = dict(session.execute(select(m.Source.id, m.Source.name)).all()) if rows else {}
    return {n: Entry(name, kind, country, names.get(parent_id), "analyst") for n, name, kind, country, parent_id, _ in rows}


class SourceCache:
    """get-or-create of canonical sources within one session; follows merges."""

    def __init__(self, session: Session):
        self.session = session
        self.by_name: dict[str, m.Source] = {}

    def get(self, name: str) -> m.Source | None:
        src = self.by_name.get(name)
        if src is None:
            src = self.session.execute(select(m.Source).where(m.Source.name == name)).scalar_one_or_none()
            if src is not None:
                self.by_name[name] = src
        hops = 0
        while src is not None and src.merged_into_id is not None and hops < 10:
            src = self.session.get(m.Source, src.merged_into_id)
            hops += 1
        return src

    def ensure(self, name: str, kind: str, country: str | None, parent: str | None, origin: str,
               mention: str | None = None) -> m.Source:
        src = self.get(name)
        if src is None:
            parent_row = None
            if parent and parent != name:
                parent_row = self.get(parent) or self.ensure(parent, _parent_kind(parent), country, None, origin)
            src = m.Source(name=name, kind=kind, country=country, parent_id=parent_row.id if parent_row else None,
                           origin="builtin" if origin == "builtin" else "auto", created_at=now())
            self.session.add(src)
            self.session.flush()
            self.by_name[name] = src
            self._alias(src, name)
        if mention:
            self._alias(src, mention)
        return src

    def _alias(self, src: m.Source, text: str) -> None:
        n = norm(text)
        if not n or len(n) > 300:
            return
        exists = self.session.execute(select(m.SourceAlias.id).where(m.SourceAlias.norm == n)).first()
        if exists is None:
            self.session.add(m.SourceAlias(source_id=src.id, alias=text[:300], norm=n, origin="auto"))
            self.session.flush()


def _parent_kind(name: str) -> str:
    from ..sources import builtin_tables

    aliases = builtin_tables()[0]
    entry = aliases.get(norm(name))
    return entry.kind if entry else "organization"


def _source_row(cache: SourceCache, ref: SourceRef) -> m.Source:
    mention = ref.mention.text if ref.mention and ref.mention.text.lower() not in ("he", "she", "they", "it", "we") else None
    return cache.ensure(ref.name, ref.kind, ref.country, ref.parent, ref.origin, mention)


def store_analysis(session: Session, analysis: Analysis, run: m.IngestRun | None) -> m.Document | None:
    """Insert one analysed document with everything under it. Returns None when already stored.

    The caller owns the transaction: commit on success, roll back on any error, so a failure leaves
    no part of the document behind.
    """
    doc = analysis.document
    existing = session.execute(select(m.Document.id).where(m.Document.sha256 == analysis.sha256)).first()
    if existing is not None:
        return None
    first_published = analysis.stories[0].published if analysis.stories else None
    row = m.Document(
        sha256=analysis.sha256, origin=doc.origin, external_id=doc.id, format=doc.format, outlet=doc.outlet,
        url=doc.url, title=(analysis.stories[0].title if analysis.stories else None) or doc.title,
        published=first_published or doc.published, text=doc.text, ingested_at=now(),
        ingest_run_id=run.id if run else None,
    )
    session.add(row)
    session.flush()
    cache = SourceCache(session)
    claim_rows: dict[tuple[int, int], m.Claim] = {}
    pending_relations = []
    for story in analysis.stories:
        st = m.Story(document_id=row.id, ordinal=story.ordinal, title=story.title, published=story.published,
                     published_date=_date(story.published), byline=story.byline, char_start=story.start,
                     char_end=story.end)
        session.add(st)
        session.flush()
        for si, sent in enumerate(story.sentences):
            se = m.Sentence(story_id=st.id, document_id=row.id, ordinal=si, char_start=sent.start,
                            char_end=sent.end, text=sent.text, kind=sent.kind, confidence=sent.confidence)
            st.sentences.append(se)
            for ci, claim in enumerate(sent.claims):
                ed = claim.event_date
                c = m.Claim(
                    story_id=st.id, document_id=row.id, ordinal=ci,
                    fingerprint=fingerprint(analysis.sha256, sent.start, claim), kind=claim.kind,
                    cue_text=claim.cue.text[:300] if claim.cue else None,
                    cue_start=claim.cue.start if claim.cue else None, cue_end=claim.cue.end if claim.cue else None,
                    content_start=claim.content.start if claim.content else None,
                    content_end=claim.content.end if claim.content else None,
                    content_text=claim.content.text if claim.content else None,
                    event_date=_date(ed.date) if ed else None, event_date_end=_date(ed.end) if ed else None,
                    event_date_text=ed.phrase.text[:200] if ed else None,
                    event_date_start_offset=ed.phrase.start if ed else None,
                    event_date_end_offset=ed.phrase.end if ed else None,
                    checkworthiness=claim.checkworthiness, confidence=claim.confidence, method=claim.method,
                    review_status="auto",
                )
                for d in claim.dates:
                    c.dates.append(m.ClaimDate(phrase=d.phrase.text[:200], char_start=d.phrase.start,
                                               char_end=d.phrase.end, date=_date(d.date), date_end=_date(d.end)))
                for ref in claim.sources:
                    src = _source_row(cache, ref)
                    c.sources.append(m.ClaimSource(
                        source_id=src.id, role=ref.role, mention_text=ref.mention.text[:300] if ref.mention else None,
                        mention_start=ref.mention.start if ref.mention else None,
                        mention_end=ref.mention.end if ref.mention else None, origin="auto"))
                se.claims.append(c)
                claim_rows[(sent.start, ci)] = c
                for rel in claim.relations:
                    pending_relations.append((c, rel))
        session.flush()
    for c, rel in pending_relations:
        target = claim_rows.get((rel.target_sentence_start, rel.target_claim))
        if target is None or target is c:
            continue
        session.add(m.ClaimRelation(claim_id=c.id, target_claim_id=target.id, kind=rel.kind,
                                    confidence=rel.confidence, evidence=rel.evidence, method=rel.method,
                                    scope="story", origin="auto", status="auto", created_at=now()))
    session.flush()
    if run is not None:
        run.documents_added += 1
        run.stories += len(analysis.stories)
        run.sentences += sum(len(s.sentences) for s in analysis.stories)
        run.claims += len(claim_rows)
    row._claim_rows = claim_rows  # for the corpus-relation step that follows in the same transaction
    return row
