"""Attribution: in each sentence, find cues, their sources and the content they attribute.

Pure and rule-based (no parser, no model): a sentence is tokenized once, cue expressions are looked up
in the lexicon (``data/cues.tsv``), and each cue's source noun phrase and content span are found by
walking the tokens around it. Constructions handled:

- verbs of saying, believing, wanting, showing, finding, denying, any tense, with the source before
  ("the ministry said that …") or after ("…, said Peskov") the verb; passive "was quoted as saying";
- "according to X", "as reported by X", "a report by X", "X report(s) stated";
- chains: "X quoted/cited Y as saying" and "according to X, Y said" (speaker Y, reporter X);
- "in a statement, X …"; "it is reported that", "sources said" (unnamed sources);
- a headline colon ("Zelensky: missiles are not enough");
- several sources ("Russia and North Korea denied it");
- quote continuation and pronouns ("He stated …") resolved to the latest fitting source, via ``Context``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from . import fastre, lexicon
from .dates import WEEKDAYS
from .sources import OUTLET_KINDS, SPELLING, TITLE_WORDS, Entry, Resolver, norm

TOKEN = fastre.compile(r"[A-Za-z0-9]+(?:[’'][A-Za-z]+)*(?:[-.][A-Za-z0-9]+)*(?:(?<=[A-Z])\.)?|[^\sA-Za-z0-9]")

PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
OPEN_QUOTES = {'"', "“", "‘", "'"}
CLOSE_QUOTES = {'"', "”", "’", "'"}
_ADVERBS = {
    "also", "then", "later", "earlier", "previously", "again", "still", "already", "repeatedly", "further",
    "reportedly", "allegedly", "once", "has", "have", "had", "was", "were", "is", "are", "be", "been",
    "would", "will", "could", "can", "may", "might", "did", "does", "do", "recently", "publicly",
    "privately", "openly", "firmly", "flatly", "strongly", "categorically", "vehemently", "quickly", "first",
    "last", "explicitly", "specifically", "directly", "separately", "jointly", "herself", "himself",
    "themselves", "itself", "too", "immediately", "clearly", "simply", "just", "even", "not", "never",
    "personally", "officially", "formally", "subsequently", "should", "must", "here", "there", "today",
    "yesterday", "tonight", "now", "long", "often", "ever", "always", "sometimes", "widely", "usually",
    "generally", "largely", "increasingly", "since",
}
_NP_GLUE = {"of", "and", "the", "for", "&", "'s", "’s", "de", "von", "van", "al", "bin", "la", "le", "du", "on"}
_STOP = {
    "that", "which", "who", "whom", "whose", "when", "while", "where", "because", "after", "before",
    "since", "although", "though", "if", "but", "or", "so", "yet", "as", "than", "in", "at", "to", "from",
    "with", "by", "into", "about", "over", "under", "this", "these", "those", "there", "here", "what",
    "not", "no", "nor", "neither", "also", "it's", "anyway", "however", "moreover", "meanwhile",
}
_NUMBERS = {"percent", "per", "cent", "%", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "half", "third", "thirds", "quarter", "majority", "minority", "number"}
_NOT_NOUN = {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "get", "got", "gets", "make", "made", "makes",
    "go", "goes", "went", "gone", "take", "took", "come", "came", "let", "lets", "seem", "seems", "very", "more",
    "less", "much", "then", "now", "yesterday", "today", "tonight", "ago", "said", "says", "say", "and", "or",
    "n't", "all", "each", "every", "any", "such", "own", "only", "just", "well", "back", "out", "up", "down",
    "off", "me", "him", "us", "them", "you", "she", "he", "they", "we", "i", "it", "its", "his", "her",
    "their", "our", "my", "your", "how", "why", "whether", "within", "without", "during", "through", "until",
    "against", "between", "among", "toward", "towards", "across", "around", "upon", "via", "per",
    # irregular past forms, which the "-ed" test misses
    "spent", "gave", "sent", "left", "kept", "held", "met", "ran", "won", "lost", "put", "paid", "brought",
    "began", "begun", "built", "bought", "caught", "drew", "drove", "fell", "fought", "grew", "heard", "hit", "led",
    "meant", "rose", "saw", "sat", "sold", "stood", "struck", "threw", "wore", "became", "become", "ate", "flew",
    "forgot", "hid", "hung", "lay", "lit", "quit", "rode", "rang", "sang", "shot", "shut", "slept", "spread", "stole",
    "swam", "swept", "taught", "tore", "woke", "withdrew", "overtook", "upheld", "won't", "can't", "didn't",
}
_ING_NOUNS = {"meeting", "hearing", "briefing", "building", "ruling", "filing", "reporting", "polling", "spending",
              "funding", "wing", "king", "red", "bed", "med", "fed", "ted", "speed", "need", "seed", "feed", "greed",
              "creed", "board", "offspring", "proceeding", "proceedings", "hundred", "thing", "something",
              "anything", "everything", "nothing", "ring", "evening", "morning", "setting", "sibling",
              "siblings", "head", "editor-in-chief", "surveyed", "polled", "interviewed", "questioned", "asked",
              "involved", "concerned"}
_DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "some", "many", "several",
                "two", "three", "four", "both", "other", "one", "most", "few"}
# a generic noun that names exactly one kind of source: "the company" is the company cited before
_GENERIC_HEADS = {
    "company": ("company",), "firm": ("company",), "carrier": ("company",), "operator": ("company",),
    "newspaper": ("newspaper",), "paper": ("newspaper",), "daily": ("newspaper",), "broadcaster": ("broadcaster",),
    "channel": ("broadcaster",), "network": ("broadcaster",), "agency": ("news_agency", "intelligence"),
    "ministry": ("ministry",), "army": ("military",), "military": ("military",), "police": ("police",),
    "court": ("court",), "party": ("party",), "government": ("government",),
    "club": ("organization",), "team": ("organization",), "hospital": ("organization",),
    "school": ("organization",), "university": ("organization",), "charity": ("organization",),
}
_ISSUE_VERBS = {"issued", "released", "published", "put", "posted", "sent", "made", "circulated", "distributed"}
_REPORT_HEADS = {"report", "reports", "article", "analysis", "statement", "story", "dispatch", "broadcast",
                 "bulletin", "editorial", "interview", "commentary", "survey", "poll", "study", "document",
                 "memo", "letter", "filing", "release", "press release", "communique", "readout",
                 "account", "website", "post", "tweet", "reporting"}
_SUBORD = {"that", ":", ",", "on"}
_NOUNLIKE = {"report", "reports", "claim", "claims", "statement", "comment", "comments", "estimate", "estimates",
             "warning", "promise", "promises", "call", "calls", "plan", "plans", "answer", "reply", "post", "posts",
             "quote", "quotes", "note", "notes", "tweet", "tweets", "state", "states", "demand", "demands",
             "fear", "fears", "hope", "hopes", "doubt", "doubts", "find", "finds", "show", "shows", "worry",
             "worries", "concern", "protest", "protests", "object", "objects", "label", "brand", "dub", "vow",
             "vows", "pledge", "pledges", "respond", "want", "wants", "need", "feel", "feels", "cite", "remark",
             "remarks", "broadcast", "publish", "contest", "reject", "point", "points", "add", "adds", "ask"}
_PREPS = {"of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "about", "the", "a", "an", "this",
          "that", "these", "those", "its", "their", "his", "her", "our", "media", "news", "press", "official",
          "recent", "earlier", "latest", "previous", "initial", "new", "such", "local", "foreign", "western"}
_NOUN_FOLLOW = {",", ".", ";", "of", "by", "from", "on", "about", "in", "say", "says", "said", "suggest", "suggests",
                "indicate", "indicates", "show", "shows", "claim", "claims", "were", "was", "is", "are", "have", "has",
                "had", "and", "or", ")", "”", '"'}


# "Zelensky: missiles are not enough" (an optional all-caps dateline first)
_COLON_LEAD = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[A-Z]{2,4}\s+)?(?:[–—|-]+\s*)?)?(?:[A-Z]{3,}\s+[–—-]+\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s*:\s+(\S.+)$")
_IT_IS_REPORTED = fastre.compile(r"\bit (?:is|was|has been) (reported|said|claimed|alleged|believed|understood|learned|learnt)\b"
                                 r"(?: that)?", re.I)


class Tok:
    """A token: offsets into the document, text, lower-cased text (a plain slotted class: built per word)."""

    __slots__ = ("start", "end", "text", "low")

    def __init__(self, start: int, end: int, text: str, low: str):
        self.start, self.end, self.text, self.low = start, end, text, low

    def __repr__(self) -> str:
        return f"Tok({self.start}, {self.end}, {self.text!r})"


def _key(low: str) -> str:
    """A token's look-up form, as ``norm`` writes words (no dots, American spelling)."""
    k = low.replace(".", "").replace("’", "'")
    return SPELLING.get(k, k)


def tokenize(text: str, offset: int = 0) -> list[Tok]:
    spans = [m.span() for m in TOKEN.finditer(text)]
    low = text.lower()
    if len(low) == len(text) and "Σ" not in text:
        # lower-casing kept every offset (and no final sigma depends on context): slice the lowered text
        return [Tok(s + offset, e + offset, text[s:e], low[s:e]) for s, e in spans]
    return [Tok(s + offset, e + offset, text[s:e], text[s:e].lower()) for s, e in spans]


