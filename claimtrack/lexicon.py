"""Every word list and table claimtrack reads from ``claimtrack/data/``, through one validating loader.

Each data file is declared once in ``FILES`` with its shape: a word list (optionally in ``[sections]``) or a
tab-separated table with a header, the values a column may take, the columns whose entries must be unique,
and for the gazetteer and the countries table, cross-checks between the two. A file that is missing, is not
declared, uses an unknown section, class or kind, or repeats an entry or an alias fails with a
``LexiconError`` naming the file and the line: a typo in a data file stops claimtrack at once rather than
quietly matching nothing.

Comments (``#`` at the start of a line) and blank lines are skipped everywhere. The readers are cached:
each file is read and checked once per process.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .errors import ClaimtrackError
from .model import CUE_CLASSES, SOURCE_KINDS


class LexiconError(ClaimtrackError):
    """A data file is missing or malformed; the message names the file and the line."""


@dataclass(frozen=True)
class WordList:
    """One entry a line; ``sections`` lists the ``[section]`` headers allowed (none: the file has none)."""

    sections: tuple[str, ...] = ()
    lower: bool = False  # entries must be written in lower case


@dataclass(frozen=True)
class Table:
    """A tab-separated table with a header line naming at least ``columns``."""

    columns: tuple[str, ...]
    required: tuple[str, ...] = ()  # columns that may not be empty
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> the values it may take
    unique: tuple[str, ...] = ()  # columns whose value is unique across rows
    lists: tuple[str, ...] = ()  # columns holding "a|b|c"
    check: Callable[[str, tuple[Row, ...]], None] | None = None  # a whole-table check


@dataclass(frozen=True)
class Row:
    """One table row: its cells by column (missing cells are ""), and its line number in the file."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells.get(column, "")

    def get(self, column: str, default: str | None = None) -> str | None:
        return self.cells.get(column) or default

    def items(self, column: str) -> list[str]:
        """The non-empty entries of a ``|``-separated column."""
        return [x.strip() for x in self.cells.get(column, "").split("|") if x.strip()]


def _check_gazetteer(name: str, rows: tuple[Row, ...]) -> None:
    """Every name and alias (in the resolver's look-up form) belongs to one entry; an office (``offices``, see
    ``parse_office``) is no entry's name or alias, and no two people hold one office at the same time; parents
    are entries; countries are codes of ``countries.tsv``."""
    from .sources import norm  # the look-up form is the resolver's; imported late (sources reads this module)

    names = {r["name"] for r in rows}
    codes = {r["code"] for r in table("countries.tsv")}
    owner: dict[str, str] = {}
    held: dict[str, list[tuple[str, tuple[tuple[str, str], ...]]]] = {}  # office norm → (holder, when)
    for r in rows:  # names and aliases first: an office may not take one
        for form in [r["name"], *r.items("aliases")]:
            owner.setdefault(norm(form), r["name"])
    for r in rows:
        for form in [r["name"], *r.items("aliases")]:
            key = norm(form)
            if key in owner and owner[key] != r["name"]:
                raise LexiconError(f"{name}, line {r.line}: the alias {form!r} of {r['name']!r} is already "
                                   f"{owner[key]!r}'s")
            owner.setdefault(key, r["name"])
        for office in r.items("offices"):
            title, ranges = parse_office(name, r, office)
            key = norm(title)
            if owner.get(key, r["name"]) != r["name"] and key not in held:
                raise LexiconError(f"{name}, line {r.line}: the office {title!r} of {r['name']!r} is already a name "
                                   f"of {owner[key]!r}")
            for other, other_ranges in held.get(key, []):
                if other != r["name"] and any(a[0] <= (d[1] or "9999") and d[0] <= (a[1] or "9999")
                                              for a in ranges for d in other_ranges):
                    raise LexiconError(f"{name}, line {r.line}: {r['name']!r} and {other!r} hold the office "
                                       f"{title!r} at the same time")
            held.setdefault(key, []).append((r["name"], ranges))
        if r["parent"] and r["parent"] not in names:
            raise LexiconError(f"{name}, line {r.line}: parent {r['parent']!r} of {r['name']!r} is not an entry")
        if r["country"] and r["country"] not in codes:
            raise LexiconError(f"{name}, line {r.line}: country {r['country']!r} of {r['name']!r} is not a code "
                               "in countries.tsv")


