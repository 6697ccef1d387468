"""Sentence kinds and check-worthiness.

A sentence's kind follows from what the page structure and attribution found, then from its own
features:
- ``boilerplate`` / ``metadata``: from the page's line labels (tag tails, repeated headlines, "Release
  time: …") or the sentence's own shape (share prompts, copyright lines, bylines);
- ``denial``: a denial cue ("X denied …") or a denial without a cue verb ("there is no truth in …");
- ``attributed``: any other attribution found;
- ``question``: an interrogative in the author's voice;
- ``opinion``: the author's judgement: first-person belief, evaluative adverbs and adjectives, modal
  obligation ("should", "must"), without the anchors a checkable fact has;
- ``claim``: a declarative sentence with checkable anchors (figures, named actors, dated events, event
  verbs in the past tense);
- ``other``: the rest (transitions, imperatives, fragments).

Check-worthiness in [0, 1] rises with figures, named actors, consequential event words and dates, and
falls with opinion markers and trivial content.
"""

from __future__ import annotations

import math
import re

_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'd|me|my|mine|we|we're|we've|us|our|ours)\b")
_BELIEF = re.compile(r"\b(?:I|we)\s+(?:(?:do\s+not|don't|really|strongly|personally|firmly|also)\s+)?(?:believe|think|feel|guess|suppose|suspect|hope|fear|doubt|expect|am\s+(?:sure|convinced|afraid|confident)|are\s+(?:sure|convinced)|have\s+said|said\s+before|would\s+say|must\s+say|see)\b", re.I)
_EVALUATIVE_ADV = re.compile(
    r"\b(?:undoubtedly|obviously|clearly|definitely|certainly|surely|of course|without (?:a|any) doubt|"
    r"no doubt|evidently|apparently|unfortunately|fortunately|sadly|luckily|frankly|honestly|arguably|"
    r"admittedly|needless to say|in my (?:opinion|view)|personally|truly|indeed|really|simply|purely|"
    r"absolutely|perhaps|maybe|probably|likely|seemingly|it seems|it appears|so\b.*\bthat it was)\b", re.I)
_EVALUATIVE_ADJ = re.compile(
    r"\b(?:historic|significant|grand|super|wonderful|terrible|awful|great|best|worst|important|major|"
    r"remarkable|breathtaking|amazing|shocking|outrageous|disgraceful|shameful|brilliant|excellent|"
    r"disastrous|catastrophic|ridiculous|absurd|foolish|wise|brave|cowardly|dangerous|reckless|"
    r"irresponsible|unacceptable|deplorable|admirable|impressive|disappointing|troubling|alarming|"
    r"worrying|encouraging|heartbreaking|tragic|unprecedented|crucial|vital|essential|necessary|"
    r"ineffective|effective|hypocritical|naive|pathetic|incredible|nervous|anxious|simple|easy|"
    r"difficult|not easy|hard|clear|strange|interesting|surprising|unlikely|likely|breakthrough|"
    r"whirlwind|symbolic|substantive|meaningful|misguided|mistake|failure|success|disgrace|scandal|"
    r"blunder|farce|masterstroke)\b", re.I)
_MODAL_OBLIGATION = re.compile(r"\b(?:should|must|ought to|need to|needs to|have to|has to|it is time|it's time)\b", re.I)
_IMPERATIVE = re.compile(r"^(?:let's|let us|please|click|read|see|watch|follow|subscribe|share|sign up|join|"
                         r"take a look|look at|here (?:is|are)|next,|finally,|first,|in short|in other words|"
                         r"to sum up|stay tuned|don't miss|find out|learn more|remember)\b", re.I)
_BOILER = re.compile(r"^(?:share|tweet|print|e-?mail|comments?|read more|related|recommended|advertisement|"
                     r"subscribe|sign up|click|follow us|copyright|©|all rights reserved|back to top|"
                     r"already a subscriber|log in|cookies?|we use cookies|photo:|image:|video:|"
                     r"\(?photo|source:|editor:|reporter:)", re.I)
