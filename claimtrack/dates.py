"""Publication dates and event dates relative to them.

Candidate phrases are found with regular expressions; ``dateparser`` (``languages=['en']``) parses only
those phrases, never whole sentences. What dateparser gets wrong on news is resolved here:
- "Release time:Jun 20, 2024 05:19 AM": the label is stripped before parsing;
- "on June 5th local time": trimmed to "June 5th";
- bare ordinals ("the 4th", "the morning of the 4th"): the Nth of the publication month, or of the month
  before when that would be after publication;
- weekdays ("on Tuesday"): the most recent such day on or before publication, or the next one after it when
  the weekday's clause speaks of the future ("will resume on Monday", "next Friday");
- "from February 10th to 14th": a range (an end day before the start day means the next month);
- "24 years ago in 2000": the year;
- a month without a day ("in May", "since early March") and "last week" / "this month" / "next year": the
  first day of that month or year (a week: the same weekday a week before or after), relative to publication.
Months and years are stored as their first day; the phrase says how precise the date is.
A phrase that cannot be resolved (no publication date to anchor it) is kept with ``date=None``.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

import dateparser

from . import fastre
from .model import EventDate, Span
from .words import CARDINALS, IRREGULAR_PAST, MONTH_NUMBERS, MONTHS, WEEKDAYS


def _month_pattern() -> str:
    """A month in any of the forms ``MONTH_NUMBERS`` lists, as a pattern: a month's forms nest (each shorter one
    starts the longer), so "sep", "sept", "september" read ``sep(?:t(?:ember)?)?``; a look-ahead on the first
    letters rules out most positions at once."""
    months = []
    for number in range(1, len(MONTHS) + 1):
        forms = sorted((form for form, n in MONTH_NUMBERS.items() if n == number), key=len)
        tail = ""
        for shorter, longer in reversed(list(zip(forms, forms[1:], strict=False))):
            rest = longer[len(shorter) :] + tail
            tail = f"{rest}?" if len(rest) == 1 else f"(?:{rest})?"
        months.append(forms[0] + tail)
    initials = "".join(dict.fromkeys(m[0] for m in MONTHS))
    return f"(?=[{initials.upper()}{initials}])(?:{'|'.join(months)})"


_MONTH = _month_pattern()
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_M = rf"(?:{_MONTH})\.?"
_PART = r"(?:(?:early\s+|late\s+)?(?:morning|afternoon|evening|night|noon|midnight|dawn|early hours)\s+of\s+)?"

_PATTERNS: list[tuple[str, fastre.Pattern | re.Pattern]] = [
    ("range_md", fastre.compile(rf"\bfrom\s+(?:the\s+)?{_PART}(?P<m1>{_M})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:,\s*(?P<y1>\d{{4}}))?\s+(?:to|until|till|through)\s+(?:the\s+)?{_PART}(?:(?P<m2>{_M})\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s*(?P<y2>\d{{4}}))?", re.I)),
    ("range_dm", fastre.compile(rf"\bfrom\s+(?:the\s+)?{_PART}(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:to|until|till|through)\s+(?:the\s+)?{_PART}(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|percent|per|years|days|people|soldiers))", re.I)),
    ("iso", fastre.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")),
    ("month_day", fastre.compile(rf"\b(?P<m>{_M})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}})\b)?", re.I)),
    ("day_month", fastre.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{_M})\b(?:,?\s+(?P<y>\d{{4}})\b)?", re.I)),
    ("month_year", fastre.compile(rf"\b(?:in\s+)?(?P<m>{_M})\s+(?P<y>\d{{4}})\b", re.I)),
    ("ordinal", fastre.compile(rf"\b(?:on\s+|since\s+|as\s+of\s+|by\s+)?the\s+{_PART}(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b", re.I)),
    ("weekday", fastre.compile(rf"\b(?:on\s+|last\s+|this\s+|next\s+|since\s+|(?:early|late)\s+)?(?P<w>{'|'.join(WEEKDAYS)})\b", re.I)),
    ("month_only", fastre.compile(rf"\b(?:in|since|by|until|during|through|throughout|from|before|after)\s+"
                              rf"(?:(?:early|late|mid)[\s-]+)?(?P<m>{_M})(?![\w.]*\s*\d)\b", re.I)),
    ("relative_period", fastre.compile(r"\b(?P<w>last|this|next|earlier\s+this|later\s+this)\s+(?P<u>week|month|year)\b",
                                   re.I)),
    ("relative_day", fastre.compile(r"\b(?P<r>yesterday|today|tonight|the day before yesterday)\b", re.I)),
    ("years_ago", fastre.compile(rf"\b(?P<n>\d{{1,3}}|{'|'.join(CARDINALS)})\s+years?\s+ago(?:\s+in\s+(?P<y>(?:1[89]|20)\d{{2}}))?\b", re.I)),
    ("year", fastre.compile(r"\b(?:in|since|by|until|of)\s+(?P<y>(?:1[89]|20)\d{2})\b(?!\s*(?:%|percent|people|soldiers|troops|tons|tonnes))", re.I)),
]
_ZONE = fastre.compile(r"\b(?:local\s+time|GMT|UTC|BST|EDT|EST|CET|CEST|EET|EEST|MSK|KST|JST|IST|PST|PDT|CST|CDT|MST|"
                   r"MDT|AEST|AEDT|HKT|SGT)\b(?:\s*[+-]\d{1,2}(?::?\d{2})?)?", re.I)
_WEEKDAY_WORD = fastre.compile(r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?", re.I)
_FUTURE = fastre.compile(r"\b(?:will|shall|plans?|planned|planning|expected|due|scheduled|upcoming|next)\b", re.I)
# a future tense in the weekday's own clause ("talks will resume on Monday, the minister said on Friday")
_FUTURE_NEAR = re.compile(r"\b(?:will|shall|won't|is\s+due|are\s+due|scheduled|set\s+to|plans?\s+to|planning\s+to|"
                          r"expected\s+to|going\s+to|expects?|forecasts?|"
                          r"set\s+(?:an?\s+|the\s+)?(?:\w+\s+){0,2}?(?:date|hearing|trial|vote|deadline)\s+for)\b|['’]ll\b",
                          re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—]|\b(?:said|says|told|added)\b")
_PAST_MARKERS = frozenset({"since", "ago", "previous", "previously"})  # "will … since their Oct. 13 debate"
_IRREGULAR_PAST = IRREGULAR_PAST | {"was", "were", "did", "had"}


def _future_clause(before: str) -> bool:
    """Whether the clause that ends at a weekday speaks of the future: a future marker in it ("will",
    "is due to", "expects") with no past-tense verb or "since" between that marker and the date ("he will not
    comment on what happened on Friday" speaks of a past Friday; "will be held on Monday" of a coming one)."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    marks = list(_FUTURE_NEAR.finditer(clause))
    if not marks:
        return False
    words = clause[marks[-1].end() :].lower().split()
    for prev, w in zip(["will", *words], words, strict=False):
        w = w.strip(".,;:!?\"'")
        if (w.endswith("ed") and len(w) > 4 or w in _IRREGULAR_PAST) \
                and prev not in ("be", "been", "being", "have", "has", "get", "got") or w in _PAST_MARKERS:
            return False
    return True
_MONTH_STEMS = tuple(m[:3] for m in MONTHS)  # what every form of a month starts with
_ORDINAL_HINT = fastre.compile(r"\d(?:st|nd|rd|th)\b")
_DIGIT = fastre.compile(r"\d")
_LABEL = fastre.compile(r"^\s*(?:release\s*time|released|published(?:\s+on|\s+at)?|publication\s+date|posted(?:\s+on|\s+at)?|"
                    r"updated(?:\s+on|\s+at)?|last\s+updated|first\s+published|date|time)\s*[:：]?\s*", re.I)


@lru_cache(maxsize=4096)
def _dp(phrase: str, base: str | None) -> datetime | None:
    settings = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False, "PREFER_DAY_OF_MONTH": "first"}
    if base:
        settings["RELATIVE_BASE"] = datetime.fromisoformat(base)
    return dateparser.parse(phrase, languages=["en"], settings=settings)


