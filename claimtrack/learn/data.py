"""Training files for ``claimtrack train``: tab-separated with a header line, or JSON Lines.

A TSV file (tab-separated, no quoting: a cell is everything between two tabs) has a header naming at least
the task's input columns (``text`` for the sentence tasks) and ``label``; a JSON Lines file (``.jsonl``,
``.ndjson``, or any file whose first non-blank character is ``{``) has one object a line with those keys.
Blank lines are skipped. Anything wrong stops at once with a one-line ``DataError`` naming the file and the
line: a missing column, an empty cell, an unknown label, an unreadable JSON line, an empty file.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import ClaimtrackError
from .tasks import Task


class DataError(ClaimtrackError):
    """A training file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True, slots=True)
class Row:
    """One labelled training row: the task's input columns, its label, and where it came from."""

    cells: Mapping[str, str]
    label: str
    origin: str  # "FILE, line N" or another description of where the row came from


def _label_words(task: Task) -> str:
    by_label: dict[str, list[str]] = {}
    for word, label in task.aliases.items():
        by_label.setdefault(label, []).append(word)
    return ", ".join(f"{label} ({'/'.join(words)})" for label, words in by_label.items())


def _row(task: Task, path: Path, line: int, cells: Mapping[str, object]) -> Row:
    out: dict[str, str] = {}
    for col in (*task.columns, "label"):
        v = cells.get(col)
        if v is None:
            raise DataError(f"{path}, line {line}: no {col!r} (task {task.name} needs columns "
                            f"{', '.join((*task.columns, 'label'))})")
        v = str(v).strip()
        if not v:
            raise DataError(f"{path}, line {line}: {col!r} is empty")
        out[col] = v
    label = task.label(out.pop("label"))
    if label is None:
        raise DataError(f"{path}, line {line}: unknown label {str(cells.get('label')).strip()!r} for task "
                        f"{task.name} (known: {_label_words(task)})")
    return Row(out, label, f"{path}, line {line}")


def _is_jsonl(path: Path, text: str) -> bool:
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        return True
    return text.lstrip()[:1] == "{"


def read(path: Path, task: Task) -> list[Row]:
    """The labelled rows of one training file for ``task``."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: no such file") from None
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise DataError(f"{path}: {exc.strerror or exc}") from None
    lines = text.split("\n")
    rows: list[Row] = []
    if _is_jsonl(path, text):
        for i, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError as exc:
                raise DataError(f"{path}, line {i}: not a JSON object ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise DataError(f"{path}, line {i}: not a JSON object")
            rows.append(_row(task, path, i, obj))
    else:
        numbered = [(i, line.rstrip("\r")) for i, line in enumerate(lines, 1) if line.strip()]
        if numbered:
            header_line, header = numbered[0]
            columns = [c.strip() for c in next(csv.reader([header], delimiter="\t", quoting=csv.QUOTE_NONE))]
            for col in (*task.columns, "label"):
                if col not in columns:
                    raise DataError(f"{path}, line {header_line}: the header has no column {col!r} (task "
                                    f"{task.name} needs {', '.join((*task.columns, 'label'))}, tab-separated)")
            for i, line in numbered[1:]:
                cells = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
                if len(cells) > len(columns):
                    raise DataError(f"{path}, line {i}: {len(cells)} cells, the header names {len(columns)}")
                rows.append(_row(task, path, i, dict(zip(columns, cells, strict=False))))
    if not rows:
        raise DataError(f"{path}: empty (no labelled rows)")
    return rows


def balance(rows: Iterable[Row], task: Task) -> dict[str, int]:
    """Rows per label, in the task's label order."""
    n = Counter(r.label for r in rows)
    return {label: n.get(label, 0) for label in task.labels}


def check_classes(rows: list[Row], task: Task, what: str) -> None:
    """Training needs rows of every label: a one-line error naming the data (``what``) otherwise."""
    counts = balance(rows, task)
    missing = [label for label, n in counts.items() if n == 0]
    if missing:
        only = ", ".join(f"{label} ({n})" for label, n in counts.items() if n)
        first = rows[0].origin if rows else what
        raise DataError(f"{what}: every row is labelled {only} (first: {first}); task {task.name} needs rows "
                        f"labelled {' and '.join(missing)} too")