_TAGLINE = re.compile(r"^[^|]{1,60}(?:\s\|\s[^|]{1,40}){2,}$")
_NUMBER = re.compile(r"(?<![A-Za-z])(?:\d[\d,.]*\s*(?:%|percent|per cent)?|(?:one|two|three|four|five|six|seven|"
                     r"eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|millions?|billions?)\b)", re.I)
_MONEY = re.compile(r"[$€£¥]\s?\d|\b\d[\d,.]*\s*(?:million|billion|trillion|dollars|euros|yuan|rubles|roubles|pounds|yen|won)\b", re.I)
_EVENT = re.compile(
    r"\b(?:killed|died|dead|deaths?|injured|wounded|missing|arrested|detained|charged|convicted|sentenced|"
    r"elected|voted|signed|launched|attacked|struck|fired|shot|bombed|invaded|seized|captured|destroyed|"
    r"damaged|flooded|evacuated|banned|sanctions?|violated|approved|passed|rejected|vetoed|resigned|"
    r"fired|appointed|won|lost|defeated|raised|cut|increased|decreased|rose|fell|grew|shrank|dropped|"
    r"shipped|delivered|transferred|sold|bought|paid|funded|invested|exported|imported|announced|"
    r"treaty|agreement|deal|accord|election|war|attack|strike|offensive|missiles?|weapons?|nuclear|"
    r"troops|soldiers|casualties|victims|refugees|hostages|earthquake|typhoon|hurricane|flood|fire|"
    r"outbreak|cases|infections|vaccine|inflation|gdp|unemployment|budget|deficit|debt|tariffs?|"
    r"lawsuit|indictment|verdict|ruling|court|investigation|fraud|corruption|crashed|collapsed|exploded|"
    r"visited|met|hosted|received|completed|suspended|restored|established|founded|built|closed|opened|"
    r"downgraded|upgraded|detected|discovered|confirmed|reported|recorded|reached|exceeded|hit)\b", re.I)
_PAST_VERB = re.compile(r"\b(?:was|were|has been|have been|had|has|have|did|is|are)\b|\b\w{3,}ed\b", re.I)
_NO_TRUTH = re.compile(
    r"\b(?:no truth (?:in|to)|(?:is|was|are|were) (?:false|untrue|fake|baseless|groundless|fabricated|unfounded|"
    r"a fabrication|a lie|lies|nonsense|disinformation|misinformation|a provocation)|"
    r"(?:denies|denied|deny|denying|rejects|rejected|dismisses|dismissed|refutes|refuted)\b)", re.I)
_PROPER = re.compile(r"(?<=[a-z,;:]\s)(?:[A-Z][a-z]+|[A-Z]{2,})")
_QUESTION_TAIL = re.compile(r"\?['\"”’)\]]*\s*$")
_CONSEQUENCE = re.compile(
    r"\b(?:killed|died|deaths?|dead|injured|wounded|casualties|billion|million|percent|%|sanctions?|treaty|"
    r"nuclear|missiles?|weapons?|attack|war|elected|election|law|court|arrested|charged|convicted|"
    r"violat\w+|shipped|containers|shells|troops|soldiers|tanks|budget|deficit|inflation|gdp|"
    r"unemployment|vaccine|cases|fraud|corruption|illegal|crime|tax|taxes|jobs|emissions|refugees)\b", re.I)
_TRIVIA = re.compile(r"\b(?:weather|sunny|smiled|laughed|hugged|shook hands|waved|dinner|lunch|breakfast|"
                     r"performance|ceremony|photos?|lasted|wore|dressed|arrived at the airport)\b", re.I)


def _outside_quotes(text: str) -> str:
    return re.sub(r"[\"“][^\"“”]*[\"”]", " ", text)


