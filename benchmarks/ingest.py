"""Ingest at scale: throughput, memory, database size and every named report at 100k and 1M claims.

    .venv/bin/python benchmarks/ingest.py                       # full run (~15-25 min here the first time)
    .venv/bin/python benchmarks/ingest.py --quick               # small corpus, 20k claims: a few minutes
    .venv/bin/python benchmarks/ingest.py --claims 100000,1000000 --jobs 2 --pg-url postgresql://… --skip-pg

What it measures, for SQLite and PostgreSQL:

1. **Corpus.** PolNeAR train (``--data``, or ``$CLAIMTRACK_POLNEAR``, or ``../shared/polnear-train``)
   replicated to ``--articles`` articles, each copy with another outlet and publication date (a
   ``Release time:`` line is added above the text, so every copy is a new document to the store). Without
   that data (or with ``--synthetic``) the synthetic-news generator (``newsgen``, which the tests use too)
   writes varied news articles instead: attributed statements (said, told, according to, said in a
   statement, quoted as saying, direct quotes), figures, event dates, denials, beliefs, questions, over
   small pools of agencies, bodies, companies, people and places. The corpus is written as JSONL files into
   a temporary folder that is deleted afterwards; nothing from PolNeAR is stored anywhere else.
2. **extract**: the pure pipeline in this process (one core), sentences/s.
3. **ingest** at ``--jobs 1`` and ``--jobs N`` (default 2): the real ``claimtrack ingest`` command in a
   subprocess into a fresh database, wall time → sentences/s; peak memory is the highest sum of the
   resident set sizes of the command and all its worker processes (sampled from /proc every 50 ms);
   database size after the run (SQLite file plus WAL; ``pg_database_size``).
4. **Reports at 100k and 1M claims** (``--claims``). Ingesting a million claims through the pipeline would
   take hours, so the database ingested at ``--jobs 1`` is grown by bulk replication at the SQL level:
   each copy is ``INSERT … SELECT`` of every document, story, sentence, claim, claim date, claim source,
   relation and key-index row of the ingested database, with ids shifted, content hashes and claim
   fingerprints remapped, publication and event dates moved by a few weeks per copy, the outlet changed,
   and people re-cast (in each copy the people quoted become other people: cloned sources with their own
   aliases), so sources, outlets and dates keep growing with the corpus as they do in a real archive
   rather than piling onto the same few rows. One claim in 211 is marked rejected and one in 97
   confirmed, so the review filters have something to filter. The built databases are cached under
   ``--cache`` (default ``$TMPDIR/claimtrack-bench``; PostgreSQL: databases named ``ct_bench_cache_*``),
   keyed by corpus, size and this script's build version, so a re-run only times the reports
   (``--rebuild`` starts over; ``--drop-cache`` removes them). Every ``.sql`` file in
   ``claimtrack/reports`` is run through ``claimtrack.store.reports.run_report`` (all rows fetched) with its
   default parameters, required ones filled with a busy source and a mid-corpus document; reports that
   take a ``source`` run a second time filtered by it. Each time is the best of ``--repeat`` runs after
   one warm-up run. No ``ANALYZE`` is run on SQLite (the store does not run it either); PostgreSQL is
   analysed after the bulk load, as autovacuum would do.
5. **Relation search as the database grows**: ``--link-articles`` fresh ``newsgen`` articles are ingested
   into the ingested database and into each grown one, timing the cross-article linking step
   (``plan_links`` and ``index_and_link``) per article and counting the candidates it loaded; they are deleted afterwards.

Targets (printed beside the figures): extract ≥ 10,000 sentences/s on one core; ingest ≥ 5,000
sentences/s into SQLite and ≥ 3,000 into PostgreSQL on one core, near-linear in jobs; every named report
< 1 s at 1M claims on SQLite; relation search per article flat as the database grows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import _common
import newsgen
from sqlalchemy import create_engine, event, text
from sqlalchemy.exc import DBAPIError

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
from claimtrack.reader import read_path
from claimtrack.store.db import open_database, short_error
from claimtrack.store.reports import load_reports, run_report

BUILD_VERSION = "3"  # bump when the replication below changes, so cached databases are rebuilt
OUTLETS = ["Reuters", "AFP", "AP", "TASS", "Xinhua", "Anadolu", "Yonhap", "Kyodo", "EFE", "ANSA", "PTI", "BBC",
           "Al Jazeera", "Deutsche Welle", "NHK World", "The Hindu", "Folha", "Le Monde", "El País", "Daily Nation"]
RECAST = ["Adler", "Brandt", "Costa", "Dahl", "Eze", "Fischer", "Gomez", "Haddad", "Ivanova", "Jensen", "Kaur",
          "Lindqvist", "Mensah", "Novak", "Okafor", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka", "Usman", "Varga",
          "Weber", "Xu", "Yilmaz", "Zhou"]
TARGETS = {
    "extract": 10000,
    "ingest sqlite": 5000,
    "ingest postgresql": 3000,
}

# ---- corpus ----------------------------------------------------------------------------------------------
@dataclass
class Corpus:
    folder: Path
    files: list[str]
    articles: int
    kind: str  # "polnear" or "synthetic"
    signature: str


def build_corpus(folder: Path, articles: int, sources: list[Path], seed: int) -> Corpus:
    """Writes ``articles`` articles as JSONL files (200 per file) into ``folder``: copies of the PolNeAR texts
    ``sources``, or generated ones when there are none."""
    records = []
    for i in range(articles):
        copy = i // len(sources) if sources else 0
        day = (i * 37 + copy * 11) % 730
        pub = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((2016, 1, 1, 0, 0, 0, 0, 0, 0)) + day * 86400))
        outlet = OUTLETS[(i * 7 + copy * 3) % len(OUTLETS)]
        if sources:
            raw = sources[i % len(sources)].read_text("utf-8")
            title, _, rest = raw.partition("\n")
            body = f"{title}\nRelease time: {pub} {8 + copy % 10:02d}:00\n{rest}"
        else:
            body = newsgen.article(seed * 100003 + i, published=f"{pub} {8 + i % 10:02d}:00")
            title = body.partition("\n")[0]
        records.append({"id": f"bench-{i}", "outlet": outlet, "published": pub, "title": title, "text": body})
    files = []
    for k in range(0, len(records), 200):
        path = folder / f"corpus-{k // 200:04d}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[k : k + 200]), "utf-8")
        files.append(str(path))
    kind = "polnear" if sources else "synthetic"
    # what the cached databases were built from ("newsgen": not the generator this script had before)
    made = f"{kind}:{articles}:{seed}:{len(sources)}" + ("" if sources else ":newsgen")
    sig = hashlib.sha256(made.encode()).hexdigest()[:10]
    return Corpus(folder, files, articles, kind, sig)


# ---- measuring -------------------------------------------------------------------------------------------
def _tree_rss(root: int) -> int:
    """Resident set size (bytes) of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                parts = f.read().rsplit(")", 1)[1].split()
            ppid, pages = int(parts[1]), int(parts[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(d))
        rss[int(d)] = pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_measured(cmd: list[str], env: dict | None = None) -> tuple[float, int, subprocess.CompletedProcess]:
    """(wall seconds, peak RSS of the process tree, completed process)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peak = 0
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out, err = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    th.join()
    return elapsed, peak, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


class Pg:
    """Scratch and cache databases on one PostgreSQL server."""

    def __init__(self, url: str):
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://"):]
        self.admin_url = url
        self.base = url.rsplit("/", 1)[0]
        self.admin = create_engine(url, isolation_level="AUTOCOMMIT")

    def url(self, name: str) -> str:
        return f"{self.base}/{name}"

    def exists(self, name: str) -> bool:
        with self.admin.connect() as c:
            return c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first() is not None

    def create(self, name: str, template: str | None = None) -> str:
        self.drop(name)
        with self.admin.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
        return self.url(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def size(self, name: str) -> int:
        with self.admin.connect() as c:
            return c.execute(text("SELECT pg_database_size(:n)"), {"n": name}).scalar_one()

    def cached(self, prefix: str) -> list[str]:
        with self.admin.connect() as c:
            return list(c.execute(text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                                  {"p": prefix + "%"}).scalars())


def sqlite_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def count(url: str, table: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as c:
            return c.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
    finally:
        engine.dispose()


def bench_extract(corpus: Corpus, limit: int) -> tuple[float, int, int]:
    """(seconds, sentences, articles) of the pure pipeline over up to ``limit`` articles, one process."""
    docs: list[RawDocument] = []
    for f in corpus.files:
        docs.extend(read_path(f, "jsonl"))
        if len(docs) >= limit:
            break
    docs = docs[:limit]
    pipe = Pipeline()
    pipe.analyse(docs[0])  # lexicons and caches load outside the timing
    t = time.perf_counter()
    n = sum(len(st.sentences) for d in docs for st in pipe.analyse(d).stories)
    return time.perf_counter() - t, n, len(docs)


def bench_ingest(url: str, corpus: Corpus, jobs: int) -> tuple[float, int, int]:
    """(seconds, peak RSS, sentences stored) of ``claimtrack ingest`` into an empty database at ``url``."""
    open_database(url)[0].dispose()  # migrations outside the timing
    cmd = [str(Path(sys.executable).with_name("claimtrack")), "--db", url, "ingest", "--jobs", str(jobs), "--quiet",
           *corpus.files]
    secs, peak, proc = run_measured(cmd)
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({url}):\n{proc.stderr[-2000:]}")
    return secs, peak, count(url, "sentence")


# ---- growing a database by replication ----------------------------------------------------------------
def _shift(dialect: str, expr: str, days: int) -> str:
    """A DATE column (or 'YYYY-MM-DD' string) moved by ``days``."""
    if dialect == "sqlite":
        return f"date({expr}, '{days:+d} days')"
    return f"(CAST({expr} AS DATE) + {days})"


def _shift_text(dialect: str, expr: str, days: int) -> str:
    """A 'YYYY-MM-DD[THH:MM]' text column moved by ``days``, keeping any time part."""
    if dialect == "sqlite":
        return f"(date(substr({expr}, 1, 10), '{days:+d} days') || substr({expr}, 11))"
    return f"(to_char(CAST(substr({expr}, 1, 10) AS DATE) + {days}, 'YYYY-MM-DD') || substr({expr}, 11))"


def _case(expr: str, values: list[str]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v.replace(chr(39), chr(39) * 2)}'" for i, v in enumerate(values))
    return f"CASE ({expr}) % {len(values)} {whens} END"


def replicate(url: str, copies: int, log) -> None:
    """Grow the database at ``url`` to ``copies`` times its content by INSERT … SELECT (see the docstring)."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    dialect = engine.dialect.name
    tables = ["document", "story", "sentence", "claim", "claim_date", "claim_source", "claim_relation", "source",
              "source_alias"]
    with engine.begin() as c:
        mx = {t: c.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one() for t in tables}
        has_recast = c.execute(text("SELECT COUNT(*) FROM source WHERE name LIKE '% (recast %'")).scalar_one()
    if has_recast:
        raise SystemExit("replicate: this database was already grown")
    groups = min(len(RECAST), max(1, copies - 1))
    with engine.begin() as c:
        # people re-cast: group g ≥ 1 holds a clone of every person source, with its aliases
        for g in range(1, groups + 1):
            o = g * mx["source"]
            suffix = f" (recast {RECAST[g - 1]})"
            c.execute(text(
                f"INSERT INTO source (id, name, kind, country, parent_id, origin, merged_into_id, created_at) "
                f"SELECT id + {o}, name || :suffix, kind, country, parent_id, origin, NULL, created_at "
                f"FROM source WHERE kind = 'person' AND id <= {mx['source']} AND merged_into_id IS NULL"),
                {"suffix": suffix})
            c.execute(text(
                f"INSERT INTO source_alias (id, source_id, alias, norm, origin) "
                f"SELECT a.id + {g * mx['source_alias']}, a.source_id + {o}, a.alias || :suffix, "
                f"a.norm || :nsuffix, a.origin FROM source_alias a JOIN source s ON s.id = a.source_id "
                f"WHERE s.kind = 'person' AND s.id <= {mx['source']} AND s.merged_into_id IS NULL"),
                {"suffix": suffix, "nsuffix": f" recast {RECAST[g - 1].lower()}"})
    for k in range(1, copies):
        t0 = time.perf_counter()
        days = 29 * k % 730
        g = 1 + (k - 1) % groups
        off = {t: k * mx[t] for t in tables}
        prefix = f"{k:08x}"
        with engine.begin() as c:
            c.execute(text(
                "INSERT INTO document (id, sha256, origin, external_id, format, outlet, url, title, published, text, "
                "ingested_at, ingest_run_id) "
                f"SELECT id + {off['document']}, :prefix || substr(sha256, 9), origin, external_id || :idsuffix, "
                f"format, {_case(f'id + {k * 7}', OUTLETS)}, url, title, {_shift_text(dialect, 'published', days)}, "
                f"text, ingested_at, ingest_run_id FROM document WHERE id <= {mx['document']}"),
                {"prefix": prefix, "idsuffix": f"-copy{k}"})
            c.execute(text(
                "INSERT INTO story (id, document_id, ordinal, title, published, published_date, byline, char_start, "
                f"char_end) SELECT id + {off['story']}, document_id + {off['document']}, ordinal, title, "
                f"{_shift_text(dialect, 'published', days)}, {_shift(dialect, 'published_date', days)}, byline, "
                f"char_start, char_end FROM story WHERE id <= {mx['story']}"))
            c.execute(text(
                "INSERT INTO sentence (id, story_id, document_id, ordinal, char_start, char_end, text, kind, "
                f"confidence) SELECT id + {off['sentence']}, story_id + {off['story']}, document_id + "
                f"{off['document']}, ordinal, char_start, char_end, text, kind, confidence FROM sentence "
                f"WHERE id <= {mx['sentence']}"))
            c.execute(text(
                "INSERT INTO claim (id, sentence_id, story_id, document_id, ordinal, fingerprint, kind, cue_text, "
                "cue_start, cue_end, content_start, content_end, content_text, event_date, event_date_end, "
                "event_date_text, event_date_start_offset, event_date_end_offset, checkworthiness, confidence, "
                f"method, review_status) SELECT id + {off['claim']}, sentence_id + {off['sentence']}, story_id + "
                f"{off['story']}, document_id + {off['document']}, ordinal, :prefix || substr(fingerprint, 9), "
                "kind, cue_text, cue_start, cue_end, content_start, content_end, content_text, "
                f"{_shift(dialect, 'event_date', days)}, {_shift(dialect, 'event_date_end', days)}, "
                "event_date_text, event_date_start_offset, event_date_end_offset, checkworthiness, confidence, "
                f"method, CASE WHEN (id + {off['claim']}) % 211 = 0 THEN 'rejected' "
                f"WHEN (id + {off['claim']}) % 97 = 0 THEN 'confirmed' ELSE review_status END "
                f"FROM claim WHERE id <= {mx['claim']}"), {"prefix": prefix})
            c.execute(text(
                "INSERT INTO claim_date (id, claim_id, phrase, char_start, char_end, date, date_end) "
                f"SELECT id + {off['claim_date']}, claim_id + {off['claim']}, phrase, char_start, char_end, "
                f"{_shift(dialect, 'date', days)}, {_shift(dialect, 'date_end', days)} FROM claim_date "
                f"WHERE id <= {mx['claim_date']}"))
            c.execute(text(
                "INSERT INTO claim_source (id, claim_id, source_id, role, mention_text, mention_start, mention_end, "
                f"origin) SELECT cs.id + {off['claim_source']}, cs.claim_id + {off['claim']}, "
                f"CASE WHEN s.kind = 'person' AND s.merged_into_id IS NULL THEN cs.source_id + "
                f"{g * mx['source']} ELSE cs.source_id END, cs.role, cs.mention_text, cs.mention_start, "
                f"cs.mention_end, cs.origin FROM claim_source cs JOIN source s ON s.id = cs.source_id "
                f"WHERE cs.id <= {mx['claim_source']}"))
            c.execute(text(
                "INSERT INTO claim_relation (id, claim_id, target_claim_id, kind, confidence, evidence, method, "
                f"scope, origin, status, created_at) SELECT id + {off['claim_relation']}, claim_id + {off['claim']}, "
                f"target_claim_id + {off['claim']}, kind, confidence, evidence, method, scope, origin, "
                f"CASE WHEN (id + {off['claim_relation']}) % 53 = 0 THEN 'rejected' ELSE status END, created_at "
                f"FROM claim_relation WHERE id <= {mx['claim_relation']}"))
            c.execute(text(
                f"INSERT INTO claim_key (key, claim_id) SELECT key, claim_id + {off['claim']} FROM claim_key "
                f"WHERE claim_id <= {mx['claim']}"))
        log(f"    copy {k}/{copies - 1}: {time.perf_counter() - t0:.1f} s")
    with engine.begin() as c:
        if dialect == "postgresql":
            for t in tables + ["ingest_run", "review_decision"]:
                c.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                               f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {t}), false)"))
    if dialect == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.execute(text("VACUUM ANALYZE"))
    engine.dispose()


