"""Relations between claims: denials to what they deny, contradictions, support and repeats.

Pure functions over ``ClaimView`` (a claim's sentence, sources, story context and features). The pipeline
applies ``link_story`` within a story; the store applies ``compare`` and ``denial_score`` to candidates it
finds through its key index across articles. ``claim_keys`` gives those index keys: entities, quantities
with units, event dates, salient words, and the story's entities.

The rules, each leaving its evidence in words an analyst can check:

- **denies** — a denial claim (see ``denials.py``) → the claim it denies: by anaphora (*denied it*, *the
  report*, *such claims*) the nearest earlier claim by a different source in the story whose content fits;
  by its explicit content (*denied shipping weapons to Russia*) the best matching claim, in the story or,
  across articles, in the other article's story (scored by shared content terms and shared story context).
- **contradicts** — different sources, same matter, incompatible content: different figures for the same
  quantity (unit classes, qualifiers such as *at least* / *about* / ranges, the words around each figure
  must agree and the period words must not clash: *annual* vs *monthly*), opposite outcomes (*repelled* vs
  *took control*), opposite states (*positive* vs *negative*, *halted* vs *operating normally*), or one
  negating the other's predicate (*violated sanctions* vs *did not violate sanctions*).
- **supports** — different sources, same matter, compatible figures or the same content.
- **repeats** — the same claim from the same source, reported again (across articles).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import denials, fastre, lexicon
from .model import DenialCue

_WORD = fastre.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
_STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as that this these those it its
is are was were be been being has have had do does did will would could should may might can must not no nor
so than then there their they them he she his her him we our us you your i my me who whom which what when where
why how all any both each few more most other some such only own same too very just also about into over after
before under again further once here up down out off said says say according told stated added reported
claimed announced noted report reports statement statements tuesday monday wednesday thursday friday saturday
sunday spokesman spokeswoman spokesperson official officials week day days year years month months per cent
percent while since last first new one two three four five six seven eight nine ten least than around nearly
about almost some""".split())
_GENERIC = frozenset("""report media claim allegation accusation story information assertion charge rumour rumor
western foreign news press baseless false fake absurd groundless fabricated unfounded provocation lie nonsense
statement saying deny denied rejected dismissed refuted truth malicious misleading untrue recent earlier latest""".split())
# synonyms folded to one stem, so "died" meets "killed" and "detained" meets "arrested"
_SYN = {
    "die": "kill", "di": "kill", "dead": "kill", "death": "kill", "kil": "kill", "killing": "kill", "life": "kill",
    "liv": "kill", "claim_liv": "kill", "perish": "kill", "slain": "kill",
    "injur": "injure", "wound": "injure", "hurt": "injure",
    "detain": "arrest", "custody": "arrest", "arrest": "arrest", "held": "arrest",
    "ship": "ship", "deliver": "ship", "send": "ship", "sent": "ship", "transfer": "ship", "export": "ship",
    "shipment": "ship", "delivery": "ship", "paid": "pay", "fee": "pay", "cost": "pay", "price": "pay", "pay": "pay",
    "strike": "strike", "strik": "strike", "struck": "strike", "hit": "strike", "attack": "strike", "target": "strike",
    "soldier": "troop", "troop": "troop", "fighter": "troop", "servicemen": "troop", "serviceman": "troop",
    "militant": "troop", "personnel": "troop", "guard": "troop",
    "people": "person", "person": "person", "civilian": "person", "resident": "person", "individual": "person",
    "peopl": "person",
    "vessel": "ship", "boat": "ship", "tanker": "ship", "aircraft": "plane", "aircraf": "plane", "jet": "plane",
    "died": "kill", "dies": "kill",
    "win": "win", "won": "win", "victory": "win",
    "dollar": "usd", "euro": "eur", "tonne": "ton", "ton": "ton", "metric": "ton",
}
_UNIT_CLASS = {"person": "person", "kill": "person", "troop": "troop", "peacekeeper": "troop", "rebel": "troop",
               "child": "person", "worker": "person", "student": "person", "migrant": "person", "refugee": "person",
               "passenger": "person", "employee": "person", "job": "job"}
