"""The relation rules, as one ordered registry: ``RULES``.

Each entry names the relation kind it makes (one of ``model.RELATION_KINDS``), a *prefilter* (a cheap
necessary condition on the two claims' ``Signals``, symmetric, read before anything is compared) and the
rule itself. ``may_relate`` is the union of the pair rules' prefilters, so a new rule is never filtered out
by a test that does not know it. Each rule leaves its evidence in words an analyst can check.

The first entry is the one *scored* rule, **denies**: a denial claim (see ``denials.py``) → the claim it
denies, scored against every candidate by shared content terms and shared story context (``denial_score``);
the caller keeps the best per story (a denial denies one claim there), and by anaphora (*denied it*) the
story picks the nearest earlier claim (``story.link_story``). A denial claim and the claims of a denial
sentence are linked by it alone.

The *pair* rules follow, in order; for a pair ``a → b`` the first that links them decides (``compare``):

- **contradicts** — different sources, same matter, incompatible content: different figures for the same
  quantity (unit classes, qualifiers such as *at least* / *about* / ranges, the words around each figure
  must agree and the period words must not clash: *annual* vs *monthly*), opposite states (*positive* vs
  *negative*, *halted* vs *operating normally*), opposite outcomes (*repelled* vs *took control*), or one
  negating the other's predicate (*violated sanctions* vs *did not violate sanctions*). Within a story too.
- **repeats** — the same claim from the same source, reported again; **supports** — different sources,
  same matter, the same content or compatible figures. Across articles only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from .. import lexicon
from .features import (
    GENERIC,
    NEGATION,
    WORD,
    ClaimView,
    Link,
    Quantity,
    Signals,
    claim_names,
    content_terms,
    entity_terms,
    figure_profile,
    marks,
    named_things,
    outcomes,
    partial,
    period,
    places_of,
    quantities,
    signals,
    specific_names,
    state_marks,
    stem,
)


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def compatible(x: Quantity, y: Quantity) -> bool:
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
    pa, pb = period(ta), period(tb)
    if pa and pb and not (pa & pb):
        return []
    if partial(ta) != partial(tb):
        return []  # "turnout was 38 percent by 2pm" is not the final turnout
    out = []
    for x in qa:
        wx, ex, ix, dx = figure_profile(ta, x)
        for y in qb:
            wy, ey, iy, dy = figure_profile(tb, y)
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
            shared = (wx & wy) - GENERIC
            if shared or (x.unit not in ("%", "usd", "eur", "person", "troop") and overlap(a.terms, b.terms) >= 0.4):
                out.append((x, y, shared))
    return out


def _dates_clash(a: ClaimView, b: ClaimView) -> bool:
    if not a.event_date or not b.event_date:
        return False
    from datetime import date

    try:
        da, db = date.fromisoformat(a.event_date[:10]), date.fromisoformat(b.event_date[:10])
    except ValueError:
        return False
    return abs((da - db).days) > 400  # years apart; nearer dates may be one event dated loosely


def _opposite_state(a: str, b: str) -> str | None:
    for (aa, ab), (ba, bb) in zip(state_marks(a), state_marks(b), strict=True):
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
            pos_terms = {stem(w) for w in WORD.findall(pos)}
            if not NEGATION.search(pos):  # the other side must be plainly affirmative
                if v in pos_terms:
                    obj = {stem(w) for w in WORD.findall(m.group("obj"))} - {"the", "a", "an", "any"}
                    if not obj or obj & pos_terms:
                        return m.group(0).strip()
    return None


def _same_event(a: ClaimView, b: ClaimView) -> bool:
    """Across articles, two stories are about one event only if they share a name of their own
    ("Zeebrugge", "Aurora Bay", "Kiprop"), not just "Russia" and "the ministry"."""
    if not a.entities or not b.entities:
        return True
    sa, sb = specific_names(a.entities), specific_names(b.entities)
    if sa and sb:
        return bool(sa & sb)
    return bool(a.entities & b.entities)  # a short wire story may name only the country


def _context_ok(a: ClaimView, b: ClaimView, same_story: bool) -> bool:
    if same_story or not a.entities or not b.entities:
        return True
    return len(a.entities & b.entities) >= 1


def _places_differ(a: ClaimView, b: ClaimView) -> bool:
    """Two events: "27 killed in floods in Arlit" vs "9 killed in floods in Agadez" — unless a story names both
    places or the claims share a specific name ("the tanker Aurora Bay … in Syria" / "… in Tartus")."""
    pa, pb = places_of(a), places_of(b)
    if not pa or not pb or pa & pb:
        return False
    if (pa & b.entities) or (pb & a.entities):
        return False
    return not (named_things(a, pa) & named_things(b, pb))


# "Court" is not "Labour Relations Court"
_GENERIC_SOURCES = frozenset(lexicon.words("relation_words.txt", "generic_source"))


def same_source(a: ClaimView, b: ClaimView) -> bool:
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


class Pair:
    """Claim ``a`` against claim ``b`` (a → b) as the pair rules read them: what several rules read is computed
    once, when the pair is built (``agreement``, which only support and repeats read, on first use)."""

    __slots__ = ("a", "b", "same_story", "ta", "tb", "overlap", "shared", "evidence", "same_source", "figures",
                 "event", "_agreement")

    def __init__(self, a: ClaimView, b: ClaimView, same_story: bool) -> None:
        self.a, self.b, self.same_story = a, b, same_story
        self.ta, self.tb = a.sentence or a.text, b.sentence or b.text
        self.overlap = overlap(a.terms, b.terms)
        self.shared = sorted(a.terms & b.terms)
        self.evidence = ", ".join(self.shared[:6])
        self.same_source = same_source(a, b)
        self.figures = _same_matter_figures(a, b)
        # one event: in one story, or the stories share a name of their own, or the claims a specific name or
        # the month of their event dates
        self.event = not self.same_source and (
            same_story or _same_event(a, b) or len(claim_names(a) & claim_names(b)) >= 1
            or bool(a.event_date and b.event_date and a.event_date[:7] == b.event_date[:7]))
        self._agreement: Agreement | None | bool = False

    def agreement(self) -> Agreement | None:
        """What support and repeats read (None: one claim is an expectation or a demand and the other is not:
        it does not support a result)."""
        if self._agreement is False:
            self._agreement = _agreement(self)
        return self._agreement  # type: ignore[return-value]


class Agreement(NamedTuple):
    same_polarity: bool  # both claims are negated, or neither is
    plain_shared: int  # shared content terms that are not the stories' entities
    agree: tuple[Quantity, Quantity, frozenset[str]] | None  # the first pair of compatible figures of one matter
    figures_differ: bool  # figures of one kind on both sides, none of them agreeing


def _agreement(p: Pair) -> Agreement | None:
    ma, mb = marks(p.ta), marks(p.tb)
    if ma[3] != mb[3]:
        return None
    plain_shared = sum(1 for t in p.shared if t not in p.a.entities and t not in p.b.entities)
    agree = next(((x, y, w) for x, y, w in p.figures if compatible(x, y) and w), None)
    units_a, units_b = {q.unit for q in quantities(p.ta)}, {q.unit for q in quantities(p.tb)}
    return Agreement(ma[2] == mb[2], plain_shared, agree, bool(units_a & units_b) and agree is None)


# --- prefilters: cheap necessary conditions on two sentences' signals, each symmetric -----------------------

Prefilter = Callable[[ClaimView, Signals, ClaimView, Signals], bool]


def _figures_of_one_unit(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    """Figures of one unit on both sides, or a zero on one side ("no shipments" against a count of shipments;
    see ``_same_matter_figures``)."""
    return bool(sa.units and sb.units and (sa.zero or sb.zero or not sa.units.isdisjoint(sb.units)))


def _opposite_state_words(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    return bool((sa.side_a & sb.side_b & ~sa.side_b & ~sb.side_a) or (sa.side_b & sb.side_a & ~sa.side_a & ~sb.side_b))


def _opposite_outcome_words(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    return (sa.fails and sb.succeeds and not sb.fails and not sa.succeeds) or \
        (sb.fails and sa.succeeds and not sa.fails and not sb.succeeds)


def _large_shared_content(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    """Three content terms in common, and a third of the shorter's."""
    shared = len(a.terms & b.terms)
    return shared >= 3 and shared / min(len(a.terms), len(b.terms)) >= 0.35


