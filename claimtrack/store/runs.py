"""What ingest and re-analysis share: the ingest_run record, and storing a document with its links.

A run is 'running' while its process lives, then 'ok', 'partial' (some inputs failed), 'failed' (the
database stopped taking writes) or 'interrupted' (killed, or stopped with Ctrl-C). A killed process cannot
say so itself, so a live run holds a *lease* for as long as it runs: on PostgreSQL a session-level
advisory lock (released by the server when the connection drops, whichever machine the process was on),
on SQLite a byte-range lock in the file ``<database>-ingest.lock`` beside it (released by the kernel when
the process dies). A 'running' run without its lease was interrupted: the next run marks it so, and
``claimtrack runs`` shows it so, with the counts of what it stored.

Storing goes through ``store_document``: one transaction per document, retried with backoff when another
writer gets in the way (a SQLite lock, a PostgreSQL deadlock or serialization failure, a concurrent insert
of the same source), and stopped with ``FatalDatabaseError`` when the database cannot take writes at all.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import Engine, event, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from .. import __version__
from ..model import Analysis
from . import schema as m
from .db import DOCUMENT, FATAL, RETRY, FatalDatabaseError, busy_timeout, classify
from .documents import replaced_by, take_place
from .ingest import now, store_analysis
from .relations import LinkPlan, index_and_link, plan_links
from .review import reapply_decisions

T = TypeVar("T")
LEASE_CLASS = 0x6374  # first key of claimtrack's two-key advisory locks on PostgreSQL ('ct')
LOCK_RETRIES = 4  # a SQLite writer waits busy_timeout each time before one of these
CONFLICT_RETRIES = 10  # deadlocks, serialization failures, concurrent inserts of one unique row


# ---- leases ------------------------------------------------------------------------------------------------
_LEASES: dict[tuple[str, int], Callable[[], None]] = {}  # held leases: how to release each
_LOCK_FILES: dict[str, int] = {}  # one descriptor per lock file and process (POSIX locks are per process)


def _key(engine: Engine, run_id: int) -> tuple[str, int]:
    return engine.url.render_as_string(hide_password=True), run_id


def _lock_file(engine: Engine) -> int | None:
    db = engine.url.database
    if engine.dialect.name != "sqlite" or not db or db == ":memory:" or db.startswith("file:"):
        return None
    try:
        import fcntl  # noqa: F401 - POSIX only; without it runs are not leased
    except ImportError:
        return None
    path = f"{db}-ingest.lock"
    fd = _LOCK_FILES.get(path)
    if fd is None:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError:
            return None
        _LOCK_FILES[path] = fd
    return fd


def acquire_lease(engine: Engine, run_id: int) -> None:
    """Hold run ``run_id``'s lease until ``release_lease`` or the end of this process."""
    if _key(engine, run_id) in _LEASES:
        return
    if engine.dialect.name == "postgresql":
        conn = engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("SELECT pg_advisory_lock(:k, :id)"), {"k": LEASE_CLASS, "id": run_id})

        def release() -> None:
            try:
                conn.execute(text("SELECT pg_advisory_unlock(:k, :id)"), {"k": LEASE_CLASS, "id": run_id})
            finally:
                conn.close()
    else:
        fd = _lock_file(engine)
        if fd is None:
            return
        import fcntl

        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, run_id)
        except OSError:
            return

        def release() -> None:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, run_id)
    _LEASES[_key(engine, run_id)] = release


def release_lease(engine: Engine, run_id: int) -> None:
    release = _LEASES.pop(_key(engine, run_id), None)
    if release is not None:
        try:
            release()
        except Exception:  # noqa: BLE001 - the lease goes with the process or connection anyway
            pass


def live_runs(session: Session, run_ids: list[int]) -> set[int] | None:
    """Which of ``run_ids`` still hold their lease (a live process), or None when that cannot be told."""
    engine = session.get_bind()
    mine = {rid for rid in run_ids if _key(engine, rid) in _LEASES}
    if engine.dialect.name == "postgresql":
        held = set(session.execute(text(
            "SELECT objid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = :k AND objsubid = 2 "
            "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"),
            {"k": LEASE_CLASS}).scalars())
        return mine | {rid for rid in run_ids if rid in held}
    fd = _lock_file(engine)
    if fd is None:
        return None
    import fcntl

    alive = set(mine)
    for rid in run_ids:
        if rid in mine:
            continue
        try:
            fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB, 1, rid)
        except OSError:
            alive.add(rid)  # another process holds it
        else:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, rid)
    return alive


