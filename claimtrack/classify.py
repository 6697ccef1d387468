"""Sentence kinds and check-worthiness: cheap features (regexes and word lists), no model.

A sentence's kind follows from what the page structure and attribution found, then from its own
features, in this order:
- ``boilerplate`` / ``metadata``: from the page's line labels (tag tails, repeated headlines, "Release
  time: …") or the sentence's own shape (share prompts, cookie notices, datelines, "Reporting by …");
- ``denial``: the sentence's attribution cue is a denial verb ("X denied …"), as ``denials.read`` found (it
  outranks a question mark);
- ``question``: an interrogative in the author's voice;
- ``denial``: a denial in the sentence's own words, as ``denials.read`` found;
- ``attributed``: any other attribution found;
- ``other``: no assertion at all: imperatives and list aims ("1. Strengthen cooperation"), reader
  address and transitions ("Here are the three main points.", "Let me explain."), section labels
  ("Background:"), explainer headlines ("What we know about …"), verbless fragments ("Three highlights
  of …");
- ``opinion``: the author's judgement: first-person belief ("I believe"), evaluative words
  (``data/opinion_words.txt``: "a disgrace", or "historic" as the predicate: "This is a historic visit"),
  stance adverbs and hedges ("undoubtedly", "may well"), obligation ("should", "must"), outweighing the
  anchors a checkable statement has;
- ``claim``: any other declarative sentence: the author asserts something that can be checked, trivial or
  not (check-worthiness tells them apart).

Check-worthiness in [0, 1] (claims, attributed claims and denials only) rises with figures, dates, named
actors, consequential events and verbs of action, and falls with opinion markers, ceremony and trivia,
speculation about the future and sentences too short to say much.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from . import fastre
from . import lexicon as data
from .denials import Denial
from .words import IRREGULAR_PAST, MONTH_ABBREVIATIONS, MONTHS, NUMBER_WORDS, WEEKDAYS, outside_quotes

# --- lexicons -----------------------------------------------------------------------------------------


class _Phrases:
    """Phrase look-up on token lists: entries by first word; an entry ending in "," matches only at the start
    of the sentence ("Personally, …", "To me, …")."""

    def __init__(self, entries: list[str]) -> None:
        self.by_first: dict[str, list[tuple[tuple[str, ...], bool]]] = {}
        for e in entries:
            start_only = e.endswith(",")
            toks = tuple(t.lower() for t in re.findall(r"[A-Za-z][A-Za-z'’-]*|\d+", e))
            if toks:
                self.by_first.setdefault(toks[0], []).append((toks, start_only))

    def count(self, tokens: list[str]) -> int:
        if self.by_first.keys().isdisjoint(tokens):
            return 0  # no entry can start anywhere: the common case, one set operation
        n = 0
        by_first = self.by_first
        for i, t in enumerate(tokens):
            cands = by_first.get(t)
            if not cands:
                continue
            for toks, start_only in cands:
                if (not start_only or i == 0) and tuple(tokens[i : i + len(toks)]) == toks:
                    n += 1
                    break
        return n


def _words_and_pairs(entries: tuple[str, ...]) -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """A section's one-word entries, and its two-word entries as pairs of neighbouring words ("shook hands")."""
    return (frozenset(e for e in entries if " " not in e),
            frozenset(tuple(e.split()) for e in entries if " " in e))