_PERIOD = fastre.compile(r"\b(annual|annually|year-on-year|yearly|monthly|month-on-month|weekly|daily|quarterly|"
                     r"overnight|per day|a day|a year|a month)\b", re.I)
_PERIOD_CLASS = {"annual": "y", "annually": "y", "year-on-year": "y", "yearly": "y", "a year": "y",
                 "monthly": "m", "month-on-month": "m", "a month": "m", "weekly": "w", "daily": "d", "per day": "d",
                 "a day": "d", "quarterly": "q", "overnight": "d"}
_PARTIAL = fastre.compile(r"\b(?:by\s+\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|by\s+(?:noon|midday|mid-morning|"
                      r"mid-afternoon)|provisional|preliminary|partial (?:results|count))\b", re.I)
_INTENT = fastre.compile(r"\b(demand\w*|offer\w*|propos\w*|seek\w*|sought|ask\w*|request\w*|bid|want\w*)\b", re.I)
_MODAL = fastre.compile(r"\b(?:expect\w*|predict\w*|asked|ask\w*|demand\w*|seek\w*|sought|call\w* for|"
                    r"propos\w*|could|might|may|would|plans? to|planning|intends?|urg\w+)\b", re.I)
_DIRECTION_UP = fastre.compile(r"\b(?:rose|rise|rises|rising|risen|up|increas\w*|gain\w*|grew|grow\w*|jump\w*|"
                           r"climb\w*|recover\w*|surg\w*)\b", re.I)
_DIRECTION_DOWN = fastre.compile(r"\b(?:fell|fall|falls|falling|fallen|down|decreas\w*|declin\w*|drop\w*|lost|slid|"
                             r"slump\w*|plung\w*|cut)\b", re.I)
_NEGATION = fastre.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|didn't|doesn't|don't|isn't|wasn't|"
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
_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
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
        t = stem(w) if w.lower() not in _STOPWORDS and not w[0].isdigit() and len(w) > 1 else ""
        if len(self) < 1_000_000:  # a vocabulary, bounded all the same
            self[w] = t
        return t


_TERM_OF = _TermTable()


@lru_cache(maxsize=65536)
def content_terms(text: str) -> frozenset[str]:
    terms = set(map(_TERM_OF.__getitem__, _WORD.findall(text)))
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
        if (low in _STOPWORDS and not w.isupper()) or low in _GENERIC or len(w) < 2:
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
    for t in sorted(view.terms - _GENERIC, key=lambda t: (-len(t), t))[:6]:
        keys.add(f"w:{t}")
    keys.update(_story_entity_keys(view.entities))
    return keys


@lru_cache(maxsize=1024)
def _story_entity_keys(entities: frozenset[str]) -> tuple[str, ...]:
    """The keys of a story's 12 longest entities (every claim of the story shares them: sorted once)."""
    return tuple(f"e:{e}" for e in sorted(entities, key=lambda t: (-len(t), t))[:12])


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


# whose figure it is: "Russian forces lost 1,210" is not "Ukrainian forces lost 1,500"
_DEMONYM = fastre.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|ani|ini|i|an)|Afghan|Thai|Greek|French|Dutch|Swiss|Czech|"
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
    first, first_left = _WORD.search(text), _WORD.search(left_text)
    opener = first.group(0) if first and first_left and first_left.start() + left_start == first.start() else None
    left = _WORD.findall(left_text)
    right = _WORD.findall(right_text)
    lt = [w for w in left if w.lower() not in _STOPWORDS and not w[0].isdigit()][-before:]
    rt = [w for w in right if w.lower() not in _STOPWORDS and not w[0].isdigit()][:after]
    demonyms = frozenset(stem(w) for w in lt if _DEMONYM.match(w))
    if opener is not None and left and left[0] == opener and lt and lt[0] == opener and not _DEMONYM.match(opener):
        lt[0] = opener.lower()
    words = lt + rt
    return frozenset(stem(w) for w in words if stem(w) != q.unit and not w[:1].isupper()), demonyms


