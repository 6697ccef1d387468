"""Faults: an ingest killed at any moment, bad files in a batch, a locked or full database.

Whatever happens, the database holds whole documents only (each one's stories, sentences, claims and
claim sources exactly as ``extract`` gives them), and running the same command again completes the job
without duplicates.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from newsgen import write_corpus
from sqlalchemy import func, select, text
from test_concurrency import _cli_process, per_document

from claimtrack import app
from claimtrack.pipeline import Pipeline
from claimtrack.reader import read_path
from claimtrack.store import schema as m
from claimtrack.store.db import FatalDatabaseError, open_database

ARTICLES = 24


def expected_counts(files: list[Path]) -> dict[str, tuple[int, int, int, int]]:
    """sha256 → (stories, sentences, claims, claim sources) of each file, as ``extract`` analyses it."""
    pipe = Pipeline()
    out = {}
    for f in files:
        for doc in read_path(str(f)):
            a = pipe.analyse(doc)
            claims = [c for st in a.stories for se in st.sentences for c in se.claims]
            out[a.sha256] = (len(a.stories), sum(len(st.sentences) for st in a.stories), len(claims),
                             sum(len(c.sources) for c in claims))
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("faults")
    files = write_corpus(tmp / "in", ARTICLES, seed=11)
    return tmp / "in", files, expected_counts(files)


def assert_whole(factory, expected: dict) -> dict:
    """Every stored document is whole: its counts are exactly those of its analysis."""
    stored = per_document(factory)
    for sha, counts in stored.items():
        assert counts == expected[sha], f"document {sha[:12]} is not whole: {counts} != {expected[sha]}"
    return stored


def runs_listing(db_url: str) -> list[dict]:
    from click.testing import CliRunner

    from claimtrack.cli import main

    res = CliRunner().invoke(main, ["--db", db_url, "runs", "--format", "json"], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def count_documents(factory) -> int:
    with factory() as s:
        return s.scalar(select(func.count()).select_from(m.Document))


# ---- SIGKILL at any moment -------------------------------------------------------------------------------
def server_clock(factory):
    """The PostgreSQL server's clock (None on SQLite)."""
    with factory() as s:
        return s.scalar(text("SELECT clock_timestamp()")) if s.get_bind().dialect.name == "postgresql" else None


def wait_for_killed_sessions(factory, since) -> None:
    """On PostgreSQL, wait until the server has ended the sessions opened since ``since`` (the killed
    processes'): a COMMIT the client sent just before the kill still completes on the server, and a count
    taken before that would miss it. (SQLite has no server: a killed process's commit happened or did not.)"""
    if since is None:
        return
    deadline = time.monotonic() + 30  # a loaded 2-core machine (a fresh clone's first run) can take a while
    with factory() as s:
        while True:
            left = s.execute(text(
                "SELECT pid, state, query, client_port FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND backend_type = 'client backend' AND backend_start >= :since"),
                {"since": since}).all()
            if not left or time.monotonic() > deadline:
                break
            # pg_stat_activity is read once per transaction: without ending it, every poll saw the first
            # reading, sessions the server had already ended included (the cause of this test's rare failures)
            s.rollback()
            time.sleep(0.05)
    if left:
        # which processes are still there (a killed one should not be): for the failure's reader
        ps = subprocess.run(["ps", "-eo", "pid,ppid,pgid,stat,etime,args"], capture_output=True, text=True).stdout
        alive = [ln for ln in ps.splitlines() if "claimtrack" in ln or "pytest" in ln or "multiprocessing" in ln]
        ss = subprocess.run(["ss", "-tnpa"], capture_output=True, text=True).stdout  # who holds their sockets
        holders = [ln.split()[-1] for ln in ss.splitlines() if any(f":{r[3]} " in ln for r in left)]
        raise AssertionError(f"the killed ingest's database sessions did not end within 30 s: {left}; "
                             f"processes: {alive}; socket holders: {holders}")


def test_the_wait_sees_a_session_end_while_it_polls(db_url):
    """The wait polls pg_stat_activity in a fresh transaction each time: a session that ends while it waits is
    seen to end (read in one transaction, the first reading stayed, and the wait ran out its 30 s)."""
    if not db_url.startswith("postgresql"):
        pytest.skip("PostgreSQL sessions")
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    engine, factory = open_database(db_url)
    since = server_clock(factory)
    other = create_engine(db_url, poolclass=NullPool)
    conn = other.connect()
    conn.execute(text("SELECT 1"))
    threading.Timer(0.5, conn.close).start()
    started = time.monotonic()
    try:
        wait_for_killed_sessions(factory, since)
        assert time.monotonic() - started < 10
    finally:
        other.dispose()
        engine.dispose()