class _Lexicon:
    def __init__(self) -> None:
        op = data.sections("opinion_words.txt")
        self.strong = frozenset(w for w in op["strong"] if " " not in w)
        self.weak = frozenset(w for w in op["weak"] if " " not in w)
        self.hedge = _Phrases(list(op["hedge"]))
        self.modal = _Phrases(list(op["modal"]))
        self.intensifiers = frozenset(op["intensifier"])
        self.superlatives = frozenset(op["superlative"])
        self.record_frame = frozenset(op["record"])
        self.imperative = frozenset(data.words("imperative_verbs.txt"))
        cw = data.sections("checkworthiness.txt")
        self.trivia_pairs = _words_and_pairs(cw["trivia"])[1]
        self.future, self.future_pairs = _words_and_pairs(cw["future"])
        # each token's word classes as bits, for one dict look-up per token (see sentence_features)
        self.flags: dict[str, int] = {}
        for words, flag in ((NUMBER_WORDS, _F_NUMBER), (cw["event"], _F_EVENT), (cw["consequence"], _F_CONSEQUENCE),
                            (_words_and_pairs(cw["trivia"])[0], _F_TRIVIA), (_DAYS, _F_WEEKDAY),
                            (MONTHS + MONTH_ABBREVIATIONS, _F_MONTH), (_DATE_PREP | {"last"}, _F_DATE_PREP)):
            for w in words:
                self.flags[w] = self.flags.get(w, 0) | flag


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    return _Lexicon()


# --- patterns -----------------------------------------------------------------------------------------

_WORD = fastre.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.:/]*(?:st|nd|rd|th|s)?")
_QUESTION_TAIL = fastre.compile(r"\?['\"”’)\]]*\s*$")

_FIRST_PERSON_BELIEF = fastre.compile(
    r"\b(?:I|we)\s+(?:(?:do\s+not|don't|really|strongly|personally|firmly|also|still|honestly|sincerely)\s+)?"
    r"(?:believe|think|feel|guess|suppose|suspect|hope|fear|doubt|imagine|reckon|trust|wish|"
    r"am\s+(?:sure|convinced|afraid|confident|certain)|are\s+(?:sure|convinced|confident|certain)|"
    r"have\s+said(?:\s+before)?|said\s+before|would\s+(?:say|argue)|must\s+(?:say|admit)|"
    r"found\s+(?:it|the|his|her|their)\b)\b"
    r"|\b(?:I'm|we're)\s+(?:sure|convinced|afraid|confident|certain)\b"
    r"|\b(?:my|our)\s+(?:personal\s+)?(?:opinion|view|feeling|impression)\b"
    r"|\bone\s+(?:can|could|might|must)\s+(?:only\s+)?(?:hope|wonder|argue|say)\b",
    re.I,
)
# the author opening with their own belief: "I believe …", "Personally, I think …" (not a report of a source)
_BELIEF_OPENING = fastre.compile(
    r"^(?:personally,?\s+|frankly,?\s+|honestly,?\s+)?(?:I|we)\s+(?:(?:do\s+not|don't|really|strongly|firmly|also|"
    r"still)\s+)?(?:believe|think|feel|guess|suppose|suspect|hope|fear|doubt|imagine|reckon|found\s+(?:it|the|his|"
    r"her|their))\b", re.I)
_COPULA = frozenset(
    "is are was were be been being am seems seem seemed looks look looked appears appear appeared remains "
    "remain remained became become becomes feels feel felt sounds sound sounded proved proves prove got gets get "
    "'s isn't wasn't aren't weren't it's that's there's he's she's what's they're we're you're i'm".split()
)
_OBLIGATION_SUBJECT_LAW = fastre.compile(r"\b(?:must|should)\s+(?:be\s+)?(?:submit|submitted|pay|paid|file|filed|"
                                     r"register|registered|report|reported|apply|obtain)\b", re.I)

_MONEY = fastre.compile(r"[$€£¥₽]\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion|bn|m|dollars|euros|yuan|"
                    r"rubles|roubles|pounds|yen|won|rupees)\b", re.I)
