"""Relations between claims: denials to what they deny, contradictions, support, repeats.

Pure functions over ``ClaimView`` (a claim's text, sources and features). The pipeline applies them
within a story; the store applies ``compare`` to candidates it finds through its key index across
articles. ``claim_keys`` gives those index keys: entities, quantities with units, dates, salient words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+|\d[\d,.]*")
_STOPWORDS = frozenset("""a an the and or but if of to in on at by for with from as that this these those it its
is are was were be been being has have had do does did will would could should may might can must not no nor
so than then there their they them he she his her him we our us you your i my me who whom which what when where
why how all any both each few more most other some such only own same too very just also about into over after
before under again further once here up down out off said says say according told stated added reported
claimed announced noted report reports statement statements """.split())
_NEGATION = re.compile(r"\b(?:not|no|never|none|nothing|neither|nor|without|didn't|did not|doesn't|don't|isn't|"
                       r"wasn't|weren't|aren't|hasn't|haven't|hadn't|won't|cannot|can't|denied|denies|deny|false|"
                       r"untrue|baseless|fake|fabricated|unfounded|groundless|zero|nobody|no one)\b", re.I)
_FAIL = re.compile(r"\b(?:unsuccessful|failed|fail|fails|failure|repelled|repulsed|thwarted|foiled|beaten back|"
                   r"defeated|lost|collapsed|halted|stopped|rebuffed|in vain)\b", re.I)
_SUCCEED = re.compile(r"\b(?:successful|succeeded|success|achieved|captured|seized|took control|liberated|"
                      r"advanced|broke through|breakthrough|won|victory|gained|recaptured|retook)\b", re.I)
_ANAPHORA = re.compile(r"^\s*(?:it|this|that|them|these|those|so|the (?:report|reports|claim|claims|allegation|"
                       r"allegations|accusation|accusations|statement|story|stories|information|assertion|"
                       r"assertions|charge|charges|rumou?rs?)|such (?:claims|reports|allegations|accusations|"
                       r"statements)|these (?:claims|reports|allegations|accusations)|those (?:claims|reports|"
                       r"allegations|accusations)|(?:any|all) (?:such )?(?:claims|allegations|involvement))\b", re.I)
_QTY = re.compile(
    r"(?P<q>(?:at least|more than|over|about|around|nearly|almost|up to|some|approximately|roughly|only|just)\s+)?"
    r"(?P<n>\d[\d,]*(?:\.\d+)?)\s*(?P<mult>million|billion|thousand|hundred)?\s*(?P<pct>%|percent|per cent)?\s*"
    r"(?:(?:[a-z-]+)\s+){0,2}?(?P<unit>[a-z]+s\b|[a-z]+(?=\b))?", re.I)
_NUMWORDS = {"no": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
             "eight": 8, "nine": 9, "ten": 10, "dozens": 24, "hundreds": 200, "thousands": 2000}
_UNIT_STOP = frozenset({"and", "or", "the", "of", "to", "in", "on", "a", "an", "at", "for", "from", "by", "with",
                        "am", "pm", "years", "year", "days", "day", "hours", "hour", "local", "time", "st", "nd",
                        "rd", "th", "times", "points", "per", "than", "that", "which", "who"})


def stem(word: str) -> str:
    w = word.lower().replace("’", "'")
    for suf in ("'s", "ies", "ing", "ed", "es", "s"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)] + ("y" if suf == "ies" else "")
            break
    return w


def content_terms(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in _STOPWORDS and not w[0].isdigit())


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    unit: str
    qualifier: str  # at least / about / ... / ""
    text: str


def quantities(text: str) -> list[Quantity]:
    out = []
    for m in _QTY.finditer(text):
        raw = m.group("n").replace(",", "")
        try:
            v = float(raw)
        except ValueError:
            continue
        mult = (m.group("mult") or "").lower()
        v *= {"million": 1e6, "billion": 1e9, "thousand": 1e3, "hundred": 1e2}.get(mult, 1)
        unit = "%" if m.group("pct") else stem(m.group("unit") or "")
        if unit in _UNIT_STOP or (not unit) or (1900 <= v <= 2100 and not m.group("pct") and unit in ("", "in")):
            continue
        out.append(Quantity(v, unit, (m.group("q") or "").strip().lower(), m.group(0).strip()))
    # "no shipments", "none of the containers"
    for m in re.finditer(r"\b(?:no|zero)\s+(?:[a-z-]+\s+)?(?P<unit>[a-z]+s)\b", text, re.I):
        out.append(Quantity(0.0, stem(m.group("unit")), "", m.group(0)))
    return out


@dataclass(frozen=True, slots=True)
class ClaimView:
    """What relation rules look at: one claim, its text and its sources."""

    key: object  # caller's identifier: (sentence_start, claim_index) in a story, a claim id in the store
    text: str  # the content (or the sentence when there is no content span)
    sentence: str
    sources: frozenset[str]
    kind: str
    position: int = 0  # order within the story (sentence start); across articles: publication order
    event_date: str | None = None
    terms: frozenset[str] = field(default_factory=frozenset)

    @staticmethod
    def build(key, text, sentence, sources, kind, position=0, event_date=None) -> ClaimView:
        return ClaimView(key, text, sentence, frozenset(sources), kind, position, event_date, content_terms(text))


@dataclass(frozen=True, slots=True)
class Link:
    source: object
    target: object
    kind: str
    confidence: float
    evidence: str
    method: str


def claim_keys(view: ClaimView) -> set[str]:
    """Index keys for cross-article candidates: quantities with units, capitalized entities, dates."""
    keys: set[str] = set()
    for q in quantities(view.text):
        keys.add(f"q:{q.unit}")
    for m in re.finditer(r"(?<![.!?]\s)\b([A-Z][a-z]+(?:[- ][A-Z][a-z]+)*|[A-Z]{2,})\b", view.text):
        w = m.group(1).lower()
        if w not in _STOPWORDS:
            keys.add(f"e:{w}")
    if view.event_date:
        keys.add(f"d:{view.event_date}")
    for t in sorted(view.terms, key=len, reverse=True)[:6]:
        keys.add(f"w:{t}")
    return keys


def _overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _quantity_conflict(a: ClaimView, b: ClaimView) -> str | None:
    qa, qb = quantities(a.text), quantities(b.text)
    for x in qa:
        for y in qb:
            if x.unit != y.unit:
                continue
            lo, hi = sorted((x.value, y.value))
            if hi == lo:
                continue
            # "at least 30" vs "33" is compatible; "over 250" vs "30" is not
            if x.qualifier in ("at least", "more than", "over") and y.value >= x.value:
                continue
            if y.qualifier in ("at least", "more than", "over") and x.value >= y.value:
                continue
            if x.qualifier in ("up to",) and y.value <= x.value or y.qualifier in ("up to",) and x.value <= y.value:
                continue
            if hi > 0 and (hi - lo) / hi < 0.1 and (x.qualifier or y.qualifier):
                continue
            return f"{x.text} vs {y.text}"
    return None


def _agreeing_quantity(a: ClaimView, b: ClaimView) -> str | None:
    for x in quantities(a.text):
        for y in quantities(b.text):
            if x.unit == y.unit and x.value == y.value:
                return f"{x.text} = {y.text}"
    return None


def compare(a: ClaimView, b: ClaimView, *, same_story: bool = False) -> Link | None:
    """The relation of claim ``a`` to claim ``b`` (a → b), or None."""
    if a.sources and b.sources and a.sources & b.sources:
        different_sources = False
    else:
        different_sources = bool(a.sources or b.sources)
    ov = _overlap(a.terms, b.terms)
    shared = sorted(a.terms & b.terms)
    if ov < 0.3 or len(shared) < 2:
        return None
    evidence_terms = ", ".join(shared[:6])
    if a.kind == "denial" and b.kind != "denial" and different_sources:
        return Link(a.key, b.key, "denies", min(0.9, 0.4 + ov * 0.6), f"denial shares: {evidence_terms}",
                    "denial_content")
    if b.kind == "denial" and a.kind != "denial":
        return None
    if not different_sources:
        if ov >= 0.8 and not same_story:
            return Link(a.key, b.key, "repeats", ov, f"same source, shared: {evidence_terms}", "repeat_overlap")
        return None
    q = _quantity_conflict(a, b)
    if q and ov >= 0.35:
        return Link(a.key, b.key, "contradicts", min(0.9, 0.5 + ov * 0.4), f"figures differ: {q}; shared: {evidence_terms}",
                    "quantity")
    fa, fb = bool(_FAIL.search(a.text)), bool(_FAIL.search(b.text))
    sa, sb = bool(_SUCCEED.search(a.text)), bool(_SUCCEED.search(b.text))
    if ov >= 0.4 and ((fa and sb and not fb) or (fb and sa and not fa)):
        words = ", ".join(sorted({m.group(0) for m in _FAIL.finditer(a.text + " " + b.text)} |
                                 {m.group(0) for m in _SUCCEED.finditer(a.text + " " + b.text)}))
        return Link(a.key, b.key, "contradicts", min(0.85, 0.45 + ov * 0.4), f"opposite outcomes: {words}; shared: {evidence_terms}",
                    "outcome")
    na, nb = bool(_NEGATION.search(a.text)), bool(_NEGATION.search(b.text))
    if ov >= 0.6 and na != nb:
        neg = (_NEGATION.search(a.text) or _NEGATION.search(b.text)).group(0)
        return Link(a.key, b.key, "contradicts", min(0.8, 0.3 + ov * 0.5), f"polarity: '{neg}'; shared: {evidence_terms}",
                    "polarity")
    if ov >= 0.6 and na == nb:
        agree = _agreeing_quantity(a, b)
        if ov >= 0.85 and not same_story:
            return Link(a.key, b.key, "supports", ov * 0.8, f"same content, shared: {evidence_terms}", "overlap")
        if agree:
            return Link(a.key, b.key, "supports", min(0.85, 0.4 + ov * 0.4), f"same figure: {agree}; shared: {evidence_terms}",
                        "quantity_agree")
    return None


def is_anaphoric(content: str | None) -> bool:
    return content is None or not content.strip() or bool(_ANAPHORA.match(content))


def link_story(views: list[ClaimView]) -> list[Link]:
    """Relations within one story, in reading order. Denials first link by anaphora, then by content."""
    links: list[Link] = []
    ordered = sorted(views, key=lambda v: v.position)
    for i, v in enumerate(ordered):
        if v.kind == "denial":
            target = None
            if is_anaphoric(v.text):
                for w in reversed(ordered[max(0, i - 6) : i]):
                    if w.kind != "denial" and w.sources and not (w.sources & v.sources):
                        target = w
                        break
                if target is not None:
                    links.append(Link(v.key, target.key, "denies", 0.8,
                                      f"anaphora '{(v.text or '').strip()[:40] or 'it'}' → nearest earlier claim by "
                                      f"{', '.join(sorted(target.sources))}", "denial_anaphora"))
                    continue
            best = None
            for w in ordered:
                if w is v or w.kind == "denial":
                    continue
                link = compare(v, w, same_story=True)
                if link and link.kind == "denies" and (best is None or link.confidence > best.confidence):
                    best = link
            if best:
                links.append(best)
            continue
        if not v.sources:
            continue  # within a story, the outlet's own assertions are not set against its sources
        for w in ordered[:i]:
            if w.kind == "denial" or not w.sources:
                continue
            link = compare(v, w, same_story=True)
            if link and link.kind in ("contradicts", "supports"):
                links.append(link)
    return links