@lru_cache(maxsize=65536)
def _figure_profile(text: str, q: Quantity) -> tuple[frozenset[str], frozenset[str], str | None, tuple[bool, bool]]:
    """What a figure's pairings look at, computed once per figure rather than once per pair: its window terms
    and demonyms (``_window``), the stem of an intent word before it ("demanded", "offered") and whether its
    window says up or down."""
    words, demonyms = _window(text, q)
    intent = _INTENT.search(text[max(0, q.start - 40) : q.start])
    joined = " ".join(words)
    return (words, demonyms, stem(intent.group(1)) if intent else None,
            (_DIRECTION_UP.search(joined) is not None, _DIRECTION_DOWN.search(joined) is not None))


@lru_cache(maxsize=65536)
def _period(text: str) -> frozenset[str]:
    return frozenset({_PERIOD_CLASS.get(m.group(1).lower(), m.group(1).lower()) for m in _PERIOD.finditer(text)})


def _compatible(x: Quantity, y: Quantity) -> bool:
    """Can both figures be true of the same quantity?"""
    if x.high is not None or y.high is not None:
        xl, xh = x.value, x.high if x.high is not None else x.value
        yl, yh = y.value, y.high if y.high is not None else y.value
        return xl <= yh * 1.02 and yl <= xh * 1.02
    lo, hi = sorted((x.value, y.value))
    if hi == lo:
        return True
    for a, b in ((x, y), (y, x)):
        q = a.qualifier
        if q.startswith(("no ", "not ")) or q == "at most":
            # "no more than 48" is at most 48; "no fewer than 30" at least 30
            at_most = q in ("no more than", "not more than", "at most")
            if (b.value <= a.value) if at_most else (b.value >= a.value):
                return True
            continue
        if any(k in q for k in ("at least", "more than", "over", "as many as")) and b.value >= a.value:
            return True
        if any(k in q for k in ("up to", "fewer than", "less than")) and b.value <= a.value:
            return True
    loose = any(k in (x.qualifier + " " + y.qualifier) for k in ("about", "around", "nearly", "almost",
                                                                  "approximately", "roughly", "some", "estimated"))
    if lo == 0:
        return False
    rel = (hi - lo) / hi
    return rel <= (0.21 if loose else 0.035)


def _same_matter_figures(a: ClaimView, b: ClaimView):
    """Pairs of figures that count the same thing in both claims: (x, y, shared window words)."""
    ta, tb = a.sentence or a.text, b.sentence or b.text
    qa, qb = quantities(ta), quantities(tb)
    if not qa or not qb:
        return []
    pa, pb = _period(ta), _period(tb)
    if pa and pb and not (pa & pb):
        return []
    if _partial(ta) != _partial(tb):
        return []  # "turnout was 38 percent by 2pm" is not the final turnout
    out = []
    for x in qa:
        wx, ex, ix, dx = _figure_profile(ta, x)
        for y in qb:
            wy, ey, iy, dy = _figure_profile(tb, y)
            # "no shipments" vs "shipped 10,000 containers": a zero counts the act the other figure counts
            zero_match = (x.value == 0 and x.unit in wy) or (y.value == 0 and y.unit in wx)
            if x.unit != y.unit and not zero_match:
                continue
            if ex and ey and not (ex & ey):
                continue  # "Russian forces lost" vs "the Ukrainian armed forces lost"
            if ix != iy:
                continue  # a demand is not an offer
            if dx != dy and any(dx) and any(dy):
                continue
            shared = (wx & wy) - _GENERIC
            if shared or (x.unit not in ("%", "usd", "eur", "person", "troop") and _overlap(a.terms, b.terms) >= 0.4):
                out.append((x, y, shared))
    return out


@lru_cache(maxsize=65536)
def _partial(text: str) -> bool:
    return bool(_PARTIAL.search(text))


