"""Corpus-scale relations benchmark: is the per-article relation time flat as the database grows?

    .venv/bin/python benchmarks/relations_scale.py [--articles 10000] [--bucket 1000] [--db URL] [--seed 7]

Generates short synthetic news reports (``newsgen.reports``, seeded, reproducible): many events, each reported
by several outlets, with figures that agree or clash, denials by the party blamed, and unrelated background,
over the generator's small pools of places, bodies, companies and figures, so the key index has hot keys (a
place, "homes") as a real corpus does. Ingests them one by one (``claimtrack.app.ingest``) into a fresh
database (SQLite in a temporary folder by default) and times the cross-article relation step (``plan_links``
and ``index_and_link``) separately from the whole ingest. Prints, per bucket of corpus size, the relation
step's CPU time and wall time (mean, 95th percentile) per article, the candidate claims it loaded and the
pairs it compared per article (bounded by the index limits, whatever the corpus size), the whole ingest time
per article, and the relations made. Wall times move with other load on the machine; CPU time and the work
counts are the steadier read.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import newsgen

from claimtrack import app
from claimtrack.store import runs
from claimtrack.store.db import open_database
from claimtrack.store.relations import STATS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=10000)
    ap.add_argument("--bucket", type=int, default=1000, help="corpus-size bucket width for the table")
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    docs = newsgen.reports(args.articles, args.seed)
    rel_times: list[float] = []
    cpu_times: list[float] = []
    made: list[int] = []
    work: list[tuple[int, int]] = []
    # linking is two calls per stored document on SQLite: ``plan_links`` (reads and scoring, before the write
    # transaction) and ``index_and_link`` (catching up and writing, inside it); on PostgreSQL the second
    # makes the plan itself. Both are timed and counted together.
    original_plan, original = runs.plan_links, runs.index_and_link
    pending = [0.0, 0.0, None]  # wall, CPU and work counters at the start of the current document's plan

    def timed_plan(*args, **kwargs):
        pending[2] = (STATS["candidates"], STATS["pairs"])
        t0, c0 = time.perf_counter(), time.process_time()
        plan = original_plan(*args, **kwargs)
        pending[0], pending[1] = time.perf_counter() - t0, time.process_time() - c0
        return plan

    def timed(*args, **kwargs):
        before = pending[2] or (STATS["candidates"], STATS["pairs"])
        t0, c0 = time.perf_counter(), time.process_time()
        n = original(*args, **kwargs)
        rel_times.append(time.perf_counter() - t0 + pending[0])
        cpu_times.append(time.process_time() - c0 + pending[1])
        work.append((STATS["candidates"] - before[0], STATS["pairs"] - before[1]))
        made.append(n)
        pending[:] = [0.0, 0.0, None]
        return n

    runs.plan_links, runs.index_and_link = timed_plan, timed
    totals: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'scale.db'}"
        engine, factory = open_database(url)
        try:
            t_start = time.perf_counter()
            for i in range(0, len(docs), 50):
                batch = docs[i : i + 50]
                t0 = time.perf_counter()
                app.ingest(engine, factory, batch, command="relations_scale")
                totals.extend([(time.perf_counter() - t0) / len(batch)] * len(batch))
            elapsed = time.perf_counter() - t_start
        finally:
            engine.dispose()
            runs.plan_links, runs.index_and_link = original_plan, original
    print(f"{len(docs)} synthetic articles, {sum(made)} corpus relations, {elapsed:.0f} s "
          f"({engine.dialect.name})\n")
    print("| corpus size (articles) | relation CPU ms/article | relation wall ms/article (mean / p95) | "
          "candidates loaded/article | pairs compared/article | ingest wall ms/article | relations made |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for lo in range(0, len(rel_times), args.bucket):
        part = rel_times[lo : lo + args.bucket]
        p95 = sorted(part)[int(0.95 * (len(part) - 1))]
        w = work[lo : lo + args.bucket]
        print(f"| {lo + 1}–{lo + len(part)} | {1000 * statistics.fmean(cpu_times[lo : lo + args.bucket]):.1f} | "
              f"{1000 * statistics.fmean(part):.1f} / {1000 * p95:.1f} | {statistics.fmean(c for c, _ in w):.1f} | "
              f"{statistics.fmean(p for _, p in w):.1f} | {1000 * statistics.fmean(totals[lo : lo + args.bucket]):.1f} | "
              f"{sum(made[lo : lo + args.bucket])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