# ---- reports -------------------------------------------------------------------------------------------
def report_cases(url: str) -> list[tuple[str, dict[str, str]]]:
    """Every named report with its defaults (required parameters filled), plus a source-filtered run."""
    engine = create_engine(url)
    with engine.connect() as c:
        busy = c.execute(text(
            "SELECT s.name FROM claim_source cs JOIN source s ON s.id = cs.source_id WHERE cs.role = 'speaker' "
            "AND cs.claim_id <= 20000 GROUP BY s.name ORDER BY COUNT(*) DESC, s.name LIMIT 1")).scalar_one()
        doc = c.execute(text("SELECT external_id FROM document WHERE id = (SELECT MAX(id) / 2 FROM document)")).scalar()
    engine.dispose()
    fill = {"source": busy, "document": doc or "1"}
    cases = []
    for name, rep in sorted(load_reports().items()):
        params = {p.name: fill[p.name] for p in rep.params if p.required}
        cases.append((name, params))
        if any(p.name == "source" and not p.required for p in rep.params):
            cases.append((name, {"source": busy}))
    return cases


def _with_timeout(engine, seconds: float) -> list[float]:
    """Stop any statement running longer than ``seconds`` (a report that slow is a miss either way)."""
    deadline = [math.inf]
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "before_cursor_execute")
        def _arm(conn, _cursor, _stmt, _params, _ctx, _many):
            conn.connection.driver_connection.set_progress_handler(
                lambda: 1 if time.perf_counter() > deadline[0] else 0, 20000)
    else:
        @event.listens_for(engine, "connect")
        def _arm_pg(dbapi_conn, _record):
            with dbapi_conn.cursor() as cur:
                cur.execute(f"SET statement_timeout = {int(seconds * 1000)}")
            dbapi_conn.commit()
    return deadline