def _session_cli(argv: list[str], log: str) -> None:
    os.setsid()  # its own process group: the kill takes its worker processes too
    _cli_process(argv, log)


def test_killed_ingest_leaves_whole_documents_and_a_rerun_completes(db_url, tmp_path, corpus):
    folder, files, expected = corpus
    engine, factory = open_database(db_url)  # schema in place: the kills land while documents are stored
    command = ["ingest", "--quiet", str(folder)]
    killed_at = []
    try:
        for jobs, at_least in ((1, 1), (2, ARTICLES // 3)):
            started = server_clock(factory)
            proc = mp.get_context("fork").Process(
                target=_session_cli, args=(["--db", db_url, *command, "--jobs", str(jobs)], str(tmp_path / "k.err")))
            proc.start()
            while count_documents(factory) < at_least and proc.is_alive():
                time.sleep(0.01)
            assert proc.is_alive(), "the ingest finished before it could be killed"
            os.killpg(proc.pid, signal.SIGKILL)
            proc.join()
            engine.dispose()
            wait_for_killed_sessions(factory, started)
            stored = assert_whole(factory, expected)
            assert at_least <= len(stored) < ARTICLES
            killed_at.append(len(stored))
            # the killed run is recognisable as such (PostgreSQL notices the dropped connection within moments)
            for _ in range(200):
                listing = runs_listing(db_url)
                if listing[0]["status"] == "interrupted":
                    break
                time.sleep(0.05)
            assert listing[0]["status"] == "interrupted"
            assert listing[0]["added"] == len(stored) - (killed_at[0] if len(killed_at) == 2 else 0)

        # the same command again, as a separate process of the installed CLI, finishes the job
        res = subprocess.run([sys.executable, "-c", "from claimtrack.cli import main; main()", "--db", db_url,
                              *command], capture_output=True, text=True, timeout=120)
        assert res.returncode == 0, res.stderr
        assert per_document(factory) == expected  # all of them, each once and whole
        with factory() as s:
            runs = s.execute(select(m.IngestRun).order_by(m.IngestRun.id)).scalars().all()
        assert [r.status for r in runs] == ["interrupted", "interrupted", "ok"]  # the rerun marked the killed ones
        assert runs[0].documents_added == killed_at[0]
        assert (runs[-1].documents_added, runs[-1].documents_skipped) == (ARTICLES - killed_at[1], killed_at[1])
    finally:
        engine.dispose()


def test_sigterm_stops_between_documents_and_records_the_run(tmp_path, corpus):
    folder, files, expected = corpus
    url = f"sqlite:///{tmp_path / 'term.db'}"
    engine, factory = open_database(url)
    proc = mp.get_context("fork").Process(
        target=_session_cli, args=(["--db", url, "ingest", "--jobs", "2", str(folder)], str(tmp_path / "t.err")))
    proc.start()
    while count_documents(factory) < 2 and proc.is_alive():
        time.sleep(0.01)
    assert proc.is_alive(), "the ingest finished before it could be stopped"
    os.kill(proc.pid, signal.SIGTERM)  # the main process only: it stops its workers itself
    proc.join()
    assert proc.exitcode == 130
    assert "interrupted: every document stored so far is whole" in (tmp_path / "t.err").read_text()
    stored = assert_whole(factory, expected)
    with factory() as s:
        run = s.execute(select(m.IngestRun)).scalar_one()
    assert (run.status, run.documents_added) == ("interrupted", len(stored)) and run.finished_at is not None
    engine.dispose()


# ---- bad files in a batch ----------------------------------------------------------------------------------
def test_bad_files_in_a_batch_are_reported_skipped_and_counted(db_url, tmp_path, corpus):
    _, files, expected = corpus
    folder = tmp_path / "batch"
    folder.mkdir()
    good = files[:6]
    for f in good:
        (folder / f.name).write_bytes(f.read_bytes())
    bad = {
        "b1-empty.txt": (b"", "empty input"),
        "b2-binary.txt": (b"GIF89a\x00\x01\x02\x03", "binary file"),
        "b3-cp1252.txt": ("Caf\u00e9 owners said prices rose \u2013 again.".encode("cp1252"), "not UTF-8"),
        "b4-wire.jsonl": (b'{"text": "AFP said the strike ended."}\n{"text": "unterminated\n', "b4-wire.jsonl:2: not valid JSON"),
    }
    for name, (content, _) in bad.items():
        (folder / name).write_bytes(content)
    (folder / "b5-unreadable.txt").symlink_to("/proc/self/mem")  # a regular file that fails to read (EIO)
    from click.testing import CliRunner

    from claimtrack.cli import main

    res = CliRunner().invoke(main, ["--db", db_url, "ingest", str(folder), "--jobs", "2"], catch_exceptions=False)
    assert res.exit_code == 3
    assert "Traceback" not in res.output
    skipped = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped: ")]
    assert len(skipped) == 5
    for name, (_, reason) in bad.items():
        assert any(str(folder / name) in ln and reason in ln for ln in skipped), name
    assert any("b5-unreadable.txt: cannot read" in ln for ln in skipped)
    assert "7 documents: 7 added" in res.stderr and "5 unreadable inputs skipped" in res.stderr
    engine, factory = open_database(db_url)
    try:
        (tmp_path / "record1.jsonl").write_bytes(bad["b4-wire.jsonl"][0].split(b"\n")[0])
        stored = assert_whole(factory, {**expected, **expected_counts([tmp_path / "record1.jsonl"])})
        assert len(stored) == 7  # the six articles and the JSON Lines file's good record
        with factory() as s:
            run = s.execute(select(m.IngestRun)).scalar_one()
        assert (run.status, run.documents_added, run.documents_failed) == ("partial", 7, 5)
        assert all(name in run.errors for name in bad) and "b5-unreadable.txt" in run.errors
    finally:
        engine.dispose()


def test_a_document_that_cannot_be_analysed_is_reported_and_the_rest_lands(db_url, tmp_path, corpus, monkeypatch):
    _, files, expected = corpus
    real = Pipeline.analyse

    def flaky(self, doc):
        if doc.origin.endswith("article0002.txt"):
            raise ValueError("tokenizer exploded")
        return real(self, doc)

    monkeypatch.setattr(Pipeline, "analyse", flaky)
    from click.testing import CliRunner

    from claimtrack.cli import main

    res = CliRunner().invoke(main, ["--db", db_url, "ingest", *map(str, files[:4])], catch_exceptions=False)
    assert res.exit_code == 3
    assert [ln for ln in res.stderr.splitlines() if ln.startswith("failed: ")] == [
        f"failed: {files[2]}: cannot analyse (ValueError: tokenizer exploded)"]
    assert "4 documents: 3 added, 0 already stored, 1 failed" in res.stderr
    engine, factory = open_database(db_url)
    assert len(assert_whole(factory, expected)) == 3
    engine.dispose()


# ---- database locked / full (SQLite) ------------------------------------------------------------------------
def _sqlite_db(tmp_path: Path) -> tuple[str, Path]:
    path = tmp_path / "locked.db"
    open_database(f"sqlite:///{path}")[0].dispose()
    return f"sqlite:///{path}", path


def test_locked_database_gives_one_clear_line_and_stores_nothing(tmp_path, corpus, monkeypatch):
    _, files, expected = corpus
    url, path = _sqlite_db(tmp_path)
    monkeypatch.setenv("CLAIMTRACK_BUSY_TIMEOUT", "0.1")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process holding the write lock and never letting go
    from click.testing import CliRunner

    from claimtrack.cli import main

    try:
        res = CliRunner().invoke(main, ["--db", url, "ingest", *map(str, files[:3])], catch_exceptions=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert res.exit_code == 1
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert "the database is locked by another process" in res.stderr and "CLAIMTRACK_BUSY_TIMEOUT" in res.stderr
    engine, factory = open_database(url)
    assert count_documents(factory) == 0
    engine.dispose()
    res = CliRunner().invoke(main, ["--db", url, "ingest", *map(str, files[:3])], catch_exceptions=False)
    assert res.exit_code == 0 and "3 added" in res.stderr


def test_lock_taken_mid_run_is_waited_out_or_stops_the_run_whole(tmp_path, corpus, monkeypatch):
    _, files, expected = corpus
    url, path = _sqlite_db(tmp_path)
    monkeypatch.setenv("CLAIMTRACK_BUSY_TIMEOUT", "0.1")
    engine, factory = open_database(url)
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def lock_after_first(release_after: float | None):
        state = {"locked": False}

        def progress(summary, _bytes):
            if summary.added == 1 and not state["locked"]:
                state["locked"] = True
                holder.execute("BEGIN EXCLUSIVE")
                if release_after is not None:
                    threading.Timer(release_after, lambda: holder.execute("ROLLBACK")).start()
        return progress

    # a lock held for a moment is waited out (retries with backoff): everything lands
    docs = [d for f in files[:4] for d in read_path(str(f))]
    summary = app.ingest(engine, factory, docs, progress=lock_after_first(0.3))
    assert (summary.added, summary.problems) == (4, 0)
    # a lock that is never released stops the run with a clear error; what was stored is whole
    docs = [d for f in files[4:8] for d in read_path(str(f))]
    with pytest.raises(FatalDatabaseError, match="locked by another process.*stopped after storing 1 new document"):
        app.ingest(engine, factory, docs, progress=lock_after_first(None))
    holder.execute("ROLLBACK")
    holder.close()
    assert len(assert_whole(factory, expected)) == 5
    assert runs_listing(url)[0]["status"] == "interrupted"  # it could not even record its end
    summary = app.ingest(engine, factory, docs)
    assert (summary.added, summary.skipped) == (3, 1)
    engine.dispose()


def test_full_database_gives_one_clear_line_and_whole_documents(tmp_path, corpus, monkeypatch):
    folder, files, expected = corpus
    url, path = _sqlite_db(tmp_path)
    from claimtrack.store import db as db_mod

    pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]
    real = db_mod._sqlite_pragmas

    def capped(dbapi_conn, record):  # a disk with room for a few more pages only
        real(dbapi_conn, record)
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages + 40}")

    monkeypatch.setattr(db_mod, "_sqlite_pragmas", capped)
    from click.testing import CliRunner

    from claimtrack.cli import main

    res = CliRunner().invoke(main, ["--db", url, "ingest", str(folder)], catch_exceptions=False)
    assert res.exit_code == 1
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert "the database is full" in res.stderr and "run the same command again" in res.stderr
    monkeypatch.setattr(db_mod, "_sqlite_pragmas", real)
    engine, factory = open_database(url)
    stored = assert_whole(factory, expected)
    assert 0 < len(stored) < ARTICLES
    res = CliRunner().invoke(main, ["--db", url, "ingest", str(folder)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    assert f"{ARTICLES - len(stored)} added, {len(stored)} already stored" in res.stderr
    assert per_document(factory) == expected
    engine.dispose()


def test_driver_errors_raised_outside_sqlalchemy_are_told_apart_like_wrapped_ones(tmp_path):
    """Some statements go to the driver directly (bulk key inserts, COPY, postings reads); their errors
    arrive unwrapped and must be classified as SQLAlchemy's are: a full disk or a lost server stops the run,
    a lock or a deadlock is retried, only a problem of the document itself is that document's failure."""
    import psycopg

    from claimtrack.store.db import DOCUMENT, FATAL, RETRY, classify

    full = sqlite3.connect(tmp_path / "full.db")
    full.execute("CREATE TABLE t (v TEXT)")
    full.execute("PRAGMA max_page_count = 3")
    with pytest.raises(sqlite3.OperationalError) as err:
        full.executemany("INSERT INTO t VALUES (?)", [("x" * 1000,)] * 100)
    assert classify(err.value) == (FATAL, "the database is full (no space left on its disk, or its size limit reached)")
    holder = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
    holder.execute("CREATE TABLE t (v TEXT)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(tmp_path / "locked.db", timeout=0)
    with pytest.raises(sqlite3.OperationalError) as err:
        other.execute("INSERT INTO t VALUES ('x')")
    assert classify(err.value)[0] == RETRY
    holder.execute("ROLLBACK")
    for c in (full, holder, other):
        c.close()
    assert classify(psycopg.errors.DiskFull("could not extend file"))[0] == FATAL
    assert classify(psycopg.errors.DeadlockDetected("deadlock detected"))[0] == RETRY
    assert classify(psycopg.OperationalError("server closed the connection unexpectedly"))[0] == FATAL
    assert classify(psycopg.errors.StringDataRightTruncation("value too long"))[0] == DOCUMENT
    assert classify(ValueError("no date"))[0] == DOCUMENT
