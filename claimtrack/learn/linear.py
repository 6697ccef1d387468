"""A linear model over a sparse feature vector: one head (weights + bias) per score, pure Python.

A binary task has one head: z = bias + w . x, p = sigmoid(z), and the positive label when p >= threshold. A
task with more classes has one head per class: p = softmax(z), the label with the highest score (class
offsets fitted for macro-F1 are folded into the biases).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def softmax(z: Sequence[float]) -> list[float]:
    m = max(z)
    e = [math.exp(v - m) for v in z]
    s = sum(e)
    return [v / s for v in e]


@dataclass(frozen=True)
class Head:
    """One linear score: its name, bias, weights (``array('d')``, index = feature slot) and, for a binary
    task, the probability threshold of the positive label."""

    name: str
    bias: float
    weights: array
    threshold: float | None = None

    def logit(self, vector: Mapping[int, float]) -> float:
        w = self.weights
        return self.bias + sum(w[i] * v for i, v in vector.items())


@dataclass(frozen=True)
class LinearModel:
    """The heads of one task's model, over a feature space of ``dim`` slots."""

    labels: tuple[str, ...]  # binary: (negative, positive); otherwise one head per label, in this order
    heads: tuple[Head, ...]
    dim: int

    @property
    def binary(self) -> bool:
        return len(self.heads) == 1

    def logits(self, vector: Mapping[int, float]) -> list[float]:
        return [h.logit(vector) for h in self.heads]

    def probabilities(self, logits: Sequence[float]) -> dict[str, float]:
        """Each label's probability from the heads' logits."""
        if self.binary:
            p = sigmoid(logits[0])
            return {self.labels[0]: 1.0 - p, self.labels[1]: p}
        return dict(zip(self.labels, softmax(logits), strict=True))

    def decide(self, logits: Sequence[float]) -> str:
        """The predicted label: the positive one at p >= threshold (binary), else the highest score."""
        if self.binary:
            th = self.heads[0].threshold
            return self.labels[1] if sigmoid(logits[0]) >= (0.5 if th is None else th) else self.labels[0]
        return self.labels[max(range(len(logits)), key=logits.__getitem__)]