def _dates_clash(a: ClaimView, b: ClaimView) -> bool:
    if not a.event_date or not b.event_date:
        return False
    from datetime import date

    try:
        da, db = date.fromisoformat(a.event_date[:10]), date.fromisoformat(b.event_date[:10])
    except ValueError:
        return False
    return abs((da - db).days) > 400  # years apart; nearer dates may be one event dated loosely


@lru_cache(maxsize=65536)
def _state_marks(text: str) -> tuple[tuple[str | None, str | None], ...]:
    """For each opposite pair, the words of side A and side B found in the text (cached per sentence)."""
    out = []
    for pa, pb in _OPPOSITES:
        ma, mb = pa.search(text), pb.search(text)
        out.append((ma.group(0) if ma else None, mb.group(0) if mb else None))
    return tuple(out)


@lru_cache(maxsize=65536)
def _outcomes(text: str) -> tuple[str | None, str | None]:
    """(failure words, success words) of a sentence, cached."""
    f, su = _FAIL.search(text), _SUCCEED.search(text)
    return f.group(0) if f else None, su.group(0) if su else None


@lru_cache(maxsize=65536)
def _marks(text: str) -> tuple[str | None, str | None, bool, bool]:
    """(failure words, success words, negated, modal) of a sentence, cached. Only support and repeats read the
    last two: the cheap tests (``_signals``) read ``_outcomes`` alone."""
    return (*_outcomes(text), bool(_NEGATION.search(text)), bool(_MODAL.search(text)))


def _opposite_state(a: str, b: str) -> str | None:
    for (aa, ab), (ba, bb) in zip(_state_marks(a), _state_marks(b), strict=True):
        if aa and bb and not ab and not ba:
            return f"{aa} vs {bb}"
        if ab and ba and not aa and not bb:
            return f"{ab} vs {ba}"
    return None


_NEGATED = re.compile(r"\b(?:did not|didn't|does not|doesn't|had not|hadn't|has not|hasn't|have not|"
                      r"haven't|was not|wasn't|were not|weren't|never|not)\s+(?:been\s+|yet\s+)?"
                      r"(?P<verb>[a-z]+)(?P<obj>(?:\s+[A-Za-z][\w'’-]*){0,3})")


def _negated_predicate(a: str, b: str) -> str | None:
    """One claim negates the other's predicate: "did not violate UN sanctions" vs "violated UN sanctions"."""
    for neg, pos in ((a, b), (b, a)):
        for m in _NEGATED.finditer(neg):
            v = stem(m.group("verb"))
            if v in ("be", "have", "do", "been", "ha") or len(v) < 3:
                continue
            pos_terms = {stem(w) for w in _WORD.findall(pos)}
            if not _NEGATION.search(pos):  # the other side must be plainly affirmative
                if v in pos_terms:
                    obj = {stem(w) for w in _WORD.findall(m.group("obj"))} - {"the", "a", "an", "any"}
                    if not obj or obj & pos_terms:
                        return m.group(0).strip()
    return None


_COMMON_NAMES = frozenset(stem(w) for w in """ministry government army police president defence defense force forces air
council security national state states news reuters afp ap tass xinhua bbc cnn agency office department military
navy court parliament minister prime foreign interior health central bank union party committee commission
international united nations european west western east eastern north northern south southern new the
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december jan feb mar apr jun jul aug sep sept oct nov dec un eu nato us uk
organization organisation world who health group company institute university service services times post daily
press media network television radio channel agency statistical statistics office officials spokesman
spokeswoman spokesperson chief director general governor mayor minister ministry""".split())


@lru_cache(maxsize=65536)
def _specific_names(entities: frozenset[str]) -> frozenset[str]:
    """A story's own names — places, people, firms, vessels — not countries, institutions or weekdays."""
    countries = _country_words()
    return frozenset(e for e in entities if e not in countries and e not in _COMMON_NAMES
                     and not _DEMONYM.match(e.capitalize()) and len(e) > 2)


def _claim_names(v: ClaimView) -> frozenset[str]:
    """The specific names in the claim's own sentence."""
    return _specific_names(entity_terms(v.sentence or v.text))


