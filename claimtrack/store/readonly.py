"""Ad-hoc SQL that cannot write, by construction.

- One statement only (a lexical check that ignores strings and comments), starting with a reading keyword.
- SQLite: the file is opened read-only (``mode=ro``), ``PRAGMA query_only`` is on, and an authorizer refuses
  every action but reading (so ATTACH, writing PRAGMAs and any DML/DDL are refused by SQLite itself);
  a progress handler enforces the time limit.
- PostgreSQL: a session whose transactions are read-only by default, inside a ``READ ONLY`` transaction,
  with ``statement_timeout``; the transaction is always rolled back.
Rows are fetched up to a limit; the caller is told when more were left.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass

from sqlalchemy import create_engine
from sqlalchemy.engine import make_url


class ReadOnlyError(Exception):
    """The statement was refused or failed; the message is one line."""


READ_KEYWORDS = ("select", "with", "values", "explain", "table", "show", "pragma")
_READ_PRAGMAS = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
                 "table_list", "database_list", "collation_list", "function_list", "compile_options",
                 "user_version", "schema_version", "page_count", "page_size", "encoding", "freelist_count"}


def _strip(sql: str) -> str:
    """The statement with comments and quoted strings/identifiers blanked out."""
    out = re.sub(r"--[^\n]*", " ", sql)
    out = re.sub(r"/\*.*?\*/", " ", out, flags=re.S)
    out = re.sub(r"'(?:[^']|'')*'", "''", out)
    out = re.sub(r'"(?:[^"]|"")*"', '""', out)
    out = re.sub(r"\$(\w*)\$.*?\$\1\$", "''", out, flags=re.S)
    return out


def check_statement(sql: str) -> str:
    """The statement to run (without a trailing semicolon), or ReadOnlyError."""
    bare = _strip(sql).strip()
    if not bare:
        raise ReadOnlyError("empty query")
    body = bare.rstrip().rstrip(";").rstrip()
    if ";" in body:
        raise ReadOnlyError("only one statement at a time (found ';' between statements)")
    first = body.split(None, 1)[0].lower()
    if first not in READ_KEYWORDS:
        raise ReadOnlyError(f"read-only: {first.upper()} statements are refused (use SELECT, WITH, VALUES, EXPLAIN)")
    if first == "pragma":
        m = re.match(r"pragma\s+(?:\w+\.)?(\w+)\s*(=|\()?", body, re.I)
        if not m or m.group(2) == "=" or m.group(1).lower() not in _READ_PRAGMAS:
            raise ReadOnlyError("read-only: only reading PRAGMAs (table_info, index_list, …) are allowed")
    return sql.strip().rstrip(";").rstrip()


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool


def _sqlite_authorizer(action, arg1, arg2, dbname, source):
    allowed = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_FUNCTION, sqlite3.SQLITE_RECURSIVE}
    if action in allowed:
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA and (arg1 or "").lower() in _READ_PRAGMAS and arg2 is None:
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def run(url: str, sql: str, *, limit: int = 1000, timeout: float = 30.0) -> Result:
    stmt = check_statement(sql)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _run_sqlite(parsed.database, stmt, limit, timeout)
    return _run_postgres(url, stmt, limit, timeout)


def _run_sqlite(path: str, stmt: str, limit: int, timeout: float) -> Result:
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise ReadOnlyError(f"cannot open database read-only: {exc}") from None
    try:
        conn.execute("PRAGMA query_only=ON")
        conn.set_authorizer(_sqlite_authorizer)
        deadline = time.monotonic() + timeout
        conn.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10000)
        try:
            cur = conn.execute(stmt)
            rows = cur.fetchmany(limit + 1)
        except sqlite3.DatabaseError as exc:
            msg = str(exc)
            if "interrupted" in msg:
                msg = f"query took longer than {timeout:g} s (raise it with --timeout)"
            elif "not authorized" in msg or "prohibited" in msg or "readonly" in msg:
                msg = f"read-only: refused ({msg})"
            raise ReadOnlyError(msg) from None
        except sqlite3.ProgrammingError as exc:
            raise ReadOnlyError(str(exc)) from None
        columns = [d[0] for d in cur.description or []]
        return Result(columns, rows[:limit], len(rows) > limit)
    finally:
        conn.close()


def _run_postgres(url: str, stmt: str, limit: int, timeout: float) -> Result:
    ms = max(1, int(timeout * 1000))
    engine = create_engine(url, connect_args={
        "options": f"-c default_transaction_read_only=on -c statement_timeout={ms}"})
    try:
        with engine.connect() as conn:
            trans = conn.begin()
            try:
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
                res = conn.exec_driver_sql(stmt)
                if not res.returns_rows:
                    raise ReadOnlyError("the statement returned no rows")
                columns = list(res.keys())
                rows = [tuple(r) for r in res.fetchmany(limit + 1)]
            finally:
                trans.rollback()
        return Result(columns, rows[:limit], len(rows) > limit)
    except ReadOnlyError:
        raise
    except Exception as exc:  # noqa: BLE001
        msg = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        if "read-only transaction" in msg:
            msg = f"read-only: refused ({msg})"
        elif "statement timeout" in msg:
            msg = f"query took longer than {timeout:g} s (raise it with --timeout)"
        raise ReadOnlyError(msg) from None
    finally:
        engine.dispose()
