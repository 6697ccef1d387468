"""The claimtrack command line. Thin: parses options, calls the layers, formats output.

Exit codes: 0 ok, 1 user error (one line on stderr, no traceback), 2 usage error.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from pathlib import Path

import click

from . import __version__

FORMATS_OUT = click.Choice(["table", "csv", "json"])


class UserError(click.ClickException):
    exit_code = 1


def _fail(msg: str):
    raise UserError(msg)


def handle_errors(fn):
    """Turn the layers' known errors (and database failures) into one-line user errors."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from sqlalchemy.exc import SQLAlchemyError

        from .reader import InputError
        from .reporting import ReportError
        from .store.db import DatabaseError, short_error
        from .store.readonly import ReadOnlyError
        from .store.review import ReviewError

        try:
            return fn(*args, **kwargs)
        except (InputError, ReportError, DatabaseError, ReadOnlyError, ReviewError) as exc:
            _fail(str(exc))
        except SQLAlchemyError as exc:
            _fail(f"database error: {short_error(exc)}")
        except BrokenPipeError:
            sys.stderr.close()
        except OSError as exc:
            _fail(f"{exc.filename or ''}: {exc.strerror}" if exc.filename else str(exc))
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback on request
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            _fail(f"internal error ({exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''}); "
                  "set CLAIMTRACK_DEBUG=1 to see the traceback")

    return wrapper


class Ctx:
    def __init__(self, db: str | None):
        self.db = db
        self._opened = None

    def open(self, migrate: bool = True):
        if self._opened is None:
            from .store.db import open_database

            self._opened = open_database(self.db, migrate=migrate)
        return self._opened

    @property
    def url(self) -> str:
        from .store.db import resolve_url

        return resolve_url(self.db)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--db", metavar="URL_OR_PATH", envvar="CLAIMTRACK_DB",
              help="Database: a SQLite file path (default ./claimtrack.db) or a postgresql:// URL. "
                   "Also read from CLAIMTRACK_DB.")
