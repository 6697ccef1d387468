"""Re-analysis of stored documents: the same text through today's pipeline, analysts' decisions re-applied.

For each document, in one transaction: its stories are deleted (the database cascades to sentences, claims,
claim sources, dates, key index rows and every relation that touches those claims, in any document), the
stored text is analysed again with the current lexicons and analyst aliases, the new rows are stored under
the same document row (same id, same content hash), cross-article relations are found again, and the
recorded review decisions (which name claims by fingerprint, not by row id) are applied once more.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from ..model import RawDocument
from ..pipeline import Pipeline
from . import schema as m
from .documents import resolve_all
from .review import ReviewError
from .runs import finish_run, start_run, store_and_link
from .sources import analyst_aliases


@dataclass
class ReanalyseSummary:
    documents: int = 0
    claims_before: int = 0
    claims_after: int = 0
    relations: int = 0
    decisions: int = 0
    errors: list[str] = field(default_factory=list)


def find_documents(session: Session, refs: list[str]) -> list[int]:
    """Document ids for references (``documents.resolve``: an id, a content-hash prefix, an origin path, a
    JSON Lines id or a file name), each once, in order."""
    return resolve_all(session, refs)


def raw_document(row: m.Document) -> RawDocument:
    """The input as it was stored, ready for the pipeline."""
    return RawDocument(origin=row.origin, text=row.text, format=row.format, id=row.external_id, title=row.title,
                       published=row.published, outlet=row.outlet, url=row.url)


def reanalyse_document(session: Session, pipeline: Pipeline, row: m.Document,
                       run: m.IngestRun | None = None) -> tuple[int, int, int, int]:
    """Rebuild one document's rows in the caller's transaction: (claims before, claims after, relations, decisions)."""
    before = session.scalar(select(func.count()).select_from(m.Claim).where(m.Claim.document_id == row.id)) or 0
    analysis = pipeline.analyse(raw_document(row))
    if analysis.sha256 != row.sha256:  # the stored text is what was hashed; anything else is corruption
        raise ReviewError(f"document {row.id}: stored text no longer matches its content hash")
    session.execute(delete(m.Story).where(m.Story.document_id == row.id))
    session.expire_all()  # rows deleted by the database's cascades must not linger in the session
    row = session.get(m.Document, row.id)
    _, claims, relations, decisions = store_and_link(session, analysis, run, document=row)
    return before, claims, relations, decisions


def reanalyse(engine: Engine, factory: sessionmaker[Session], document_ids: list[int] | None, *,
              command: str = "reanalyse") -> ReanalyseSummary:
    """Re-analyse the given documents (None: all), each in its own transaction."""
    summary = ReanalyseSummary()
    with factory.begin() as s:
        run_id = start_run(s, command, engine.dialect.name).id
        pipeline = Pipeline(analyst_aliases(s))
        if document_ids is None:
            document_ids = list(s.execute(select(m.Document.id).order_by(m.Document.id)).scalars())
    for doc_id in document_ids:
        try:
            with factory.begin() as s:
                row = s.get(m.Document, doc_id)
                if row is None:
                    continue
                run = s.get(m.IngestRun, run_id)
                before, after, rels, decs = reanalyse_document(s, pipeline, row, run)
        except Exception as exc:  # noqa: BLE001 - that document's transaction is rolled back; say which
            summary.errors.append(f"document {doc_id}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
            continue
        summary.documents += 1
        summary.claims_before += before
        summary.claims_after += after
        summary.relations += rels
        summary.decisions += decs
    with factory.begin() as s:
        finish_run(s, run_id, summary.errors)
    return summary
