"""What the relation rules read in one claim: content terms, entities, figures, places and signals, each
computed once per text (cached), and ``ClaimView``, a claim with them. ``claim_keys`` gives the store's index
keys for cross-article candidates: entities, quantities with units, event dates, salient words, and the story's
entities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from .. import denials, fastre, lexicon
from ..model import DenialCue
from ..words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

WORD = fastre.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_WORDS = lexicon.sections("relation_words.txt")
STOPWORDS = frozenset(_WORDS["stopword"]) | frozenset(WEEKDAYS)
GENERIC = frozenset(_WORDS["generic"])


def _terms() -> dict[str, dict[str, str]]:
    """relation_terms.tsv by group: word → what it counts as."""
    out: dict[str, dict[str, str]] = {}
    for row in lexicon.table("relation_terms.tsv"):
        out.setdefault(row["group"], {})[row["word"]] = row["as"]
    return out


_TERMS = _terms()
_SYN = _TERMS["synonym"]  # stems folded to one stem, so "died" meets "killed" and "detained" meets "arrested"
_UNIT_CLASS = _TERMS["unit"]
_PERIOD_CLASS = _TERMS["period"]
_PERIOD = fastre.compile(rf"\b({'|'.join(sorted(map(re.escape, _PERIOD_CLASS), key=len, reverse=True))})\b", re.I)
_PARTIAL = fastre.compile(r"\b(?:by\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|by\s+(?:noon|midday|mid-morning|"
                      r"mid-afternoon)|provisional|preliminary|partial (?:results|count))\b", re.I)
_INTENT = fastre.compile(r"\b(demand\w*|offer\w*|propos\w*|seek\w*|sought|ask\w*|request\w*|bid|want\w*)\b", re.I)
_MODAL = fastre.compile(r"\b(?:expect\w*|predict\w*|asked|ask\w*|demand\w*|seek\w*|sought|call\w* for|"
                    r"propos\w*|could|might|may|would|plans? to|planning|intends?|urg\w+)\b", re.I)
_DIRECTION_UP = fastre.compile(r"\b(?:rose|rise|rises|rising|risen|up|increas\w*|gain\w*|grew|grow\w*|jump\w*|"
                           r"climb\w*|recover\w*|surg\w*)\b", re.I)
_DIRECTION_DOWN = fastre.compile(r"\b(?:fell|fall|falls|falling|fallen|down|decreas\w*|declin\w*|drop\w*|lost|slid|"
                             r"slump\w*|plung\w*|cut)\b", re.I)
NEGATION = fastre.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|didn't|doesn't|don't|isn't|wasn't|"
                       r"weren't|aren't|hasn't|haven't|hadn't|won't|cannot|can't|denied|denies|deny|false|untrue|"
                       r"baseless|fake|fabricated|unfounded|groundless|zero|nobody|no one)\b", re.I)
_FAIL = fastre.compile(r"\b(?:unsuccessful|failed|fail|fails|failure|repelled|repulsed|thwarted|foiled|beaten back|"
                   r"defeated|collapsed|halted|rebuffed|in vain|intercepted|shot down|no (?:\w+ )?(?:ships|vessels|"
                   r"aircraft|targets) (?:were|was) (?:damaged|hit))\b", re.I)
_SUCCEED = fastre.compile(r"\b(?:successful|succeeded|successfully|achieved (?:its|their|all)?\s*(?:goals?|objectives?|aims?)|"
                      r"(?:captured|seized) (?:the )?(?:village|town|city|settlement|district|area|positions?|airport|"
                      r"bridge|base|territory|hill|port)|took (?:full )?control|taken (?:full )?control|liberated|broke through|"
                      r"breakthrough|recaptured|retook|destroyed|hit (?:its|their) targets?)\b", re.I)
# opposite states: (pattern A, pattern B); a claim matching A contradicts one matching B on the same matter
_OPPOSITES = [
    (fastre.compile(r"\bpositive\b", re.I), fastre.compile(r"\bnegative\b|\bno adverse\b", re.I)),
    (fastre.compile(r"\b(?:halt(?:ed)?|came to a (?:halt|standstill)|stopped|shut down|suspended|paralys\w+|idle)\b", re.I),
     fastre.compile(r"\b(?:operating normally|running normally|normal operations?|working normally|operat\w+ as usual|"
                r"continu\w+ (?:to operate|operating|working))\b", re.I)),
    (fastre.compile(r"\b(?:ceasefire|truce)\b[^.]{0,120}\b(?:holding|held|respected|observed)\b", re.I),
     fastre.compile(r"\b(?:fighting|clashes|shelling|attacks|air ?strikes)\b[^.]{0,30}\b(?:continu\w+|resum\w+|raged|erupted)\b|"
                r"\bartillery fire\b|\bviolat\w+ the (?:ceasefire|truce)\b", re.I)),
    (fastre.compile(r"\bguilty\b(?<!not guilty)", re.I), fastre.compile(r"\b(?:acquitted|innocent|not guilty|cleared)\b", re.I)),
    (fastre.compile(r"\b(?:arrested|detained|in custody)\b", re.I),
     fastre.compile(r"\b(?:not been (?:arrested|detained)|voluntarily as a witness|released without charge|free)\b", re.I)),
    (fastre.compile(r"\b(?:illegal|unlawful)\b", re.I), fastre.compile(r"\b(?:legal|lawful)\b", re.I)),
]
_MONTHS = rf"(?:{'|'.join(sorted({m[:3] for m in MONTHS} | set(MONTH_ABBREVIATIONS)))})[a-z]*\.?"
_NUMWORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
             "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
             "fifty": 50, "hundred": 100, "dozen": 12, "dozens": 24, "hundreds": 200, "thousands": 2000}
_QUALIFIERS = (r"no more than|not more than|no fewer than|no less than|not less than|at most|"
               r"at least|more than|over|about|around|nearly|almost|up to|some|approximately|roughly|only|just|"
               r"fewer than|less than|as many as|as much as|an estimated|estimated|between")
# a figure: currency, number (digits or a number word), range end, multiplier, percent
_FIGURE = re.compile(
    r"(?P<cur>[$€£])?\s?(?P<n>(?<![\w.-])\d(?:[\d,]*\d)?(?:\.\d+)?(?![\w-]*-\d)|\b(?:one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|dozens|hundreds|thousands)\b)"
    r"(?:\s*(?:and|to|-|–)\s*(?P<n2>\d[\d,]*(?:\.\d+)?))?"
    r"\s*(?P<mult>million|billion|thousand|trillion|mn|bn|m\b|k\b)?\s*(?P<pct>%|percent|per cent|percentage points?)?",
    re.I)
# the qualifier words right in front of it ("at least", "more than about"), read backwards from the figure
_QUALIFIER_RUN = re.compile(rf"(?:\b(?:{_QUALIFIERS})\s+)+$", re.I)


def _figures(text: str):
    """(start, qualifier, figure match) for each figure, left to right: what one pattern of qualifier words
    followed by a figure finds with ``finditer``, without trying the qualifiers at every position (a run of
    qualifiers can only end where a figure begins)."""
    pos = 0
    for m in _FIGURE.finditer(text):
        b = m.start("cur") if m.group("cur") else m.start("n")
        q = _QUALIFIER_RUN.search(text, max(pos, b - 80), b)
        start = q.start() if q else m.start()
        yield start, (text[q.start() : b] if q else ""), m
        pos = m.end()

_UNIT_SKIP = frozenset("""of its their the his her our additional more other new further least and a an some about
around nearly over those these such local foreign""".split())
_UNIT_BAD = frozenset("""and or the of to in on a an at for from by with am pm years year days day hours hour local time
st nd rd th times points per than that which who was were is are had has have be been will would minutes seconds
weeks months""".split())


@lru_cache(maxsize=131072)
def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    for suf in ("'s", "ies", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + ("y" if suf == "ies" else "")
            if suf in ("ed", "ing") and len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsaeiou":
                w = w[:-1]  # shipped → ship
            break
    if w.endswith("e") and len(w) > 5:
        w = w[:-1]
    return _SYN.get(w, w)


class _TermTable(dict):
    """word → its content term ("" for stopwords, numbers and single letters), filled on first sight."""

    def __missing__(self, w: str) -> str:
        t = stem(w) if w.lower() not in STOPWORDS and not w[0].isdigit() and len(w) > 1 else ""
        if len(self) < 1_000_000:  # a vocabulary, bounded all the same
            self[w] = t
        return t


_TERM_OF = _TermTable()


@lru_cache(maxsize=65536)
def content_terms(text: str) -> frozenset[str]:
    terms = set(map(_TERM_OF.__getitem__, WORD.findall(text)))
    terms.discard("")
    return frozenset(terms)


_CAPITALIZED = re.compile(r"\b([A-Z][A-Za-z'’-]+|[A-Z]{2,}\d*)\b")


@lru_cache(maxsize=65536)
def entity_terms(text: str) -> frozenset[str]:
    """Capitalized words and acronyms (not sentence-initial function words), stemmed: who and where."""
    out = set()
    for m in _CAPITALIZED.finditer(text):
        w = m.group(1)
        low = w.lower()
        if (low in STOPWORDS and not w.isupper()) or low in GENERIC or len(w) < 2:
            continue
        if m.start() == 0 and low in ("the", "a", "an", "but", "and", "in", "on", "at"):
            continue
        out.add(stem(w))
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str
    qualifier: str  # at least / about / ... / ""
    text: str
    start: int = 0
    end: int = 0
    high: float | None = None  # a range's upper end ("between 56 and 58 percent")


def _num(raw: str) -> float | None:
    low = raw.lower()
    if low in _NUMWORDS:
        return float(_NUMWORDS[low])
    try:
        return float(raw.replace(",", ""))
    except ValueError:
        return None


_DIGIT = re.compile(r"\d")
_ZERO = fastre.compile(r"\b(?:no|zero|none of the)\s+(?:[a-z-]+\s+)?(?P<unit>[a-z]+s)\b", re.I)


def _may_count(text: str) -> bool:
    """Cheap look for what every figure needs: a digit or a number word."""
    if _DIGIT.search(text):
        return True
    low = text.lower()
    return any(map(low.__contains__, _NUMWORDS))


_MONTH_BEFORE = re.compile(rf"\b{_MONTHS}\s*$", re.I)  # "June 5": a day, not a count
_NOT_A_COUNT_BEFORE = re.compile(r"[A-Za-z]-$|:\s*$|\d[:.]$")  # "F-16", "10:30", "1.5"
_UNIT_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NUMBER_OF = re.compile(r"\bnumber of ([a-z]+)", re.I)


@lru_cache(maxsize=32768)
def quantities(text: str) -> tuple[Quantity, ...]:
    out = []
    for start, pre, m in (_figures(text) if _may_count(text) else ()):
        v = _num(m.group("n"))
        if v is None:
            continue
        before = text[max(0, m.start("n") - 12) : m.start("n")]
        if _MONTH_BEFORE.search(before) or _NOT_A_COUNT_BEFORE.search(before):
            continue
        mult = (m.group("mult") or "").lower()
        f = {"million": 1e6, "billion": 1e9, "thousand": 1e3, "trillion": 1e12, "mn": 1e6, "bn": 1e9, "m": 1e6,
             "k": 1e3}.get(mult, 1)
        v *= f
        n2 = _num(m.group("n2")) if m.group("n2") else None
        high = n2 * f if n2 is not None else None
        qual = " ".join(pre.lower().split())
        if m.group("pct"):
            unit = "%"
        elif m.group("cur"):
            unit = {"$": "usd", "€": "eur", "£": "gbp"}[m.group("cur")]
        else:
            unit = ""
            words = _UNIT_WORD.findall(text[m.end() : m.end() + 60])[:5]
            run: list[str] = []
            for w in words:
                lw = w.lower()
                if not run and lw in _UNIT_SKIP or not run and w[:1].isupper() and lw not in ("teu",):
                    continue
                if lw in _UNIT_BAD or lw in _UNIT_SKIP:
                    break
                run.append(lw)
                if len(run) == 3:
                    break
            if run:
                plural = [w for w in run if w.endswith("s") and not w.endswith("ss")]
                unit = stem(plural[0] if plural else run[0])
            if not unit:
                nm = _NUMBER_OF.search(text[:start])
                unit = stem(nm.group(1)) if nm else ""
        if not unit or unit in _UNIT_BAD:
            continue
        if unit not in ("%",) and 1900 <= v <= 2100 and "," not in m.group("n") and not mult:
            continue
        unit = _UNIT_CLASS.get(unit, unit)
        out.append(Quantity(v, unit, qual, text[start : m.end()].strip(), m.start("n"), m.end(), high))
    for m in _ZERO.finditer(text):
        u = stem(m.group("unit"))
        out.append(Quantity(0.0, _UNIT_CLASS.get(u, u), "", m.group(0), m.start(), m.end()))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class ClaimView:
    """What relation rules look at: one claim, its sentence, its sources and its story's context."""

    key: Any  # caller's identifier: (sentence_start, claim_index) in a story, a claim id in the store
    text: str  # the content (or the sentence when there is no content span)
    sentence: str
    sources: frozenset[str]
    kind: str
    position: int = 0  # order within the story (sentence start)
    event_date: str | None = None
    terms: frozenset[str] = field(default_factory=frozenset)
    story: Any = None  # which story (document) the claim is in
    context: frozenset[str] = field(default_factory=frozenset)  # content terms of the whole story
    entities: frozenset[str] = field(default_factory=frozenset)  # entities of the whole story
    denied: str | None = None  # for denials: what is denied (text after the cue)
    anaphoric: bool = False  # for denials: "denied it" / "the report"
    denial: DenialCue | None = None  # the denial form read in its sentence (``denials.detect``)

    @staticmethod
    def build(key, text, sentence, sources, kind, position=0, event_date=None, story=None,
              context: frozenset[str] = frozenset(), entities: frozenset[str] = frozenset(),
              denial: DenialCue | None = None) -> ClaimView:
        """``denial``: the denial form read in the claim's sentence (the pipeline carries it; the store reads it
        again from a stored sentence)."""
        terms = content_terms(sentence) if sentence else content_terms(text)
        denied, anaphoric = denials.denied(denial, text, sentence) if kind == "denial" else (None, False)
        return ClaimView(key, text, sentence, frozenset(sources), kind, position, event_date, terms, story,
                         context, entities, denied, anaphoric, denial)


