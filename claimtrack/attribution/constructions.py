"""The constructions attribution reads, one typed function each, and their order: ``CONSTRUCTIONS``.

Every construction reads a ``SentenceView`` (and nothing else of the sentence), so each can be called alone. Two
shapes:

- ``AtWord``: read at one token, a trigger word ("according", "reported", a cue verb's first word): the
  attribution found there and the token the scan goes on from, or None;
- ``OverSentence``: read over the whole sentence: the attributions it adds (often none).

``Attributor.attribute`` runs the registry in order. Neighbouring ``AtWord`` entries are one scan of the tokens,
left to right, over all their trigger words: at each word outside a quotation, the first of them (in registry
order) that reads an attribution there takes it. An ``OverSentence`` entry marked ``alone`` runs only when the
entries before it found nothing. Each entry names its trigger words; a sentence with none of them is not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .. import fastre
from ..sources import OUTLET_KINDS, norm, speaker_phrase, written_as_name
from .coref import UNNAMED, WRITER, sources
from .phrases import Span, lower_noun, np_left, np_right, np_token
from .records import Attribution, Mention, SourceHit
from .tokens import SentenceView, Tok, quote_kind, trim
from .vocab import (
    AUX,
    BE,
    DETERMINERS,
    MODALS,
    NOT_NOUN,
    NUMBERS,
    PLACE_PREPS,
    PRONOUNS,
    SPATIAL_PREPS,
    STOP,
    CueForm,
    Lexicons,
)

# "Zelensky: missiles are not enough" (an optional clock time and all-caps dateline first)
_COLON_LEAD = re.compile(r"^(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?\s*)?(?:[A-Z]{2,4}\s+)?(?:[–—|-]+\s*)?)?(?:[A-Z]{3,}\s+[–—-]+\s+)?([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4})\s*:\s+(\S.+)$")
_IT_IS_REPORTED = fastre.compile(r"\bit (?:is|was|has been) (reported|said|claimed|alleged|believed|understood|learned|learnt)\b"
                                 r"(?: that)?", re.I)
# what may follow a cue that only says in a speech context ("she continued, …", 'she added: "…"')
_PAUSE = ("", ".", "!", "?", ";", ",", ":", '"', "“", "''", "that", "—")
_BE_FORMS = ("was", "were", "been", "being", "is", "are")


# ---- colon ---------------------------------------------------------------------------------------------------
def _colon_lead(s: SentenceView) -> Attribution | None:
    """ "Name: content" opening the sentence, the name a known source or one of up to three words."""
    text, start, end = s.text, s.start, s.end
    m = _COLON_LEAD.match(s.sentence)
    if not m:
        return None
    name = m.group(1)
    resolver, labels = s.lex.resolver, s.lex.words.colon_labels
    entry = resolver.lookup(name)
    words = name.split()
    if norm(name) in labels or norm(words[0]) in labels or len(m.group(2).split()) < 3:
        return None  # "Update: the road is open", "Photo: …"
    if entry is None and not (1 <= len(words) <= 3):
        return None
    if entry is None and not speaker_phrase(name, proper=lambda w: written_as_name(text, w)):
        return None  # "Disclaimer: I received …", "Bonus: …": a label, not a speaker (sources.speaker_phrase)
    if entry is None:
        entry = resolver.resolve(name)
    colon = start + m.end(1)
    content = trim(text, start + m.start(2), end)
    hit = SourceHit(entry, "speaker", Mention(start + m.start(1), start + m.end(1), name))
    return Attribution(Mention(colon, colon + 1, ":"), content, [hit], quote_kind(text, content), "colon", "say", 0.7)


def colon_headline(s: SentenceView) -> list[Attribution]:
    """ "Zelensky: missiles are not enough": a speaker's name and a colon in the sentence's first 60 characters
    open it; what follows is what they said, cue words in it included (they are marked quoted)."""
    if ":" not in s.sentence[:60]:
        return []
    att = _colon_lead(s)
    if att is None or att.cue is None:
        return []
    for k, t in enumerate(s.toks):
        if t.start > att.cue.start:
            s.quoted[k] = True
    return [att]


def colon_late(s: SentenceView) -> list[Attribution]:
    """A lead "Name: content" whose colon comes after the first 60 characters (``colon_headline`` reads the
    others), when no cue of the sentence made an attribution."""
    if ":" in s.sentence[:60]:
        return []
    att = _colon_lead(s)
    return [att] if att else []


# ---- at a trigger word ---------------------------------------------------------------------------------------
def according_to(s: SentenceView, i: int) -> tuple[Attribution, int] | None:
    """ "according to X": X says the rest of the sentence (before the phrase, or after its comma);
    "according to a report by X" / "… on the website of X": X."""
    toks, text, start, end = s.toks, s.text, s.start, s.end
    n = len(toks)
    if toks[i].low != "according" or not (i + 1 < n and toks[i + 1].low == "to"):
        return None
    np = np_right(s, i + 2)
    if not np:
        return None
    first, last = np
    srcs = None
    k = first
    while k <= last and toks[k].low in DETERMINERS:
        k += 1
    if k <= last and toks[k].low in s.lex.words.report_heads:
        # find "by X" or "of X" after the head
        m = k + 1
        while m < n and toks[m].low not in ("by", "of", "from", ","):
            m += 1
        if m < n and toks[m].low in ("by", "of", "from"):
            np2 = np_right(s, m + 1)
            if np2:
                s2, e2 = np2
                # "the website of the Russian newspaper "Shimbun"" → keep the last named part
                while s2 < e2 and toks[s2].low in s.lex.words.site_words:
                    s2 += 1
                srcs = sources(s, (s2, e2), "speaker")
                last = max(last, e2)
    if srcs is None:
        srcs = sources(s, (first, last), "speaker")
    np_end = toks[last].end
    # a quoted name closes after the noun phrase: "Shimbun"
    if last + 1 < n and toks[last + 1].text in ('"', "”"):
        last += 1
        np_end = toks[last].end
    cue = Mention(toks[i].start, toks[i + 1].end, text[toks[i].start : toks[i + 1].end])
    before = trim(text, start, toks[i].start)
    # the rest after the next comma following the phrase
    after_start = np_end
    m = last + 1
    while m < n and toks[m].text != ",":
        m += 1
    if toks[i].start - start <= 2 or before is None:
        after_start = toks[m].end if m < n else np_end
        content = trim(text, after_start, end)
    else:
        after = trim(text, after_start, end)
        content = before if (after is None or (before and before[1] - before[0] >= after[1] - after[0])) else after
    return Attribution(cue, content, srcs, "indirect_quote", "according_to", "say", 0.8), i + 2


def reported_by(s: SentenceView, i: int) -> tuple[Attribution, int] | None:
    """ "as reported by X", "confirmed by X": X says what comes before."""
    toks, text = s.toks, s.text
    n = len(toks)
    t = toks[i]
    low = t.low
    if low not in s.lex.words.reported_by or not (i + 1 < n and toks[i + 1].low == "by"):
        return None
    np = np_right(s, i + 2)
    if np and low in ("quoted", "cited") and np[1] + 2 < n and toks[np[1] + 1].low == "as" \
            and toks[np[1] + 2].low in s.lex.words.as_saying:
        return None  # "Y was quoted by X as saying": a chain, read by ``verb``
    if not np:
        return None
    content = trim(text, s.start, toks[i - 1].start if i and toks[i - 1].low == "as" else t.start)
    cue = Mention(t.start, toks[i + 1].end, text[t.start : toks[i + 1].end])
    return Attribution(cue, content, sources(s, np, "speaker"), "indirect_quote", "reported_by", "report"), np[1] + 1


def verb(s: SentenceView, i: int) -> tuple[Attribution, int] | None:
    """A cue verb of cues.tsv, any tense: its source before it ("the ministry said that …"), after it
    ('"…," said Peskov'), shared with the clause before ("… and said", "…, saying"), after "by" in a passive,
    or a chain ("X quoted Y as saying"). A capitalized cue word counts only at the start or in a title-case
    headline ("Minister Says Talks Failed")."""
    t = s.toks[i]
    forms = s.lex.cues.get(t.low)
    if not forms or not t.text[:1].islower() and not (i > 0 and s.title_case()):
        return None
    att = _verb(s, i, forms)
    if att is None:
        return None
    return att, max(i + 1, _end_index(s.toks, att))


def _end_index(toks: list[Tok], att: Attribution) -> int:
    """The first token after the attribution's cue."""
    if att.cue is None:
        return 0
    for k, t in enumerate(toks):
        if t.start >= att.cue.end:
            return k
    return len(toks)


