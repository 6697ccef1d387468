"""The analysts' decision log: each decision recorded once (who, when, what), read back with current claim ids.

A decision names its claims by fingerprint (``ingest.fingerprint``), not by row id, so it keeps naming them
after re-ingest and re-analysis rebuild the rows. Both claim decisions (``review.py``) and source decisions
(aliases and merges, ``sources.py``) are written here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from . import schema as m
from .ingest import now


def record(session: Session, analyst: str, action: str, claim: m.Claim | None, payload: dict,
           target: m.Claim | None = None, note: str | None = None) -> m.ReviewDecision:
    """Write one decision to the log, in the caller's transaction (applying it is the caller's part)."""
    d = m.ReviewDecision(at=now(), analyst=analyst, action=action,
                         claim_fingerprint=claim.fingerprint if claim else None,
                         target_fingerprint=target.fingerprint if target else None,
                         payload=json.dumps(payload, ensure_ascii=False), note=note)
    session.add(d)
    return d


def by_fingerprint(session: Session, fp: str | None) -> m.Claim | None:
    """The claim a fingerprint names now (re-analysis gives it a new row id)."""
    if not fp:
        return None
    return session.execute(select(m.Claim).where(m.Claim.fingerprint == fp).limit(1)).scalar_one_or_none()


def claim_for_fingerprint(session: Session, fp: str | None) -> int | None:
    """The current row id of the claim a decision names (None when it no longer exists)."""
    c = by_fingerprint(session, fp)
    return c.id if c else None


@dataclass(frozen=True, slots=True)
class Decision:
    """A recorded decision as analysts see it: the claims it names by their current ids (None when a claim
    no longer exists, or for decisions about sources)."""

    id: int
    at: datetime
    analyst: str
    action: str
    claim_id: int | None
    target_claim_id: int | None
    payload: str | None  # JSON, as recorded
    note: str | None


def read_log(session: Session, fingerprint: str | None = None, analyst: str | None = None) -> list[Decision]:
    """Recorded decisions, oldest first; with ``fingerprint``, those naming that claim as claim or as target."""
    q = select(m.ReviewDecision).order_by(m.ReviewDecision.id)
    if fingerprint is not None:
        q = q.where((m.ReviewDecision.claim_fingerprint == fingerprint)
                    | (m.ReviewDecision.target_fingerprint == fingerprint))
    if analyst:
        q = q.where(m.ReviewDecision.analyst == analyst)
    return [Decision(d.id, d.at, d.analyst, d.action, claim_for_fingerprint(session, d.claim_fingerprint),
                     claim_for_fingerprint(session, d.target_fingerprint), d.payload, d.note)
            for d in session.execute(q).scalars()]
