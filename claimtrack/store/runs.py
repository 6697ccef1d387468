"""What ingest and re-analysis share: the ingest_run record, and storing a document with its links."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .. import __version__
from ..model import Analysis
from . import schema as m
from .ingest import now, store_analysis
from .relations import index_and_link
from .review import reapply_decisions


def start_run(session: Session, command: str, engine_name: str) -> m.IngestRun:
    run = m.IngestRun(started_at=now(), command=command[:2000], status="running", documents_added=0,
                      documents_skipped=0, documents_failed=0, stories=0, sentences=0, claims=0,
                      tool_version=__version__, engine=engine_name)
    session.add(run)
    session.flush()
    return run


def finish_run(session: Session, run_id: int, errors: list[str]) -> None:
    run = session.get(m.IngestRun, run_id)
    run.finished_at = now()
    run.documents_failed = len(errors)
    run.status = "ok" if not errors else "partial"
    run.errors = "\n".join(errors)[:20000] or None


def store_and_link(session: Session, analysis: Analysis, run: m.IngestRun | None,
                   document: m.Document | None = None) -> tuple[m.Document, int, int, int] | None:
    """Store an analysis (under ``document`` when re-analysing), link it across articles and re-apply the
    analysts' decisions, in the caller's transaction: (document row, claims, relations, decisions), or None
    when the text is already stored."""
    row = store_analysis(session, analysis, run, document=document)
    if row is None:
        return None
    claims = list(row._claim_rows.values())
    relations = index_and_link(session, row, claims)
    decisions = reapply_decisions(session, row)
    return row, len(claims), relations, decisions
