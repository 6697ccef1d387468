"""``claimtrack report``, ``export`` and ``sql``: the stored results as named reports, exports and read-only SQL."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import IO

import click

from ..errors import ClaimtrackError
from ..model import RELATION_KINDS
from . import output
from ._common import FORMATS_OUT, Ctx, full_option, handle_errors, table_width

# store/export.py's EXPORTS, named here so that `claimtrack --help` does not load the database layer (a test
# checks that the two agree)
EXPORT_NAMES = ("claims", "sources", "relations", "sentences")


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    """``-p source=TASS -p limit=5`` as {"source": "TASS", "limit": "5"}."""
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r} is not KEY=VALUE", param_hint="--param")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


@contextmanager
def _output_file(path: str | None) -> Iterator[IO[str]]:
    """The file ``-o FILE`` names, closed afterwards; standard output for none or '-'."""
    if not path or path == "-":
        yield sys.stdout
        return
    try:
        stream = open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise ClaimtrackError(f"{path}: cannot write ({exc.strerror})") from None
    with stream:
        yield stream


def _check_date(label: str, value: str) -> None:
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ClaimtrackError(f"{label}: {value!r} is not a date (YYYY-MM-DD)") from None


@click.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Report parameter (repeatable).")
@click.option("-o", "--output", "output_path", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--excel", is_flag=True, help="CSV: start with a byte-order mark so Excel reads UTF-8.")
@click.option("--confirmed", is_flag=True, help="Only claims an analyst confirmed (same as --param confirmed=1).")
@full_option
@click.pass_obj
@handle_errors
def report(obj: Ctx, name: str | None, fmt: str, params: tuple[str, ...], output_path: str | None, excel: bool,
           confirmed: bool, full: bool) -> None:
    """Run the named report NAME, or list the reports when NAME is omitted.

    Reports are SQL files shipped with claimtrack; they run unchanged on SQLite and PostgreSQL.
    """
    from ..store.reports import load_reports, row_limit, run_report

    if not name:
        for r in load_reports().values():
            click.echo(f"{r.name:<18} {r.description}")
            for p in r.params:
                default = "required" if p.required else (f"default {p.default}" if p.default else "optional")
                click.echo(f"{'':<20}--param {p.name}=…  ({default}) {p.help}")
        return
    engine, _ = obj.open()
    given = {**_parse_params(params), **({"confirmed": "1"} if confirmed else {})}
    columns, rows = run_report(engine, name, given)
    with _output_file(output_path) as stream:
        n = output.write(stream, fmt, columns, rows, excel=excel,
                         width=table_width(full) if stream is sys.stdout else None)
    limit = row_limit(name, given)
    if limit is not None and n >= limit:
        click.echo(f"(stopped at {limit} rows; raise it with --param limit=N)", err=True)


@click.command()
@click.argument("what", type=click.Choice(EXPORT_NAMES))
@click.option("-o", "--output", "output_path", metavar="FILE", help="Output file (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--source", help="Only rows involving this source (any alias).")
@click.option("--since", metavar="YYYY-MM-DD", help="Stories published on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Stories published on or before this date.")
@click.option("--kind", help="Claim kind (claims), sentence kind (sentences), source kind (sources), relation kind (relations).")
@click.option("--relation-kind", type=click.Choice(RELATION_KINDS),
              help="Only claims (or relations) taking part in relations of this kind.")
@click.option("--document", help="Only this document (id, sha256 prefix, origin path, JSON Lines id or file name).")
@click.option("--story", type=int, metavar="STORY_ID", help="Only this story (the story_id column).")
@click.option("--confirmed", is_flag=True, help="Only claims an analyst confirmed.")
@click.option("--per", type=click.Choice(["source", "claim"]), default="source", show_default=True,
              help="claims: one row per claim–source pair, or one row per claim (sources joined with '; ').")
@click.option("--excel", is_flag=True, help="Start with a byte-order mark so Excel reads UTF-8.")
@click.option("--no-formula-guard", is_flag=True, help="Do not neutralize cells that start with = + - @ (unsafe in spreadsheets).")
@click.pass_obj
@handle_errors
def export(obj: Ctx, what: str, output_path: str | None, fmt: str, source: str | None, since: str | None,
           until: str | None, kind: str | None, relation_kind: str | None, document: str | None, story: int | None,
           confirmed: bool, per: str, excel: bool, no_formula_guard: bool) -> None:
    """Export claims, sources, relations or sentences as CSV (RFC 4180, UTF-8) or JSON.

    claims: one row per claim–source pair (a claim without sources: one row, empty source columns), or
    with --per claim one row per claim. Column orders are stable and documented in the README.
    Rows stream: memory stays flat.
    """
    from ..store.export import EXPORTS, Filters, check

    for label, value in (("--since", since), ("--until", until)):
        if value:
            _check_date(label, value)
    given = {name for name, value in (("source", source), ("since", since), ("until", until), ("kind", kind),
                                      ("relation_kind", relation_kind), ("document", document), ("story", story),
                                      ("confirmed", confirmed or None), ("per", None if per == "source" else per))
             if value is not None}
    engine, _ = obj.open()
    filters = Filters(source, since, until, kind, relation_kind, document, confirmed, per=per, story=story)
    filters = check(engine, what, filters, given)
    columns, rows = EXPORTS[what](engine, filters)
    with _output_file(output_path) as stream:
        n = output.write(stream, fmt, columns, rows, excel=excel, safe=not no_formula_guard)
    if output_path and output_path != "-":
        click.echo(f"{n} rows written to {output_path}", err=True)


@click.command()
@click.argument("query")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True, help="At most this many rows.")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("-o", "--output", "output_path", metavar="FILE", help="Write to FILE instead of standard output.")
@full_option
@click.pass_obj
@handle_errors
def sql(obj: Ctx, query: str, fmt: str, limit: int, timeout: float, output_path: str | None, full: bool) -> None:
    """Run one read-only SQL QUERY (SELECT/WITH/VALUES/EXPLAIN). Anything that writes is refused.

    Views for analysts: claims_v, claim_sources_v, denials_v, contradictions_v, source_stats_v,
    source_conflicts_v.
    """
    from ..store import readonly

    obj.open()  # creates / migrates the schema first
    res = readonly.run(obj.url, query, limit=limit, timeout=timeout)
    with _output_file(output_path) as stream:
        output.write(stream, fmt, res.columns, res.rows, width=table_width(full) if stream is sys.stdout else None)
    if res.truncated:
        click.echo(f"(stopped at {limit} rows; raise it with --limit)", err=True)