# ---- the run record ------------------------------------------------------------------------------------------
def start_run(session: Session, command: str, engine_name: str) -> m.IngestRun:
    """A new 'running' run, leased before it is committed (so no one can take it for an interrupted one);
    runs left 'running' by processes that died are marked 'interrupted' on the way."""
    mark_interrupted(session)
    run = m.IngestRun(started_at=now(), command=command[:2000], status="running", documents_added=0,
                      documents_skipped=0, documents_failed=0, stories=0, sentences=0, claims=0,
                      tool_version=__version__, engine=engine_name)
    session.add(run)
    session.flush()
    acquire_lease(session.get_bind(), run.id)
    return run


@dataclass
class RunCounts:
    added: int = 0
    skipped: int = 0
    failed: int = 0
    stories: int = 0
    sentences: int = 0
    claims: int = 0


def stored_counts(session: Session, run_id: int) -> RunCounts:
    """What the database holds of run ``run_id`` (for a run that could not count for itself)."""
    docs = select(m.Document.id).where(m.Document.ingest_run_id == run_id)
    count = lambda model: session.scalar(  # noqa: E731
        select(func.count()).select_from(model).where(model.document_id.in_(docs))) or 0
    return RunCounts(added=session.scalar(select(func.count()).select_from(docs.subquery())) or 0,
                     stories=count(m.Story), sentences=count(m.Sentence), claims=count(m.Claim))


def mark_interrupted(session: Session) -> list[int]:
    """Runs left 'running' by a process that is gone become 'interrupted', with the counts they stored."""
    running = list(session.execute(select(m.IngestRun.id).where(m.IngestRun.status == "running")).scalars())
    if not running:
        return []
    alive = live_runs(session, running)
    if alive is None:
        return []
    dead = [rid for rid in running if rid not in alive]
    for rid in dead:
        c = stored_counts(session, rid)
        session.execute(update(m.IngestRun).where(m.IngestRun.id == rid, m.IngestRun.status == "running").values(
            status="interrupted", documents_added=c.added, stories=c.stories, sentences=c.sentences, claims=c.claims))
    return dead


def finish_run(session: Session, run_id: int, errors: list[str], *, counts: RunCounts | None = None,
               status: str | None = None) -> None:
    """Close the run: status ('ok', or 'partial' when there were errors, unless given), errors, and the
    counts when given (ingest counts in its workers; re-analysis credits the run row as it goes).
    The lease is released once this transaction commits."""
    run = session.get(m.IngestRun, run_id)
    run.finished_at = now()
    run.documents_failed = counts.failed if counts else len(errors)
    run.status = status or ("ok" if not errors else "partial")
    run.errors = "\n".join(errors)[:20000] or None
    if counts is not None:
        run.documents_added, run.documents_skipped = counts.added, counts.skipped
        run.stories, run.sentences, run.claims = counts.stories, counts.sentences, counts.claims
    engine = session.get_bind()
    event.listen(session, "after_commit", lambda _s: release_lease(engine, run_id), once=True)


def list_runs(session: Session, limit: int = 20) -> list[dict]:
    """The latest runs, newest first, with 'running' ones told apart from interrupted ones; counts of
    unfinished runs come from what they stored so far."""
    runs = list(session.execute(select(m.IngestRun).order_by(m.IngestRun.id.desc()).limit(limit)).scalars())
    running = [r.id for r in runs if r.status == "running"]
    alive = live_runs(session, running) if running else set()
    out = []
    for r in runs:
        status, c = r.status, RunCounts(r.documents_added, r.documents_skipped, r.documents_failed, r.stories,
                                        r.sentences, r.claims)
        if status in ("running", "interrupted") and r.finished_at is None:
            live = stored_counts(session, r.id)
            c.added, c.stories, c.sentences, c.claims = live.added, live.stories, live.sentences, live.claims
            if status == "running" and alive is not None and r.id not in alive:
                status = "interrupted"
        out.append({"id": r.id, "started": r.started_at, "finished": r.finished_at, "status": status,
                    "added": c.added, "already_stored": c.skipped, "not_stored": c.failed, "stories": c.stories,
                    "sentences": c.sentences, "claims": c.claims, "command": r.command,
                    "errors": r.errors})
    return out