@dataclass(frozen=True, slots=True)
class Link:
    source: Any
    target: Any
    kind: str
    confidence: float
    evidence: str
    method: str


def claim_keys(view: ClaimView) -> set[str]:
    """Index keys for cross-article candidates: quantities with units, entities, dates, salient words, and
    (so that a denial meets what it denies) the story's entities."""
    keys: set[str] = set()
    for q in quantities(view.sentence or view.text):
        keys.add(f"q:{q.unit}")
    for e in entity_terms(view.sentence or view.text):
        keys.add(f"e:{e}")
    if view.event_date:
        keys.add(f"d:{view.event_date}")
    for t in sorted(view.terms - GENERIC, key=lambda t: (-len(t), t))[:6]:
        keys.add(f"w:{t}")
    keys.update(_story_entity_keys(view.entities))
    return keys


@lru_cache(maxsize=1024)
def _story_entity_keys(entities: frozenset[str]) -> tuple[str, ...]:
    """The keys of a story's 12 longest entities (every claim of the story shares them: sorted once)."""
    return tuple(f"e:{e}" for e in sorted(entities, key=lambda t: (-len(t), t))[:12])


# whose figure it is: "Russian forces lost 1,210" is not "Ukrainian forces lost 1,500"
DEMONYM = fastre.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|ani|ini|i|an)|Afghan|Thai|Greek|French|Dutch|Swiss|Czech|"
                      r"Israeli|Iraqi|Russian|Ukrainian|US|UK)(?:'s|’s)?$")