def time_reports(url: str, cases, repeat: int, timeout: float, log) -> dict[tuple[str, str], tuple[float, int]]:
    engine, _ = open_database(url)
    engine.dispose()
    deadline = _with_timeout(engine, timeout)
    out = {}
    try:
        for name, params in cases:
            label = ", ".join(f"{k}=…" for k in params) or "defaults"
            best, rows = math.inf, 0
            for i in range(repeat + 1):  # the first run warms the caches and is not counted
                deadline[0] = time.perf_counter() + timeout
                t = time.perf_counter()
                try:
                    _cols, result = run_report(engine, name, params)
                except DBAPIError as exc:
                    log(f"    {name} ({label}): stopped after {timeout:.0f} s ({short_error(exc)})")
                    best, rows = math.inf, -1
                    break
                if i or not repeat:
                    best = min(best, time.perf_counter() - t)
                rows = len(result)
            out[(name, label)] = (best, rows)
            if rows >= 0:
                log(f"    {name} ({label}): {best:.3f} s, {rows} rows")
    finally:
        engine.dispose()
    return out


# ---- relation search at scale --------------------------------------------------------------------------
def link_timing(url: str, articles: int, seed: int) -> tuple[float, float, float]:
    """(mean ms, p95 ms, candidates per article) of the cross-article linking step for fresh articles."""
    from claimtrack import app
    from claimtrack.store import relations, runs

    texts = (newsgen.article(10_000_000 + seed * 1000 + i, published="2017-06-15 10:00") for i in range(articles))
    docs = [RawDocument(origin=f"link-probe-{seed}-{i}", text=t, format="txt", outlet=OUTLETS[i % len(OUTLETS)],
                        published="2017-06-15") for i, t in enumerate(texts)]
    times: list[float] = []
    cands: list[int] = []
    # on SQLite linking is ``plan_links`` before the write transaction plus ``index_and_link`` inside it; on
    # PostgreSQL ``index_and_link`` makes the plan itself: the two are timed together per article
    original_plan, original = runs.plan_links, runs.index_and_link
    pending: list = [0.0, None]

    def timed_plan(*args, **kwargs):
        pending[1] = relations.STATS["candidates"]
        t0 = time.perf_counter()
        plan = original_plan(*args, **kwargs)
        pending[0] = time.perf_counter() - t0
        return plan

    def timed(*args, **kwargs):
        before = relations.STATS["candidates"] if pending[1] is None else pending[1]
        t0 = time.perf_counter()
        n = original(*args, **kwargs)
        times.append(time.perf_counter() - t0 + pending[0])
        cands.append(relations.STATS["candidates"] - before)
        pending[:] = [0.0, None]
        return n

    engine, factory = open_database(url)
    with engine.connect() as c:
        first_new = c.execute(text("SELECT COALESCE(MAX(id), 0) FROM document")).scalar_one() + 1
    runs.plan_links, runs.index_and_link = timed_plan, timed
    try:
        app.ingest(engine, factory, docs, command="benchmarks/ingest.py link probe")
    finally:
        runs.plan_links, runs.index_and_link = original_plan, original
        with engine.begin() as c:  # leave the cached database as it was (the cascade takes the rest)
            c.execute(text("DELETE FROM document WHERE id >= :i"), {"i": first_new})
        engine.dispose()
    p95 = sorted(times)[int(0.95 * (len(times) - 1))] if times else 0.0
    return 1000 * statistics.fmean(times), 1000 * p95, statistics.fmean(cands) if cands else 0.0