def _same_event(a: ClaimView, b: ClaimView) -> bool:
    """Across articles, two stories are about one event only if they share a name of their own
    ("Zeebrugge", "Aurora Bay", "Kiprop"), not just "Russia" and "the ministry"."""
    if not a.entities or not b.entities:
        return True
    sa, sb = _specific_names(a.entities), _specific_names(b.entities)
    if sa and sb:
        return bool(sa & sb)
    return bool(a.entities & b.entities)  # a short wire story may name only the country


def _context_ok(a: ClaimView, b: ClaimView, same_story: bool) -> bool:
    if same_story or not a.entities or not b.entities:
        return True
    return len(a.entities & b.entities) >= 1


_PLACE = fastre.compile(r"\b(?:in|near|at|outside|around|across|on)\s+(?:the\s+)?(?:(?:[a-z]+\s+){0,2}(?:town|city|village|"
                    r"province|region|district|port|county|state|capital|oblast) of\s+)?"
                    r"(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)")
_NOT_PLACE = fastre.compile(rf"^(?:{_MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the|a|an|this|that|"
                        r"total|all|some|least|one|first|last|april|may)$", re.I)


def _places(v: ClaimView) -> frozenset[str]:
    return _places_in(v.sentence or v.text)


@lru_cache(maxsize=65536)
def _places_in(text: str) -> frozenset[str]:
    out: set[str] = set()
    for m in _PLACE.finditer(text):
        first = m.group("place").split()[0]
        if not _NOT_PLACE.match(first):
            out.update(stem(w) for w in m.group("place").split() if w.lower() not in ("oblast", "region", "province"))
    return frozenset(out)


@lru_cache(maxsize=1)
def _country_words() -> frozenset[str]:
    out: set[str] = set()
    for row in lexicon.table("countries.tsv"):
        for name in [row["name"], *row.items("demonyms")]:
            out.update(stem(w) for w in name.split())
    return frozenset(out)


def _specific(v: ClaimView, places: frozenset[str]) -> frozenset[str]:
    """Named things in the claim's own sentence that are not places, countries or its sources: a vessel, a firm."""
    names = {stem(w) for s in v.sources for w in _WORD.findall(s.removeprefix("outlet:"))}
    return frozenset(e for e in entity_terms(v.sentence or v.text) if e not in places and e not in names
                     and e not in _country_words() and not _DEMONYM.match(e.capitalize()))


def _places_differ(a: ClaimView, b: ClaimView) -> bool:
    """Two events: "27 killed in floods in Arlit" vs "9 killed in floods in Agadez" — unless a story names both
    places or the claims share a specific name ("the tanker Aurora Bay … in Syria" / "… in Tartus")."""
    pa, pb = _places(a), _places(b)
    if not pa or not pb or pa & pb:
        return False
    if (pa & b.entities) or (pb & a.entities):
        return False
    return not (_specific(a, pa) & _specific(b, pb))


_GENERIC_SOURCES = frozenset("""court police ministry army government staff officials official agency union company group
spokesman spokeswoman spokesperson authority authorities military office state president minister report reports
statement sources witnesses residents analysts experts""".split())


def _same_source(a: ClaimView, b: ClaimView) -> bool:
    """The same source, or one's name inside the other's ("Police" / "Amsterdam police")."""
    if not a.sources or not b.sources:
        return False
    if a.sources & b.sources:
        return True
    return _same_names(a.sources, b.sources)


