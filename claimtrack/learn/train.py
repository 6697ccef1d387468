"""Fitting a task's model from labelled rows, with cross-validated figures: scikit-learn, imported only here
(the optional extra ``claimtrack[train]``); scoring needs none of it.

A binary task (``Recipe``): out-of-fold scores over ``folds`` folds (stratified and shuffled, once per seed,
or contiguous blocks of rows in their order when ``blocked``), a Platt scaling fitted on them (so the
probability is calibrated to the training data's prior), the threshold that maximises the recipe's figure
on the out-of-fold probabilities, then the model fitted on every row with the scaling folded into its
weights. A task with more labels: one multinomial head per label, the label with the highest score. With
fewer than two rows of some label there is no cross-validation: the threshold is 0.5 and the card says so.

Deterministic: the same rows in the same order give byte-identical model files.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ClaimtrackError
from . import modelfile
from .data import Row, balance, check_classes
from .tasks import Task

INSTALL = "pip install 'claimtrack[train]'"


class TrainError(ClaimtrackError):
    """Training cannot run (scikit-learn missing, unusable data)."""


def require() -> None:
    """scikit-learn, numpy and scipy are importable, or one ``TrainError`` line saying what to install."""
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        raise TrainError(f"training needs scikit-learn: {INSTALL}") from None


@dataclass(frozen=True)
class Dataset:
    """Labelled rows and what the model card says about them."""

    name: str
    rows: Sequence[Row]
    source: str = ""
    terms: str = ""
    note: str = ""


@dataclass
class Fitted:
    card: dict
    weights: list[Any] = field(default_factory=list)


def _matrix(task: Task, examples: Sequence[Any]):
    import numpy as np
    import scipy.sparse as sp

    indptr, cols, vals = [0], [], []
    for ex in examples:
        v = task.features.vector(ex)
        keys = sorted(v)
        cols.extend(keys)
        vals.extend(v[k] for k in keys)
        indptr.append(len(cols))
    return sp.csr_matrix((np.array(vals, dtype=np.float64), np.array(cols, dtype=np.int64),
                          np.array(indptr, dtype=np.int64)), shape=(len(examples), task.features.dim))


def _fit_binary(method: str, params: dict, X, y) -> tuple[Any, float]:
    """(weights, bias) of a raw linear score for label 1."""
    if method == "cnb":
        from sklearn.naive_bayes import ComplementNB

        m = ComplementNB(alpha=float(params.get("alpha", 1.0))).fit(X, y)
        flp = m.feature_log_prob_  # with two classes, the joint log-likelihood is X @ flp.T (no prior)
        return flp[1] - flp[0], 0.0
    if method == "lr":
        from sklearn.linear_model import LogisticRegression

        m = LogisticRegression(C=float(params.get("C", 1.0)), class_weight="balanced", solver="liblinear",
                               max_iter=5000, random_state=0).fit(X, y)
        return m.coef_[0].copy(), float(m.intercept_[0])
    raise TrainError(f"unknown fitting method {method!r} for a binary task")


def _fit_multi(params: dict, X, y, n: int) -> list[tuple[Any, float]]:
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=float(params.get("C", 1.0)), class_weight="balanced", max_iter=5000).fit(X, y)
    return [(m.coef_[i].copy(), float(m.intercept_[i])) for i in range(n)]


def _folds(y, k: int, blocked: bool, seed: int):
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    f = np.zeros(len(y), dtype=int)
    if blocked:
        return np.arange(len(y)) * k // len(y)
    for i, (_, te) in enumerate(StratifiedKFold(k, shuffle=True, random_state=seed).split(np.zeros(len(y)), y)):
        f[te] = i
    return f


def _platt(s, y) -> tuple[float, float]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    m = LogisticRegression(C=1e4, max_iter=1000).fit(np.asarray(s).reshape(-1, 1), y)
    return float(m.coef_[0, 0]), float(m.intercept_[0])


def _best_threshold(p, y, select: str) -> float:
    import numpy as np
    from sklearn.metrics import f1_score

    average = "binary" if select == "f1" else "macro"
    cand = np.unique(np.round(np.quantile(p, np.linspace(0.01, 0.99, 197)), 4))
    best = max((f1_score(y, (p >= t).astype(int), average=average, zero_division=0), -abs(t - 0.5), t)
               for t in cand)
    return float(best[2])


def _figures(y, pred, labels: Sequence[str], scores=None) -> dict:
    from sklearn.metrics import f1_score, precision_recall_fscore_support, roc_auc_score

    idx = list(range(len(labels)))
    p, r, f, s = precision_recall_fscore_support(y, pred, labels=idx, zero_division=0)
    out: dict[str, Any] = {"macro_f1": round(float(f1_score(y, pred, labels=idx, average="macro", zero_division=0)), 4),
                           "per_label": {labels[i]: {"precision": round(float(p[i]), 4), "recall": round(float(r[i]), 4),
                                                     "f1": round(float(f[i]), 4), "rows": int(s[i])} for i in idx}}
    if scores is not None and len(set(y.tolist())) == 2:
        out["roc_auc"] = round(float(roc_auc_score(y, scores)), 4)
    return out


def fit(task: Task, datasets: Sequence[Dataset], *, log: Callable[[str], None] | None = None,
        date: str | None = None, examples: Callable[[Row], Any] | None = None) -> Fitted:
    """Fit ``task``'s model on the rows of ``datasets`` (in that order). ``examples`` makes a row's feature
    input (default: the task's feature function reads the row)."""
    require()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import numpy as np

    say = log or (lambda _m: None)
    rows = [r for d in datasets for r in d.rows]
    what = " + ".join(d.name for d in datasets) or "no data"
    if not rows:
        raise TrainError(f"{what}: no training rows")
    check_classes(rows, task, what)
    make = examples or (lambda r: task.features.example(r.cells))
    seen: dict[tuple, Any] = {}
    exs = []
    for r in rows:
        key = tuple(sorted(r.cells.items()))
        if key not in seen:
            seen[key] = make(r)
        exs.append(seen[key])
    X = _matrix(task, exs)
    y = np.array([task.labels.index(r.label) for r in rows])
    recipe = task.recipe
    params = dict(recipe.params)
    labels = task.labels
    counts = np.bincount(y, minlength=len(labels))
    k = int(min(recipe.folds, counts.min()))
    say(f"{task.name}: {len(rows)} rows ({', '.join(f'{labels[i]} {int(counts[i])}' for i in range(len(labels)))}), "
        f"{X.shape[1]} features, {recipe.method} {params}")
    cv: dict[str, Any]
    heads: list[dict] = []
    weights: list[Any] = []
    if len(labels) == 2:
        a, c, threshold = 1.0, 0.0, 0.5
        if k >= 2:
            seeds = (0,) if recipe.blocked else recipe.seeds
            s_all, y_all = [], []
            for seed in seeds:
                folds = _folds(y, k, recipe.blocked, seed)
                s = np.zeros(len(y))
                for f in range(k):
                    tr, te = folds != f, folds == f
                    if len(set(y[tr].tolist())) < 2:
                        raise TrainError(f"{what}: a cross-validation fold holds one label only; shuffle the rows")
                    w, b = _fit_binary(recipe.method, params, X[tr], y[tr])
                    s[te] = X[te] @ w + b
                s_all.append(s)
                y_all.append(y)
            s_cat, y_cat = np.concatenate(s_all), np.concatenate(y_all)
            if recipe.calibrate:
                a, c = _platt(s_cat, y_cat)
            p = 1.0 / (1.0 + np.exp(-(a * s_cat + c)))
            threshold = _best_threshold(p, y_cat, recipe.select)
            pred = (p >= threshold).astype(int)
            cv = {"folds": k, "repeats": len(seeds), "blocked": recipe.blocked, "threshold_by": recipe.select,
                  **_figures(y_cat, pred, labels, p), "f1": None}
            cv["f1"] = cv["per_label"][labels[1]]["f1"]
            say(f"  cross-validated ({k} folds{' blocked' if recipe.blocked else ''} x {len(seeds)}): "
                f"ROC AUC {cv.get('roc_auc', float('nan')):.3f}, F1({labels[1]}) {cv['f1']:.3f}, "
                f"macro-F1 {cv['macro_f1']:.3f} at p >= {threshold:.4f}")
        else:
            cv = {"folds": 0, "note": "fewer than 2 rows of a label: no cross-validation, threshold 0.5"}
            say("  too few rows of a label for cross-validation: threshold 0.5")
        w, b = _fit_binary(recipe.method, params, X, y)
        weights.append(w * a)
        heads.append({"name": task.name, "bias": float(b * a + c), "threshold": round(threshold, 4)})
    else:
        if k >= 2:
            folds = _folds(y, k, recipe.blocked, recipe.seeds[0])
            z = np.zeros((len(y), len(labels)))
            for f in range(k):
                tr, te = folds != f, folds == f
                for j, (w, b) in enumerate(_fit_multi(params, X[tr], y[tr], len(labels))):
                    z[te, j] = X[te] @ w + b
            cv = {"folds": k, "repeats": 1, "blocked": recipe.blocked, **_figures(y, z.argmax(1), labels)}
            say(f"  cross-validated ({k} folds): macro-F1 {cv['macro_f1']:.3f}")
        else:
            cv = {"folds": 0, "note": "fewer than 2 rows of a label: no cross-validation"}
        for label, (w, b) in zip(labels, _fit_multi(params, X, y, len(labels)), strict=True):
            weights.append(w)
            heads.append({"name": label, "bias": b})
    fs = task.features
    card = {
        "task": task.name,
        "description": task.description,
        "meaning": task.meaning,
        "labels": list(labels),
        "heads": heads,
        "features": {"name": fs.name, "version": fs.version, "config": fs.config(), "dim": fs.dim},
        "data": [{"set": d.name, "source": d.source, "terms": d.terms, "note": d.note, "rows": len(d.rows),
                  "balance": balance(d.rows, task)} for d in datasets],
        "size": len(rows),
        "balance": balance(rows, task),
        "date": date or _dt.date.today().isoformat(),
        "cv": cv,
        "fit": {"method": recipe.method, "params": params, "calibrated": recipe.calibrate and k >= 2},
    }
    return Fitted(card, weights)


def train(task: Task, datasets: Sequence[Dataset], out: Path, **kw: Any) -> dict:
    """Fit and write a model directory at ``out``; the card as written."""
    fitted = fit(task, datasets, **kw)
    return modelfile.write(out, fitted.card, fitted.weights)
