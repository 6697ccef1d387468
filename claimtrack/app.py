"""Application services the CLI calls: read → analyse → store, with runs, progress and worker processes."""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from .model import Analysis, RawDocument
from .pipeline import Pipeline
from .reader import InputError, expand, read_path
from .sources import Entry
from .store import schema as m
from .store.ingest import analyst_aliases
from .store.runs import finish_run, start_run, store_and_link


@dataclass
class IngestSummary:
    documents: int = 0
    added: int = 0
    skipped: int = 0
    failed: int = 0
    stories: int = 0
    sentences: int = 0
    claims: int = 0
    relations: int = 0
    errors: list[str] = field(default_factory=list)


def load_inputs(paths: list[str], fmt: str, outlet: str | None, published: str | None,
                keep_going: bool, errors: list[str]) -> list[RawDocument]:
    """Read and validate every input before anything is stored (bad input → nothing stored)."""
    docs: list[RawDocument] = []
    for p in expand(paths):
        try:
            docs.extend(read_path(p, fmt, outlet=outlet, published=published))
        except InputError as exc:
            if not keep_going:
                raise
            errors.append(str(exc))
    return docs


# ---- worker processes ------------------------------------------------------------------------------
_worker: Pipeline | None = None


def _init_worker(aliases: dict[str, Entry]) -> None:
    global _worker
    _worker = Pipeline(aliases)


def _analyse_in_worker(doc: RawDocument) -> Analysis:
    assert _worker is not None
    return _worker.analyse(doc)


def analyse_all(docs: list[RawDocument], aliases: dict[str, Entry], jobs: int) -> Iterator[Analysis]:
    if jobs <= 1 or len(docs) < 4:
        pipe = Pipeline(aliases)
        for d in docs:
            yield pipe.analyse(d)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if sys.platform.startswith("linux") else mp.get_context()
    with ctx.Pool(jobs, initializer=_init_worker, initargs=(aliases,)) as pool:
        yield from pool.imap(_analyse_in_worker, docs, chunksize=max(1, min(32, len(docs) // (jobs * 8) or 1)))


def ingest(engine: Engine, factory: sessionmaker[Session], docs: list[RawDocument], *, jobs: int = 1,
           command: str = "ingest", progress: Callable[[Iterable], Iterable] | None = None,
           summary: IngestSummary | None = None) -> IngestSummary:
    summary = summary or IngestSummary()
    with factory.begin() as s:
        run_id = start_run(s, command, engine.dialect.name).id
        aliases = analyst_aliases(s)
    analyses = analyse_all(docs, aliases, jobs)
    if progress is not None:
        analyses = progress(analyses)
    for analysis in analyses:
        summary.documents += 1
        try:
            with factory.begin() as s:
                run = s.get(m.IngestRun, run_id)
                stored = store_and_link(s, analysis, run)
                if stored is None:
                    summary.skipped += 1
                    run.documents_skipped += 1
                    continue
                summary.relations += stored[2]
        except Exception as exc:  # noqa: BLE001 - the document's transaction is rolled back; say which
            summary.failed += 1
            summary.errors.append(f"{analysis.document.origin}: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}")
            continue
        summary.added += 1
        summary.stories += len(analysis.stories)
        summary.sentences += sum(len(st.sentences) for st in analysis.stories)
        summary.claims += sum(len(se.claims) for st in analysis.stories for se in st.sentences)
    with factory.begin() as s:
        finish_run(s, run_id, summary.errors)
    return summary


def analyst_name(explicit: str | None) -> str:
    if explicit:
        return explicit
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001
        return os.environ.get("USER", "analyst")