@lru_cache(maxsize=65536)
def _same_names(sa: frozenset[str], sb: frozenset[str]) -> bool:
    for x in sa:
        for y in sb:
            xl, yl = x.lower().removeprefix("outlet:"), y.lower().removeprefix("outlet:")
            short = min(xl, yl, key=len)
            if short in _GENERIC_SOURCES or short.split()[-1] in _GENERIC_SOURCES and len(short.split()) == 1:
                continue  # "Court" is not "Labour Relations Court"
            if len(xl) >= 4 and len(yl) >= 4 and (_contains_word(yl, xl) or _contains_word(xl, yl)):
                return True
    return False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _contains_word(hay: str, needle: str) -> bool:
    """``needle`` occurs in ``hay`` between word boundaries, as ``\\b<needle>\\b`` would find it."""
    first, last = _is_word_char(needle[0]), _is_word_char(needle[-1])
    i = hay.find(needle)
    while i >= 0:
        j = i + len(needle)
        before = i > 0 and _is_word_char(hay[i - 1])
        after = j < len(hay) and _is_word_char(hay[j])
        if before != first and after != last:
            return True
        i = hay.find(needle, i + 1)
    return False


def compare(a: ClaimView, b: ClaimView, *, same_story: bool = False, related: bool = False) -> Link | None:
    """The contradiction, support or repeat relation of claim ``a`` to claim ``b`` (a → b), or None.

    Denials are linked by ``denial_score``, not here. ``related``: the caller has already checked
    ``may_relate(a, b)`` (it is symmetric), so it is not checked again.
    """
    if a.kind == "denial" or b.kind == "denial":
        return None
    if a.sentence and a.sentence == b.sentence:
        return None
    if not related and not may_relate(a, b):
        return None
    if a.denial or b.denial:
        return None  # a denial sentence's other claims are its justification, linked through the denial
    if not _context_ok(a, b, same_story) or _dates_clash(a, b):
        return None
    ov = _overlap(a.terms, b.terms)
    shared = sorted(a.terms & b.terms)
    ev_terms = ", ".join(shared[:6])
    same_src = _same_source(a, b)
    ta, tb = a.sentence or a.text, b.sentence or b.text
    figures = _same_matter_figures(a, b)
    if not same_src and _places_differ(a, b):
        return None  # "27 killed in floods in Arlit" and "9 killed in floods in Agadez" are two events
    if not same_src:
        event = (same_story or _same_event(a, b) or len(_claim_names(a) & _claim_names(b)) >= 1
                 or bool(a.event_date and b.event_date and a.event_date[:7] == b.event_date[:7]))
        for x, y, words in figures:
            if not _compatible(x, y) and (words or ov >= 0.4) and (event or len(words) >= 2 or words and ov >= 0.3
                                                                 or not a.entities):
                conf = min(0.9, 0.55 + 0.05 * len(words) + ov * 0.3)
                return Link(a.key, b.key, "contradicts", conf,
                            f"figures differ: {x.text} vs {y.text}; same matter: {', '.join(sorted(words)) or ev_terms}",
                            "quantity")
        opp = _opposite_state(ta, tb)
        if opp and (len(shared) >= 2 or ov >= 0.25 or len(a.entities & b.entities) >= (1 if shared else 2)):
            return Link(a.key, b.key, "contradicts", min(0.85, 0.5 + ov * 0.4),
                        f"opposite states: {opp}; shared: {ev_terms}", "opposite_state")
        fa, sa = _outcomes(ta)
        fb, sb = _outcomes(tb)
        if (fa and sb and not fb and not sa) or (fb and sa and not fa and not sb):
            words = f"{fa or sa} vs {fb or sb}"
            ctx = len(a.entities & b.entities) if not same_story else 2
            if (len(shared) >= 1 or ctx >= 2) and event:
                return Link(a.key, b.key, "contradicts", min(0.8, 0.45 + ov * 0.4),
                            f"opposite outcomes: {words}; shared: {ev_terms}", "outcome")
        if ov >= 0.35 and len(shared) >= 3:
            neg = _negated_predicate(ta, tb)
            if neg:
                return Link(a.key, b.key, "contradicts", min(0.85, 0.4 + ov * 0.5),
                            f"negation: '{neg}'; shared: {ev_terms}", "polarity")
    if same_story:
        return None
    na, nb = _marks(ta)[2], _marks(tb)[2]
    if _marks(ta)[3] != _marks(tb)[3]:
        return None  # an expectation or a demand does not support a result
    plain_shared = {t for t in shared if t not in a.entities and t not in b.entities}
    agree = next(((x, y, w) for x, y, w in figures if _compatible(x, y) and w), None)
    units_a, units_b = {q.unit for q in quantities(ta)}, {q.unit for q in quantities(tb)}
    figures_differ = bool(units_a & units_b) and agree is None  # same kind of figure, no agreeing pair
    if ov >= 0.6 and na == nb and len(shared) >= 4 and len(plain_shared) >= 2 and not figures_differ:
        if same_src:
            return Link(a.key, b.key, "repeats", round(ov, 3), f"same source, same content: {ev_terms}", "repeat_overlap")
        return Link(a.key, b.key, "supports", round(min(0.9, ov * 0.85), 3), f"same content: {ev_terms}", "overlap")
    if agree and na == nb:
        x, y, w = agree
        if same_src:
            return Link(a.key, b.key, "repeats", min(0.85, 0.45 + ov * 0.4),
                        f"same source, same figure: {x.text} ~ {y.text}", "repeat_quantity")
        return Link(a.key, b.key, "supports", min(0.85, 0.45 + ov * 0.4),
                    f"figures agree: {x.text} ~ {y.text}; same matter: {', '.join(sorted(w))}", "quantity_agree")
    return None