def _inflect(lemma: str) -> list[str]:
    base = lemma
    if base.endswith("e"):
        past, ger, third = base + "d", base[:-1] + "ing", base + "s"
    elif base.endswith("y") and base[-2:-1] not in "aeiou":
        past, ger, third = base[:-1] + "ied", base + "ing", base[:-1] + "ies"
    elif base.endswith(("s", "sh", "ch", "x", "z")):
        past, ger, third = base + "ed", base + "ing", base + "es"
    else:
        past, ger, third = base + "ed", base + "ing", base + "s"
    return [base, third, past, past, ger]


@dataclass(frozen=True, slots=True)
class CueForm:
    words: tuple[str, ...]
    lemma: str
    cls: str
    form: str  # base | 3sg | past | participle | gerund


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, list[CueForm]]:
    """First word → cue forms starting with it (longest first)."""
    index: dict[str, list[CueForm]] = {}
    for row in lexicon.table("cues.tsv"):
        lemma, cls = row["lemma"], row["class"]
        words = lemma.split()
        if row["forms"]:
            forms = row["forms"].split("|")
        else:
            forms = [" ".join([f, *words[1:]]) for f in _inflect(words[0])]
        for label, form in zip(("base", "3sg", "past", "participle", "gerund"), forms, strict=False):
            if form.strip() in ("", "-"):  # "-": this form is not a cue ("back" the adverb)
                continue
            fw = tuple(form.split())
            index.setdefault(fw[0], []).append(CueForm(fw, lemma, cls, label))
    for cue_forms in index.values():
        cue_forms.sort(key=lambda c: -len(c.words))
    return index


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    return frozenset(lexicon.words("source_nouns.txt"))


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(slots=True)
class SourceHit:
    entry: Entry
    role: str
    mention: Mention | None


@dataclass(slots=True)
class Attribution:
    cue: Mention | None
    content: tuple[int, int] | None
    sources: list[SourceHit]
    kind: str  # direct_quote | indirect_quote | mixed_quote | denial
    method: str
    cls: str = "say"
    confidence: float = 0.7


@dataclass(slots=True)
class Context:
    """What earlier sentences of the story established, for pronouns and quote continuation."""

    last_person: list[SourceHit] = field(default_factory=list)
    last_group: list[SourceHit] = field(default_factory=list)
    last_any: list[SourceHit] = field(default_factory=list)
    open_quote_sources: list[SourceHit] | None = None
    pending_colon: list[SourceHit] | None = None  # "… an article saying:" → the next sentence
    distance: int = 0  # sentences since last_any was set
    in_quote: bool = False  # the previous sentence left a quotation open
    recent: list[Entry] = field(default_factory=list)  # sources cited so far, most recent first

    def remember(self, hits: list[SourceHit]) -> None:
        if not hits:
            return
        for h in reversed(hits):
            if h.entry.kind not in ("unnamed", "author") and not h.entry.name.startswith(("Unidentified", "Writer")):
                self.recent = [h.entry] + [e for e in self.recent if e.name != h.entry.name][:15]
        self.last_any = hits
        self.distance = 0
        if all(h.entry.kind in ("person", "expert", "author") for h in hits):
            self.last_person = hits if len(hits) == 1 else self.last_person
            if len(hits) > 1:
                self.last_group = hits
        else:
            self.last_group = hits


# "Label: …" lines that are not a speaker and their words
_COLON_LABELS = {
    "note", "update", "updated", "editor's note", "photo", "photos", "video", "watch", "read", "related", "source",
    "sources", "correction", "clarification", "disclosure", "q", "a", "question", "answer", "warning", "breaking",
    "exclusive", "analysis", "opinion", "live", "listen", "see", "also", "more", "click", "follow", "subscribe",
    "tags", "topics", "filed", "posted", "published", "by", "credit", "image", "caption", "the", "this", "here",
    "there", "it", "what", "why", "how", "who", "when", "where", "but", "and", "so", "first", "second", "third",
    "last", "next", "now", "today", "yesterday", "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "step", "example", "bottom line", "result", "results", "reason", "problem", "fact",
    "facts", "truth", "in", "on", "at", "as", "for", "all", "one", "two", "three", "ps", "p.s", "edit", "tl;dr",
    "summary", "background", "context", "timeline", "location", "date", "time", "contact", "email", "phone",
    "contributing", "contributors", "additional reporting", "reporting", "written", "edited", "via", "h/t", "hat tip",
}
_AUX = {"do", "does", "did", "would", "will", "could", "can", "may", "might", "should", "must", "n't", "not",
        "to", "shall", "'d", "’d", "'ll", "’ll", "also", "still", "often", "always", "never", "now", "just"}


def _plural(tok: Tok) -> bool:
    low = tok.low
    return (low.endswith("s") and not low.endswith(("ss", "us", "is"))) or low in (
        "people", "police", "women", "men", "children", "staff", "media", "public", "leadership", "majority",
        "percent", "%", "both", "many", "most", "some", "few", "others", "all", "who", "that", "which", "two",
        "data", "criteria", "phenomena", "personnel", "clergy", "youth", "crowd", "audience", "team", "family",
        "surveyed", "polled", "interviewed",
        "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half", "third", "thirds", "majority") \
        or low[:1].isdigit()


_SEEM = {"seem", "seems", "seemed", "appear", "appears", "appeared"}
_WRITER = Entry("Writer", "author", None, None, "auto")
# documents that say things: "in the latest poll", "in a 2014 study"
_DOCS = {"poll", "polls", "survey", "surveys", "study", "studies", "tally", "census", "projections", "forecast",
         "forecasts", "average"}
_UNRESOLVED = {
    "m": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "f": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "s": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "p": Entry("Unidentified group", "unnamed", None, None, "auto"),
    "n": Entry("Unidentified source", "unnamed", None, None, "auto"),
}
_HEARSAY_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
_HEARSAY_OR_ASKED = frozenset(_HEARSAY_ADVERBS | {"asked"})
_REPORTED_BY = frozenset({"reported", "quoted", "cited", "stated", "announced", "confirmed"})  # "… by X"
_QUANTIFIERS = {"most", "many", "some", "several", "few", "both", "all", "others", "none", "each", "half"}
_BE = {"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re"}
_PASSIVE_ADVERBS = {"also", "not", "n't", "long", "often", "first", "now", "still", "more", "most", "widely", "never",
                    "already", "since", "ever", "once", "then"}
_FIGURE_NOUNS = frozenset({"toll", "number", "figure", "count", "tally", "cost", "costs", "losses", "casualties",
                           "damage", "damages", "bill", "value", "total", "estimate"})
_PORTFOLIOS = frozenset({"interior", "foreign", "defence", "defense", "finance", "health", "justice", "economy",
                         "economic", "trade", "energy", "education", "agriculture", "transport", "labour", "labor",
                         "environment", "culture", "home", "affairs", "internal", "security", "digital", "treasury",
                         # "Chief Financial Officer …": a title, not a body
                         "chief", "financial", "operating", "executive", "technology", "information", "marketing",
                         "commercial", "medical", "scientific", "legal", "investment", "strategy", "risk",
                         # "Opposition leader Elena Marsh", "incumbent mayor …", "lead author …": a description
                         "opposition", "incumbent", "lead", "former", "acting", "interim", "senior", "deputy"})
_NAME_ABBREVIATIONS = frozenset({"st", "mt", "ft", "dr", "jr", "sr", "gen", "lt", "col", "maj", "capt", "sgt", "adm",
                                 "brig", "cmdr", "prof", "gov", "sen", "rep", "rev", "mr", "mrs", "ms"})
_WEEKDAYS = frozenset(WEEKDAYS)
_MODALS = frozenset({"should", "must", "could", "would", "might", "may", "can", "cannot", "will", "shall", "ought"})
_AS_SAYING = frozenset({"saying", "stating", "telling", "writing", "claiming", "warning", "adding"})
# "people familiar with the matter", "officials briefed on the talks": the phrase ends at the people
_FAMILIAR_WITH = frozenset({("familiar", "with"), ("briefed", "on"), ("close", "to"), ("involved", "in"),
                            ("knowledgeable", "about")})
_UNNAMED = Entry("Unnamed source", "unnamed", None, None, "auto")
_RELATIVE_END = fastre.compile(r"\b(?:which|that|who|whom|whose|where|when|if|because|as)"
                           r"(?:\s+(?:the|a|an|its|their|his|her|two|both|all|some))*$", re.I)
_COORD = fastre.compile(r"(?:[,;]|\band|\bbut|\bwhile|\bwhereas)$")
_PLACE_PREPS = {"in", "at", "from"}
# cue forms that are far more often plural nouns after a modifier ("phone calls", "media reports")
_PLURAL_NOUNLIKE = {"calls", "claims", "reports", "notes", "posts", "tweets", "comments", "quotes", "estimates",
                    "promises", "demands", "protests"}
_SPATIAL_PREPS = {"over", "above", "under", "near", "across", "around", "through", "into", "onto", "beyond", "behind",
                  "below", "beneath", "inside", "outside", "towards", "toward"}
_WORDS = fastre.compile(r"[a-z]+")
_QUOTE_MARK = fastre.compile(r"''|``|[\"“”]")


def quote_regions(sent: str, carry_in: bool = False) -> tuple[list[tuple[int, int]], bool]:
    """Character regions of ``sent`` inside quotation marks, and whether a quotation is left open.

    ``carry_in``: the sentence starts inside a quotation opened earlier. A closing mark with no opener
    before it closes a quotation that started before the sentence.
    """
    regions: list[tuple[int, int]] = []
    open_at: int | None = 0 if carry_in else None
    for m in _QUOTE_MARK.finditer(sent):
        p, mark = m.start(), m.group()
        if mark in ("“", "``"):
            if open_at is None:
                open_at = p
                continue
            if p == 0 or sent[p - 1].isspace():
                continue
            # a mistyped closing mark: 'a fascist?“ he asked'
            regions.append((open_at, m.end()))
            open_at = None
            continue
        if mark == "”":
            closing = True
        elif open_at is not None:
            closing = True
        else:  # a straight mark: opening after a space or at the start, else closing one opened earlier
            closing = not (p == 0 or sent[p - 1] in " \t\n([{—–-/")
            if not closing:
                open_at = p
                continue
        if closing:
            regions.append((open_at if open_at is not None else 0, m.end()))
            open_at = None
    if open_at is not None:
        regions.append((open_at, len(sent)))
    return regions, open_at is not None