def parse_published(raw: str | None) -> str | None:
    """'Release time:Jun 20, 2024 05:19 AM' → '2024-06-20T05:19'; '2024-06-20' → '2024-06-20'."""
    if not raw:
        return None
    text = _LABEL.sub("", str(raw).strip())
    text = re.sub(r"\s+by\s+.*$", "", text, flags=re.I)  # "Posted on 7 November 2022 by admin"
    text = _ZONE.sub(" ", text)  # "9:12 AM EST, Mon January 15, 2024": zone and weekday names out, the rest stays
    text = _WEEKDAY_WORD.sub(" ", text)
    text = re.sub(r"\s*,\s*(?=,|$)|^\s*,\s*", "", text)
    text = re.sub(r"\s{2,}", " ", text).strip(" ,|")
    dotted = re.search(r"\b(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})\b", text)
    if dotted:  # "03.11.2023": day first, as everywhere dotted dates are written
        text = text.replace(dotted.group(0), f"{dotted.group(3)}-{int(dotted.group(2)):02d}-{int(dotted.group(1)):02d}")
        text = re.sub(r"(\d{4}-\d{2}-\d{2}),\s*(\d{1,2}:\d{2})", r"\1 \2", text)
    if not text or not re.search(r"\d", text):
        return None
    try:
        iso = datetime.fromisoformat(text.replace("Z", "+00:00"))
        has_time = bool(re.search(r"\d[T ]\d{1,2}:\d{2}", text))
        return iso.strftime("%Y-%m-%dT%H:%M") if has_time else iso.strftime("%Y-%m-%d")
    except ValueError:
        pass
    if not re.search(r"(?:1[89]|20)\d{2}", text):  # a publication date names its year
        return None
    d = _dp(text, None)
    if d is None:
        return None
    if re.search(r"\d{1,2}:\d{2}", text):
        return d.strftime("%Y-%m-%dT%H:%M")
    return d.strftime("%Y-%m-%d")


