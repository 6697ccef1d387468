"""Relations benchmark: denials, contradictions, support and repeats between pairs of articles.

    .venv/bin/python benchmarks/relations.py [DATA.jsonl] [--db URL] [--order ab|ba|both] [--errors]

Each line of the data set is a pair of short articles ``{"id", "a": {...}, "b": {...}, "gold": [...]}``;
every pair is ingested as two separate articles (the reader's JSON Lines path, ``claimtrack.app.ingest``)
into a fresh database (SQLite in a temporary folder by default), in the order given (``ab``: a first;
``ba``: b first; ``both``: both orders, scored together). Then every stored relation whose two claims lie in
that pair is compared with the gold list: a gold relation ``{"kind", "from", "from_quote", "to",
"to_quote"}`` is found when a predicted relation of the same kind links a claim whose sentence overlaps
``from_quote`` in article ``from`` to a claim whose sentence overlaps ``to_quote`` in article ``to``
(``contradicts``, ``supports`` and ``repeats`` are symmetric, so either direction counts). A predicted
relation matching no gold relation is a false positive. Prints P/R/F1 per kind and ``--errors`` lists the
misses and false positives.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import select

from claimtrack.app import ingest
from claimtrack.model import RELATION_KINDS
from claimtrack.reader import read_path
from claimtrack.store import schema as m
from claimtrack.store.db import open_database

DEFAULT = Path(__file__).resolve().parent / "data" / "relations.jsonl"
KINDS = RELATION_KINDS
SYMMETRIC = {"contradicts", "supports", "repeats"}


def _docs(pair: dict, order: str):
    lines = []
    for side in order:
        art = dict(pair[side])
        art["id"] = f"{pair['id']}-{side}"
        lines.append(json.dumps(art, ensure_ascii=False))
    return read_path(f"{pair['id']}.jsonl", "jsonl", data=("\n".join(lines) + "\n").encode("utf-8"))


def _span(text: str, quote: str) -> tuple[int, int] | None:
    i = text.find(quote)
    if i < 0:
        i = text.lower().find(quote.lower())
    return (i, i + len(quote)) if i >= 0 else None


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_pair(session, pair: dict) -> tuple[list, list, list]:
    """(true positives, false positives, false negatives) for one ingested pair, as readable tuples."""
    ids = {f"{pair['id']}-a": "a", f"{pair['id']}-b": "b"}
    docs = {ids[d.external_id]: d for d in session.execute(
        select(m.Document).where(m.Document.external_id.in_(list(ids)))).scalars()}
    doc_side = {d.id: side for side, d in docs.items()}
    rows = session.execute(
        select(m.ClaimRelation, m.Claim.document_id, m.Sentence.char_start, m.Sentence.char_end, m.Sentence.text)
        .join(m.Claim, m.Claim.id == m.ClaimRelation.claim_id)
        .join(m.Sentence, m.Sentence.id == m.Claim.sentence_id)
        .where(m.Claim.document_id.in_([d.id for d in docs.values()]))
    ).all()
    preds = []
    for rel, doc_id, s0, s1, stext in rows:
        t = session.get(m.Claim, rel.target_claim_id)
        if t.document_id not in doc_side:
            continue
        ts = session.get(m.Sentence, t.sentence_id)
        preds.append((rel.kind, doc_side[doc_id], (s0, s1), stext, doc_side[t.document_id],
                      (ts.char_start, ts.char_end), ts.text, rel.evidence))
    gold = []
    for g in pair["gold"]:
        fs = _span(docs[g["from"]].text, g["from_quote"])
        ts = _span(docs[g["to"]].text, g["to_quote"])
        if fs is None or ts is None:
            print(f"warning: {pair['id']}: quote not found in the text: {g}", file=sys.stderr)
            continue
        gold.append((g["kind"], g["from"], fs, g["to"], ts, g))

    def match(p, g) -> bool:
        kind, fside, fspan, _, tside, tspan, _, _ = p
        if kind != g[0]:
            return False
        if fside == g[1] and tside == g[3] and _overlaps(fspan, g[2]) and _overlaps(tspan, g[4]):
            return True
        return kind in SYMMETRIC and fside == g[3] and tside == g[1] and _overlaps(fspan, g[4]) and _overlaps(tspan, g[2])

    tp, fp = [], []
    found = set()
    for p in preds:
        hits = [i for i, g in enumerate(gold) if match(p, g)]
        if hits:
            tp.append(p)
            found.update(hits)
        else:
            fp.append(p)
    fn = [g for i, g in enumerate(gold) if i not in found]
    return tp, fp, fn, len(gold)


def run(data: Path, db_url: str | None, orders: list[str], show_errors: bool) -> dict[str, dict[str, float]]:
    pairs = [json.loads(line) for line in data.read_text("utf-8").splitlines() if line.strip()]
    counts = {k: Counter() for k in KINDS}
    errors = []
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for order in orders:
            url = db_url or f"sqlite:///{Path(tmp) / f'relations-{order}.db'}"
            engine, factory = open_database(url)
            try:
                for pair in pairs:
                    ingest(engine, factory, _docs(pair, order), command=f"benchmark {pair['id']}")
                with factory() as s:
                    for pair in pairs:
                        tp, fp, fn, _ = score_pair(s, pair)
                        for p in tp:
                            counts[p[0]]["pred"] += 1
                            counts[p[0]]["tp_pred"] += 1
                        for p in fp:
                            counts.setdefault(p[0], Counter())["pred"] += 1
                            errors.append((pair["id"], order, "FP", p))
                        for g in pair["gold"]:
                            counts[g["kind"]]["gold"] += 1
                        for g in fn:
                            counts[g[0]]["missed"] += 1
                            errors.append((pair["id"], order, "FN", g[5]))
            finally:
                engine.dispose()
    elapsed = time.perf_counter() - t0
    table = {}
    print(f"{len(pairs)} pairs, order {'+'.join(orders)}, {elapsed:.1f} s\n")
    print("| relation | gold | predicted | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind in KINDS:
        c = counts[kind]
        gold, pred = c["gold"], c["pred"]
        found = gold - c["missed"]
        p = c["tp_pred"] / pred if pred else 0.0
        r = found / gold if gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        table[kind] = {"gold": gold, "pred": pred, "p": p, "r": r, "f1": f}
        print(f"| {kind} | {gold} | {pred} | {p:.2f} | {r:.2f} | {f:.2f} |")
    if show_errors:
        print()
        for pid, order, what, item in errors:
            if what == "FP":
                kind, fside, _, ftext, tside, _, ttext, ev = item
                print(f"{pid} [{order}] FP {kind}: {fside}: {ftext[:110]!r}\n      -> {tside}: {ttext[:110]!r}\n      ({ev})")
            else:
                print(f"{pid} [{order}] FN {item['kind']}: {item['from']}: {item['from_quote']!r} -> "
                      f"{item['to']}: {item['to_quote']!r}")
    return table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", nargs="?", default=str(DEFAULT))
    ap.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file per order)")
    ap.add_argument("--order", choices=("ab", "ba", "both"), default="both")
    ap.add_argument("--errors", action="store_true", help="list false positives and misses")
    args = ap.parse_args(argv)
    orders = ["ab", "ba"] if args.order == "both" else [args.order]
    run(Path(args.data), args.db, orders, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