def _is_cap(tok: Tok) -> bool:
    return tok.text[:1].isupper() or tok.text[:1].isdigit() and False


def _wh_subject(toks: list[Tok], i: int) -> bool:
    """The words before the cue, back to the clause's start, open with "what" / "how" / "why"."""
    for k in range(i - 1, max(-1, i - 16), -1):
        low = toks[k].low
        if low in (":", ";", ",", ".", "—", "-") or toks[k].text in ('"', "“", "”"):
            return False
        if low in ("what", "how", "why"):
            return True
    return False


def _np_token(tok: Tok, nouns: frozenset[str]) -> bool:
    if tok.low in _STOP:
        return False
    if tok.text[:1].isupper():
        return True
    return tok.low in nouns or tok.low in _NP_GLUE or tok.low in _DETERMINERS or tok.low in ("-", "’s", "'s")


class Attributor:
    def __init__(self, resolver: Resolver):
        self.resolver = resolver
        self.cues = cue_lexicon()
        self.nouns = source_nouns()
        self._known: dict[int, int] = {}
        # a quick test for sentences that may hold an attribution: any cue's first word, a colon, a document
        words = set(self.cues) | _DOCS | _SEEM | _HEARSAY_ADVERBS | _REPORTED_BY | {"according"}
        self._candidate = frozenset(words)
        # the words the cue loop stops at (every other token only moves it on)
        self._loop_words = frozenset(self.cues) | _REPORTED_BY | {"according"}
        # multi-word aliases by their first two words, to look names up only where one may start
        self._pairs: dict[str, set[str]] = {}
        self._longest: dict[str, int] = {}
        for alias in resolver.aliases:
            alias_words = alias.replace(",", " ").split()
            if len(alias_words) >= 2:
                self._pairs.setdefault(alias_words[0], set()).add(alias_words[1])
                self._longest[alias_words[0]] = max(self._longest.get(alias_words[0], 0), len(alias.split()) + 2)
        self._quoted: list[bool] = []
        self._found: list[Attribution] | None = None
        self._sent_start = 0

    # ---- noun phrases ---------------------------------------------------------------------------
    def _known_spans(self, text: str, toks: list[Tok]) -> dict[int, int]:
        """Known source names in the sentence, as end token → start token (longest match first)."""
        pairs, longest = self._pairs, self._longest
        ends: dict[int, int] = {}
        n = len(toks)
        i = 0
        # a name starts with a capital: only those tokens are looked at (the others only move the loop on)
        for k in [k for k in range(n - 1) if toks[k].text[:1].isupper()]:
            if k < i:
                continue
            i = k
            t = toks[i]
            parts = _key(t.low).split("-")
            seconds = pairs.get(parts[0])
            if seconds is None or (parts[1] if len(parts) > 1 else _key(toks[i + 1].low).split("-")[0]) not in seconds:
                continue
            for length in range(min(longest[parts[0]], n - i), 1, -1):
                if not toks[i + length - 1].text[-1:].isalnum():
                    continue
                phrase = text[t.start : toks[i + length - 1].end]
                if norm(phrase) in self.resolver.aliases:
                    ends[i + length - 1] = i
                    i += length - 1
                    break
            i += 1
        return ends

    def _lower_noun(self, tok: Tok) -> bool:
        """A lower-case word that may be part of a noun phrase ("respondents", "the bureau's director")."""
        low = tok.low
        if low in self.nouns or low in _NP_GLUE or low in _DETERMINERS or low in _NUMBERS:
            return True
        if not tok.text[:1].isalnum() or low in _STOP or low in _ADVERBS or low in _NOT_NOUN:
            return False
        if tok.text[:1].isdigit():
            return True
        if low in self.cues or low.endswith(("ly", "ed", "ing")) and low not in _ING_NOUNS:
            return False
        return len(low) > 1

    def _np_core(self, toks: list[Tok], end: int) -> tuple[int, int] | None:
        """The noun phrase whose last token is ``end``."""
        known = self._known
        quoted = self._quoted
        head = toks[end]
        if not (head.text[:1].isupper() or head.text[:1].isdigit() or self._lower_noun(head)) \
                or head.low in _NP_GLUE or head.low in _DETERMINERS or head.low in _STOP:
            return None
        k = end
        while k >= 0 and end - k < 12:
            if k in known:  # a known multi-word name, commas and all: "Ministry of Economy, Trade and Industry"
                k = known[k] - 1
                continue
            t = toks[k]
            if t.text in ("'", "’") and 0 < k < end and toks[k - 1].end == t.start and toks[k - 1].low.endswith("s") \
                    and toks[k + 1].text[:1].isupper() and not quoted[k - 1]:
                k -= 1  # a plural possessive inside a name: "the Nordic Seafarers' Union"
                continue
            if quoted[k] or t.text in ('"', "“", "”") or t.low in ("i", "we", "you"):
                break
            if t.text[:1].isdigit() and k > 0 and toks[k - 1].text in (":", ".") and toks[k - 1].end == t.start:
                break  # a clock time before a name: "13:55 Interfax cited …"
            if t.text == "." and 0 < k < end and toks[k - 1].end == t.start and toks[k - 1].low in _NAME_ABBREVIATIONS:
                k -= 1  # "St. Luke's Hospital", "Gen. Anna Berg": the abbreviation's point is part of the name
                continue
            if t.low in _PLACE_PREPS and k > 0 and toks[k - 1].low in self.nouns and toks[k + 1].text[:1].isupper():
                k -= 1  # "port officials in Tartus", "analysts at Orbis Watch"
                continue
            if not (_np_token(t, self.nouns) or self._lower_noun(t)):
                break
            if t.low == "and" and k > 0 and not (toks[k - 1].text[:1].isupper() or toks[k - 1].low in self.nouns
                                                 or (k - 1) in known or toks[k - 1].text in ("'", "’")):
                break  # "the plan was dead and Lavrov said": "and" joins names and source nouns, not a clause
            k -= 1
            if t.low in _DETERMINERS and t.low not in _NUMBERS and not (k >= 0 and toks[k].low == "of"):
                if t.low == "the" and k >= 1 and toks[k].low == "and" and not quoted[k - 1] \
                        and (toks[k - 1].text[:1].isupper() or (k - 1) in known):
                    continue  # "South Korea and the United States": a name joined by "and" goes on
                break  # a determiner opens the phrase ("Some of the women" goes on past "of")
        start = k + 1
        if k >= 0 and toks[k].low in _SPATIAL_PREPS and toks[k].text[:1].islower() \
                and not (k > 0 and (toks[k - 1].low in self.nouns or toks[k - 1].text[:1].isupper())):
            return None  # "the night of drones over Sevastopol tells us": a place, not the subject
        while start <= end and toks[start].low in ("and", "of", "for", "&", "'s", "’s"):
            start += 1
        # sentence-initial capital function words ("But", "Anyway") are not names
        while start <= end and toks[start].low in _STOP | {"but", "anyway", "and", "so", "then"}:
            start += 1
        if start > end:
            return None
        return (start, end)

    def _np_left(self, toks: list[Tok], i: int) -> tuple[int, int] | None:
        """The source noun phrase ending just before token i (skipping adverbs/auxiliaries).

        Skips a parenthesis ("Gov. Mary Fallin (R-OK) said") and an appositive or relative clause between
        commas ("Lael Brainard, a Fed governor, said"; "Judge Stranch, in her dissent, said").
        """
        j = i - 1
        while j >= 0:
            if toks[j].low in _ADVERBS or toks[j].low.endswith("ly") and toks[j].low not in self.nouns \
                    and not toks[j].text[:1].isupper():
                j -= 1
            elif toks[j].low in _WEEKDAYS and j > 1 and toks[j - 1].low in ("on", "last", "this", "late", "early"):
                j -= 2  # "Peskov on Monday dismissed …": when, not who
                while j >= 0 and toks[j].low in ("late", "early"):
                    j -= 1
            else:
                break
        if j < 0:
            return None
        if toks[j].text == ")":
            k = j - 1
            while k > 0 and toks[k].text != "(" and j - k < 12:
                k -= 1
            if k > 0 and toks[k].text == "(":
                j = k - 1
        end = j
        if toks[end].low in PRONOUNS:
            return (end, end)
        if toks[end].low == "who" and end > 0:  # "…, Pardo, who said …": the antecedent
            return (end, end)
        if toks[end].low in _QUANTIFIERS:  # "although most oppose it", "several say"
            if toks[end].low in ("both", "all", "each") and end > 0 and (
                    toks[end - 1].low in _ADVERBS or toks[end - 1].low in PRONOUNS
                    or toks[end - 1].text[:1].isupper() and end - 1 > 0):
                return self._np_left(toks, end)  # floating: "Russia and China have both denied", "they all said"
            return (end, end)
        if toks[end].text == ",":
            return self._appositive(toks, end)
        if toks[end].low in ('"', "”", "'", "’", "and", "but", "or"):
            return None
        # "people familiar with the matter said": the people, not the matter
        k = end - 1
        while k > 1 and end - k <= 4 and toks[k].text[:1].isalpha() and toks[k].low not in ("with", "of", "on", "to",
                                                                                             "in", "about"):
            k -= 1
        if k > 1 and end - k <= 4:
            if toks[k].low == "of" and toks[k - 1].low == "knowledge":
                k -= 2
                while k > 0 and toks[k].low in ("direct", "detailed", "firsthand", "first-hand", "intimate"):
                    k -= 1
                k = k - 1 if toks[k].low == "with" else -1
            elif (toks[k - 1].low, toks[k].low) in _FAMILIAR_WITH:
                k -= 2
            else:
                k = -1
            if k >= 0:
                head = self._np_core(toks, k)
                if head is not None:
                    return head
        return self._np_core(toks, end)

    def _appositive(self, toks: list[Tok], comma: int) -> tuple[int, int] | None:
        quoted = self._quoted
        best = None
        for hop in range(3):
            k = comma - 1
            while k >= 0 and comma - k <= 25 and toks[k].text not in (",", '"', "“", "”", ";", ":", "(", ")", "—") \
                    and not quoted[k]:
                k -= 1
            if k < 1 or toks[k].text != "," or k == comma - 1:
                return best
            seg = toks[k + 1 : comma]
            if hop == 0 and self._titled_name(seg):
                return (k + 1, comma - 1)  # "the captain, Mara Voss, said", "its spokesperson, Lt. Col. Ann Lee,"
            if seg and seg[0].text[:1].isupper() and seg[0].low not in _DETERMINERS and seg[0].low not in _STOP \
                    and not seg[0].low.endswith(("'s", "’s")):
                # "In Columbia, Sanders stepped up …, saying": a clause, not an appositive; but a possessive
                # opens one: "Gen. Anna Berg, Norway's army chief, said"
                return best
            np = self._np_core(toks, k - 1)
            if np is None:
                return best
            best = np
            if any(toks[m].text[:1].isupper() for m in range(np[0], np[1] + 1)) and not (
                    np[0] > 0 and toks[np[0] - 1].text == ","):
                return best
            comma = k
        return best

    @staticmethod
    def _puts_figure(toks: list[Tok], k: int) -> bool:
        """'put the (civilian death) toll at 150': a count or cost, then "at" and a number, soon after "put"."""
        n = len(toks)
        counted = False
        for m in range(k, min(n - 1, k + 8)):
            low = toks[m].low
            if low in _FIGURE_NOUNS:
                counted = True
            elif low == "at":
                nxt = toks[m + 1]
                return counted and (nxt.text[:1].isdigit() or nxt.low in _NUMBERS or nxt.low in (
                    "about", "around", "nearly", "almost", "least", "more", "over", "some", "roughly", "$", "€", "£"))
            elif not toks[m].text[:1].isalnum():
                return False
        return False

    def _told_outlet(self, text: str, toks: list[Tok], last: int, after: int) -> SourceHit | None:
        """The outlet a source told ("told AP", "told the BBC", "told Reuters on Monday"), as a reporter; None
        when whoever was told is not a known news outlet ("told reporters", "told the minister")."""
        k = last + 1
        if k < len(toks) and toks[k].low == "the":
            k += 1
        e = k
        while e < len(toks) and e < k + 5 and toks[e].text[:1].isupper() and not self._quoted[e]:
            e += 1
        if e == k or e < len(toks) and e < after and toks[e].low not in ("that", ":", ",", ".", "on", "in", "late",
                                                                         "earlier", "last", "this"):
            return None  # "told Reuters reporters …": not the outlet itself
        name = text[toks[k].start : toks[e - 1].end]
        entry = self.resolver.lookup(name)
        if entry is None or entry.kind not in OUTLET_KINDS:
            return None
        return SourceHit(entry, "reporter", Mention(toks[k].start, toks[e - 1].end, name))

    def _titled_name(self, seg: list[Tok]) -> bool:
        """A person's name between commas, titles and abbreviations allowed: "Mara Voss", "Lt. Col. Ann Lee",
        "Senior Colonel Wu Jun" (not "Defence Ministry officials": a title may open the name, a noun may not
        end it)."""
        words = [t for t in seg if t.text != "."]
        if not 2 <= len(words) <= 6 or len(seg) > 9 or not all(t.text[:1].isupper() for t in words):
            return False
        if any(t.text == "." and (m == 0 or not seg[m - 1].text.isalpha()) for m, t in enumerate(seg)):
            return False
        k = 0
        while k < len(words) - 1 and norm(words[k].text) in TITLE_WORDS:
            k += 1
        rest = words[k:]
        return (len(rest) >= 2 or k > 0) and not any(t.low in self.nouns for t in rest)

    def _np_right(self, toks: list[Tok], i: int) -> tuple[int, int] | None:
        """The noun phrase starting at token i (for "according to X", "said X", "reported by X")."""
        if i >= len(toks):
            return None
        k = i
        while k < len(toks) and k - i < 12 and (
                _np_token(toks[k], self.nouns) or self._lower_noun(toks[k])
                or toks[k].text in ('"', "“", "”") and k + 1 < len(toks) and toks[k + 1].text[:1].isupper()):
            if k > i and toks[k].text in (",",):
                break
            k += 1
            if k + 1 < len(toks) and toks[k].low in _PLACE_PREPS and toks[k - 1].low in self.nouns \
                    and toks[k + 1].text[:1].isupper():
                k += 1  # "analysts at Orbis Watch"
        end = k - 1
        while end >= i and (toks[end].low in _NP_GLUE or toks[end].low in _DETERMINERS
                            or toks[end].text in ('"', "“", "”")):
            end -= 1
        if end < i:
            return None
        if not any(t.text[:1].isupper() or t.low in self.nouns or self._lower_noun(t) and t.low not in _NP_GLUE
                   and t.low not in _DETERMINERS for t in toks[i : end + 1]):
            return None
        return (i, end)

    # ---- sources -------------------------------------------------------------------------------
    def _sources(self, text: str, toks: list[Tok], span: tuple[int, int], role: str,
                 ctx: Context | None) -> list[SourceHit]:
        s, e = span
        mtext = text[toks[s].start : toks[e].end]
        if s == e and toks[s].low in PRONOUNS:
            return self._pronoun(toks[s], role, ctx)
        if s == e and toks[s].low in _QUANTIFIERS:
            if toks[s].low == "both":  # "Both said …": the two named before, like "they"
                return self._pronoun(Tok(toks[s].start, toks[s].end, toks[s].text, "they"), role, ctx)
            # "Most said …", "Several disagreed": some of a group the sentence does not name
            return [SourceHit(_UNNAMED, role, Mention(toks[s].start, toks[s].end, mtext))]
        definite = self._definite(toks, s, e, ctx)
        if definite is not None:  # "the ministry added" → the ministry cited before
            return [SourceHit(definite, role, Mention(toks[s].start, toks[e].end, mtext))]
        if (e - s <= 2 and s >= 2 and toks[s - 1].low in _ISSUE_VERBS
                and all(t.low in _REPORT_HEADS or t.low in _DETERMINERS for t in toks[s : e + 1])):
            # "the defence ministry issued a statement saying …": the statement's owner speaks
            owner = self._np_left(toks, s - 1)
            if owner is not None:
                return self._sources(text, toks, owner, role, ctx)
        if s == e and toks[s].low == "who":
            k = s - 1 if toks[s - 1].text != "," else s - 2
            ante = self._np_core(toks, k) if k >= 0 else None
            if ante is None:
                return [SourceHit(_UNRESOLVED["s"], role, Mention(toks[s].start, toks[s].end, toks[s].text))]
            hits = self._sources(text, toks, ante, role, ctx)
            return [SourceHit(h.entry, role, Mention(toks[s].start, toks[s].end, toks[s].text)) for h in hits]
        # strip a report head: "a CNN analysis article" → CNN; "the report" → unnamed report
        words = [t for t in toks[s : e + 1]]
        while words and words[-1].low in _REPORT_HEADS | {"analysis", "reports", "media"} - {"media"}:
            words = words[:-1]
        if not words or all(w.low in _DETERMINERS for w in words):
            return [SourceHit(self.resolver.resolve(mtext), role, Mention(toks[s].start, toks[e].end, mtext))]
        while words and words[0].low in _DETERMINERS:
            words = words[1:]
        core_start, core_end = words[0].start, words[-1].end
        core = text[core_start:core_end]
        # several sources: "Russia and North Korea", "the United States and South Korea"
        parts = self._split_group(text, core_start, core_end)
        hits = []
        for ps, pe in parts:
            ptext = text[ps:pe]
            person, org = self.resolver.split_affiliation(ptext)
            if org == "":
                hits.append(SourceHit(self.resolver.resolve(person), role, Mention(ps, pe, ptext)))
            elif org and self.resolver.country(org):
                entry = self.resolver.resolve(person)
                country = self.resolver.country(org)
                if entry.origin != "builtin" and country is not None:
                    entry = Entry(entry.name, entry.kind, entry.country or country.code, entry.parent, entry.origin)
                hits.append(SourceHit(entry, role, Mention(ps, pe, ptext)))
            elif org and all(w.lower() in _PORTFOLIOS for w in org.split()):
                # "Interior Minister Nancy Faeser": a portfolio, not a body (whose ministry the text does not say)
                hits.append(SourceHit(self.resolver.resolve(person), role, Mention(ps, pe, ptext)))
            elif org:
                org_entry = self.resolver.resolve(org)
                entry = self.resolver.resolve(person)
                if entry.parent is None and entry.origin != "builtin":
                    entry = Entry(entry.name, entry.kind, entry.country or org_entry.country, org_entry.name, entry.origin)
                hits.append(SourceHit(entry, role, Mention(ps, pe, ptext)))
            else:
                hits.append(SourceHit(self.resolver.resolve(ptext), role, Mention(ps, pe, ptext)))
        if not hits:
            hits = [SourceHit(self.resolver.resolve(core), role, Mention(core_start, core_end, core))]
        if ctx is not None and ctx.recent:
            hits = [SourceHit(_named_before(h.entry, ctx.recent), h.role, h.mention) for h in hits]
        return hits

    def _split_group(self, text: str, s: int, e: int) -> list[tuple[int, int]]:
        phrase = text[s:e]
        if " and " not in phrase and "," not in phrase:
            return [(s, e)]
        if self.resolver.lookup(phrase):  # "Ministry of Economy, Trade and Industry"
            return [(s, e)]
        out = []
        pos = 0
        pieces = re.split(r"(,\s*(?:and\s+)?|\s+and\s+)", phrase)
        for piece in pieces:
            if re.fullmatch(r",\s*(?:and\s+)?|\s+and\s+", piece):
                pos += len(piece)
                continue
            ps = s + pos
            out.append((ps, ps + len(piece)))
            pos += len(piece)
        # only a group when every part is a source on its own (a name or a known entity)
        if len(out) > 1 and all(self._standalone(text[a:b]) for a, b in out):
            return out
        return [(s, e)]

    def _standalone(self, part: str) -> bool:
        part = re.sub(r"^(?:the|a|an)\s+", "", part.strip(), flags=re.I)
        if not part:
            return False
        if self.resolver.lookup(part):
            return True
        words = part.split()
        # a name: up to four words, or a longer proper name ("National Association of Criminal Defense Lawyers")
        return part[:1].isupper() and (len(words) <= 4 or len(words) <= 8 and all(
            w[:1].isupper() or w in ("of", "for", "on", "and", "the", "de") for w in words))

    def _definite(self, toks: list[Tok], s: int, e: int, ctx: Context | None) -> Entry | None:
        """A definite description ("the ministry", "the company") naming a source cited earlier in the story."""
        if ctx is None or not ctx.recent or toks[s].low != "the" or not 1 <= e - s <= 2:
            return None
        rest = toks[s + 1 : e + 1]
        if any(t.text[:1].isupper() for t in rest):
            return None
        head = rest[-1].low
        if head not in self.nouns or head in _REPORT_HEADS:
            return None
        kinds = _GENERIC_HEADS.get(head, ())
        for entry in ctx.recent:
            if head in entry.name.lower() or entry.kind in kinds:
                return entry
        return None

    def _pronoun(self, tok: Tok, role: str, ctx: Context | None) -> list[SourceHit]:
        g = PRONOUNS[tok.low]
        if ctx is None:
            ctx = Context()
        if g == "s" or tok.low == "we":  # outside a quotation, "I" is the writer
            return [SourceHit(_WRITER, role, Mention(tok.start, tok.end, tok.text))]
        # a speaker named earlier in this sentence comes first: "Stoltenberg said …, but he said …"
        here = [h for a in (self._found or ()) for h in a.sources if h.role == "speaker" and h.mention is not None
                and h.mention.start < tok.start and h.entry.kind not in ("unnamed", "author")]
        if g in ("m", "f"):
            here = [h for h in here if h.entry.kind in ("person", "expert")]
            cands = here[-1:] or ctx.last_person or [h for h in ctx.last_any if h.entry.kind == "person"]
        elif g == "p":
            cands = ctx.last_group or ctx.last_any
        elif g == "n":
            cands = [h for h in ctx.last_any if h.entry.kind != "person"]
        else:
            cands = []
        m = Mention(tok.start, tok.end, tok.text)
        if not cands:  # unresolved: keep the attribution, say who is unknown
            return [SourceHit(_UNRESOLVED.get(g, _UNRESOLVED["n"]), role, m)]
        return [SourceHit(h.entry, role, m) for h in cands]

    # ---- content -------------------------------------------------------------------------------
    @staticmethod
    def _trim(text: str, s: int, e: int) -> tuple[int, int] | None:
        while s < e and (text[s].isspace() or text[s] in ",:;—–-"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in ",:;.!?" and text[e - 2 : e - 1] not in ('"', "”")):
            e -= 1
        if e > s and text[s : s + 5].lower() == "that ":
            s += 5
        return (s, e) if e - s >= 2 else None

    # ---- main ----------------------------------------------------------------------------------
    def attribute(self, text: str, start: int, end: int, ctx: Context | None = None,
                  is_title: bool = False) -> list[Attribution]:
        sent = text[start:end]
        carry = bool(ctx and ctx.in_quote)
        if carry and "\n" in text[max(0, start - 3) : start] and not _QUOTE_MARK.match(sent.lstrip()):
            carry = False  # a new paragraph that does not open with a quotation mark ends the quotation
        regions, left_open = quote_regions(sent, carry)
        if ctx is not None:
            ctx.in_quote = left_open
        if ":" not in sent and self._candidate.isdisjoint(_WORDS.findall(sent.lower())):
            return []  # no cue word at all: nothing to attribute
        toks = tokenize(sent, start)
        if not toks:
            return []
        found: list[Attribution] = []
        used: set[int] = set()
        self._known = self._known_spans(text, toks)
        quoted = [False] * len(toks)
        if regions:
            starts = [t.start for t in toks]
            for a, b in regions:
                for k in range(bisect_left(starts, start + a), bisect_left(starts, start + b)):
                    quoted[k] = toks[k].text not in ('"', "“", "”", "'")
        self._quoted = quoted
        self._found = found
        self._sent_start = start
        n = len(toks)
        # "Zelensky: missiles are not enough" — a speaker's name and a colon open the sentence: what follows
        # is what they said, cue words in it included
        if ":" in sent[:60]:
            att = self._colon(text, toks, start, end, ctx, is_title)
            if att and att.cue:
                found.append(att)
                for k, t in enumerate(toks):
                    if t.start > att.cue.start:
                        quoted[k] = True
        # a headline in title case ("Minister Says Talks Failed"): capitalized cue words count
        title_case: bool | None = None
        i = 0
        loop_words = self._loop_words
        for k in [k for k, t in enumerate(toks) if t.low in loop_words]:  # other tokens only move the loop on
            if k < i:
                continue
            i = k
            t = toks[i]
            low = t.low
            if quoted[i]:  # cues inside a quotation belong to the quoted speech, not to an attribution
                i += 1
                continue
            # according to X
            if low == "according" and i + 1 < n and toks[i + 1].low == "to":
                att = self._according(text, toks, i, start, end, ctx)
                if att:
                    found.append(att)
                    i += 2
                    continue
            # as reported by X / reported by X
            if low in _REPORTED_BY and i + 1 < n and toks[i + 1].low == "by":
                np = self._np_right(toks, i + 2)
                if np and low in ("quoted", "cited") and np[1] + 2 < n and toks[np[1] + 1].low == "as" \
                        and toks[np[1] + 2].low in _AS_SAYING:
                    np = None  # "Y was quoted by X as saying": a chain, read with the verb below
                if np:
                    content = self._trim(text, start, toks[i - 1].start if i and toks[i - 1].low == "as" else t.start)
                    found.append(Attribution(Mention(t.start, toks[i + 1].end, text[t.start : toks[i + 1].end]),
                                             content, self._sources(text, toks, np, "speaker", ctx),
                                             "indirect_quote", "reported_by", "report"))
                    i = np[1] + 1
                    continue
            forms = self.cues.get(low)
            if forms and not t.text[:1].islower():
                if title_case is None:
                    title_case = n > 3 and sum(1 for t2 in toks if t2.text[:1].isupper()) >= 0.6 * sum(
                        1 for t2 in toks if t2.text[:1].isalpha())
                if not (title_case and i > 0):
                    forms = None
            if forms:
                att = self._verb(text, toks, i, forms, start, end, ctx)
                if att:
                    found.append(att)
                    i = max(i + 1, att_end_index(toks, att))
                    continue
            i += 1
        # a headline or lead "Name: content"
        if not found:
            att = self._colon(text, toks, start, end, ctx, is_title)
            if att:
                found.append(att)
        # "in the latest poll", "in a 2014 study": a document as the source of what the sentence says
        if not found:
            att = self._in_document(text, toks, start, end, ctx)
            if att:
                found.append(att)
        # "X seemed to …", "it appears that …": the writer's assessment, no named source
        if not found:
            for k in range(n - 1):
                if toks[k].low in _SEEM and not quoted[k] and toks[k + 1].low in ("to", "that", "likely", "unlikely",
                                                                                   "poised", "set", "certain"):
                    content = self._trim(text, toks[k + 1].start, end)
                    found.append(Attribution(Mention(toks[k].start, toks[k].end, toks[k].text), content,
                                             [SourceHit(_WRITER, "speaker", None)], "indirect_quote", "seem",
                                             "think", 0.5))
                    break
        # "He reportedly met …", "Asked about the vote, …": a report or a question with no named source
        hearsay = not found
        for k in [k for k in range(n - 1) if toks[k].low in _HEARSAY_OR_ASKED]:  # the only words it acts on
            if quoted[k]:
                continue
            if toks[k].low in _HEARSAY_ADVERBS and hearsay:
                found.append(Attribution(Mention(toks[k].start, toks[k].end, toks[k].text),
                                         self._trim(text, start, end), [SourceHit(_UNNAMED, "speaker", None)],
                                         "indirect_quote", "hearsay_adverb", "report", 0.5))
                hearsay = False
            # "Asked about the vote, she …", "… she said when asked about it": the question, asker unnamed
            if toks[k].low == "asked" and (k == 0 or toks[k - 1].low in ("when", "after", "if")) \
                    and toks[k + 1].low in ("about", "whether", "if", "why", "what", "how", "when", "who", "to", "by"):
                c = next((m for m in range(k + 1, n) if toks[m].text in (",", ".", ";", "?")), n)
                hits = [SourceHit(_UNNAMED, "speaker", None)]
                if toks[k + 1].low == "by":
                    np = self._np_right(toks, k + 2)
                    if np:
                        hits = self._sources(text, toks, np, "speaker", ctx)
                found.append(Attribution(Mention(toks[k].start, toks[k + 1].end, text[toks[k].start : toks[k + 1].end]),
                                         self._trim(text, toks[k + 2].start, toks[c].start if c < n else end)
                                         if k + 2 < c else None, hits, "indirect_quote", "asked", "say", 0.5))
        found.sort(key=lambda a: a.cue.start if a.cue else 0)
        # "it is reported that …"
        if not found:
            m = _IT_IS_REPORTED.search(sent)
            if m:
                content = self._trim(text, start + m.end(), end)
                found.append(Attribution(Mention(start + m.start(), start + m.end(), m.group()), content,
                                         [SourceHit(Entry("Unnamed source", "unnamed", None, None, "auto"), "speaker", None)],
                                         "indirect_quote", "passive_report", "report", 0.6))
        del used
        return self._unnest(text, merge_chains(found))

    def _unnest(self, text: str, found: list[Attribution]) -> list[Attribution]:
        """Each word belongs to at most one attribution: a cue inside an earlier attribution's content is
        part of that content ("X said Y believes Z"), unless it starts a coordinated attribution of its own
        ("X said A, and Y added B"), which ends the earlier content."""
        if len(found) < 2:
            return found
        # "He agreed to sell it in 2010, records show.": the trailing attribution holds the earlier one. When the
        # earlier one is a named source's statement and the trailing one a report of it, the two are a chain:
        # "Moscow dismissed the claims, state media reported." → speaker Moscow, reporter state media
        held: list[Attribution] = []
        folded: set[int] = set()  # outer attributions folded into the chains they hold
        for a in found:
            outer = next((b for b in found if b is not a and b.cue is not None and a.cue is not None
                          and b.content is not None and b.content[1] <= b.cue.start
                          and b.content[0] <= a.cue.start < b.content[1]), None)
            if outer is None:
                held.append(a)
            elif a.cls in ("say", "deny") and outer.cls in ("say", "report") and outer.method.startswith("verb_") \
                    and a.method.startswith("verb_") and a.sources and outer.sources \
                    and all(h.mention is not None and h.entry.kind not in ("unnamed", "author") for h in a.sources) \
                    and not any(h.role == "reporter" for h in a.sources):
                # every statement the report holds gets its reporter: "Peskov said A and Lavrov said B, TASS reported"
                a.sources = a.sources + [SourceHit(h.entry, "reporter", h.mention) for h in outer.sources]
                if a.content is not None:
                    first = min([h.mention.start for h in outer.sources if h.mention] + [outer.cue.start])
                    if a.content[0] < first < a.content[1]:
                        a.content = self._trim(text, a.content[0], first)
                a.method = a.method + "+reported"
                folded.add(id(outer))
                held.append(a)
        found = [a for a in held if id(a) not in folded]
        out: list[Attribution] = []
        for b in found:
            keep = True
            for a in out:
                if a.content is None or b.cue is None or not (a.content[0] <= b.cue.start < a.content[1]):
                    continue
                if a.cue is not None and a.cue.start > b.cue.start:
                    continue
                if b.method in ("according_to", "reported_by"):  # "X said …, according to Y": two attributions
                    a.content = self._trim(text, a.content[0], b.cue.start)
                    first_a = min((h.mention.start for h in a.sources if h.mention), default=a.cue.start if a.cue else 0)
                    if a.content is None and first_a > self._sent_start:
                        a.content = self._trim(text, self._sent_start, first_a)  # '"…," Clinton told AIPAC'
                    continue
                first = min((h.mention.start for h in b.sources if h.mention and h.mention.start >= a.content[0]),
                            default=b.cue.start)
                if b.method.startswith("verb_") and all(h.mention is None or h.mention.start < a.content[0]
                                                         for h in b.sources):
                    # "Clinton told AIPAC …, referring to …": the same speaker goes on; the first content ends
                    a.content = self._trim(text, a.content[0], b.cue.start)
                    first_a = min((h.mention.start for h in a.sources if h.mention), default=a.cue.start if a.cue else 0)
                    if a.content is None and first_a > self._sent_start:
                        a.content = self._trim(text, self._sent_start, first_a)  # '"…," Clinton told AIPAC'
                    continue
                before = text[a.content[0] : first].rstrip()
                own = next((h.mention for h in b.sources if h.mention), None)
                if first > a.content[0] + 2 and (_COORD.search(before) or b.cls in ("say", "say_strict", "deny")
                                                 and own is not None and not _RELATIVE_END.search(before)):
                    # "X said A, and Y added B" / "X said A, Y said B": the earlier content ends there
                    a.content = self._trim(text, a.content[0], a.content[0] + len(_COORD.sub("", before).rstrip()))
                else:
                    keep = False
                    break
            if keep:
                out.append(b)
        return out

    def _according(self, text, toks, i, start, end, ctx) -> Attribution | None:
        n = len(toks)
        j = i + 2
        np = self._np_right(toks, j)
        if not np:
            return None
        s, e = np
        # "according to a report by X" / "a report on the website of the Russian newspaper "Shimbun""
        srcs = None
        k = s
        while k <= e and toks[k].low in _DETERMINERS:
            k += 1
        if k <= e and toks[k].low in _REPORT_HEADS:
            # find "by X" or "of X" after the head
            m = k + 1
            while m < n and toks[m].low not in ("by", "of", "from", ","):
                m += 1
            if m < n and toks[m].low in ("by", "of", "from"):
                np2 = self._np_right(toks, m + 1)
                if np2:
                    s2, e2 = np2
                    # "the website of the Russian newspaper "Shimbun"" → keep the last named part
                    while s2 < e2 and toks[s2].low in {"website", "site", "page", "account", "of"} | _DETERMINERS:
                        s2 += 1
                    srcs = self._sources(text, toks, (s2, e2), "speaker", ctx)
                    e = max(e, e2)
        if srcs is None:
            srcs = self._sources(text, toks, (s, e), "speaker", ctx)
        np_end = toks[e].end
        # a quoted name closes after the noun phrase: "Shimbun"
        if e + 1 < n and toks[e + 1].text in ('"', "”"):
            e += 1
            np_end = toks[e].end
        cue = Mention(toks[i].start, toks[i + 1].end, text[toks[i].start : toks[i + 1].end])
        before = self._trim(text, start, toks[i].start)
        # the rest after the next comma following the phrase
        after_start = np_end
        m = e + 1
        while m < n and toks[m].text != ",":
            m += 1
        if toks[i].start - start <= 2 or before is None:
            after_start = toks[m].end if m < n else np_end
            content = self._trim(text, after_start, end)
        else:
            after = self._trim(text, after_start, end)
            content = before if (after is None or (before and before[1] - before[0] >= after[1] - after[0])) else after
        kind = "indirect_quote"
        return Attribution(cue, content, srcs, kind, "according_to", "say", 0.8)

    def _verb(self, text, toks, i, forms, start, end, ctx) -> Attribution | None:
        n = len(toks)
        form = None
        for f in forms:
            if tuple(t.low for t in toks[i : i + len(f.words)]) == f.words:
                form = f
                break
        if form is None:
            return None
        last = i + len(form.words) - 1
        prev = toks[i - 1].low if i else ""
        nxt = toks[last + 1].low if last + 1 < n else ""
        # nouns that look like cue verbs: "media reports,", "a CNN report stated", "the claims"
        after_subject = prev in PRONOUNS or prev == "who" or prev in self.nouns and prev.endswith("s") \
            or i > 1 and toks[i - 1].text[:1].isupper() \
            and not toks[i - 1].text.endswith(("'s", "’s")) and toks[i - 1].low not in _DETERMINERS
        if form.words[0] in _NOUNLIKE and form.form in ("base", "3sg") and not after_subject:
            if prev in _DETERMINERS or prev in _PREPS or nxt in _NOUN_FOLLOW or nxt in self.cues and nxt not in ("that",):
                return None
            if form.words[0] in _PLURAL_NOUNLIKE and i > 0 and toks[i - 1].text[:1].islower() \
                    and toks[i - 1].text[:1].isalpha() and prev not in self.nouns \
                    and prev not in _ADVERBS and prev not in ("who", "which", "that", "also", "now", "still"):
                return None  # a noun after its modifier: "urgent phone calls", "inflation reports"
        # any other verb form after a determiner, a preposition or a possessive is a noun: "Tuesday's contests"
        if form.form in ("base", "3sg") and i > 0 and (
                (prev in _DETERMINERS or prev in _PREPS) and toks[i - 1].text[:1].islower()
                or prev in ("'s", "’s") or toks[i - 1].text.endswith(("'s", "’s"))):
            return None
        if form.lemma in ("call", "dub", "label", "term", "title", "brand") and form.form in ("past", "participle") \
                and i > 0 and toks[i - 1].text[:1].islower() and prev not in PRONOUNS and prev not in _ADVERBS \
                and prev not in ("who", "whom", "that", "which"):
            return None  # "a book called 'Perfect'": naming, not saying
        if form.lemma == "put" and not self._puts_figure(toks, last + 1):
            return None  # "put" says something only as "put the death toll at 150"
        if form.lemma in ("report", "publish", "broadcast") and nxt in ("from", "live"):
            return None  # "reported from Washington": where, not what
        if form.lemma == "add" and not (nxt in ("", ".", "!", "?", ";", ",", ":", '"', "“", "''", "that", "—", "in", "on",
                                                "later")
                                        or nxt in PRONOUNS or nxt in ("the", "there", "this", "those", "these")
                                        or last + 1 < n and self._quoted[last + 1]):
            return None  # "the U.S. added 292,000 jobs": adding, not saying
        if form.form == "gerund" and form.cls == "say_strict" and prev in _BE:
            return None  # "fighting was continuing": going on, not saying
        if form.form == "gerund" and form.cls not in ("say", "say_strict", "deny", "stance") \
                and not (form.cls in ("think", "want") and prev_tok_comma(toks, i)):
            return None
        # "to say", "will say" are intentions, not reports, unless "went on to say"
        if prev == "to" and form.lemma not in ("go on to say",):
            return None
        if form.form == "base" and (i == 0 or prev in ("let", "me", "you", "please", "not") and (
                i < 2 or toks[i - 2].low not in _AUX)):
            return None  # imperative or infinitive, not a report
        cls = form.cls
        cue_start = toks[i].start
        cue_end_tok = last
        # "quoted Y as saying" / "cited Y as saying" chains
        if form.lemma in ("quote", "cite") and form.form in ("past", "3sg", "base", "participle"):
            m = last + 1
            while m < n and m < last + 10 and not (toks[m].low == "as" and m + 1 < n and toks[m + 1].low in _AS_SAYING):
                m += 1
            if m < n and m < last + 10 and toks[m].low == "as":
                speaker_np = (last + 1, m - 1) if m - 1 >= last + 1 else None
                subj = self._np_left(toks, i)
                # passive: "Y was quoted as saying", "Y was quoted by X as saying" (X reports)
                if speaker_np is None or prev in ("was", "were", "been", "being", "is", "are"):
                    if subj is None:
                        return None
                    speakers = self._sources(text, toks, subj, "speaker", ctx)
                    by = speaker_np is not None and toks[speaker_np[0]].low == "by" and speaker_np[1] > speaker_np[0]
                    reporters = self._sources(text, toks, (speaker_np[0] + 1, speaker_np[1]), "reporter", ctx) \
                        if by else []
                else:
                    speakers = self._sources(text, toks, speaker_np, "speaker", ctx)
                    reporters = self._sources(text, toks, subj, "reporter", ctx) if subj else []
                cue_end = toks[m + 1].end
                content = self._trim(text, cue_end, end)
                if (content is None or content[1] - content[0] < 3) and subj is not None:
                    content = self._trim(text, start, toks[subj[0]].start)  # '"…," Y was quoted as saying.'
                cue_s = toks[i - 1].start if prev in ("was", "were", "been", "is", "are") else cue_start
                return Attribution(Mention(cue_s, cue_end, text[cue_s:cue_end]), content, speakers + reporters,
                                   self._quote_kind(text, content), "quoted_as_saying", "say", 0.85)
        subj = self._np_left(toks, i)
        if form.cls == "say_strict" and subj is not None and subj[0] not in self._known and not any(
                t.text[:1].isupper() and t.low not in _DETERMINERS or t.low in self.nouns or t.low in PRONOUNS
                for t in toks[subj[0] : subj[1] + 1]):
            return None  # "the shipments had continued": going on, not speaking
        if form.form in ("base", "3sg") and _wh_subject(toks, i) and (
                subj is None or subj[0] > 0 and toks[subj[0] - 1].low in _PLACE_PREPS | _SPATIAL_PREPS):
            return None  # "what the vote in Kansas tells us": a clause as the subject, no source
        if subj and subj[0] == subj[1] and toks[subj[0]].low in ("i", "we") and not self._quoted[i] \
                and form.cls not in ("say", "say_strict", "deny"):
            return None  # the writer's own view, not an attribution
        if form.form == "base" and subj is None and prev not in _AUX:
            return None
        if subj and toks[subj[1]].text[:1].isdigit() and not toks[subj[1]].text.endswith("%") \
                and not (subj[1] > 0 and toks[subj[1] - 1].low in ("of", "in")):
            return None  # "70,000 expected", "11 terrorist attacks": not a source
        if form.form == "3sg" and form.cls == "stance" and subj and prev not in _AUX \
                and toks[subj[1]].text[:1].islower() and toks[subj[1]].low not in PRONOUNS \
                and toks[subj[1]].low not in self.nouns and toks[subj[1]].low not in ("who", "that", "which"):
            return None  # "11 terrorist attacks": a noun, not a verb
        if form.lemma in ("report", "publish") and form.form in ("base", "3sg") \
                and nxt not in ("that", ",", ":", '"', "“", "on", "in", "this", "today") \
                and not (nxt in ("", ".") and toks[i - 1].text[:1].isupper()):
            return None
        if form.form == "base" and subj and toks[subj[1]].low not in PRONOUNS and prev not in _AUX \
                and toks[subj[1]].low not in ("who", "that", "which") \
                and not any(_plural(toks[k]) for k in range(subj[0], subj[1] + 1)
                            if k == subj[1] or toks[k + 1].low in ("of", "in", "at", "from")):
            return None  # "the minister say" is not English; "the trade talks" is a noun
        shared: list[SourceHit] | None = None
        prev_comma = prev == "," or (prev in ('"', "”", "''", "’") and i > 1 and toks[i - 2].text == ",")
        if form.form == "gerund" and prev_comma:
            subj = None  # ", saying …" belongs to the clause's subject, not to the phrase before the comma
        if subj is None and self._found is not None and (
                prev in ("and", "but", "also") or form.form == "gerund" and prev_comma):
            # "X did Y and said …", "X did Y, saying …": the subject of the sentence or of its last attribution
            shared = self._shared_subject(text, toks, i, ctx)
            if not shared:
                return None
        # gerund after a noun: "a CNN analysis article saying:"
        elif form.form == "gerund":
            if not subj or (i and toks[i - 1].text == ","):
                return None
        # passive "it was reported", handled elsewhere; "was told" means the subject received the telling
        if prev in ("was", "were", "been", "being", "is", "are") and form.form in ("past", "participle"):
            if form.lemma in ("tell", "ask", "inform", "assure", "quote", "cite", "call", "describe", "label"):
                return None
            if toks[i - 2].low == "it" if i >= 2 else False:
                return None
        # other passives: "the plan was rejected by voters", "the bill is widely expected to pass": the
        # subject is what is said, the source follows "by" or is not named
        j = i - 1
        while j >= 0 and (toks[j].low in _PASSIVE_ADVERBS or toks[j].low.endswith("ly") and not toks[j].text[:1].isupper()):
            j -= 1
        if j > 0 and toks[j].low == "be" and form.form in ("past", "participle"):
            mk = j - 1
            while mk > 0 and (toks[mk].low in ("not", "n't", "never", "also", "still", "yet")
                              or toks[mk].low.endswith("ly") and not toks[mk].text[:1].isupper()):
                mk -= 1
            if toks[mk].low in _MODALS:
                return None  # "should be rejected", "could not be verified": what may or ought to be, not a report
        if j >= 0 and toks[j].low in _BE and form.form in ("past", "participle") and form.cls == "think" \
                and nxt not in ("to", "that", "by", "as"):
            return None  # "is worried", "storms were expected.": a state, not an attribution
        if j >= 0 and toks[j].low in _BE and form.form in ("past", "participle") and form.lemma not in (
                "tell", "ask", "inform", "assure", "quote", "cite", "call", "describe", "label") \
                and not (j > 0 and toks[j - 1].low == "it") \
                and not (form.cls == "think" and nxt not in ("to", "that", "by", "as")):  # "is worried": a state
            if last + 2 < n and toks[last + 1].low == "by":
                np = self._np_right(toks, last + 2)
                if np is None:
                    return None
                hits = self._sources(text, toks, np, "speaker", ctx)
                cue = Mention(toks[j].start, toks[last + 1].end, text[toks[j].start : toks[last + 1].end])
            else:
                hits = [SourceHit(_UNNAMED, "speaker", None)]
                cue = Mention(toks[j].start, toks[last].end, text[toks[j].start : toks[last].end])
            return Attribution(cue, self._trim(text, start, end), hits,
                               "denial" if form.cls == "deny" else "indirect_quote", "passive", form.cls, 0.55)
        after = last + 1
        # object of tell/inform/warn/assure: "told reporters that"
        if form.lemma in ("tell", "inform", "assure", "warn", "remind", "urge", "ask", "caution") and after < n:
            m = after
            while m < n and m < after + 6 and toks[m].low not in ("that", ":", ",", "on", "in", "the") or (
                    m < n and toks[m].low == "the" and m == after):
                m += 1
            if m < n and toks[m].low in ("that", ":", ","):
                after = m
        told = self._told_outlet(text, toks, last, after) if form.lemma == "tell" else None
        # "denied it" / "called the report fake": keep going
        sources: list[SourceHit] = []
        content = None
        inverted = False
        if shared:
            sources = [SourceHit(h.entry, "speaker", h.mention) for h in shared]
            content = self._trim(text, toks[after].start, end) if after < n else None
            if content is None:
                return None
        elif subj:
            sources = self._sources(text, toks, subj, "speaker", ctx)
            content = self._trim(text, toks[after].start if after < n else end, end) if after < n else None
            if cls == "deny":
                pass  # "denied it": the anaphor is the content; relations resolve it
            elif content is None or content[1] - content[0] < 3 or _adjunct_only(toks, after, n):
                # "…, the ministry said." — the content precedes the subject
                content = self._trim(text, start, toks[subj[0]].start)
        else:
            # inverted: '"…," said Peskov.' / '…, said the ministry spokesman.'
            if i and toks[i - 1].text in (",", '"', "”", "’", "'") or i == 0:
                np = self._np_right(toks, after)
                if np:
                    sources = self._sources(text, toks, np, "speaker", ctx)
                    content = self._trim(text, start, toks[i].start)
                    inverted = True
                    cue_end_tok = last
            if not sources and form.form in ("past", "3sg") and cls in ("say", "deny", "stance", "think") \
                    and i > 2 and toks[i - 1].text[:1].isalpha() and self._found is not None:
                # a long subject the phrase rules do not cover ("Many Republicans clamoring for … support"):
                # the sentence's first noun phrase
                shared = self._shared_subject(text, toks, i, ctx) if not self._found else None
                if shared:
                    sources = [SourceHit(h.entry, "speaker", h.mention) for h in shared]
                    content = self._trim(text, toks[after].start, end) if after < n else None
                    if content is None:
                        return None
            if not sources:
                return None
        if not sources:
            return None
        if cls in ("think", "want", "show", "find", "stance") and not (subj or shared):
            return None
        if cls == "say_strict" and not inverted and nxt not in ("", ".", "!", "?", ";", ",", ":", '"', "“", "''", "that",
                                                                "—") \
                and not (last + 1 < n and self._quoted[last + 1]):
            return None  # "she continued, …" but not "she continued her campaign"
        if told is not None and all(h.entry.name != told.entry.name for h in sources):
            sources = sources + [told]  # "Elena Marsh told AP that …": AP reports what she said
        kind = "denial" if cls == "deny" else self._quote_kind(text, content)
        cue = Mention(cue_start, toks[cue_end_tok].end, text[cue_start : toks[cue_end_tok].end])
        conf = 0.8 if cls in ("say", "deny", "report", "confirm") else 0.65
        cls = "say" if cls == "say_strict" else cls
        return Attribution(cue, content, sources, kind, "verb_inverted" if inverted else f"verb_{cls}", cls, conf)

    def _in_document(self, text, toks, start, end, ctx) -> Attribution | None:
        n = len(toks)
        for k in range(n - 2):
            if toks[k].low != "in" or self._quoted[k]:
                continue
            m = k + 1
            while m < n and m < k + 9 and toks[m].text not in (",", ".", ";") and toks[m].low not in _DOCS:
                m += 1
            if m >= n or toks[m].low not in _DOCS or not (toks[k + 1].low in _DETERMINERS or toks[k + 1].low in (
                    "most", "all", "recent", "latest", "new") or toks[k + 1].text[:1].isupper() or m == k + 1):
                continue
            np = (k + 1, m)
            before = self._trim(text, start, toks[k].start)
            after = self._trim(text, toks[m].end, end)
            content = before if (before and (not after or before[1] - before[0] >= after[1] - after[0])) else after
            if content is None:
                return None
            return Attribution(Mention(toks[k].start, toks[k].end, toks[k].text), content,
                               self._sources(text, toks, np, "speaker", ctx), "indirect_quote", "in_document",
                               "report", 0.6)
        return None

    def _shared_subject(self, text, toks, i, ctx) -> list[SourceHit] | None:
        for a in reversed(self._found or []):
            if a.cue is not None and a.cue.end <= toks[i].start and a.sources:
                return a.sources
        # the sentence's first noun phrase: "Clinton celebrated in Florida …, saying …", after an opening
        # phrase: "On Thursday, Warren endorsed Clinton, saying …"
        k = 0
        if (toks[0].low in _STOP or toks[0].low in _NOT_NOUN) and toks[0].low not in PRONOUNS:
            c = next((m for m in range(1, min(i, 25)) if toks[m].text == ","), None)
            if c is not None:
                k = c + 1
        while k < i and (toks[k].low in _STOP or toks[k].low in ("but", "and", "so", "then", "still", "yet")
                         or toks[k].text in ('"', "“", "”", "—", "-")):
            k += 1
        m = k
        while m < i and toks[m].text != "," and (_np_token(toks[m], self.nouns) or self._lower_noun(toks[m])) \
                and not self._quoted[m]:
            m += 1
        if m == k or m >= i:
            return None
        np = (k, m - 1)
        if toks[k].low in PRONOUNS and k == m - 1:
            return self._sources(text, toks, np, "speaker", ctx)
        if not any(t.text[:1].isupper() or t.low in self.nouns for t in toks[k:m]):
            return None
        return self._sources(text, toks, np, "speaker", ctx)

    def _colon(self, text, toks, start, end, ctx, is_title) -> Attribution | None:
        sent = text[start:end]
        m = _COLON_LEAD.match(sent)
        if not m:
            return None
        name = m.group(1)
        entry = self.resolver.lookup(name)
        words = name.split()
        if norm(name) in _COLON_LABELS or norm(words[0]) in _COLON_LABELS or len(m.group(2).split()) < 3:
            return None
        if entry is None and not (1 <= len(words) <= 3):
            return None
        if entry is None:
            entry = self.resolver.resolve(name)
        colon = start + m.end(1)
        content = self._trim(text, start + m.start(2), end)
        hit = SourceHit(entry, "speaker", Mention(start + m.start(1), start + m.end(1), name))
        return Attribution(Mention(colon, colon + 1, ":"), content, [hit], self._quote_kind(text, content),
                           "colon", "say", 0.7)

    @staticmethod
    def _inside_quote(text: str, start: int, pos: int) -> bool:
        before = text[start:pos]
        return before.count('"') % 2 == 1 or before.count("“") > before.count("”")

    @staticmethod
    def _quote_kind(text: str, content: tuple[int, int] | None) -> str:
        if not content:
            return "indirect_quote"
        c = text[content[0] : content[1]].strip()
        if '"' not in c and "“" not in c and "”" not in c:
            return "indirect_quote"
        if c[:1] in ('"', "“") and c.rstrip(".,")[-1:] in ('"', "”") and c.count('"') + c.count("“") + c.count("”") <= 2:
            return "direct_quote"
        return "mixed_quote"


