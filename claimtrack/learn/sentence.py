"""The sentence tasks' features: one shared sparse vector per sentence, and a scorer that caches per token.

Hashed slots (``2**bits`` of them), each value = count / sqrt(n + 1), n = the sentence's number of tokens:

- ``w``: word unigrams, lower-cased, digits folded to ``0`` ("1,200" -> "0,000"), ’ -> ';
- ``c``: character 3-5-grams of each word padded with one space each side (scikit-learn's ``char_wb``);
  words and numbers only, not the punctuation tokens ``? ! " % $ € £``.

The slot of a string is ``zlib.crc32("<w|c>\\x1f<string>") & (2**bits - 1)``: stable across runs, machines and
Python versions. Then one named slot per signal (``SIGNALS``), 0/1 except ``rule_cw``: what the pipeline's
rules already found for the sentence (``SentenceInput``: the rule kind, attribution's cue, sources and claim
kinds, a denial form, the rule check-worthiness, ``classify.sentence_features`` binned) and its surface
(length, a question mark at the end, quotation marks, digits, first and second person). No word bigrams
(a third of the scoring time for -0.005 CV AUC) and no sentiment lexicon (no measurable gain).

Everything hashed is a sum over tokens, each token's part depending on the token alone, so ``Scorer``
caches it per raw token: a sentence costs one regex pass, one dict look-up per token and the signals.
``SentenceFeatures.vector`` is the reference implementation (training); the scorer gives the same logits
to float rounding (a test checks).
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import classify

# --- the input --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceInput:
    """One sentence and what the rules found in it, as the pipeline's classify stage has it."""

    text: str
    kind: str  # the rule kind (classify.classify)
    checkworthiness: float = 0.0  # the rule check-worthiness (classify.checkworthiness of the rule kind)
    cue: bool = False  # attribution found a cue
    source: bool = False  # attribution found a source
    claim_kinds: tuple[str, ...] = ()  # the kinds of attribution's claims
    denial: bool = False  # denials read a denial form in it


# --- tokens -----------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,:/]\d+)*|[?!\"“”%$€£]")
_DIGIT = re.compile(r"\d")
_QEND = re.compile(r"\?[\"'”’)\]\s]*$")
_PUNCT = frozenset('?!"%$€£')
_CRC_W = zlib.crc32(b"w\x1f")  # crc32(b, crc32(a)) == crc32(a + b): the namespace is hashed once
_CRC_C = zlib.crc32(b"c\x1f")
_FIRST = frozenset("i me my mine myself we us our ours ourselves i'm i've i'd i'll we're we've we'd we'll".split())
_SECOND = frozenset("you your yours yourself yourselves you're you've you'd you'll".split())


def normalise(raw: str) -> str:
    """A raw token's form for hashing: lower case, ’ -> ', curly double quotes -> ", digits -> 0."""
    if raw in ("“", "”"):
        return '"'
    if raw[0].isdigit():
        return _DIGIT.sub("0", raw)
    return raw.lower().replace("’", "'")


# --- named signals ----------------------------------------------------------------------------------------

_KINDS = ("claim", "attributed", "denial", "opinion", "question", "boilerplate", "metadata", "other")
_CLAIM_KINDS = ("assertion", "direct_quote", "indirect_quote", "mixed_quote", "denial")
_COUNTED = ("numbers", "dates", "proper", "events", "consequence", "trivia", "strong", "weak_pred", "hedge")
_BINARY = ("future", "belief", "modal", "exclaim", "verb")
_WORD_BINS = (3, 6, 10, 15, 25, 40)


