"""Who a source phrase names, given what the story said before.

``Context`` is what earlier sentences of a story established: the latest sources (for pronouns and quote
continuation), the sources cited so far (for definite descriptions and short names), an open quotation, a
colon left for the next sentence. ``sources`` turns a noun phrase into source hits: pronouns ("He stated …"),
floating quantifiers ("Both said …"), definite descriptions ("the ministry added"), a statement's owner, a
relative "who", groups ("Russia and North Korea") and affiliations ("Volvex's spokesperson Lena Marsh").
``continuation`` attributes a sentence with no cue of its own to the sources of the one before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..sources import Entry, speaker_words, written_as_name
from .phrases import Span, np_core, np_left
from .records import Attribution, Mention, SourceHit
from .tokens import SentenceView, Tok
from .vocab import DETERMINERS, INITIALS_SKIP, PRONOUNS, QUANTIFIERS, Lexicons

WRITER = Entry("Writer", "author", None, None, "auto")
UNNAMED = Entry("Unnamed source", "unnamed", None, None, "auto")
# a pronoun no earlier source fits, by what it may stand for (vocab.PRONOUNS)
UNRESOLVED = {
    "m": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "f": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "s": Entry("Unidentified person", "unnamed", None, None, "auto"),
    "p": Entry("Unidentified group", "unnamed", None, None, "auto"),
    "n": Entry("Unidentified source", "unnamed", None, None, "auto"),
}
_QUOTE_START = re.compile(r"^\s*[\"“]")
_GROUP_SEP = re.compile(r"(,\s*(?:and\s+)?|\s+and\s+)")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)


@dataclass(slots=True)
class Context:
    """What earlier sentences of the story established, for pronouns and quote continuation.

    The attributor updates it as it reads each sentence (``Attributor.attribute``); the pipeline tells it which
    attributions a sentence kept (``cite``).
    """

    last_person: list[SourceHit] = field(default_factory=list)
    last_group: list[SourceHit] = field(default_factory=list)
    last_any: list[SourceHit] = field(default_factory=list)
    pending_colon: list[SourceHit] | None = None  # "… an article saying:" → the next sentence
    distance: int = 0  # sentences since last_any was set
    in_quote: bool = False  # the previous sentence left a quotation open
    recent: list[Entry] = field(default_factory=list)  # sources cited so far, most recent first
    last_paragraph: int | None = None  # the paragraph of the latest sentence with an attribution
    date: str | None = None  # the story's date (ISO), for who held an office then
    titles: dict[str, Entry] = field(default_factory=dict)  # a title or description → the person it named

    def learn_titles(self, mention: str, entry: Entry) -> None:
        """Remember the title a person was named with ("Prime Minister Margaret Thatcher", "WikiLeaks founder
        Julian Assange"): the title alone names them later in the story."""
        words = mention.split()
        name = entry.name.split()
        k = next((i for i in range(len(words)) if words[i:] and words[i] == name[0]), None)
        if not k or len(name) < 2:
            return
        title = [w.lower() for w in words[:k]]
        while title and title[0] in ("the", "a", "an", "former", "then"):
            title = title[1:]
        for i in range(len(title)):
            if len(title) - i >= 2 or i == 0:
                self.titles.setdefault(" ".join(title[i:]), entry)

    def person_named(self, word: str) -> Entry | None:
        """The person cited so far whose surname is ``word``."""
        return next((e for e in self.recent if e.kind in ("person", "expert") and len(e.name.split()) >= 2
                     and e.name.split()[-1] == word), None)

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

    def cite(self, found: list[Attribution], sentence: str, paragraph: int) -> None:
        """The attributions a sentence kept: their speakers (or, with none, their sources) are the latest
        sources for the next sentences, and a sentence that ends "… saying:" hands them to the next one."""
        for a in found:
            speakers = [h for h in a.sources if h.role == "speaker"]
            self.remember(speakers or a.sources)
            if a.content is None and sentence.rstrip().endswith(":"):
                self.pending_colon = speakers or a.sources
        if found:
            self.last_paragraph = paragraph


def continuation(ctx: Context, text: str, start: int, end: int, paragraph: int,
                 was_in_quote: bool) -> list[Attribution]:
    """The attribution of a sentence with none of its own, text[start:end], from the sentences before it.

    A bare quotation (or the rest of one left open) right after an attributed sentence, at most a paragraph and
    two sentences on, is its sources' ('The captain said the team had tried. "We were slow."'); after a sentence
    ending '… saying:', the next one is what was said.
    """
    if ctx.last_any and (_QUOTE_START.match(text[start:end]) or was_in_quote) and ctx.last_paragraph is not None \
            and paragraph - ctx.last_paragraph <= 1 and ctx.distance <= 2:
        return [Attribution(None, (start, end), [SourceHit(h.entry, h.role, None) for h in ctx.last_any],
                            "direct_quote", "quote_continuation", "say", 0.6)]
    if ctx.pending_colon:
        return [Attribution(None, (start, end), ctx.pending_colon, "indirect_quote", "colon_continuation", "say",
                            0.55)]
    return []


def sources(s: SentenceView, span: Span, role: str) -> list[SourceHit]:
    """The sources the noun phrase ``span`` names, each with ``role``."""
    toks, text, lex, ctx = s.toks, s.text, s.lex, s.ctx
    first, last = span
    mtext = text[toks[first].start : toks[last].end]
    if first == last and toks[first].low in PRONOUNS:
        return pronoun(s, toks[first], role)
    if first == last and toks[first].low in QUANTIFIERS:
        if toks[first].low == "both":  # "Both said …": the two named before, like "they"
            return pronoun(s, Tok(toks[first].start, toks[first].end, toks[first].text, "they"), role)
        # "Most said …", "Several disagreed": some of a group the sentence does not name
        return [SourceHit(UNNAMED, role, Mention(toks[first].start, toks[first].end, mtext))]
    named = definite(s, first, last)
    if named is not None:  # "the ministry added" → the ministry cited before
        return [SourceHit(named, role, Mention(toks[first].start, toks[last].end, mtext))]
    heads = lex.words.report_heads
    if (last - first <= 2 and first >= 2 and toks[first - 1].low in lex.words.issue_verbs and toks[last].low in heads
            and all(t.low in heads or t.low in DETERMINERS or t.text[:1].islower() for t in toks[first : last + 1])):
        # "the defence ministry issued a statement saying …", "Amazon released a separate statement saying …":
        # the statement's owner speaks
        owner = np_left(s, first - 1)
        if owner is not None:
            return sources(s, owner, role)
    if first == last and toks[first].low == "who":
        k = first - 1 if toks[first - 1].text != "," else first - 2
        ante = np_core(s, k) if k >= 0 else None
        who = Mention(toks[first].start, toks[first].end, toks[first].text)
        if ante is None:
            return [SourceHit(UNRESOLVED["s"], role, who)]
        return [SourceHit(h.entry, role, who) for h in sources(s, ante, role)]
    # strip a report head: "a CNN analysis article" → CNN; "the report" → unnamed report
    words = toks[first : last + 1]
    while words and words[-1].low in heads:
        words = words[:-1]
    resolver = lex.resolver
    when = ctx.date if ctx is not None else None  # the story's date: who holds an office (Resolver.lookup)
    if not words or all(w.low in DETERMINERS for w in words):
        # "the report said", "a 2003 article": a document nobody is named for
        return [SourceHit(UNNAMED, role, Mention(toks[first].start, toks[last].end, mtext))]
    while words and words[0].low in DETERMINERS:
        words = words[1:]
    core_start, core_end = words[0].start, words[-1].end
    core = text[core_start:core_end]
    naming = naming_words(s, words)
    if naming is None:
        # not a name ("twice", "On Monday", "the horrific details"): the subject before it when there is one ("Big
        # Machine have twice denied …"), else a source the text does not name; a pronoun never takes it up
        subject = np_left(s, first) if first == last and toks[first].text[:1].islower() else None
        if subject is not None and subject[1] < first and naming_words(s, toks[subject[0] : subject[1] + 1]):
            return sources(s, subject, role)
        return [SourceHit(UNNAMED, role, Mention(core_start, core_end, core))]
    if naming != words:  # "his letter Mrs Thatcher" → Mrs Thatcher; "Labor Department data" → the department
        core_start, core_end = naming[0].start, naming[-1].end
        core = text[core_start:core_end]
    hits = []
    # several sources: "Russia and North Korea", "the United States and South Korea"
    for ps, pe in split_group(lex, text, core_start, core_end):
        ptext = text[ps:pe]
        person, org = resolver.split_affiliation(ptext)
        if org == "":
            hits.append(SourceHit(resolver.resolve(person, when), role, Mention(ps, pe, ptext)))
        elif org and resolver.country(org):
            entry = resolver.resolve(person, when)
            country = resolver.country(org)
            if entry.origin != "builtin" and country is not None:
                entry = Entry(entry.name, entry.kind, entry.country or country.code, entry.parent, entry.origin)
            hits.append(SourceHit(entry, role, Mention(ps, pe, ptext)))
        elif org and all(w.lower() in lex.words.portfolios for w in org.split()):
            # "Interior Minister Nancy Faeser": a portfolio, not a body (whose ministry the text does not say)
            hits.append(SourceHit(resolver.resolve(person, when), role, Mention(ps, pe, ptext)))
        elif org:
            org_entry = resolver.resolve(org, when)
            entry = resolver.resolve(person, when)
            if entry.parent is None and entry.origin != "builtin":
                entry = Entry(entry.name, entry.kind, entry.country or org_entry.country, org_entry.name, entry.origin)
            hits.append(SourceHit(entry, role, Mention(ps, pe, ptext)))
        else:
            hits.append(SourceHit(resolver.resolve(ptext, when), role, Mention(ps, pe, ptext)))
    if not hits:
        hits = [SourceHit(resolver.resolve(core, when), role, Mention(core_start, core_end, core))]
    hits = [SourceHit(agreeing(s, h.entry, h.mention), h.role, h.mention) for h in hits]
    if ctx is not None:
        hits = [SourceHit(same_referent(ctx, text, h.entry, h.mention), h.role, h.mention) for h in hits]
    return hits


_PLURAL_VERBS = frozenset({"have", "are", "were", "'ve", "’ve", "'re", "’re"})


def agreeing(s: SentenceView, entry: Entry, mention: Mention | None) -> Entry:
    """A new name the resolver took for a person's, followed by a plural verb, is an organisation's: "Big Machine
    have twice denied …" (British agreement with a company)."""
    if entry.origin != "auto" or entry.kind != "person" or mention is None or len(entry.name.split()) > 3:
        return entry
    nxt = next((t for t in s.toks if t.start >= mention.end), None)
    if nxt is not None and nxt.low in _PLURAL_VERBS and mention.text[:1].isupper() and " and " not in mention.text:
        return Entry(entry.name, "organization", entry.country, entry.parent, entry.origin)
    return entry


_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "lord", "lady", "dame", "prof"})


