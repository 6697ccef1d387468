"""Analysts' decisions about claims: checked, written to the decision log (``decisions.py``) and applied, and
applied again after re-analysis; what ``review show`` prints of a claim.

A decision names claims by fingerprint (document hash, sentence start, cue/content start, kind), not by
row id, so it still applies when the document is analysed again and its rows are rebuilt.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..model import CLAIM_KINDS, RELATION_KINDS, ROLES
from . import schema as m
from .decisions import Decision, about_document, by_fingerprint, read_log, record
from .ingest import SourceCache, now
from .sources import find_source, no_source


class ReviewError(ClaimtrackError):
    """A decision that names nothing (no such claim, source or relation) or cannot be made."""


def _claim(session: Session, claim_id: int) -> m.Claim:
    c = session.get(m.Claim, claim_id)
    if c is None:
        raise ReviewError(f"no claim with id {claim_id}")
    return c


ACTIONS = ("confirm", "reject", "set-kind", "set-source", "add-source", "add-relation", "remove-relation",
           "confirm-relation")


def _edited(claim: m.Claim) -> None:
    """An edit marks an untouched claim 'edited'; a confirmed or rejected claim keeps its verdict."""
    if claim.review_status == "auto":
        claim.review_status = "edited"


def _apply(session: Session, d: m.ReviewDecision, claim: m.Claim | None, target: m.Claim | None) -> None:
    p = json.loads(d.payload or "{}")
    if d.action in ("confirm", "reject") and claim is not None:
        claim.review_status = "confirmed" if d.action == "confirm" else "rejected"
    elif d.action == "set-kind" and claim is not None:
        claim.kind = p["kind"]
        _edited(claim)
    elif d.action in ("set-source", "add-source") and claim is not None:
        src = find_source(session, p["source"])
        if src is None:
            src = SourceCache(session).ensure(p["source"], p.get("source_kind") or "organization", None, None, "analyst")
            src.origin = "analyst"
        role = p.get("role", "speaker")
        if d.action == "set-source":
            session.execute(delete(m.ClaimSource).where(m.ClaimSource.claim_id == claim.id, m.ClaimSource.role == role))
        exists = session.execute(select(m.ClaimSource.id).where(
            m.ClaimSource.claim_id == claim.id, m.ClaimSource.source_id == src.id, m.ClaimSource.role == role)).first()
        if exists is None:
            session.add(m.ClaimSource(claim_id=claim.id, source_id=src.id, role=role, mention_text=None,
                                      origin="analyst"))
        _edited(claim)
    elif d.action == "add-relation" and claim is not None and target is not None:
        rel = session.execute(select(m.ClaimRelation).where(
            m.ClaimRelation.claim_id == claim.id, m.ClaimRelation.target_claim_id == target.id,
            m.ClaimRelation.kind == p["kind"])).scalar_one_or_none()
        if rel is None:
            session.add(m.ClaimRelation(claim_id=claim.id, target_claim_id=target.id, kind=p["kind"],
                                        confidence=1.0, evidence=p.get("evidence") or f"analyst {d.analyst}",
                                        method="analyst", scope="analyst", origin="analyst", status="confirmed",
                                        created_at=now()))
        else:
            rel.status = "confirmed"
    elif d.action == "remove-relation" and claim is not None and target is not None:
        for rel in session.execute(select(m.ClaimRelation).where(
                m.ClaimRelation.claim_id == claim.id, m.ClaimRelation.target_claim_id == target.id,
                m.ClaimRelation.kind == p["kind"])).scalars():
            rel.status = "rejected"
    elif d.action == "confirm-relation" and claim is not None and target is not None:
        for rel in session.execute(select(m.ClaimRelation).where(
                m.ClaimRelation.claim_id == claim.id, m.ClaimRelation.target_claim_id == target.id,
                m.ClaimRelation.kind == p["kind"])).scalars():
            rel.status = "confirmed"
    session.flush()


@dataclass(frozen=True, slots=True)
class Outcome:
    """A claim after a decision about it: who decided, and the claim's kind and review status now."""

    analyst: str
    kind: str
    status: str


