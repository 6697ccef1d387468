"""What attribution knows about words.

Two kinds of word sets. The closed word classes it reads (pronouns, determiners, prepositions, auxiliaries,
numbers) are grammar and are code, here. The lexicons are data files read through ``claimtrack.lexicon``: the
cue forms (``cues.tsv``), source nouns (``source_nouns.txt``), attribution's word lists (``attribution.txt``)
and the generic nouns of definite descriptions (``definite_heads.txt``). ``Lexicons`` holds all of them, with
the resolver's names, for an ``Attributor``'s whole life.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .. import lexicon
from ..lexicon import LexiconError
from ..model import CUE_CLASS_TABLE, CueClass
from ..sources import Resolver
from ..words import WEEKDAYS

# pronoun → what it may stand for: m(asculine), f(eminine), p(lural), n(euter), s(peaker)
PRONOUNS = {"he": "m", "she": "f", "they": "p", "it": "n", "we": "p", "i": "s"}
# words that end a noun phrase: clause openers, conjunctions, prepositions, discourse adverbs
STOP = frozenset({
    "that", "which", "who", "whom", "whose", "when", "while", "where", "because", "after", "before",
    "since", "although", "though", "if", "but", "or", "so", "yet", "as", "than", "in", "at", "to", "from",
    "with", "by", "into", "about", "over", "under", "this", "these", "those", "there", "here", "what",
    "not", "no", "nor", "neither", "also", "it's", "anyway", "however", "moreover", "meanwhile",
})
NUMBERS = frozenset({"percent", "per", "cent", "%", "one", "two", "three", "four", "five", "six", "seven", "eight",
                     "nine", "ten", "half", "third", "thirds", "quarter", "majority", "minority", "number"})
# Irregular past forms, which the "-ed" test misses: a chosen part of words.IRREGULAR_PAST, not all of it. The
# whole list would change how 5 PolNeAR sentences chunk: "set", "cut" and "cast" head noun phrases as often
# ("a set of graphs"), and with "laid" and "shook" "strategists laid plans" and "He shook hands … and asked"
# read differently. Taking the whole list is a change of behaviour, for a commit of its own.
PAST_FORMS = frozenset({
    "spent", "gave", "sent", "left", "kept", "held", "met", "ran", "won", "lost", "put", "paid", "brought",
    "began", "built", "bought", "caught", "drew", "drove", "fell", "fought", "grew", "heard", "hit", "led",
    "meant", "rose", "saw", "sat", "sold", "stood", "struck", "threw", "wore", "became", "ate", "flew",
    "forgot", "hid", "hung", "lit", "quit", "rode", "rang", "sang", "shot", "slept", "spread", "stole",
    "swam", "swept", "taught", "tore", "woke", "withdrew", "overtook", "upheld",
})
# words that are never part of a noun phrase: verbs and auxiliaries, adverbs, pronouns, prepositions
NOT_NOUN = PAST_FORMS | {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "will", "would",
    "shall", "should", "can", "could", "may", "might", "must", "get", "got", "gets", "make", "made", "makes",
    "go", "goes", "went", "gone", "take", "took", "come", "came", "let", "lets", "seem", "seems", "very", "more",
    "less", "much", "then", "now", "yesterday", "today", "tonight", "ago", "said", "says", "say", "and", "or",
    "n't", "all", "each", "every", "any", "such", "own", "only", "just", "well", "back", "out", "up", "down",
    "off", "me", "him", "us", "them", "you", "she", "he", "they", "we", "i", "it", "its", "his", "her",
    "their", "our", "my", "your", "how", "why", "whether", "within", "without", "during", "through", "until",
    "against", "between", "among", "toward", "towards", "across", "around", "upon", "via", "per",
    # participles and contractions beside the past forms
    "begun", "become", "lay", "shut", "won't", "can't", "didn't",
}
DETERMINERS = frozenset({"the", "a", "an", "his", "her", "its", "their", "our", "my", "your", "some", "many",
                         "several", "two", "three", "four", "both", "other", "one", "most", "few"})
AUX = frozenset({"do", "does", "did", "would", "will", "could", "can", "may", "might", "should", "must", "n't",
                 "not", "to", "shall", "'d", "’d", "'ll", "’ll", "also", "still", "often", "always", "never", "now",
                 "just"})
QUANTIFIERS = frozenset({"most", "many", "some", "several", "few", "both", "all", "others", "none", "each", "half"})
BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re"})
MODALS = frozenset({"should", "must", "could", "would", "might", "may", "can", "cannot", "will", "shall", "ought"})
PLACE_PREPS = frozenset({"in", "at", "from"})
SPATIAL_PREPS = frozenset({"over", "above", "under", "near", "across", "around", "through", "into", "onto",
                           "beyond", "behind", "below", "beneath", "inside", "outside", "towards", "toward"})
# the words an acronym's letters skip: "RSF" for "Rapid Support Forces", "NIS" for "National Intelligence Service"
INITIALS_SKIP = frozenset({"of", "the", "and", "for", "&", "de", "on", "in"})
WEEKDAY_NAMES = frozenset(WEEKDAYS)
# words that, standing for a subject, take a plural verb (with the plural nouns of attribution.txt)
_PLURAL_WORDS = frozenset({"percent", "%", "both", "many", "most", "some", "few", "others", "all", "who", "that",
                           "which", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "half",
                           "third", "thirds", "majority"})
# words before a noun, with attribution.txt's [noun_modifiers]: a cue form after them is a noun ("of reports")
_NOUN_PRECEDERS = frozenset({"of", "in", "on", "at", "by", "for", "with", "from", "to", "into", "about", "the", "a",
                             "an", "this", "that", "these", "those", "its", "their", "his", "her", "our", "such"})
# what follows a noun, with attribution.txt's [cue_noun_verbs]: a cue form before them is a noun ("the claims were")
_NOUN_FOLLOWERS = frozenset({",", ".", ";", "of", "by", "from", "on", "about", "in", "were", "was", "is", "are",
                             "have", "has", "had", "and", "or", ")", "”", '"'})
# words of an adjunct after a cue, with attribution.txt's [when_said] and the weekdays ("said on Friday")
_ADJUNCT_WORDS = frozenset({"on", "this", "in", "a", "an", "the", ".", "!", ","})


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
    cue_class: CueClass  # what cues of its class do (claimtrack.model.CUE_CLASS_TABLE)


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
            index.setdefault(fw[0], []).append(CueForm(fw, lemma, cls, label, CUE_CLASS_TABLE[cls]))
    for cue_forms in index.values():
        cue_forms.sort(key=lambda c: -len(c.words))
    return index


@lru_cache(maxsize=1)
def source_nouns() -> frozenset[str]:
    return frozenset(lexicon.words("source_nouns.txt"))


def _words(section: str) -> frozenset[str]:
    return frozenset(lexicon.words("attribution.txt", section))


def _lemmas(section: str) -> frozenset[str]:
    """A lemma section of attribution.txt; every lemma must be one of cues.tsv."""
    lemmas = _words(section)
    known = {row["lemma"] for row in lexicon.table("cues.tsv")}
    unknown = sorted(lemmas - known)
    if unknown:
        raise LexiconError(f"attribution.txt, [{section}]: {unknown[0]!r} is not a lemma of cues.tsv")
    return lemmas


@dataclass(frozen=True, slots=True)
class WordLists:
    """attribution.txt and definite_heads.txt, each section as a set (see the files for what each does), some
    joined with the closed classes they go with."""

    between_subject_and_cue: frozenset[str]
    between_be_and_participle: frozenset[str]
    name_glue: frozenset[str]
    not_verb_forms: frozenset[str]
    plural: frozenset[str]  # [plural_nouns] and the closed words that take a plural verb
    report_heads: frozenset[str]
    documents: frozenset[str]
    issue_verbs: frozenset[str]
    site_words: frozenset[str]  # [site_nouns], "of" and the determiners
    cue_nouns: frozenset[str]
    cue_plural_nouns: frozenset[str]
    noun_preceders: frozenset[str]  # [noun_modifiers] and the closed words before a noun
    noun_followers: frozenset[str]  # [cue_noun_verbs] and the closed words after a noun
    colon_labels: frozenset[str]
    seem: frozenset[str]
    seem_complements: frozenset[str]  # [seem_complements], "to" and "that"
    hearsay_adverbs: frozenset[str]
    reported_by: frozenset[str]
    as_saying: frozenset[str]
    figure_nouns: frozenset[str]
    portfolios: frozenset[str]
    name_abbreviations: frozenset[str]
    familiar_with: frozenset[tuple[str, ...]]
    knowledge_adjectives: frozenset[str]
    adjuncts: frozenset[str]  # [when_said], the weekdays and the closed words of an adjunct
    naming_cues: frozenset[str]
    receiving_cues: frozenset[str]
    object_cues: frozenset[str]
    place_cues: frozenset[str]
    generic_heads: dict[str, tuple[str, ...]]  # noun → the source kinds it names (definite_heads.txt)


@lru_cache(maxsize=1)
def word_lists() -> WordLists:
    heads: dict[str, tuple[str, ...]] = {}
    for kind, nouns in lexicon.sections("definite_heads.txt").items():
        for noun in nouns:
            heads[noun] = (*heads.get(noun, ()), kind)
    unheaded = sorted(set(heads) - source_nouns())
    if unheaded:  # "the paper" is never a source phrase unless "paper" is a source noun
        raise LexiconError(f"definite_heads.txt: {unheaded[0]!r} is not a source noun (source_nouns.txt)")
    return WordLists(
        between_subject_and_cue=_words("between_subject_and_cue"),
        between_be_and_participle=_words("between_be_and_participle"),
        name_glue=_words("name_glue"),
        not_verb_forms=_words("not_verb_forms"),
        plural=_words("plural_nouns") | _PLURAL_WORDS,
        report_heads=_words("report_heads"),
        documents=_words("documents"),
        issue_verbs=_words("issue_verbs"),
        site_words=_words("site_nouns") | {"of"} | DETERMINERS,
        cue_nouns=_words("cue_nouns"),
        cue_plural_nouns=_words("cue_plural_nouns"),
        noun_preceders=_words("noun_modifiers") | _NOUN_PRECEDERS,
        noun_followers=_words("cue_noun_verbs") | _NOUN_FOLLOWERS,
        colon_labels=_words("colon_labels"),
        seem=_words("seem"),
        seem_complements=_words("seem_complements") | {"to", "that"},
        hearsay_adverbs=_words("hearsay_adverbs"),
        reported_by=_words("reported_by"),
        as_saying=_words("as_saying"),
        figure_nouns=_words("figure_nouns"),
        portfolios=_words("portfolios"),
        name_abbreviations=_words("name_abbreviations"),
        familiar_with=frozenset(tuple(p.split()) for p in _words("familiar_with")),
        knowledge_adjectives=_words("knowledge_adjectives"),
        adjuncts=_words("when_said") | WEEKDAY_NAMES | _ADJUNCT_WORDS,
        naming_cues=_lemmas("naming_cues"),
        receiving_cues=_lemmas("receiving_cues"),
        object_cues=_lemmas("object_cues"),
        place_cues=_lemmas("place_cues"),
        generic_heads=heads,
    )


@dataclass(frozen=True, slots=True)
class Lexicons:
    """Everything fixed for an Attributor's life: the resolver, the cue forms, source nouns and word lists, and
    an index of the resolver's multi-word names by their first two words."""

    resolver: Resolver
    cues: dict[str, list[CueForm]]
    nouns: frozenset[str]
    words: WordLists
    pairs: dict[str, set[str]]  # a name's first word → the second words of names starting with it
    longest: dict[str, int]  # a name's first word → the most tokens a name starting with it may take
    # for the noun-phrase chunker's word tests: lower-case words always in a phrase, never in one (lower_noun),
    # and in a name or source phrase (np_token)
    in_phrase: frozenset[str]
    never_in_phrase: frozenset[str]
    in_name: frozenset[str]

    @classmethod
    def load(cls, resolver: Resolver) -> Lexicons:
        pairs: dict[str, set[str]] = {}
        longest: dict[str, int] = {}
        for alias in resolver.aliases:
            alias_words = alias.replace(",", " ").split()
            if len(alias_words) >= 2:
                pairs.setdefault(alias_words[0], set()).add(alias_words[1])
                longest[alias_words[0]] = max(longest.get(alias_words[0], 0), len(alias.split()) + 2)
        nouns, words = source_nouns(), word_lists()
        return cls(resolver, cue_lexicon(), nouns, words, pairs, longest,
                   in_phrase=nouns | words.name_glue | DETERMINERS | NUMBERS,
                   never_in_phrase=STOP | words.between_subject_and_cue | NOT_NOUN,
                   in_name=nouns | words.name_glue | DETERMINERS | {"-", "’s", "'s"})
