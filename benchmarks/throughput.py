"""Extraction and ingest throughput, as a table.

    .venv/bin/python benchmarks/throughput.py [--docs N] [--pg URL]

Articles come from the synthetic-news generator (``newsgen``: varied sources, quotes, figures, dates, denials),
so the run needs no data. Measures: extraction alone (one process), ingest into SQLite (jobs 1 and 2), and
PostgreSQL when --pg (or CLAIMTRACK_TEST_PG_URL) is given — a throwaway database is created there and dropped
afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid

import _common
import newsgen
from sqlalchemy import create_engine, text

from claimtrack.app import ingest
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
from claimtrack.store.db import open_database


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
    docs = [RawDocument(origin=f"synthetic-{i}", text=t, format="txt", outlet=("Wire A", "Wire B")[i % 2])
            for i, t in enumerate(newsgen.articles(args.docs, seed=7))]
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