@click.version_option(__version__, prog_name="claimtrack")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Track claims in news: who claims what, citing whom, when, and who denies or contradicts it.

    \b
    Typical session:
      claimtrack ingest examples/                 # analyse and store pages, articles, folders
      claimtrack report sources                   # claims per source
      claimtrack report denials                   # who denies whom
      claimtrack export claims -o claims.csv      # spreadsheet-ready CSV
      claimtrack sql "SELECT * FROM claims_v LIMIT 5"
    """
    if db is not None and not db.strip():
        raise click.BadParameter("is empty; give a SQLite file path or a postgresql:// URL (or leave --db out for "
                                 "./claimtrack.db)", param_hint="--db")
    ctx.obj = Ctx(db)


# ---- ingest / extract ----------------------------------------------------------------------------------
_input_options = [
    click.option("--outlet", metavar="NAME", help="Outlet that published the input (when the input does not say)."),
    click.option("--published", metavar="DATE",
                 help="Publication date for inputs that carry none (YYYY-MM-DD or any date dateparser reads)."),
]


def input_options(fn):
    for opt in reversed(_input_options):
        fn = opt(fn)
    return fn


def _check_published(published: str | None) -> str | None:
    if published is None:
        return None
    from .dates import parse_published

    iso = parse_published(published)
    if iso is None:
        _fail(f"--published: cannot read {published!r} as a date (use YYYY-MM-DD)")
    return iso


EXIT_SOME_FAILED = 3


class _ProgressBar:
    """One line on a terminal's stderr: a bar (by input bytes), articles, articles/s and an ETA; error lines
    are printed above it as they come."""

    WIDTH = 24

    def __init__(self, total_bytes: int | None, stream=None):
        import time

        self.clock = time.monotonic
        self.start = self.last = self.clock()
        self.total = total_bytes or None
        self.stream = stream or sys.stderr
        self.shown = False

    def update(self, summary, done_bytes: int, force: bool = False) -> None:
        now = self.clock()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        elapsed = max(now - self.start, 1e-6)
        n = summary.documents + summary.unreadable
        rate = n / elapsed
        if self.total:
            frac = min(1.0, done_bytes / self.total)
            filled = int(frac * self.WIDTH)
            eta = (elapsed / frac - elapsed) if frac > 0 else None
            line = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {frac:4.0%}  {n:,} articles  {rate:,.1f}/s  "
                    f"ETA {_clock(eta) if eta is not None and n else '--:--'}")
        else:
            line = f"{n:,} articles  {rate:,.1f}/s"
        if summary.problems:
            line += f"  ({summary.problems:,} failed)"
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def message(self, text: str) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()
        self.last = 0.0  # redraw at the next update

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


def _input_bytes(paths) -> int | None:
    """Total size of the inputs (for the ETA); None when reading stdin."""
    import os

    from .reader import iter_files

    if "-" in paths:
        return None
    total = 0
    for f in iter_files(list(paths)):
        try:
            total += os.path.getsize(f)
        except OSError:
            pass
    return total


@main.command(epilog="""\b
Exit codes:
  0  every input was stored, or was already stored
  1  nothing more could be done: a missing path, a bad option, a bad input with
     --strict (then nothing is stored), or the database stopped taking writes
     (locked for too long, full, unreachable) - what was stored before is whole,
     and running the same command again finishes the job
  2  usage error
  3  finished, but some inputs were unreadable or could not be stored: each is
     named on stderr ('skipped: PATH: reason' / 'failed: PATH: reason') and
     recorded in the ingest run ('claimtrack runs'); everything else was stored
  130  interrupted (Ctrl-C, or SIGTERM): what was stored is whole; run the same
       command again to finish""")
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--format", "fmt", type=click.Choice(["auto", "txt", "html", "jsonl"]), default="auto", show_default=True,
              help="Input format; auto decides by extension, then by content.")
@input_options
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; each analyses and stores its own batches.")
@click.option("--strict", is_flag=True,
              help="Read and check every input first, and store nothing if any is unreadable (exit 1).")
@click.option("--keep-going", is_flag=True, hidden=True, help="The default now: skip unreadable inputs.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (problems are still reported).")
@click.pass_obj
@handle_errors
def ingest(obj: Ctx, paths, fmt, outlet, published, jobs, strict, keep_going, quiet):
    """Analyse PATH... (files, folders, '-' for stdin) and store the results.

    Inputs are read as a stream (memory stays flat) and each document is stored in its own
    transaction: a document is either stored whole or not at all, even if the run is killed. A
    document already in the database (same text) is skipped, so re-running a command is safe and
    finishes an interrupted job. An unreadable input (a missing or binary file, text that is not
    UTF-8, an empty file, a bad JSON Lines record) is reported on stderr, counted in the run and
    skipped; the rest is stored (exit code 3). Several ingests may write to one database at once
    (PostgreSQL: from several machines too). On a terminal, a progress bar shows articles/s and an ETA.
    """
    from .app import IngestStopped, open_inputs
    from .app import ingest as run_ingest

    published = _check_published(published)
    items = open_inputs(list(paths), fmt, outlet=outlet, published=published, strict=strict)
    engine, factory = obj.open()
    bar = _ProgressBar(_input_bytes(paths)) if not quiet and sys.stderr.isatty() else None
    shown = {"n": 0}
    limit = 100

    def on_error(msg: str) -> None:
        shown["n"] += 1
        if shown["n"] > limit:
            return
        line = msg
        if shown["n"] == limit:
            line += " (further problems are counted, not shown; see 'claimtrack runs')"
        (bar.message if bar else lambda t: click.echo(t, err=True))(line)

    import signal

    signals = {"n": 0}

    def on_signal(_signo, _frame):  # Ctrl-C or `kill`: stop after the document under way; twice: now
        signals["n"] += 1
        if signals["n"] > 1:
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = run_ingest(engine, factory, items, jobs=jobs, command="ingest " + " ".join(paths),
                             progress=bar.update if bar else None, on_error=on_error,
                             should_stop=lambda: signals["n"] > 0)
    except IngestStopped as exc:
        if bar:
            bar.close()
        _fail(str(exc))
    except KeyboardInterrupt:
        summary = None
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if summary is None or summary.interrupted:
        if bar:
            bar.close()
        click.echo("interrupted: every document stored so far is whole; run the same command again to finish",
                   err=True)
        raise click.exceptions.Exit(130)
    if bar:
        bar.close()
    if not quiet:
        unreadable = f", {summary.unreadable} unreadable input{'s' if summary.unreadable != 1 else ''} skipped" \
            if summary.unreadable else ""
        click.echo(
            f"{summary.documents} document{'s' if summary.documents != 1 else ''}: {summary.added} added, "
            f"{summary.skipped} already stored, {summary.failed} failed{unreadable}; {summary.stories} stories, "
            f"{summary.sentences} sentences, {summary.claims} claims, {summary.relations} cross-article relations",
            err=True)
    if summary.problems:
        raise click.exceptions.Exit(EXIT_SOME_FAILED)


@main.command()
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="The latest N runs.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="Also print each run's recorded problems.")
@click.pass_obj
@handle_errors
def runs(obj: Ctx, limit, fmt, show_errors):
    """Ingest and re-analysis runs, newest first: status, counts, command.

    \b
    Status: running (its process is alive), ok, partial (some inputs were
    unreadable or could not be stored: --errors lists them), failed (the database
    stopped taking writes), interrupted (killed or stopped: what it stored is whole;
    run its command again to finish). Counts of unfinished runs are what they stored.
    Columns: added, already_stored (the same content was in the database),
    not_stored (documents that failed plus unreadable inputs).
    """
    from . import output as out_mod
    from .store.runs import list_runs

    _, factory = obj.open()
    with factory() as s:
        rows = list_runs(s, limit)
    columns = ["id", "started", "finished", "status", "added", "already_stored", "not_stored", "stories", "sentences",
               "claims", "command"] + (["errors"] if show_errors else [])
    for r in rows:
        for k in ("started", "finished"):
            if r[k] is not None:
                r[k] = r[k].replace(microsecond=0)
    out_mod.write(sys.stdout, fmt, columns, [[r[c] for c in columns] for r in rows])


@main.command()
@click.argument("path", metavar="PATH")
@click.option("--format", "out_fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: JSON Lines, one object per story; table: a readable listing.")
@click.option("--input-format", "fmt", type=click.Choice(["auto", "txt", "html", "jsonl"]), default="auto",
              show_default=True, help="Input format.")
@input_options
@click.option("--strict", is_flag=True, help="Read and check every input first, and print nothing if any is "
                                             "unreadable (exit 1).")
@click.pass_obj
@handle_errors
def extract(obj: Ctx, path, out_fmt, fmt, outlet, published, strict):
    """Analyse PATH (a file, a folder or '-') and print the result without storing it.

    Offsets are character offsets into the decoded input text (for HTML, into the extracted text,
    included as document.text). `ingest` stores exactly what this prints. Inputs are read as a stream;
    an unreadable input or JSON Lines record is named on stderr ('skipped: PATH: reason'), the rest is
    printed, and the exit code is 3 (as with ingest; --strict prints nothing instead, exit 1).
    """
    from .app import open_inputs
    from .pipeline import Pipeline

    published = _check_published(published)
    inputs = open_inputs([path], fmt, outlet=outlet, published=published, strict=strict,
                         nothing="nothing was printed")
    aliases = {}
    if _database_exists(obj):  # the analysts' aliases, when there is a database to read them from
        try:
            from .store.ingest import analyst_aliases

            _, factory = obj.open()
            with factory() as s:
                aliases = analyst_aliases(s)
        except Exception:  # noqa: BLE001 - analysis does not need the database
            aliases = {}
    pipe = Pipeline(aliases)
    out = sys.stdout
    skipped = 0
    for item in inputs:
        if item.doc is None:
            click.echo(f"skipped: {item.error}", err=True)
            skipped += 1
            continue
        doc = item.doc
        analysis = pipe.analyse(doc)
        if out_fmt == "json":
            for rec in analysis.records():
                if doc.format == "html":
                    rec["document"]["text"] = doc.text
                out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            _print_analysis(analysis, out)
    if skipped:
        raise click.exceptions.Exit(EXIT_SOME_FAILED)


def _database_exists(obj: Ctx) -> bool:
    """Whether the database --db names is there already (a SQLite file that does not exist is not created
    by commands that only read it)."""
    from sqlalchemy.engine import make_url

    if not obj.db:
        return Path("claimtrack.db").exists()
    try:
        url = make_url(obj.url)
    except Exception:  # noqa: BLE001 - a bad URL: let the command that needs it say so
        return False
    return not url.drivername.startswith("sqlite") or bool(url.database) and Path(url.database).exists()


def _print_analysis(analysis, out) -> None:
    for st in analysis.stories:
        out.write(f"== story {st.ordinal}: {st.title or '(untitled)'}  [{st.published or 'no date'}]\n")
        for se in st.sentences:
            out.write(f"  {se.start:>6}-{se.end:<6} {se.kind:<11} {se.text[:110]}\n")
            for c in se.claims:
                srcs = ", ".join(f"{s.name} ({s.kind}, {s.role})" for s in c.sources) or "-"
                date = f" date={c.event_date.date or '?'} «{c.event_date.phrase.text}»" if c.event_date else ""
                cue = f" cue=«{c.cue.text}»" if c.cue else ""
                rel = "".join(f" {r.kind}→{r.target_sentence_start}" for r in c.relations)
                out.write(f"{'':22}↳ {c.kind}: {srcs}{cue}{date}{rel}\n")


# ---- reports / export / sql ----------------------------------------------------------------------------
def _parse_params(values) -> dict[str, str]:
    out = {}
    for v in values:
        if "=" not in v:
            raise click.BadParameter(f"{v!r} is not KEY=VALUE", param_hint="--param")
        k, val = v.split("=", 1)
        out[k.strip()] = val
    return out


def _open_out(path: str | None, excel: bool):
    if not path or path == "-":
        return sys.stdout, False
    try:
        return open(path, "w", encoding="utf-8", newline=""), True
    except OSError as exc:
        _fail(f"{path}: cannot write ({exc.strerror})")


@main.command()
@click.argument("name", required=False)
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Report parameter (repeatable).")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.option("--excel", is_flag=True, help="CSV: start with a byte-order mark so Excel reads UTF-8.")
@click.option("--confirmed", is_flag=True, help="Only claims an analyst confirmed (same as --param confirmed=1).")
@click.pass_obj
@handle_errors
def report(obj: Ctx, name, fmt, params, output, excel, confirmed):
    """Run the named report NAME, or list the reports when NAME is omitted.

    Reports are SQL files shipped with claimtrack; they run unchanged on SQLite and PostgreSQL.
    """
    from . import output as out_mod
    from .reporting import load_reports, row_limit, run_report

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
    stream, close = _open_out(output, excel)
    try:
        n = out_mod.write(stream, fmt, columns, rows, excel=excel)
    finally:
        if close:
            stream.close()
    limit = row_limit(name, given)
    if limit is not None and n >= limit:
        click.echo(f"(stopped at {limit} rows; raise it with --param limit=N)", err=True)


@main.command()
@click.argument("what", type=click.Choice(["claims", "sources", "relations", "sentences"]))
@click.option("-o", "--output", metavar="FILE", help="Output file (default: standard output).")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option("--source", help="Only rows involving this source (any alias).")
@click.option("--since", metavar="YYYY-MM-DD", help="Stories published on or after this date.")
@click.option("--until", metavar="YYYY-MM-DD", help="Stories published on or before this date.")
@click.option("--kind", help="Claim kind (claims), sentence kind (sentences), source kind (sources), relation kind (relations).")
@click.option("--relation-kind", type=click.Choice(["denies", "contradicts", "supports", "repeats"]),
              help="Only claims (or relations) taking part in relations of this kind.")
@click.option("--document", help="Only this document (id, sha256 prefix, origin path or external id).")
@click.option("--story", type=int, metavar="STORY_ID", help="Only this story (the story_id column).")
@click.option("--confirmed", is_flag=True, help="Only claims an analyst confirmed.")
@click.option("--per", type=click.Choice(["source", "claim"]), default="source", show_default=True,
              help="claims: one row per claim–source pair, or one row per claim (sources joined with '; ').")
@click.option("--excel", is_flag=True, help="Start with a byte-order mark so Excel reads UTF-8.")
@click.option("--no-formula-guard", is_flag=True, help="Do not neutralize cells that start with = + - @ (unsafe in spreadsheets).")
@click.pass_obj
@handle_errors
def export(obj: Ctx, what, output, fmt, source, since, until, kind, relation_kind, document, story, confirmed, per,
           excel, no_formula_guard):
    """Export claims, sources, relations or sentences as CSV (RFC 4180, UTF-8) or JSON.

    claims: one row per claim–source pair (a claim without sources: one row, empty source columns), or
    with --per claim one row per claim. Column orders are stable and documented in the README.
    Rows stream: memory stays flat.
    """
    from . import output as out_mod
    from .store.export import EXPORTS, ExportError, Filters, check

    for label, value in (("--since", since), ("--until", until)):
        if value:
            _check_date(label, value)
    given = {name for name, value in (("source", source), ("since", since), ("until", until), ("kind", kind),
                                      ("relation_kind", relation_kind), ("document", document), ("story", story),
                                      ("confirmed", confirmed or None), ("per", None if per == "source" else per))
             if value is not None}
    engine, _ = obj.open()
    filters = Filters(source, since, until, kind, relation_kind, document, confirmed, per=per, story=story)
    try:
        check(engine, what, filters, given)
    except ExportError as exc:
        _fail(str(exc))
    columns, rows = EXPORTS[what](engine, filters)
    stream, close = _open_out(output, excel)
    try:
        n = out_mod.write(stream, fmt, columns, rows, excel=excel, safe=not no_formula_guard)
    finally:
        if close:
            stream.close()
    if output and output != "-":
        click.echo(f"{n} rows written to {output}", err=True)


def _check_date(label: str, value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        _fail(f"{label}: {value!r} is not a date (YYYY-MM-DD)")


@main.command()
@click.argument("query")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True, help="At most this many rows.")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True, help="Seconds before the query is stopped.")
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of standard output.")
@click.pass_obj
@handle_errors
def sql(obj: Ctx, query, fmt, limit, timeout, output):
    """Run one read-only SQL QUERY (SELECT/WITH/VALUES/EXPLAIN). Anything that writes is refused.

    Views for analysts: claims_v, claim_sources_v, denials_v, contradictions_v, source_stats_v,
    source_conflicts_v.
    """
    from . import output as out_mod
    from .store import readonly

    obj.open()  # creates / migrates the schema first
    res = readonly.run(obj.url, query, limit=limit, timeout=timeout)
    stream, close = _open_out(output, False)
    try:
        out_mod.write(stream, fmt, res.columns, res.rows)
    finally:
        if close:
            stream.close()
    if res.truncated:
        click.echo(f"(stopped at {limit} rows; raise it with --limit)", err=True)


# ---- sources -------------------------------------------------------------------------------------------
@main.group()
def sources():
    """List, inspect, alias and merge canonical sources."""


@sources.command("list")
@click.option("--kind", help="Only sources of this kind.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.pass_obj
@handle_errors
def sources_list(obj: Ctx, kind, fmt):
    """Sources that have claims, with their counts."""
    from . import output as out_mod
    from .store.export import EXPORTS, Filters

    engine, _ = obj.open()
    columns, rows = EXPORTS["sources"](engine, Filters(kind=kind))
    out_mod.write(sys.stdout, fmt, columns, rows)


@sources.command("show")
@click.argument("name")
@click.pass_obj
@handle_errors
def sources_show(obj: Ctx, name):
    """One source: kind, country, affiliation, aliases and claim counts."""
    from sqlalchemy import func, select

    from .store import schema as m
    from .store.review import find_source

    _, factory = obj.open()
    with factory() as s:
        src = find_source(s, name)
        if src is None:
            _fail(f"no source named {name!r}; see 'claimtrack sources list'")
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
def sources_alias(obj: Ctx, name, alias, move, analyst):
    """Make ALIAS another name of source NAME (used from the next ingest or reanalyse on; survives
    re-ingest). A name that belongs to another source is refused unless --move: to make two sources one,
    use 'sources merge'. 'sources unalias' undoes this."""
    from .app import analyst_name
    from .store.review import add_alias

    _, factory = obj.open()
    with factory.begin() as s:
        src = add_alias(s, name, alias, analyst_name(analyst), move=move)
        click.echo(f"{alias!r} is now an alias of {src.name}")


@sources.command("unalias")
@click.argument("alias")
@click.option("--analyst", help="Who decides (default: the OS user).")
@click.pass_obj
@handle_errors
def sources_unalias(obj: Ctx, alias, analyst):
    """Remove an alias added with 'sources alias' (from the next ingest or reanalyse on)."""
    from .app import analyst_name
    from .store.review import remove_alias

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
def sources_merge(obj: Ctx, old, into, analyst):
    """Merge source OLD into INTO: claims and aliases move; OLD is kept as a merged record."""
    from .app import analyst_name
    from .store.review import merge_sources

    _, factory = obj.open()
    with factory.begin() as s:
        a, b, moved = merge_sources(s, old, into, analyst_name(analyst))
        click.echo(f"merged {a.name} into {b.name} ({moved} claim links moved)")


# ---- db ------------------------------------------------------------------------------------------------
@main.group()
def db():
    """Schema migrations (applied automatically on first use)."""


@db.command("upgrade")
@click.argument("revision", default="head")
@click.pass_obj
@handle_errors
def db_upgrade(obj: Ctx, revision):
    """Apply migrations up to REVISION (default: head)."""
    from .store.db import current_revision, upgrade

    engine, _ = obj.open(migrate=False)
    upgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine) or 'base'}")


@db.command("downgrade")
@click.argument("revision")
@click.option("--yes", is_flag=True, help="Do not ask before removing everything (REVISION base).")
@click.pass_obj
@handle_errors
def db_downgrade(obj: Ctx, revision, yes):
    """Revert migrations down to REVISION ('base', or '-N' that reaches it, removes every claimtrack table and
    view and the data in them: it asks first unless --yes)."""
    from .store.db import current_revision, downgrade, downgrade_removes_everything

    engine, _ = obj.open(migrate=False)
    if not yes and downgrade_removes_everything(engine, revision):
        click.confirm(f"Remove every claimtrack table, view and row from {obj.url}?", abort=True, err=True)
    downgrade(engine, revision)
    click.echo(f"database at revision {current_revision(engine) or 'base'}")


@db.command("current")
@click.pass_obj
@handle_errors
def db_current(obj: Ctx):
    """Show the database's revision and the newest one this claimtrack knows."""
    from .store.db import current_revision, head_revision

    engine, _ = obj.open(migrate=False)
    click.echo(f"current: {current_revision(engine) or 'base (empty)'}")
    click.echo(f"head:    {head_revision()}")


# ---- command groups kept in their own modules ----------------------------------------------------------
def _register_extra_commands() -> None:
    try:
        from .cli_review import reanalyse, review
    except ImportError:  # the review commands are optional until their module exists
        return
    main.add_command(review)
    main.add_command(reanalyse)


_register_extra_commands()

from .serve.command import serve  # noqa: E402 - claimtrack serve (Datasette: the optional extra [serve])

main.add_command(serve)
