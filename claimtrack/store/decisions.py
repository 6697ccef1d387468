"""The analysts' decision log: each decision recorded once (who, when, what), read back with current claim ids.

A decision names its claims by fingerprint (``ingest.fingerprint``), not by row id, so it keeps naming them
after re-ingest and re-analysis rebuild the rows. Both claim decisions (``review.py``) and source decisions
(aliases and merges, ``sources.py``) are written here.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from . import schema as m
from .ingest import document_part, now


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


def about_document(sha256: str):
    """Decisions naming a claim of this document (as claim or as target): the fingerprints' document part,
    written as the indexes on it are (migration 0006), so both databases look it up instead of scanning
    every decision (a LIKE on a prefix uses no index on PostgreSQL's usual collations, nor with an OR)."""
    return text(f"substr(review_decision.claim_fingerprint, 1, {m.DOC_PART}) = :doc "
                f"OR substr(review_decision.target_fingerprint, 1, {m.DOC_PART}) = :doc"
                ).bindparams(doc=document_part(sha256))


def count_about(session: Session, sha256: str) -> int:
    """How many recorded decisions name a claim of the document with this content hash."""
    return session.scalar(select(func.count()).select_from(m.ReviewDecision).where(about_document(sha256))) or 0


Sentences = Iterable[tuple[int, str]]  # a document's sentences as (start offset, text)


def carry_over(session: Session, old_sha: str, old_sentences: Sentences, new_sha: str,
               new_sentences: Sentences) -> int:
    """Re-key the decisions about a replaced text's claims to the text that replaces it (``ingest --replace``),
    so that they apply to it now and at every later re-analysis: a claim is found again in the same sentence
    (the same words: the k-th sentence of that wording in the old text is the k-th in the new one) at the
    same place within it. Decisions about sentences the new text no longer has keep naming the old text
    (ingesting it again brings them back). The number of decisions re-keyed."""
    old_part, new_part = document_part(old_sha), document_part(new_sha)
    if old_part == new_part:
        return 0

    def places(sentences: Sentences) -> dict[tuple[str, int], int]:
        seen: dict[str, int] = defaultdict(int)
        out = {}
        for start, words in sorted(sentences):
            out[(words, seen[words])] = start
            seen[words] += 1
        return out

    old_key = {start: key for key, start in places(old_sentences).items()}
    new_start = places(new_sentences)

    def moved(fp: str | None) -> str | None:
        if not fp or not fp.startswith(old_part):
            return None
        try:
            sentence, anchor, kind = fp[len(old_part):].split(":", 2)
            key = old_key.get(int(sentence))
            start = new_start.get(key) if key is not None else None
            if start is None:
                return None
            return f"{new_part}{start}:{start + int(anchor) - int(sentence)}:{kind}"
        except ValueError:  # not a fingerprint this version wrote: left as it is
            return None

    n = 0
    for d in session.execute(select(m.ReviewDecision).where(about_document(old_sha))).scalars():
        claim, target = moved(d.claim_fingerprint), moved(d.target_fingerprint)
        if claim is None and target is None:
            continue
        d.claim_fingerprint = claim or d.claim_fingerprint
        d.target_fingerprint = target or d.target_fingerprint
        n += 1
    session.flush()
    return n
