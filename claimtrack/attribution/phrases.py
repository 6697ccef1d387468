"""The noun-phrase chunker: the source phrase before a cue (``np_left``), after it (``np_right``), the phrase
ending at a token (``np_core``) and an appositive between commas (``appositive``).

Phrases are (first token, last token) pairs, inclusive, into the view's tokens. Known multi-word names
(``SentenceView.known``) are taken whole; tokens inside a quotation never join a phrase.
"""

from __future__ import annotations

from ..sources import TITLE_WORDS, norm
from .tokens import SentenceView, Tok
from .vocab import (
    DETERMINERS,
    NUMBERS,
    PLACE_PREPS,
    PRONOUNS,
    QUANTIFIERS,
    SPATIAL_PREPS,
    STOP,
    WEEKDAY_NAMES,
    Lexicons,
)

Span = tuple[int, int]

# prepositions that open an adjunct, never a subject ("On Monday", "In 2019")
_ADJUNCT_PREPS = frozenset({"on", "in", "at", "during", "since", "after", "before", "by", "for"})
# sentence-initial capital function words ("But", "Anyway") open no name
_OPENERS = STOP | {"but", "anyway", "and", "so", "then"}


def lower_noun(lex: Lexicons, tok: Tok) -> bool:
    """A lower-case word that may be part of a noun phrase ("respondents", "the bureau's director")."""
    low = tok.low
    if low in lex.in_phrase:
        return True
    if not tok.text[:1].isalnum() or low in lex.never_in_phrase:
        return False
    if tok.text[:1].isdigit():
        return True
    if low in lex.cues or low.endswith(("ly", "ed", "ing")) and low not in lex.words.not_verb_forms:
        return False
    return len(low) > 1


def np_token(lex: Lexicons, tok: Tok) -> bool:
    """A word that may be part of a name or a source phrase: a capitalized word, a source noun, glue."""
    low = tok.low
    if low in STOP:
        return False
    if tok.text[:1].isupper():
        return True
    return low in lex.in_name


def np_core(s: SentenceView, end: int) -> Span | None:
    """The noun phrase whose last token is ``end``."""
    toks, known, quoted, lex = s.toks, s.known, s.quoted, s.lex
    nouns, glue = lex.nouns, lex.words.name_glue
    head = toks[end]
    if not (head.text[:1].isupper() or head.text[:1].isdigit() or lower_noun(lex, head)) \
            or head.low in glue or head.low in DETERMINERS or head.low in STOP:
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
        if t.text == "." and 0 < k < end and toks[k - 1].end == t.start \
                and toks[k - 1].low in lex.words.name_abbreviations:
            k -= 1  # "St. Luke's Hospital", "Gen. Anna Berg": the abbreviation's point is part of the name
            continue
        if t.low in PLACE_PREPS and k > 0 and toks[k - 1].low in nouns and toks[k + 1].text[:1].isupper():
            k -= 1  # "port officials in Tartus", "analysts at Orbis Watch"
            continue
        if not (np_token(lex, t) or lower_noun(lex, t)):
            break
        if t.low == "and" and k > 0 and not (toks[k - 1].text[:1].isupper() or toks[k - 1].low in nouns
                                             or (k - 1) in known or toks[k - 1].text in ("'", "’")):
            break  # "the plan was dead and Lavrov said": "and" joins names and source nouns, not a clause
        k -= 1
        if t.low in DETERMINERS and t.low not in NUMBERS and not (k >= 0 and toks[k].low == "of"):
            if t.low == "the" and k >= 1 and toks[k].low == "and" and not quoted[k - 1] \
                    and (toks[k - 1].text[:1].isupper() or (k - 1) in known):
                continue  # "South Korea and the United States": a name joined by "and" goes on
            break  # a determiner opens the phrase ("Some of the women" goes on past "of")
    start = k + 1
    if k >= 0 and toks[k].low in SPATIAL_PREPS and toks[k].text[:1].islower() \
            and not (k > 0 and (toks[k - 1].low in nouns or toks[k - 1].text[:1].isupper())):
        return None  # "the night of drones over Sevastopol tells us": a place, not the subject
    while start <= end and toks[start].low in ("and", "of", "for", "&", "'s", "’s"):
        start += 1
    while start <= end and toks[start].low in _OPENERS:
        start += 1
    if start > end:
        return None
    return (start, end)


