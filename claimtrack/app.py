"""Application services the CLI calls: read → analyse → store, streamed, with runs, progress and workers.

``ingest`` streams: inputs are read one at a time (folders walked lazily, JSON Lines line by line), so
memory stays flat however large the archive. With ``jobs`` > 1, worker processes each analyse *and store*
the batches they are handed — one writer per process batch, each document in its own transaction — while
the main process only reads inputs and keeps a bounded number of batches in flight. A bad input is
reported, counted in the run and skipped; a document that cannot be stored is rolled back whole, reported
and counted; when the database cannot take writes at all (full, locked for too long, gone) the run stops
with ``IngestStopped`` and whatever was stored before is whole, so running the same command again finishes
the job (stored texts are recognised by their SHA-256 and skipped).
"""

from __future__ import annotations

import getpass
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields

from sqlalchemy import Engine
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session, sessionmaker

from .model import RawDocument
from .pipeline import Pipeline
from .reader import Input, InputError, check_paths, iter_files, iter_path
from .sources import Entry
from .store.db import FatalDatabaseError, classify, forget_inherited_engines, make_engine
from .store.runs import (
    RunCounts,
    finish_run,
    release_lease,
    retrying,
    start_run,
    store_document,
    stored_counts,
)
from .store.sources import analyst_aliases

BATCH = 8  # documents per worker batch
MAX_ERRORS_KEPT = 1000  # error lines kept for the run record and the caller (all are counted)


@dataclass
class IngestSummary:
    documents: int = 0  # documents read (unreadable inputs are not documents)
    added: int = 0
    replaced: int = 0  # stored in place of an earlier version (ingest --replace)
    skipped: int = 0  # already stored
    failed: int = 0  # read, but could not be analysed or stored (nothing of them was kept)
    unreadable: int = 0  # inputs (files, JSON Lines records) that could not be read
    stories: int = 0
    sentences: int = 0
    claims: int = 0
    relations: int = 0
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    def add(self, other: IngestSummary) -> None:
        for f in fields(self):
            if f.name not in ("errors", "interrupted"):
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        self.errors.extend(other.errors[: max(0, MAX_ERRORS_KEPT - len(self.errors))])

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(message)

    @property
    def problems(self) -> int:
        return self.failed + self.unreadable


class IngestStopped(FatalDatabaseError):
    """The database stopped taking writes; ``summary`` says what was stored before (all of it whole)."""

    def __init__(self, reason: str, summary: IngestSummary):
        super().__init__(f"{reason}; stopped after storing {summary.added} new document"
                         f"{'s' if summary.added != 1 else ''} (each one whole) — run the same command again to finish")
        self.reason = reason
        self.summary = summary


def open_inputs(paths: list[str], fmt: str = "auto", *, outlet: str | None = None, published: str | None = None,
                strict: bool = False, nothing: str = "nothing was stored") -> Iterator[Input]:
    """The stream of inputs for ``ingest`` and ``extract``. The command line's paths are checked first (a
    missing path stops everything). With ``strict``, every input is read once before anything is stored
    (or printed: ``nothing`` says which), and the first bad one raises ``InputError`` (naming how many more
    there are); stdin is then kept in memory."""
    check_paths(paths)

    def stream(replay: dict[str, list[Input]]) -> Iterator[Input]:
        for p in iter_files(paths):
            if p in replay:
                yield from replay[p]
            else:
                yield from iter_path(p, fmt, outlet=outlet, published=published)

    if not strict:
        return stream({})
    replay: dict[str, list[Input]] = {}
    bad: list[str] = []
    for p in iter_files(paths):
        items = iter_path(p, fmt, outlet=outlet, published=published)
        if p == "-":
            items = replay.setdefault(p, list(items))
        bad.extend(item.error for item in items if item.error)
    if bad:
        more = f" (and {len(bad) - 1} more unreadable input{'s' if len(bad) > 2 else ''})" if len(bad) > 1 else ""
        raise InputError(f"{bad[0]}{more}; {nothing} (--strict)")
    return stream(replay)