def same_referent(ctx: Context, text: str, entry: Entry, mention: Mention | None) -> Entry:
    """One entity per referent within a story: a short name, a title or a description of a person the story named
    in full is that person ("Kirby" after "John Kirby", "Mrs Thatcher" and "Sir Keith" after "Margaret Thatcher"
    and "Sir Keith Joseph", "the prime minister" after "Prime Minister Margaret Thatcher", "the WikiLeaks founder"
    after "WikiLeaks founder Julian Assange"); "Hill said" is the person Hill the story named, not the outlet The
    Hill, unless the story writes the outlet's article. The full names it meets are remembered for later."""
    if mention is not None and entry.kind in ("person", "expert"):
        ctx.learn_titles(mention.text, entry)
    if mention is not None and entry.origin == "builtin" and entry.name.startswith("The ") \
            and not mention.text.lower().startswith("the ") and " " not in mention.text.strip():
        # "said Hill": The Hill is written with its article
        word = mention.text.strip()
        person = ctx.person_named(word)
        if person is not None:
            return person
        if not re.search(rf"\b[Tt]he {re.escape(word)}\b", text):
            return Entry(word, "person", None, None, "auto")
        return entry
    if entry.origin != "auto":
        return entry
    titled = ctx.titles.get(_ARTICLE.sub("", (mention.text if mention else entry.name).lower()).strip())
    if titled is None:
        titled = ctx.titles.get(entry.name.lower())
    if titled is not None:
        return titled
    return named_before(entry, ctx.recent)


