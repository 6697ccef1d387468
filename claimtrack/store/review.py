"""Analysts' review decisions: recorded (who, when, what) and re-applied after re-analysis.

A decision names claims by fingerprint (document hash, sentence start, cue/content start, kind), not by
row id, so it still applies when the document is analysed again and its rows are rebuilt.
"""

from __future__ import annotations

import json

from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..sources import Resolver, norm
from . import schema as m
from .ingest import SourceCache, document_part, now


class ReviewError(ClaimtrackError):
    """A decision that names nothing (no such claim, source or relation) or cannot be made."""


def _claim(session: Session, claim_id: int) -> m.Claim:
    c = session.get(m.Claim, claim_id)
    if c is None:
        raise ReviewError(f"no claim with id {claim_id}")
    return c


def find_source(session: Session, name: str) -> m.Source | None:
    """A source by canonical name or any alias (following merges)."""
    src = session.execute(select(m.Source).where(m.Source.name == name)).scalar_one_or_none()
    if src is None:
        sid = session.execute(select(m.SourceAlias.source_id).where(m.SourceAlias.norm == norm(name))).scalar()
        src = session.get(m.Source, sid) if sid else None
    hops = 0
    while src is not None and src.merged_into_id and hops < 10:
        src = session.get(m.Source, src.merged_into_id)
        hops += 1
    return src


def record(session: Session, analyst: str, action: str, claim: m.Claim | None, payload: dict,
           target: m.Claim | None = None, note: str | None = None) -> m.ReviewDecision:
    d = m.ReviewDecision(at=now(), analyst=analyst, action=action,
                         claim_fingerprint=claim.fingerprint if claim else None,
                         target_fingerprint=target.fingerprint if target else None,
                         payload=json.dumps(payload, ensure_ascii=False), note=note)
    session.add(d)
    return d


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


def decide(session: Session, analyst: str, action: str, claim_id: int, payload: dict | None = None,
           target_id: int | None = None, note: str | None = None) -> m.ReviewDecision:
    """Record an analyst's decision on claim ``claim_id`` (and ``target_id`` for relations) and apply it."""
    from ..model import CLAIM_KINDS, RELATION_KINDS, ROLES

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
            raise ReviewError(f"no source named {payload.get('source')!r}; give its kind (--new KIND) to create it")
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
    return d


def reapply_decisions(session: Session, document: m.Document) -> int:
    """Apply recorded decisions to a freshly (re)analysed document's claims, in the order they were made."""
    decisions = session.execute(
        select(m.ReviewDecision).where(_about_document(document.sha256)).order_by(m.ReviewDecision.id)).scalars().all()
    if not decisions:  # the usual case: nothing was ever decided about this text, no claim rows to load
        return 0
    by_fp = {c.fingerprint: c for c in session.execute(
        select(m.Claim).where(m.Claim.document_id == document.id)).scalars()}
    if not by_fp:
        return 0
    n = 0
    for d in decisions:
        claim = _match(by_fp, d.claim_fingerprint) or _by_fingerprint(session, d.claim_fingerprint)
        target = None
        if d.target_fingerprint:
            target = _match(by_fp, d.target_fingerprint) or _by_fingerprint(session, d.target_fingerprint)
        if claim is None or (d.target_fingerprint and target is None):
            continue
        _apply(session, d, claim, target)
        n += 1
    return n


def _about_document(sha256: str):
    """Decisions naming a claim of this document (as claim or as target): the fingerprints' document part,
    written as the indexes on it are (migration 0006), so both databases look it up instead of scanning
    every decision (a LIKE on a prefix uses no index on PostgreSQL's usual collations, nor with an OR)."""
    return text(f"substr(review_decision.claim_fingerprint, 1, {m.DOC_PART}) = :doc "
                f"OR substr(review_decision.target_fingerprint, 1, {m.DOC_PART}) = :doc"
                ).bindparams(doc=document_part(sha256))


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


def _by_fingerprint(session: Session, fp: str | None) -> m.Claim | None:
    if not fp:
        return None
    return session.execute(select(m.Claim).where(m.Claim.fingerprint == fp).limit(1)).scalar_one_or_none()


def claim_for_fingerprint(session: Session, fp: str | None) -> int | None:
    """The current row id of the claim a decision names (None when it no longer exists)."""
    c = _by_fingerprint(session, fp)
    return c.id if c else None


