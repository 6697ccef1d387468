"""Engines, URLs and migrations. SQLite is the embedded default; PostgreSQL for teams."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_DB = "claimtrack.db"
ENV_VAR = "CLAIMTRACK_DB"


class DatabaseError(Exception):
    """A database problem worth a one-line message to the user."""


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


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
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
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise DatabaseError(f"unsupported database: {parsed.get_backend_name()} (use a SQLite path or a postgresql:// URL)")


def _alembic_config(connection):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("claimtrack.migrations")))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config(None)).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    with engine.begin() as conn:
        command.downgrade(_alembic_config(conn), revision)


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