def naming_words(s: SentenceView, words: list[Tok]) -> list[Tok] | None:
    """The words of the phrase ``words`` that can refer to someone who speaks (``sources.speaker_words``): a known
    entity whole, a name, a noun for people; None when they name no one. Capitals say nothing of the first word
    of a sentence, nor of any word of a headline in title case: those count as a name only when the story writes
    them capitalised elsewhere ("Even in …", "Disclaimer:" name no one; "Stern asked" after "… said Howard
    Stern" does)."""
    while words and words[0].low in DETERMINERS:
        words = words[1:]
    if not words:
        return None
    text, toks = s.text, s.toks
    if s.lex.resolver.lookup(text[words[0].start : words[-1].end]) is not None:
        return words
    k = next(i for i, t in enumerate(toks) if t.start == words[0].start)
    initial = 1 if k == 0 or toks[k - 1].text in _OPENING else 0
    if initial and title_case(toks):
        initial = len(words)
    span = speaker_words([w.text for w in words], initial=initial, proper=lambda w: written_as_name(text, w))
    return None if span is None else words[span[0] : span[1] + 1]


# what may stand before the first word of a sentence
_OPENING = frozenset({'"', "“", "‘", "'", "(", "[", "—", "–", "-", ":", "•", "|", "*"})


def title_case(toks: list[Tok]) -> bool:
    """A headline in title case ("Big Machine Denies Report"): capitals there say nothing of names."""
    words = [t for t in toks if t.text[:1].isalpha()]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= 0.75 * len(words)


