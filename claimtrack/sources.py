"""Canonical sources: mention text → (name, kind, country, parent).

Three layers, most specific first:
1. aliases: the built-in gazetteer (``data/gazetteer.tsv``) plus analysts' aliases and merges passed in
   from the database, matched on a normalized form (case, leading articles, possessives, dots, British
   spellings folded: ``data/spellings.tsv``);
2. composition: "<country|demonym|country's> <body>" ("Russia's defence ministry", "the Russian MoD",
   "Ministry of Defense of Russia") → the body of that country ("Ministry of Defense (Russia)"), taken
   from the gazetteer when it lists one, else built (the bodies and their forms: ``data/country_bodies.tsv``);
3. a new source with a normalized name (no leading article, no title: ``data/role_nouns.tsv``,
   ``data/title_words.txt``) and a kind guessed from its head (``data/source_heads.txt``).

Affiliation: "<organisation> spokesperson <Name>" is person <Name>, parent <organisation>.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import fastre, lexicon
from .model import SOURCE_KINDS
from .words import MONTH_NUMBERS, NUMBER_WORDS, WEEKDAYS

KINDS = SOURCE_KINDS


@dataclass(frozen=True, slots=True)
class Entry:
    name: str
    kind: str
    country: str | None = None
    parent: str | None = None
    origin: str = "builtin"


SPELLING = {row["british"]: row["american"] for row in lexicon.table("spellings.tsv")}
_NORM_DROP = fastre.compile(r"[.\u200b]")
_NORM_SPACE = fastre.compile(r"[\s\-‐–—_]+")
_LEADING = fastre.compile(r"^(?:the|a|an)\s+", re.I)


@lru_cache(maxsize=131072)
def norm(text: str) -> str:
    """The look-up form of a name: lower case, no leading article, no possessive, no dots."""
    t = text.strip().replace("’", "'").replace("‘", "'").replace("“", "").replace("”", "").replace('"', "")
    t = _NORM_DROP.sub("", t).lower()
    t = _NORM_SPACE.sub(" ", t).strip(" ,;:'")
    t = _LEADING.sub("", t)
    if t.endswith("'s"):
        t = t[:-2]
    elif t.endswith("s'"):
        t = t[:-1]
    return " ".join(SPELLING.get(w, w) for w in t.split())


# The bodies a country has, in the forms news writes them → (canonical body name, kind); a name of None is the
# country's government itself
_BODY_INDEX = {form: (row["body"] or None, row["kind"])
               for row in lexicon.table("country_bodies.tsv") for form in row.items("forms")}

# Role nouns that precede a person's name ("spokesperson Igor Konashenkov", "expert Kortunov") → the person's kind
ROLE_NOUNS = {row["noun"]: row["kind"] for row in lexicon.table("role_nouns.tsv")}
TITLE_WORDS = set(ROLE_NOUNS) | set(lexicon.words("title_words.txt"))


def _any_of(entries: tuple[str, ...]) -> fastre.Pattern | re.Pattern:
    """Whole words or phrases, any of ``entries`` (a final ``*`` lets the word go on: "broadcast*")."""
    forms = (r"\s+".join(map(re.escape, e.removesuffix("*").split())) + (r"\w*" if e.endswith("*") else "")
             for e in entries)
    return fastre.compile(rf"\b(?:{'|'.join(forms)})\b")


# Head words → kind, for sources that are not in the gazetteer: the first kind with a word in the name
_HEAD_KINDS = [(_any_of(heads), kind) for kind, heads in lexicon.sections("source_heads.txt").items() if kind]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str


@lru_cache(maxsize=1)
def builtin_tables() -> tuple[dict[str, Entry], dict[str, Country], dict[tuple[str, str], Entry]]:
    """(alias norm → entry, country form norm → country, (country code, body) → entry)."""
    aliases: dict[str, Entry] = {}
    by_body: dict[tuple[str, str], Entry] = {}
    for row in lexicon.table("gazetteer.tsv"):
        entry = Entry(row["name"], row["kind"], row.get("country"), row.get("parent"))
        for form in [row["name"], *row.items("aliases")]:
            aliases.setdefault(norm(form), entry)
    countries: dict[str, Country] = {}
    for row in lexicon.table("countries.tsv"):
        c = Country(row["code"], row["name"])
        for form in [row["name"], *row.items("demonyms"), *row.items("aliases")]:
            countries.setdefault(norm(form), c)
    # which gazetteer rows are "the <body> of <country>"
    for entry in {id(e): e for e in aliases.values()}.values():
        if entry.country and entry.kind != "person":
            n = norm(re.sub(r"\s*\([^)]*\)$", "", entry.name))
            hit = _BODY_INDEX.get(n)
            if hit and hit[0]:
                by_body.setdefault((entry.country, hit[0]), entry)
    for entry in {id(e): e for e in aliases.values()}.values():
        if entry.kind == "government" and entry.country:
            by_body.setdefault((entry.country, "__government__"), entry)
    for office, holders in office_table().items():
        aliases.setdefault(office, holders[0][2])
    return aliases, countries, by_body


@lru_cache(maxsize=1)
def office_table() -> dict[str, tuple[tuple[Entry, tuple[tuple[str, str], ...], Entry], ...]]:
    """Office title norm → its holders: (the person, the days they held it, the office itself). "the UN High
    Commissioner for Human Rights" is Michelle Bachelet in a story of 2019 and Volker Türk in one of 2023; in a
    story of 2015, or one with no date, it is the office (``Resolver.lookup``)."""
    table: dict[str, list[tuple[Entry, tuple[tuple[str, str], ...], Entry]]] = {}
    offices: dict[str, Entry] = {}
    for row in lexicon.table("gazetteer.tsv"):
        person = Entry(row["name"], row["kind"], row.get("country"), row.get("parent"))
        forms = [lexicon.parse_office("gazetteer.tsv", row, item) for item in row.items("offices")]
        # the forms of a row name one office: the first form another row already named, else the row's first
        office = next((offices[norm(title)] for title, _ in forms if norm(title) in offices), None)
        if office is None and forms:
            office = Entry(forms[0][0], "person", person.country, person.parent)
        for title, ranges in forms:
            offices.setdefault(norm(title), office)
            table.setdefault(norm(title), []).append((person, ranges, offices[norm(title)]))
    return {k: tuple(v) for k, v in table.items()}


def held_on(ranges: tuple[tuple[str, str], ...], when: str) -> bool:
    """Whether the day ``when`` (ISO, "2019-05-03" or a date-time) falls in one of ``ranges`` (each end a year, a
    month or a day, compared at its own precision; an empty end is "still in office")."""
    day = when[:10]
    return any(day[: len(a)] >= a and (not b or day[: len(b)] <= b) for a, b in ranges)


def _strip_titles(words: list[str]) -> list[str]:
    i = 0
    while i < len(words) - 1 and norm(words[i]) in TITLE_WORDS:
        i += 1
    if i and (i == len(words) - 1 and norm(words[-1]) in TITLE_WORDS or norm(words[i]) in ("of", "for")):
        # no name after the titles: "the defence minister" is the defence minister, not "minister"; "the
        # leader of the opposition" is not "of the opposition" ("Prime Minister John Major" is John Major)
        return words[1:] if norm(words[0]) in ("the", "a", "an") else words
    return words[i:]


_DAYS = "|".join(WEEKDAYS)
_MONTHS_RE = "|".join(MONTH_NUMBERS)
_TRAILING_TIME = fastre.compile(
    rf"\s+(?:(?:on|last|this|early|late|earlier|later|next)\s+(?:{_DAYS}|(?:{_MONTHS_RE})\.?(?:\s+\d{{1,2}}\w*)?|"
    rf"week|month|year|weekend|morning|afternoon|evening|night|the\s+\d{{1,2}}\w*|\d[\w,. ]*)|"
    rf"yesterday|today|tonight|overnight|earlier|later|(?:{_DAYS}))$", re.I)
_LEADING_JUNK = fastre.compile(r"^(?:[-–—•·,;:|]+\s*|(?:[Ff]or|[Tt]o|[Ff]rom|[Ww]ith|[Aa]nd|[Bb]ut|[Aa]s|[Ww]hile|[Ww]hen|"
                          r"[Aa]fter|[Bb]efore)\s+(?=[A-Z]))")


# capitalized only because they open the sentence: "Station commander X" names no organisation
_DESCRIPTOR_WORDS = frozenset(lexicon.words("descriptor_words.txt"))


_SPOKESPERSON = fastre.compile(r"^(?:(?:the|a|an)\s+)?(?P<org>.+?)(?:'s|’s)?\s+(?:spokes(?:person|man|woman)|spokespeople|"
                          r"press\s+(?:secretary|office|service))$", re.I)


# "the head of Germany's domestic intelligence agency", "a spokesman for the ministry": someone speaking for a body
_HEAD_OF = fastre.compile(r"^(?:(?:the|a|an)\s+)?(?:(?:deputy|acting|former)\s+)?(?:head|chief|director|leader|chairman|"
                          r"chairwoman|chair|president|spokes(?:person|man|woman)|representative)\s+(?:of|for)\s+"
                          r"(?P<org>.+)$", re.I)
# "the Russian embassy in Berlin", "police in Tartus": a body and where it is
_BODY_IN_PLACE = fastre.compile(r"^(?P<body>.+?)\s+(?:in|at)\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})$")


_POSSESSED_PERSON = fastre.compile(r"^(?P<org>[A-Z][\w.&-]*(?:\s+[A-Z][\w.&-]*){0,3})(?:'s|’s|(?<=s)'|(?<=s)’)\s+"
                                   r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,2})$")


def clean_mention(text: str) -> str:
    """A mention without what the phrase walk may have caught around it: leading punctuation or a
    preposition ("For Nordwerk", "- Guinea's government") and trailing time words ("Kestrel Shipping on
    Tuesday", "the ministry last week")."""
    t = text.strip()
    for _ in range(3):
        new = _TRAILING_TIME.sub("", _LEADING_JUNK.sub("", t)).strip()
        if new == t or not new:
            break
        t = new
    return t or text.strip()


_POSSESSIVE_END = re.compile(r"'s$")
_SPACES = re.compile(r"\s+")
_NAME_WORD = re.compile(r"[\w'-]+")
_BODY_OF = re.compile(r"^(.+?) of (?:the )?(.+)$")


def display_name(text: str) -> str:
    """A new source's name: no leading article, no quotes, no possessive, single spaces."""
    t = text.strip().replace("’", "'").strip("\"“”'‘ ,;:")
    t = _LEADING.sub("", t).strip("\"“”'‘ ")
    t = _POSSESSIVE_END.sub("", t)
    t = _SPACES.sub(" ", t)
    if t and t[0].islower():
        t = t[0].upper() + t[1:]
    return t


# ---- what can name a speaker ------------------------------------------------------------------------------
# A mention is a source only when it can refer to someone who speaks: a name, a known entity, or common words
# headed by a noun for a person or a group of people. "Big Machine have twice denied …" does not make "twice" a
# source, nor "the horrific details" "horrific", nor "On Monday, …" "On".
@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words (``data/common_words.txt``, SCOWL size 35)."""
    return frozenset(lexicon.words("common_words.txt"))


@lru_cache(maxsize=1)
def speaker_nouns() -> frozenset[str]:
    """Nouns for a person or a group of people (``data/speaker_nouns.txt``) and the role nouns."""
    found = lexicon.sections("speaker_nouns.txt")
    # a title too short to be a noun ("Mr", "Sen") names no one alone
    return frozenset(found["added"]) | frozenset(found["wordnet"]) | {n for n in ROLE_NOUNS if " " not in n and len(n) > 3}


_IRREGULAR_PLURALS = {"men": "man", "women": "woman", "people": "person", "children": "child", "folks": "folk"}


def speaker_noun(word: str) -> bool:
    """Whether ``word`` (any case, singular or plural) is a noun for someone who may speak: "voters", "the host",
    "spokesmen", "a Dutch politician"; not "details", "evidence", "series"."""
    w = word.lower().replace("’", "'").removesuffix("'s").removesuffix("'")
    nouns = speaker_nouns()
    if w in nouns or _IRREGULAR_PLURALS.get(w) in nouns:
        return True
    return (w.endswith("men") and w[:-3] + "man" in nouns or w.endswith("ies") and w[:-3] + "y" in nouns
            or w.endswith("es") and w[:-2] in nouns or w.endswith("s") and w[:-1] in nouns)


# what opens a phrase without naming anyone
_PHRASE_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those", "his", "her", "its", "their",
                                 "our", "my", "your", "some", "many", "several", "both", "other", "one", "most",
                                 "few", "all", "each", "any", "more", "such", "same"}) | frozenset(NUMBER_WORDS)
# words of when, never of who: "Week", "On Monday", "last month"
_TIME_WORDS = frozenset(WEEKDAYS) | frozenset(MONTH_NUMBERS) | {
    "week", "weeks", "weekend", "month", "months", "year", "years", "day", "days", "today", "yesterday", "tonight",
    "morning", "afternoon", "evening", "night", "hour", "hours", "decade", "century", "season", "time", "on", "in",
    "at", "during", "last", "next", "this", "early", "late", "earlier", "later", "the", "of"}
_CONTRACTED = fastre.compile(r"(?:n['’]t|['’](?:m|re|ve|ll|d))$", re.I)  # "Holtz hasn't", "Weren't", "I'm"
# "2009", "43 million …", "06.48 Reuters - …", "hundreds of …"
_QUANTITY = fastre.compile(r"^(?:[\d.,:/%$£€-]+(?:s|th|st|nd|rd)?|dozens|hundreds|thousands|millions)$", re.I)
# where a phrase's head ends: "the leader of the opposition", "a spokesman for the ministry"
_HEAD_ENDS = frozenset({"of", "for", "at", "in", "from", "with", "on", "to", "about"})
_POSSESSIVE = fastre.compile(r"['’]s?$")
_EXAMPLES = frozenset({"like", "including", "such"})


def speaker_words(words: list[str], *, initial: int = 1, proper=None) -> tuple[int, int] | None:
    """The words of a mention that name someone who speaks (a person, an organisation, a body, an outlet, an
    unnamed source, a group), as (first, last) indexes into ``words``, or None when it names no one.

    A capitalised word is a name unless capitals say nothing there: the first ``initial`` words (those at the
    start of a sentence; all of them in a headline in title case) name someone only when they are not common
    words ("Disclaimer:", "Even in …", "Of course, …" name no one) or ``proper(word)`` says the story writes them
    capitalised inside a sentence too ("Stern asked …" after "… said Howard Stern"). Without a name, the phrase
    needs a head noun for people (``speaker_noun``: "voters", "the host"). Not a name: a time ("Week", "On
    Monday"), a number ("2009", "43 million Americans", "five years of …"), a piece of a clause ("Holtz hasn't",
    "Weren't", "Johnson faces a potential … term"), a title alone ("Mr"), common words headed by anything but
    people ("the horrific details", "Figures", "Reflection of the confusion", "twice", "the mission of …").
    A name keeps only the words that name: "his letter Mrs Thatcher" is Mrs Thatcher, "Labor Department data"
    the Labor Department, "Hannibal Buress flat-out" Hannibal Buress; "Suh's play" names no one who speaks."""
    lows = [norm(w) for w in words]
    # examples after the head are not the source: "candidates like Trump", "groups such as Amnesty"
    n = next((k for k in range(1, len(words)) if lows[k] in _EXAMPLES), len(words))
    lows, words = lows[:n], words[:n]
    i0 = 0
    while i0 < n and lows[i0] in _PHRASE_DETERMINERS:
        i0 += 1
    if i0 == n or any(_CONTRACTED.search(w) for w in words) or _QUANTITY.match(words[i0]) or lows[i0] in _HEAD_ENDS:
        return None
    if all(w in _TIME_WORDS or _QUANTITY.match(w) for w in lows[i0:]):
        return None
    if all(w in TITLE_WORDS for w in lows[i0:]) and not speaker_noun(lows[-1]):
        return None
    common = common_words()
    cap = [bool(w[:1].isupper()) and lows[i] not in _TIME_WORDS
           and (i >= initial or lows[i] not in common or (proper is not None and proper(w)))
           for i, w in enumerate(words)]
    cut = next((k for k in range(i0 + 1, n) if lows[k] in _HEAD_ENDS), n)
    head = cut - 1
    named = [i for i in range(i0, cut) if cap[i]]
    if not named:
        return (i0, n - 1) if speaker_noun(lows[head]) else None
    first, last = named[0], named[-1]
    while first > i0 and words[first - 1][:1].isupper():
        first -= 1  # a name's first word, capitalised at the start of a sentence: "Big Machine", "Moody's Analytics"
    # lower-case words before the name that say what it is ("the energy company Voimala", "union leader X") stay;
    # others go ("his letter Mrs Thatcher")
    lead = lows[i0:first]
    start = i0 if not lead or any(speaker_noun(w) or w in TITLE_WORDS for w in lead) else first
    tail = lows[last + 1 : cut]
    if not tail or speaker_noun(lows[head]):
        return (start, n - 1)
    if any(w in _PHRASE_DETERMINERS or w in _HEAD_ENDS or _QUANTITY.match(w) for w in tail) \
            or _POSSESSIVE.search(words[last]):
        return None  # "Johnson faces a potential … term", "Suh's play": no one who speaks
    return (start, last)


def clean_alias(text: str) -> bool:
    """Whether a mention may be learned as an alias of its source: every word of it names ("Mr Trump", "the
    Kremlin"), none is a word the phrase walk caught beside the name ("like Trump", "letter Mrs Thatcher")."""
    words = [w for w in (w.strip(",;:()\"“”‘’") for w in text.split()) if w]
    if not words or words[0].lower() in ("he", "she", "they", "it", "we", "i", "who"):
        return False
    span = speaker_words(words, initial=0)
    k = 0
    while k < len(words) and words[k].lower() in _PHRASE_DETERMINERS:
        k += 1
    return span is not None and span == (k, len(words) - 1)


def speaker_phrase(text: str, *, initial: int = 1, proper=None) -> bool:
    """Whether the mention ``text`` can refer to someone who speaks (``speaker_words``)."""
    words = [w for w in (w.strip(",;:()\"“”‘’") for w in text.split()) if w]
    return speaker_words(words, initial=initial, proper=proper) is not None


_POSSESSIVE_START = re.compile(r"^['’]s\b")


def written_as_name(document: str, word: str) -> bool:
    """Whether ``document`` writes ``word`` capitalised inside running text, next to a lower-case word or after
    a comma ("… said Stern", "Howard Stern asked", ", BlackBerry's"), so that the word at the start of a
    sentence is a name too; a headline in title case ("… Are A Huge Warning Sign") is no such evidence."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", document, re.I):
        if not m.group()[0].isupper():
            continue
        before = document[max(0, m.start() - 40) : m.start()].rstrip(" \t\"“‘'(")
        after = _POSSESSIVE_START.sub("", document[m.end() : m.end() + 40]).lstrip(" \t\"”’')")
        prev_word = before.rsplit(None, 1)[-1] if before.split() else ""
        if before.endswith((",", ";")) or prev_word[:1].islower() and prev_word[-1:].isalpha() \
                or before[-1:].isalpha() and after[:1].islower():
            return True
    return False


# kinds of source that publish news: what a byline credit or "told AP" can name
OUTLET_KINDS = frozenset({"news_agency", "newspaper", "broadcaster", "media_generic"})
_HYPHENED_NAME = re.compile(r"^[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)+$")  # "Al-Sayed", "Smith-Jones", "O'Brien"
_SURNAME_PREFIX = re.compile(r"^(?:Mc|Mac|De|Di|Da|Du|La|Le|Van|Von|Fitz|O['’])[A-Z]")


@lru_cache(maxsize=65536)
def guess_kind(text: str) -> str:
    n = norm(text)
    for pattern, kind in _HEAD_KINDS:
        if pattern.search(n):
            return kind
    words = [w for w in _NAME_WORD.findall(text) if w]
    parts = n.split()
    if parts and all(w in common_words() for w in parts) and speaker_noun(parts[-1]):
        # "Candidates", "Companies", "a reader": people a common noun names, not a person's name
        return ROLE_NOUNS.get(parts[-1], ROLE_NOUNS.get(parts[-1].removesuffix("s"), "unnamed"))
    if any(len(w) > 2 and w[0].isupper() and any(ch.isupper() for ch in w[1:] if ch.isalpha()) and not w.isupper()
           and not _SURNAME_PREFIX.match(w) and not _HYPHENED_NAME.match(w) for w in words):
        return "organization"  # "SkyBridge", "PayPal": brand names, not people's ("McDonald", "DeSantis" are)
    if words and all(w[0].isupper() for w in words) and 1 <= len(words) <= 4:
        return "person" if len(words) >= 2 or len(words[0]) > 2 and not words[0].isupper() else "organization"
    if n in {"he", "she", "they", "it", "we", "i"}:
        return "unnamed"
    head = re.split(r" (?:of|for) ", n, maxsplit=1)[0].rsplit(" ", 1)[-1]  # "leader of the opposition": leader
    return ROLE_NOUNS.get(head, "organization")  # "the minister", "a senior commander": a person


class Resolver:
    """Resolves mention text to canonical entries. Pure: everything it knows is passed in."""

    def __init__(self, extra_aliases: dict[str, Entry] | None = None):
        builtin, self.countries, self.by_body = builtin_tables()
        self.offices = office_table()
        self.aliases = dict(builtin)
        if extra_aliases:
            self.aliases.update(extra_aliases)
        self.max_alias_words = min(8, max((len(a.split()) for a in self.aliases), default=1))
        self.first_words = frozenset(a.split()[0] for a in self.aliases if a) | {"the"}
        self._cache: dict[str, Entry] = {}

    def lookup(self, text: str, when: str | None = None) -> Entry | None:
        """An exact (normalized) alias match, or a composed country body, else None. An office's title ("the
        Kremlin spokesman") is its holder on the day ``when`` (the story's date), else the office itself."""
        n = norm(text)
        if not n:
            return None
        hit = self.aliases.get(n)
        if hit and n in self.offices:
            holders = self.offices[n]
            if hit is holders[0][2] and when:  # not an analyst's alias over the gazetteer's office
                return next((person for person, ranges, _ in holders if held_on(ranges, when)), hit)
            return hit
        if hit:
            return hit
        c = self.countries.get(n)
        if c:
            return self.by_body.get((c.code, "__government__")) or Entry(c.name, "government", c.code, None, "auto")
        return self._compose(n)

    def country(self, text: str) -> Country | None:
        return self.countries.get(norm(text))

    def _compose(self, n: str) -> Entry | None:
        n = n.replace("'s ", " ")  # "guinea's government" → "guinea government"
        words = n.split()
        # "<country> <body>" / "<demonym> <body>"
        for k in range(1, min(4, len(words))):
            c = self.countries.get(" ".join(words[:k]))
            if c:
                body = " ".join(words[k:])
                return self._body(c, body)
        # "<body> of <country>"
        m = _BODY_OF.match(n)
        if m:
            c = self.countries.get(m.group(2))
            if c:
                return self._body(c, m.group(1))
        return None

    def _body(self, c: Country, body: str) -> Entry | None:
        hit = _BODY_INDEX.get(body)
        if not hit:
            return None
        name, kind = hit
        if name is None:  # the government itself
            return self.by_body.get((c.code, "__government__")) or Entry(c.name, "government", c.code, None, "auto")
        known = self.by_body.get((c.code, name))
        if known:
            return known
        parent = self.by_body.get((c.code, "__government__"))
        return Entry(f"{name} ({c.name})", kind, c.code, parent.name if parent else c.name, "auto")

    def resolve(self, text: str, when: str | None = None) -> Entry:
        """Always an entry: known, composed, or new with a normalized name and a guessed kind. ``when``: the story's
        date, for offices (``lookup``)."""
        if when and norm(clean_mention(text)) in self.offices:
            return self.lookup(clean_mention(text), when) or self.resolve(text)
        cached = self._cache.get(text)
        if cached:
            return cached
        raw, text = text, clean_mention(text)
        entry = self.lookup(text)
        voice = _SPOKESPERSON.match(text)
        if entry is None and voice and norm(voice.group("org")):
            # an unnamed spokesperson speaks for the organisation: "a fire department spokesperson"
            entry = self.resolve(voice.group("org"))
            self._cache[raw] = entry
            return entry
        for pat in (_HEAD_OF, _BODY_IN_PLACE):
            part = pat.match(text) if entry is None else None
            body = self.lookup(part.group("org" if pat is _HEAD_OF else "body")) if part else None
            if body is not None:  # speaks for the body: the body is the source
                self._cache[raw] = body
                return body
        appositive = re.match(r"""^(?P<desc>.*?)\s*["“](?P<name>[^"“”]{2,60})["”]?\s*$""", text)
        if entry is None and appositive and appositive.group("desc"):
            # 'the Russian newspaper "Shimbun"' → Shimbun, a newspaper, Russian
            desc, name = appositive.group("desc"), appositive.group("name")
            entry = self.lookup(name)
            if entry is None:
                kind = guess_kind(desc)
                dwords = norm(desc).split()
                c = next((self.countries[w] for w in dwords if w in self.countries), None)
                entry = Entry(display_name(name), kind if kind != "unnamed" else "organization",
                              c.code if c else None, None, "auto")
        descriptor = re.match(r"^(?:(?:the|a|an)\s+)?(?P<demonym>[A-Z][\w-]+\s+)?(?P<desc>(?:[a-z][\w-]*\s+)+)"
                              r"(?P<name>[A-Z][\w'’.&-]*(?:\s+(?:[A-Z][\w'’.&-]*|de|del|da|do|di|la|le|al|von|van))*)$",
                              text.strip())
        if descriptor and descriptor.group("demonym") and self.country(descriptor.group("demonym")) is None \
                and not (descriptor.group("desc").split()[-1].lower() in ROLE_NOUNS
                         and len(descriptor.group("name").split()) >= 2 and self.lookup(descriptor.group("demonym")) is None):
            # "Portuguese newspaper Correio de Manha", not "Acme spokesman Bo Lund"; but "Fleet admiral Ruth Okafor"
            # is a person whatever "Fleet" is
            descriptor = None
        if entry is None and descriptor and self.lookup(descriptor.group("name")) is not None:
            entry = self.lookup(descriptor.group("name"))
        elif entry is None and descriptor and descriptor.group("desc").split()[-1].lower() in ROLE_NOUNS \
                and len(descriptor.group("name").split()) >= 2:
            # "union leader Ivan Petrov", "fire chief Ana Ruiz" → the person
            entry = Entry(display_name(descriptor.group("name")),
                          ROLE_NOUNS[descriptor.group("desc").split()[-1].lower()], None, None, "auto")
        elif entry is None and descriptor and guess_kind(descriptor.group("desc")) not in ("unnamed", "organization"):
            # "the energy company Voimala" → Voimala, a company; "Portuguese newspaper Correio de Manha"
            demonym = self.country(descriptor.group("demonym")) if descriptor.group("demonym") else None
            entry = Entry(display_name(descriptor.group("name")), guess_kind(descriptor.group("desc")),
                          demonym.code if demonym else None, None, "auto")
        if entry is None:
            words = text.split()
            stripped = _strip_titles(words)
            if stripped != words:
                entry = self.lookup(" ".join(stripped))
            if entry is None:
                name = display_name(" ".join(stripped))
                kind = guess_kind(text)
                country = None
                first = norm(words[0]) if words else ""
                c = self.countries.get(first) or (self.countries.get(norm(words[1])) if len(words) > 1 and first in ("the", "a") else None)
                if c:
                    country = c.code
                if kind in ("person",) and len(stripped) < len(words):
                    role = " ".join(words[: len(words) - len(stripped)])
                    for noun, rk in ROLE_NOUNS.items():
                        if re.search(rf"\b{re.escape(noun)}\b", role, re.I):
                            kind = rk
                            break
                entry = Entry(name, kind, country, None, "auto")
        self._cache[raw] = entry
        return entry

    def split_affiliation(self, text: str) -> tuple[str, str | None]:
        """"Russian Ministry of Defense spokesperson Igor Konashenkov" → (person text, org text).

        The org is None when the text is not "<org> <role> <Name>", and "" when the words before the role
        only describe the person ("Station commander Gareth Penhale")."""
        m = re.search(
            r"^(?P<org>.+?)(?:'s|’s)?\s+(?P<role>(?i:spokes(?:person|man|woman)|press secretary|spokesmen|"
            r"minister|secretary|director|chief|head|commander|official|adviser|advisor|ambassador|envoy|"
            r"(?:duty\s+)?officer|councill?or|inspector|superintendent|commissioner|manager|coordinator|"
            r"representative|chairman|chairwoman|chair|chairperson|chief\s+executive|ceo|secretary-general|"
            r"general\s+secretary|mayor|governor|founder|captain|editor|president|expert|analyst|leader|researcher|"
            r"professor))\s+"
            r"(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})$",
            text.strip(),
        )
        if not m:
            # "CNN's Jake Tapper", "Reuters' Luciana Lopez": a person named with the outlet they work for
            p = _POSSESSED_PERSON.match(text.strip())
            if p and self.lookup(text) is None and self.lookup(p.group("name")) is None \
                    and guess_kind(p.group("name")) == "person" and any(ch.isupper() for ch in p.group("org")):
                return p.group("name"), p.group("org")
            return text, None
        org = m.group("org")
        if not any(ch.isupper() for ch in org):
            return m.group("name"), None
        if org.strip().lower() in _DESCRIPTOR_WORDS:
            return m.group("name"), ""  # "Station commander X": a person described, no organisation
        if m.group("role").lower() == "minister":
            # "Finnish Defence Minister X" → the Finnish defence ministry; "Finnish Prime Minister X" → Finland
            words = org.split()
            if words and words[-1].lower() == "prime":
                return m.group("name"), " ".join(words[:-1]) or None
            if self.lookup(org) is None and self.lookup(org + " ministry") is not None:
                return m.group("name"), org + " ministry"
        return m.group("name"), org