def _not_a_cue(s: SentenceView, i: int, form: CueForm, last: int, prev: str, nxt: str) -> bool:
    """The cue form at token i is a noun or names, places, counts or intends rather than reports."""
    toks, lex = s.toks, s.lex
    w = lex.words
    n = len(toks)
    # nouns that look like cue verbs: "media reports,", "a CNN report stated", "the claims"
    after_subject = prev in PRONOUNS or prev == "who" or prev in lex.nouns and prev.endswith("s") \
        or i > 1 and toks[i - 1].text[:1].isupper() \
        and not toks[i - 1].text.endswith(("'s", "’s")) and toks[i - 1].low not in DETERMINERS
    if form.words[0] in w.cue_nouns and form.form in ("base", "3sg") and not after_subject:
        if prev in DETERMINERS or prev in w.noun_preceders or nxt in w.noun_followers \
                or nxt in lex.cues and nxt not in ("that",):
            return True
        if form.words[0] in w.cue_plural_nouns and i > 0 and toks[i - 1].text[:1].islower() \
                and toks[i - 1].text[:1].isalpha() and prev not in lex.nouns \
                and prev not in w.between_subject_and_cue and prev not in ("who", "which", "that", "also", "now", "still"):
            return True  # a noun after its modifier: "urgent phone calls", "inflation reports"
    # any other verb form after a determiner, a preposition or a possessive is a noun: "Tuesday's contests"
    if form.form in ("base", "3sg") and i > 0 and (
            (prev in DETERMINERS or prev in w.noun_preceders) and toks[i - 1].text[:1].islower()
            or prev in ("'s", "’s") or toks[i - 1].text.endswith(("'s", "’s"))):
        return True
    if form.lemma in w.naming_cues and form.form in ("past", "participle") \
            and i > 0 and toks[i - 1].text[:1].islower() and prev not in PRONOUNS \
            and prev not in w.between_subject_and_cue and prev not in ("who", "whom", "that", "which"):
        return True  # "a book called 'Perfect'": naming, not saying
    if form.lemma == "put" and not _puts_figure(s, last + 1):
        return True  # "put" says something only as "put the death toll at 150"
    if form.lemma in w.place_cues and nxt in ("from", "live"):
        return True  # "reported from Washington": where, not what
    if form.lemma == "add" and not (nxt in _PAUSE or nxt in ("in", "on", "later") or nxt in PRONOUNS
                                    or nxt in ("the", "there", "this", "those", "these")
                                    or last + 1 < n and s.quoted[last + 1]):
        return True  # "the U.S. added 292,000 jobs": adding, not saying
    cc = form.cue_class
    if form.form == "gerund" and cc.strict and prev in BE:
        return True  # "fighting was continuing": going on, not saying
    if form.form == "gerund" and cc.gerund != "always" \
            and not (cc.gerund == "after_comma" and i > 0 and toks[i - 1].text == ","):
        return True  # "…, saying" but "…, hoping the talks resume" only after a comma, "a showing" never
    # "to say", "will say" are intentions, not reports, unless "went on to say"
    if prev == "to" and form.lemma != "go on to say":
        return True
    if form.form == "base" and (i == 0 or prev in ("let", "me", "you", "please", "not") and (
            i < 2 or toks[i - 2].low not in AUX)):
        return True  # imperative or infinitive, not a report
    return False


