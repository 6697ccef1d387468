"""Regular expressions with a literal pre-filter: the same matches, found (or ruled out) faster.

Most rule patterns in the core look for words that rarely occur ("denied", "ceasefire … holding",
"according to"), yet Python's backtracking engine tries a case-insensitive pattern that starts with ``\\b`` or
an alternation at every position of every sentence. ``compile`` reads the pattern's parse tree once and derives
a *necessary literal set*: strings of which at least one must occur in any text the pattern matches (the
idea of RE2's and Hyperscan's prefilters). A search first checks those strings with ``in`` on the (lowered)
text, which costs a fraction of a microsecond, and runs the real pattern only when one is present.

The filter is conservative by construction: where the tree gives no certainty (optional parts, character
classes, back-references, inline flag changes) it yields no literal, and a pattern without a usable literal
set runs unfiltered. Results are those of ``re`` itself, match objects included.
"""

from __future__ import annotations

import re
from re import _constants as c  # type: ignore[attr-defined]
from re import _parser  # type: ignore[attr-defined]

_MAX_LITERALS = 64

# the lowered form of the last text searched: rule patterns run over the same sentence one after another
_last_text: str | None = None
_last_folded = ""


def _folded(text: str) -> str:
    global _last_text, _last_folded
    if text is not _last_text:
        _last_folded = text.lower() if text.isascii() else text.casefold()
        _last_text = text
    return _last_folded


def _score(clause: frozenset[str]) -> tuple[int, int]:
    return (min(len(x) for x in clause), -len(clause))


def _required(seq, fold: bool) -> list[frozenset[str]]:
    """Necessary literals of a parsed sequence, as clauses that must all hold (each clause: one of its strings
    occurs). An empty list means nothing is certain."""
    clauses: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if run:
            clauses.append(frozenset({"".join(run)}))
            run.clear()

    for op, av in seq:
        if op is c.LITERAL:
            ch = chr(av)
            run.append(ch.casefold() if fold else ch)
            continue
        if op is c.AT:
            continue  # zero-width: "\bdenied" still needs "denied"; a run may go on across it
        close_run()
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & re.IGNORECASE:
                return []  # an inline case flag change: stay out of it
            clauses.extend(_required(sub, fold))
        elif op is c.BRANCH:
            # one of the branches matches: the union of each branch's best clause is necessary
            best = [_pick(_required(branch, fold), 1) for branch in av[1]]
            if all(best):
                clauses.append(frozenset().union(*(b[0] for b in best)))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            lo, _hi, sub = av
            if lo >= 1:
                clauses.extend(_required(sub, fold))
        elif op is c.ATOMIC_GROUP:
            clauses.extend(_required(av, fold))
        # classes, any-char, lookarounds, back-references: nothing certain
    close_run()
    return [cl for cl in clauses if cl and all(cl) and len(cl) <= _MAX_LITERALS]


def _pick(clauses: list[frozenset[str]], k: int) -> list[frozenset[str]]:
    """The k clauses that filter best (long literals, few of them)."""
    return sorted(set(clauses), key=_score, reverse=True)[:k]


def _anchored(tree, flags: int) -> bool:
    """Patterns ``re`` already tries cheaply, where a filter would only add cost: tied to the start of the text,
    or opening with a character or a character class (the engine skips ahead to where that occurs)."""
    if not len(tree):
        return True
    op, av = tree[0]
    if op is c.AT:
        return av is c.AT_BEGINNING and not flags & re.MULTILINE
    return op in (c.LITERAL, c.IN) and not flags & re.IGNORECASE


def _reduce(clause: frozenset[str]) -> frozenset[str]:
    """The same condition with fewer scans: a literal that contains another one of the clause is implied by it
    ("denied" needs no check of its own when "den" is checked)."""
    kept: list[str] = []
    for lit in sorted(clause, key=len):
        if not any(k in lit for k in kept):
            kept.append(lit)
    return frozenset(kept)


class Pattern:
    """A compiled pattern with a literal pre-filter; the API of ``re.Pattern`` that the core uses."""

    __slots__ = ("_re", "_lits", "_fold", "pattern", "flags", "groupindex", "groups")

    def __init__(self, pattern: str, flags: int = 0):
        self._re = re.compile(pattern, flags)
        self.pattern, self.flags = self._re.pattern, self._re.flags
        self.groupindex, self.groups = self._re.groupindex, self._re.groups
        self._fold = bool(flags & re.IGNORECASE)
        try:
            tree = _parser.parse(pattern, flags)
            clauses = [] if _anchored(tree, flags) else _required(tree, self._fold)
        except Exception:  # noqa: BLE001 - an unusual tree: no filter, same results
            clauses = []
        # one-character literals filter almost nothing and cost a scan each
        clauses = [_reduce(cl) for cl in clauses if min(map(len, cl)) >= 2]
        self._lits = tuple(tuple(sorted(cl, key=len, reverse=True)) for cl in _pick(clauses, 3)) or None

    def possible(self, text: str) -> bool:
        """False only when the pattern cannot match anywhere in ``text``."""
        lits = self._lits
        if lits is None:
            return True
        has = (_folded(text) if self._fold else text).__contains__
        for clause in lits:
            if not any(map(has, clause)):
                return False
        return True

    def search(self, text: str, *args):
        return self._re.search(text, *args) if self.possible(text) else None

    def match(self, text: str, *args):
        return self._re.match(text, *args) if self.possible(text) else None

    def fullmatch(self, text: str, *args):
        return self._re.fullmatch(text, *args) if self.possible(text) else None

    def finditer(self, text: str, *args):
        return self._re.finditer(text, *args) if self.possible(text) else iter(())

    def findall(self, text: str, *args):
        return self._re.findall(text, *args) if self.possible(text) else []

    def sub(self, repl, text: str, count: int = 0):
        return self._re.sub(repl, text, count) if self.possible(text) else text

    def subn(self, repl, text: str, count: int = 0):
        return self._re.subn(repl, text, count) if self.possible(text) else (text, 0)

    def split(self, text: str, maxsplit: int = 0):
        return self._re.split(text, maxsplit) if self.possible(text) else [text]

    def __repr__(self) -> str:
        return f"fastre.Pattern({self.pattern!r}, literals={self._lits!r})"


def compile(pattern: str, flags: int = 0) -> Pattern | re.Pattern:  # noqa: A001 - mirrors re.compile
    """A filtered pattern, or the plain compiled one when no literal is certain (no filter, no overhead)."""
    p = Pattern(pattern, flags)
    return p if p._lits else p._re