_CLAUSE_CUT = fastre.compile(r"\b(?:said|says|told|according|reported|announced|stated|added)\b|[;:(]|\s[-–—]\s|"
                         r",(?=[^,]{0,50}\b(?:said|says|told|according)\b)", re.I)


@lru_cache(maxsize=65536)
def _window(text: str, q: Quantity, before: int = 6, after: int = 6) -> tuple[frozenset[str], frozenset[str]]:
    """Content terms and entities around a figure, within its clause (not the source's words): what it counts."""
    left_start = max(0, q.start - 90)
    left_text = text[left_start : q.start]
    cuts = list(_CLAUSE_CUT.finditer(left_text))
    if cuts:
        left_start += cuts[-1].end()
        left_text = left_text[cuts[-1].end() :]
    right_text = text[q.end : q.end + 90]
    cut = _CLAUSE_CUT.search(right_text)
    if cut:
        right_text = right_text[: cut.start()]
    # the sentence's first word is capitalised by position, not as a name: "Turnout … reached 61.4 percent"
    first, first_left = WORD.search(text), WORD.search(left_text)
    opener = first.group(0) if first and first_left and first_left.start() + left_start == first.start() else None
    left = WORD.findall(left_text)
    right = WORD.findall(right_text)
    lt = [w for w in left if w.lower() not in STOPWORDS and not w[0].isdigit()][-before:]
    rt = [w for w in right if w.lower() not in STOPWORDS and not w[0].isdigit()][:after]
    demonyms = frozenset(stem(w) for w in lt if DEMONYM.match(w))
    if opener is not None and left and left[0] == opener and lt and lt[0] == opener and not DEMONYM.match(opener):
        lt[0] = opener.lower()
    words = lt + rt
    return frozenset(stem(w) for w in words if stem(w) != q.unit and not w[:1].isupper()), demonyms