def _puts_figure(s: SentenceView, k: int) -> bool:
    """'put the (civilian death) toll at 150': a count or cost, then "at" and a number, soon after "put"."""
    toks = s.toks
    n = len(toks)
    counted = False
    for m in range(k, min(n - 1, k + 8)):
        low = toks[m].low
        if low in s.lex.words.figure_nouns:
            counted = True
        elif low == "at":
            nxt = toks[m + 1]
            return counted and (nxt.text[:1].isdigit() or nxt.low in NUMBERS or nxt.low in (
                "about", "around", "nearly", "almost", "least", "more", "over", "some", "roughly", "$", "€", "£"))
        elif not toks[m].text[:1].isalnum():
            return False
    return False


def _as_saying(s: SentenceView, last: int) -> int | None:
    """The token "as" of "as saying" soon after a "quote"/"cite" cue ending at ``last``, if any."""
    toks, as_saying = s.toks, s.lex.words.as_saying
    n = len(toks)
    m = last + 1
    while m < n and m < last + 10 and not (toks[m].low == "as" and m + 1 < n and toks[m + 1].low in as_saying):
        m += 1
    return m if m < n and m < last + 10 and toks[m].low == "as" else None


def _quoted_as_saying(s: SentenceView, i: int, last: int, m: int, prev: str) -> Attribution | None:
    """ "X quoted Y as saying …" (speaker Y, reporter X); passive "Y was quoted (by X) as saying"; ``m`` is the
    token "as". None when the chain names no speaker."""
    toks, text = s.toks, s.text
    speaker_np = (last + 1, m - 1) if m - 1 >= last + 1 else None
    subj = np_left(s, i)
    if speaker_np is None or prev in _BE_FORMS:
        if subj is None:
            return None
        speakers = sources(s, subj, "speaker")
        by = speaker_np is not None and toks[speaker_np[0]].low == "by" and speaker_np[1] > speaker_np[0]
        reporters = sources(s, (speaker_np[0] + 1, speaker_np[1]), "reporter") if speaker_np and by else []
    else:
        speakers = sources(s, speaker_np, "speaker")
        reporters = sources(s, subj, "reporter") if subj else []
    cue_end = toks[m + 1].end
    content = trim(text, cue_end, s.end)
    if (content is None or content[1] - content[0] < 3) and subj is not None:
        content = trim(text, s.start, toks[subj[0]].start)  # '"…," Y was quoted as saying.'
    cue_s = toks[i - 1].start if prev in ("was", "were", "been", "is", "are") else toks[i].start
    return Attribution(Mention(cue_s, cue_end, text[cue_s:cue_end]), content, speakers + reporters,
                       quote_kind(text, content), "quoted_as_saying", "say", 0.85)


