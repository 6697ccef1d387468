"""Writing result rows as an aligned table, CSV (RFC 4180, spreadsheet-safe) or JSON."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import IO

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


def _cell(value) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return _hex(value)
    return value


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


def _json_value(v):
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


def write_table(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence], *, max_width: int = 60) -> int:
    """An aligned plain-text table (cells cut to ``max_width`` characters)."""
    data = []
    for row in rows:
        cells = []
        for v in row:
            s = "" if v is None else (f"{v:.3f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(_cell(v)))
            s = " ".join(s.split())
            if len(s) > max_width:
                s = s[: max_width - 1] + "…"
            cells.append(s)
        data.append(cells)
    widths = [len(c) for c in columns]
    for cells in data:
        for i, s in enumerate(cells):
            widths[i] = max(widths[i], len(s))
    out.write("  ".join(c.ljust(widths[i]) for i, c in enumerate(columns)).rstrip() + "\n")
    out.write("  ".join("-" * widths[i] for i in range(len(columns))) + "\n")
    for cells in data:
        out.write("  ".join(s.ljust(widths[i]) for i, s in enumerate(cells)).rstrip() + "\n")
    out.write(f"({len(data)} row{'s' if len(data) != 1 else ''})\n")
    return len(data)


def write(out: IO[str], fmt: str, columns: Sequence[str], rows: Iterable[Sequence], *, excel: bool = False,
          safe: bool = True) -> int:
    if fmt == "csv":
        return write_csv(out, columns, rows, excel=excel, safe=safe)
    if fmt == "json":
        return write_json(out, columns, rows)
    return write_table(out, columns, rows)
