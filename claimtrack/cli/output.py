"""What the command line prints: result rows as an aligned table, CSV (RFC 4180, spreadsheet-safe) or JSON,
and ``extract``'s readable listing of an analysis.

The rows come from the store (``store/reports.py``, ``store/export.py``, ``store/readonly.py``, runs and
decisions) as (columns, rows); this module only writes them.
"""

from __future__ import annotations

import csv
import json
import textwrap
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO

from ..model import Analysis

# Cells starting with these can be read as formulas by spreadsheets (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """Prefix a would-be formula with a single quote so spreadsheets show it as text."""
    if value and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _hex(value: bytes | bytearray | memoryview) -> str:
    """Binary cells as PostgreSQL writes them: \\x and hex digits."""
    return "\\x" + bytes(value).hex()


def _cell(value: object) -> object:
    """A value as CSV and the table write it: NULL empty, dates in ISO form, decimals as floats, bytes in hex."""
    if value is None:
        return ""
    return _json_value(value)


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence], *, excel: bool = False,
              safe: bool = True) -> int:
    """RFC 4180 CSV: comma, double-quote escaping, CRLF line ends, UTF-8. Streams rows; returns the count."""
    if excel:
        out.write("\ufeff")
    w = csv.writer(out, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(columns)
    n = 0
    for row in rows:
        cells = []
        for v in row:
            v = _cell(v)
            if isinstance(v, str) and safe:
                v = neutralize(v)
            cells.append(v)
        w.writerow(cells)
        n += 1
    return n


def _json_value(v: object) -> object:
    """A value as JSON takes it (NULL stays null)."""
    if isinstance(v, datetime | date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, bytes | bytearray | memoryview):
        return _hex(v)
    return v


def unique_keys(columns: Sequence[str]) -> list[str]:
    """Column names as object keys: a repeated name gets _2, _3 … ("SELECT 1 AS a, 2 AS a" keeps both)."""
    used: set[str] = set()
    keys = []
    for c in columns:
        key, n = c, 1
        while key in used:
            n += 1
            key = f"{c}_{n}"
        used.add(key)
        keys.append(key)
    return keys


def write_json(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """A JSON array of objects, streamed one row at a time."""
    keys = unique_keys(columns)
    out.write("[")
    n = 0
    for row in rows:
        out.write(",\n " if n else "\n ")
        out.write(json.dumps({c: _json_value(v) for c, v in zip(keys, row, strict=False)}, ensure_ascii=False))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


GAP = "  "  # between table columns
MIN_WRAP = 12  # a column is not wrapped narrower than this (nor than its header)
READABLE = 24  # a text wrapped narrower than this reads badly: the rows are shown one field a line instead


def _column_widths(columns: Sequence[str], natural: list[int], width: int | None) -> list[int] | None:
    """Each column's width: its widest cell, or, when that makes the table wider than ``width``, the widest
    columns narrowed alike until it fits; None when it cannot fit with its wrapped columns at least
    ``READABLE`` wide (nor any below ``MIN_WRAP`` or its header): too many columns for the terminal."""
    gaps = len(GAP) * (len(columns) - 1)
    if width is None or sum(natural) + gaps <= width:
        return natural
    floor = [min(n, max(MIN_WRAP, len(c))) for n, c in zip(natural, columns, strict=True)]

    def fitted(cap: int) -> list[int]:
        return [max(f, min(n, cap)) for f, n in zip(floor, natural, strict=True)]

    lo, hi = 0, max(natural)  # the widest cap that fits: fitted(cap) grows with cap
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if sum(fitted(mid)) + gaps <= width:
            lo = mid
        else:
            hi = mid - 1
    widths = fitted(lo)
    if sum(widths) + gaps > width or any(w < min(n, READABLE) for w, n in zip(widths, natural, strict=True)):
        return None
    return widths


def _wrapped(text: str, width: int) -> list[str]:
    if len(text) <= width:
        return [text]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def write_table(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence], *, width: int | None = None) -> int:
    """An aligned plain-text table. Nothing is ever cut: with ``width`` (a terminal's), cells too wide for the
    table to fit wrap onto the lines below, within their column, and a table with too many columns for that
    shows each row as a record, one field a line (as psql's expanded display), its values wrapped; without a
    width, each row is one line, cells whole."""
    data = []
    for row in rows:
        cells = []
        for v in row:
            s = "" if v is None else (f"{v:.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(_cell(v)))
            cells.append(" ".join(s.split()))
        data.append(cells)
    natural = [len(c) for c in columns]
    for cells in data:
        for i, s in enumerate(cells):
            natural[i] = max(natural[i], len(s))
    widths = _column_widths(columns, natural, width)
    if widths is None:
        assert width is not None
        _write_records(out, columns, data, width)
    else:
        out.write(GAP.join(c.ljust(widths[i]) for i, c in enumerate(columns)).rstrip() + "\n")
        out.write(GAP.join("-" * widths[i] for i in range(len(columns))) + "\n")
        for cells in data:
            parts = [_wrapped(s, widths[i]) for i, s in enumerate(cells)]
            for k in range(max((len(p) for p in parts), default=1)):
                out.write(GAP.join((p[k] if k < len(p) else "").ljust(widths[i])
                                   for i, p in enumerate(parts)).rstrip() + "\n")
    out.write(f"({len(data)} row{'s' if len(data) != 1 else ''})\n")
    return len(data)


def _write_records(out: IO[str], columns: Sequence[str], data: list[list[str]], width: int) -> None:
    """Each row as a record: a '-[ row N ]---' line, then 'column  value' lines, values wrapped to ``width``."""
    label = max(len(c) for c in columns)
    room = max(MIN_WRAP, width - label - len(GAP))
    for n, cells in enumerate(data, 1):
        head = f"-[ row {n} ]"
        out.write(head + "-" * max(0, min(width, label + len(GAP) + room) - len(head)) + "\n")
        for c, s in zip(columns, cells, strict=True):
            lines = _wrapped(s, room)
            out.write(f"{c.ljust(label)}{GAP}{lines[0]}".rstrip() + "\n")
            for line in lines[1:]:
                out.write(f"{'':{label}}{GAP}{line}\n")


def write(out: IO[str], fmt: str, columns: Sequence[str], rows: Iterable[Sequence], *, excel: bool = False,
          safe: bool = True, width: int | None = None) -> int:
    """``rows`` written as ``fmt`` (csv, json, or else a table ``width`` wide): the number of rows."""
    if fmt == "csv":
        return write_csv(out, columns, rows, excel=excel, safe=safe)
    if fmt == "json":
        return write_json(out, columns, rows)
    return write_table(out, columns, rows, width=width)


def write_analysis(out: IO[str], analysis: Analysis, width: int | None = None) -> None:
    """``extract --format table``: each story, its sentences (offsets, kind, text) and their claims; with
    ``width``, sentence texts wrap to it (never cut)."""
    indent = 34  # "  {start:>6}-{end:<6} {kind:<11} "
    for st in analysis.stories:
        out.write(f"== story {st.ordinal}: {st.title or '(untitled)'}  [{st.published or 'no date'}]\n")
        for se in st.sentences:
            text = " ".join(se.text.split())
            lines = _wrapped(text, max(MIN_WRAP * 2, width - indent)) if width else [text]
            out.write(f"  {se.start:>6}-{se.end:<6} {se.kind:<11} {lines[0]}\n")
            for line in lines[1:]:
                out.write(f"{'':{indent}}{line}\n")
            for c in se.claims:
                srcs = ", ".join(f"{s.name} ({s.kind}, {s.role})" for s in c.sources) or "-"
                when = f" date={c.event_date.date or '?'} «{c.event_date.phrase.text}»" if c.event_date else ""
                cue = f" cue=«{c.cue.text}»" if c.cue else ""
                rel = "".join(f" {r.kind}→{r.target_sentence_start}" for r in c.relations)
                out.write(f"{'':22}↳ {c.kind}: {srcs}{cue}{when}{rel}\n")