_PERCENT = fastre.compile(r"\d\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.I)

# word sets (matched on tokens: one pass, no large regex alternations; see sentence_features)
_DATE_PREP = frozenset("in since by until from of".split())
_YEAR = fastre.compile(r"^(?:1[89]|20)\d{2}$")
_ORDINAL = fastre.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
_F_NUMBER, _F_EVENT, _F_CONSEQUENCE, _F_TRIVIA, _F_WEEKDAY, _F_MONTH, _F_DATE_PREP = (1, 2, 4, 8, 16, 32, 64)
# a day named: a weekday, "yesterday", "overnight"
_DAYS = frozenset(WEEKDAYS) | {"yesterday", "overnight"}


_BELIEF_TRIGGERS = frozenset("i we my our one i'm we're".split())
_ADJ_ENDINGS = ("ful", "ous", "ive", "able", "ible", "ing", "ic", "al", "less", "ent", "ant", "ish")
_NOT_ADJ = frozenset("many much few little long far often close during following including according".split())
_WH_WORDS = frozenset("whether if how who what when where why which".split())
_HAS_DIGIT = fastre.compile(r"\d")
# boilerplate and metadata sentences (the page labels most of them by line; these catch the rest)
_E = r"\s*[.:!]?\s*$"  # the line ends here (a bare prompt), optionally with a full stop or a colon
_BOILER = fastre.compile(
    rf"""^(?:share(?:\s+(?:this|on|via|the|article|story|page)\b.*|{_E})|tweet(?:\s+this)?{_E}|print(?:\s+this.*)?{_E}|
        e-?mail(?:\s+(?:this|us|the\s+author)\b.*|{_E})|comments?(?:\s*\(\d+\))?{_E}|\d+\s+comments?{_E}|
        read\s+(?:more|next|also)\b|continue\s+reading|see\s+also\s*:|
        related(?:\s+(?:stories|articles|news|content|coverage|topics|reading))?(?:\s*:.*|{_E})|
        recommended(?:\s+(?:for\s+you|stories|reading|videos))?{_E}|advertisement\b|sponsored(?:\s+content)?{_E}|
        subscribe(?:\s+(?:now|today|to|for|here)\b.*|{_E})|sign\s+(?:up|in)\b|log\s+in\b|
        (?:click|tap)\s+(?:here|to|the|on)\b|follow\s+(?:us|our)\b.*\b(?:on|at)\b|follow\s+us\b|copyright\s*(?:©|\(c\)|\d{{4}})|copyright{_E}|©|
        all\s+rights\s+reserved|back\s+to\s+top|skip\s+to|already\s+a\s+subscriber|cookies?\s+(?:policy|settings)|
        we\s+use\s+cookies|by\s+continuing\s+to\s+(?:browse|use)|accept\s+(?:all\s+)?cookies|
        photo(?:\s+credit)?\s*:|image\s*:|video\s*:|watch\s*:|listen(?:\s+to\s+(?:this|the)\s+(?:article|story))?{_E}|
        leave\s+a\s+comment|join\s+the\s+conversation|report\s+an?\s+(?:error|typo)|trending(?:\s+now)?{_E}|
        most\s+(?:read|popular|viewed|shared){_E}|top\s+stories{_E}|tags?\s*:|keywords?\s*:|topics?\s*:|home\s*[>»/]|
        previous(?:\s+(?:article|story|page))?(?:{_E}|\s*\|)|next\s+(?:article|story|page){_E}|loading\.*{_E}|
        copy\s+link|download\s+(?:the|our)\s+.{{0,40}}\bapp\b|scan\s+the\s+qr|get\s+the\s+latest\b.*\b(?:inbox|app|newsletter)|
        support\s+(?:independent\s+|our\s+)?journalism|donate\s+(?:now|today|here)|send\s+(?:us\s+)?your\s+(?:news\s+)?tips|
        please\s+enable\s+javascript|you\s+have\s+\d+\s+free\s+articles?|the\s+views\s+expressed|
        all\s+content\s+on\s+this\s+(?:website|site)|this\s+(?:article|story|content)\s+(?:is|was|may\s+not\s+be)\s+
        (?:protected|reproduced|republished|sponsored)|terms\s+of\s+(?:use|service)|privacy\s+policy|
        \(?(?:ap|afp|reuters|getty|epa|xinhua|ians|pti)\s+photo\b|(?:ap|afp|reuters|epa)/)""",
    re.I | re.X,
)
_TAGLINE = fastre.compile(r"^[^|.!?]{1,60}(?:\s\|\s[^|]{1,40}){1,}$")
_METADATA = fastre.compile(
    r"""^(?:
        (?:[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*)(?:,\s*[A-Z][\w.]*(?:\s+[\w.]+){0,2})?\s*\([^)]{2,30}\)\s*[-—–]+\s*$
      | [A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)*\s*[-—–]{1,2}\s*$
      | (?:additional\s+)?reporting\s+by:?\s+(?-i:[A-Z]).{0,160}
      | (?:editing|edited|written|translated|compiled|produced|illustrated|photographed|interview\s+conducted)\s+by:?\s+(?-i:[A-Z]).{0,120}
      | (?:guest\s+(?:column|post|essay)|opinion|analysis|commentary|column)\s+by:?\s+(?-i:[A-Z]).{0,80}
      | this\s+(?:article|story)\s+(?:appeared|was\s+(?:first\s+)?published|first\s+appeared|was\s+(?:updated|amended|corrected))\b.{0,160}
      | (?:staff|senior|special|chief|foreign|political|economics|diplomatic)?\s*(?:reporter|writer|correspondent|editor)s?\.?
      | from\s+(?:our|a)\s+(?:own\s+)?(?:correspondent|reporter|staff\s+writer)\b.{0,60}
      | posted\s+by:?\s+(?-i:[A-Za-z]).{0,80}
      | (?:contributor|chief\s+editor|managing\s+editor|executive\s+editor|copy\s+editor|modified|last\s+modified|
           dateline|filed)\s*[:：].{1,80}
    )$""",
    re.X,
)
_METADATA_I = fastre.compile(_METADATA.pattern, re.X | re.I)
_CLOCK = fastre.compile(r"^\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,4})?$", re.I)


# no assertion at all
_OTHER_START = fastre.compile(
    r"""^(?:(?:together|so|and|but|now|well|finally),?\s+)?(?:here(?:'s|’s|\s+is|\s+are)\b|let(?:'s|’s|\s+me|\s+us)\b|more\s+on\b|welcome\b|good\s+(?:morning|afternoon|
        evening|night)\b|thank\s+you|thanks\b(?!\s+to\b)|dear\b|happy\s+(?:new\s+year|birthday|holidays?)\b|stay\s+(?:with|safe|tuned)\b|
        over\s+to\s+you|go\s+ahead\b|we(?:'ll|’ll|\s+will)\s+be\s+(?:right\s+)?back\b|stay\s+with\s+us\b|long\s+live\b|order[,!]|back\s+to\s+(?:you|the\s+(?:studio|main\s+story|top|news))\b|now\s+back\b|pictured\b|above:|below:|
        to\s+sum\s+up|in\s+summary|to\s+recap|for\s+more\s+(?:on|information|details)\b|see\s+also\b|update:|
        editor'?s\s+note|below\s+(?:is|are)\b|the\s+following\s+is\b|in\s+this\s+(?:article|piece|video|explainer)\b|
        with\s+that,?\s+(?:I|we|let)\b|that\s+brings\s+us\b|to\s+understand\s+(?:why|how|what)\b|(?:what|how|where|when|why|who)\s+
        (?:to\s+\w+|we\s+know|you\s+need\s+to\s+know|it\s+means|happens\s+next)\b|you\s+have\s+(?:one|two|three|\d+)\s+
        (?:minutes?|seconds?)\b|anyway,\s+enough\b|meanwhile,\s+back\b|now,\s+the\s+details\b|consider\s+the\s+following|
        first,\s+some\b|key\s+(?:points|takeaways)|don't\s+(?:forget|miss)|do\s+not\s+(?:forget|miss))""",
    re.I | re.X,
)
_ACTION_VERB = fastre.compile(r"\b\w{3,}ed\b|\b(?:went|came|made|took|gave|met|left|held|won|lost|fell|rose|began|built|"
                          r"sent|spent|paid|sold|bought|brought|fought|led|fled|found|flew|spoke|wrote|broke|drove|"
                          r"moved|says|said|told)\b", re.I)
_IMPERATIVE_OBJECT = frozenset(
    "the a an your our this these that those it them us me him her up out off down here there care note part "
    "sure back away in on at to with for some more all".split()
)
_SUBORDINATORS = frozenset("if when and or to so because before after while until that which who where as".split())
# an explainer headline: a wh-clause with no closing punctuation ("How the new rules affect you")
_EXPLAINER = fastre.compile(r"^(?:how|what|why|where|when|who)\s[^.?!:;\"“]*[\w)]$", re.I)
_TRANSITION = fastre.compile(r"^(?:next|then|now|meanwhile|anyway|afterwards|after\s+that)\b,?", re.I)
_LIST_MARKER = fastre.compile(r"^\s*(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|[•▪●■\-–—*])\s*")
_PRONOUN_SUBJECTS = frozenset("i you we they he she it there this that these those".split())
_PERSONAL_SUBJECTS = _PRONOUN_SUBJECTS - {"this", "that", "these", "those", "there", "it"}
_AUX = frozenset(
    "is are was were be been am has have had do does did will would can could may might must shall should "
    "isn't aren't wasn't weren't hasn't haven't hadn't don't doesn't didn't won't wouldn't can't couldn't "
    "mustn't shouldn't it's he's she's that's there's what's who's i'm we're they're you're i've we've "
    "they've you've i'll we'll they'll he'll she'll it'll i'd we'd they'd he'd she'd cannot".split()
)
_IRREGULAR_PAST = IRREGULAR_PAST | {"won't"}
_NOT_VERB_AFTER = frozenset(
    "the a an of in on for and or to with by from at its their his her our my your this these those that some "
    "many several few all both each every no".split()
) | NUMBER_WORDS


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


@lru_cache(maxsize=256)
def _word_lists(text: str) -> tuple[list[str], list[str]]:
    """The words of ``text`` and their lower-case forms; the features and the kind of a sentence both read
    them (cached: do not mutate)."""
    words = _WORD.findall(text)
    return words, [w.lower() for w in words]


def _has_verb(words: list[str], lower: list[str]) -> bool:
    if not _AUX.isdisjoint(lower) or not _IRREGULAR_PAST.isdisjoint(lower):
        return True  # the first test of the loop below, for every word at once
    for i, w in enumerate(lower):
        if w in _AUX or w in _IRREGULAR_PAST:
            return True
        if len(w) > 4 and w.endswith("ed") and not (i > 0 and lower[i - 1] in ("the", "a", "an")):
            return True
        if i > 0 and lower[i - 1] in _PERSONAL_SUBJECTS \
                and w.isalpha() and w not in _AUX:
            return True  # "we know", "they say"
        if (i > 0 and len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s", "’s"))
                and lower[i - 1] not in _NOT_VERB_AFTER
                and (lower[i + 1] not in ("of", "and", "or") if i + 1 < len(lower) else len(lower) <= 3)):
            return True  # "Carmaker recalls 2 million vehicles", "Heatwave pushes Delhi …"
        if (0 < i < len(lower) - 1 and w.isalpha() and lower[i - 1].endswith("s") and w not in _NOT_VERB_AFTER
                and (lower[i + 1][0].isdigit() or lower[i + 1] in NUMBER_WORDS)):
            return True  # "Flash floods kill 11"
    return False


@lru_cache(maxsize=512)
def sentence_features(text: str) -> dict[str, float]:
    """The features both the kind and the check-worthiness are computed from (one tokenisation, set look-ups).

    Cached per text: the pipeline asks for them for the kind and again for check-worthiness; do not mutate.
    """
    lex = lexicon()
    bare = outside_quotes(text, single=True)
    words, lower = _word_lists(text)
    bare_lower = [w.lower() for w in _words(bare)] if bare != text else lower
    bare_set = set(bare_lower)
    # evaluative words: strong ones anywhere outside quotes; weak ones as the predicate of a copula
    strong = sum(1 for w in bare_lower if w in lex.strong)
    weak_pred = 0
    if not bare_set.isdisjoint(_COPULA):
        for i, w in enumerate(bare_lower):
            if w in _COPULA:
                window = bare_lower[i + 1 : i + 6]
                for j, x in enumerate(window):
                    if x in lex.weak or x in lex.strong:
                        # "it was not clear whether …", "unclear how many …": a report of what is unknown
                        nxt = window[j + 1] if j + 1 < len(window) else (bare_lower[i + 6] if i + 6 < len(bare_lower) else "")
                        k = i + 1 + j
                        record = x in lex.superlatives and not lex.record_frame.isdisjoint(bare_lower[k + 1 : k + 10])
                        if nxt not in _WH_WORDS and not record:
                            weak_pred += 1
                        break
    if not bare_set.isdisjoint(lex.superlatives):
        for i, w in enumerate(bare_lower):
            # a superlative measured against a record is a checkable fact: "the worst since 1990"
            if not lex.record_frame.isdisjoint(bare_lower[i + 1 : i + 10]):
                continue
            if w == "most":
                adj = bare_lower[i + 1] if i + 1 < len(bare_lower) else ""
                if adj in lex.weak or adj in lex.strong or adj.endswith(("ful", "ous", "ive", "ant", "ent", "ing")):
                    weak_pred += 1
            elif w in lex.superlatives:
                weak_pred += 1
    hedge = lex.hedge.count(bare_lower)
    # degree intensifiers before an evaluative-looking adjective: "deeply troubling", "so wonderful"
    if not bare_set.isdisjoint(lex.intensifiers):
        for i, w in enumerate(bare_lower[:-1]):
            if w in lex.intensifiers:
                adj = bare_lower[i + 1]
                if adj in lex.weak or adj in lex.strong or (adj.endswith(_ADJ_ENDINGS) and adj not in _NOT_ADJ):
                    hedge += 1
                    break
    modal = 0
    if lex.modal.count(bare_lower) and not (("must" in bare_set or "should" in bare_set)
                                            and _OBLIGATION_SUBJECT_LAW.search(bare)):
        modal = 1
    has_digit = bool(_HAS_DIGIT.search(text))
    # one pass over the tokens, one dict look-up each (see _Lexicon.flags)
    numbers = dates = events = consequence = trivia = 0
    n = len(lower)
    flags_of = lex.flags.get
    for i, w in enumerate(lower):
        if w[0].isdigit():
            numbers += 1
            if _ORDINAL.match(w):
                dates += 1
            continue
        fl = flags_of(w)
        if not fl:
            continue
        if fl & _F_NUMBER:
            numbers += 1
        if fl & _F_EVENT:
            events += 1
        if fl & _F_CONSEQUENCE:
            consequence += 1
        if fl & _F_TRIVIA:
            trivia += 1
        if fl & _F_WEEKDAY:
            dates += 1
        elif fl & _F_MONTH:
            if (i + 1 < n and lower[i + 1][0].isdigit()) or (i > 0 and lower[i - 1][0].isdigit()):
                dates += 1
        elif fl & _F_DATE_PREP:
            if i + 1 < n and lower[i + 1][0].isdigit() and _YEAR.match(lower[i + 1]):
                dates += 1
            elif w == "last" and i + 1 < n and lower[i + 1] in ("week", "month", "year"):
                dates += 1
    if has_digit:
        numbers += 2 * len(_MONEY.findall(text)) + len(_PERCENT.findall(text))
    proper = sum(1 for i, w in enumerate(words) if i > 0 and w[0].isupper() and w != "I"
                 and not (i == 1 and not words[0][0].isalpha()))
    bigrams = set(zip(lower, lower[1:], strict=False)) if n > 1 else set()
    if ("per", "cent") in bigrams:
        consequence += 1
    trivia += len(bigrams & lex.trivia_pairs)
    future = 1.0 if (not bare_set.isdisjoint(lex.future) or bigrams & lex.future_pairs) else 0.0
    belief = 1.0 if (not bare_set.isdisjoint(_BELIEF_TRIGGERS) and _FIRST_PERSON_BELIEF.search(bare)) else 0.0
    t = text.strip()
    exclaim = 1.0 if (t.rstrip("\"”’'").endswith("!") or lower[:2] in (["what", "a"], ["what", "an"],
                                                                        ["how", "a"], ["how", "an"])) else 0.0
    return {
        "words": len(words),
        "numbers": numbers,
        "dates": dates,
        "proper": proper,
        "events": events,
        "consequence": consequence,
        "trivia": trivia,
        "future": future,
        "belief": belief,
        "strong": strong,
        "weak_pred": weak_pred,
        "hedge": hedge,
        "modal": modal,
        "exclaim": exclaim,
        "verb": 1.0 if _has_verb(words, lower) else 0.0,
    }


def opinion_score(f: dict[str, float]) -> float:
    return (2.0 * f["belief"] + 1.5 * min(f["strong"], 2) + 1.2 * min(f["weak_pred"], 2) + 1.0 * min(f["hedge"], 2)
            + 1.2 * f["modal"] + 0.8 * f["exclaim"])


def fact_score(f: dict[str, float]) -> float:
    return (0.6 * min(f["numbers"], 3) + 0.5 * min(f["dates"], 2) + 0.3 * min(f["proper"], 3)
            + 0.4 * min(f["events"], 3))


_CONTRIBUTED = fastre.compile(r"\bcontributed\s+(?:to\s+)?(?:this|the)\s+(?:report|story|article)\.?$", re.I)
_SENTENCE_BREAK = fastre.compile(r"[.!?][\"”’']?\s+[A-Z]")
_BREADCRUMBS = fastre.compile(r"^[\w .&'’-]{1,30}(?:\s*[>»]\s*[\w .&'’-]{1,30}){2,}$")
_EMAIL = fastre.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def is_boilerplate(text: str) -> bool:
    t = text.strip()
    if _BOILER.match(t):
        return True
    if "|" in t and _TAGLINE.match(t):
        parts = [p.strip() for p in t.split("|")]
        return all(len(p.split()) <= 5 for p in parts)
    if ("»" in t or ">" in t) and _BREADCRUMBS.match(t):
        return True
    return "@" in t and len(t.split()) <= 12 and bool(_EMAIL.search(t))


def is_metadata(text: str) -> bool:
    t = text.strip()
    if len(t) > 240:
        return False
    if _METADATA.match(t) or _CLOCK.match(t):
        return True
    if "contributed" in t and len(t) <= 200 and _CONTRIBUTED.search(t) and not _SENTENCE_BREAK.search(t):
        return True  # a credit line, not prose that happens to end with one
    low = t.lower()
    if len(t) <= 160 and len(t.split()) <= 16 and _METADATA_I.match(t) and not low.startswith(("reporter", "writer", "editor")):
        return True
    # a bare date or timestamp line: "Friday, 12 April 2024", "2024-06-20 10:15:33"
    if len(t) > 48 or not _HAS_DIGIT.search(t):
        return False
    stripped = re.sub(r"[\d:.,/\-–— ]|\b(?:am|pm|a\.m\.|p\.m\.|gmt|utc|bst|est|edt|cet|cest|kst|jst|"
                      r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun|"
                      r"january|february|march|april|may|june|july|august|september|october|november|december|"
                      r"jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", "", low)
    return bool(re.search(r"\d", t)) and not stripped.strip() and len(t) <= 48


def _is_other(t: str, f: dict[str, float], lower: list[str]) -> bool:
    if _OTHER_START.match(t):
        return True
    if t.endswith(":") and len(lower) <= 6:
        return True
    if _EXPLAINER.match(t):
        return True
    body = _LIST_MARKER.sub("", t, count=1) if _LIST_MARKER.match(t) else t
    head = body.split(" ", 1)[0]
    first = head.strip(",.!").lower()
    if first in lexicon().imperative and not head.endswith(":"):
        # an imperative: the verb opens the sentence, no subject before it ("Take a look at the map below.",
        # "2. Strengthen cooperation …"); a list item after its marker is one whatever follows, a plain
        # sentence only when an object follows and no other verb does ("Support for the plan fell" is not)
        if body is not t:
            return True
        if first == "please":
            return True
        rest = body.split()[1:]
        second = rest[0].lower().strip(",.") if rest else ""
        # a verb in the main clause (before any "if", "that", "to" …) means the first word was a subject
        main = []
        for w in rest:
            if w.lower().strip(",.") in _SUBORDINATORS:
                break
            main.append(w)
        if (not rest or second in _IMPERATIVE_OBJECT or second[:1].isdigit()) \
                and not _has_verb(main, [w.lower() for w in main]):
            return True
    if _TRANSITION.match(t) and f["numbers"] == 0 and f["events"] == 0 and f["dates"] == 0 \
            and not _ACTION_VERB.search(t) and opinion_score(f) == 0:
        return True  # a narrative hinge with no event in it: "Next, he was busy in Vietnam..."
    return False


def shape(text: str) -> tuple[str, float] | None:
    """(``boilerplate`` or ``metadata``, confidence) for a sentence shaped like a share prompt, a credit line or a
    dateline; None for any other. The pipeline asks first (such a sentence names sources but claims nothing),
    then ``classify`` for the rest."""
    t = text.strip()
    if is_boilerplate(t):
        return "boilerplate", 0.8
    if is_metadata(t):
        return "metadata", 0.8
    return None


def classify(text: str, *, attributed: bool = False, denial: Denial | None = None) -> tuple[str, float]:
    """(kind, confidence) for a sentence ``shape`` left undecided; ``denial``: what ``denials.read`` found in it."""
    t = text.strip()
    if denial is not None and denial.by == "cue":
        return "denial", 0.8
    if _QUESTION_TAIL.search(t) and (not attributed or t.endswith("?")):
        # the author's question, even when a reporting verb sits inside it ("What did the president know?");
        # a quoted question with its source ('He asked: "Why now?"') stays attributed
        return "question", 0.9
    if denial is not None and denial.by == "words":
        return "denial", 0.65
    unquoted = t.lstrip("\"“‘'")
    if _OTHER_START.match(unquoted) and not _QUESTION_TAIL.search(t):
        return "other", 0.7
    if attributed and not _BELIEF_OPENING.match(t):
        return "attributed", 0.8
    f = sentence_features(t)
    lower = _word_lists(t)[1]
    if _is_other(unquoted, f, lower):
        return "other", 0.7
    op, fa = opinion_score(f), fact_score(f)
    if op >= 1.0 and op >= 0.6 * fa:
        return "opinion", round(min(0.95, 0.5 + 0.1 * op), 3)
    if not f["verb"] or f["words"] < 2:
        return ("opinion", 0.5) if op >= 1.0 else ("other", 0.6)
    if op > 0 and fa < 0.5:
        return "opinion", 0.5
    return "claim", round(min(0.95, 0.55 + 0.08 * fa - 0.05 * op), 3)


def checkworthiness(text: str, kind: str) -> float:
    """How much a fact-checker would want to verify this sentence, in [0, 1] (0 for non-claims)."""
    if kind not in ("claim", "attributed", "denial"):
        return 0.0
    f = sentence_features(text)
    z = (-1.4 + 0.55 * min(f["numbers"], 3) + 0.3 * min(f["dates"], 2) + 0.25 * min(f["proper"], 4)
         + 0.6 * min(f["consequence"], 3) + 0.3 * min(f["events"], 3) - 0.35 * opinion_score(f)
         - 0.7 * min(f["trivia"], 2) - 0.3 * f["future"] + (0.3 if kind == "denial" else 0.0)
         + (0.2 if f["words"] >= 12 else -0.4 if f["words"] < 7 else 0.0))
    return round(1.0 / (1.0 + math.exp(-z)), 3)
