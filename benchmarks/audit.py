"""Precision on real news, from seeded random samples labelled by reading.

    python benchmarks/audit.py build DB                     # ingest the audit corpora into a new SQLite file
    python benchmarks/audit.py score AUDIT --db DB          # the figure, and which sampled items lack a label
    python benchmarks/audit.py show AUDIT --db DB [--all]   # the unlabelled sampled items, in context, to label
    python benchmarks/audit.py label AUDIT KEY VERDICT [--why REASON] [--db DB]

AUDIT is one of ``attributions``, ``sources``, ``relations``. Each audit draws a seeded random sample from what the
current build produces on real text nobody here wrote (``../shared/datasets/news-pages``, PolNeAR train and FNC-1),
and scores it against labels kept in ``benchmarks/data/audit/AUDIT.tsv``. A label names its item by file and
offsets and carries a fingerprint of what was judged (the spans, the resolved names and kinds, the relation's
kind): no text of the articles is copied. When a new build changes an item (another span, another source), its
fingerprint changes and the old label no longer applies: ``score`` lists such items as unlabelled, so they are
labelled before a figure is believed. The labelling rule of each audit is written at the top of its labels file
and in ``RULES`` below.

The sample is drawn per stratum (relations: kind x scope; attributions and sources: one stratum) with
``random.Random(SEED)`` over the items sorted by key, so the same build always gives the same sample.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import sqlite3
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from _common import DATA, SHARED, polnear, skip

PAGES = SHARED / "datasets" / "news-pages"
POLNEAR = polnear()
FNC1 = SHARED / "datasets" / "fnc1"
LABELS = DATA / "audit"
SEED = 20261208

RULES = {
    "attributions": """\
An attributed claim on a real news page (news-pages/text) is right when all three are acceptable:
- speaker: the source named is who asserts the content in the text (the canonical entity, not a word of the
  sentence that is not a speaker; an unnamed source is right when the text names nobody); a pronoun resolved
  to the right person; a spokesperson's organisation as parent is fine either way;
- reporter: present exactly when the text relays the claim through another party ("TASS quoted Putin",
  "according to Reuters"), and then that party;
- content: the span covers what is attributed, from the complementiser or the opening quote to the end of
  what is said; it may leave out the cue and the source; cut off mid-thought or swallowing a second claim
  is wrong; a claim whose content is only circumstance ("in an e-mail") is wrong.
Verdicts: right | wrong. Reason (when wrong): speaker | reporter | content | not_attribution.""",
    "sources": """\
A source in the source list after ingesting all news pages (news-pages/html) is judged as an entity:
- ok: a name that can refer to someone who speaks (person, organisation, body, outlet, unnamed source,
  group), with a fitting kind;
- junk: not such a name (an adverb, time word, determiner, quantity, content noun, fragment);
- split: the same referent as another source in the list (a surname, title or description of a named
  source), or half a name;
- wrong: a real speaker resolved to the wrong entity (another person, The Hill for Mr Hill, the holder of
  an office at another date).
Verdicts: ok | junk | split | wrong.""",
    "relations": """\
A relation between two claims (news pages, PolNeAR train, FNC-1 headlines and bodies) is right when:
- denies: the first claim is a denial by its speaker and the second is a claim or allegation it denies
  (the same matter; linked to what it denies, not to a neighbour);
- contradicts: both claims state incompatible things about the same quantity or state of the same event
  (same actor or place, compatible dates, same frame); a figure that rises as time passes is an update,
  not a contradiction;