def history(session: Session, claim_id: int | None = None, analyst: str | None = None) -> list[m.ReviewDecision]:
    """Recorded decisions, oldest first; for one claim: those naming it as claim or as target."""
    q = select(m.ReviewDecision).order_by(m.ReviewDecision.id)
    if claim_id is not None:
        fp = _claim(session, claim_id).fingerprint
        q = q.where((m.ReviewDecision.claim_fingerprint == fp) | (m.ReviewDecision.target_fingerprint == fp))
    if analyst:
        q = q.where(m.ReviewDecision.analyst == analyst)
    return list(session.execute(q).scalars())


def add_alias(session: Session, name: str, alias: str, analyst: str, *, move: bool = False) -> m.Source:
    """Make ``alias`` a name of source ``name``. A name that already belongs to another known source (one of
    the built-in gazetteer's, stored or not, or one an analyst made) is refused unless ``move``: taking it
    silently would hand that source's claims to this one at the next analysis. A source the texts produced
    ("Lakeside Wire") may be named an alias of a known one: that is how an analyst says who it is."""
    src = find_source(session, name)
    if src is None:
        raise ReviewError(f"no source named {name!r}; see 'claimtrack sources list'")
    n = norm(alias)
    if not n:
        raise ReviewError("the alias is empty")
    if not move:
        other = find_source(session, alias)
        owner = other.name if other is not None and other.id != src.id and other.origin != "auto" else None
        if other is None:
            known = Resolver().lookup(alias)
            owner = known.name if known is not None and known.origin == "builtin" and known.name != src.name else None
        if owner is not None:
            raise ReviewError(f"{alias!r} already names the source {owner}; to make the two one source use "
                              f"'claimtrack sources merge \"{owner}\" \"{src.name}\"', or add --move to take the "
                              f"name from {owner}")
    row = session.execute(select(m.SourceAlias).where(m.SourceAlias.norm == n)).scalar_one_or_none()
    if row is None:
        session.add(m.SourceAlias(source_id=src.id, alias=alias, norm=n, origin="analyst"))
    else:
        row.source_id, row.origin = src.id, "analyst"
    record(session, analyst, "alias", None, {"source": src.name, "alias": alias})
    return src


def remove_alias(session: Session, alias: str, analyst: str) -> m.Source:
    """Undo ``add_alias``: the analyst's alias ``alias`` is removed (from the next analysis on, the name
    resolves as the gazetteer or the text says). Gazetteer names and merged names stay."""
    n = norm(alias)
    row = session.execute(select(m.SourceAlias).where(m.SourceAlias.norm == n)).scalar_one_or_none() if n else None
    if row is None:
        raise ReviewError(f"no alias {alias!r}; see 'claimtrack sources show NAME'")
    if row.origin != "analyst":
        raise ReviewError(f"{alias!r} is not an analyst's alias (it comes from {'a merge' if row.origin == 'merge' else 'the texts or the gazetteer'}); only aliases added with 'sources alias' can be removed")
    src = session.get(m.Source, row.source_id)
    session.delete(row)
    record(session, analyst, "unalias", None, {"source": src.name if src else None, "alias": alias})
    return src


def merge_sources(session: Session, old: str, into: str, analyst: str) -> tuple[m.Source, m.Source, int]:
    """Merge source ``old`` into ``into``: its claims and aliases move, ``old`` stays as a merged record."""
    a, b = find_source(session, old), find_source(session, into)
    if a is None:
        raise ReviewError(f"no source named {old!r}")
    if b is None:
        raise ReviewError(f"no source named {into!r}")
    if a.id == b.id:
        raise ReviewError(f"{old!r} and {into!r} are already the same source ({a.name})")
    moved = 0
    for cs in session.execute(select(m.ClaimSource).where(m.ClaimSource.source_id == a.id)).scalars():
        dup = session.execute(select(m.ClaimSource.id).where(
            m.ClaimSource.claim_id == cs.claim_id, m.ClaimSource.source_id == b.id, m.ClaimSource.role == cs.role)).first()
        if dup:
            session.delete(cs)
        else:
            cs.source_id = b.id
        moved += 1
    for al in session.execute(select(m.SourceAlias).where(m.SourceAlias.source_id == a.id)).scalars():
        al.source_id = b.id
        al.origin = "merge"
    for child in session.execute(select(m.Source).where(m.Source.parent_id == a.id)).scalars():
        child.parent_id = b.id
    a.merged_into_id = b.id
    record(session, analyst, "merge", None, {"from": a.name, "into": b.name})
    session.flush()
    return a, b, moved
