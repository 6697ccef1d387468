"""Sentence-kind and check-worthiness benchmark on the project's own labelled set.

    .venv/bin/python benchmarks/classify.py [--errors KIND] [--tsv PATH]

``benchmarks/data/classify.tsv`` holds news-style sentences written and labelled for the project (columns
``kind``, ``checkworthy``, ``sentence``; tab-separated, no quoting); the classifier's lexicons were
developed looking at its errors on this set, so its figures are in-sample.
``benchmarks/data/classify-heldout.tsv`` (``--tsv``) is a smaller set written afterwards, in news and
debate style (two of its errors later prompted general fixes), and ``classify-heldout2.tsv`` one never used
for any change: its figures are the honest estimate. Each sentence goes through the real
extraction path, ``Pipeline().analyse(RawDocument("bench", sentence))``, so attribution, denial cues and
the page-level metadata / boilerplate detectors all take part; the sentence's kind is that of the first
sentence the pipeline returns (a row the segmenter splits, e.g. "© 2024 AP. All rights reserved.", is
judged by its first part).

Reported: per-kind precision / recall / F1, accuracy and macro-F1; check-worthiness quality against the
``checkworthy`` labels: ROC AUC, R-precision (precision in the top R, R = the number of check-worthy rows)
and precision in the top 25, over the factual rows (gold claim / attributed / denial), and over all rows (every row without a check-worthy label counts as 0, a sentence with
no claim scores 0), which is how a fact-checker sorting a whole article would see it.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from pathlib import Path

import _common

from claimtrack.model import SENTENCE_KINDS, RawDocument
from claimtrack.pipeline import Pipeline

DEFAULT_TSV = _common.DATA / "classify.tsv"
FACTUAL = ("claim", "attributed", "denial")


def load(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    if header[:3] != ["kind", "checkworthy", "sentence"]:
        raise SystemExit(f"{path}: unexpected header {header}")
    return [(r[0], r[1], r[2]) for r in body if len(r) >= 3]


def predict(pipe: Pipeline, sentence: str) -> tuple[str, float]:
    analysis = pipe.analyse(RawDocument("bench", sentence))
    sents = [s for st in analysis.stories for s in st.sentences]
    if not sents:
        return "other", 0.0
    first = sents[0]
    worth = max((c.checkworthiness for s in sents for c in s.claims), default=0.0)
    return first.kind, worth


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC AUC by the rank-sum formula (ties count half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = 0.0
    for p in pos:
        for n in neg:
            wins += 1.0 if p > n else 0.5 if p == n else 0.0
    return wins / (len(pos) * len(neg))


def precision_at(scores: list[float], labels: list[int], k: int) -> float:
    ranked = sorted(zip(scores, labels, strict=True), key=lambda x: -x[0])[:k]
    return sum(y for _, y in ranked) / max(1, len(ranked))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tsv", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--errors", metavar="KIND", help="list misclassified rows whose gold or predicted kind is KIND "
                    "('all' for every error)")
    args = ap.parse_args(argv)
    rows = load(args.tsv)
    pipe = Pipeline()
    t0 = time.perf_counter()
    preds = [predict(pipe, sentence) for _, _, sentence in rows]
    elapsed = time.perf_counter() - t0

    gold = [k for k, _, _ in rows]
    kinds = [k for k in SENTENCE_KINDS if k in set(gold) | {p for p, _ in preds}]
    tp, fp, fn = Counter(), Counter(), Counter()
    for g, (p, _) in zip(gold, preds, strict=True):
        if g == p:
            tp[g] += 1
        else:
            fp[p] += 1
            fn[g] += 1
    print(f"{len(rows)} sentences, {elapsed:.2f} s through the pipeline\n")
    print("| kind | n | precision | recall | F1 |")
    print("|---|---:|---:|---:|---:|")
    f1s = []
    for k in kinds:
        n = tp[k] + fn[k]
        p = tp[k] / (tp[k] + fp[k]) if tp[k] + fp[k] else 0.0
        r = tp[k] / n if n else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if n:
            f1s.append(f)
        print(f"| {k} | {n} | {p:.2f} | {r:.2f} | {f:.2f} |")
    acc = sum(tp.values()) / len(rows)
    print(f"| **all** | {len(rows)} | accuracy {acc:.2f} | | macro-F1 {sum(f1s) / len(f1s):.2f} |")

    # check-worthiness
    fact_scores, fact_labels, all_scores, all_labels = [], [], [], []
    for (gold_kind, cw, _), (_, worth) in zip(rows, preds, strict=True):
        label = 1 if cw == "1" else 0
        all_scores.append(worth)
        all_labels.append(label)
        if gold_kind in FACTUAL:
            fact_scores.append(worth)
            fact_labels.append(label)
    print("\n| check-worthiness | rows | check-worthy | ROC AUC | R-precision | P@25 |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, scores, labels in (("factual rows (gold claim, attributed, denial)", fact_scores, fact_labels),
                                 ("all rows (non-factual = not check-worthy)", all_scores, all_labels)):
        npos = sum(labels)
        print(f"| {name} | {len(labels)} | {npos} | {auc(scores, labels):.3f} | "
              f"{precision_at(scores, labels, npos):.2f} | {precision_at(scores, labels, 25):.2f} |")

    if args.errors:
        print()
        confusion = Counter((g, p) for g, (p, _) in zip(gold, preds, strict=True) if g != p)
        print("confusions (gold → predicted):", ", ".join(f"{g}→{p} {n}" for (g, p), n in confusion.most_common()))
        for (g, _cw, sentence), (p, _worth) in zip(rows, preds, strict=True):
            if g != p and args.errors in ("all", g, p):
                print(f"{g:>11} → {p:<11} {sentence}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
