"""``claimtrack ingest``, ``extract`` and ``runs``: analyse inputs, store them or print them; the runs so far."""

from __future__ import annotations

import json
import os
import signal
import sys
from types import FrameType

import click

from ..errors import EXIT_INTERRUPTED, EXIT_SOME_FAILED
from ..reader import FORMATS
from . import output
from ._common import (
    FORMATS_OUT,
    Ctx,
    ProgressBar,
    check_published,
    full_option,
    handle_errors,
    input_options,
    table_width,
)

ERRORS_SHOWN = 100  # problem lines ingest prints; the rest are counted (and recorded in the run)


def _input_bytes(paths: tuple[str, ...]) -> int | None:
    """Total size of the inputs (for the ETA); None when reading stdin."""
    from ..reader import iter_files

    if "-" in paths:
        return None
    total = 0
    for f in iter_files(list(paths)):
        try:
            total += os.path.getsize(f)
        except OSError:
            pass
    return total


@click.command(epilog="""\b
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
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="auto", show_default=True,
              help="Input format; auto decides by extension, then by content.")
@input_options
@click.option("--jobs", "-j", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Worker processes; each analyses and stores its own batches.")
@click.option("--strict", is_flag=True,
              help="Read and check every input first, and store nothing if any is unreadable (exit 1).")
@click.option("--replace", is_flag=True,
              help="A changed text takes the place of the stored document it is a new version of (same origin "
                   "path, or same JSON Lines id): same document id, decisions kept and applied again.")
@click.option("--keep-going", is_flag=True, hidden=True, help="The default now: skip unreadable inputs.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary (problems are still reported).")
@click.pass_obj
@handle_errors
def ingest(obj: Ctx, paths: tuple[str, ...], fmt: str, outlet: str | None, published: str | None, jobs: int,
           strict: bool, replace: bool, keep_going: bool, quiet: bool) -> None:
    """Analyse PATH... (files, folders, '-' for stdin) and store the results.

    Inputs are read as a stream (memory stays flat) and each document is stored in its own
    transaction: a document is either stored whole or not at all, even if the run is killed. A
    document already in the database (same text) is skipped, so re-running a command is safe and
    finishes an interrupted job. An unreadable input (a missing or binary file, text that is not
    UTF-8, an empty file, a bad JSON Lines record) is reported on stderr, counted in the run and
    skipped; the rest is stored (exit code 3). Several ingests may write to one database at once
    (PostgreSQL: from several machines too). On a terminal, a progress bar shows articles/s and an ETA.

    With --replace, an input whose text changed since it was stored replaces the stored version, in one
    transaction per document: the document keeps its id, its old rows go (relations to it from other
    documents too), and the analysts' decisions about its claims are re-keyed to the claims at the same
    places of the same sentences in the new text and applied again. A JSON Lines record replaces the
    record with its id; a record without an id replaces nothing.
    """
    from ..app import IngestStopped, open_inputs
    from ..app import ingest as run_ingest

    published = check_published(published)
    items = open_inputs(list(paths), fmt, outlet=outlet, published=published, strict=strict)
    engine, factory = obj.open()
    bar = ProgressBar(_input_bytes(paths)) if not quiet and sys.stderr.isatty() else None
    shown = {"n": 0}

    def on_error(msg: str) -> None:
        shown["n"] += 1
        if shown["n"] > ERRORS_SHOWN:
            return
        line = msg
        if shown["n"] == ERRORS_SHOWN:
            line += " (further problems are counted, not shown; see 'claimtrack runs')"
        (bar.message if bar else lambda t: click.echo(t, err=True))(line)

    signals = {"n": 0}

    def on_signal(_signo: int, _frame: FrameType | None) -> None:  # Ctrl-C or `kill`: stop after the document under way; twice: now
        signals["n"] += 1
        if signals["n"] > 1:
            raise KeyboardInterrupt

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        summary = run_ingest(engine, factory, items, jobs=jobs,
                             command="ingest " + ("--replace " if replace else "") + " ".join(paths),
                             progress=bar.update if bar else None, on_error=on_error,
                             should_stop=lambda: signals["n"] > 0, replace=replace)
    except IngestStopped:
        if bar:
            bar.close()
        raise
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
        raise click.exceptions.Exit(EXIT_INTERRUPTED)
    if bar:
        bar.close()
    if not quiet:
        unreadable = f", {summary.unreadable} unreadable input{'s' if summary.unreadable != 1 else ''} skipped" \
            if summary.unreadable else ""
        replaced = f"{summary.replaced} replaced, " if replace else ""
        click.echo(
            f"{summary.documents} document{'s' if summary.documents != 1 else ''}: {summary.added} added, {replaced}"
            f"{summary.skipped} already stored, {summary.failed} failed{unreadable}; {summary.stories} stories, "
            f"{summary.sentences} sentences, {summary.claims} claims, {summary.relations} cross-article relations",
            err=True)
    if summary.problems:
        raise click.exceptions.Exit(EXIT_SOME_FAILED)


@click.command()
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True, help="The latest N runs.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@click.option("--errors", "show_errors", is_flag=True, help="Also print each run's recorded problems.")
@full_option
@click.pass_obj
@handle_errors
def runs(obj: Ctx, limit: int, fmt: str, show_errors: bool, full: bool) -> None:
    """Ingest and re-analysis runs, newest first: status, counts, command.

    \b
    Status: running (its process is alive), ok, partial (some inputs were
    unreadable or could not be stored: --errors lists them), failed (the database
    stopped taking writes), interrupted (killed or stopped: what it stored is whole;
    run its command again to finish). Counts of unfinished runs are what they stored.
    Columns: added, already_stored (the same content was in the database),
    not_stored (documents that failed plus unreadable inputs).
    """
    from ..store.runs import list_runs

    _, factory = obj.open()
    with factory() as s:
        rows = list_runs(s, limit)
    columns = ["id", "started", "finished", "status", "added", "already_stored", "not_stored", "stories", "sentences",
               "claims", "command"] + (["errors"] if show_errors else [])
    for r in rows:
        for k in ("started", "finished"):
            if r[k] is not None:
                r[k] = r[k].replace(microsecond=0)
    output.write(sys.stdout, fmt, columns, [[r[c] for c in columns] for r in rows], width=table_width(full))


@click.command()
@click.argument("path", metavar="PATH")
@click.option("--format", "out_fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
              help="json: JSON Lines, one object per story; table: a readable listing.")
@click.option("--input-format", "fmt", type=click.Choice(FORMATS), default="auto",
              show_default=True, help="Input format.")
@input_options
@click.option("--strict", is_flag=True, help="Read and check every input first, and print nothing if any is "
                                             "unreadable (exit 1).")
@full_option
@click.pass_obj
@handle_errors
def extract(obj: Ctx, path: str, out_fmt: str, fmt: str, outlet: str | None, published: str | None,
            strict: bool, full: bool) -> None:
    """Analyse PATH (a file, a folder or '-') and print the result without storing it.

    Offsets are character offsets into the decoded input text (for HTML, into the extracted text,
    included as document.text). `ingest` stores exactly what this prints. Inputs are read as a stream;
    an unreadable input or JSON Lines record is named on stderr ('skipped: PATH: reason'), the rest is
    printed, and the exit code is 3 (as with ingest; --strict prints nothing instead, exit 1).
    """
    from ..app import open_inputs
    from ..pipeline import Pipeline
    from ..store.db import database_exists

    published = check_published(published)
    inputs = open_inputs([path], fmt, outlet=outlet, published=published, strict=strict,
                         nothing="nothing was printed")
    aliases = {}
    if database_exists(obj.db):  # the analysts' aliases, when there is a database to read them from
        try:
            from ..store.sources import analyst_aliases

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
            output.write_analysis(out, analysis, table_width(full))
    if skipped:
        raise click.exceptions.Exit(EXIT_SOME_FAILED)