def _wh_subject(toks: list[Tok], i: int) -> bool:
    """The words before the cue, back to the clause's start, open with "what" / "how" / "why"."""
    for k in range(i - 1, max(-1, i - 16), -1):
        low = toks[k].low
        if low in (":", ";", ",", ".", "—", "-") or toks[k].text in ('"', "“", "”"):
            return False
        if low in ("what", "how", "why"):
            return True
    return False


def _not_a_subject(s: SentenceView, i: int, form: CueForm, subj: Span | None, prev: str, nxt: str) -> bool:
    """The phrase before the cue (``subj``, from ``np_left``) shows the cue is not a report."""
    toks, lex = s.toks, s.lex
    if form.cue_class.strict and subj is not None and subj[0] not in s.known and not any(
            t.text[:1].isupper() and t.low not in DETERMINERS or t.low in lex.nouns or t.low in PRONOUNS
            for t in toks[subj[0] : subj[1] + 1]):
        return True  # "the shipments had continued": going on, not speaking
    if form.form in ("base", "3sg") and _wh_subject(toks, i) and (
            subj is None or subj[0] > 0 and toks[subj[0] - 1].low in PLACE_PREPS | SPATIAL_PREPS):
        return True  # "what the vote in Kansas tells us": a clause as the subject, no source
    if subj and subj[0] == subj[1] and toks[subj[0]].low in ("i", "we") and not s.quoted[i] \
            and not form.cue_class.statement:
        return True  # the writer's own view, not an attribution
    if form.form == "base" and subj is None and prev not in AUX:
        return True
    if subj and toks[subj[1]].text[:1].isdigit() and not toks[subj[1]].text.endswith("%") \
            and not (subj[1] > 0 and toks[subj[1] - 1].low in ("of", "in")):
        return True  # "70,000 expected", "11 terrorist attacks": not a source
    if form.form == "3sg" and form.cue_class.noun_3sg and subj and prev not in AUX \
            and toks[subj[1]].text[:1].islower() and toks[subj[1]].low not in PRONOUNS \
            and toks[subj[1]].low not in lex.nouns and toks[subj[1]].low not in ("who", "that", "which"):
        return True  # "11 terrorist attacks": a noun, not a verb
    if form.lemma == "report" and form.form in ("base", "3sg") \
            and nxt not in ("that", ",", ":", '"', "“", "on", "in", "this", "today") \
            and not (nxt in ("", ".") and toks[i - 1].text[:1].isupper()):
        return True  # "Reuters reports that …", "…, Reuters reports." but not "the paper reports a loss"
    plural = lex.words.plural
    if form.form == "base" and subj and toks[subj[1]].low not in PRONOUNS and prev not in AUX \
            and toks[subj[1]].low not in ("who", "that", "which") \
            and not any(_plural(toks[k], plural) for k in range(subj[0], subj[1] + 1)
                        if k == subj[1] or toks[k + 1].low in ("of", "in", "at", "from")):
        return True  # "the minister say" is not English; "the trade talks" is a noun
    return False


