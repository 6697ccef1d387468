"""``claimtrack serve``: the claims database in Datasette, read-only.

Datasette comes from the optional extra ``claimtrack[serve]``; this module imports it only when the command
runs, so the base install stays light and ``claimtrack --help`` works without it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import click

INSTALL_HINT = "claimtrack serve needs Datasette: pip install 'claimtrack[serve]'"
POSTGRESQL_HINT = ("claimtrack serve is for SQLite databases; for PostgreSQL open the same views in pgAdmin 4 "
                   "or any SQL client (README: Looking at it)")


def check_database(path: Path) -> None:
    """Refuse, in one line, what cannot be served as it is without writing to it: no file, not a claimtrack
    database, one whose schema is older than this claimtrack's (upgrading writes), or one with a write-ahead
    log not yet checkpointed (an ingest under way, or killed): opened immutable, its newest rows would not
    show."""
    from ..store.db import head_revision

    if not path.is_file():
        raise click.ClickException(f"no database at {path}; run 'claimtrack ingest' first")
    if any(ch in str(path) for ch in "?#%"):
        raise click.ClickException(f"{path}: Datasette cannot open a path with '?', '#' or '%' in it; rename it")
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise click.ClickException(f"{path} has a write-ahead log not yet written back ({wal.name}): wait for "
                                   "the ingest to finish (or run any claimtrack command on it once), then serve")
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)  # mode=ro would leave -shm, -wal
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise click.ClickException(f"{path} is not a claimtrack database ({exc})") from None
    head = head_revision()
    if revision is None or revision[0] != head:
        raise click.ClickException(f"{path} is at schema revision {revision[0] if revision else 'base'}, this "
                                   f"claimtrack's is {head}: run 'claimtrack db upgrade' first (serve never writes)")


def make_datasette(path: Path):
    """A Datasette serving ``path`` immutable as ``/claimtrack``, with claimtrack's metadata, templates and
    plugin. Immutable: SQLite opens the file read-only (``immutable=1``) and Datasette keeps no write
    connection for it, so no page, canned query or ``?sql=`` can change it."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    from . import metadata, plugin
    from .metadata import DATABASE

    if not pm.is_registered(plugin):
        pm.register(plugin, name="claimtrack")
    ds = Datasette(metadata=metadata.build(), template_dir=str(Path(__file__).with_name("templates")),
                   settings={"truncate_cells_html": 400, "suggest_facets": False, "default_page_size": 50})
    ds.add_database(Database(ds, path=str(path), is_mutable=False), name=DATABASE)
    return ds


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True, help="Port to listen on.")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Open the database in Datasette, read-only, at http://HOST:PORT/.

    \b
    Tables and views with facets and filters, the named reports as canned
    queries, every claim in its story with cue, source and content highlighted,
    and each source's network (who cites, denies and contradicts whom) and
    timeline. Every page also as JSON and CSV. Needs: pip install 'claimtrack[serve]'.
    SQLite only; for PostgreSQL see the README.
    """
    from ..store.db import resolve_url
    from .metadata import DATABASE

    url = resolve_url(getattr(ctx.obj, "db", None))
    if not url.drivername.startswith("sqlite"):
        raise click.ClickException(POSTGRESQL_HINT)
    try:
        import datasette  # noqa: F401 - only to know it is there
        import uvicorn
    except ImportError:
        raise click.ClickException(INSTALL_HINT) from None
    path = Path(url.database or "").resolve()
    check_database(path)
    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    click.echo(f"claimtrack: serving {path} read-only at http://{host}:{port}/{DATABASE} (Ctrl-C stops)", err=True)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1)