def _a_denial(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    return a.kind == "denial" or b.kind == "denial"


# --- the pair rules -------------------------------------------------------------------------------------------

def _figures_differ(p: Pair) -> Link | None:
    """"250 soldiers were killed" vs "only 30 soldiers were killed" in the assault on the bridge."""
    if p.same_source:
        return None
    for x, y, words in p.figures:
        if not compatible(x, y) and (words or p.overlap >= 0.4) and (
                p.event or len(words) >= 2 or words and p.overlap >= 0.3 or not p.a.entities):
            conf = min(0.9, 0.55 + 0.05 * len(words) + p.overlap * 0.3)
            return Link(p.a.key, p.b.key, "contradicts", conf,
                        f"figures differ: {x.text} vs {y.text}; same matter: {', '.join(sorted(words)) or p.evidence}",
                        "quantity")
    return None


def _opposite_states(p: Pair) -> Link | None:
    """"The ceasefire was holding" vs "fighting resumed despite the ceasefire"."""
    if p.same_source:
        return None
    opp = _opposite_state(p.ta, p.tb)
    if opp and (len(p.shared) >= 2 or p.overlap >= 0.25
                or len(p.a.entities & p.b.entities) >= (1 if p.shared else 2)):
        return Link(p.a.key, p.b.key, "contradicts", min(0.85, 0.5 + p.overlap * 0.4),
                    f"opposite states: {opp}; shared: {p.evidence}", "opposite_state")
    return None


def _opposite_outcomes(p: Pair) -> Link | None:
    """"The attack on the airport was unsuccessful" vs "the offensive on the airport achieved its goals"."""
    if p.same_source:
        return None
    fa, sa = outcomes(p.ta)
    fb, sb = outcomes(p.tb)
    if (fa and sb and not fb and not sa) or (fb and sa and not fa and not sb):
        words = f"{fa or sa} vs {fb or sb}"
        ctx = len(p.a.entities & p.b.entities) if not p.same_story else 2
        if (len(p.shared) >= 1 or ctx >= 2) and p.event:
            return Link(p.a.key, p.b.key, "contradicts", min(0.8, 0.45 + p.overlap * 0.4),
                        f"opposite outcomes: {words}; shared: {p.evidence}", "outcome")
    return None


def _negation(p: Pair) -> Link | None:
    """"The Sea Lark did not violate UN sanctions" vs "the Sea Lark violated UN sanctions"."""
    if p.same_source or p.overlap < 0.35 or len(p.shared) < 3:
        return None
    neg = _negated_predicate(p.ta, p.tb)
    if neg:
        return Link(p.a.key, p.b.key, "contradicts", min(0.85, 0.4 + p.overlap * 0.5),
                    f"negation: '{neg}'; shared: {p.evidence}", "polarity")
    return None


def _same_content(p: Pair) -> bool:
    """Most content terms shared (not only the stories' names), both negated or neither, and no figures of one
    kind that disagree."""
    ag = p.agreement()
    return bool(ag and p.overlap >= 0.6 and ag.same_polarity and len(p.shared) >= 4 and ag.plain_shared >= 2
                and not ag.figures_differ)


def _repeated_content(p: Pair) -> Link | None:
    """The same source saying the same again, in another article."""
    if p.same_source and _same_content(p):
        return Link(p.a.key, p.b.key, "repeats", round(p.overlap, 3), f"same source, same content: {p.evidence}",
                    "repeat_overlap")
    return None


def _supporting_content(p: Pair) -> Link | None:
    """Another source saying the same."""
    if not p.same_source and _same_content(p):
        return Link(p.a.key, p.b.key, "supports", round(min(0.9, p.overlap * 0.85), 3), f"same content: {p.evidence}",
                    "overlap")
    return None


def _agreeing_figures(p: Pair) -> tuple[Quantity, Quantity, frozenset[str]] | None:
    ag = p.agreement()
    return ag.agree if ag and ag.same_polarity else None


def _repeated_figure(p: Pair) -> Link | None:
    """The same source giving the same figure again: "33 people were killed", "a total of 33 killed"."""
    agree = _agreeing_figures(p) if p.same_source else None
    if agree:
        x, y, _w = agree
        return Link(p.a.key, p.b.key, "repeats", min(0.85, 0.45 + p.overlap * 0.4),
                    f"same source, same figure: {x.text} ~ {y.text}", "repeat_quantity")
    return None


def _supporting_figure(p: Pair) -> Link | None:
    """Another source's compatible figure for the same matter: "at least 30 people were killed" ~ "33"."""
    agree = _agreeing_figures(p) if not p.same_source else None
    if agree:
        x, y, w = agree
        return Link(p.a.key, p.b.key, "supports", min(0.85, 0.45 + p.overlap * 0.4),
                    f"figures agree: {x.text} ~ {y.text}; same matter: {', '.join(sorted(w))}", "quantity_agree")
    return None


# --- the registry ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Rule:
    """One entry of ``RULES``."""

    kind: str  # the relation it makes: one of model.RELATION_KINDS
    prefilter: Prefilter  # a cheap necessary condition on the two claims, symmetric
    # a pair rule: the link of ``a`` to ``b``, or None; the scored rule: ``denial_score``
    test: Callable[[Pair], Link | None] | Callable[..., tuple[float, str] | None]
    scored: bool = False  # scores every candidate; the caller keeps the best per story
    in_story: bool = True  # applies between the claims of one story (else only across articles)


def denial_score(d: ClaimView, c: ClaimView, *, same_story: bool = False) -> tuple[float, str] | None:
    """How well claim ``c`` fits as what denial ``d`` denies: (score, evidence), or None when it does not."""
    if c.kind == "denial" or d.kind != "denial" or c.key == d.key:
        return None
    if d.sources and c.sources and d.sources & c.sources:
        return None
    if d.sentence and d.sentence == c.sentence:
        return None
    obj = content_terms(d.denied or d.text or "") - GENERIC
    shared = obj & c.terms
    ratio = len(shared) / min(len(obj), len(c.terms)) if obj and c.terms else 0.0
    named = {e[:5] for e in entity_terms(d.denied or "") - GENERIC}
    if named and not (named & {e[:5] for e in entity_terms(c.sentence or c.text) | c.entities}):
        # the denial names who or where and the claim's story does not ("Russia" meets "Russian"): only a
        # close paraphrase that names no other place still fits (a headline leaves names out)
        close = len(shared) >= 3 and ratio >= 0.5
        dv = ClaimView(d.key, d.denied or "", d.denied or "", d.sources, d.kind)
        if not close or places_of(c) and not (places_of(c) & places_of(dv)):
            return None
    accused = (entity_terms(d.sentence) - GENERIC) & entity_terms(c.sentence or c.text)
    bonus = 0.3 if accused else 0.0
    if len(shared) >= 2 and ratio >= 0.25 or len(shared) >= 1 and len(obj) <= 2 and ratio >= 0.5 and same_story:
        ctx = overlap(d.context, c.terms) if d.context else 0.0
        return 1.0 + ratio + 0.5 * ctx + bonus, f"denial shares: {', '.join(sorted(shared)[:6])}"
    if same_story:
        return None
    # a denial whose object is an anaphor or says little: the claim its story is about
    if (d.anaphoric or len(obj) <= 3 or len(shared) >= 1) and _same_event(d, c):
        ctx_shared = (d.context - GENERIC) & c.terms
        ents = d.entities & entity_terms(c.sentence or c.text)
        r = len(ctx_shared) / max(1, len(c.terms))
        if len(ctx_shared) >= 3 and (r >= 0.3 or shared and r >= 0.2) and ents:
            return 0.5 + r + 0.2 * len(shared) + bonus, (f"story context shares: {', '.join(sorted(ctx_shared)[:6])}"
                                                  f"{'; denial shares: ' + ', '.join(sorted(shared)) if shared else ''}")
    return None


RULES: tuple[Rule, ...] = (
    Rule("denies", _a_denial, denial_score, scored=True),
    Rule("contradicts", _figures_of_one_unit, _figures_differ),
    Rule("contradicts", _opposite_state_words, _opposite_states),
    Rule("contradicts", _opposite_outcome_words, _opposite_outcomes),
    Rule("contradicts", _large_shared_content, _negation),
    Rule("repeats", _large_shared_content, _repeated_content, in_story=False),
    Rule("supports", _large_shared_content, _supporting_content, in_story=False),
    Rule("repeats", _figures_of_one_unit, _repeated_figure, in_story=False),
    Rule("supports", _figures_of_one_unit, _supporting_figure, in_story=False),
)
DENIES = next(r for r in RULES if r.scored)
_PAIR_RULES = tuple(r for r in RULES if not r.scored)
_IN_STORY_RULES = tuple(r for r in _PAIR_RULES if r.in_story)
_PREFILTERS = tuple(dict.fromkeys(r.prefilter for r in _PAIR_RULES))  # each once, in the registry's order


def may_relate(a: ClaimView, b: ClaimView) -> bool:
    """A cheap necessary condition for ``compare`` to link two claims, in either direction (it is symmetric):
    one of the pair rules' prefilters holds."""
    return _may_relate(a, signals(a.sentence or a.text), b, signals(b.sentence or b.text))


def _may_relate(a: ClaimView, sa: Signals, b: ClaimView, sb: Signals) -> bool:
    for prefilter in _PREFILTERS:
        if prefilter(a, sa, b, sb):
            return True
    return False


def compare(a: ClaimView, b: ClaimView, *, same_story: bool = False, related: bool = False) -> Link | None:
    """The relation of claim ``a`` to claim ``b`` (a → b) the first pair rule finds, or None.

    Denials are linked by the scored rule (``denial_score``), not here. ``related``: the caller has already
    checked ``may_relate(a, b)`` (it is symmetric), so it is not checked again. ``same_story``: both claims are
    in one story: only the rules that apply there.
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
    pair = Pair(a, b, same_story)
    if not pair.same_source and _places_differ(a, b):
        return None  # "27 killed in floods in Arlit" and "9 killed in floods in Agadez" are two events
    for rule in _IN_STORY_RULES if same_story else _PAIR_RULES:
        link = rule.test(pair)
        if link is not None:
            return link
    return None


def judge(a: ClaimView, b: ClaimView) -> tuple[tuple[float, str] | None, tuple[float, str] | None, Link | None]:
    """Every rule on one pair of claims of different stories, both ways, in the registry's order: how well ``b``
    fits as what ``a`` denies and ``a`` as what ``b`` denies (the scored rule; the caller keeps the best per
    story), then the link the pair rules make (``compare``, a → b first)."""
    sa, sb = signals(a.sentence or a.text), signals(b.sentence or b.text)
    mine = theirs = link = None
    if DENIES.prefilter(a, sa, b, sb):
        mine, theirs = DENIES.test(a, b), DENIES.test(b, a)
    if _may_relate(a, sa, b, sb):  # compare's own first test, which does not depend on the direction
        link = compare(a, b, related=True) or compare(b, a, related=True)
    return mine, theirs, link