def denial_score(d: ClaimView, c: ClaimView, *, same_story: bool = False) -> tuple[float, str] | None:
    """How well claim ``c`` fits as what denial ``d`` denies: (score, evidence), or None when it does not."""
    if c.kind == "denial" or d.kind != "denial" or c.key == d.key:
        return None
    if d.sources and c.sources and d.sources & c.sources:
        return None
    if d.sentence and d.sentence == c.sentence:
        return None
    obj = content_terms(d.denied or d.text or "") - _GENERIC
    shared = obj & c.terms
    ratio = len(shared) / min(len(obj), len(c.terms)) if obj and c.terms else 0.0
    named = {e[:5] for e in entity_terms(d.denied or "") - _GENERIC}
    if named and not (named & {e[:5] for e in entity_terms(c.sentence or c.text) | c.entities}):
        # the denial names who or where and the claim's story does not ("Russia" meets "Russian"): only a
        # close paraphrase that names no other place still fits (a headline leaves names out)
        close = len(shared) >= 3 and ratio >= 0.5
        dv = ClaimView(d.key, d.denied or "", d.denied or "", d.sources, d.kind)
        if not close or _places(c) and not (_places(c) & _places(dv)):
            return None
    accused = (entity_terms(d.sentence) - _GENERIC) & entity_terms(c.sentence or c.text)
    bonus = 0.3 if accused else 0.0
    if len(shared) >= 2 and ratio >= 0.25 or len(shared) >= 1 and len(obj) <= 2 and ratio >= 0.5 and same_story:
        ctx = _overlap(d.context, c.terms) if d.context else 0.0
        return 1.0 + ratio + 0.5 * ctx + bonus, f"denial shares: {', '.join(sorted(shared)[:6])}"
    if same_story:
        return None
    # a denial whose object is an anaphor or says little: the claim its story is about
    if (d.anaphoric or len(obj) <= 3 or len(shared) >= 1) and _same_event(d, c):
        ctx_shared = (d.context - _GENERIC) & c.terms
        ents = d.entities & entity_terms(c.sentence or c.text)
        r = len(ctx_shared) / max(1, len(c.terms))
        if len(ctx_shared) >= 3 and (r >= 0.3 or shared and r >= 0.2) and ents:
            return 0.5 + r + 0.2 * len(shared) + bonus, (f"story context shares: {', '.join(sorted(ctx_shared)[:6])}"
                                                  f"{'; denial shares: ' + ', '.join(sorted(shared)) if shared else ''}")
    return None