def split_group(lex: Lexicons, text: str, s: int, e: int) -> list[tuple[int, int]]:
    """text[s:e] as the character spans of the sources it joins ("Canada and Mexico"), or whole."""
    phrase = text[s:e]
    if " and " not in phrase and "," not in phrase:
        return [(s, e)]
    if lex.resolver.lookup(phrase):  # "Ministry of Economy, Trade and Industry"
        return [(s, e)]
    out = []
    pos = 0
    for piece in _GROUP_SEP.split(phrase):
        if _GROUP_SEP.fullmatch(piece):
            pos += len(piece)
            continue
        ps = s + pos
        out.append((ps, ps + len(piece)))
        pos += len(piece)
    # only a group when every part is a source on its own (a name or a known entity)
    if len(out) > 1 and all(standalone(lex, text[a:b]) for a, b in out):
        return out
    return [(s, e)]


def standalone(lex: Lexicons, part: str) -> bool:
    """A part of a group that is a source on its own: a known entity or a name."""
    part = _ARTICLE.sub("", part.strip())
    if not part:
        return False
    if lex.resolver.lookup(part):
        return True
    words = part.split()
    # a name: up to four words, or a longer proper name ("National Association of Criminal Defense Lawyers")
    return part[:1].isupper() and (len(words) <= 4 or len(words) <= 8 and all(
        w[:1].isupper() or w in ("of", "for", "on", "and", "the", "de") for w in words))


def definite(s: SentenceView, first: int, last: int) -> Entry | None:
    """A definite description ("the ministry", "the company") naming a source cited earlier in the story."""
    toks, ctx, lex = s.toks, s.ctx, s.lex
    if ctx is None or not ctx.recent or toks[first].low != "the" or not 1 <= last - first <= 2:
        return None
    rest = toks[first + 1 : last + 1]
    if any(t.text[:1].isupper() for t in rest):
        return None
    head = rest[-1].low
    if head not in lex.nouns or head in lex.words.report_heads:
        return None
    kinds = lex.words.generic_heads.get(head, ())
    for entry in ctx.recent:
        if head in entry.name.lower() or entry.kind in kinds:
            return entry
    return None


def pronoun(s: SentenceView, tok: Tok, role: str) -> list[SourceHit]:
    """The sources a pronoun stands for: a speaker named earlier in the sentence, else the latest fitting
    sources of the story; an unresolved one keeps the attribution with an unidentified source."""
    g = PRONOUNS[tok.low]
    ctx = s.ctx if s.ctx is not None else Context()
    if g == "s" or tok.low == "we":  # outside a quotation, "I" is the writer
        return [SourceHit(WRITER, role, Mention(tok.start, tok.end, tok.text))]
    # a speaker named earlier in this sentence comes first: "Stoltenberg said …, but he said …"
    here = [h for a in s.found for h in a.sources if h.role == "speaker" and h.mention is not None
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
        return [SourceHit(UNRESOLVED.get(g, UNRESOLVED["n"]), role, m)]
    return [SourceHit(h.entry, role, m) for h in cands]


def named_before(entry: Entry, recent: list[Entry]) -> Entry:
    """A short name for a source the story cited in full: "Kirby" after "John Kirby", "the RSF" after "the Rapid
    Support Forces", "Fran" after "Fran Finney" (a first name only one such person has), "Sir Keith" after "Sir
    Keith Joseph". Only new names (not in the gazetteer or the user's aliases) are looked up."""
    name = entry.name
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    if entry.origin != "auto" or len(words) > 1 or len(name) < 2:
        return entry
    short = words[0]
    if short.isupper():
        for e in recent:
            ws = [w for w in e.name.replace("-", " ").split() if w.lower() not in INITIALS_SKIP]
            if len(ws) >= 2 and "".join(w[0] for w in ws).upper() == short:
                return e
        return entry
    if entry.kind != "person":
        return entry
    people = [e for e in recent if e.kind in ("person", "expert") and e.name != name and len(e.name.split()) >= 2]
    by_last = next((e for e in people if e.name.split()[-1] == short), None)
    if by_last is not None:
        return by_last
    by_first = {e.name for e in people if _first_name(e.name) == short}
    return next(e for e in people if e.name in by_first) if len(by_first) == 1 else entry


def _first_name(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[0].lower().rstrip(".") in _HONORIFICS:
        words = words[1:]
    return words[0]
