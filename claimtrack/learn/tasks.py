"""The task registry: what each learned judgement reads, which labels it gives, and how it is fitted.

A task names its labels (binary: negative first, positive second), the words training files may write them
in, the columns a training row needs, its feature function (``FeatureSet``) and its fitting recipe
(``Recipe``). Tasks with different inputs differ only in these: a sentence task reads one sentence and the
pipeline's rule signals for it, a pair task (stance: a claim and a text) has a feature function of its own.
Adding a task is one ``register(Task(...))`` call in the module that owns its features; the model format,
the loader, model resolution, ``claimtrack train`` and ``claimtrack models`` then serve it unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .modelfile import ModelError


class FeatureSet(Protocol):
    """A feature function: examples to sparse vectors ``{slot: value}`` over ``dim`` slots.

    ``name``, ``version`` and ``config()`` are written to every model card and compared on loading.
    ``example(row)`` makes the function's input from a training row (the task's ``columns``, as strings);
    ``vector(example)`` is the reference implementation (training and any scorer without a faster path)."""

    name: str
    version: int

    @property
    def dim(self) -> int: ...

    def config(self) -> dict[str, Any]: ...

    def example(self, row: Mapping[str, str]) -> Any: ...

    def vector(self, example: Any) -> dict[int, float]: ...


@dataclass(frozen=True)
class Recipe:
    """How ``claimtrack train`` fits a task (``learn.train``): ``method`` ``cnb`` (complement naive Bayes,
    ``alpha``), ``lr`` (L2 logistic regression, ``C``, balanced classes) or ``multinomial`` (one head per
    label, ``C``); the threshold of a binary task maximises ``select`` (``macro_f1`` or ``f1``, the F1 of the
    positive label) on out-of-fold scores; ``calibrate``: Platt-scale the score on out-of-fold scores;
    ``folds``: cross-validation folds; ``blocked``: folds are contiguous blocks of rows in file order (rows
    from one debate or one article stay together) instead of stratified shuffled ones."""

    method: str
    params: Mapping[str, float] = field(default_factory=dict)
    select: str = "macro_f1"
    calibrate: bool = True
    folds: int = 5
    blocked: bool = False
    seeds: tuple[int, ...] = (0,)


@dataclass(frozen=True)
class Task:
    name: str
    description: str
    labels: tuple[str, ...]  # binary: (negative, positive)
    aliases: Mapping[str, str]  # how training files may write a label (matched lower-cased) -> label
    columns: tuple[str, ...]  # the input columns of a training row (besides "label")
    features: FeatureSet
    recipe: Recipe
    # what a label means to the product, for ``claimtrack models`` and the model card
    meaning: str = ""
    # the reading of the analysts' decisions as training rows (``store.training``), when the task has one
    reviews: Callable[..., Any] | None = None

    def label(self, raw: str) -> str | None:
        """The label a training file's cell names, or None."""
        return self.aliases.get(raw.strip().lower())


_REGISTRY: dict[str, Task] = {}
_LOADERS: list[Callable[[], None]] = []


def register(task: Task) -> Task:
    if task.name in _REGISTRY and _REGISTRY[task.name] is not task:
        raise ValueError(f"task {task.name!r} is already registered")
    if len(task.labels) < 2 or len(set(task.labels)) != len(task.labels):
        raise ValueError(f"task {task.name!r}: labels must be two or more distinct names")
    if not set(task.aliases.values()) <= set(task.labels):
        raise ValueError(f"task {task.name!r}: an alias names no label")
    _REGISTRY[task.name] = task
    return task


def add_loader(load: Callable[[], None]) -> None:
    """A function that registers tasks when first needed (a module importing its feature function late)."""
    _LOADERS.append(load)


def _load() -> None:
    while _LOADERS:
        _LOADERS.pop(0)()


def get(name: str) -> Task:
    _load()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ModelError(f"unknown task {name!r} (known: {', '.join(names())})") from None


def names() -> tuple[str, ...]:
    _load()
    return tuple(_REGISTRY)
