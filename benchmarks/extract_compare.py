"""Does a change alter what ``extract`` prints? Dump one build's output, then compare two dumps record by record.

    python benchmarks/extract_compare.py dump OUT.jsonl [--claimtrack PATH]
    python benchmarks/extract_compare.py compare BEFORE.jsonl AFTER.jsonl

``dump`` runs ``claimtrack extract --format json`` (the command a user runs, so reading and story splitting are
covered too) over each input set and writes one line per story: ``{"set": …, "record": …}``. The sets are the
repository's examples and test fixtures, the seed page and the real news pages (in ``../shared``) and PolNeAR
train (``$CLAIMTRACK_POLNEAR`` or ``../shared/polnear-train``): once as a folder of plain texts and once as JSON
Lines carrying each article's publication date, so that dates resolve. A set whose folder is absent is left out
and named. ``--claimtrack`` runs another build's command (for example a
checkout of the commit before, with its own virtual environment).

``compare`` prints, for each set, how many records are identical, changed, missing or new, and the first
changes with the path of the first field that differs. It exits 1 when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, SHARED, polnear


def _polnear_jsonl(folder: Path, out: Path) -> None:
    """PolNeAR's texts as JSON Lines with their publication dates (metadata.tsv)."""
    dates = {}
    meta = folder / "metadata.tsv"
    if meta.exists():
        with meta.open(encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                dates[row["filename"]] = row.get("publication_date")
    with out.open("w", encoding="utf-8") as f:
        for p in sorted((folder / "text").glob("*.txt")):
            rec = {"id": p.stem, "text": p.read_text(encoding="utf-8")}
            if dates.get(p.stem):
                rec["published"] = dates[p.stem]
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def input_sets(tmp: Path) -> list[tuple[str, Path]]:
    polnear_train = polnear()
    sets = [
        ("examples", ROOT / "examples"),
        ("fixtures", ROOT / "tests" / "fixtures"),
        ("seed", SHARED / "examples"),
        ("news-html", SHARED / "datasets" / "news-pages" / "html"),
        ("news-text", SHARED / "datasets" / "news-pages" / "text"),
        ("polnear-text", polnear_train / "text"),
    ]
    if (polnear_train / "text").is_dir():
        dated = tmp / "polnear-dated.jsonl"
        _polnear_jsonl(polnear_train, dated)
        sets.append(("polnear-dated", dated))
    return sets


def dump(out: Path, command: str) -> None:
    with tempfile.TemporaryDirectory() as d, out.open("w", encoding="utf-8") as f:
        tmp = Path(d)
        for name, path in input_sets(tmp):
            if not path.exists():
                print(f"{name:<14} absent ({path})", file=sys.stderr)
                continue
            t0 = time.perf_counter()
            # a database that does not exist: no analyst aliases change the output
            proc = subprocess.run([command, "--db", str(tmp / "none.db"), "extract", str(path), "--format", "json"],
                                  capture_output=True, text=True, encoding="utf-8")
            if proc.returncode not in (0, 3):
                sys.exit(f"{name}: extract failed ({proc.returncode}): {proc.stderr.strip()[:500]}")
            n = 0
            for line in proc.stdout.splitlines():
                rec = json.loads(line)
                # origins relative to the set, so that dumps from two checkouts (or two temporary folders) match
                origin = rec["document"].get("origin") or ""
                if origin.startswith(str(path)):
                    rec["document"]["origin"] = name + origin[len(str(path)):]
                f.write(json.dumps({"set": name, "record": rec}, ensure_ascii=False, sort_keys=True) + "\n")
                n += 1
            print(f"{name:<14} {n:>6} stories  {time.perf_counter() - t0:6.1f} s", file=sys.stderr)


def _key(rec: dict) -> tuple:
    d, s = rec["document"], rec["story"]
    return (d.get("origin"), d.get("id"), s.get("ordinal"))


def _first_difference(a, b, path: str = "") -> str:
    if type(a) is not type(b):
        return f"{path or '.'}: {json.dumps(a)[:120]} -> {json.dumps(b)[:120]}"
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return f"{path}.{k}: {'added' if k not in a else 'removed'}"
            if a[k] != b[k]:
                return _first_difference(a[k], b[k], f"{path}.{k}")
    if isinstance(a, list):
        if len(a) != len(b):
            for i, (x, y) in enumerate(zip(a, b, strict=False)):
                if x != y:
                    return _first_difference(x, y, f"{path}[{i}]")
            return f"{path}: {len(a)} items -> {len(b)}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '.'}: {json.dumps(a)[:120]} -> {json.dumps(b)[:120]}"


def _load(path: Path) -> dict[str, dict[tuple, dict]]:
    out: dict[str, dict[tuple, dict]] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            out.setdefault(row["set"], {})[_key(row["record"])] = row["record"]
    return out


def compare(before: Path, after: Path, show: int = 8) -> int:
    a, b = _load(before), _load(after)
    print(f"{'set':<14} {'records':>8} {'same':>8} {'changed':>8} {'missing':>8} {'new':>6}")
    changes: list[str] = []
    differs = False
    for name in sorted(set(a) | set(b)):
        ra, rb = a.get(name, {}), b.get(name, {})
        same = sum(1 for k in ra if k in rb and ra[k] == rb[k])
        changed = [k for k in ra if k in rb and ra[k] != rb[k]]
        missing = [k for k in ra if k not in rb]
        new = [k for k in rb if k not in ra]
        differs = differs or bool(changed or missing or new)
        print(f"{name:<14} {len(ra):>8} {same:>8} {len(changed):>8} {len(missing):>8} {len(new):>6}")
        for k in changed[:show]:
            changes.append(f"{name} {k}: {_first_difference(ra[k], rb[k])}")
    for line in changes[: show * 2]:
        print(line)
    print("identical" if not differs else "DIFFERENT")
    return 1 if differs else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump", help="run extract over every input set and write the records")
    d.add_argument("out", type=Path)
    d.add_argument("--claimtrack", default=str(Path(sys.executable).parent / "claimtrack"),
                   help="the claimtrack command to run (default: the one beside this Python)")
    c = sub.add_parser("compare", help="compare two dumps record by record")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", type=int, default=8, help="changed records to describe per set")
    args = ap.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.claimtrack)
    else:
        sys.exit(compare(args.before, args.after, args.show))


if __name__ == "__main__":
    main()
