"""``claimtrack sources list|show|alias|unalias|merge``: canonical sources, their aliases and merges."""

from __future__ import annotations

import sys

import click

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
    from ..store.sources import source_profile

    _, factory = obj.open()
    with factory() as s:
        src = source_profile(s, name)
    click.echo(f"name:      {src.name}")
    click.echo(f"kind:      {src.kind}")
    click.echo(f"country:   {src.country or '-'}")
    click.echo(f"part of:   {src.parent or '-'}")
    click.echo(f"origin:    {src.origin}")
    click.echo(f"claims:    {src.speaker_claims} as speaker, {src.reporter_claims} as reporter")
    if src.members:
        click.echo(f"members:   {', '.join(src.members)}")
    click.echo("aliases:   " + ("; ".join(a + (f" ({o})" if o != "auto" else "") for a, o in src.aliases) or "-"))


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
    from ..store.sources import add_alias

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
    from ..store.sources import remove_alias

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
    from ..store.sources import merge_sources

    _, factory = obj.open()
    with factory.begin() as s:
        a, b, moved = merge_sources(s, old, into, analyst_name(analyst))
        click.echo(f"merged {a.name} into {b.name} ({moved} claim links moved)")
