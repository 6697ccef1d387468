"""Attribution: in each sentence, find cues, their sources and the content they attribute.

Pure and rule-based (no parser, no model): a sentence is tokenized once, cue expressions are looked up
in the lexicon (``data/cues.tsv``), and each cue's source noun phrase and content span are found by
walking the tokens around it. Constructions handled (``constructions.CONSTRUCTIONS``, in the order they run):

- a headline colon ("Zelensky: missiles are not enough");
- verbs of saying, believing, wanting, showing, finding, denying, any tense, with the source before
  ("the ministry said that …") or after ("…, said Peskov") the verb; passive "was quoted as saying";
- "according to X", "as reported by X", "a report by X", "X report(s) stated";
- chains: "X quoted/cited Y as saying" and "according to X, Y said" (speaker Y, reporter X);
- "in a statement, X …"; "it is reported that", "sources said" (unnamed sources);
- several sources ("Russia and North Korea denied it");
- quote continuation and pronouns ("He stated …") resolved to the latest fitting source, via ``Context``.

The package: ``tokens`` (tokens, quotations, the per-sentence ``SentenceView``), ``vocab`` (word classes and
lexicons), ``phrases`` (the noun-phrase chunker), ``coref`` (``Context``, pronouns, definite descriptions,
quote continuation), ``constructions`` (one function each, and their registry), ``merge`` (nested and chained
attributions), ``records`` (what it finds).
"""

from __future__ import annotations

from ..sources import Resolver
from .constructions import CONSTRUCTIONS, AtWord, OverSentence
from .coref import Context, continuation
from .merge import dedupe, merge_chains, unnest
from .records import Attribution, Mention, SourceHit
from .tokens import QUOTE_MARK, SentenceView, Tok, quote_regions, tokenize, trigger_words
from .vocab import CueForm, Lexicons, cue_lexicon

__all__ = ["Attribution", "Attributor", "Context", "CueForm", "Mention", "SentenceView", "SourceHit", "Tok",
           "cue_lexicon", "quote_regions", "tokenize"]

# one step of a run: an OverSentence construction, or a scan's readers by trigger word (neighbouring AtWords)
_Scan = dict[str, tuple[AtWord, ...]]


class Attributor:
    """Reads the attributions of sentences. It holds only what is fixed for its life (the lexicons and the
    resolver's names, the registry's steps); what it reads of a sentence lives in that sentence's
    ``SentenceView``, so it can read any number of sentences at once."""

    def __init__(self, resolver: Resolver):
        self.lex = Lexicons.load(resolver)
        steps: list[OverSentence | _Scan] = []
        for c in CONSTRUCTIONS:
            if isinstance(c, OverSentence):
                steps.append(c)
                continue
            scan = steps[-1] if steps and not isinstance(steps[-1], OverSentence) else None
            if scan is None:
                scan = {}
                steps.append(scan)
            for w in c.words(self.lex):
                scan[w] = (*scan.get(w, ()), c)
        self._steps = tuple(steps)
        # a sentence none of whose words starts a construction is not read
        self._triggers = frozenset(w for c in CONSTRUCTIONS for w in c.words(self.lex))

    def view(self, text: str, start: int = 0, end: int | None = None, ctx: Context | None = None) -> SentenceView:
        """text[start:end] as the constructions read it, to call one of them alone. Its quotations are its own
        (none carried in from a sentence before)."""
        end = len(text) if end is None else end
        sent = text[start:end]
        regions, _open = quote_regions(sent)
        view = SentenceView.of(self.lex, text, start, end, sent, regions, trigger_words(sent), ctx)
        if view is None:
            raise ValueError(f"no tokens in {sent!r}")
        return view

    def attribute(self, text: str, start: int, end: int, ctx: Context | None = None,
                  paragraph: int = 0) -> list[Attribution]:
        """The attributions of the sentence text[start:end], each source once per attribution.

        With the story's ``ctx``, the sentence moves it on: a quotation left open, and, when the sentence has no
        attribution of its own, a quote or colon continuation of the one before (``coref.continuation``;
        ``paragraph`` is the sentence's paragraph number in the story). What the sentence keeps is told to it
        afterwards (``Context.cite``).
        """
        sent = text[start:end]
        was_in_quote = carry = ctx is not None and ctx.in_quote  # it starts inside a quotation opened earlier
        if carry and "\n" in text[max(0, start - 3) : start] and not QUOTE_MARK.match(sent.lstrip()):
            carry = False  # a new paragraph that does not open with a quotation mark ends the quotation
        regions, left_open = quote_regions(sent, carry)
        if ctx is not None:
            ctx.in_quote = left_open
        words = trigger_words(sent)
        found: list[Attribution] = []
        if not self._triggers.isdisjoint(words):
            view = SentenceView.of(self.lex, text, start, end, sent, regions, words, ctx)
            if view is not None:
                found = self._read(view)
        if ctx is not None:
            if not found:
                found = continuation(ctx, text, start, end, paragraph, was_in_quote)
            ctx.pending_colon = None
            ctx.distance += 1
        return found

    def _read(self, s: SentenceView) -> list[Attribution]:
        """Run the registry over the view, then join chains and unnest."""
        found = s.found
        for step in self._steps:
            if isinstance(step, OverSentence):
                if not (step.alone and found):
                    found.extend(step.read(s))
            else:
                _scan(s, step)
        found.sort(key=lambda a: a.cue.start if a.cue else 0)
        out = unnest(s.text, s.start, merge_chains(found))
        for a in out:
            a.sources = dedupe(a.sources)
        return out


def _scan(s: SentenceView, readers: _Scan) -> None:
    """The scan of the tokens over the trigger words of neighbouring AtWord constructions (see constructions)."""
    toks, quoted, found = s.toks, s.quoted, s.found
    i = 0
    for k in [k for k, t in enumerate(toks) if t.low in readers]:  # other tokens only move the scan on
        if k < i:
            continue
        i = k
        if quoted[i]:  # cues inside a quotation belong to the quoted speech, not to an attribution
            i += 1
            continue
        for c in readers[toks[i].low]:
            got = c.read(s, i)
            if got is not None:
                found.append(got[0])
                i = got[1]
                break
        else:
            i += 1
