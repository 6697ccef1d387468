"""What a denial is: this module alone decides, once per sentence. Pure: text in, decisions out.

The attribution step marks "X denied / rejected / dismissed …" as denials from its cue lexicon (cue class
``deny``); ``read`` takes that as given. News denies in many more ways, which this module recognizes on the
sentence text (``data/denials.tsv`` holds the phrase lists, so analysts can extend them):

- *called the report fake / baseless / a provocation*, *dismissed … as baseless*;
- *said there was no truth in …*, *said the reports were false*, *has nothing to do with …*;
- *X said it did not …* / *"We did not pay …"* (the speaker negating its own or its client's action);
- *X has not confirmed …*, *could not confirm …*;
- negated attributions (*X denied that Y*) and headlines (*Egypt's President denies offering land*).

``read`` gives a sentence's ``Denial``: how it denies, for its kind (by its cue verb, or in its own words:
``_in_words``, a looser reading than the forms), and the ``DenialCue`` of ``detect`` (where the denial is
said, what it denies, whether that object is an anaphor such as *it* / *the report* / *such claims*).
The pipeline carries it: ``classify`` reads it for the sentence's kind, ``refine`` applies the form to the
sentence's claims (the claim carrying the denial becomes kind ``denial``; a denial sentence without any
claim gets one, its source taken from the subject in front of the cue when one can be read there), and
the sentence keeps the ``DenialCue`` for the relation rules (``denied``: what a denial claim denies).
Nothing else reads a denial off the text; the store asks ``detect`` again only for a stored sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache

from . import fastre, lexicon
from .model import Claim, DenialCue, SourceRef, Span
from .words import outside_quotes


@lru_cache(maxsize=1)
def _lexicon() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for row in lexicon.table("denials.tsv"):
        out.setdefault(row["group"], []).append(row["phrase"])
    return out


def _alt(group: str) -> str:
    words = sorted(_lexicon().get(group, []), key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)


@lru_cache(maxsize=1)
def _patterns() -> dict[str, fastre.Pattern | re.Pattern]:
    verbs = _alt("verb")
    objects = _alt("object")
    verdicts = _alt("verdict")
    adv = rf"(?:(?:{_alt('adverb')})\s+)?"
    return {
        # "denied it", "rejected the allegations", "dismissed as baseless reports that", "denies offering land"
        "verb": fastre.compile(rf"\b{adv}(?P<cue>{verbs})\b(?P<rest>.*)", re.I | re.S),
        # "called the report fake", "described the claims as a provocation", "labelled the statement fabricated"
        "called": fastre.compile(
            rf"\b(?P<cue>call(?:ed|s|ing)?|describ(?:ed|es|ing)|label+(?:ed|s|ing)?|brand(?:ed|s|ing)?|term(?:ed|s)?|"
            rf"dub(?:bed|s)?)\s+(?P<rest>(?:the|these|those|such|this|that|its|their|his|her|all|any|western|media)?\s*"
            rf"(?:[\w'’-]+\s+){{0,8}}?(?:{objects})\b.*?\b(?:as\s+)?(?:{verdicts}))\b", re.I | re.S),
        # "there was no truth in", "the reports were false", "has nothing to do with"
        "no_truth": fastre.compile(rf"(?P<cue>\bno\s+truth\s+(?:in|to)|\bnothing\s+to\s+do\s+with|\bno\s+basis\s+(?:in|for)|"
                               rf"\bno\s+(?:evidence|proof|indication|sign)\s+(?:that|of|to\s+support|the)\b|"
                               rf"\b(?:(?:is|was|are|were|been)\s+[\"“‘']?(?:(?:completely|totally|entirely|simply|"
                               rf"absolutely|utterly|wholly|patently|clearly|wildly|grossly|sheer|nothing\s+but)\s+|"
                               rf"(?:exposed|revealed|shown|proven|proved|debunked|dismissed|unmasked)\s+as\s+)?[\"“‘']?"
                               rf"(?:{verdicts})))(?P<rest>.*)", re.I | re.S),
        # "has not confirmed", "could not confirm", "did not confirm"
        # (not "could not independently confirm": a reporter's hedge; not "would neither confirm nor deny")
        "not_confirmed": fastre.compile(r"\b(?P<cue>(?:has|have|had|did)\s+not\s+(?:yet\s+)?confirm(?:ed)?|"
                                    r"(?:hasn't|haven't|didn't)\s+(?:yet\s+)?confirm(?:ed)?|"
                                    r"refused\s+to\s+confirm)\b(?!\s+or\s+deny)(?P<rest>.*)", re.I | re.S),
    }


# the speaker negating its own (or its client's) action: "said it did not", "'We never paid'"
_NOT_AGENT = rf"(?!(?:{_alt('not_agent')})\b)"
_SELF_SUBJ = (rf"(?:it|we|they|he|she|i|its\s+{_NOT_AGENT}[\w-]+(?:\s+[\w-]+)?|our\s+[\w-]+(?:\s+[\w-]+)?|"
              rf"their\s+{_NOT_AGENT}[\w-]+(?:\s+[\w-]+)?|"
              rf"his\s+client|her\s+client|my\s+client|the\s+(?:{_alt('self_subject')}))")
# what is or was not so; a refusal or an intention ("would not be intimidated", "will not attend") denies nothing
# said of oneself, but in the speaker's own quoted words it still may ("We will not …": _QUOTE_NEG)
_FACT_NEG_VERB = (r"(?:did\s+not|didn't|does\s+not|doesn't|do\s+not|don't|had\s+not|hadn't|has\s+not|hasn't|"
                  r"have\s+not|haven't|was\s+not|wasn't|were\s+not|weren't|is\s+not|isn't|are\s+not|aren't|never)")
_NEG_VERB = _FACT_NEG_VERB[:-1] + r"|would\s+not|will\s+not|could\s+not|cannot|can't)"
# "did not expect", "does not believe": a forecast or a view, not a denial of what was said
_NOT_A_STANCE = r"(?:expect|think|believe|anticipate|plan|intend|want|foresee)\w*"
_SAID_NEG = fastre.compile(
    rf"\b(?P<cue>said|says|say|told\s+[\w\s]{{1,30}}?|insisted|insists|maintained|stressed|added|stated|countered|"
    rf"responded|replied|argued|asserted)\s+(?:(?:on\s+\w+|in\s+a\s+statement|late\s+\w+|later|again)\s+)?(?:that\s+)?(?P<rest>{_SELF_SUBJ}\b(?:\s+[\w'’-]+){{0,8}}?\s+{_FACT_NEG_VERB}\b(?!\s+{_NOT_A_STANCE}).*)",
    re.I | re.S)
_QUOTE_NEG = fastre.compile(rf"[\"“]\s*(?P<rest>(?:we|i|our\s+\w+|my\s+\w+)\s+(?:[\w'’-]+\s+){{0,3}}?{_NEG_VERB}\b[^\"”]*)[\"”]",
                        re.I)
_NOT_DENIAL_OBJ = fastre.compile(r"^\s*(?:him|her|them|the\s+)?(?:bail|entry|access|permission|visas?|a\s+visa|"
                             r"the\s+(?:request|application|appeal|proposal|offer|bid|motion|plan|bill|deal|petition|"
                             r"nomination|budget|candidacy)|(?:a|an|his|her|their|its)\s+(?:request|application|appeal|"
                             r"proposal|offer|bid|motion|petition)|claims?\s+for)\b", re.I)
# what a denial names when it denies something reported before: "the reports", "that idea", "Kyiv's claims"
_REPORT_NOUNS = _alt("report_noun")
_ANAPHOR = fastre.compile(
    r"^\s*(?:[,:]\s*)?(?:it\b(?!\s+(?:had|has|was|did|would|will|is)\b)|(?:this|that|these|those|so)(?=\s*(?:[,.;]|$|and\b|on\b|as\b))|"
    r"them|any\s+wrongdoing|(?:the|these|those|such|all|any|this|that|(?-i:[A-Z][\w-]+)['’]s|"
    r"recent|earlier|latest|media|press|western|foreign|news)\b(?:\s+(?:media|press|news|western|foreign|recent|earlier|"
    rf"latest|such|all|any|the|reports?\s+and|(?-i:[A-Z][\w-]+)))*\s*(?:{_REPORT_NOUNS})\b"
    r"(?!\s+(?:that|of|about|by)\b))", re.I)
# the subject of "… were false" when it is a report named before: "Peskov said the reports were false"
_SUBJECT_ANAPHOR = re.compile(r"\b(?:the|these|those|such|this|that|(?-i:[A-Z][\w-]+)['’]s)\s+(?:[\w'’-]+\s+){0,2}?"
                              rf"(?:{_REPORT_NOUNS})\s*$", re.I)
_DATELINE = fastre.compile(r"^\s*(?:[A-Z][A-Za-z .'-]{1,40},\s+)?(?:[A-Z][a-z]{2,9}\.?\s+\d{1,2}\s*)?(?:\([^)]{1,40}\)\s*)?"
                       r"(?:--|-|—|–|\.)\s+")
_TRAIL = fastre.compile(r"\s+(?:on|late|early|last|this)\s+(?:\w+day|week|month|year|night|morning|evening)\b.*$|"
                    r"\s+(?:also|again|flatly|strongly|categorically|firmly|has|have|had|was|were|is|swiftly|quickly|"
                    r"publicly|repeatedly|vehemently)$", re.I)


# a cheap first look: a sentence without any of these words holds no denial form. The words the forms written
# here need, and every verb and verdict of the lexicon (an entry added there is looked for at once)
_TRIGGER_WORDS = (r"(?:\b(?:den(?:y|ie)|reject|dismiss|refut|rebut|disput|repudiat|debunk|contradict|contest|brush|"
                  r"push|call|describ|label|brand|term|dub|truth|nothing|basis|evidence|proof|indication|confirm|"
                  r"not|never|false|untrue|fake|baseless|groundless|unfounded|fabricat|lie|lies|nonsense|absurd|"
                  r"provocation|hoax|propaganda|disinformation|misinformation|slander|defamatory|malicious|"
                  r"misleading|inaccurate|incorrect|wrong|speculation|smear|one-sided|politically|"
                  rf"{_alt('verb').lower()}|{_alt('verdict').lower()})|n't\b|n’t\b)")
_TRIGGER = fastre.compile(_TRIGGER_WORDS, re.I)
# the same, all in lower case, for a lower-cased ASCII sentence: the same answer, found 2-3 times faster than
# with re.I (which compares each character in both cases at every position)
_TRIGGER_LOWER = fastre.compile(_TRIGGER_WORDS)


def _triggered(sentence: str) -> bool:
    if sentence.isascii():
        return _TRIGGER_LOWER.search(sentence.lower()) is not None
    return _TRIGGER.search(sentence) is not None


@dataclass(frozen=True, slots=True)
class Denial:
    """What this module reads in one sentence, before its kind is decided; the pipeline carries it to classify
    (which makes the sentence a denial), to ``refine`` (which makes its claim one) and to the relation rules."""

    by: str  # how the sentence denies, for its kind: "cue" (its attribution's cue is a denial verb: "X denied …"),
    # "words" (its own words: ``_in_words``), "" (neither; it may still hold a denial form)
    cue: DenialCue | None  # the denial form read in it (``detect``), with what it denies


def read(sentence: str, *, attributed: bool, cue_denies: bool) -> Denial | None:
    """The denial in a sentence (None: none at all). ``attributed``: the attribution step found a source in it;
    ``cue_denies``: the cue it found is a denial verb (cue class ``deny``: attribution marks those claims)."""
    by = "cue" if cue_denies else "words" if _in_words(sentence.strip(), attributed) else ""
    cue = detect(sentence)
    return Denial(by, cue) if by or cue is not None else None


@lru_cache(maxsize=32768)
def detect(sentence: str) -> DenialCue | None:
    """The denial said in this sentence, if any."""
    if not _triggered(sentence):
        return None
    plain = outside_quotes(sentence)
    pats = _patterns()
    m = pats["verb"].search(plain)
    if m:
        rest = sentence[m.start("rest") : m.end("rest")] if m.end("rest") <= len(sentence) else m.group("rest")
        if not _NOT_DENIAL_OBJ.match(rest) and not re.match(r"^\s*(?:having|being)\b", rest, re.I) \
                and not _passive_subject(plain, m.start("cue")) and not _relative_clause(plain, m.start("cue")) \
                and not re.search(r"\bconfirm\s+(?:or|nor)\s+$", plain[: m.start("cue")], re.I):
            return DenialCue("verb", (m.start("cue"), m.end("cue")), _clean(rest), is_anaphoric(rest))
    m = pats["called"].search(plain)
    if m:
        rest = m.group("rest")
        return DenialCue("called", (m.start("cue"), m.end("cue")), _clean(rest), is_anaphoric(rest))
    m = pats["no_truth"].search(plain) or _quoted_no_truth(sentence, pats["no_truth"]) \
        or _quoted_verdict(sentence, plain, pats["no_truth"])
    if m and (m.group("cue").lower().startswith(("no", "nothing")) or _subject_is_report(plain[: m.start("cue")])):
        rest = m.group("rest")
        no = m.group("cue").lower().startswith(("no", "nothing"))
        obj = rest if no else plain[: m.start("cue")] + " " + rest
        # "there is no truth in it"; "the reports were false": the reports named before
        anaphoric = is_anaphoric(rest) if no else bool(_SUBJECT_ANAPHOR.search(plain[: m.start("cue")]))
        return DenialCue("no_truth", (m.start("cue"), m.end("cue")), _clean(obj), anaphoric)
    m = pats["not_confirmed"].search(plain)
    if m:
        rest = m.group("rest")
        return DenialCue("not_confirmed", (m.start("cue"), m.end("cue")), _clean(rest), is_anaphoric(rest))
    m = _SAID_NEG.search(plain)
    if m:
        return DenialCue("said_not", (m.start("cue"), m.end("cue")), _clean(m.group("rest")), False)
    m = _QUOTE_NEG.search(sentence)
    if m:
        return DenialCue("quote_not", (m.start("rest"), m.end("rest")), _clean(m.group("rest")), False)
    return None


def _quoted_no_truth(sentence: str, pat: fastre.Pattern | re.Pattern):
    """"… has nothing to do with this", "there is no truth in …" inside a quotation: the quoted speaker denies."""
    m = pat.search(sentence)
    return m if m and m.group("cue").lower().startswith(("no", "nothing")) else None


def _quoted_verdict(sentence: str, plain: str, pat: fastre.Pattern | re.Pattern):
    """'the reports were "absolutely false"': the verb outside the quotation, the verdict quoted."""
    m = pat.search(sentence)
    if m and not m.group("cue").lower().startswith(("no", "nothing")) and plain[m.start("cue")] != " ":
        return m
    return None


def _relative_clause(plain: str, cue_start: int) -> bool:
    """"…, which disputes the official figures": background about a source, not its denial here."""
    return bool(re.search(r"\b(?:which|who|that)\s+(?:has\s+|have\s+|had\s+)?(?:long\s+|also\s+|\w+ly\s+)?$",
                          plain[:cue_start], re.I))


def _passive_subject(plain: str, cue_start: int) -> bool:
    """"He was denied bail", "the application was rejected": a passive, not a denial by the subject."""
    return bool(re.search(r"\b(?:was|were|been|being|be|is|are|get|got)\s+(?:\w+ly\s+)?$", plain[:cue_start], re.I))


_SUBJECT_REPORT = re.compile(rf"\b(?:{_REPORT_NOUNS}|video|videos|photos?|images?|footage|pictures?|recording|audio|"
                             r"documents?|letter|quotes?|post|posts|tweets?|news|claimed|claiming)\b[^,.;]{0,80}$", re.I)


def _subject_is_report(before: str) -> bool:
    return bool(_SUBJECT_REPORT.search(before))


def denied(cue: DenialCue | None, content: str, sentence: str) -> tuple[str, bool]:
    """What a denial claim denies, and whether that is something reported before ("denied it"): the object of the
    denial form read in its sentence, or, when none was read there (its cue verb or its words made it a denial),
    its content (its sentence when it has none)."""
    if cue is not None:
        return cue.object, cue.anaphoric
    return content or sentence, is_anaphoric(content)


def is_anaphoric(rest: str) -> bool:
    """Whether a denied object is something reported before: "it", "the report", "such claims", nothing at all."""
    r = rest.strip()
    if not r or r[:1] in ",.;":
        return True
    if _ANAPHOR.match(r):
        return True
    # "dismissed as baseless Western media reports that …" carries content; "rejected as absurd the claims" not
    m = re.match(r"^as\s+\w+(?:\s+and\s+\w+)?\s+(?P<obj>.*)$", r, re.I | re.S)
    return bool(m and _ANAPHOR.match(m.group("obj")))


def _clean(rest: str) -> str:
    """The denied content: up to a following justification (", saying …", "and said …")."""
    rest = re.split(r",?\s+(?:saying|adding|and\s+said|and\s+added|calling|describing)\b|;", rest, maxsplit=1)[0]
    return re.sub(r"\s+", " ", rest).strip(" ,.;:'\"“”‘’")


def subject_before(sentence: str, cue_start: int) -> str | None:
    """The noun phrase in front of a cue ("Russia's Defence Ministry on Thursday dismissed" → "Russia's Defence
    Ministry"), for denials the attribution step left without a source."""
    before = sentence[:cue_start]
    before = _DATELINE.sub("", before, count=1)
    before = re.sub(r"\s+(?:said|says|told\s+\w+)\b.*$", "", before)
    # the subject is the last clause: after a comma-less "but", ";" etc.
    before = re.split(r"[;]|\bbut\b|\bwhile\b|\band\s+(?=[a-z])", before)[-1]
    for _ in range(3):
        before = _TRAIL.sub("", before.rstrip(" ,"))
    before = before.strip(" ,\"“”")
    # an appositive name: "A spokeswoman for Nordwerk, Katrin Vogel" → keep it whole; the resolver splits it
    if not before or len(before) > 120 or not re.search(r"[A-Z]", before):
        return None
    if re.match(r"^(?:it|he|she|they|we|i)$", before, re.I):
        return None
    return before


def refine(sentence: Span, kind: str, confidence: float, claims: tuple[Claim, ...], cue: DenialCue | None,
           resolve: Callable[[str, Span], SourceRef]) -> tuple[str, float, tuple[Claim, ...]]:
    """Apply the denial form read in a sentence (``cue``, from ``read``) to the sentence, of kind ``kind``: its
    (kind, confidence, claims) afterwards.

    ``resolve`` maps a subject phrase in front of a denial cue to the ``SourceRef`` it names (the pipeline
    passes its source resolver), for a denial the attribution step left without a source.
    """
    if kind in ("metadata", "boilerplate", "question"):
        return kind, confidence, claims  # a credit line, a dateline or a question denies nothing
    if cue is None:
        # a denial verb in a relative clause ("the group, which disputes the official figures") is background
        fixed = tuple(replace(c, kind="indirect_quote") if c.kind == "denial" and c.cue is not None
                      and _relative_clause(sentence.text, c.cue.start - sentence.start) else c for c in claims)
        if fixed != claims:
            return ("attributed" if kind == "denial" else kind), confidence, fixed
        return kind, confidence, claims
    if kind != "denial":
        confidence = max(confidence, 0.7)
    cue_abs = (sentence.start + cue.cue[0], sentence.start + cue.cue[1])
    if claims:
        # the claim whose cue is this denial's cue, or whose content contains it, or the first one
        best = None
        for i, c in enumerate(claims):
            if c.kind == "denial":
                return "denial", confidence, claims
            if c.cue and c.cue.start <= cue_abs[0] < c.cue.end + 40:
                best = i
                break
            if best is None and c.content and c.content.start <= cue_abs[0] < c.content.end:
                best = i
        if best is None:
            best = 0
        c = claims[best]
        if not c.sources:
            subj = subject_before(sentence.text, cue.cue[0])
            if subj:
                c = replace(c, sources=(resolve(subj, sentence),))
        c = replace(c, kind="denial", method=(c.method + "+" if c.method else "") + f"denial_{cue.form}")
        return "denial", confidence, claims[:best] + (c,) + claims[best + 1 :]
    subj = subject_before(sentence.text, cue.cue[0])
    refs = (resolve(subj, sentence),) if subj else ()
    obj_start = sentence.start + cue.cue[1]
    content = Span(obj_start, sentence.end, sentence.text[cue.cue[1]:]) if cue.cue[1] < len(sentence.text) - 2 else None
    claim = Claim(kind="denial", cue=Span(cue_abs[0], cue_abs[1], sentence.text[cue.cue[0] : cue.cue[1]]),
                  content=content, sources=refs, confidence=0.6, method=f"denial_{cue.form}")
    return "denial", confidence, (claim,)


# the sentence's own words: what makes it a denial sentence (``read``), a looser reading than ``detect``'s forms
_DENY_VERB = fastre.compile(
    r"\b(?:den(?:y|ies|ied|ying)|refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?|disavow(?:s|ed)?|"
    r"(?:reject|dismiss|dispute|deride|rubbish|contest|counter)(?:s|ed|ing)?\s+(?:as\s+\S+\s+)?"
    r"(?:the\s+|these\s+|those\s+|such\s+|all\s+|any\s+|a\s+|an\s+|its\s+|his\s+|her\s+|their\s+|[\w.'’-]+(?:'s|’s)?\s+)?"
    r"(?:[\w'’-]+\s+){0,3}(?:claims?|allegations?|accusations?|reports?|suggestions?|rumou?rs?|charges?|"
    r"story|stories|figures|findings|speculation|assertions?|statements?|recording|video|photo(?:graph)?s?|"
    r"notion|idea|accounts?|criticism|narrative)|"
    r"(?:laugh|brush|shrug)(?:s|ed|ing)?\s+(?:off|aside)|flatly\s+(?:rejected|dismissed|denied)|"
    r"contradict(?:ing|ed|s)?\s+(?:earlier\s+|previous\s+|recent\s+)?(?:media\s+|press\s+|news\s+)?reports)\b",
    re.I,
)
_NOT_A_DENIAL = fastre.compile(r"\b(?:was|were|been|being|is|are|be)\s+denied\b|\bdenied\s+(?:bail|entry|access|"
                           r"permission|a\s+visa|visas|the\s+right|boarding|parole|service|treatment|an?\s+\w+\s+permit)\b",
                           re.I)
_FALSITY = fastre.compile(
    r"\b(?:false|untrue|not\s+true|fake(?:\s+news)?|fabricat(?:ed|ion|ions)|baseless|groundless|unfounded|"
    r"without\s+(?:any\s+)?(?:foundation|basis|merit)|no\s+truth|not\s+(?:in\s+line\s+with|based\s+on)\s+(?:the\s+)?facts|"
    r"no\s+evidence|unsubstantiated|lies?|nonsense|doctored|inaccurate|misleading|pure\s+speculation|"
    r"smear(?:\s+campaign)?|deepfake|disinformation|misinformation|slander(?:ous)?|defamatory|rumou?rs?|"
    r"malicious|absurd|untruths?)\b",
    re.I,
)
_ALLEGATION = fastre.compile(r"\b(?:claims?|allegations?|accusations?|reports?|suggestions?|rumou?rs?|charges?|"
                         r"story|stories|figures|speculation|statements?|photo(?:graph)?|video|recording|narrative|"
                         r"document|assertions?|remarks?|that|it|this)\b", re.I)
_ALLEGATION_FALSE = fastre.compile(
    r"\b(?:claims?|allegations?|accusations?|reports?|rumou?rs?|charges)\b[^.;]{0,60}?\b(?:is|are|was|were)\s+"
    r"(?:[\"“‘']\s*)?(?:(?:completely|totally|entirely|absolutely|simply|all)\s+)?(?:not\s+true|false|untrue|baseless|"
    r"groundless|unfounded|fabricated|fake|lies|nonsense|without\s+(?:any\s+)?foundation)\b",
    re.I,
)
_SELF_NEGATION = fastre.compile(
    r"\b(?:said|says|say|insisted|insists|maintained|maintains|stressed|told\s+\w+|added|stated|claimed|"
    r"confirmed)\s+(?:that\s+)?(?:it|he|she|they|we|its\s+\w+|his\s+\w+|her\s+\w+|their\s+\w+|I)\s+"
    r"(?:had|has|have|did|does|do|was|were|is|are)?\s*(?:not|never|n't)\b(?!\s+(?:expect|think|believe|"
    r"anticipate|plan|intend|want|foresee)\w*)"
    r"|\b(?:said|says|insisted|stressed)\s+(?:that\s+)?(?:it|he|she|they|we)\s+(?:had|has|have)\s+no\s+"
    r"(?:plans?|intention|knowledge|involvement|role|part)\b"
    r"|\b(?:has|have)\s+never\s+and\s+will\s+never\b",
    re.I,
)
_DENIAL_KEYS = ("den", "refut", "rebut", "disavow", "reject", "dismiss", "disput", "derid", "rubbish", "contest",
                "counter", "laugh", "brush", "shrug", "flatly", "contradict")
_FALSE_KEYS = ("fals", "true", "fake", "fabricat", "baseless", "groundless", "unfounded", "foundation", "basis",
               "merit", "truth", "facts", "evidence", "unsubstantiated", "lie", "nonsense", "doctored", "inaccura",
               "mislead", "speculation", "smear", "deepfake", "information", "slander", "defamat", "rumo",
               "malicious", "absurd")
_NEGATION_KEYS = ("not", "never", "n't", "no ")



def _has_any(low: str, keys: tuple[str, ...]) -> bool:
    return any(map(low.__contains__, keys))


def _in_words(text: str, attributed: bool) -> bool:
    """A denial in the sentence's own words (the attribution layer marks those with a cue it knows): a denial verb
    ("denied", "rejected the claims"), an allegation called false ("called the reports baseless"), or a source
    saying it did not do something ("Moscow says it did not shoot down …"); ``attributed``: a source speaks."""
    bare = outside_quotes(text, single=True)
    scope = text if attributed else bare  # a source's own quoted words deny too: it "categorically refutes" …
    low = text.lower()
    if _has_any(low, _DENIAL_KEYS) and _DENY_VERB.search(scope) and not _NOT_A_DENIAL.search(scope):
        return True
    false_keys = _has_any(low, _FALSE_KEYS)
    if false_keys and _ALLEGATION_FALSE.search(text):
        return True
    if false_keys and _FALSITY.search(text) and (attributed or re.search(r"\b(?:called|described|dismissed|branded|labell?ed)\b", bare, re.I)) \
            and _ALLEGATION.search(text):
        return True
    if "no truth" in low:
        return True
    return bool(attributed and _has_any(low, _NEGATION_KEYS) and _SELF_NEGATION.search(scope))
