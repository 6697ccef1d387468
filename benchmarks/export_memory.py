"""Peak memory (RSS, so libpq's and SQLite's own buffers count too) of `claimtrack export claims` as the
number of claims grows. Streaming means the peak stays flat; materializing would grow with the rows.

    .venv/bin/python benchmarks/export_memory.py                     # SQLite, 10k / 40k / 160k claims
    .venv/bin/python benchmarks/export_memory.py --pg postgresql://postgres@127.0.0.1:5432/postgres
    .venv/bin/python benchmarks/export_memory.py --sizes 5000 20000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text

CHILD = """
import resource, sys
from claimtrack.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
finally:
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def fill(url: str, n: int) -> None:
    from claimtrack.store.db import open_database

    engine, _ = open_database(url)
    body = "The ministry said that the harbour would reopen after repairs, and that 14 ships had left. " * 4
    now = "2025-01-01 00:00:00"
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM document"))
        conn.execute(text("DELETE FROM source"))
        conn.execute(text("INSERT INTO document (id, sha256, origin, format, text, ingested_at) "
                          "VALUES (1, :h, 'synthetic', 'txt', 'x', :now)"), {"h": "f" * 64, "now": now})
        conn.execute(text("INSERT INTO story (id, document_id, ordinal, char_start, char_end) VALUES (1, 1, 0, 0, 1)"))
        conn.execute(text("INSERT INTO source (id, name, kind, origin, created_at) "
                          "VALUES (1, 'Ministry', 'ministry', 'auto', :now), (2, 'Wire', 'news_agency', 'auto', :now)"),
                     {"now": now})
        step = 20000
        for lo in range(1, n + 1, step):
            ids = range(lo, min(n, lo + step - 1) + 1)
            conn.execute(text("INSERT INTO sentence (id, story_id, document_id, ordinal, char_start, char_end, text, "
                              "kind, confidence) VALUES (:i, 1, 1, :i, 0, 1, :t, 'attributed', 0.5)"),
                         [{"i": i, "t": f"{i} {body}"} for i in ids])
            conn.execute(text("INSERT INTO claim (id, sentence_id, story_id, document_id, ordinal, fingerprint, kind, "
                              "content_text, checkworthiness, confidence, method, review_status) VALUES "
                              "(:i, :i, 1, 1, 0, :f, 'indirect_quote', :t, 0.5, 0.5, 'bench', 'auto')"),
                         [{"i": i, "f": f"fp{i}", "t": body} for i in ids])
            conn.execute(text("INSERT INTO claim_source (claim_id, source_id, role, origin) VALUES "
                              "(:i, 1, 'speaker', 'auto'), (:i, 2, 'reporter', 'auto')"), [{"i": i} for i in ids])
    engine.dispose()


def measure(url: str) -> tuple[float, int, float]:
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", CHILD, "--db", url, "export", "claims", "-o", "/dev/null"],
                         capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - t0
    lines = res.stderr.strip().splitlines()
    rows = int(lines[0].split()[0])
    return seconds, rows, int(lines[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", metavar="SERVER_URL", help="also (only) measure on a fresh PostgreSQL database on this server")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 40000, 160000])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.pg:
            admin = "postgresql+psycopg://" + args.pg.split("://", 1)[1]
            name = f"ct_bench_{uuid.uuid4().hex[:10]}"
            eng = create_engine(admin, isolation_level="AUTOCOMMIT")
            with eng.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
            url = f"{admin.rsplit('/', 1)[0]}/{name}"
        else:
            url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        try:
            print(f"{'claims':>8} {'rows':>8} {'seconds':>8} {'peak RSS MB':>12}")
            for n in args.sizes:
                fill(url, n)
                seconds, rows, mb = measure(url)
                print(f"{n:>8} {rows:>8} {seconds:>8.1f} {mb:>12.1f}")
        finally:
            if args.pg:
                with eng.connect() as conn:
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                eng.dispose()


if __name__ == "__main__":
    main()