def _plural(tok: Tok, plural: frozenset[str]) -> bool:
    low = tok.low
    return (low.endswith("s") and not low.endswith(("ss", "us", "is"))) or low in plural or low[:1].isdigit()


def _be_before(s: SentenceView, i: int) -> int:
    """The token before a participle at i, past adverbs: "be" in a passive ("was widely expected")."""
    toks, between = s.toks, s.lex.words.between_be_and_participle
    j = i - 1
    while j >= 0 and (toks[j].low in between or toks[j].low.endswith("ly") and not toks[j].text[:1].isupper()):
        j -= 1
    return j


def _not_a_passive_report(s: SentenceView, i: int, form: CueForm, j: int, prev: str, nxt: str) -> bool:
    """A participle after "be" (``j``: ``_be_before``) that reports nothing: "was told" (the subject received
    the telling), "it was reported" (``it_is_reported``'s), "should be rejected", "is worried"."""
    toks, receiving = s.toks, s.lex.words.receiving_cues
    if prev in _BE_FORMS and (form.lemma in receiving or i >= 2 and toks[i - 2].low == "it"):
        return True
    if j > 0 and toks[j].low == "be":
        mk = j - 1
        while mk > 0 and (toks[mk].low in ("not", "n't", "never", "also", "still", "yet")
                          or toks[mk].low.endswith("ly") and not toks[mk].text[:1].isupper()):
            mk -= 1
        if toks[mk].low in MODALS:
            return True  # "should be rejected", "could not be verified": what may or ought to be, not a report
    # "is worried", "storms were expected.": a state, not an attribution
    return j >= 0 and toks[j].low in BE and form.cue_class.passive_state and nxt not in ("to", "that", "by", "as")


def _passive(s: SentenceView, form: CueForm, j: int, last: int) -> Attribution | None:
    """ "the plan was rejected by voters", "the bill is widely expected to pass": the subject is what is said,
    the source follows "by" or is not named; ``j`` is the token of "be". None when "by" names no source."""
    toks, text = s.toks, s.text
    if last + 2 < len(toks) and toks[last + 1].low == "by":
        np = np_right(s, last + 2)
        if np is None:
            return None
        hits = sources(s, np, "speaker")
        cue = Mention(toks[j].start, toks[last + 1].end, text[toks[j].start : toks[last + 1].end])
    else:
        hits = [SourceHit(UNNAMED, "speaker", None)]
        cue = Mention(toks[j].start, toks[last].end, text[toks[j].start : toks[last].end])
    return Attribution(cue, trim(text, s.start, s.end), hits, "denial" if form.cue_class.denial_like else "indirect_quote",
                       "passive", form.cls, 0.55)


def _told_outlet(s: SentenceView, last: int, after: int) -> SourceHit | None:
    """The outlet a source told ("told AP", "told the BBC", "told Reuters on Monday"), as a reporter; None
    when whoever was told is not a known news outlet ("told reporters", "told the minister")."""
    toks, text = s.toks, s.text
    k = last + 1
    if k < len(toks) and toks[k].low == "the":
        k += 1
    e = k
    while e < len(toks) and e < k + 5 and toks[e].text[:1].isupper() and not s.quoted[e]:
        e += 1
    if e == k or e < len(toks) and e < after and toks[e].low not in ("that", ":", ",", ".", "on", "in", "late",
                                                                     "earlier", "last", "this"):
        return None  # "told Reuters reporters …": not the outlet itself
    name = text[toks[k].start : toks[e - 1].end]
    entry = s.lex.resolver.lookup(name)
    if entry is None or entry.kind not in OUTLET_KINDS:
        return None
    return SourceHit(entry, "reporter", Mention(toks[k].start, toks[e - 1].end, name))


def _adjunct_only(s: SentenceView, i: int) -> bool:
    """Whether the tokens from ``i`` on only say when or how something was said ("on Friday", "late on Monday",
    "in a statement"): then what was said comes before the cue."""
    toks, adjuncts = s.toks, s.lex.words.adjuncts
    return i < len(toks) and all(t.low in adjuncts for t in toks[i:])