_ADJUNCT_WORDS = frozenset({
    "on", "late", "early", "earlier", "later", "last", "this", "in", "a", "an", "the", "statement", "interview",
    "today", "yesterday", "tonight", "morning", "afternoon", "evening", "night", "week", "weekend", "month",
    ".", "!", ",", *WEEKDAYS,
})


def _adjunct_only(toks: list[Tok], i: int, n: int) -> bool:
    """Whether the tokens from ``i`` on only say when or how something was said ("on Friday", "late on Monday",
    "in a statement"): then what was said comes before the cue."""
    return i < n and all(t.low in _ADJUNCT_WORDS for t in toks[i:n])


_INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "on", "in"})


def _named_before(entry: Entry, recent: list[Entry]) -> Entry:
    """A short name for a source the story cited in full: "Kirby" after "John Kirby", "the RSF" after "the Rapid
    Support Forces". Only new names (not in the gazetteer or the user's aliases) are looked up."""
    name = entry.name
    if entry.origin != "auto" or " " in name or len(name) < 2:
        return entry
    if name.isupper():
        for e in recent:
            words = [w for w in e.name.replace("-", " ").split() if w.lower() not in _INITIALS_SKIP]
            if len(words) >= 2 and "".join(w[0] for w in words).upper() == name:
                return e
        return entry
    if entry.kind != "person":
        return entry
    return next((e for e in recent if e.kind == "person" and e.name != name and e.name.split()[-1] == name), entry)