# ---- the writer: analyses and stores documents, one transaction each ------------------------------------------
class Writer:
    """Analyses and stores documents for one run. The main process has one with ``jobs`` = 1; with more,
    each worker process has its own, with its own database connection."""

    def __init__(self, factory: sessionmaker[Session], aliases: dict[str, Entry], run_id: int, replace: bool = False):
        self.factory = factory
        self.pipeline = Pipeline(aliases)
        self.run_id = run_id
        self.replace = replace

    def process(self, docs: list[RawDocument]) -> tuple[IngestSummary, str | None]:
        """(what happened, the reason the database stopped taking writes, if it did)."""
        out = IngestSummary()
        for doc in docs:
            out.documents += 1
            try:
                analysis = self.pipeline.analyse(doc)
            except Exception as exc:  # noqa: BLE001 - one document's analysis failed: say which, go on
                out.failed += 1
                out.error(f"failed: {_where(doc)}: cannot analyse ({classify(exc)[1]})")
                continue
            try:
                stored = store_document(self.factory, analysis, self.run_id, replace=self.replace)
            except FatalDatabaseError as exc:
                out.documents -= 1  # not attempted: the run stops here
                return out, str(exc)
            except Exception as exc:  # noqa: BLE001 - rolled back whole; say which and why, go on
                out.failed += 1
                out.error(f"failed: {_where(doc)}: cannot store ({classify(exc)[1]})")
                continue
            if stored is None:
                out.skipped += 1
                continue
            if stored.replaced:
                out.replaced += 1
            else:
                out.added += 1
            out.relations += stored.relations
            out.stories += len(analysis.stories)
            out.sentences += sum(len(st.sentences) for st in analysis.stories)
            out.claims += sum(len(se.claims) for st in analysis.stories for se in st.sentences)
        return out, None


def _where(doc: RawDocument) -> str:
    line = (doc.meta or {}).get("line")
    return f"{doc.origin}:{line}" if line else doc.origin


_writer: Writer | None = None


def _init_worker(url: URL, aliases: dict[str, Entry], run_id: int, replace: bool) -> None:
    global _writer
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the main process stops a worker with SIGTERM: at once
    forget_inherited_engines()
    _writer = Writer(sessionmaker(make_engine(url), expire_on_commit=False), aliases, run_id, replace)


def _process_in_worker(docs: list[RawDocument]) -> tuple[IngestSummary, str | None]:
    assert _writer is not None
    return _writer.process(docs)


# ---- the run ------------------------------------------------------------------------------------------
Progress = Callable[[IngestSummary, int], None]  # (totals so far, input bytes done)


def ingest(engine: Engine, factory: sessionmaker[Session], docs: Iterable[RawDocument | Input], *, jobs: int = 1,
           command: str = "ingest", progress: Progress | None = None, on_error: Callable[[str], None] | None = None,
           summary: IngestSummary | None = None, should_stop: Callable[[], bool] | None = None,
           replace: bool = False) -> IngestSummary:
    """Analyse and store ``docs`` (documents, or ``Input`` items from ``open_inputs``), streamed.

    Unreadable inputs ('skipped: PATH: reason') and documents that cannot be stored ('failed: PATH:
    reason') are counted, passed to ``on_error`` as they happen and recorded in the run; the rest lands.
    Raises ``IngestStopped`` when the database stops taking writes (the run is then recorded as 'failed').
    When ``should_stop()`` turns true (the CLI's Ctrl-C), the run stops between documents (workers are
    stopped at once; the database rolls back a document they were storing), is recorded as 'interrupted'
    and the summary comes back with ``interrupted`` set; a KeyboardInterrupt is recorded so too, and re-raised.
    With ``replace``, a changed text takes the place of the stored document it is a new version of (same
    origin, or same JSON Lines id), keeping that document's id and decisions (``store.runs.store_document``).
    """
    summary = summary or IngestSummary()
    state = {"bytes": 0}

    def begin() -> tuple[int, dict[str, Entry]]:
        with factory.begin() as s:
            return start_run(s, command, engine.dialect.name).id, analyst_aliases(s)

    run_id, aliases = retrying(begin)

    def record(part: IngestSummary, size: int) -> None:
        for e in part.errors[: max(0, MAX_ERRORS_KEPT - len(summary.errors))]:
            if on_error:
                on_error(e)
        summary.add(part)
        state["bytes"] += size
        if progress:
            progress(summary, state["bytes"])

    def items() -> Iterator[Input]:
        for item in docs:
            if isinstance(item, RawDocument):
                yield Input(item, None, 0)
            elif item.error is not None:
                summary.unreadable += 1
                summary.error(f"skipped: {item.error}")
                if on_error:
                    on_error(f"skipped: {item.error}")
                state["bytes"] += item.size
                if progress:
                    progress(summary, state["bytes"])
            else:
                yield item

    status = stopped = forced = None
    stop = should_stop or (lambda: False)
    try:
        if jobs <= 1:
            writer = Writer(factory, aliases, run_id, replace)
            for item in items():
                if stop():
                    break
                part, stopped = writer.process([item.doc])
                record(part, item.size)
                if stopped:
                    break
        else:
            stopped = _run_workers(engine, aliases, run_id, jobs, items(), record, stop, replace)
        if stop() and not stopped:
            status = "interrupted"
            summary.interrupted = True
    except KeyboardInterrupt:
        status = forced = "interrupted"
        raise
    finally:
        counts = RunCounts(summary.added + summary.replaced, summary.skipped, summary.problems, summary.stories,
                           summary.sentences, summary.claims)
        errors = summary.errors + ([f"stopped: {stopped}"] if stopped else [])
        status = status or ("failed" if stopped else None)

        def finish() -> None:
            with factory.begin() as s:
                if status == "interrupted":  # workers stopped mid-batch cannot report: count what is stored
                    c = stored_counts(s, run_id)
                    counts.added, counts.stories, counts.sentences, counts.claims = c.added, c.stories, c.sentences, c.claims
                finish_run(s, run_id, errors, counts=counts, status=status)

        try:
            finish() if forced else retrying(finish)  # forced: one try, whatever state the interrupt left
        except Exception:  # noqa: BLE001 - the run stays 'running' without its lease: shown as interrupted
            pass
        finally:
            release_lease(engine, run_id)
    if stopped:
        raise IngestStopped(stopped, summary)
    return summary