@lru_cache(maxsize=65536)
def figure_profile(text: str, q: Quantity) -> tuple[frozenset[str], frozenset[str], str | None, tuple[bool, bool]]:
    """What a figure's pairings look at, computed once per figure rather than once per pair: its window terms
    and demonyms (``_window``), the stem of an intent word before it ("demanded", "offered") and whether its
    window says up or down."""
    words, demonyms = _window(text, q)
    intent = _INTENT.search(text[max(0, q.start - 40) : q.start])
    joined = " ".join(words)
    return (words, demonyms, stem(intent.group(1)) if intent else None,
            (_DIRECTION_UP.search(joined) is not None, _DIRECTION_DOWN.search(joined) is not None))


@lru_cache(maxsize=65536)
def period(text: str) -> frozenset[str]:
    return frozenset({_PERIOD_CLASS.get(m.group(1).lower(), m.group(1).lower()) for m in _PERIOD.finditer(text)})


@lru_cache(maxsize=65536)
def partial(text: str) -> bool:
    return bool(_PARTIAL.search(text))


@lru_cache(maxsize=65536)
def state_marks(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """For each opposite pair, the words of side A and side B found in the text (cached per sentence)."""
    out = []
    for pa, pb in _OPPOSITES:
        ma, mb = pa.search(text), pb.search(text)
        out.append((ma.group(0) if ma else None, mb.group(0) if mb else None))
    return tuple(out)


@lru_cache(maxsize=65536)
def outcomes(text: str) -> tuple[str | None, str | None]:
    """(failure words, success words) of a sentence, cached."""
    f, su = _FAIL.search(text), _SUCCEED.search(text)
    return f.group(0) if f else None, su.group(0) if su else None


@lru_cache(maxsize=65536)
def marks(text: str) -> tuple[str | None, str | None, bool, bool]:
    """(failure words, success words, negated, modal) of a sentence, cached. Only support and repeats read the
    last two: the cheap tests (``signals``) read ``outcomes`` alone."""
    return (*outcomes(text), bool(NEGATION.search(text)), bool(_MODAL.search(text)))


# names too common to tell two stories' events apart ("the ministry", "Reuters", "Monday")
_COMMON_NAMES = frozenset(stem(w) for w in (*_WORDS["common_name"], *WEEKDAYS, *MONTHS, *MONTH_ABBREVIATIONS))


@lru_cache(maxsize=65536)
def specific_names(entities: frozenset[str]) -> frozenset[str]:
    """A story's own names — places, people, firms, vessels — not countries, institutions or weekdays."""
    countries = country_words()
    return frozenset(e for e in entities if e not in countries and e not in _COMMON_NAMES
                     and not DEMONYM.match(e.capitalize()) and len(e) > 2)


def claim_names(v: ClaimView) -> frozenset[str]:
    """The specific names in the claim's own sentence."""
    return specific_names(entity_terms(v.sentence or v.text))


_PLACE = fastre.compile(r"\b(?:in|near|at|outside|around|across|on)\s+(?:the\s+)?(?:(?:[a-z]+\s+){0,2}(?:town|city|village|"
                    r"province|region|district|port|county|state|capital|oblast) of\s+)?"
                    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
_NOT_PLACE = fastre.compile(rf"^(?:{_MONTHS}|{'|'.join(WEEKDAYS)}|the|a|an|this|that|"
                            r"total|all|some|least|one|first|last|april|may)$", re.I)


def places_of(v: ClaimView) -> frozenset[str]:
    return places_in(v.sentence or v.text)


@lru_cache(maxsize=65536)
def places_in(text: str) -> frozenset[str]:
    out: set[str] = set()
    for m in _PLACE.finditer(text):
        first = m.group("place").split()[0]
        if not _NOT_PLACE.match(first):
            out.update(stem(w) for w in m.group("place").split() if w.lower() not in ("oblast", "region", "province"))
    return frozenset(out)


@lru_cache(maxsize=1)
def country_words() -> frozenset[str]:
    out: set[str] = set()
    for row in lexicon.table("countries.tsv"):
        for name in [row["name"], *row.items("demonyms")]:
            out.update(stem(w) for w in name.split())
    return frozenset(out)


def named_things(v: ClaimView, places: frozenset[str]) -> frozenset[str]:
    """Named things in the claim's own sentence that are not places, countries or its sources: a vessel, a firm."""
    names = {stem(w) for s in v.sources for w in WORD.findall(s.removeprefix("outlet:"))}
    return frozenset(e for e in entity_terms(v.sentence or v.text) if e not in places and e not in names
                     and e not in country_words() and not DEMONYM.match(e.capitalize()))


class Signals(NamedTuple):
    """What the rules' prefilters read in a sentence (``signals``)."""

    units: frozenset[str]  # the units of its figures
    zero: bool  # one of them is zero ("no shipments")
    side_a: int  # bit i: side A of opposite pair i (``_OPPOSITES``) is there
    side_b: int  # bit i: side B of opposite pair i is there
    fails: bool  # failure words ("repelled")
    succeeds: bool  # success words ("took control")


@lru_cache(maxsize=65536)
def signals(text: str) -> Signals:
    """What any relation rule needs in a sentence, cached: the prefilters of ``rules.RULES`` read only this."""
    side_a = side_b = 0
    for i, (ma, mb) in enumerate(state_marks(text)):
        side_a |= (ma is not None) << i
        side_b |= (mb is not None) << i
    f, su = outcomes(text)
    qs = quantities(text)
    return Signals(frozenset(q.unit for q in qs), any(q.value == 0 for q in qs), side_a, side_b, f is not None,
                   su is not None)
