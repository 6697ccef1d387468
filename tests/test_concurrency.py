"""Many writers: 8 separate `claimtrack ingest` processes on overlapping inputs write to one database at once.

The processes are forked from the test process (warmed up by the reference ingest), each running the CLI's
`ingest` command with its own arguments, engine and connections — separate OS processes, as on a team's
machines, without paying the interpreter start-up eight times over.

The database is new: the processes also race to create the schema (one migrates, the others wait and find
it done). Every document must be stored exactly once and whole (same stories, sentences, claims and claim sources as
a single-process ingest gives it), canonical sources and aliases must not be duplicated or lost, and every
run must end 'ok' with its counts adding up. Runs on PostgreSQL (the team setup) and on SQLite (WAL, busy
timeout, retries).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
from collections import Counter
from pathlib import Path

import pytest
from newsgen import write_corpus
from sqlalchemy import func, select

from claimtrack import app
from claimtrack.reader import read_path
from claimtrack.store import schema as m
from claimtrack.store.db import open_database

PROCESSES = 8
ARTICLES = 24
PER_PROCESS = 6


def _cli_process(argv: list[str], log: str) -> None:
    """Body of a forked process: the CLI with ``argv``, stderr to ``log``; the exit code is the process's."""
    from claimtrack.cli import main
    from claimtrack.store.db import forget_inherited_engines

    forget_inherited_engines()  # the test process's connections are not this process's
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(fd, 2)
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115 - lives as long as the process
    main(args=argv, prog_name="claimtrack")  # exits with the command's code


def run_cli_processes(argvs: list[list[str]], tmp_path: Path) -> list[tuple[int, str]]:
    """Start one OS process per argv at once, wait for all: (exit code, stderr) each."""
    ctx = mp.get_context("fork")
    logs = [str(tmp_path / f"proc{i}.err") for i in range(len(argvs))]
    procs = [ctx.Process(target=_cli_process, args=(argv, log)) for argv, log in zip(argvs, logs, strict=True)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=120)
    return [(p.exitcode, Path(log).read_text("utf-8")) for p, log in zip(procs, logs, strict=True)]


def per_document(factory) -> dict[str, tuple[int, int, int, int]]:
    """sha256 → (stories, sentences, claims, claim sources) as stored."""
    with factory() as s:
        shas = list(s.execute(select(m.Document.sha256)).scalars())
        stories = dict(s.execute(select(m.Document.sha256, func.count()).join(m.Story, m.Story.document_id == m.Document.id)
                                 .group_by(m.Document.sha256)).all())
        sentences = dict(s.execute(select(m.Document.sha256, func.count())
                                   .join(m.Sentence, m.Sentence.document_id == m.Document.id)
                                   .group_by(m.Document.sha256)).all())
        claims = dict(s.execute(select(m.Document.sha256, func.count()).join(m.Claim, m.Claim.document_id == m.Document.id)
                                .group_by(m.Document.sha256)).all())
        links = dict(s.execute(select(m.Document.sha256, func.count()).join(m.Claim, m.Claim.document_id == m.Document.id)
                               .join(m.ClaimSource, m.ClaimSource.claim_id == m.Claim.id)
                               .group_by(m.Document.sha256)).all())
    assert len(shas) == len(set(shas))
    return {h: (stories.get(h, 0), sentences.get(h, 0), claims.get(h, 0), links.get(h, 0)) for h in shas}


def names(factory) -> tuple[list[str], list[str]]:
    with factory() as s:
        return (sorted(s.execute(select(m.Source.name)).scalars()),
                sorted(s.execute(select(m.SourceAlias.norm)).scalars()))


def reference(files: list[Path], tmp_path: Path):
    """What one process storing every file gives: per-document counts, source names, alias norms."""
    engine, factory = open_database(f"sqlite:///{tmp_path / 'reference.db'}")
    app.ingest(engine, factory, [d for f in files for d in read_path(str(f))])
    out = per_document(factory), *names(factory)
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The generated articles and what a single-process ingest stores of them (computed once)."""
    tmp = tmp_path_factory.mktemp("corpus")
    files = write_corpus(tmp / "in", ARTICLES, seed=7)
    return files, reference(files, tmp)


def test_eight_concurrent_ingests_store_each_document_once(db_url, tmp_path, corpus):
    files, (expected_docs, expected_sources, expected_aliases) = corpus
    shares = [[files[(i * 3 + k) % ARTICLES] for k in range(PER_PROCESS)] for i in range(PROCESSES)]
    assert set().union(*shares) == set(files)  # together they cover everything, each file ~2 times
    results = run_cli_processes(
        [["--db", db_url, "ingest", "--quiet", *(["--jobs", "2"] if i % 3 == 0 else []), *map(str, share)]
         for i, share in enumerate(shares)], tmp_path)
    assert [code for code, _ in results] == [0] * PROCESSES, [err for _, err in results]

    engine, factory = open_database(db_url)
    try:
        assert per_document(factory) == expected_docs  # every document once, and whole
        sources, aliases = names(factory)
        assert sources == expected_sources and aliases == expected_aliases  # none duplicated, none lost
        assert not [n for n, k in Counter(sources).items() if k > 1]
        with factory() as s:
            runs = s.execute(select(m.IngestRun)).scalars().all()
        assert len(runs) == PROCESSES and {r.status for r in runs} == {"ok"}
        assert sum(r.documents_added for r in runs) == ARTICLES  # each document added by exactly one process
        assert sum(r.documents_added + r.documents_skipped for r in runs) == PROCESSES * PER_PROCESS
        assert sum(r.documents_failed for r in runs) == 0
        assert sum(r.claims for r in runs) == sum(c for _, _, c, _ in expected_docs.values())
    finally:
        engine.dispose()
