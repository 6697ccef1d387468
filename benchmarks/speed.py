"""Extraction speed, overall and per stage, as a table.

    .venv/bin/python benchmarks/speed.py [--corpus DIR] [--every N]

Runs the pure pipeline (what `extract` does, everything on) in one process over PolNeAR train texts
(``$CLAIMTRACK_POLNEAR`` or ../shared/polnear-train, every Nth file) or, when they are absent, over the
repository's examples and test fixtures. Prints sentences/s without a profiler, then the share of time per stage
measured with cProfile (cumulative time of each stage's entry points; stages nest, so shares need not add to
100%). The stages name their entry points as the functions themselves: one renamed or moved fails the import,
and one the pipeline no longer calls fails the run, instead of its row going missing.
The target is ≥ 5,000 sentences/s on one core.
"""

from __future__ import annotations

import argparse
import cProfile
import inspect
import pstats
import time
from collections.abc import Callable
from pathlib import Path

import _common

from claimtrack import classify, dates, denials, pages, relate, segment
from claimtrack.attribution import Attributor
from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline

STAGES: list[tuple[str, tuple[Callable, ...]]] = [
    ("pages (stories, lines)", (pages.split_stories,)),
    ("segment (sentences)", (segment.split_sentences,)),
    ("attribution", (Attributor.attribute,)),
    ("classify + check-worthiness", (classify.classify, classify.checkworthiness)),
    ("dates", (dates.find_dates,)),
    ("denials", (denials.read, denials.refine)),
    ("relate (in-story links)", (relate.link_story,)),
]


def profile_key(fn: Callable) -> tuple[str, int, str]:
    """The key the profiler files a function's time under: its code's file, first line and name."""
    code = inspect.unwrap(fn).__code__
    return code.co_filename, code.co_firstlineno, code.co_name


def load(corpus: Path | None, every: int) -> list[str]:
    files = _common.polnear_texts(corpus)[::every] or _common.repository_texts()
    return [f.read_text("utf-8") for f in files]


def stage_times(pipe: Pipeline, texts: list[str]) -> tuple[float, list[tuple[str, float]]]:
    """Seconds in ``Pipeline.analyse`` over ``texts`` under cProfile, and in each stage's entry points. A stage
    none of whose functions ran is an error: the pipeline calls other functions now, and STAGES must follow."""
    prof = cProfile.Profile()
    prof.enable()
    for i, text in enumerate(texts):
        pipe.analyse(RawDocument(str(i), text))
    prof.disable()
    stats = pstats.Stats(prof).stats  # key → (calls, primitive calls, own time, cumulative time, callers)
    stages = []
    for label, funcs in STAGES:
        ran = [stats[profile_key(f)][3] for f in funcs if profile_key(f) in stats]
        if not ran:
            raise SystemExit(f"stage {label!r}: {', '.join(f.__qualname__ for f in funcs)} never ran under "
                             "Pipeline.analyse; the pipeline calls other functions now (update STAGES)")
        stages.append((label, sum(ran)))
    return stats[profile_key(Pipeline.analyse)][3], stages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=None, help="a folder of texts (default: PolNeAR train's)")
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
    total, stages = stage_times(pipe, texts)
    print(f"{len(texts)} documents, {n} sentences: {n / elapsed:,.0f} sentences/s, "
          f"{len(texts) / elapsed:,.1f} documents/s (one process, no profiler)\n")
    print(f"{'stage':<30} {'share':>6} {'µs/sentence':>12}")
    print(f"{'-' * 30} {'-' * 6} {'-' * 24}")
    for label, seconds in stages:
        print(f"{label:<30} {seconds / total:>6.0%} {seconds / n * 1e6:>24.0f}")


if __name__ == "__main__":
    main()