def _verb(s: SentenceView, i: int, forms: list[CueForm]) -> Attribution | None:
    """The attribution of the first of ``forms`` (the cue forms starting with token i's word) that the tokens
    from i spell."""
    toks, text, start, end = s.toks, s.text, s.start, s.end
    n = len(toks)
    form = None
    for f in forms:
        if tuple(t.low for t in toks[i : i + len(f.words)]) == f.words:
            form = f
            break
    if form is None:
        return None
    cc = form.cue_class
    last = i + len(form.words) - 1
    prev = toks[i - 1].low if i else ""
    nxt = toks[last + 1].low if last + 1 < n else ""
    if _not_a_cue(s, i, form, last, prev, nxt):
        return None
    if form.lemma in ("quote", "cite") and form.form in ("past", "3sg", "base", "participle"):
        m = _as_saying(s, last)
        if m is not None:
            return _quoted_as_saying(s, i, last, m, prev)
    subj = np_left(s, i)
    if _not_a_subject(s, i, form, subj, prev, nxt):
        return None
    shared: list[SourceHit] | None = None
    prev_comma = prev == "," or (prev in ('"', "”", "''", "’") and i > 1 and toks[i - 2].text == ",")
    if form.form == "gerund" and prev_comma:
        subj = None  # ", saying …" belongs to the clause's subject, not to the phrase before the comma
    if subj is None and (prev in ("and", "but", "also") or form.form == "gerund" and prev_comma):
        # "X did Y and said …", "X did Y, saying …": the subject of the sentence or of its last attribution
        shared = shared_subject(s, i)
        if not shared:
            return None
    # gerund after a noun: "a CNN analysis article saying:"
    elif form.form == "gerund":
        if not subj or (i and toks[i - 1].text == ","):
            return None
    if form.form in ("past", "participle"):
        j = _be_before(s, i)
        if _not_a_passive_report(s, i, form, j, prev, nxt):
            return None
        if j >= 0 and toks[j].low in BE and form.lemma not in s.lex.words.receiving_cues \
                and not (j > 0 and toks[j - 1].low == "it"):
            return _passive(s, form, j, last)
    after = last + 1
    # object of tell/inform/warn/assure: "told reporters that"
    if form.lemma in s.lex.words.object_cues and after < n:
        m = after
        while m < n and m < after + 6 and toks[m].low not in ("that", ":", ",", "on", "in", "the") or (
                m < n and toks[m].low == "the" and m == after):
            m += 1
        if m < n and toks[m].low in ("that", ":", ","):
            after = m
    told = _told_outlet(s, last, after) if form.lemma == "tell" else None
    hits: list[SourceHit] = []
    content = None
    inverted = False
    if shared:
        hits = [SourceHit(h.entry, "speaker", h.mention) for h in shared]
        content = trim(text, toks[after].start, end) if after < n else None
        if content is None:
            return None
    elif subj:
        hits = sources(s, subj, "speaker")
        content = trim(text, toks[after].start if after < n else end, end) if after < n else None
        if cc.denial_like:
            pass  # "denied it": the anaphor is the content; relations resolve it
        elif content is None or content[1] - content[0] < 3 or _adjunct_only(s, after):
            # "…, the ministry said." — the content precedes the subject
            content = trim(text, start, toks[subj[0]].start)
    else:
        # inverted: '"…," said Peskov.' / '…, said the ministry spokesman.'
        if i and toks[i - 1].text in (",", '"', "”", "’", "'") or i == 0:
            np = np_right(s, after)
            if np:
                hits = sources(s, np, "speaker")
                content = trim(text, start, toks[i].start)
                inverted = True
        if not hits and form.form in ("past", "3sg") and cc.first_np_subject and i > 2 \
                and toks[i - 1].text[:1].isalpha() and not s.found:
            # a long subject the phrase rules do not cover ("Many Republicans clamoring for … support"):
            # the sentence's first noun phrase
            shared = shared_subject(s, i)
            if shared:
                hits = [SourceHit(h.entry, "speaker", h.mention) for h in shared]
                content = trim(text, toks[after].start, end) if after < n else None
                if content is None:
                    return None
    if not hits:
        return None
    if not cc.speech and not (subj or shared):
        return None  # "believes X" is no inverted cue: a view needs its holder first
    if cc.strict and not inverted and nxt not in _PAUSE and not (last + 1 < n and s.quoted[last + 1]):
        return None  # "she continued, …" but not "she continued her campaign"
    if told is not None and all(h.entry.name != told.entry.name for h in hits):
        hits = hits + [told]  # "Elena Marsh told AP that …": AP reports what she said
    cue = Mention(toks[i].start, toks[last].end, text[toks[i].start : toks[last].end])
    cls = cc.reported_as or form.cls
    return Attribution(cue, content, hits, "denial" if cc.denial_like else quote_kind(text, content),
                       "verb_inverted" if inverted else f"verb_{cls}", cls, cc.confidence)


