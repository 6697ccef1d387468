"""Fit the shipped default models (``claimtrack/learn/models/``) from the public labelled sets.

    .venv/bin/pip install -e '.[train]' && .venv/bin/python benchmarks/fit_models.py [--out DIR] [--project]

- ``opinion``: CT23 subjectivity train (SUBJ = opinion), complement naive Bayes, threshold by out-of-fold
  macro-F1 (3 x 5-fold);
- ``checkworthy``: CT24 check-worthiness train (Yes), L2 logistic regression, rows in sentence-id order and
  blocked 5-fold cross-validation (contiguous ids: whole debates stay on one side), threshold by
  out-of-fold F1 of Yes.

``--project`` adds the project's own labelled sets (``benchmarks/data/classify*.tsv``) to the training rows
(``benchmarks/judgements.py --project-effect`` measures what they do to the public sets; by default they
are left out). The sets are read from ``../shared/datasets`` (``$CLAIMTRACK_DATASETS``); their texts never
ship, only the weights, with a model card naming each set, its source and its terms. Dev and dev-test
splits are never read here. Seeded: a rerun writes byte-identical files.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

import _common

from claimtrack.learn import get
from claimtrack.learn.data import Row
from claimtrack.learn.models import SHIPPED
from claimtrack.learn.train import Dataset, train

DATASETS = Path(os.environ.get("CLAIMTRACK_DATASETS", _common.SHARED / "datasets"))
# the day the recipe or the data last changed: written to the cards, so a rerun is byte-identical
DATE = "2026-12-08"

CT23 = {"set": "CT23 subjectivity (CLEF CheckThat! 2023 task 2, English)", "source": "dw-innovation/news_subjectivity, dataset/clef2023/english/",
        "terms": "CheckThat! lab data, research use; later editions CC BY-NC-SA 4.0"}
CT24 = {"set": "CT24 check-worthiness (CLEF CheckThat! 2024 task 1, English)", "source": "isyufeng/FactFinders, data/",
        "terms": "CheckThat! lab data, research use"}
CLAIMBUSTER = {"set": "ClaimBuster crowdsourced", "source": "utaresearch/claimbuster-spotter, data/data_small.json",
               "terms": "ClaimBuster dataset, CC BY 4.0 (Zenodo release); the repository itself is GPL-3.0"}
PROJECT = {"set": "claimtrack's own labelled sentences", "source": "benchmarks/data/classify*.tsv (written for the project)",
           "terms": "the project's own (MIT)"}


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def ct23(split: str) -> list[tuple[str, str]]:
    """(sentence, opinion | claim) of a CT23 split (train, dev)."""
    return [(r["sentence"], "opinion" if r["label"] == "SUBJ" else "claim")
            for r in _tsv(DATASETS / "ct23-subjectivity" / f"{split}.tsv")]


def ct24(split: str) -> list[tuple[str, str, int]]:
    """(sentence, yes | no, sentence id) of a CT24 split (train, dev, dev-test), in sentence-id order."""
    rows = [(r["Text"], "yes" if r["class_label"] == "Yes" else "no", int(r["Sentence_id"]))
            for r in _tsv(DATASETS / "ct24-checkworthy" / f"{split}.tsv")]
    return sorted(rows, key=lambda r: r[2])


CB_CLASSES = ("NFS", "UFS", "CFS")


def claimbuster() -> list[tuple[str, str, int]]:
    """(sentence, NFS | UFS | CFS, sentence id), in file order (ids ascending, debates contiguous)."""
    out = []
    with (DATASETS / "claimbuster" / "crowdsourced.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                r = json.loads(line)
                out.append((r["text"], r["label"], int(r["sentence_id"])))
    return out


def project(task: str) -> list[tuple[str, str]]:
    """The project's labelled sentences as rows of ``task``: opinion (kind opinion against claim, attributed,
    denial) or checkworthy (the checkworthy column, where it is given)."""
    out = []
    for path in sorted(_common.DATA.glob("classify*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if task == "opinion" and r["kind"] in ("opinion", "claim", "attributed", "denial"):
                    out.append((r["sentence"], "opinion" if r["kind"] == "opinion" else "claim"))
                elif task == "checkworthy" and r["checkworthy"] in ("0", "1"):
                    out.append((r["sentence"], "yes" if r["checkworthy"] == "1" else "no"))
    return out


def rows(pairs, origin: str) -> list[Row]:
    return [Row({"text": t}, label, f"{origin}, row {i}") for i, (t, label, *_rest) in enumerate(pairs, 1)]


def datasets(task: str, with_project: bool) -> list[Dataset]:
    if task == "opinion":
        out = [Dataset(CT23["set"] + " train", rows(ct23("train"), "CT23 train"), CT23["source"], CT23["terms"])]
    else:
        out = [Dataset(CT24["set"] + " train", rows(ct24("train"), "CT24 train"), CT24["source"], CT24["terms"],
                       "rows in sentence-id order, blocked cross-validation")]
    if with_project:
        out.append(Dataset(PROJECT["set"], rows(project(task), "project"), PROJECT["source"], PROJECT["terms"]))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=SHIPPED, help="where the model directories go (default: the package's)")
    ap.add_argument("--project", action="store_true", help="also train on benchmarks/data/classify*.tsv")
    ap.add_argument("--task", action="append", choices=["opinion", "checkworthy"])
    args = ap.parse_args(argv)
    if not (DATASETS / "ct23-subjectivity").is_dir():
        return _common.skip("fit_models", "the public data sets", DATASETS)
    for name in args.task or ["opinion", "checkworthy"]:
        card = train(get(name), datasets(name, args.project), args.out / name, log=print, date=DATE)
        size = sum(p.stat().st_size for p in (args.out / name).iterdir())
        print(f"wrote {args.out / name}: {size:,} bytes; cv {json.dumps(card['cv'])[:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
