"""Loaded models and where they come from: the shipped defaults inside the package, overridden per task by a
models directory (``claimtrack --models DIR`` or ``CLAIMTRACK_MODELS=DIR``).

A models directory is either one model directory (its ``model.json`` names the task) or a folder of them
(each subfolder holding a ``model.json``; the folder names do not matter, the cards' tasks do). A task the
directory holds no model for uses the shipped default. Loading is lazy: a model's weights are read the
first time a task is scored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import modelfile, tasks
from .linear import LinearModel
from .modelfile import ModelError

SHIPPED = Path(__file__).resolve().parent / "models"
ENV = "CLAIMTRACK_MODELS"


@dataclass(frozen=True)
class Model:
    """One task's model: its card, its heads and where it was read from (``origin``: ``shipped`` or the
    models directory that overrides it)."""

    task: tasks.Task
    card: dict
    linear: LinearModel
    directory: Path
    origin: str

    @property
    def threshold(self) -> float | None:
        return self.linear.heads[0].threshold if self.linear.binary else None

    def logits(self, example: Any) -> list[float]:
        return self.linear.logits(self.task.features.vector(example))

    def probabilities(self, example: Any) -> dict[str, float]:
        return self.linear.probabilities(self.logits(example))

    def predict(self, example: Any) -> str:
        return self.linear.decide(self.logits(example))


def load(directory: Path, origin: str = "", task: str | None = None) -> Model:
    """The model in ``directory``, checked against its task's feature function (and against ``task``)."""
    card = modelfile.read_card(directory)
    t = tasks.get(card["task"])
    if task is not None and t.name != task:
        raise ModelError(f"{directory}: a model for task {t.name!r}, not {task!r}")
    f = card["features"]
    fs = t.features
    if (f.get("name"), f.get("version"), f.get("config"), f.get("dim")) != (fs.name, fs.version, fs.config(), fs.dim):
        raise ModelError(f"{directory}: made for feature function {f.get('name')}/{f.get('version')} "
                         f"{f.get('config')}, task {t.name!r} reads {fs.name}/{fs.version} {fs.config()}")
    if tuple(card["labels"]) != t.labels:
        raise ModelError(f"{directory}: labels {card['labels']}, task {t.name!r} has {list(t.labels)}")
    return Model(t, card, modelfile.read_weights(directory, card), directory, origin or str(directory))


def held_in(directory: Path) -> dict[str, Path]:
    """task -> model directory, for a models directory (one model, or a folder of them)."""
    if not directory.is_dir():
        raise ModelError(f"{directory}: no such models directory")
    if (directory / modelfile.CARD).exists():
        return {modelfile.read_card(directory)["task"]: directory}
    out: dict[str, Path] = {}
    for sub in sorted(p for p in directory.iterdir() if (p / modelfile.CARD).is_file()):
        name = modelfile.read_card(sub)["task"]
        if name in out:
            raise ModelError(f"{directory}: two models for task {name!r} ({out[name].name}, {sub.name})")
        out[name] = sub
    if not out:
        raise ModelError(f"{directory}: holds no model (no {modelfile.CARD} in it or in its folders)")
    return out


class Models:
    """The models in use, per task: the overriding directory's, else the shipped default, else none (the
    rules decide). ``Models.rules()`` uses no model at all (the rules alone)."""

    def __init__(self, directory: str | Path | None = None, *, shipped: bool = True):
        self.directory = Path(directory) if directory else None
        self.shipped = shipped
        self._paths: dict[str, tuple[Path, str]] = {}
        if shipped and SHIPPED.is_dir():
            for name, path in held_in(SHIPPED).items():
                self._paths[name] = (path, "shipped")
        if self.directory is not None:
            for name, path in held_in(self.directory).items():
                self._paths[name] = (path, str(self.directory))
        self._loaded: dict[str, Model] = {}

    @classmethod
    def rules(cls) -> Models:
        return cls(None, shipped=False)

    @classmethod
    def from_environment(cls) -> Models:
        """The shipped models, overridden by ``$CLAIMTRACK_MODELS`` when it is set."""
        return _from_environment(os.environ.get(ENV) or None)

    def paths(self) -> Mapping[str, tuple[Path, str]]:
        """task -> (model directory, origin) for every task that has a model."""
        return dict(self._paths)

    def get(self, task: str) -> Model | None:
        if task not in self._paths:
            return None
        if task not in self._loaded:
            path, origin = self._paths[task]
            self._loaded[task] = load(path, origin, task)
        return self._loaded[task]


@cache
def _from_environment(directory: str | None) -> Models:
    return Models(directory)