- supports: the first claim asserts the same thing as the second (agrees with it), from another source;
- repeats: the first claim restates the second (same source or syndicated copy).
Verdicts: right | wrong. Reason (when wrong): other_matter | update | not_denial | wrong_target | same_text
| other.""",
}
VERDICTS = {"attributions": ("right", "wrong"), "sources": ("ok", "junk", "split", "wrong"),
            "relations": ("right", "wrong")}
SIZES = {"attributions": 200, "sources": 100, "relations": 100}  # per stratum


@dataclass(frozen=True)
class Item:
    audit: str
    stratum: str
    key: tuple[str, ...]  # file and offsets
    fingerprint: str  # what was judged
    context: str  # shown to the labeller, never stored

    @property
    def key_text(self) -> str:
        return "|".join(self.key)


def _fp(*parts: object) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]


def _claimtrack() -> str:
    return str(Path(sys.executable).parent / "claimtrack")


# ---- corpora ---------------------------------------------------------------------------------------------------
def _jsonl(path: Path, records: list[dict]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return path


def polnear_records() -> list[dict]:
    dates = {}
    with (POLNEAR / "metadata.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            dates[row["filename"]] = row.get("publication_date")
    out = []
    for p in sorted((POLNEAR / "text").glob("*.txt")):
        rec = {"id": f"polnear/{p.stem}", "text": p.read_text(encoding="utf-8"), "outlet": p.stem.split("_")[0]}
        if dates.get(p.stem):
            rec["published"] = dates[p.stem]
        out.append(rec)
    return out


def fnc1_records() -> list[dict]:
    """FNC-1's training bodies and headlines as articles from two different outlets."""
    csv.field_size_limit(1 << 24)
    out = []
    with (FNC1 / "train_bodies.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            out.append({"id": f"fnc1/body/{row['Body ID']}", "text": row["articleBody"], "outlet": "FNC-1 bodies"})
    seen: dict[str, int] = {}
    with (FNC1 / "train_stances.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            seen.setdefault(row["Headline"], len(seen))
    out.extend({"id": f"fnc1/headline/{i}", "text": h, "outlet": "FNC-1 headlines"} for h, i in seen.items())
    return out


def build(db: Path) -> None:
    if db.exists():
        sys.exit(f"{db} exists; give a new file")
    with tempfile.TemporaryDirectory() as d:
        inputs = [str(PAGES / "html")]
        if (POLNEAR / "text").is_dir():
            inputs.append(str(_jsonl(Path(d) / "polnear.jsonl", polnear_records())))
        if (FNC1 / "train_bodies.csv").exists():
            inputs.append(str(_jsonl(Path(d) / "fnc1.jsonl", fnc1_records())))
        # exit code 3: some pages hold no article text and are skipped (named on stderr); the rest is stored
        proc = subprocess.run([_claimtrack(), "--db", str(db), "ingest", *inputs, "-q"])
        if proc.returncode not in (0, 3):
            sys.exit(f"ingest failed with exit code {proc.returncode}")


def _file_of(origin: str, external_id: str | None) -> str:
    if external_id:
        return external_id
    p = Path(origin)
    return f"{p.parent.name}/{p.name}" if p.parent.name else p.name


# ---- items -------------------------------------------------------------------------------------------------------
def _mark(text: str, spans: list[tuple[int | None, int | None, str, str]], lo: int, hi: int) -> str:
    """text[lo:hi] with the given spans bracketed (open, close markers)."""
    inserts: list[tuple[int, int, str]] = []
    for s, e, a, b in spans:
        if s is None or e is None or e <= lo or s >= hi:
            continue
        inserts.append((max(s, lo), 1, a))
        inserts.append((min(e, hi), 0, b))
    out, pos = [], lo
    for at, _, mark in sorted(inserts):
        out.append(text[pos:at])
        out.append(mark)
        pos = at
    out.append(text[pos:hi])
    return "".join(out).replace("\n", " ⏎ ")


def attribution_items() -> list[Item]:
    """Every claim with a source that extract finds on the hand-extracted news pages."""
    folder = PAGES / "text"
    proc = subprocess.run([_claimtrack(), "--db", str(Path(tempfile.gettempdir()) / "audit-none.db"), "extract",
                           str(folder), "--format", "json"], capture_output=True, text=True, encoding="utf-8")
    if proc.returncode not in (0, 3):
        sys.exit(f"extract failed: {proc.stderr.strip()[:300]}")
    texts: dict[str, str] = {}
    items = []
    for line in proc.stdout.splitlines():
        rec = json.loads(line)
        origin = rec["document"]["origin"]
        name = f"text/{Path(origin).name}"
        if name not in texts:
            texts[name] = Path(origin).read_text(encoding="utf-8")
        text = texts[name]
        sentences = rec["sentences"]
        for si, s in enumerate(sentences):
            for ci, c in enumerate(s["claims"]):
                if not c["sources"] or c["kind"] == "assertion":
                    continue
                judged = [(x["name"], x["kind"], x["role"], (x["mention"] or {}).get("start")) for x in c["sources"]]
                content = c["content"] or {}
                cue = c["cue"] or {}
                fp = _fp(c["kind"], judged, content.get("start"), content.get("end"), cue.get("start"))
                lo = sentences[si - 1]["start"] if si else s["start"]
                hi = sentences[si + 1]["end"] if si + 1 < len(sentences) else s["end"]
                spans = [(cue.get("start"), cue.get("end"), "[", "]"), (content.get("start"), content.get("end"), "<", ">")]
                spans += [((x["mention"] or {}).get("start"), (x["mention"] or {}).get("end"), "{", "}")
                          for x in c["sources"]]
                who = "; ".join(f"{x['role']}={x['name']} ({x['kind']})" for x in c["sources"])
                ctx = f"{c['kind']}: {who}\n    " + _mark(text, spans, lo, hi)
                items.append(Item("attributions", "all", (name, str(s["start"]), str(ci)), fp, ctx))
    return items


def source_items(db: Path) -> list[Item]:
    """Every source cited by a claim of a news page, with its first mention."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("""
        SELECT s.name, s.kind, p.name, d.origin, d.external_id, d.text, cs.mention_start, cs.mention_end,
               se.char_start, se.char_end, (SELECT COUNT(*) FROM claim_source x WHERE x.source_id = s.id)
        FROM source s
        JOIN claim_source cs ON cs.id = (SELECT MIN(y.id) FROM claim_source y JOIN claim c2 ON c2.id = y.claim_id
                                         JOIN document d2 ON d2.id = c2.document_id
                                         WHERE y.source_id = s.id AND d2.external_id IS NULL)
        JOIN claim c ON c.id = cs.claim_id JOIN sentence se ON se.id = c.sentence_id
        JOIN document d ON d.id = c.document_id
        LEFT JOIN source p ON p.id = s.parent_id
        WHERE s.merged_into_id IS NULL""").fetchall()
    items = []
    for name, kind, parent, origin, ext, text, ms, me, ss, se, n in rows:
        key = (_file_of(origin, ext), str(ms), str(me))
        ctx = (f"{name} ({kind}{', of ' + parent if parent else ''}; {n} mention{'s' if n != 1 else ''})\n    "
               + _mark(text, [(ms, me, "{", "}")], ss, se))
        items.append(Item("sources", "all", key, _fp(name, kind, parent), ctx))
    return items


def relation_items(db: Path) -> list[Item]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = con.execute("""
        SELECT r.kind, r.scope, r.method, r.evidence, r.confidence,
               a.ordinal, sa.char_start, sa.char_end, a.content_start, a.content_end, a.cue_start, a.cue_end,
               da.origin, da.external_id, da.text,
               b.ordinal, sb.char_start, sb.char_end, b.content_start, b.content_end, b.cue_start, b.cue_end,
               db.origin, db.external_id, db.text,
               (SELECT group_concat(s.name, '; ') FROM claim_source x JOIN source s ON s.id = x.source_id
                WHERE x.claim_id = a.id),
               (SELECT group_concat(s.name, '; ') FROM claim_source x JOIN source s ON s.id = x.source_id
                WHERE x.claim_id = b.id)
        FROM claim_relation r JOIN claim a ON a.id = r.claim_id JOIN claim b ON b.id = r.target_claim_id
        JOIN sentence sa ON sa.id = a.sentence_id JOIN sentence sb ON sb.id = b.sentence_id
        JOIN document da ON da.id = a.document_id JOIN document db ON db.id = b.document_id
        WHERE r.origin = 'auto'""").fetchall()
    items = []
    for row in rows:
        kind, scope, method, evidence, conf = row[:5]
        a, b = row[5:15], row[15:25]
        who_a, who_b = row[25] or "-", row[26] or "-"
        fa, fb = _file_of(a[7], a[8]), _file_of(b[7], b[8])
        key = (kind, fa, str(a[1]), str(a[0]), fb, str(b[1]), str(b[0]))
        fp = _fp(kind, a[3], a[4], b[3], b[4], who_a, who_b)

        def show(c, who):
            ordinal, ss, se, cs, ce, qs, qe, _o, _e, text = c
            return f"({who}) " + _mark(text, [(qs, qe, "[", "]"), (cs, ce, "<", ">")], ss, se)

        ctx = (f"{kind} ({scope}, {method}, {conf:.2f}; evidence: {evidence})\n    A {fa}: {show(a, who_a)}\n"
               f"    B {fb}: {show(b, who_b)}")
        items.append(Item("relations", f"{kind}/{scope}", key, fp, ctx))
    return items


def items_of(audit: str, db: Path | None) -> list[Item]:
    if audit == "attributions":
        return attribution_items()
    if db is None or not db.exists():
        sys.exit(f"the {audit} audit reads a database: run `audit.py build DB` first and pass --db DB")
    return source_items(db) if audit == "sources" else relation_items(db)


def sample(items: list[Item], size: int) -> list[Item]:
    by_stratum: dict[str, list[Item]] = defaultdict(list)
    for it in sorted(items, key=lambda i: i.key):
        by_stratum[it.stratum].append(it)
    out = []
    for stratum in sorted(by_stratum):
        pool = by_stratum[stratum]
        out.extend(random.Random(f"{SEED}/{stratum}").sample(pool, min(size, len(pool))))
    return out


# ---- labels ------------------------------------------------------------------------------------------------------
def labels_path(audit: str) -> Path:
    return LABELS / f"{audit}.tsv"


def load_labels(audit: str) -> dict[tuple[str, str], tuple[str, str]]:
    path = labels_path(audit)
    out: dict[tuple[str, str], tuple[str, str]] = {}
    if not path.exists():
        return out
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("key\t"):
            continue
        key, fp, verdict, why = (line.split("\t") + ["", "", ""])[:4]
        out[(key, fp)] = (verdict, why)
    return out


def add_label(audit: str, key: str, fp: str, verdict: str, why: str) -> None:
    if verdict not in VERDICTS[audit]:
        sys.exit(f"verdict must be one of {', '.join(VERDICTS[audit])}")
    path = labels_path(audit)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        rule = "\n".join("# " + ln for ln in RULES[audit].splitlines())
        path.write_text(f"# Labels for benchmarks/audit.py {audit}: file and offsets, a fingerprint of what was "
                        f"judged, the verdict. No article text.\n{rule}\nkey\tfingerprint\tverdict\treason\n",
                        encoding="utf-8")
    with path.open("a", encoding="utf-8") as f:
        f.write(f"{key}\t{fp}\t{verdict}\t{why}\n")


def score(audit: str, db: Path | None, size: int | None) -> int:
    items = items_of(audit, db)
    chosen = sample(items, size or SIZES[audit])
    labels = load_labels(audit)
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    unlabelled = 0
    for it in chosen:
        got = labels.get((it.key_text, it.fingerprint))
        if got is None:
            unlabelled += 1
            per[it.stratum]["?"] += 1
        else:
            per[it.stratum][got[0]] += 1
            if got[1]:
                per[it.stratum][f"{got[0]}:{got[1]}"] += 1
    files = {it.key[1] if audit == "relations" else it.key[0] for it in chosen}
    print(f"{audit}: {len(items)} items in this build, {len(chosen)} sampled (seed {SEED}) from {len(files)} files, "
          f"{unlabelled} unlabelled")
    good = VERDICTS[audit][0]
    print(f"{'stratum':<22} {'items':>6} {'sampled':>8} {'labelled':>9} {good:>7} {'precision':>10}  reasons")
    total_items = defaultdict(int)
    for it in items:
        total_items[it.stratum] += 1
    for stratum in sorted(per):
        c = per[stratum]
        labelled = sum(v for k, v in c.items() if k in VERDICTS[audit])
        prec = f"{c[good] / labelled:.3f}" if labelled else "-"
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(c.items()) if ":" in k or (k != good and k != "?"
                                                                                      and k in VERDICTS[audit]))
        print(f"{stratum:<22} {total_items[stratum]:>6} {sum(c[v] for v in VERDICTS[audit]) + c['?']:>8} "
              f"{labelled:>9} {c[good]:>7} {prec:>10}  {reasons}")
    if unlabelled:
        print(f"{unlabelled} sampled items have no label for this build: `audit.py show {audit}` lists them")
    return 1 if unlabelled else 0


def show(audit: str, db: Path | None, size: int | None, everything: bool) -> None:
    labels = load_labels(audit)
    for it in sample(items_of(audit, db), size or SIZES[audit]):
        got = labels.get((it.key_text, it.fingerprint))
        if got is not None and not everything:
            continue
        print(f"KEY {it.key_text}\nFP  {it.fingerprint}{'  LABEL ' + '/'.join(got) if got else ''}\n    {it.context}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="ingest the audit corpora into a new SQLite database")
    b.add_argument("db", type=Path)
    for name in ("score", "show"):
        p = sub.add_parser(name)
        p.add_argument("audit", choices=sorted(RULES))
        p.add_argument("--db", type=Path)
        p.add_argument("--size", type=int, help="sample size per stratum (default: the audit's)")
        if name == "show":
            p.add_argument("--all", action="store_true", help="labelled items too")
    lb = sub.add_parser("label", help="record a verdict for one sampled item (KEY as `show` prints it)")
    lb.add_argument("audit", choices=sorted(RULES))
    lb.add_argument("key")
    lb.add_argument("verdict")
    lb.add_argument("--why", default="")
    lb.add_argument("--db", type=Path)
    args = ap.parse_args()
    if not PAGES.is_dir():
        sys.exit(skip("audit", "the news pages", PAGES))
    if args.cmd == "build":
        build(args.db)
    elif args.cmd == "score":
        sys.exit(score(args.audit, args.db, args.size))
    elif args.cmd == "show":
        show(args.audit, args.db, args.size, args.all)
    else:
        found = [it for it in items_of(args.audit, args.db) if it.key_text == args.key]
        if not found:
            sys.exit(f"no item with key {args.key} in this build")
        add_label(args.audit, args.key, found[0].fingerprint, args.verdict, args.why)


if __name__ == "__main__":
    main()
