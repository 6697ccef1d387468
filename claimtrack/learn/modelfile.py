"""The model directory: a model card (``model.json``) and its weights (``weights.bin``), standard library only.

``model.json`` (UTF-8 JSON, keys sorted) holds:

- ``format``: ``claimtrack-model/1``; ``task``: the task's name (``claimtrack.learn.tasks``);
- ``labels``: the task's labels, and ``heads``: per head its ``name``, ``bias``, ``scale`` (the int16 step)
  and, for a binary task, the probability ``threshold`` of the positive label;
- ``features``: the feature function's ``name``, ``version``, ``config`` and ``dim`` (a card whose feature
  function differs from the task's refuses to load: the slots would mean something else);
- ``data``: each data set used, with its ``source``, ``terms``, ``rows`` and ``balance`` (rows per label),
  plus ``size`` and ``balance`` over all of them; ``date`` (ISO day); ``cv``: cross-validated figures;
  ``fit``: the method and its parameters; ``weights``: the weight file's name, dtype and SHA-256.

``weights.bin`` is zlib-compressed little-endian int16: each head's ``dim`` values in card order, a
weight = int16 * scale (the rounding error is at most scale / 2 per weight).
"""

from __future__ import annotations

import hashlib
import json
import sys
import zlib
from array import array
from collections.abc import Sequence
from pathlib import Path

from ..errors import ClaimtrackError
from .linear import Head, LinearModel

FORMAT = "claimtrack-model/1"
CARD = "model.json"
WEIGHTS = "weights.bin"


class ModelError(ClaimtrackError):
    """A model directory that is missing, malformed, or made for another task or feature function."""


def write(directory: Path, card: dict, weights: Sequence[Sequence[float]]) -> dict:
    """Write a model directory: ``card`` (everything but the heads' scales and the weight file's entry,
    which this adds) and one weight sequence per head of ``card["heads"]``. Returns the card as written.
    Byte-identical for the same input."""
    directory.mkdir(parents=True, exist_ok=True)
    card = json.loads(json.dumps(card))  # a copy, plain JSON types
    dim = card["features"]["dim"]
    blobs = []
    for head, w in zip(card["heads"], weights, strict=True):
        if len(w) != dim:
            raise ModelError(f"head {head['name']!r}: {len(w)} weights for {dim} feature slots")
        top = max((abs(float(x)) for x in w), default=0.0) or 1.0
        scale = top / 32767.0
        head["scale"] = scale
        q = array("h", (int(round(float(x) / scale)) for x in w))
        if sys.byteorder != "little":
            q.byteswap()
        blobs.append(q.tobytes())
    body = zlib.compress(b"".join(blobs), 9)
    card["format"] = FORMAT
    card["weights"] = {"file": WEIGHTS, "dtype": "int16", "sha256": hashlib.sha256(body).hexdigest()}
    (directory / WEIGHTS).write_bytes(body)
    (directory / CARD).write_text(json.dumps(card, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                                  encoding="utf-8")
    return card


def read_card(directory: Path) -> dict:
    """The model card of a model directory, checked for the fields loading needs."""
    path = directory / CARD
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{directory}: not a model directory (no {CARD})") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{path}: unreadable model card ({exc})") from None
    if not isinstance(card, dict) or card.get("format") != FORMAT:
        raise ModelError(f"{path}: not a claimtrack model card (format {FORMAT})")
    for key in ("task", "labels", "heads", "features", "weights"):
        if key not in card:
            raise ModelError(f"{path}: the card has no {key!r}")
    return card


def read_weights(directory: Path, card: dict) -> LinearModel:
    """The heads of a model directory whose card is ``card``."""
    path = directory / card["weights"]["file"]
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"{path}: {exc.strerror or exc}") from None
    if hashlib.sha256(body).hexdigest() != card["weights"]["sha256"]:
        raise ModelError(f"{path}: does not match its model card (SHA-256)")
    raw = zlib.decompress(body)
    dim = card["features"]["dim"]
    heads_spec = card["heads"]
    if len(raw) != 2 * dim * len(heads_spec):
        raise ModelError(f"{path}: {len(raw)} bytes, the card says {len(heads_spec)} heads of {dim} weights")
    heads = []
    for i, h in enumerate(heads_spec):
        q = array("h")
        q.frombytes(raw[2 * dim * i : 2 * dim * (i + 1)])
        if sys.byteorder != "little":
            q.byteswap()
        s = float(h["scale"])
        heads.append(Head(h["name"], float(h["bias"]), array("d", [v * s for v in q]), h.get("threshold")))
    return LinearModel(tuple(card["labels"]), tuple(heads), dim)
