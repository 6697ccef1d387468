"""The command line as a whole: every command is registered whatever is imported first, each explains itself,
the choices it offers are the model's own tuples, and every layer's errors reach the user the same way."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

import claimtrack.cli
from claimtrack.cli import main
from claimtrack.cli._common import handle_errors
from claimtrack.errors import EXIT_SOME_FAILED, ClaimtrackError
from claimtrack.lexicon import LexiconError
from claimtrack.model import CLAIM_KINDS, RELATION_KINDS, ROLES, SOURCE_KINDS
from claimtrack.reader import FORMATS

# Every command, by the words that call it. A command that disappears (or one added without its help being
# checked here) fails test_every_command_is_registered.
COMMANDS = {
    (), ("ingest",), ("extract",), ("runs",), ("report",), ("export",), ("sql",), ("reanalyse",),
    ("sources",), ("sources", "list"), ("sources", "show"), ("sources", "alias"), ("sources", "unalias"),
    ("sources", "merge"), ("sources", "edit"),
    ("documents",), ("documents", "list"), ("documents", "show"), ("documents", "rm"),
    ("review",), ("review", "confirm"), ("review", "reject"), ("review", "kind"), ("review", "source"),
    ("review", "relation"), ("review", "merge"), ("review", "show"), ("review", "history"),
    ("db",), ("db", "upgrade"), ("db", "downgrade"), ("db", "current"), ("serve",),
}


def walk(command: click.Command, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], click.Command]:
    """``command`` and every command under it, by path ("sources", "merge")."""
    found = {path: command}
    for name, sub in getattr(command, "commands", {}).items():
        found |= walk(sub, (*path, name))
    return found


REGISTERED = walk(main)


def test_every_command_is_registered():
    assert set(REGISTERED) == COMMANDS
    assert set(main.commands) == {"ingest", "extract", "runs", "report", "export", "sql", "sources", "documents",
                                  "review", "reanalyse", "db", "serve"}


@pytest.mark.parametrize("path", sorted(REGISTERED), ids=lambda p: " ".join(p) or "claimtrack")
def test_every_command_explains_itself(path):
    command = REGISTERED[path]
    res = CliRunner().invoke(main, [*path, "--help"], prog_name="claimtrack")
    assert res.exit_code == 0, res.output
    assert res.output.startswith(f"Usage: {' '.join(('claimtrack', *path))} ")
    summary = (command.help or "").strip()
    assert summary
    assert " ".join(summary.split()[:4]) in " ".join(res.output.split())


# what a fresh interpreter sees of main after importing one module of the package first
_REGISTERED_AFTER = """
import importlib, json, sys
importlib.import_module(sys.argv[1])
from claimtrack.cli import main
def walk(command, path):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from walk(sub, path + [name])
print(json.dumps(sorted(walk(main, []))))
"""


@pytest.mark.parametrize("module", sorted(m.name for m in pkgutil.iter_modules(claimtrack.cli.__path__)))
def test_importing_any_cli_module_first_registers_every_command(module):
    res = subprocess.run([sys.executable, "-c", _REGISTERED_AFTER, f"claimtrack.cli.{module}"],
                         capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert {tuple(p) for p in json.loads(res.stdout)} == COMMANDS


def _choices(path: tuple[str, ...], param: str) -> list[str]:
    (p,) = [p for p in REGISTERED[path].params if p.name == param]
    assert isinstance(p.type, click.Choice)
    return list(p.type.choices)


def test_choices_are_the_models_kinds():
    assert _choices(("export",), "relation_kind") == list(RELATION_KINDS)
    assert _choices(("review", "relation"), "kind") == list(RELATION_KINDS)
    assert _choices(("review", "kind"), "kind") == list(CLAIM_KINDS)
    assert _choices(("review", "source"), "new_kind") == list(SOURCE_KINDS)
    assert _choices(("review", "source"), "role") == list(ROLES)
    assert _choices(("ingest",), "fmt") == _choices(("extract",), "fmt") == list(FORMATS)
    # any other option offering relation kinds offers all of them
    for path, command in REGISTERED.items():
        for p in command.params:
            if isinstance(p.type, click.Choice) and set(p.type.choices) & set(RELATION_KINDS):
                assert list(p.type.choices) == list(RELATION_KINDS), (path, p.name)


def test_export_choices_are_the_exports():
    from claimtrack.store.export import EXPORTS

    assert _choices(("export",), "what") == list(EXPORTS)


def _layer_errors() -> list[type]:
    from claimtrack.app import IngestStopped
    from claimtrack.lexicon import LexiconError
    from claimtrack.reader import InputError
    from claimtrack.store.db import DatabaseError, FatalDatabaseError
    from claimtrack.store.export import ExportError
    from claimtrack.store.readonly import ReadOnlyError
    from claimtrack.store.reports import ReportError
    from claimtrack.store.review import ReviewError
    from claimtrack.store.sources import SourceError

    return [InputError, LexiconError, ReportError, DatabaseError, FatalDatabaseError, IngestStopped, ReadOnlyError,
            ReviewError, SourceError, ExportError]


@pytest.mark.parametrize("error", _layer_errors(), ids=lambda e: e.__name__)
def test_every_layers_errors_are_claimtrack_errors(error):
    assert issubclass(error, ClaimtrackError)


@pytest.mark.parametrize(("error", "shown"), [
    (ClaimtrackError("3 inputs were unreadable", exit_code=EXIT_SOME_FAILED), (3, "Error: 3 inputs were unreadable\n")),
    # a layer's error that the decorator once did not list, and showed as an "internal error"
    (LexiconError("cues.tsv, line 3: unknown class 'insistt'"), (1, "Error: cues.tsv, line 3: unknown class 'insistt'\n")),
], ids=["ClaimtrackError", "LexiconError"])
def test_handle_errors_shows_a_claimtrack_error_as_one_line_with_its_code(error, shown):
    @click.command()
    @handle_errors
    def fails() -> None:
        raise error

    res = CliRunner().invoke(fails, [])
    assert (res.exit_code, res.output) == shown