def np_left(s: SentenceView, i: int) -> Span | None:
    """The source noun phrase ending just before token i (skipping adverbs/auxiliaries).

    Skips a parenthesis ("Gov. Mary Fallin (R-OK) said") and an appositive or relative clause between
    commas ("Lael Brainard, a Fed governor, said"; "Judge Stranch, in her dissent, said").
    """
    toks, lex = s.toks, s.lex
    between, nouns = lex.words.between_subject_and_cue, lex.nouns
    j = i - 1
    while j >= 0:
        if toks[j].low in between or toks[j].low.endswith("ly") and toks[j].low not in nouns \
                and not toks[j].text[:1].isupper():
            j -= 1
        elif toks[j].low in WEEKDAY_NAMES and j > 1 and toks[j - 1].low in ("on", "last", "this", "late", "early"):
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
    if toks[end].low in QUANTIFIERS:  # "although most oppose it", "several say"
        if toks[end].low in ("both", "all", "each") and end > 0 and (
                toks[end - 1].low in between or toks[end - 1].low in PRONOUNS
                or toks[end - 1].text[:1].isupper() and end - 1 > 0):
            return np_left(s, end)  # floating: "Russia and China have both denied", "they all said"
        return (end, end)
    if toks[end].text == ",":
        return appositive(s, end)
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
            while k > 0 and toks[k].low in lex.words.knowledge_adjectives:
                k -= 1
            k = k - 1 if toks[k].low == "with" else -1
        elif (toks[k - 1].low, toks[k].low) in lex.words.familiar_with:
            k -= 2
        else:
            k = -1
        if k >= 0:
            head = np_core(s, k)
            if head is not None:
                return head
    return np_core(s, end)


def appositive(s: SentenceView, comma: int) -> Span | None:
    """The subject before an appositive or a clause between commas, ``comma`` the second comma ("Lael Brainard,
    a Fed governor, said"); a titled name between the commas is the subject itself ("the captain, Mara Voss,
    said")."""
    toks, quoted = s.toks, s.quoted
    best = None
    for hop in range(3):
        k = comma - 1
        while k >= 0 and comma - k <= 25 and toks[k].text not in (",", '"', "“", "”", ";", ":", "(", ")", "—") \
                and not quoted[k]:
            k -= 1
        if k < 1 or toks[k].text != "," or k == comma - 1:
            return best
        seg = toks[k + 1 : comma]
        if hop == 0 and titled_name(s.lex, seg):
            return (k + 1, comma - 1)  # "the captain, Mara Voss, said", "its spokesperson, Lt. Col. Ann Lee,"
        if seg and seg[0].text[:1].isupper() and seg[0].low not in DETERMINERS and seg[0].low not in STOP \
                and not seg[0].low.endswith(("'s", "’s")):
            # "In Columbia, Sanders stepped up …, saying": a clause, not an appositive; but a possessive
            # opens one: "Gen. Anna Berg, Norway's army chief, said"
            return best
        np = np_core(s, k - 1)
        if np is None or toks[np[0]].low in _ADJUNCT_PREPS:
            return best  # "On Monday, the People's Daily, the party paper, warned": a time, not an appositive's head
        best = np
        if any(toks[m].text[:1].isupper() for m in range(np[0], np[1] + 1)) and not (
                np[0] > 0 and toks[np[0] - 1].text == ","):
            return best
        comma = k
    return best


def titled_name(lex: Lexicons, seg: list[Tok]) -> bool:
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
    return (len(rest) >= 2 or k > 0) and not any(t.low in lex.nouns for t in rest)


def np_right(s: SentenceView, i: int) -> Span | None:
    """The noun phrase starting at token i (for "according to X", "said X", "reported by X")."""
    toks, lex = s.toks, s.lex
    nouns, glue = lex.nouns, lex.words.name_glue
    if i >= len(toks):
        return None
    k = i
    while k < len(toks) and k - i < 12 and (
            np_token(lex, toks[k]) or lower_noun(lex, toks[k])
            or toks[k].text in ('"', "“", "”") and k + 1 < len(toks) and toks[k + 1].text[:1].isupper()):
        if k > i and toks[k].text in (",",):
            break
        k += 1
        if k + 1 < len(toks) and toks[k].low in PLACE_PREPS and toks[k - 1].low in nouns \
                and toks[k + 1].text[:1].isupper():
            k += 1  # "analysts at Orbis Watch"
    end = k - 1
    while end >= i and (toks[end].low in glue or toks[end].low in DETERMINERS or toks[end].text in ('"', "“", "”")):
        end -= 1
    if end < i:
        return None
    if not any(t.text[:1].isupper() or t.low in nouns or lower_noun(lex, t) and t.low not in glue
               and t.low not in DETERMINERS for t in toks[i : end + 1]):
        return None
    return (i, end)
