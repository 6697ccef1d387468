"""Shared fixtures: every database test runs on SQLite and, when CLAIMTRACK_TEST_PG_URL is set, on PostgreSQL.

Each PostgreSQL test gets a fresh database of its own (created from the server URL, dropped afterwards),
so tests are independent and can run while other work uses the same server.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from claimtrack.cli import main

PG_ENV = "CLAIMTRACK_TEST_PG_URL"
FIXTURES = Path(__file__).parent / "fixtures"


def _pg_admin_url() -> str | None:
    url = os.environ.get(PG_ENV)
    if not url:
        return None
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL to an empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'claimtrack.db'}"
        return
    admin = _pg_admin_url()
    if admin is None:
        pytest.skip(f"PostgreSQL tests need {PG_ENV} (e.g. postgresql://postgres@127.0.0.1:5432/postgres)")
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001
        engine.dispose()
        pytest.fail(f"cannot create a PostgreSQL test database: {exc}")
    base = admin.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


@pytest.fixture
def db(db_url):
    """(engine, sessionmaker) on a migrated empty database of each kind."""
    from claimtrack.store.db import open_database

    engine, factory = open_database(db_url)
    yield engine, factory
    engine.dispose()


class Cli:
    def __init__(self, db_url: str | None):
        self.db_url = db_url
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | bytes | None = None, db: bool = True):
        argv = (["--db", self.db_url] if db and self.db_url else []) + list(args)
        return self.runner.invoke(main, argv, input=input, catch_exceptions=False)


@pytest.fixture
def cli(db_url):
    """Runs the claimtrack CLI against each kind of database."""
    return Cli(db_url)


@pytest.fixture
def cli_nodb(tmp_path, monkeypatch):
    """Runs the CLI for commands that need no database (or a throwaway SQLite one)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CLAIMTRACK_DB", raising=False)
    return Cli(None)


@pytest.fixture
def fixture_path():
    return lambda name: str(FIXTURES / name)