# ---- storing, with retries ---------------------------------------------------------------------------------
def store_and_link(session: Session, analysis: Analysis, run: m.IngestRun | None,
                   document: m.Document | None = None, *,
                   run_id: int | None = None, plan: LinkPlan | None = None) -> tuple[m.Document, int, int, int] | None:
    """Store an analysis (under ``document`` when re-analysing), link it across articles and re-apply the
    analysts' decisions, in the caller's transaction: (document row, claims, relations, decisions), or None
    when the text is already stored. ``plan``: linking's reads and scoring, done beforehand (``plan_links``);
    made here when not given."""
    stored = store_analysis(session, analysis, run, document=document, run_id=run_id)
    if stored is None:
        return None
    relations = index_and_link(session, stored.row, stored.claims, plan, analysis)
    decisions = reapply_decisions(session, stored.row)
    return stored.row, len(stored.claims), relations, decisions


def _backoff(attempt: int) -> None:
    time.sleep(min(2.0, 0.05 * 2 ** attempt) * (0.5 + random.random()))


def retrying(fn: Callable[[], T]) -> T:
    """``fn()`` (which opens and commits its own transaction), again after a rollback when another writer
    got in the way. Gives up with ``FatalDatabaseError`` when the database cannot take writes; other
    errors are raised as they are."""
    attempt = 0
    while True:
        try:
            return fn()
        except Exception as exc:
            kind, reason = classify(exc)
            if kind == FATAL:
                raise FatalDatabaseError(reason) from exc
            if kind == RETRY:
                locked = reason.startswith("the database is locked")
                if attempt < (LOCK_RETRIES if locked else CONFLICT_RETRIES):
                    _backoff(attempt)
                    attempt += 1
                    continue
                if locked:
                    raise FatalDatabaseError(
                        f"{reason} (waited {attempt + 1} times {busy_timeout():g} s; "
                        f"CLAIMTRACK_BUSY_TIMEOUT sets how long)") from exc
            assert kind in (DOCUMENT, RETRY)
            raise


@dataclass(frozen=True, slots=True)
class Stored:
    """A document just stored: the cross-article relations made, and whether it took a stored document's
    place (``ingest --replace``)."""

    relations: int
    replaced: bool = False


def store_document(factory: sessionmaker[Session], analysis: Analysis, run_id: int | None, *,
                   replace: bool = False) -> Stored | None:
    """Store one analysed document in its own transaction, retried as ``retrying`` says, or None when its text
    was already stored (by anyone, even a moment ago). With ``replace``, a changed text takes the place of the
    stored document(s) it is a new version of (``documents.replaced_by``: same origin, or same JSON Lines id),
    keeping that document's id and its analysts' decisions, all in the same transaction.

    On SQLite, which has one writer at a time, linking's reads and scoring (most of linking) are done first
    with plain reads that hold no lock, so other processes write meanwhile; the write transaction then
    only catches up with what they committed since. PostgreSQL runs writers side by side: it links inside
    the write transaction, and so does a replacement (its old claims go in that transaction)."""
    def attempt() -> Stored | None:
        plan = None
        with factory() as s:
            if s.get_bind().dialect.name == "sqlite":
                if s.execute(select(m.Document.id).where(m.Document.sha256 == analysis.sha256)).first():
                    return None  # stored already: nothing to plan (store_analysis checks again in the transaction)
                if not (replace and replaced_by(s, analysis.document)):
                    plan = plan_links(s, analysis, analysis.document.outlet, before_write=True)
        with factory.begin() as s:
            old = replaced_by(s, analysis.document) if replace else []
            if old and not s.execute(select(m.Document.id).where(m.Document.sha256 == analysis.sha256)).first():
                row = take_place(s, old, analysis, run_id)
                stored = store_and_link(s, analysis, None, document=row)
                assert stored is not None  # stored under the given row, never "already stored"
                return Stored(stored[2], replaced=True)
            stored = store_and_link(s, analysis, None, run_id=run_id, plan=plan)
            return None if stored is None else Stored(stored[2])

    return retrying(attempt)