def _signal_names() -> tuple[str, ...]:
    names = ["bias_sig"]
    names += [f"kind={k}" for k in _KINDS]
    names += ["cue", "source", "denial_detect"] + [f"ck={k}" for k in _CLAIM_KINDS]
    names += [f"{c}={v}" for c in _COUNTED for v in ("1", "2", "3+")]
    names += list(_BINARY)
    names += [f"words<={b}" for b in _WORD_BINS] + ["words>40"]
    names += [f"op={v}" for v in ("lo", "1", "2", "3+")] + [f"fa={v}" for v in ("lo", "1", "2", "3+")]
    names += ["rule_cw"] + [f"rule_cw>={v / 10:.1f}" for v in range(1, 10)]
    names += ["q_end", "has_quote", "starts_quote", "has_digit", "first=1", "first=2+", "second=1", "second=2+"]
    return tuple(names)


SIGNALS = _signal_names()
SIGNAL_INDEX = {n: i for i, n in enumerate(SIGNALS)}
_KIND_NAME = {k: f"kind={k}" for k in _KINDS}
_CK_NAME = {k: f"ck={k}" for k in _CLAIM_KINDS}
_COUNT_NAME = tuple((c, ("", f"{c}=1", f"{c}=2", f"{c}=3+")) for c in _COUNTED)
_OP_NAME = ("op=lo", "op=1", "op=2", "op=3+")
_FA_NAME = ("fa=lo", "fa=1", "fa=2", "fa=3+")
_CW_NAMES = tuple(f"rule_cw>={v / 10:.1f}" for v in range(1, 10))
_LEN_NAME = tuple(next(f"words<={b}" for b in _WORD_BINS if n <= b) for n in range(_WORD_BINS[-1] + 1))


def signals(inp: SentenceInput, n_tokens: int, first: int, second: int) -> list[str]:
    """The names of the 0/1 signals that are on (``rule_cw`` is added with its value by the callers)."""
    text = inp.text
    out = ["bias_sig", _LEN_NAME[n_tokens] if n_tokens < len(_LEN_NAME) else "words>40"]
    add = out.append
    if _QEND.search(text):
        add("q_end")
    if '"' in text or "“" in text or "”" in text:
        add("has_quote")
        if text.lstrip()[:1] in ('"', "“", "”"):
            add("starts_quote")
    if _DIGIT.search(text):
        add("has_digit")
    if first:
        add("first=1" if first == 1 else "first=2+")
    if second:
        add("second=1" if second == 1 else "second=2+")
    if inp.kind in _KIND_NAME:
        add(_KIND_NAME[inp.kind])
    if inp.cue:
        add("cue")
    if inp.source:
        add("source")
    if inp.denial:
        add("denial_detect")
    for k in inp.claim_kinds:
        if k in _CK_NAME:
            add(_CK_NAME[k])
    feat = classify.sentence_features(text.strip())
    for c, names in _COUNT_NAME:
        v = feat[c]
        if v >= 1:
            add(names[3 if v >= 3 else int(v)])
    for c in _BINARY:
        if feat[c]:
            add(c)
    add(_OP_NAME[min(int(classify.opinion_score(feat)), 3)])
    add(_FA_NAME[min(int(classify.fact_score(feat)), 3)])
    cw = inp.checkworthiness
    out += _CW_NAMES[: sum(1 for i in range(9) if cw >= (i + 1) / 10)]
    return out


