"""Engines, URLs and migrations. SQLite is the embedded default; PostgreSQL for teams."""

from __future__ import annotations

import os
import re
import weakref
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

from ..errors import ClaimtrackError

DEFAULT_DB = "claimtrack.db"
ENV_VAR = "CLAIMTRACK_DB"
BUSY_ENV = "CLAIMTRACK_BUSY_TIMEOUT"  # seconds a SQLite writer waits for another one's lock before retrying
DEFAULT_BUSY_TIMEOUT = 10.0
_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


class DatabaseError(ClaimtrackError):
    """A database problem worth a one-line message to the user."""


class FatalDatabaseError(DatabaseError):
    """The database cannot take more writes now (full, locked for too long, gone, read-only): stop the run.

    Whatever was committed before is whole (one transaction per document)."""


def busy_timeout() -> float:
    """SQLite busy timeout in seconds, from CLAIMTRACK_BUSY_TIMEOUT (default 10)."""
    raw = os.environ.get(BUSY_ENV)
    try:
        value = float(raw) if raw else DEFAULT_BUSY_TIMEOUT
    except ValueError:
        raise DatabaseError(f"{BUSY_ENV} must be a number of seconds, not {raw!r}") from None
    return max(0.0, value)


def resolve_url(value: str | None) -> URL:
    """A SQLAlchemy URL from ``--db``, ``CLAIMTRACK_DB`` or the default ``./claimtrack.db``.

    Paths become SQLite URLs (built as URL objects, so '?', '%' or '#' in a file name stay part of the
    path); ``postgresql://`` and ``postgres://`` use the psycopg 3 driver.
    """
    value = value or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().resolve()))
    for prefix in ("postgresql://", "postgres://"):
        if value.startswith(prefix):
            value = "postgresql+psycopg://" + value[len(prefix):]
    try:
        return make_url(value)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a user error here
        raise DatabaseError(f"not a database URL or path: {value}") from exc


def database_exists(value: str | None) -> bool:
    """Whether the database ``value`` names (as ``resolve_url`` reads it) is there already: a SQLite file that
    does not exist is not created by commands that only read it (``extract`` reads analysts' aliases when
    there is a database); a server's database counts as there, and a bad URL as not."""
    try:
        url = resolve_url(value)
    except DatabaseError:
        return False
    return url.get_backend_name() != "sqlite" or bool(url.database) and Path(url.database).exists()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={int(busy_timeout() * 1000)}")
    cur.close()


def make_engine(url: str | URL) -> Engine:
    try:
        parsed = make_url(url)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a user error here
        raise DatabaseError(f"not a database URL or path: {url}") from exc
    url = parsed
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not Path(db).parent.exists():
            raise DatabaseError(f"folder for the database does not exist: {Path(db).parent}")
        busy_timeout()  # a bad setting is a user error now, not on first connect
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        _ENGINES.add(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
        _ENGINES.add(engine)
        return engine
    raise DatabaseError(f"unsupported database: {parsed.get_backend_name()} (use a SQLite path or a postgresql:// URL)")


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("claimtrack.migrations")))
    cfg.attributes["connection"] = connection
    return cfg


def _scripts():
    """The migrations this claimtrack ships (alembic's script directory)."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None))


def head_revision() -> str:
    return _scripts().get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


MIGRATION_LOCK = 0x63746D67  # PostgreSQL advisory lock key held while migrating ('ctmg')


def _migration_lock(conn) -> None:
    """Make a migration one transaction that one process at a time runs: several processes started at once
    on a new database do not trip over each other's CREATE TABLEs, and a process killed mid-migration
    leaves the schema as it was. SQLite: take the write lock now (DDL then stays inside the transaction);
    PostgreSQL: a transaction-scoped advisory lock (DDL is transactional there anyway)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    elif conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    _known_revision(revision)
    with engine.begin() as conn:
        _migration_lock(conn)
        command.upgrade(_alembic_config(conn), revision)  # reads the revision after the lock: may be a no-op


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    _known_revision(revision)
    with engine.begin() as conn:
        _migration_lock(conn)
        command.downgrade(_alembic_config(conn), revision)


def downgrade_removes_everything(engine: Engine, revision: str) -> bool:
    """Whether ``downgrade(engine, revision)`` ends at base: "base" itself, or "-N" from a revision N or fewer
    steps above it."""
    if revision == "base":
        return True
    if not re.fullmatch(r"-\d+", revision):
        return False
    script = _scripts()
    rev = current_revision(engine)
    for _ in range(int(revision[1:])):
        if rev is None:
            break
        down = script.get_revision(rev).down_revision
        rev = down if isinstance(down, str) or down is None else down[0]
    return rev is None


