"""``claimtrack db upgrade|downgrade|current``: the schema's migrations."""

from __future__ import annotations

import click

from ._common import Ctx, handle_errors


@click.group()
def db() -> None:
    """Schema migrations (applied automatically on first use)."""


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_obj
@handle_errors
def db_upgrade(obj: Ctx, revision: str) -> None:
    """Apply migrations up to REVISION (default: head)."""
    from ..store.db import current_revision, upgrade

    engine, _ = obj.open(migrate=False)
    upgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine) or 'base'}")


@db.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask before removing everything (REVISION base).")
@click.pass_obj
@handle_errors
def db_downgrade(obj: Ctx, revision: str, yes: bool) -> None:
    """Revert migrations down to REVISION ('base', or '-N' that reaches it, removes every claimtrack table and
    view and the data in them: it asks first unless --yes)."""
    from ..store.db import current_revision, downgrade, downgrade_removes_everything

    engine, _ = obj.open(migrate=False)
    if not yes and downgrade_removes_everything(engine, revision):
        click.confirm(f"Remove every claimtrack table, view and row from {obj.url}?", abort=True, err=True)
    downgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine) or 'base'}")


@db.command("current")
@click.pass_obj
@handle_errors
def db_current(obj: Ctx) -> None:
    """Show the database's revision and the newest one this claimtrack knows."""
    from ..store.db import current_revision, head_revision

    engine, _ = obj.open(migrate=False)
    click.echo(f"current: {current_revision(engine) or 'base (empty)'}")
    click.echo(f"head:    {head_revision()}")
