"""``claimtrack sources list|show|alias|unalias|merge``: canonical sources, their aliases and merges."""

from __future__ import annotations

import sys

import click

from ..errors import ClaimtrackError
from . import output
from ._common import FORMATS_OUT, Ctx, handle_errors


@click.group()
def sources() -> None:
    """List, inspect, alias and merge canonical sources."""


@sources.command("list")
@click.option("--kind", help="Only sources of this kind.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.pass_obj
@handle_errors
def sources_list(obj: Ctx, kind: str | None, fmt: str) -> None:
    """Sources that have claims, with their counts."""
    from ..store.export import EXPORTS, Filters

    engine, _ = obj.open()
    columns, rows = EXPORTS["sources"](engine, Filters(kind=kind))
    output.write(sys.stdout, fmt, columns, rows)


@sources.command("show")
@click.argument("name")
@click.pass_obj
@handle_errors
def sources_show(obj: Ctx, name: str) -> None:
    """One source: kind, country, affiliation, aliases and claim counts."""
    from sqlalchemy import func, select

    from ..store import schema as m
    from ..store.review import find_source

    _, factory = obj.open()
    with factory() as s:
        src = find_source(s, name)
        if src is None:
            raise ClaimtrackError(f"no source named {name!r}; see 'claimtrack sources list'")
        parent = s.get(m.Source, src.parent_id) if src.parent_id else None
        aliases = s.execute(select(m.SourceAlias.alias, m.SourceAlias.origin).where(m.SourceAlias.source_id == src.id)
                            .order_by(m.SourceAlias.alias)).all()
        roles = dict(s.execute(select(m.ClaimSource.role, func.count()).where(m.ClaimSource.source_id == src.id)
                               .group_by(m.ClaimSource.role)).all())
        members = s.execute(select(m.Source.name).where(m.Source.parent_id == src.id).order_by(m.Source.name)).scalars().all()
        click.echo(f"name:      {src.name}")
        click.echo(f"kind:      {src.kind}")
        click.echo(f"country:   {src.country or '-'}")
        click.echo(f"part of:   {parent.name if parent else '-'}")
        click.echo(f"origin:    {src.origin}")
        click.echo(f"claims:    {roles.get('speaker', 0)} as speaker, {roles.get('reporter', 0)} as reporter")
        if members:
            click.echo(f"members:   {', '.join(members)}")
        click.echo("aliases:   " + ("; ".join(f"{a}" + (f" ({o})" if o != "auto" else "") for a, o in aliases) or "-"))


@sources.command("alias")
@click.argument("name")
@click.argument("alias")
@click.option("--move", is_flag=True, help="Take ALIAS even when it names another source now.")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.pass_obj
@handle_errors
def sources_alias(obj: Ctx, name: str, alias: str, move: bool, analyst: str | None) -> None:
    """Make ALIAS another name of source NAME (used from the next ingest or reanalyse on; survives
    re-ingest). A name that belongs to another source is refused unless --move: to make two sources one,
    use 'sources merge'. 'sources unalias' undoes this."""
    from ..app import analyst_name
    from ..store.review import add_alias

    _, factory = obj.open()
    with factory.begin() as s:
        src = add_alias(s, name, alias, analyst_name(analyst), move=move)
        click.echo(f"{alias!r} is now an alias of {src.name}")


@sources.command("unalias")
@click.argument("alias")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.pass_obj
@handle_errors
def sources_unalias(obj: Ctx, alias: str, analyst: str | None) -> None:
    """Remove an alias added with 'sources alias' (from the next ingest or reanalyse on)."""
    from ..app import analyst_name
    from ..store.review import remove_alias

    _, factory = obj.open()
    with factory.begin() as s:
        src = remove_alias(s, alias, analyst_name(analyst))
        click.echo(f"{alias!r} is no longer an alias of {src.name if src else 'any source'}")


@sources.command("merge")
@click.argument("old")
@click.argument("into")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.pass_obj
@handle_errors
def sources_merge(obj: Ctx, old: str, into: str, analyst: str | None) -> None:
    """Merge source OLD into INTO: claims and aliases move; OLD is kept as a merged record."""
    from ..app import analyst_name
    from ..store.review import merge_sources

    _, factory = obj.open()
    with factory.begin() as s:
        a, b, moved = merge_sources(s, old, into, analyst_name(analyst))
        click.echo(f"merged {a.name} into {b.name} ({moved} claim links moved)")
