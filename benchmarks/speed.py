"""Extraction speed, overall and per stage, as a table.

    .venv/bin/python benchmarks/speed.py [--corpus DIR] [--every N]

Runs the pure pipeline (what `extract` does, everything on) in one process over PolNeAR train texts
(../shared/polnear-train/text, every Nth file) or, when they are absent, over the repository's examples
and test fixtures. Prints sentences/s without a profiler, then the share of time per stage measured with
cProfile (cumulative time of each stage's entry points; stages nest, so shares need not add to 100%).
The target is ≥ 5,000 sentences/s on one core.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from pathlib import Path

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "polnear-train" / "text"

STAGES = [
    ("pages (stories, lines)", "pages.py", ("split_stories",)),
    ("segment (sentences)", "segment.py", ("split_sentences",)),
    ("attribution", "attribution.py", ("attribute",)),
    ("classify + check-worthiness", "classify.py", ("classify", "checkworthiness")),
    ("dates", "dates.py", ("find_dates",)),
    ("denials", "denials.py", ("read", "refine")),
    ("relate (in-story links)", "relate/story.py", ("link_story",)),
]


def load(corpus: Path, every: int) -> list[str]:
    if corpus.is_dir():
        files = sorted(corpus.glob("*.txt"))[::every]
    else:
        files = sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").glob("*.txt"))
    return [f.read_text("utf-8") for f in files]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--every", type=int, default=4, help="use every Nth file of the corpus")
    args = ap.parse_args()
    texts = load(args.corpus, args.every)
    pipe = Pipeline()
    pipe.analyse(RawDocument("warm-up", texts[0]))
    t = time.perf_counter()
    n = 0
    for i, text in enumerate(texts):
        n += sum(len(st.sentences) for st in pipe.analyse(RawDocument(str(i), text)).stories)
    elapsed = time.perf_counter() - t
    prof = cProfile.Profile()
    prof.enable()
    for i, text in enumerate(texts):
        pipe.analyse(RawDocument(str(i), text))
    prof.disable()
    stats = pstats.Stats(prof).stats
    total = sum(v[3] for k, v in stats.items() if k[2] == "analyse" and k[0].endswith("pipeline.py"))
    print(f"{len(texts)} documents, {n} sentences: {n / elapsed:,.0f} sentences/s, "
          f"{len(texts) / elapsed:,.1f} documents/s (one process, no profiler)\n")
    print(f"{'stage':<30} {'share':>6} {'µs/sentence':>12}")
    print(f"{'-' * 30} {'-' * 6} {'-' * 24}")
    for label, filename, funcs in STAGES:
        cum = sum(v[3] for k, v in stats.items() if k[0].endswith(filename) and k[2] in funcs)
        if cum:
            print(f"{label:<30} {cum / total:>6.0%} {cum / n * 1e6:>24.0f}")


if __name__ == "__main__":
    main()