def shared_subject(s: SentenceView, i: int) -> list[SourceHit] | None:
    """The sources of a cue with no subject of its own at token i ("X did Y and said …", "X did Y, saying …"):
    those of the sentence's last attribution before it, else its first noun phrase ("Clinton celebrated in
    Florida …, saying …"; after an opening phrase: "On Thursday, Warren endorsed Clinton, saying …")."""
    toks, lex = s.toks, s.lex
    for a in reversed(s.found):
        if a.cue is not None and a.cue.end <= toks[i].start and a.sources:
            return a.sources
    k = 0
    if (toks[0].low in STOP or toks[0].low in NOT_NOUN) and toks[0].low not in PRONOUNS:
        c = next((m for m in range(1, min(i, 25)) if toks[m].text == ","), None)
        if c is not None:
            k = c + 1
    while k < i and (toks[k].low in STOP or toks[k].low in ("but", "and", "so", "then", "still", "yet")
                     or toks[k].text in ('"', "“", "”", "—", "-")):
        k += 1
    m = k
    while m < i and toks[m].text != "," and (np_token(lex, toks[m]) or lower_noun(lex, toks[m])) \
            and not s.quoted[m]:
        m += 1
    if m == k or m >= i:
        return None
    np = (k, m - 1)
    if toks[k].low in PRONOUNS and k == m - 1:
        return sources(s, np, "speaker")
    if not any(t.text[:1].isupper() or t.low in lex.nouns for t in toks[k:m]):
        return None
    return sources(s, np, "speaker")


# ---- over the sentence ---------------------------------------------------------------------------------------
def in_document(s: SentenceView) -> list[Attribution]:
    """ "in the latest poll", "in a 2014 study": a document as the source of what the sentence says."""
    toks, text, docs = s.toks, s.text, s.lex.words.documents
    n = len(toks)
    if docs.isdisjoint(s.low_words):
        return []
    for k in range(n - 2):
        if toks[k].low != "in" or s.quoted[k]:
            continue
        m = k + 1
        while m < n and m < k + 9 and toks[m].text not in (",", ".", ";") and toks[m].low not in docs:
            m += 1
        if m >= n or toks[m].low not in docs or not (toks[k + 1].low in DETERMINERS or toks[k + 1].low in (
                "most", "all", "recent", "latest", "new") or toks[k + 1].text[:1].isupper() or m == k + 1):
            continue
        before = trim(text, s.start, toks[k].start)
        after = trim(text, toks[m].end, s.end)
        content = before if (before and (not after or before[1] - before[0] >= after[1] - after[0])) else after
        if content is None:
            return []
        return [Attribution(Mention(toks[k].start, toks[k].end, toks[k].text), content,
                            sources(s, (k + 1, m), "speaker"), "indirect_quote", "in_document", "report", 0.6)]
    return []


def seem(s: SentenceView) -> list[Attribution]:
    """ "X seemed to …", "it appears that …": the writer's assessment, no named source."""
    toks, w = s.toks, s.lex.words
    if w.seem.isdisjoint(s.low_words):
        return []
    for k in range(len(toks) - 1):
        if toks[k].low in w.seem and not s.quoted[k] and toks[k + 1].low in w.seem_complements:
            content = trim(s.text, toks[k + 1].start, s.end)
            return [Attribution(Mention(toks[k].start, toks[k].end, toks[k].text), content,
                                [SourceHit(WRITER, "speaker", None)], "indirect_quote", "seem", "think", 0.5)]
    return []


def hearsay_adverb(s: SentenceView) -> list[Attribution]:
    """ "He reportedly met …": a report with no named source (its first hearsay adverb)."""
    toks, hearsay = s.toks, s.lex.words.hearsay_adverbs
    if hearsay.isdisjoint(s.low_words):
        return []
    for k in range(len(toks) - 1):
        if toks[k].low in hearsay and not s.quoted[k]:
            return [Attribution(Mention(toks[k].start, toks[k].end, toks[k].text), trim(s.text, s.start, s.end),
                                [SourceHit(UNNAMED, "speaker", None)], "indirect_quote", "hearsay_adverb", "report",
                                0.5)]
    return []


