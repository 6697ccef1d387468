"""Attribution benchmark: claimtrack's extraction against PolNeAR's gold attributions.

Run:  .venv/bin/python benchmarks/attribution.py [--data DIR] [--every N] [--limit N] [--errors N]

It reads ``DIR/text/NAME.txt`` and, per article, the first ``DIR/attributions/NAME_*.ann`` in sorted order
(brat standoff; ``Source``/``Cue``/``Content`` spans joined by ``E`` relations), runs the pure pipeline
in-process (``Pipeline().analyse(RawDocument(origin, text))``, the same records ``extract --format json``
prints) and prints a table. DIR defaults to ``$CLAIMTRACK_POLNEAR`` or ``../shared/polnear-train`` (next to
the repository). When the data is absent it prints why and exits 0 (skipped).

Predicted attributions
    Every claim that has a cue or at least one source (unattributed assertions are not attributions).
    A claim without a cue that continues an earlier one (methods ``quote_continuation`` and
    ``colon_continuation``: "He went on: ...", a quote running over several sentences) is the same
    attribution as the claim it continues, as in PolNeAR where one content may span several sentences:
    its content is added to that attribution's content. Source spans are the sources' mention spans
    (speakers and reporters); a source without a mention contributes no span.

Metrics (P = precision, R = recall, F1 = their harmonic mean, all in percent)
    role exact        for each role (cue, source, content): the set of predicted spans against the set of
                      gold spans, a span counting when its offsets equal a gold span's after trimming
                      white space and the punctuation ``.,;:"“”‘’'`` at both ends (discontinuous gold spans
                      count as their parts).
    role token        for each role: word tokens (``\\w+``) inside predicted spans of that role that are
                      inside gold spans of that role (P), and the other way round (R).
    attribution       detection: a predicted attribution matches a gold one when their cues overlap (share
                      a character), or, when either has no cue, when their contents overlap. P = predicted
                      attributions matching some gold one / predicted; R = gold attributions matched by
                      some predicted one / gold.
    source attr.      like detection, but a match must also agree on the source: some predicted source span
                      overlaps some gold source span, or neither has a source span.
    sentences/s       sentences produced by the pipeline over the wall time of ``analyse`` (all stages on:
                      pages, segmentation, attribution, sources, classification, dates, relations), one
                      process, one core; and the same count over the time spent in the attribution stage
                      alone (``Attributor.attribute``: cues, sources, content, quotations, pronouns).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import _common

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline

Spans = tuple[tuple[int, int], ...]
WORD = re.compile(r"\w+")
SPAN_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
REL_LINE = re.compile(r"^E\d+\t(.*)$")
TRIM = " \t\r\n.,;:\"“”‘’'"


@dataclass
class Att:
    cue: Spans = ()
    source: Spans = ()
    content: Spans = ()
    label: str = ""
    extra: dict = field(default_factory=dict)


# ---- gold ---------------------------------------------------------------------------------------
def parse_ann(text: str) -> list[Att]:
    spans: dict[str, tuple[str, Spans]] = {}
    rels: list[dict[str, str]] = []
    for line in text.splitlines():  # a span's covered text may run over lines: only ID lines count
        m = SPAN_LINE.match(line)
        if m:
            parts = []
            for piece in m.group(3).split(";"):
                a, b = piece.split()
                parts.append((int(a), int(b)))
            spans[m.group(1)] = (m.group(2), tuple(parts))
            continue
        m = REL_LINE.match(line)
        if m:
            rels.append(dict(a.split(":", 1) for a in m.group(1).split() if ":" in a))
    out = []
    for r in rels:
        att = Att()
        for role in ("Cue", "Source", "Content"):
            if role in r and r[role] in spans:
                setattr(att, role.lower(), spans[r[role]][1])
        out.append(att)
    return out


def load(data: Path, every: int = 1, limit: int | None = None) -> list[tuple[str, str, list[Att]]]:
    anns: dict[str, list[Path]] = {}
    for p in sorted((data / "attributions").glob("*.ann")):
        name = p.stem.rsplit("_", 1)[0]
        anns.setdefault(name, []).append(p)
    docs = []
    names = sorted(p.stem for p in (data / "text").glob("*.txt"))
    for k, name in enumerate(names):
        if k % every:
            continue
        if name not in anns:
            continue
        with open(data / "text" / f"{name}.txt", encoding="utf-8", newline="") as fh:
            text = fh.read()
        gold = parse_ann(anns[name][0].read_text("utf-8"))
        docs.append((name, text, gold))
        if limit and len(docs) >= limit:
            break
    return docs


# ---- predictions ---------------------------------------------------------------------------------
CONTINUATIONS = ("quote_continuation", "colon_continuation")


def predicted(records: list[dict]) -> list[Att]:
    out: list[Att] = []
    for rec in records:
        last: Att | None = None
        for sent in rec["sentences"]:
            for c in sent["claims"]:
                if c["cue"] is None and not c["sources"]:
                    continue
                content = ((c["content"]["start"], c["content"]["end"]),) if c["content"] else ()
                if c["cue"] is None and c["method"] in CONTINUATIONS and last is not None:
                    last.content = last.content + content
                    continue
                cue = ((c["cue"]["start"], c["cue"]["end"]),) if c["cue"] else ()
                src = tuple((s["mention"]["start"], s["mention"]["end"]) for s in c["sources"] if s["mention"])
                last = Att(cue, tuple(sorted(set(src))), content, c["method"],
                           {"sources": [s["name"] for s in c["sources"]], "text": sent["text"]})
                out.append(last)
    return out


# ---- scoring -------------------------------------------------------------------------------------
def trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in TRIM:
        s += 1
    while e > s and text[e - 1] in TRIM:
        e -= 1
    return s, e


def overlaps(a: Spans, b: Spans) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def prf(tp_p: int, n_p: int, tp_r: int, n_r: int) -> tuple[float, float, float]:
    p = 100 * tp_p / n_p if n_p else 0.0
    r = 100 * tp_r / n_r if n_r else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


class Scorer:
    def __init__(self) -> None:
        self.c: Counter = Counter()

    def add(self, text: str, gold: list[Att], pred: list[Att]) -> tuple[list[Att], list[Att]]:
        c = self.c
        for role in ("cue", "source", "content"):
            gs = {trim(text, s, e) for a in gold for s, e in getattr(a, role)}
            ps = {trim(text, s, e) for a in pred for s, e in getattr(a, role)}
            gs.discard((0, 0))
            c[f"{role}_exact_tp"] += len(gs & ps)
            c[f"{role}_exact_p"] += len(ps)
            c[f"{role}_exact_g"] += len(gs)
            gt = {m.start() + s for s, e in gs for m in WORD.finditer(text[s:e])}
            pt = {m.start() + s for s, e in ps for m in WORD.finditer(text[s:e])}
            c[f"{role}_tok_tp"] += len(gt & pt)
            c[f"{role}_tok_p"] += len(pt)
            c[f"{role}_tok_g"] += len(gt)

        def match(p: Att, g: Att) -> bool:
            if p.cue and g.cue:
                return overlaps(p.cue, g.cue)
            return overlaps(p.content, g.content)

        def same_source(p: Att, g: Att) -> bool:
            if not p.source and not g.source:
                return True
            return overlaps(p.source, g.source)

        p_det = [any(match(p, g) for g in gold) for p in pred]
        g_det = [any(match(p, g) for p in pred) for g in gold]
        p_src = [any(match(p, g) and same_source(p, g) for g in gold) for p in pred]
        g_src = [any(match(p, g) and same_source(p, g) for p in pred) for g in gold]
        c["att_p"] += len(pred)
        c["att_g"] += len(gold)
        c["det_tp_p"] += sum(p_det)
        c["det_tp_g"] += sum(g_det)
        c["src_tp_p"] += sum(p_src)
        c["src_tp_g"] += sum(g_src)
        fps = [p for p, ok in zip(pred, p_det, strict=True) if not ok]
        fns = [g for g, ok in zip(gold, g_det, strict=True) if not ok]
        return fps, fns

    def rows(self) -> list[tuple[str, float, float, float]]:
        c = self.c
        rows = []
        for role in ("cue", "source", "content"):
            for mode, label in (("exact", "exact"), ("tok", "token")):
                rows.append((f"{role} {label}", *prf(c[f"{role}_{mode}_tp"], c[f"{role}_{mode}_p"],
                                                     c[f"{role}_{mode}_tp"], c[f"{role}_{mode}_g"])))
        rows.append(("attribution detection", *prf(c["det_tp_p"], c["att_p"], c["det_tp_g"], c["att_g"])))
        rows.append(("source attribution", *prf(c["src_tp_p"], c["att_p"], c["src_tp_g"], c["att_g"])))
        return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=_common.polnear(), help="PolNeAR split folder (text/, attributions/)")
    ap.add_argument("--every", type=int, default=1, help="use every Nth article (quick runs)")
    ap.add_argument("--limit", type=int, default=None, help="stop after N articles")
    ap.add_argument("--errors", type=int, default=0, help="print N false positives and N misses")
    args = ap.parse_args(argv)
    if not (args.data / "text").is_dir() or not (args.data / "attributions").is_dir():
        return _common.skip("attribution", "PolNeAR data", args.data,
                            "set --data or CLAIMTRACK_POLNEAR to a folder with text/ and attributions/")
    docs = load(args.data, args.every, args.limit)
    pipe = Pipeline()
    # time the attribution stage on its own too (cues, sources, content: claimtrack.attribution)
    stage = [0.0]
    attribute = pipe.attributor.attribute

    def timed(*a, **k):
        t0 = time.perf_counter()
        try:
            return attribute(*a, **k)
        finally:
            stage[0] += time.perf_counter() - t0

    pipe.attributor.attribute = timed
    scorer = Scorer()
    n_sent = 0
    elapsed = 0.0
    fps_all, fns_all = [], []
    for name, text, gold in docs:
        t0 = time.perf_counter()
        analysis = pipe.analyse(RawDocument(name, text))
        elapsed += time.perf_counter() - t0
        n_sent += sum(len(s.sentences) for s in analysis.stories)
        fps, fns = scorer.add(text, gold, predicted(analysis.records()))
        fps_all += [(name, text, a) for a in fps]
        fns_all += [(name, text, a) for a in fns]
    print(f"PolNeAR ({args.data.name}): {len(docs)} articles, {scorer.c['att_g']} gold attributions, "
          f"{scorer.c['att_p']} predicted")
    print(f"{'metric':<24}{'P':>7}{'R':>7}{'F1':>7}")
    for label, p, r, f in scorer.rows():
        print(f"{label:<24}{p:7.1f}{r:7.1f}{f:7.1f}")
    print(f"{'sentences/s':<24}{n_sent / elapsed if elapsed else 0:21,.0f}  ({n_sent} sentences, {elapsed:.2f} s,"
          " whole pipeline)")
    print(f"{'  attribution stage':<24}{n_sent / stage[0] if stage[0] else 0:21,.0f}  ({stage[0]:.2f} s)")
    if args.errors:
        import random

        rnd = random.Random(0)

        def show(att: Att, text: str) -> str:
            def sp(spans: Spans) -> str:
                return " | ".join(text[s:e] for s, e in spans)[:160]
            return f"  cue=[{sp(att.cue)}] src=[{sp(att.source)}] {att.label} {att.extra.get('sources', '')}\n" \
                   f"    content=[{sp(att.content)}]"

        print("\n# false positives")
        for name, text, a in rnd.sample(fps_all, min(args.errors, len(fps_all))):
            print(name[:40], show(a, text))
        print("\n# misses")
        for name, text, a in rnd.sample(fns_all, min(args.errors, len(fns_all))):
            print(name[:40], show(a, text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
