"""Relations across articles, found through the ``claim_key`` index rather than by comparing all pairs.

For each new claim: its keys (entities, quantities with units, event dates, salient words) are stored;
candidates are the most recent claims sharing its keys, fetched per key with a bounded ``LIMIT`` through
the (key, claim_id) primary-key index, so the work per claim stays flat as the corpus grows. The pure
``relate.compare`` decides the relation. Links are made in both directions of arrival: a denial that
arrives before the claim it denies is found when the claim arrives, since candidates are compared both
ways.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from ..relate import ClaimView, Link, claim_keys, compare
from . import schema as m
from .ingest import now

PER_KEY = 40  # most recent claims fetched per key
MAX_CANDIDATES = 30
MIN_SHARED_KEYS = 2


def _view(claim: m.Claim, sentence_text: str, speakers: set[str], outlet: str | None, position: int) -> ClaimView:
    srcs = speakers or ({f"outlet:{outlet}"} if outlet else set())
    body = claim.content_text or sentence_text
    return ClaimView.build(claim.id, body, sentence_text, srcs, claim.kind, position,
                           claim.event_date.isoformat() if claim.event_date else None)


def _load_views(session: Session, ids: list[int]) -> dict[int, ClaimView]:
    if not ids:
        return {}
    rows = session.execute(
        select(m.Claim, m.Sentence.text, m.Document.outlet, m.Document.id)
        .join(m.Sentence, m.Sentence.id == m.Claim.sentence_id)
        .join(m.Document, m.Document.id == m.Claim.document_id)
        .where(m.Claim.id.in_(ids))
    ).all()
    speakers: dict[int, set[str]] = {}
    for cid, name in session.execute(
        select(m.ClaimSource.claim_id, m.Source.name).join(m.Source, m.Source.id == m.ClaimSource.source_id)
        .where(m.ClaimSource.claim_id.in_(ids), m.ClaimSource.role == "speaker")
    ):
        speakers.setdefault(cid, set()).add(name)
    return {c.id: _view(c, stext, speakers.get(c.id, set()), outlet, did) for c, stext, outlet, did in rows}


def index_and_link(session: Session, document: m.Document, claim_rows: list[m.Claim]) -> int:
    """Index the new document's claims and link them to related claims in other documents."""
    if not claim_rows:
        return 0
    views = _load_views(session, [c.id for c in claim_rows])
    keyed: dict[int, set[str]] = {}
    key_rows = []
    for cid, v in views.items():
        if v.kind not in ("assertion", "direct_quote", "indirect_quote", "mixed_quote", "denial"):
            continue
        keys = {k[:120] for k in claim_keys(v)}
        keyed[cid] = keys
        key_rows.extend({"key": k, "claim_id": cid} for k in keys)
    made = 0
    existing = {
        (a, b, k) for a, b, k in session.execute(
            select(m.ClaimRelation.claim_id, m.ClaimRelation.target_claim_id, m.ClaimRelation.kind)
            .where(m.ClaimRelation.claim_id.in_(list(views)) | m.ClaimRelation.target_claim_id.in_(list(views)))
        )
    }
    for cid, keys in keyed.items():
        if not keys:
            continue
        counts: Counter[int] = Counter()
        for key in keys:
            for (other,) in session.execute(
                text("SELECT k.claim_id FROM claim_key k WHERE k.key = :key ORDER BY k.claim_id DESC LIMIT :n"),
                {"key": key, "n": PER_KEY},
            ):
                counts[other] += 1
        cands = [c for c, n in counts.most_common(MAX_CANDIDATES * 2) if n >= MIN_SHARED_KEYS][:MAX_CANDIDATES]
        if not cands:
            continue
        other_views = _load_views(session, cands)
        me = views[cid]
        for oid, other in other_views.items():
            if oid in views:
                continue
            for link in (compare(me, other), compare(other, me)):
                if link is None:
                    continue
                key = (link.source, link.target, link.kind)
                if key in existing:
                    continue
                existing.add(key)
                _add(session, link)
                made += 1
                break
    if key_rows:
        session.execute(m.ClaimKey.__table__.insert(), key_rows)
    return made


def _add(session: Session, link: Link) -> None:
    session.add(m.ClaimRelation(claim_id=link.source, target_claim_id=link.target, kind=link.kind,
                                confidence=link.confidence, evidence=link.evidence, method=link.method,
                                scope="corpus", origin="auto", status="auto", created_at=now()))