def reference_date(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _nth_of_month(day: int, ref: date) -> date | None:
    """The Nth of the reference month, or of the month before when that is after the reference."""
    cand = _safe_date(ref.year, ref.month, day)
    if cand is None or cand > ref:
        y, m = (ref.year, ref.month - 1) if ref.month > 1 else (ref.year - 1, 12)
        if day > calendar.monthrange(y, m)[1]:
            return None
        cand = date(y, m, day)
    return cand


def _month_day(month: int, day: int, year: int | None, ref: date | None, phrase: str) -> date | None:
    if year:
        return _safe_date(year, month, day)
    if ref is None:
        return None
    # dateparser reads the phrase relative to a base. Its answer here (past preferred) depends only on whether
    # the day falls after the reference in the reference's year, so the base is that day itself, or the day
    # before it: the same answer as from the reference, and one parse per phrase and year for a whole corpus
    # instead of one per article (a parse costs about a millisecond)
    cand = _safe_date(ref.year, month, day)
    base = ref if cand is None else cand if cand <= ref else cand - timedelta(days=1)
    parsed = _dp(phrase, base.isoformat())
    if parsed is None or parsed.month != month or parsed.day != day:
        plain = _safe_date(ref.year, month, day)
        if plain is None:
            return None
        parsed = datetime(plain.year, plain.month, plain.day)
        if parsed.date() > ref + timedelta(days=60):
            parsed = parsed.replace(year=ref.year - 1)
    d = parsed.date()
    # news speaks of the near future too: "the summit on June 25" in a June 20 story
    same_year = _safe_date(ref.year, month, day)
    if same_year and d < same_year <= ref + timedelta(days=60):
        d = same_year
    return d


_LEAD_PREPOSITION = re.compile(r"(?:on|since|as\s+of|by|in|last|this|next|from)\s+", re.I)


def _hints(text: str) -> tuple[str, bool, bool, bool, bool, bool, bool]:
    """The lower-cased text and what can start a date phrase in it: (lower, digit, weekday, relative day,
    "ago", month stem, period word)."""
    low = text.lower()
    has = low.__contains__
    return (low, _DIGIT.search(text) is not None, any(map(has, WEEKDAYS)),
            "yesterday" in low or "today" in low or "tonight" in low, " ago" in low, any(map(has, _MONTH_STEMS)),
            " week" in low or " month" in low or " year" in low)


def may_hold_dates(text: str) -> bool:
    """False when ``find_dates`` can find nothing in ``text`` nor in any part of it (the first look it takes;
    a part of a text holds none of these hints when the whole holds none)."""
    return any(_hints(text)[1:])


def find_dates(text: str, start: int, end: int, published: str | None) -> list[EventDate]:
    """Event date phrases in ``text[start:end]``, resolved against ``published`` when given."""
    ref = reference_date(published)
    segment = text[start:end]
    taken: list[tuple[int, int]] = []
    out: list[EventDate] = []
    hints = _hints(segment)
    if not any(hints[1:]):
        return out  # no date phrase can start here (the look may_hold_dates takes)
    low, has_digit, has_weekday, has_relative, has_ago, any_month, has_period = hints
    has_month = has_digit and any_month
    has_ordinal = has_digit and _ORDINAL_HINT.search(low) is not None
    needs = {"range_md": has_month and "from" in low, "range_dm": has_ordinal and "from" in low,
             "iso": has_digit and "-" in segment, "month_day": has_month, "day_month": has_month,
             "month_year": has_month, "ordinal": has_ordinal, "year": has_digit}
    for name, pattern in _PATTERNS:
        # cheap pre-checks: most patterns need a digit; the others need their own words
        if name == "weekday":
            if not has_weekday:
                continue
        elif name == "relative_day":
            if not has_relative:
                continue
        elif name == "years_ago":
            if not has_ago:
                continue
        elif name == "month_only":
            if not any_month:
                continue
        elif name == "relative_period":
            if not has_period:
                continue
        elif not needs.get(name, has_digit):
            continue
        for m in pattern.finditer(segment):
            s, e = m.start(), m.end()
            if any(s < te and ts < e for ts, te in taken):
                continue
            # trim a leading preposition from the kept phrase
            lead = _LEAD_PREPOSITION.match(m.group(0))
            ps = s + (lead.end() if lead and name not in ("range_md", "range_dm", "relative_period") else 0)
            resolved, until = _resolve(name, m, ref)
            if resolved is None and name in ("year",) and ref is None:
                pass
            taken.append((s, e))
            out.append(EventDate(Span(start + ps, start + e, segment[ps:e]),
                                 resolved.isoformat() if resolved else None,
                                 until.isoformat() if until else None))
    out.sort(key=lambda d: d.phrase.start)
    return out


def _resolve(name: str, m: re.Match, ref: date | None) -> tuple[date | None, date | None]:
    g = m.groupdict()
    if name == "iso":
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3))), None
    if name in ("month_day", "day_month"):
        month = MONTH_NUMBERS[g["m"].lower().rstrip(".")]
        phrase = f"{g['m']} {g['d']}" + (f" {g['y']}" if g.get("y") else "")
        day = int(g["d"])
        d = _month_day(month, day, int(g["y"]) if g.get("y") else None, ref, phrase)
        if d is not None and ref is not None and not g.get("y") and d < ref and _future_clause(m.string[: m.start()]):
            # "the judge set a trial date for March 3" in a May story: the coming March 3
            this_year = _safe_date(ref.year, month, day)
            d = this_year if this_year is not None and this_year >= ref else _safe_date(ref.year + 1, month, day)
        return d, None
    if name == "month_year":
        return _safe_date(int(g["y"]), MONTH_NUMBERS[g["m"].lower().rstrip(".")], 1), None
    if name == "range_md":
        m1 = MONTH_NUMBERS[g["m1"].lower().rstrip(".")]
        d1 = int(g["d1"])
        y1 = int(g["y1"]) if g.get("y1") else (int(g["y2"]) if g.get("y2") else None)
        first = _month_day(m1, d1, y1, ref, f"{g['m1']} {d1}")
        if first is None:
            return None, None
        d2 = int(g["d2"])
        if g.get("m2"):
            m2 = MONTH_NUMBERS[g["m2"].lower().rstrip(".")]
            last = _safe_date(first.year + (1 if m2 < first.month else 0), m2, d2)
        elif d2 >= first.day:
            last = _safe_date(first.year, first.month, d2)
        else:  # "from February 10th to 4th": the 4th of the next month
            nm = first.month % 12 + 1
            last = _safe_date(first.year + (1 if nm == 1 else 0), nm, d2)
        return first, last
    if name == "range_dm":
        if ref is None:
            return None, None
        d1, d2 = int(g["d1"]), int(g["d2"])
        last = _nth_of_month(d2, ref)
        if last is None:
            return None, None
        first = _safe_date(last.year, last.month, d1) if d1 <= d2 else None
        if first is None:
            pm = last.month - 1 or 12
            first = _safe_date(last.year - (1 if pm == 12 else 0), pm, d1)
        return first, last
    if name == "ordinal":
        return (_nth_of_month(int(g["d"]), ref) if ref else None), None
    if name == "weekday":
        if ref is None:
            return None, None
        target = WEEKDAYS.index(g["w"].lower())
        if m.group(0).lower().startswith("next"):  # "next Monday": the coming one, a week on if today is Monday
            return ref + timedelta(days=(target - ref.weekday()) % 7 or 7), None
        if _future_clause(m.string[: m.start("w")]):  # "the drills will last until Saturday": this coming one
            return ref + timedelta(days=(target - ref.weekday()) % 7), None
        back = (ref.weekday() - target) % 7
        if back == 0 and m.group(0).lower().startswith("last"):
            back = 7  # "last Tuesday" in a Tuesday story: a week before
        return ref - timedelta(days=back), None
    if name == "month_only":
        if ref is None:
            return None, None
        month = MONTH_NUMBERS[g["m"].lower().rstrip(".")]
        if _FUTURE.search(m.string):  # "the vote will be held in December": the coming December
            return date(ref.year + (1 if month < ref.month else 0), month, 1), None
        cand = date(ref.year, month, 1)
        if cand > ref + timedelta(days=60):  # "in May" in a June story is this May; in a January story, last May
            cand = date(ref.year - 1, month, 1)
        return cand, None
    if name == "relative_period":
        if ref is None:
            return None, None
        which = g["w"].lower().split()[-1]
        step = {"last": -1, "this": 0, "next": 1}[which]
        unit = g["u"].lower()
        if unit == "week":
            return ref + timedelta(days=7 * step), None
        if unit == "month":
            y, mth = divmod(ref.month - 1 + step, 12)
            return date(ref.year + y, mth + 1, 1), None
        return date(ref.year + step, 1, 1), None
    if name == "relative_day":
        if ref is None:
            return None, None
        r = g["r"].lower()
        delta = {"yesterday": 1, "today": 0, "tonight": 0, "the day before yesterday": 2}[r]
        return ref - timedelta(days=delta), None
    if name == "years_ago":
        if g.get("y"):
            return date(int(g["y"]), 1, 1), None
        if ref is None:
            return None, None
        n = g["n"].lower()
        years = CARDINALS.get(n) or int(n)
        return date(ref.year - years, 1, 1), None
    if name == "year":
        return date(int(g["y"]), 1, 1), None
    return None, None
