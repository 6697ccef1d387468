"""The claimtrack command line. Thin: parses options, calls the layers (``app``, ``store``), formats output.

One module per command family: ``ingest`` (ingest, extract, runs), ``query`` (report, export, sql),
``sources``, ``documents``, ``review`` (review, reanalyse) and ``db``; ``_common`` holds what they share and ``output``
what they print. The command modules import ``_common``, ``output`` and each other, never this package,
which defines ``main`` and adds every command to it: importing any module of the package runs this one
first, so ``main`` always has all its commands.

Exit codes (``claimtrack.errors``): 0 ok, 1 user error (one line on stderr, no traceback), 2 usage error,
3 some inputs failed (the rest was done), 130 interrupted.
"""

from __future__ import annotations

import click

from .. import __version__
from ..serve.command import serve
from . import db, documents, ingest, query, review, sources
from ._common import Ctx


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


for _command in (ingest.ingest, ingest.extract, ingest.runs, query.report, query.export, query.sql,
                 sources.sources, documents.documents, review.review, review.reanalyse, db.db, serve):
    main.add_command(_command)

__all__ = ["main"]
