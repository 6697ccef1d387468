"""``claimtrack sources list|show|alias|unalias|merge|edit``: canonical sources, their aliases, merges and edits."""

from __future__ import annotations

import sys

import click

from ..model import SOURCE_KINDS
from . import output
from ._common import FORMATS_OUT, Ctx, full_option, handle_errors, table_width


@click.group()
def sources() -> None:
    """List, inspect, alias, merge and edit canonical sources."""


@sources.command("list")
@click.option("--kind", help="Only sources of this kind.")
@click.option("--suspect", is_flag=True, help="Only the sources to check first: cited once, no known entity behind "
              "them (with the mention and why).")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@full_option
@click.pass_obj
@handle_errors
def sources_list(obj: Ctx, kind: str | None, suspect: bool, fmt: str, full: bool) -> None:
    """Sources that have claims, with their counts. With --suspect, the junk-source check: the sources cited
    once that neither the gazetteer nor an analyst knows, each with its mention, its sentence and why it is
    listed; correct one with 'review source CLAIM NAME', or merge it."""
    if suspect:
        from ..store.sources import SUSPECT_COLUMNS, suspect_sources

        _, factory = obj.open()
        with factory() as s:
            rows = [r for r in suspect_sources(s) if kind is None or r[1] == kind]
        output.write(sys.stdout, fmt, SUSPECT_COLUMNS, rows, width=table_width(full))
        return
    from ..store.export import EXPORTS, Filters

    engine, _ = obj.open()
    columns, rows = EXPORTS["sources"](engine, Filters(kind=kind))
    output.write(sys.stdout, fmt, columns, rows, width=table_width(full))


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
    if src.note:
        click.echo(f"note:      {src.note}")
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
@click.option("--yes", is_flag=True, help="Merge without asking, even when OLD is a common word or has one mention.")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.pass_obj
@handle_errors
def sources_merge(obj: Ctx, old: str, into: str, yes: bool, analyst: str | None) -> None:
    """Merge source OLD into INTO: claims and aliases move; OLD is kept as a merged record.

    OLD's names become INTO's for every later analysis: when one is a common word ("Twice", "the ministry")
    or OLD has a single mention, this warns and asks first (unless --yes), and offers 'review source' to
    correct that one claim instead."""
    from ..app import analyst_name
    from ..store.sources import merge_risk, merge_sources

    _, factory = obj.open()
    if not yes:
        with factory() as s:  # asked outside the write transaction
            risk = merge_risk(s, old, into)
        target = risk.into
        if risk:
            for name in risk.common:
                click.echo(f"warning: {name!r} is a common word: after the merge every {name!r} in later texts is "
                           f"{target}", err=True)
            if risk.mentions <= 1:
                click.echo(f"warning: {old!r} has {risk.mentions} mention{'' if risk.mentions == 1 else 's'}", err=True)
            for cid in risk.claims:
                click.echo(f"to correct that claim alone: claimtrack review source {cid} \"{target}\"", err=True)
            click.confirm(f"Merge {old!r} into {target} all the same?", abort=True, err=True)
    with factory.begin() as s:
        a, b, moved = merge_sources(s, old, into, analyst_name(analyst))
        click.echo(f"merged {a.name} into {b.name} ({moved} claim links moved)")


@sources.command("edit")
@click.argument("name")
@click.option("--name", "new_name", metavar="NEW", help="The new canonical name (refused when another source has it).")
@click.option("--kind", type=click.Choice(SOURCE_KINDS), metavar="KIND", help="The kind: " + ", ".join(SOURCE_KINDS) + ".")
@click.option("--parent", metavar="NAME", help="The stored source it is part of ('' for none).")
@click.option("--country", metavar="CODE", help="Its country, a code such as UA or TR ('' for none).")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.option("--note", metavar="TEXT", help="Why: kept with the decision.")
@click.pass_obj
@handle_errors
def sources_edit(obj: Ctx, name: str, new_name: str | None, kind: str | None, parent: str | None,
                 country: str | None, analyst: str | None, note: str | None) -> None:
    """Rename source NAME (canonical or any alias), change its kind, what it is part of or its country.

    Recorded as a decision and kept in the stored source, so it survives re-ingest and 'reanalyse': text
    that names the source the old way still lands on it. A name another source has is refused: to make
    two sources one, use 'sources merge'."""
    from ..app import analyst_name
    from ..store.sources import edit_source

    if new_name is None and kind is None and parent is None and country is None:
        raise click.UsageError("give what to change: --name, --kind, --parent or --country")
    _, factory = obj.open()
    with factory.begin() as s:
        src, changes = edit_source(s, name, analyst_name(analyst), new_name=new_name, kind=kind, parent=parent,
                                   country=country, note=note)
        shown = ", ".join(f"{k} {v if v is not None else '-'}" for k, v in changes.items())
        click.echo(f"{src.name}: {shown}")