@lru_cache(maxsize=65536)
def _signals(text: str) -> tuple[frozenset[str], bool, int, int, bool, bool]:
    """What any relation rule needs in a sentence: (the units of its figures, whether one of them is zero,
    opposite-state side A per pair and side B per pair as bits, failure words, success words)."""
    side_a = side_b = 0
    for i, (ma, mb) in enumerate(_state_marks(text)):
        side_a |= (ma is not None) << i
        side_b |= (mb is not None) << i
    f, su = _outcomes(text)
    qs = quantities(text)
    return (frozenset(q.unit for q in qs), any(q.value == 0 for q in qs), side_a, side_b, f is not None,
            su is not None)


def may_relate(a: ClaimView, b: ClaimView) -> bool:
    """A cheap necessary condition for ``compare`` to link two claims, in either direction (it is symmetric):
    every rule needs figures of one unit on both sides (or a zero on one side: "no shipments" against a count
    of shipments; see ``_same_matter_figures``), opposite state or outcome words, or a large shared content
    (three terms and a third of the shorter)."""
    ua, za, aa, ab, fa, sa = _signals(a.sentence or a.text)
    ub, zb, ba, bb, fb, sb = _signals(b.sentence or b.text)
    if ua and ub and (za or zb or not ua.isdisjoint(ub)):
        return True
    if (aa & bb & ~ab & ~ba) or (ab & ba & ~aa & ~bb):
        return True  # _opposite_state
    if (fa and sb and not fb and not sa) or (fb and sa and not fa and not sb):
        return True  # opposite outcomes
    shared = len(a.terms & b.terms)
    return shared >= 3 and shared / min(len(a.terms), len(b.terms)) >= 0.35


# a claim is set against the claims before it in its story, at most this many back: every story of PolNeAR's
# 840 articles fits (the longest holds 265 claims), and a transcript or a page of thousands of sentences costs
# time in proportion to its length, not to its square
STORY_WINDOW = 300


def link_story(views: list[ClaimView]) -> list[Link]:
    """Relations within one story, in reading order. Denials link by anaphora, then by content; each claim is
    compared with at most ``STORY_WINDOW`` claims before it."""
    links: list[Link] = []
    ordered = sorted(views, key=lambda v: v.position)
    linked: set[tuple[str, str, str]] = set()  # one link per sentence pair and kind, however many claims
    for i, v in enumerate(ordered):
        if v.kind == "denial":
            target = None
            if v.anaphoric:
                # the nearest earlier claim by another source; first one that names the denier (the accused)
                denier = {stem(w) for s in v.sources for w in _WORD.findall(s)} - _STOPWORDS
                earlier = [w for w in reversed(ordered[max(0, i - 6) : i])
                           if w.kind != "denial" and w.sentence != v.sentence and not (w.sources & v.sources)
                           and not _same_source(v, w) and (w.sources or w.terms & v.context)]
                target = next((w for w in earlier if denier & w.terms), earlier[0] if earlier else None)
                if target is not None:
                    who = ", ".join(sorted(target.sources)) or "the outlet"
                    links.append(Link(v.key, target.key, "denies", 0.8,
                                      f"anaphora '{(v.denied or 'it')[:40]}' → nearest earlier claim by {who}",
                                      "denial_anaphora"))
                    continue
            best = None
            for w in ordered[max(0, i - STORY_WINDOW) : i]:  # what a story denies, it has reported before
                if _same_source(v, w):
                    continue
                s = denial_score(v, w, same_story=True)
                if s and (best is None or s[0] > best[0]):
                    best = (s[0], w, s[1])
            if best:
                links.append(Link(v.key, best[1].key, "denies", min(0.9, 0.3 + best[0] * 0.35), best[2],
                                  "denial_content"))
            continue
        if not v.sources:
            continue  # within a story, the outlet's own assertions are not set against its sources
        for w in ordered[max(0, i - STORY_WINDOW) : i]:
            if w.kind == "denial" or not w.sources or len(v.terms & w.terms) < 2:
                continue  # within a story, a contradiction shares at least two content words
            link = compare(v, w, same_story=True)
            if link and link.kind == "contradicts" and (v.sentence, w.sentence, link.kind) not in linked:
                linked.add((v.sentence, w.sentence, link.kind))
                links.append(link)
    return links