def sentence_features(text: str) -> dict[str, float]:
    bare = _outside_quotes(text)
    return {
        "numbers": len(_NUMBER.findall(text)) + 2 * len(_MONEY.findall(text)),
        "proper": len(_PROPER.findall(" " + text)),
        "events": len(_EVENT.findall(text)),
        "consequence": len(_CONSEQUENCE.findall(text)),
        "first_person": len(_FIRST_PERSON.findall(bare)),
        "belief": 1.0 if _BELIEF.search(bare) else 0.0,
        "eval_adv": len(_EVALUATIVE_ADV.findall(bare)),
        "eval_adj": len(_EVALUATIVE_ADJ.findall(bare)),
        "modal": 1.0 if _MODAL_OBLIGATION.search(bare) else 0.0,
        "past": len(_PAST_VERB.findall(text)),
        "trivia": len(_TRIVIA.findall(text)),
        "words": len(text.split()),
    }


def is_boilerplate(text: str) -> bool:
    t = text.strip()
    return bool(_BOILER.match(t) or _TAGLINE.match(t))


def opinion_score(f: dict[str, float]) -> float:
    return (2.5 * f["belief"] + 1.2 * min(f["eval_adv"], 2) + 0.8 * min(f["eval_adj"], 3) + 1.0 * f["modal"]
            + 0.4 * min(f["first_person"], 3))


def fact_score(f: dict[str, float]) -> float:
    return (0.9 * min(f["numbers"], 3) + 0.5 * min(f["proper"], 4) + 0.6 * min(f["events"], 3)
            + 0.2 * min(f["past"], 3))


def classify(text: str, *, attributed: bool = False, denial: bool = False, line_kind: str | None = None,
             is_title: bool = False) -> tuple[str, float]:
    """(kind, confidence) for one sentence."""
    if line_kind in ("boilerplate", "metadata"):
        return line_kind, 0.95
    t = text.strip()
    if is_boilerplate(t):
        return "boilerplate", 0.8
    if denial:
        return "denial", 0.8
    if _QUESTION_TAIL.search(t) and not attributed:
        return "question", 0.9
    if attributed:
        return "attributed", 0.8
    if not is_title and _NO_TRUTH.search(_outside_quotes(t)) and re.search(r"\b(?:report|claims?|allegations?|accusations?)\b", t, re.I):
        return "denial", 0.6
    f = sentence_features(t)
    if _IMPERATIVE.match(t) or re.match(r"^(?:\d+[.)]\s+)?(?:Let|Take|Show|Strengthen|Look|Make|Keep|Remember)\b", t):
        if f["numbers"] == 0 and f["events"] == 0:
            return "other", 0.6
    op, fa = opinion_score(f), fact_score(f)
    if op >= 1.2 and op >= fa * 0.8:
        return "opinion", min(0.95, 0.5 + 0.1 * op)
    if f["words"] <= 3 and fa < 1:
        return "other", 0.6
    if fa >= 0.8 or f["words"] >= 8 and (f["proper"] >= 1 or f["events"] >= 1):
        return "claim", min(0.95, 0.5 + 0.1 * fa)
    if op > 0:
        return "opinion", 0.5
    return "other", 0.5


def checkworthiness(text: str, kind: str) -> float:
    """How much a fact-checker would want to verify this sentence, in [0, 1]."""
    if kind not in ("claim", "attributed", "denial"):
        return 0.0
    f = sentence_features(text)
    z = (-1.6 + 0.7 * min(f["numbers"], 3) + 0.35 * min(f["proper"], 4) + 0.8 * min(f["consequence"], 3)
         + 0.25 * min(f["events"], 3) - 0.5 * opinion_score(f) - 0.8 * min(f["trivia"], 2)
         + (0.3 if kind == "denial" else 0.0) + (0.2 if f["words"] >= 12 else -0.3))
    return round(1.0 / (1.0 + math.exp(-z)), 3)