# ---- main ----------------------------------------------------------------------------------------------
@dataclass
class Results:
    throughput: list[tuple[str, str, float, float, int, int | None, str]] = field(default_factory=list)
    reports: dict[tuple[str, int], dict[tuple[str, str], tuple[float, int]]] = field(default_factory=dict)
    sizes: dict[tuple[str, int], tuple[int, int]] = field(default_factory=dict)  # (claims, bytes)
    links: dict[tuple[str, int], tuple[float, float, float]] = field(default_factory=dict)


def fmt_bytes(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n < 1e9 else f"{n / 1e9:,.2f} GB"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="small run: 120 articles, reports at 20k claims")
    ap.add_argument("--articles", type=int, default=None, help="corpus size for throughput (default 840)")
    ap.add_argument("--claims", default=None, help="database sizes for the report timings (default 100000,1000000)")
    ap.add_argument("--jobs", type=int, default=2, help="N for the 'ingest --jobs N' rows (default 2)")
    ap.add_argument("--pg-url", default=_common.pg_url("postgresql://postgres@127.0.0.1:5432/postgres"),
                    help="PostgreSQL server (an admin database URL); scratch databases are created there")
    ap.add_argument("--skip-pg", action="store_true", help="SQLite only")
    ap.add_argument("--data", type=Path, default=None,
                    help="PolNeAR folder (default $CLAIMTRACK_POLNEAR or ../shared/polnear-train)")
    ap.add_argument("--synthetic", action="store_true", help="use the generator even when PolNeAR is there")
    ap.add_argument("--cache", default=os.path.join(tempfile.gettempdir(), "claimtrack-bench"))
    ap.add_argument("--rebuild", action="store_true", help="rebuild the cached grown databases")
    ap.add_argument("--drop-cache", action="store_true", help="remove the cached databases and exit")
    ap.add_argument("--repeat", type=int, default=2, help="timed runs per report (best is shown)")
    ap.add_argument("--report-timeout", type=float, default=60.0, help="seconds before a report is stopped")
    ap.add_argument("--link-articles", type=int, default=30, help="fresh articles for the relation-search probe")
    ap.add_argument("--schema", default=None, help="time the reports at this migration revision (e.g. 0002, "
                                                   "to compare); the cached databases are upgraded again later")
    ap.add_argument("--only-reports", action="store_true", help="skip the throughput rows (needs a cache)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    articles = args.articles or (120 if args.quick else 840)
    sizes = [int(x) for x in (args.claims or ("20000" if args.quick else "100000,1000000")).split(",") if x]
    cache = Path(args.cache)
    cache.mkdir(parents=True, exist_ok=True)
    pg = None if args.skip_pg else Pg(args.pg_url)
    if args.drop_cache:
        shutil.rmtree(cache, ignore_errors=True)
        if pg:
            for name in pg.cached("ct_bench_cache_"):
                pg.drop(name)
        print("cache removed")
        return 0
    t_all = time.perf_counter()

    def log(msg: str) -> None:
        print(f"[{time.perf_counter() - t_all:6.0f} s] {msg}", file=sys.stderr, flush=True)

    texts = [] if args.synthetic else _common.polnear_texts(args.data)
    res = Results()
    dialects = ["sqlite"] + ([] if pg is None else ["postgresql"])
    scratch = tempfile.mkdtemp(prefix="claimtrack-bench-")
    try:
        corpus = build_corpus(Path(scratch), articles, texts, args.seed)
        log(f"corpus: {articles} {corpus.kind} articles in {len(corpus.files)} JSONL files ({scratch})")
        key = f"{corpus.signature}-b{BUILD_VERSION}"
        base_sqlite = cache / f"base-{key}.db"
        base_pg = f"ct_bench_cache_{key}_base"

        if not args.only_reports:
            secs, n, docs = bench_extract(corpus, min(articles, 400))
            log(f"extract: {n} sentences in {secs:.1f} s")
            res.throughput.append(("extract (pure pipeline)", "-", 1, n / secs, docs, None, "≥ 10,000 /s"))
            for dialect in dialects:
                for jobs in sorted({1, args.jobs}):
                    if dialect == "sqlite":
                        path = Path(scratch) / f"ingest-{jobs}.db"
                        url = f"sqlite:///{path}"
                    else:
                        name = f"ct_bench_ingest_{os.getpid()}_{jobs}"
                        url = pg.create(name)
                    secs, peak, n = bench_ingest(url, corpus, jobs)
                    size = sqlite_size(path) if dialect == "sqlite" else pg.size(name)
                    target = TARGETS[f"ingest {dialect}"]
                    res.throughput.append((f"ingest {dialect}", dialect, jobs, n / secs, peak, size,
                                           f"≥ {target:,} /s" + (" per job" if jobs > 1 else "")))
                    log(f"ingest {dialect} --jobs {jobs}: {n} sentences in {secs:.1f} s, peak {fmt_bytes(peak)}")
                    if jobs == 1 and (args.rebuild or not (base_sqlite.exists() if dialect == "sqlite"
                                                           else pg.exists(base_pg))):
                        if dialect == "sqlite":
                            shutil.copy(path, base_sqlite)
                        else:
                            pg.drop(base_pg)
                            with pg.admin.connect() as c:
                                c.execute(text(f'ALTER DATABASE "{name}" RENAME TO "{base_pg}"'))
                            continue
                    if dialect == "postgresql":
                        pg.drop(name)
        for dialect in dialects:
            if dialect == "sqlite" and not base_sqlite.exists() or dialect == "postgresql" and not pg.exists(base_pg):
                log(f"{dialect}: no ingested base database in the cache yet; run without --only-reports")
                continue
            base_url = f"sqlite:///{base_sqlite}" if dialect == "sqlite" else pg.url(base_pg)
            base_claims = count(base_url, "claim")
            link_ms = link_timing(base_url, args.link_articles, args.seed)
            res.links[(dialect, base_claims)] = link_ms
            log(f"{dialect} ingested base: {base_claims} claims; linking {link_ms[0]:.1f} ms/article")
            for target in sizes:
                copies = max(1, round(target / base_claims))
                if dialect == "sqlite":
                    path = cache / f"grown-{key}-{target}.db"
                    url = f"sqlite:///{path}"
                    if args.rebuild or not path.exists():
                        log(f"{dialect}: growing to ~{target} claims ({copies} copies)")
                        tmp = Path(f"{path}.building")
                        shutil.copy(base_sqlite, tmp)
                        replicate(f"sqlite:///{tmp}", copies, log)
                        tmp.rename(path)
                    size = sqlite_size(path)
                else:
                    name = f"ct_bench_cache_{key}_{target}"
                    url = pg.url(name)
                    if args.rebuild or not pg.exists(name):
                        log(f"{dialect}: growing to ~{target} claims ({copies} copies)")
                        pg.create(name + "_building", template=base_pg)
                        replicate(pg.url(name + "_building"), copies, log)
                        pg.drop(name)
                        with pg.admin.connect() as c:
                            c.execute(text(f'ALTER DATABASE "{name}_building" RENAME TO "{name}"'))
                    size = pg.size(name)
                engine, _ = open_database(url)  # migrations up to head (indexes of newer revisions)
                if args.schema:
                    from claimtrack.store.db import downgrade
                    downgrade(engine, args.schema)
                engine.dispose()
                n_claims = count(url, "claim")
                res.sizes[(dialect, target)] = (n_claims, size)
                log(f"{dialect} at {n_claims} claims ({fmt_bytes(size)}): timing reports")
                res.reports[(dialect, target)] = time_reports(url, report_cases(url), args.repeat, args.report_timeout, log)
                if args.schema:
                    engine, _ = open_database(url)
                    engine.dispose()
                res.links[(dialect, n_claims)] = link_timing(url, args.link_articles, args.seed)
                log(f"{dialect} at {n_claims} claims: linking {res.links[(dialect, n_claims)][0]:.1f} ms/article")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if pg:
            for name in pg.cached(f"ct_bench_ingest_{os.getpid()}_"):
                pg.drop(name)
    print_tables(res, corpus, args, time.perf_counter() - t_all)
    return 0


def print_tables(res: Results, corpus: Corpus, args, elapsed: float) -> None:
    print(f"\n{corpus.articles} {corpus.kind} articles; {os.cpu_count()} cores; run took {elapsed / 60:.1f} min"
          + (f"; schema at {args.schema}" if args.schema else "") + "\n")
    if res.throughput:
        print("| step | jobs | sentences/s | target | peak RSS (all processes) | database size |")
        print("|---|---:|---:|---|---:|---:|")
        for step, dialect, jobs, sps, peak, size, target in res.throughput:
            mem = fmt_bytes(peak) if dialect != "-" else "-"
            print(f"| {step} | {jobs} | {sps:,.0f} | {target} | {mem} | {fmt_bytes(size) if size else '-'} |")
        print()
    if res.reports:
        cols = sorted(res.reports)
        head = " | ".join(f"{d} {res.sizes[(d, t)][0] / 1000:,.0f}k claims" for d, t in cols)
        print(f"| report | parameters | {head} | rows (largest) |")
        print("|---|---|" + "---:|" * len(cols) + "---:|")
        keys = list(next(iter(res.reports.values())))
        for key in keys:
            cells = []
            for c in cols:
                t, _rows = res.reports[c].get(key, (math.nan, 0))
                flag = " ✗" if c[0] == "sqlite" and res.sizes[c][0] >= 900_000 and t >= 1.0 else ""
                cells.append(f"> {args.report_timeout:.0f} s ✗" if t == math.inf else f"{t * 1000:,.0f} ms{flag}")
            rows = res.reports[cols[-1]].get(key, (0, 0))[1]
            print(f"| {key[0]} | {key[1]} | {' | '.join(cells)} | {rows:,} |")
        print("\ntarget: every named report < 1 s at 1M claims on SQLite (✗ marks a miss)\n")
        print("| database | claims | size |")
        print("|---|---:|---:|")
        for (d, _t), (n, size) in sorted(res.sizes.items()):
            print(f"| {d} | {n:,} | {fmt_bytes(size)} |")
        print()
    if res.links:
        print("| database | claims | linking ms/article (mean / p95) | candidates loaded/article |")
        print("|---|---:|---:|---:|")
        for (d, n), (mean, p95, cands) in sorted(res.links.items()):
            print(f"| {d} | {n:,} | {mean:.1f} / {p95:.1f} | {cands:.0f} |")
        print("\ntarget: relation search per article flat as the database grows")


if __name__ == "__main__":
    sys.exit(main())
