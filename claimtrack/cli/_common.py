"""What the command modules share: the context object, the error boundary, shared options, the progress bar.

Nothing here imports a command module or the package itself, so any module of the package can be
imported first.
"""

from __future__ import annotations

import functools
import os
import shutil
import sys
import time
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, TypeVar

import click

from ..errors import EXIT_USER, ClaimtrackError

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL
    from sqlalchemy.orm import Session, sessionmaker

    from ..app import IngestSummary

F = TypeVar("F", bound=Callable)

FORMATS_OUT = click.Choice(["table", "csv", "json"])


class UserError(click.ClickException):
    """How click shows a ``ClaimtrackError``: "Error: <message>" on stderr, and the error's exit code."""

    def __init__(self, message: str, exit_code: int = EXIT_USER):
        super().__init__(message)
        self.exit_code = exit_code


def handle_errors(fn: F) -> F:
    """Turn the layers' errors (every ``ClaimtrackError``) and database failures into one-line user errors."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from sqlalchemy.exc import SQLAlchemyError

        from ..store.db import short_error

        try:
            return fn(*args, **kwargs)
        except ClaimtrackError as exc:
            raise UserError(str(exc), exc.exit_code) from None
        except SQLAlchemyError as exc:
            raise UserError(f"database error: {short_error(exc)}") from None
        except BrokenPipeError:
            sys.stderr.close()
        except OSError as exc:
            raise UserError(f"{exc.filename or ''}: {exc.strerror}" if exc.filename else str(exc)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - last resort: one line, traceback on request
            if os.environ.get("CLAIMTRACK_DEBUG"):
                raise
            raise UserError(f"internal error ({exc.__class__.__name__}: "
                            f"{str(exc).splitlines()[0] if str(exc) else ''}); "
                            "set CLAIMTRACK_DEBUG=1 to see the traceback") from None

    return wrapper  # type: ignore[return-value]


class Ctx:
    """The ``--db`` the command line was given; the database is opened (and migrated) on first use."""

    def __init__(self, db: str | None):
        self.db = db
        self._opened: tuple[Engine, sessionmaker[Session]] | None = None

    def open(self, migrate: bool = True) -> tuple[Engine, sessionmaker[Session]]:
        if self._opened is None:
            from ..store.db import open_database

            self._opened = open_database(self.db, migrate=migrate)
        return self._opened

    @property
    def url(self) -> URL:
        from ..store.db import resolve_url

        return resolve_url(self.db)

# ---- tables on a terminal -------------------------------------------------------------------------------
full_option = click.option("--full", is_flag=True,
                           help="Table: each row on one line, cells whole (on a terminal, long cells wrap to its "
                                "width; nothing is ever cut).")


def table_width(full: bool) -> int | None:
    """How wide a table may be: the terminal's width when standard output is one (long cells wrap to it),
    else None (each row one line, cells whole: for files, pipes and pagers). ``--full`` gives None too."""
    if full or not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


# ---- options of ingest and extract -----------------------------------------------------------------------
_input_options = [
    click.option("--outlet", metavar="NAME", help="Outlet that published the input (when the input does not say)."),
    click.option("--published", metavar="DATE",
                 help="Publication date for inputs that carry none (YYYY-MM-DD or any date dateparser reads)."),
]


def input_options(fn: F) -> F:
    for opt in reversed(_input_options):
        fn = opt(fn)
    return fn


def check_published(published: str | None) -> str | None:
    """--published as an ISO date, or ``ClaimtrackError`` when it is not a date."""
    if published is None:
        return None
    from ..dates import parse_published

    iso = parse_published(published)
    if iso is None:
        raise ClaimtrackError(f"--published: cannot read {published!r} as a date (use YYYY-MM-DD)")
    return iso


# ---- the progress bar --------------------------------------------------------------------------------------
class ProgressBar:
    """One line on a terminal's stderr: a bar (by input bytes), articles, articles/s and an ETA; error lines
    are printed above it as they come."""

    WIDTH = 24

    def __init__(self, total_bytes: int | None, stream: IO[str] | None = None):
        self.clock = time.monotonic
        self.start = self.last = self.clock()
        self.total = total_bytes or None
        self.stream = stream or sys.stderr
        self.shown = False

    def update(self, summary: IngestSummary, done_bytes: int, force: bool = False) -> None:
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
    """"1:05" for 65 s, "1:00:05" from an hour on."""
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
