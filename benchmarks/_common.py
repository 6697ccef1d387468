"""What the benchmark scripts share: where their data is, and how they skip when it is absent.

Every script runs as ``.venv/bin/python benchmarks/NAME.py`` from the repository root with claimtrack installed,
so this folder is on the import path: ``import _common`` and ``import newsgen`` (the synthetic-news generator,
which the tests use too) need nothing more.

Data that is not the project's own stays out of the repository, in ``../shared`` next to it: PolNeAR train
(``$CLAIMTRACK_POLNEAR`` names another copy), the seed page, the real news pages and the public data sets. The
project's own labelled sets are in ``benchmarks/data``. A benchmark whose data is absent says so and exits 0.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the repository
SHARED = ROOT.parent / "shared"  # data kept beside the repository, never in it
DATA = ROOT / "benchmarks" / "data"  # the project's own labelled sets
POLNEAR_ENV = "CLAIMTRACK_POLNEAR"
PG_URL_ENV = "CLAIMTRACK_TEST_PG_URL"


def polnear() -> Path:
    """The PolNeAR train folder (``text/``, ``attributions/``, ``metadata.tsv``): ``$CLAIMTRACK_POLNEAR``, else
    ``../shared/polnear-train``. It may not exist."""
    env = os.environ.get(POLNEAR_ENV)
    return Path(env) if env else SHARED / "polnear-train"


def polnear_texts(folder: Path | None = None) -> list[Path]:
    """PolNeAR's article texts in name order: those of ``folder`` (the PolNeAR folder or its ``text/``; by default
    ``polnear()``), none when it is absent."""
    folder = polnear() if folder is None else folder
    if (folder / "text").is_dir():
        folder = folder / "text"
    return sorted(folder.glob("*.txt"))


def repository_texts() -> list[Path]:
    """The repository's own plain texts, examples and test fixtures: the corpus to time when PolNeAR is absent."""
    return sorted((ROOT / "examples").glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))


def pg_url(default: str | None = None) -> str | None:
    """The PostgreSQL server to measure on: ``$CLAIMTRACK_TEST_PG_URL`` (the test suite's), else ``default``."""
    return os.environ.get(PG_URL_ENV, default)


def skip(benchmark: str, missing: str, where: Path, hint: str = "") -> int:
    """Say that ``benchmark`` does not run because ``missing`` is not at ``where``; its exit status, 0 (absent
    data is no failure)."""
    print(f"{benchmark} benchmark skipped: {missing} not found at {where}" + (f" ({hint})" if hint else ""))
    return 0
