"""Extraction speed of this checkout against another one, back to back, in one run.

    .venv/bin/python benchmarks/speed_compare.py OTHER_CHECKOUT [--rounds 3] [--every 4]

This machine's speed drifts by tens of percent from hour to hour, so a speed figure means something only
beside another taken at the same time. The script alternates the two builds (this checkout and OTHER, each
run by its own ``.venv/bin/python``) over the same texts, several rounds, and prints each build's median
sentences/s and their ratio. The texts are every Nth PolNeAR train article (``$CLAIMTRACK_POLNEAR`` or
``../shared/polnear-train``), or the repository's examples and fixtures when PolNeAR is absent. Only the pure pipeline is timed (what
``extract`` does, without reading files or printing JSON).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

import _common

# Run inside each build's own interpreter: time Pipeline.analyse over the given files.
_PROBE = r"""
import json, sys, time
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
paths = json.loads(sys.argv[1])
docs = [RawDocument(origin=p, text=open(p, encoding="utf-8").read()) for p in paths]
pipe = Pipeline()
pipe.analyse(docs[0])  # warm the caches and lexicons
t0 = time.perf_counter()
n = 0
for d in docs:
    n += sum(len(s.sentences) for s in pipe.analyse(d).stories)
print(json.dumps({"sentences": n, "seconds": time.perf_counter() - t0}))
"""


def corpus(every: int) -> list[str]:
    return [str(p) for p in _common.polnear_texts()[::every] or _common.repository_texts()]


def run(checkout: Path, paths: list[str]) -> tuple[int, float]:
    python = checkout / ".venv" / "bin" / "python"
    proc = subprocess.run([str(python), "-c", _PROBE, json.dumps(paths)], cwd=checkout, capture_output=True,
                          text=True)
    if proc.returncode:
        sys.exit(f"{checkout}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode}")
    r = json.loads(proc.stdout)
    return r["sentences"], r["seconds"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("other", type=Path, help="another checkout with its own .venv (for example the commit before)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--every", type=int, default=4, help="take every Nth PolNeAR article")
    args = ap.parse_args()
    paths = corpus(args.every)
    builds = {"this": _common.ROOT, "other": args.other.resolve()}
    rates: dict[str, list[float]] = {k: [] for k in builds}
    counts: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, checkout in builds.items():
            n, secs = run(checkout, paths)
            counts[name] = n
            rates[name].append(n / secs)
    print(f"{len(paths)} texts, {args.rounds} rounds, alternating")
    print(f"{'build':<8} {'checkout':<40} {'sentences':>9} {'median s/s':>11} {'all rounds':>30}")
    for name, checkout in builds.items():
        print(f"{name:<8} {str(checkout)[-40:]:<40} {counts[name]:>9} {statistics.median(rates[name]):>11,.0f} "
              f"{' '.join(f'{r:,.0f}' for r in rates[name]):>30}")
    ratio = statistics.median(rates["this"]) / statistics.median(rates["other"])
    print(f"this / other: {ratio:.3f}")


if __name__ == "__main__":
    main()