def prev_tok_comma(toks: list[Tok], i: int) -> bool:
    return i > 0 and toks[i - 1].text == ","


def att_end_index(toks: list[Tok], att: Attribution) -> int:
    if att.cue is None:
        return 0
    for k, t in enumerate(toks):
        if t.start >= att.cue.end:
            return k
    return len(toks)


def merge_chains(found: list[Attribution]) -> list[Attribution]:
    """'According to X, Y said …' → one attribution: speaker Y, reporter X.

    A cue of believing, showing or finding inside another attribution's content is part of that content
    ("according to the NIS, South Korea has detected that …"), not an attribution of its own.
    """
    if len(found) < 2:
        return found
    found = [b for b in found if not (
        b.cls in ("think", "want", "show", "find", "stance") and b.cue is not None
        and any(a is not b and a.content and a.content[0] <= b.cue.start < a.content[1]
                and (a.cue is None or a.cue.start < b.cue.start)
                and not (a.cue is not None and b.content and b.content[1] <= b.cue.start
                         and b.content[0] <= a.cue.start < b.content[1]) for a in found))]
    out: list[Attribution] = []
    skip: set[int] = set()
    for a_i, a in enumerate(found):
        if a_i in skip:
            continue
        if a.method in ("according_to", "reported_by") and a.content and a.cls != "deny":
            for b_i in range(a_i + 1, len(found)):
                b = found[b_i]
                if b_i in skip or b.cue is None:
                    continue
                b_first = min((h.mention.start for h in b.sources if h.mention), default=b.cue.start)
                lead = b_first - a.content[0]
                if (a.content[0] <= b.cue.start < a.content[1] and b.sources and b.method.startswith(("verb_", "quoted"))
                        and b.cls in ("say", "deny", "report", "confirm") and lead <= 4):
                    reporters = [SourceHit(h.entry, "reporter", h.mention) for h in a.sources]
                    b.sources = b.sources + reporters
                    b.method = b.method + "+" + a.method
                    skip.add(a_i)
                    break
        if a_i not in skip:
            out.append(a)
    return out
