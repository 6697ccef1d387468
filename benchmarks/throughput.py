"""Extraction and ingest throughput, as a table.

    .venv/bin/python benchmarks/throughput.py [--docs N] [--pg URL]

Articles are generated from templates (varied sources, figures, dates), so the run needs no data.
Measures: extraction alone (one process), ingest into SQLite (jobs 1 and 2), and PostgreSQL when --pg
(or CLAIMTRACK_TEST_PG_URL) is given — a throwaway database is created there and dropped afterwards.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import uuid

import _common
from sqlalchemy import create_engine, text

from claimtrack.app import ingest
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
from claimtrack.store.db import open_database

SOURCES = ["Reuters", "the Associated Press", "TASS", "Xinhua", "the Russian Defense Ministry",
           "Ukraine's General Staff", "police", "the regional governor", "a company spokeswoman", "the UN"]
PLACES = ["Kharkiv", "Odesa", "Gaza", "Seoul", "Manila", "Lagos", "Lima", "Dhaka", "Izmir", "Quito"]
EVENTS = ["drones were shot down", "people were injured", "homes lost power", "soldiers were killed",
          "ships were inspected", "protesters were detained"]


def article(i: int, rng: random.Random) -> RawDocument:
    src1, src2 = rng.sample(SOURCES, 2)
    place = rng.choice(PLACES)
    ev = rng.choice(EVENTS)
    n1, n2 = rng.randint(2, 400), rng.randint(2, 400)
    day = rng.randint(1, 27)
    body = (
        f"Clashes near {place} item {i}\n\n"
        f"Release time: 2025-03-{day + 1:02d} 10:00\n\n"
        f"According to {src1}, {n1} {ev} near {place} on the morning of the {day}th. "
        f"{src2[0].upper() + src2[1:]} said only {n2} {ev}. "
        f"\"We will investigate every report,\" the mayor of {place} told reporters on Tuesday. "
        f"He added that schools would stay closed. Officials denied it. "
        f"It was undoubtedly the worst week for {place} this year. Is the city ready for more?\n"
    )
    return RawDocument(origin=f"synthetic-{i}", text=body, format="txt", outlet=rng.choice(["Wire A", "Wire B"]))


def bench_extract(docs: list[RawDocument]) -> tuple[float, int]:
    pipe = Pipeline()
    t = time.perf_counter()
    n = sum(len(st.sentences) for d in docs for st in pipe.analyse(d).stories)
    return time.perf_counter() - t, n


def bench_ingest(url: str, docs: list[RawDocument], jobs: int) -> float:
    engine, factory = open_database(url)
    t = time.perf_counter()
    summary = ingest(engine, factory, docs, jobs=jobs)
    elapsed = time.perf_counter() - t
    engine.dispose()
    assert summary.added == len(docs), summary
    return elapsed


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, default=400)
    ap.add_argument("--pg", default=_common.pg_url())
    args = ap.parse_args()
    rng = random.Random(7)
    docs = [article(i, rng) for i in range(args.docs)]
    rows = []
    secs, n_sent = bench_extract(docs)
    rows.append(("extract (pure pipeline, 1 process)", "-", args.docs / secs, n_sent / secs))
    for jobs in (1, 2):
        with tempfile.TemporaryDirectory() as tmp:
            secs = bench_ingest(f"sqlite:///{tmp}/bench.db", docs, jobs)
        rows.append((f"ingest SQLite, --jobs {jobs}", "sqlite", args.docs / secs, n_sent / secs))
    if args.pg:
        admin = args.pg.replace("postgresql://", "postgresql+psycopg://", 1)
        name = f"ct_bench_{uuid.uuid4().hex[:8]}"
        eng = create_engine(admin, isolation_level="AUTOCOMMIT")
        with eng.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            secs = bench_ingest(admin.rsplit("/", 1)[0] + "/" + name, docs, 1)
            rows.append(("ingest PostgreSQL, --jobs 1", "postgresql", args.docs / secs, n_sent / secs))
        finally:
            with eng.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            eng.dispose()
    print(f"{args.docs} generated articles, {n_sent} sentences\n")
    print(f"{'step':<38} {'docs/s':>8} {'sentences/s':>12}")
    print(f"{'-' * 38} {'-' * 8} {'-' * 12}")
    for name, _db, dps, sps in rows:
        print(f"{name:<38} {dps:>8.1f} {sps:>12.0f}")


if __name__ == "__main__":
    main()