def _known_revision(revision: str) -> None:
    """``DatabaseError`` naming the known revisions when ``revision`` is not one (alembic's own error is a
    traceback-shaped CommandError)."""
    if revision in ("head", "base") or re.fullmatch(r"[+-]\d+", revision):
        return
    known = [r.revision for r in _scripts().walk_revisions()]
    if revision not in known:
        raise DatabaseError(f"unknown revision {revision!r}; known: head, base, {', '.join(sorted(known))}")


def ensure_schema(engine: Engine) -> None:
    """Apply pending migrations (first use creates the schema)."""
    try:
        if current_revision(engine) != head_revision():
            upgrade(engine)
    except DatabaseError:
        raise
    except Exception as exc:  # noqa: BLE001
        raise DatabaseError(f"cannot open or migrate the database: {_short(exc)}") from exc


def _short(exc: Exception) -> str:
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return msg[0] if msg else exc.__class__.__name__


def open_database(value: str | None, *, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    url = resolve_url(value)
    engine = make_engine(url)
    if migrate:
        ensure_schema(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


def table_names(engine: Engine) -> list[str]:
    return sorted(inspect(engine).get_table_names())


def short_error(exc: Exception) -> str:
    return _short(exc)


def forget_inherited_engines() -> None:
    """In a freshly forked worker: drop the parent's pooled connections without closing them (they are
    the parent's sockets), so the worker only ever talks through engines of its own."""
    for engine in list(_ENGINES):
        engine.dispose(close=False)


# ---- what a database error means for a running ingest ----------------------------------------------------
RETRY, FATAL, DOCUMENT = "retry", "fatal", "document"
_PG_RETRY = {"40P01": "deadlock", "40001": "serialization failure", "55P03": "lock not available",
             "23505": "concurrent insert of the same row"}
_PG_FATAL = {"53100": "the database server's disk is full", "53200": "the database server is out of memory",
             "53300": "the database server has too many connections", "53400": "a database server limit was reached",
             "25006": "the database is read-only", "57P01": "the database server is shutting down",
             "57P02": "the database server is shutting down", "57P03": "the database server is not accepting connections",
             "42501": "no permission to write to the database", "3D000": "the database does not exist"}


def _driver_error(exc: BaseException) -> bool:
    """An error of the SQLite or PostgreSQL driver itself (PEP 249's ``Error``)."""
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    return isinstance(exc, psycopg.Error)


def classify(exc: BaseException) -> tuple[str, str]:
    """(RETRY | FATAL | DOCUMENT, one-line reason) for an error raised while storing one document.

    RETRY: another writer got in the way (SQLite lock, PostgreSQL deadlock, serialization failure, a
    concurrent insert of the same unique row) — roll back and do the document again. FATAL: no document
    can be stored now (disk full, read-only, connection lost, database locked for too long). DOCUMENT:
    something about this document (the run records it and goes on).
    """
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, MemoryError):
        return FATAL, "out of memory"
    if isinstance(exc, OSError) and not isinstance(exc, DBAPIError):
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return FATAL, "no space left on the disk"
        return DOCUMENT, f"{exc.__class__.__name__}: {exc}"
    # the driver's own error, raised by the statements that go to the driver directly (bulk key inserts,
    # COPY, postings reads) instead of through SQLAlchemy, which would have wrapped it
    if not isinstance(exc, DBAPIError) and not _driver_error(exc):
        return DOCUMENT, f"{exc.__class__.__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    short = _short(exc)
    name = getattr(orig, "sqlite_errorname", None)
    if name is not None:
        if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
            return RETRY, "the database is locked by another process"
        if name == "SQLITE_FULL":
            return FATAL, "the database is full (no space left on its disk, or its size limit reached)"
        if name.startswith("SQLITE_READONLY"):
            return FATAL, "cannot write to the database: it is read-only (check the file's and folder's permissions)"
        if name.startswith(("SQLITE_IOERR", "SQLITE_CORRUPT", "SQLITE_NOTADB", "SQLITE_CANTOPEN", "SQLITE_PERM",
                            "SQLITE_NOMEM", "SQLITE_NOLFS", "SQLITE_AUTH")):
            return FATAL, f"the database cannot be written ({short})"
        if name.startswith("SQLITE_CONSTRAINT_UNIQUE"):
            return RETRY, "concurrent insert of the same row"
        return DOCUMENT, f"database error: {short}"
    state = getattr(orig, "sqlstate", None)
    if state in _PG_RETRY:
        return RETRY, _PG_RETRY[state]
    if state in _PG_FATAL:
        return FATAL, f"{_PG_FATAL[state]} ({short})"
    if getattr(exc, "connection_invalidated", False) or (state or "").startswith(("08", "28")) or (
            state is None and exc.__class__.__name__ == "OperationalError"):
        return FATAL, f"lost the connection to the database ({short})"
    return DOCUMENT, f"database error: {short}"
