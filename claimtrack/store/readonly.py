"""Ad-hoc SQL that cannot write, by construction, with layers that do not trust each other:

1. A lexical check (a tokenizer that knows each dialect's strings, quoted identifiers, comments and, for
   PostgreSQL, ``E''`` escapes, dollar quotes and nested comments): exactly one statement, starting with a
   reading keyword (SELECT, WITH, VALUES, TABLE, EXPLAIN, SHOW, reading PRAGMAs), containing no writing
   keyword anywhere (so ``WITH … INSERT``, ``SELECT … INTO``, ``EXPLAIN ANALYZE DELETE`` are refused too) and
   calling no function with side effects (``set_config``, ``lo_export``, ``pg_terminate_backend``, ``dblink…``,
   ``query_to_xml``, ``load_extension``, …).
2. SQLite: the file is opened read-only (``mode=ro``), ``PRAGMA query_only`` is on, an authorizer refuses
   every action but reading (so ATTACH, writing PRAGMAs, DML and DDL are refused by SQLite itself, and the
   side-effect functions too), the driver runs one statement only, and a progress handler enforces the time
   limit.
3. PostgreSQL: a session whose transactions are read-only by default (``default_transaction_read_only``),
   inside a ``READ ONLY`` transaction that is always rolled back, with ``statement_timeout``; when the user
   may, the statement runs as the built-in ``pg_read_all_data`` role (no file, large-object or signal
   functions); queries run through a server-side cursor (``DECLARE … CURSOR``: one SELECT-like statement,
   rows fetched only up to the limit), EXPLAIN/SHOW as a prepared statement (one statement only).

Rows are fetched up to a limit; the caller is told when more were left.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import make_url

from ..errors import ClaimtrackError


class ReadOnlyError(ClaimtrackError):
    """The statement was refused or failed; the message is one line."""


READ_KEYWORDS = ("select", "with", "values", "explain", "table", "show", "pragma")
# Reading PRAGMAs: those that take a table or index name, and settings that may only be read (no argument).
_READ_PRAGMAS_NAMED = {"table_info", "table_xinfo", "index_list", "index_info", "index_xinfo", "foreign_key_list",
                       "table_list"}
_READ_PRAGMAS_BARE = {"database_list", "collation_list", "function_list", "compile_options", "user_version",
                      "schema_version", "page_count", "page_size", "encoding", "freelist_count"}
_READ_PRAGMAS = _READ_PRAGMAS_NAMED | _READ_PRAGMAS_BARE
# statements that are neither reading nor in WRITE_KEYWORDS, refused as such (not taken for a typo)
_OTHER_STATEMENTS = {"begin", "start", "savepoint", "release", "set", "reset", "listen", "unlisten", "discard",
                     "load", "analyze", "analyse", "comment", "security", "declare", "fetch", "move", "close",
                     "checkpoint", "do", "import", "replace", "upsert", "end", "abort"}
# Words that only writing (or transaction-changing) statements use; refused anywhere in the statement, so
# that WITH … INSERT, SELECT … INTO, EXPLAIN ANALYZE DELETE … are refused with a clear reason.
WRITE_KEYWORDS = {
    "insert", "update", "delete", "merge", "create", "drop", "alter", "truncate", "attach", "detach", "grant",
    "revoke", "copy", "vacuum", "reindex", "cluster", "refresh", "into", "lock", "call", "execute", "prepare",
    "deallocate", "notify", "commit", "rollback",
}
# Functions with side effects (files, large objects, other sessions, settings, other databases, running SQL
# given as text); refused when called. Prefixes name whole families.
SIDE_EFFECT_FUNCTIONS = {
    "set_config", "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile",
    "pg_switch_wal", "pg_create_restore_point", "pg_promote", "pg_notify", "pg_read_file", "pg_read_binary_file",
    "pg_stat_file", "pg_import_system_collations", "pg_logical_emit_message", "nextval", "setval",
    "query_to_xml", "query_to_xmlschema", "query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema",
    "txid_current", "pg_current_xact_id", "pg_log_backend_memory_contexts",
    "load_extension", "fts3_tokenizer", "writefile", "readfile", "edit",
}
SIDE_EFFECT_PREFIXES = ("lo_", "dblink", "pg_ls_", "pg_file_", "pg_advisory", "pg_try_advisory", "pg_stat_reset",
                        "pg_replication_", "pg_create_", "pg_drop_replication", "pg_copy_", "pg_wal_replay_",
                        "pg_backup_", "pg_start_backup", "pg_stop_backup")


def _side_effect(name: str) -> bool:
    return name in SIDE_EFFECT_FUNCTIONS or name.startswith(SIDE_EFFECT_PREFIXES)


def tokens(sql: str, dialect: str = "sqlite") -> list[tuple[str, str]]:
    """(kind, text) tokens: word, ident (quoted identifier, unquoted), string, number, punct.

    Comments and whitespace are dropped. An unterminated string, identifier or comment is an error: the
    database and this check must never disagree about where a statement ends.
    """
    pg = dialect == "postgresql"
    out: list[tuple[str, str]] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch.isspace():
            i += 1
        elif sql.startswith("--", i):
            j = sql.find("\n", i)
            i = n if j < 0 else j + 1
        elif sql.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if sql.startswith("*/", j):
                    depth -= 1
                    j += 2
                elif pg and sql.startswith("/*", j):
                    depth += 1
                    j += 2
                else:
                    j += 1
            if depth:
                raise ReadOnlyError("unterminated /* comment")
            i = j
        elif ch == "'" or (pg and ch in "eE" and sql.startswith("'", i + 1)):
            backslash = ch != "'"
            j = i + (2 if backslash else 1)
            buf = []
            while True:
                if j >= n:
                    raise ReadOnlyError("unterminated string literal")
                c = sql[j]
                if backslash and c == "\\":
                    buf.append(sql[j : j + 2])
                    j += 2
                elif c == "'":
                    if sql.startswith("''", j):
                        buf.append("'")
                        j += 2
                    else:
                        j += 1
                        break
                else:
                    buf.append(c)
                    j += 1
            out.append(("string", "".join(buf)))
            i = j
        elif pg and ch == "$" and (m := re.match(r"\$([A-Za-z_][A-Za-z_0-9]*)?\$", sql[i:])):
            tag = m.group(0)
            j = sql.find(tag, i + len(tag))
            if j < 0:
                raise ReadOnlyError("unterminated $-quoted string")
            out.append(("string", sql[i + len(tag) : j]))
            i = j + len(tag)
        elif ch == '"' or (not pg and ch in "`["):
            close = {"[": "]", "`": "`", '"': '"'}[ch]
            j, buf = i + 1, []
            while True:
                if j >= n:
                    raise ReadOnlyError("unterminated quoted identifier")
                if sql[j] == close:
                    if close != "]" and sql.startswith(close * 2, j):
                        buf.append(close)
                        j += 2
                        continue
                    j += 1
                    break
                buf.append(sql[j])
                j += 1
            out.append(("ident", "".join(buf)))
            i = j
        elif ch.isalpha() or ch == "_":
            m = re.match(r"[^\W\d][\w$]*", sql[i:])
            out.append(("word", m.group(0)))
            i += len(m.group(0))
        elif ch.isdigit() or (ch == "." and i + 1 < n and sql[i + 1].isdigit()):
            m = re.match(r"[0-9.]+(?:[eE][+-]?\d+)?", sql[i:])
            out.append(("number", m.group(0)))
            i += len(m.group(0))
        else:
            out.append(("punct", ch))
            i += 1
    return out


def check_statement(sql: str, dialect: str = "sqlite") -> str:
    """The statement to run (without a trailing semicolon), or ReadOnlyError with a one-line reason."""
    toks = tokens(sql, dialect)
    while toks and toks[-1] == ("punct", ";"):
        toks.pop()
    if not toks:
        raise ReadOnlyError("empty query")
    if ("punct", ";") in toks:
        raise ReadOnlyError("only one statement at a time (found ';' between statements)")
    kind, first = toks[0]
    first = first.lower()
    if kind != "word" or first not in READ_KEYWORDS:
        if kind == "word" and first not in WRITE_KEYWORDS and first not in _OTHER_STATEMENTS:
            raise ReadOnlyError(f"not a query: {toks[0][1]!r} (claimtrack sql runs SELECT, WITH, VALUES, TABLE, "
                                "EXPLAIN; a typo?)")
        raise ReadOnlyError(f"read-only: {first.upper() or kind} statements are refused "
                            "(use SELECT, WITH, VALUES, TABLE, EXPLAIN)")
    if first == "pragma":
        rest = toks[1:]
        if len(rest) >= 2 and rest[1] == ("punct", "."):
            rest = rest[2:]
        name = rest[0][1].lower() if rest and rest[0][0] in ("word", "ident") else ""
        has_arg = len(rest) > 1
        if ("punct", "=") in toks or name not in _READ_PRAGMAS or (has_arg and name not in _READ_PRAGMAS_NAMED):
            raise ReadOnlyError("read-only: only reading PRAGMAs (table_info, index_list, …) are allowed")
        return _statement_text(sql)
    if first == "show" and dialect != "postgresql":
        raise ReadOnlyError("read-only: SHOW is a PostgreSQL statement")
    for i, (k, t) in enumerate(toks):
        low = t.lower()
        if k == "word" and low in WRITE_KEYWORDS:
            raise ReadOnlyError(f"read-only: {t.upper()} is refused (claimtrack sql only reads)")
        if k in ("word", "ident") and _side_effect(low) and toks[i + 1 : i + 2] == [("punct", "(")]:
            raise ReadOnlyError(f"read-only: the function {t} has side effects and is refused")
    if first == "table" and dialect != "postgresql" and 2 <= len(toks) <= 4 \
            and all(k in ("word", "ident") or (k, t) == ("punct", ".") for k, t in toks[1:]):
        # SQL's "TABLE name" is PostgreSQL's; SQLite reads it as "SELECT * FROM name"
        name = "".join(t if k != "ident" else '"' + t.replace('"', '""') + '"' for k, t in toks[1:])
        return "SELECT * FROM " + name
    return _statement_text(sql)


def _statement_text(sql: str) -> str:
    s = sql.strip()
    while s.endswith(";"):
        s = s[:-1].rstrip()
    return s


@dataclass
class Result:
    columns: list[str]
    rows: list[tuple]
    truncated: bool


def _sqlite_authorizer(action, arg1, arg2, dbname, source):
    if action in (sqlite3.SQLITE_SELECT, sqlite3.SQLITE_READ, sqlite3.SQLITE_RECURSIVE):
        return sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_FUNCTION:
        return sqlite3.SQLITE_DENY if _side_effect((arg2 or "").lower()) else sqlite3.SQLITE_OK
    if action == sqlite3.SQLITE_PRAGMA:
        name = (arg1 or "").lower()
        if name in _READ_PRAGMAS_NAMED or (name in _READ_PRAGMAS_BARE and arg2 is None):
            return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def run(url: str, sql: str, *, limit: int = 1000, timeout: float = 30.0) -> Result:
    parsed = make_url(url)
    dialect = parsed.get_backend_name()
    stmt = check_statement(sql, dialect)
    if dialect == "sqlite":
        return _run_sqlite(parsed.database, stmt, limit, timeout)
    return _run_postgres(parsed, stmt, limit, timeout)


def _run_sqlite(path: str, stmt: str, limit: int, timeout: float) -> Result:
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
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
        except (sqlite3.DatabaseError, sqlite3.ProgrammingError, sqlite3.Warning) as exc:
            msg = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
            if "interrupted" in msg:
                msg = f"query took longer than {timeout:g} s (raise it with --timeout)"
            elif "not authorized" in msg or "prohibited" in msg or "readonly" in msg or "read-only" in msg:
                msg = f"read-only: refused ({msg})"
            elif "one statement" in msg:
                msg = "only one statement at a time"
            raise ReadOnlyError(msg) from None
        columns = [d[0] for d in cur.description or []]
        return Result(columns, rows[:limit], len(rows) > limit)
    finally:
        conn.close()


def _run_postgres(parsed, stmt: str, limit: int, timeout: float) -> Result:
    import psycopg

    ms = max(1, int(timeout * 1000))
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    first = stmt.split(None, 1)[0].lower()
    try:
        conn = psycopg.connect(conninfo, connect_timeout=10, options=(
            f"-c default_transaction_read_only=on -c statement_timeout={ms} "
            f"-c idle_in_transaction_session_timeout={ms + 60000} -c lock_timeout={ms}"))
    except Exception as exc:  # noqa: BLE001
        raise ReadOnlyError(f"cannot connect: {_first_line(exc)}") from None
    try:
        conn.read_only = True
        with conn.transaction(force_rollback=True):
            _drop_privileges(conn)
            if first in ("explain", "show"):
                cur = conn.cursor()
                cur.execute(stmt, prepare=True)
            else:
                cur = conn.cursor(name="claimtrack_sql")
                cur.execute(stmt)
            if cur.description is None:
                raise ReadOnlyError("the statement returned no rows")
            columns = [d.name for d in cur.description]
            rows = [tuple(r) for r in cur.fetchmany(limit + 1)]
            cur.close()
        return Result(columns, rows[:limit], len(rows) > limit)
    except ReadOnlyError:
        raise
    except Exception as exc:  # noqa: BLE001
        msg = _first_line(exc)
        if "read-only transaction" in msg or "permission denied" in msg or "must not contain data-modifying" in msg:
            msg = f"read-only: refused ({msg})"
        elif "statement timeout" in msg:
            msg = f"query took longer than {timeout:g} s (raise it with --timeout)"
        elif "multiple commands" in msg:
            msg = "only one statement at a time"
        raise ReadOnlyError(msg) from None
    finally:
        conn.close()


def _drop_privileges(conn) -> None:
    """Run as pg_read_all_data (reads every table, may not touch files, large objects or other sessions)
    when this login may; otherwise as itself, still inside the read-only transaction."""
    row = conn.execute("SELECT pg_has_role(current_user, oid, 'MEMBER') FROM pg_roles "
                       "WHERE rolname = 'pg_read_all_data'").fetchone()  # no row before PostgreSQL 14
    if row and row[0]:
        conn.execute("SET LOCAL ROLE pg_read_all_data")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__