# --- the feature function ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceFeatures:
    """The feature function of the sentence tasks (``FeatureSet``)."""

    bits: int = 18
    cmin: int = 3
    cmax: int = 5
    name: str = "sentence"
    version: int = 1

    @property
    def hashed(self) -> int:
        return 1 << self.bits

    @property
    def dim(self) -> int:
        return self.hashed + len(SIGNALS)

    def config(self) -> dict[str, Any]:
        return {"bits": self.bits, "cmin": self.cmin, "cmax": self.cmax, "signals": list(SIGNALS)}

    def example(self, row: Mapping[str, str]) -> SentenceInput:
        """A training row's sentence with what the rules find in it (the rules alone, no model)."""
        from ..pipeline import rule_input  # the pipeline imports this package

        return rule_input(row["text"])

    def token_slots(self, token: str) -> list[int]:
        """The hashed slots of one normalised token: its unigram and its char n-grams (with repeats)."""
        mask = self.hashed - 1
        crc = zlib.crc32
        wb = token.encode("utf-8")
        out = [crc(wb, _CRC_W) & mask]
        if token not in _PUNCT:
            pb = b" " + wb + b" "  # tokens are ASCII letters, digits and apostrophes: bytes are characters
            n = len(pb)
            out += [crc(pb[i : i + k], _CRC_C) & mask for k in range(self.cmin, self.cmax + 1)
                    for i in range(n - k + 1)]
        return out

    def vector(self, example: SentenceInput) -> dict[int, float]:
        toks = [normalise(t) for t in _TOKEN.findall(example.text)]
        counts: dict[int, int] = {}
        for w in toks:
            for s in self.token_slots(w):
                counts[s] = counts.get(s, 0) + 1
        scale = 1.0 / math.sqrt(len(toks) + 1)
        vec = {s: c * scale for s, c in counts.items()}
        first = sum(1 for w in toks if w in _FIRST)
        second = sum(1 for w in toks if w in _SECOND)
        base = self.hashed
        for name in signals(example, len(toks), first, second):
            i = base + SIGNAL_INDEX[name]
            vec[i] = vec.get(i, 0.0) + 1.0
        vec[base + SIGNAL_INDEX["rule_cw"]] = example.checkworthiness
        return vec


FEATURES = SentenceFeatures()


# --- fast scoring -----------------------------------------------------------------------------------------


class _Cache(dict):
    """A dict that fills itself: ``make(key)`` on a miss (``dict.__getitem__`` calls ``__missing__``, so
    ``map(cache.__getitem__, keys)`` stays in C for the hits)."""

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        return self.make(key)


class Scorer:
    """Logits of several sentence heads at once, the same numbers as ``bias + w . FEATURES.vector(x)``.

    ``weights``: per head a sequence of ``FEATURES.dim`` weights; ``biases``: one per head. Per raw token it
    caches a tuple: each head's summed unigram and char n-gram weights, then the token's first / second
    person counts. Each cache holds at most ``max_cache`` entries and is emptied
    when full; values are a pure function of the key, so results never depend on the cache's state."""

    def __init__(self, weights: Sequence[array], biases: Sequence[float], features: SentenceFeatures = FEATURES,
                 max_cache: int = 200_000):
        self.f = features
        self.w = list(weights)
        self.b = list(biases)
        self.nh = len(self.w)
        self.max_cache = max_cache
        self._tokens = _Cache(self._miss_token)
        h = features.hashed
        self._sig = [{n: w[h + i] for n, i in SIGNAL_INDEX.items()} for w in self.w]
        self._rcw = [w[h + SIGNAL_INDEX["rule_cw"]] for w in self.w]
        self._zero = (0.0,) * (self.nh + 2)

    def _miss_token(self, raw: str) -> tuple:
        w = normalise(raw)
        slots = self.f.token_slots(w)
        v = tuple(sum(map(ws.__getitem__, slots)) for ws in self.w) + (1 if w in _FIRST else 0,
                                                                       1 if w in _SECOND else 0)
        if len(self._tokens) >= self.max_cache:
            self._tokens.clear()
        self._tokens[raw] = v
        return v

    def logits(self, inp: SentenceInput) -> list[float]:
        raw = _TOKEN.findall(inp.text)
        nh = self.nh
        sums = [sum(col) for col in zip(*map(self._tokens.__getitem__, raw), strict=True)] if raw else self._zero
        scale = 1.0 / math.sqrt(len(raw) + 1)
        names = signals(inp, len(raw), int(sums[nh]), int(sums[nh + 1]))
        cw = inp.checkworthiness
        return [b + v * scale + sum(map(d.__getitem__, names)) + cw * r
                for b, v, d, r in zip(self.b, sums[:nh], self._sig, self._rcw, strict=False)]