def asked(s: SentenceView) -> list[Attribution]:
    """ "Asked about the vote, she …", "… she said when asked about it": the question, its asker unnamed (or
    named after "by")."""
    toks, text = s.toks, s.text
    n = len(toks)
    if "asked" not in s.low_words:
        return []
    out = []
    for k in range(n - 1):
        if toks[k].low != "asked" or s.quoted[k]:
            continue
        if (k == 0 or toks[k - 1].low in ("when", "after", "if")) \
                and toks[k + 1].low in ("about", "whether", "if", "why", "what", "how", "when", "who", "to", "by"):
            c = next((m for m in range(k + 1, n) if toks[m].text in (",", ".", ";", "?")), n)
            hits = [SourceHit(UNNAMED, "speaker", None)]
            if toks[k + 1].low == "by":
                np = np_right(s, k + 2)
                if np:
                    hits = sources(s, np, "speaker")
            out.append(Attribution(Mention(toks[k].start, toks[k + 1].end, text[toks[k].start : toks[k + 1].end]),
                                   trim(text, toks[k + 2].start, toks[c].start if c < n else s.end)
                                   if k + 2 < c else None, hits, "indirect_quote", "asked", "say", 0.5))
    return out


def it_is_reported(s: SentenceView) -> list[Attribution]:
    """ "it is reported that …", "it was alleged …": a report, its source unnamed."""
    m = _IT_IS_REPORTED.search(s.sentence)
    if not m:
        return []
    start = s.start
    return [Attribution(Mention(start + m.start(), start + m.end(), m.group()), trim(s.text, start + m.end(), s.end),
                        [SourceHit(UNNAMED, "speaker", None)], "indirect_quote", "passive_report", "report", 0.6)]


# ---- the registry --------------------------------------------------------------------------------------------
TriggerWords = Callable[[Lexicons], Iterable[str]]


@dataclass(frozen=True, slots=True)
class AtWord:
    """A construction read at each of its trigger words, in the scan of the tokens (see the module's doc)."""

    name: str
    read: Callable[[SentenceView, int], tuple[Attribution, int] | None]
    words: TriggerWords


@dataclass(frozen=True, slots=True)
class OverSentence:
    """A construction read over the whole sentence; ``alone``: only when the entries before found nothing."""

    name: str
    read: Callable[[SentenceView], list[Attribution]]
    words: TriggerWords
    alone: bool = False


def _colon_mark(lex: Lexicons) -> Iterable[str]:
    return (":",)


CONSTRUCTIONS: tuple[AtWord | OverSentence, ...] = (
    # First, a speaker's name and a colon opening the sentence: what follows is theirs, so the cue words in it
    # must be read as quoted by everything after ("Zelensky: we said we would hold").
    OverSentence("colon_headline", colon_headline, _colon_mark),
    # The cue words, in one scan, left to right: a cue found earlier in the sentence is there for a pronoun or
    # a shared subject after it ("Stoltenberg said …, but he said …"). At a word, "according to" and "reported
    # by" come before the verb: "reported by X" is a report by X, not "reported" with the subject before it.
    AtWord("according_to", according_to, lambda lex: ("according",)),
    AtWord("reported_by", reported_by, lambda lex: lex.words.reported_by),
    AtWord("verb", verb, lambda lex: lex.cues),
    # The rest only where no cue made an attribution, weakest last: a late "Name: …" lead, a document as the
    # source ("in the latest poll"), the writer's "seems".
    OverSentence("colon_late", colon_late, _colon_mark, alone=True),
    OverSentence("in_document", in_document, lambda lex: lex.words.documents, alone=True),
    OverSentence("seem", seem, lambda lex: lex.words.seem, alone=True),
    # "reportedly" is a report only when nothing else is ("X said he reportedly …" is X's); a question put to
    # someone ("Asked about the vote, she said …") is read beside any other attribution.
    OverSentence("hearsay_adverb", hearsay_adverb, lambda lex: lex.words.hearsay_adverbs, alone=True),
    OverSentence("asked", asked, lambda lex: ("asked",)),
    # Last, an impersonal report, only when the sentence has nothing else. "learnt" is in its pattern but is no
    # trigger: it is no cue word, and a sentence whose only trigger it would be has never been read.
    OverSentence("it_is_reported", it_is_reported,
                 lambda lex: ("reported", "said", "claimed", "alleged", "believed", "understood", "learned"),
                 alone=True),
)