_DAY = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_office(name: str, row: Row, entry: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """An ``offices`` entry of the gazetteer, "TITLE@FROM..TO[,FROM..TO]" ("UN High Commissioner for Human
    Rights@2018-09-01..2022-08-31"), as (title, ((from, to), …)): the days the row's person held the office, each
    a year, a month or a day ("2011", "2020-11", "2014-06-05"); an empty TO is "still in office"."""
    title, at, when = entry.rpartition("@")
    ranges = []
    for part in when.split(",") if at and title.strip() else []:
        start, dots, end = part.strip().partition("..")
        if not dots or not _DAY.match(start) or end and (not _DAY.match(end) or end < start):
            break
        ranges.append((start, end))
    else:
        if ranges:
            return title.strip(), tuple(ranges)
    raise LexiconError(f"{name}, line {row.line}: office {entry!r} of {row['name']!r} is not TITLE@FROM..TO "
                       "(dates as 2014, 2014-06 or 2014-06-05, FROM before TO, TO empty while in office)")


def _check_outlet_domains(name: str, rows: tuple[Row, ...]) -> None:
    """Each domain is written in lower case and each outlet is a gazetteer entry."""
    entries = {r["name"] for r in table("gazetteer.tsv")}
    for r in rows:
        if r["domain"] != r["domain"].lower():
            raise LexiconError(f"{name}, line {r.line}: the domain {r['domain']!r} must be written in lower case")
        if r["outlet"] not in entries:
            raise LexiconError(f"{name}, line {r.line}: outlet {r['outlet']!r} is not an entry of gazetteer.tsv")


def _check_body_forms(name: str, rows: tuple[Row, ...]) -> None:
    """Each form of a country's body is written in lower case and names one body."""
    owner: dict[str, int] = {}
    for r in rows:
        for form in r.items("forms"):
            if form != form.lower():
                raise LexiconError(f"{name}, line {r.line}: the form {form!r} must be written in lower case")
            if form in owner:
                raise LexiconError(f"{name}, line {r.line}: the form {form!r} repeats line {owner[form]}")
            owner[form] = r.line


def _unique_in_group(name: str, rows: tuple[Row, ...]) -> None:
    """A word appears once in its group."""
    seen: dict[tuple[str, str], int] = {}
    for r in rows:
        key = (r["group"], r["word"])
        if key in seen:
            raise LexiconError(f"{name}, line {r.line}: {r['word']!r} repeats line {seen[key]} of group {r['group']!r}")
        seen[key] = r.line


FILES: dict[str, WordList | Table] = {
    "abbreviations.txt": WordList(lower=True),
    "number_abbreviations.txt": WordList(lower=True),
    "imperative_verbs.txt": WordList(lower=True),
    "source_nouns.txt": WordList(lower=True),
    "common_words.txt": WordList(lower=True),
    "opinion_words.txt": WordList(sections=("strong", "weak", "hedge", "modal", "intensifier", "superlative", "record"),
                                  lower=True),
    "checkworthiness.txt": WordList(sections=("event", "consequence", "trivia", "future"), lower=True),
    "speaker_nouns.txt": WordList(sections=("added", "wordnet"), lower=True),
    "attribution.txt": WordList(sections=(
        "between_subject_and_cue", "between_be_and_participle", "name_glue", "not_verb_forms", "plural_nouns",
        "report_heads", "documents", "issue_verbs", "site_nouns", "cue_nouns", "cue_plural_nouns", "noun_modifiers",
        "cue_noun_verbs", "colon_labels", "seem", "seem_complements", "hearsay_adverbs", "reported_by", "as_saying",
        "figure_nouns", "portfolios", "name_abbreviations", "familiar_with", "knowledge_adjectives", "when_said",
        "naming_cues", "receiving_cues", "object_cues", "place_cues"), lower=True),
    "definite_heads.txt": WordList(sections=SOURCE_KINDS, lower=True),
    "cues.tsv": Table(columns=("lemma", "class", "forms"), required=("lemma", "class"),
                      choices={"class": CUE_CLASSES}, unique=("lemma",)),
    "denials.tsv": Table(columns=("group", "phrase"), required=("group", "phrase"),
                         choices={"group": ("verb", "object", "verdict", "adverb", "self_subject", "not_agent",
                                            "report_noun")}),
    "relation_words.txt": WordList(sections=("stopword", "generic", "common_name", "generic_source"), lower=True),
    "relation_terms.tsv": Table(columns=("group", "word", "as"), required=("group", "word", "as"),
                                choices={"group": ("synonym", "unit", "period")}, check=_unique_in_group),
    "countries.tsv": Table(columns=("code", "name", "demonyms", "aliases"), required=("code", "name"),
                           unique=("code", "name"), lists=("demonyms", "aliases")),
    "gazetteer.tsv": Table(columns=("name", "kind", "country", "parent", "aliases"),  # and, optional, "offices"
                           required=("name", "kind"), choices={"kind": SOURCE_KINDS}, unique=("name",),
                           lists=("aliases", "offices"),
                           check=_check_gazetteer),
    "outlet_domains.tsv": Table(columns=("domain", "outlet"), required=("domain", "outlet"), unique=("domain",),
                                check=_check_outlet_domains),
    "spellings.tsv": Table(columns=("british", "american"), required=("british", "american"), unique=("british",)),
    "country_bodies.tsv": Table(columns=("body", "kind", "forms"), required=("kind", "forms"),
                                choices={"kind": SOURCE_KINDS}, unique=("body",), lists=("forms",),
                                check=_check_body_forms),
    "role_nouns.tsv": Table(columns=("noun", "kind"), required=("noun", "kind"), choices={"kind": SOURCE_KINDS},
                            unique=("noun",)),
    "title_words.txt": WordList(lower=True),
    "source_heads.txt": WordList(sections=SOURCE_KINDS, lower=True),
    "descriptor_words.txt": WordList(lower=True),
}


def _spec(name: str) -> WordList | Table:
    try:
        return FILES[name]
    except KeyError:
        raise LexiconError(f"{name}: not a declared data file (claimtrack.lexicon.FILES)") from None


def _read(name: str) -> list[tuple[int, str]]:
    """(line number, line) for every line that is not blank or a comment."""
    try:
        text = resources.files("claimtrack").joinpath(f"data/{name}").read_text("utf-8")
    except FileNotFoundError:
        raise LexiconError(f"{name}: data file missing from claimtrack/data/") from None
    return [(i, line.rstrip("\r")) for i, line in enumerate(text.split("\n"), 1)
            if line.strip() and not line.lstrip().startswith("#")]


@cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """A word list's entries by section ("" holds the entries before any section header)."""
    spec = _spec(name)
    if not isinstance(spec, WordList):
        raise LexiconError(f"{name}: a table, not a word list")
    out: dict[str, list[str]] = {"": []}
    seen: dict[tuple[str, str], int] = {}
    current = ""
    for lineno, raw in _read(name):
        line = raw.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip()
            if current not in spec.sections:
                allowed = ", ".join(spec.sections) or "none"
                raise LexiconError(f"{name}, line {lineno}: unknown section [{current}] (allowed: {allowed})")
            out.setdefault(current, [])
            continue
        if spec.sections and not current:
            raise LexiconError(f"{name}, line {lineno}: an entry before the first [section]")
        if spec.lower and line != line.lower():
            raise LexiconError(f"{name}, line {lineno}: {line!r} must be written in lower case")
        if (current, line) in seen:
            raise LexiconError(f"{name}, line {lineno}: {line!r} repeats line {seen[(current, line)]}")
        seen[(current, line)] = lineno
        out[current].append(line)
    return {k: tuple(v) for k, v in out.items()}


def words(name: str, section: str = "") -> tuple[str, ...]:
    """The entries of a word list, or of one of its sections, in file order."""
    spec = _spec(name)
    if isinstance(spec, WordList) and section and section not in spec.sections:
        raise LexiconError(f"{name}: no section [{section}]")
    return sections(name).get(section, ())


@cache
def table(name: str) -> tuple[Row, ...]:
    """The rows of a table, checked against its declaration."""
    spec = _spec(name)
    if not isinstance(spec, Table):
        raise LexiconError(f"{name}: a word list, not a table")
    lines = _read(name)
    if not lines:
        raise LexiconError(f"{name}: empty")
    header_line, header = lines[0]
    columns = header.split("\t")
    missing = [c for c in spec.columns if c not in columns]
    if missing:
        raise LexiconError(f"{name}, line {header_line}: the header lacks column {missing[0]!r} "
                           f"(expected {', '.join(spec.columns)})")
    rows: list[Row] = []
    seen: dict[tuple[str, str], int] = {}
    for lineno, line in lines[1:]:
        cells_list = next(csv.reader([line], delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(cells_list) > len(columns):
            raise LexiconError(f"{name}, line {lineno}: {len(cells_list)} cells, the header names {len(columns)}")
        cells = {c: v.strip() for c, v in zip(columns, cells_list, strict=False)}
        for col in spec.required:
            if not cells.get(col):
                raise LexiconError(f"{name}, line {lineno}: column {col!r} is empty")
        for col, allowed in spec.choices.items():
            if cells.get(col) and cells[col] not in allowed:
                raise LexiconError(f"{name}, line {lineno}: unknown {col} {cells[col]!r} (known: {', '.join(allowed)})")
        for col in spec.unique:
            key = (col, cells.get(col, ""))
            if key in seen:
                raise LexiconError(f"{name}, line {lineno}: {col} {cells.get(col)!r} repeats line {seen[key]}")
            seen[key] = lineno
        rows.append(Row(lineno, cells))
    out = tuple(rows)
    if spec.check is not None:
        spec.check(name, out)
    return out


def load_all() -> dict[str, object]:
    """Read and check every data file (the test suite calls this); a file in ``data/`` that is not declared is an
    error too."""
    present = {p.name for p in resources.files("claimtrack").joinpath("data").iterdir()
               if p.name.endswith((".txt", ".tsv"))}
    undeclared = sorted(present - set(FILES))
    if undeclared:
        raise LexiconError(f"{undeclared[0]}: a data file that claimtrack.lexicon.FILES does not declare")
    return {name: (sections(name) if isinstance(spec, WordList) else table(name)) for name, spec in FILES.items()}
