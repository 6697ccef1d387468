"""Named reports: ``.sql`` files in ``claimtrack/reports`` with a small header.

    -- name: sources
    -- description: one line
    -- param: kind = (any) what it filters
    -- param: limit = 500 what it bounds

A parameter's default follows ``=`` (``(any)`` means NULL, i.e. no filter; ``(required)`` must be given).
A parameter named ``source`` also binds ``source_norm``, its normalized alias form, so reports match
any alias of a source. The same file runs on SQLite and PostgreSQL; a ``NAME.postgresql.sql`` or
``NAME.sqlite.sql`` next to it takes precedence for that dialect.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from importlib import resources

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..sources import norm
from .documents import DocumentError, resolve
from .sources import SourceError, check_name


class ReportError(ClaimtrackError):
    """An unknown report, or a parameter the report does not take, needs or cannot read."""


@dataclass
class Param:
    name: str
    default: str | None
    required: bool
    help: str


@dataclass
class Report:
    name: str
    description: str
    sql: str
    params: list[Param] = field(default_factory=list)
    variants: dict[str, str] = field(default_factory=dict)


_HEADER = re.compile(r"^--\s*(name|description|param):\s*(.*)$")


def _parse(sql: str, filename: str) -> Report:
    name, desc, params = filename.removesuffix(".sql"), "", []
    for line in sql.splitlines():
        m = _HEADER.match(line.strip())
        if not m:
            if line.strip() and not line.strip().startswith("--"):
                break
            continue
        key, value = m.groups()
        if key == "name":
            name = value.strip()
        elif key == "description":
            desc = value.strip()
        else:
            pm = re.match(r"(\w+)\s*=\s*(\(any\)|\(required\)|\S+)\s*(.*)$", value.strip())
            if pm:
                pname, default, phelp = pm.groups()
                params.append(Param(pname, None if default.startswith("(") else default, default == "(required)",
                                    phelp))
    return Report(name, desc, sql, params)


def load_reports() -> dict[str, Report]:
    folder = resources.files("claimtrack").joinpath("reports")
    reports: dict[str, Report] = {}
    variants: dict[tuple[str, str], str] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".sql"):
            continue
        parts = entry.name.split(".")
        sql = entry.read_text("utf-8")
        if len(parts) == 3:
            variants[(parts[0], parts[1])] = sql
            continue
        rep = _parse(sql, entry.name)
        reports[rep.name] = rep
    for (base, dialect), sql in variants.items():
        if base in reports:
            reports[base].variants[dialect] = sql
    return reports


def get_report(name: str) -> Report:
    reports = load_reports()
    if name not in reports:
        close = [n for n in reports if n.startswith(name[:3])]
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ReportError(f"unknown report: {name}{hint}; run 'claimtrack report' for the list")
    return reports[name]


def bind(report: Report, given: dict[str, str]) -> dict[str, object]:
    known = {p.name for p in report.params}
    unknown = sorted(set(given) - known)
    if unknown:
        raise ReportError(f"report {report.name} has no parameter {unknown[0]}"
                          + (f" (it takes: {', '.join(sorted(known))})" if known else " (it takes none)"))
    values: dict[str, object] = {}
    for p in report.params:
        v = given.get(p.name, p.default)
        if p.required and v is None:
            raise ReportError(f"report {report.name} needs --param {p.name}=VALUE ({p.help})")
        values[p.name] = check_value(report.name, p.name, v) if p.name in given else v
    if "source" in values:
        values["source_norm"] = norm(values["source"]) if values["source"] is not None else None
    return values


_INTEGER_PARAMS = ("limit", "min_claims")
_TRUE, _FALSE = ("1", "yes", "true", "y"), ("0", "no", "false", "n", "")


def check_value(report: str, name: str, value: str | None) -> str | None:
    """A given parameter value as the report's SQL expects it, or ``ReportError`` saying what is wrong: a
    typo must not turn into an empty result that looks like an answer."""
    if value is None:
        return None
    v = value.strip()
    if name in _INTEGER_PARAMS:
        if not (v.isascii() and v.isdigit()):  # "²" is a digit to Python, not to the database
            raise ReportError(f"report {report}: {name} must be a whole number ≥ 0, not {value!r}")
        return v
    if name == "min_checkworthiness":
        try:
            x = float(v)
        except ValueError:
            x = -1.0
        if not 0.0 <= x <= 1.0:
            raise ReportError(f"report {report}: {name} must be a number from 0 to 1, not {value!r}")
        return v
    if name in ("since", "until"):
        try:
            return date.fromisoformat(v).isoformat()
        except ValueError:
            raise ReportError(f"report {report}: {name} must be a date YYYY-MM-DD, not {value!r}") from None
    if name == "confirmed":
        if v.lower() not in _TRUE + _FALSE:
            raise ReportError(f"report {report}: {name} must be 1 or 0 (yes or no), not {value!r}")
        return "1" if v.lower() in _TRUE else "0"
    if name == "search":  # a literal text: LIKE's wildcards and the escape character are escaped
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return value


def resolve_name(session: Session, report: str, key: str, value: object) -> object:
    """A parameter that names stored things, checked against the database: a ``source`` that no stored source is
    called is an error offering the closest names, and a ``document`` reference (``documents.resolve``: an id, a
    hash prefix, an origin path, a JSON Lines id or a file name) is an error when it names nothing or documents
    of several inputs, and is otherwise handed to the SQL as the document's full content hash (or, for the
    records of a JSON Lines file, the file's origin). Other parameters are returned as they are."""
    if value is None or key not in ("source", "document"):
        return value
    if key == "source":
        try:
            check_name(session, str(value))
        except SourceError as exc:
            raise ReportError(f"report {report}: source: {exc}") from None
        return value
    try:
        docs = resolve(session, str(value))
    except DocumentError as exc:
        raise ReportError(f"report {report}: document: {exc}") from None
    return docs[0].sha256 if len(docs) == 1 else docs[0].origin


def resolve_names(engine: Engine, report: Report, values: dict[str, object]) -> dict[str, object]:
    """``values`` with the parameters that name stored things resolved (``resolve_name``)."""
    if values.get("source") is None and values.get("document") is None:
        return values
    with Session(engine) as session:
        return {k: resolve_name(session, report.name, k, v) for k, v in values.items()}


def run_report(engine: Engine, name: str, given: dict[str, str]):
    """(columns, rows) of a named report."""
    report = get_report(name)
    values = resolve_names(engine, report, bind(report, given))
    sql = report.variants.get(engine.dialect.name, report.sql)
    stmt = text(sql)
    used = set(re.findall(r"(?<!:):(\w+)", sql))
    params = {k: v for k, v in values.items() if k in used}
    with engine.connect() as conn:
        res = conn.execute(stmt, params)
        columns = list(res.keys())
        rows = [tuple(r) for r in res]
    return columns, rows


def row_limit(name: str, given: dict[str, str]) -> int | None:
    """The row limit a report run uses, when the report has a ``limit`` parameter."""
    values = bind(get_report(name), given)
    try:
        return int(values["limit"]) if values.get("limit") is not None else None
    except (KeyError, ValueError):
        return None