def decide(session: Session, analyst: str, action: str, claim_id: int, payload: dict | None = None,
           target_id: int | None = None, note: str | None = None) -> Outcome:
    """Record an analyst's decision on claim ``claim_id`` (and ``target_id`` for relations) and apply it."""
    if action not in ACTIONS:
        raise ReviewError(f"unknown review action {action!r}")
    claim = _claim(session, claim_id)
    target = _claim(session, target_id) if target_id is not None else None
    payload = payload or {}
    if action == "set-kind" and payload.get("kind") not in CLAIM_KINDS:
        raise ReviewError(f"claim kind must be one of {', '.join(CLAIM_KINDS)}")
    if action in ("set-source", "add-source"):
        if payload.get("role", "speaker") not in ROLES:
            raise ReviewError(f"role must be one of {', '.join(ROLES)}")
        src = find_source(session, payload.get("source") or "")
        if src is None and not payload.get("source_kind"):
            raise no_source(session, payload.get("source") or "", "give its kind (--new KIND) to create it")
        if src is not None:
            payload["source"] = src.name
    if action.endswith("-relation"):
        if target is None:
            raise ReviewError("a relation needs a target claim")
        if target.id == claim.id:
            raise ReviewError("a claim cannot be related to itself")
        if payload.get("kind") not in RELATION_KINDS:
            raise ReviewError(f"relation kind must be one of {', '.join(RELATION_KINDS)}")
    if action in ("remove-relation", "confirm-relation"):
        found = session.execute(select(m.ClaimRelation.id).where(
            m.ClaimRelation.claim_id == claim.id, m.ClaimRelation.target_claim_id == target.id,
            m.ClaimRelation.kind == payload["kind"])).first()
        if found is None:
            raise ReviewError(f"no {payload['kind']} relation from claim {claim_id} to claim {target_id}")
    d = record(session, analyst, action, claim, payload, target, note)
    _apply(session, d, claim, target)
    return Outcome(d.analyst, claim.kind, claim.review_status)


def reapply_decisions(session: Session, document: m.Document) -> int:
    """Apply recorded decisions to a freshly (re)analysed document's claims, in the order they were made."""
    decisions = session.execute(
        select(m.ReviewDecision).where(about_document(document.sha256)).order_by(m.ReviewDecision.id)).scalars().all()
    if not decisions:  # the usual case: nothing was ever decided about this text, no claim rows to load
        return 0
    by_fp = {c.fingerprint: c for c in session.execute(
        select(m.Claim).where(m.Claim.document_id == document.id)).scalars()}
    if not by_fp:
        return 0
    n = 0
    for d in decisions:
        claim = _match(by_fp, d.claim_fingerprint) or by_fingerprint(session, d.claim_fingerprint)
        target = None
        if d.target_fingerprint:
            target = _match(by_fp, d.target_fingerprint) or by_fingerprint(session, d.target_fingerprint)
        if claim is None or (d.target_fingerprint and target is None):
            continue
        _apply(session, d, claim, target)
        n += 1
    return n


def _match(by_fp: dict[str, m.Claim], fp: str | None) -> m.Claim | None:
    """The claim with fingerprint ``fp``; failing that, the one claim at the same place whose kind the
    pipeline now reads differently (fingerprints end with the kind the pipeline first gave the claim)."""
    if not fp:
        return None
    if fp in by_fp:
        return by_fp[fp]
    place = fp.rsplit(":", 1)[0] + ":"
    same = [c for f, c in by_fp.items() if f.startswith(place)]
    return same[0] if len(same) == 1 else None


def history(session: Session, claim_id: int | None = None, analyst: str | None = None) -> list[Decision]:
    """Recorded decisions, oldest first; for one claim: those naming it as claim or as target."""
    return read_log(session, _claim(session, claim_id).fingerprint if claim_id is not None else None, analyst)


@dataclass(frozen=True, slots=True)
class ClaimRecord:
    """One stored claim with everything ``claimtrack review show`` prints of it."""

    id: int
    kind: str
    status: str
    document_id: int
    document_origin: str
    sentence_start: int
    sentence_end: int
    sentence_text: str
    cue_text: str | None
    cue_start: int | None
    cue_end: int | None
    event_date: date | None
    event_date_text: str | None
    sources: list[tuple[str, str, str, str]]  # (role, name, source kind, link origin: auto | analyst), as stored
    relations: list[tuple[int, str, int, str, str]]  # (claim id, kind, target claim id, status, origin), both ways
    decisions: list[Decision]


def claim_record(session: Session, claim_id: int) -> ClaimRecord:
    """Claim ``claim_id`` as stored, or ``ReviewError``."""
    c = _claim(session, claim_id)
    se = session.get(m.Sentence, c.sentence_id)
    doc = session.get(m.Document, c.document_id)
    sources = [(cs.role, src.name, src.kind, cs.origin) for cs, src in session.execute(
        select(m.ClaimSource, m.Source).join(m.Source, m.Source.id == m.ClaimSource.source_id)
        .where(m.ClaimSource.claim_id == c.id).order_by(m.ClaimSource.id))]
    relations = [(r.claim_id, r.kind, r.target_claim_id, r.status, r.origin) for r in session.execute(
        select(m.ClaimRelation).where(or_(m.ClaimRelation.claim_id == c.id, m.ClaimRelation.target_claim_id == c.id))
        .order_by(m.ClaimRelation.id)).scalars()]
    return ClaimRecord(c.id, c.kind, c.review_status, doc.id, doc.origin, se.char_start, se.char_end, se.text,
                       c.cue_text, c.cue_start, c.cue_end, c.event_date, c.event_date_text, sources, relations,
                       read_log(session, c.fingerprint))
