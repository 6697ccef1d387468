"""The layers stay layers: the core (everything but store/, the CLI, app.py and the serve package) touches no
database and no command line, and no module of the CLI package imports the package back."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

import claimtrack

PACKAGE = Path(claimtrack.__file__).parent
NOT_CORE = ("claimtrack.store", "claimtrack.cli", "claimtrack.app", "claimtrack.serve", "claimtrack.migrations")
FORBIDDEN_IN_CORE = ("sqlalchemy", "alembic", "click", "claimtrack.store", "claimtrack.cli", "claimtrack.app",
                     "claimtrack.serve")


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def core_modules() -> dict[str, Path]:
    """Every core module by name, found in the package folder (so a module that becomes a package, such
    as attribution/ or relate/, is still covered, submodules and all)."""
    found = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}
    return {name: path for name, path in found.items() if not _within(name, NOT_CORE)}


def imports(source: str, module: str, is_package: bool) -> list[tuple[str, list[str]]]:
    """Every import in ``source``, anywhere in it (functions too), as (module imported from, names): ``import
    a.b`` is ("a.b", []), ``from ..store import db`` in claimtrack.relate.rules ("claimtrack.store", ["db"])."""
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((a.name, []) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            origin = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1])
                origin = f"{base}.{node.module}" if node.module else base
            found.append((origin, [a.name for a in node.names]))
    return found


def imported(source: str, module: str, is_package: bool) -> list[str]:
    """Every module name ``source`` imports; ``from X import y`` gives both X and X.y (y may be a module)."""
    return [n for origin, names in imports(source, module, is_package) for n in (origin, *(f"{origin}.{y}" for y in names))]


def test_the_import_reader_resolves_relative_imports():
    src = "from ..store.db import open_database\nfrom . import lexicon\n\ndef f():\n    import click\n"
    assert imported(src, "claimtrack.relate.rules", is_package=False) == [
        "claimtrack.store.db", "claimtrack.store.db.open_database", "claimtrack.relate",
        "claimtrack.relate.lexicon", "click"]
    assert imported("from .store import db", "claimtrack", is_package=True)[0] == "claimtrack.store"


def test_core_modules_are_found():
    names = set(core_modules())
    assert {"claimtrack.model", "claimtrack.reader", "claimtrack.pipeline", "claimtrack.lexicon"} <= names
    assert not any(_within(n, NOT_CORE) for n in names)


@pytest.mark.parametrize("name", sorted(core_modules()))
def test_no_core_module_imports_the_database_or_the_command_line(name):
    path = core_modules()[name]
    bad = [n for n in imported(path.read_text("utf-8"), name, path.name == "__init__.py")
           if _within(n, FORBIDDEN_IN_CORE)]
    assert bad == [], f"{path.relative_to(PACKAGE.parent)} imports {bad}"


_LOADS = """
import importlib, json, sys
forbidden = tuple(json.loads(sys.argv[1]))
for name in sys.argv[2:]:
    importlib.import_module(name)
    loaded = sorted(m for m in sys.modules if any(m == f or m.startswith(f + ".") for f in forbidden))
    if loaded:
        print(json.dumps([name, loaded]))
        break
else:
    print(json.dumps(None))
"""


def test_importing_the_core_loads_no_database_or_command_line():
    """In a fresh interpreter: the pipeline first, then every other core module; the first that brings in
    sqlalchemy, click, the store or the CLI is named."""
    names = ["claimtrack.pipeline", *sorted(set(core_modules()) - {"claimtrack.pipeline"})]
    res = subprocess.run([sys.executable, "-c", _LOADS, json.dumps(FORBIDDEN_IN_CORE), *names],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) is None


def imports_of_the_cli_package(source: str, stem: str, modules: set[str]) -> list[tuple[str, list[str]]]:
    """The imports in module ``stem`` of the CLI package that import the package itself rather than one of its
    ``modules``: ``from . import output`` names a module, ``from . import main`` the package's own code."""
    return [(origin, names) for origin, names in imports(source, f"claimtrack.cli.{stem}", is_package=False)
            if origin == "claimtrack.cli" and not (names and set(names) <= modules)
            or origin == "claimtrack" and "cli" in names]


def test_no_cli_module_imports_the_cli_package():
    """A command module that imported ``claimtrack.cli`` (for ``main``, say) would make the package and its
    modules import each other; they import ``_common``, ``output`` and each other instead."""
    folder = PACKAGE / "cli"
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    for stem in sorted(modules):
        back = imports_of_the_cli_package((folder / f"{stem}.py").read_text("utf-8"), stem, modules)
        assert back == [], f"cli/{stem}.py imports the package: {back}"


@pytest.mark.parametrize(("source", "back"), [
    ("from . import output\nfrom ._common import Ctx", []),
    ("from . import main", [("claimtrack.cli", ["main"])]),
    ("import claimtrack.cli", [("claimtrack.cli", [])]),
    ("from claimtrack.cli import main", [("claimtrack.cli", ["main"])]),
    ("from .. import cli", [("claimtrack", ["cli"])]),
])
def test_the_cli_check_sees_an_import_of_the_package(source, back):
    assert imports_of_the_cli_package(source, "review", {"output", "_common"}) == back