def _run_workers(engine: Engine, aliases: dict[str, Entry], run_id: int, jobs: int, items: Iterator[Input],
                 record: Callable[[IngestSummary, int], None], stop: Callable[[], bool],
                 replace: bool = False) -> str | None:
    """Hand batches to ``jobs`` worker processes, at most two per worker in flight (memory stays flat);
    each worker analyses and stores its batches itself. Returns why the database stopped, if it did."""
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context("spawn")
    engine.dispose()  # no pooled connection of this process is shared with the workers
    stopped: str | None = None
    pending: dict = {}
    with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker,
                             initargs=(engine.url, aliases, run_id, replace)) as pool:
        try:
            def collect(block: bool) -> None:
                nonlocal stopped
                done: set = set()
                while not done and not stop():
                    done, _ = wait(list(pending), return_when=FIRST_COMPLETED, timeout=0.2 if block else 0)
                    if not block:
                        break
                for fut in done:
                    size = pending.pop(fut)
                    try:
                        part, why = fut.result()
                    except BrokenProcessPool:
                        stopped = stopped or "a worker process died (out of memory, or killed)"
                        continue
                    record(part, size)
                    stopped = stopped or why

            batch: list[RawDocument] = []
            size = 0
            for item in _with_end(items):
                if stop():
                    raise _Stop
                if item is not None:
                    batch.append(item.doc)
                    size += item.size
                if batch and (len(batch) >= BATCH or item is None):
                    while len(pending) >= 2 * jobs and not stopped:
                        collect(block=True)
                        if stop():
                            raise _Stop
                    if stopped:
                        break
                    pending[pool.submit(_process_in_worker, batch)] = size
                    batch, size = [], 0
                if pending:
                    collect(block=False)
                if stopped:
                    break
            while pending and not stop():
                collect(block=True)
            if stop():
                raise _Stop
        except _Stop:
            _terminate(pool)
        except BaseException:
            _terminate(pool)
            raise
    return stopped


class _Stop(Exception):
    pass


def _terminate(pool) -> None:
    """Stop the workers now rather than after their queued batches: a document one of them was storing is
    rolled back whole by the database. (Python 3.14 has ProcessPoolExecutor.terminate_workers().)"""
    for proc in list((getattr(pool, "_processes", None) or {}).values()):
        proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def _with_end(items: Iterator[Input]) -> Iterator[Input | None]:
    yield from items
    yield None


def analyst_name(explicit: str | None) -> str:
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return os.environ.get("USER", "analyst")
