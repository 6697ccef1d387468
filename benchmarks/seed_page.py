"""Acceptance checks on the user's seed page (../shared/examples/putin-dprk-page.txt), as a table.

    .venv/bin/python benchmarks/seed_page.py [PATH]

Each row is one expectation from the issues (stories, titles, dates, sources, chains, denials); the
page is not shipped with claimtrack, so this is a benchmark, not a test. Exit status 1 if any check fails.
"""

from __future__ import annotations

import sys
from pathlib import Path

import _common

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline

DEFAULT = _common.SHARED / "examples" / "putin-dprk-page.txt"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not path.exists():
        return _common.skip("seed page", "the seed page", path)
    text = path.read_text("utf-8")
    analysis = Pipeline().analyse(RawDocument(str(path), text))
    stories = analysis.stories
    sentences = [s for st in stories for s in st.sentences]
    claims = [(s, c) for s in sentences for c in s.claims]

    def claim_in(fragment: str):
        return [(s, c) for s, c in claims if fragment in s.text]

    def sources_of(fragment: str, role: str | None = None) -> set[str]:
        return {src.name for _, c in claim_in(fragment) for src in c.sources if role is None or src.role == role}

    def date_of(phrase: str) -> set[str]:
        return {f"{d.date}{'..' + d.end if d.end else ''}" for _, c in claims for d in c.dates if phrase in d.phrase.text}

    checks: list[tuple[str, bool, str]] = []

    def check(name: str, ok: bool, detail: object = "") -> None:
        checks.append((name, bool(ok), str(detail)))

    titles = [st.title for st in stories]
    check("6 stories (article + 5 related)", len(stories) == 6, len(stories))
    check("article title", titles and titles[0] == "Three highlights of Putin's visit to North Korea", titles[:1])
    check("article published 2024-06-20T05:19", stories and stories[0].published == "2024-06-20T05:19",
          stories[0].published if stories else None)
    expected_starts = ["Need firm ideals", "But it was not successful", "A man died from being flooded",
                       "Zelensky: Missiles are not enough", "The Divine Fifteen Team"]
    check("related story titles", all(t and t.startswith(e) for t, e in zip(titles[1:], expected_starts, strict=False))
          and len(titles) == 6, [t[:30] if t else t for t in titles[1:]])
    check("no title keeps its tag tail", all(t and " | " not in t for t in titles), "")
    junk = [s for s in sentences if s.kind in ("boilerplate", "metadata") and s.claims]
    tagged = [s for s in sentences if " | " in s.text and s.claims]
    check("no junk line carries a claim", not junk and not tagged, [s.text[:40] for s in junk + tagged])
    dup_titles = [s for s in sentences if s.kind != "boilerplate" and sum(1 for x in sentences if x.text == s.text) > 1]
    check("repeated headlines are boilerplate", not dup_titles, [s.text[:40] for s in dup_titles])
    check("'Release time' is metadata", any(s.kind == "metadata" and s.text.startswith("Release time") for s in sentences))
    check("Reuters cited", "Reuters" in sources_of("According to Reuters"), sources_of("According to Reuters"))
    check("CNN cited", {"CNN"} <= sources_of("A CNN report stated"), sources_of("A CNN report stated"))
    check("TASS quoting Putin: speaker Putin", any("Putin" in n for n in sources_of("TASS quoted Putin", "speaker")),
          sources_of("TASS quoted Putin", "speaker"))
    check("TASS quoting Putin: reporter TASS", "TASS" in sources_of("TASS quoted Putin", "reporter"),
          sources_of("TASS quoted Putin", "reporter"))
    nis = sources_of("according to South Korea's intelligence agency")
    check("South Korea's intelligence agency canonical", any("Intelligence" in n and "Korea" in n for n in nis), nis)
    mod = sources_of("the Russian Ministry of Defense stated that the Ukrainian army")
    check("Russian Ministry of Defense", any("Defense" in n and "Russia" in n for n in mod), mod)
    kon = [src for _, c in claim_in("Igor Konashenkov") for src in c.sources]
    check("Konashenkov, part of the Russian MoD", any("Konashenkov" in s.name and s.parent and "Defense" in s.parent
                                                     for s in kon), [(s.name, s.parent) for s in kon])
    nhk = sources_of("Japan Broadcasting Association")
    check("Japan Broadcasting Association → NHK", "NHK" in nhk, nhk)
    meti = sources_of("Ministry of Economy, Trade and Industry")
    check("METI as one source", len(meti) == 1 and any("Economy" in n for n in meti), meti)
    he = sources_of("He stated that providing Ukraine")
    check("'He stated' → Zelensky", any("Zelensky" in n for n in he), he)
    us_sk = sources_of("According to the United States and South Korea")
    check("several sources: United States + South Korea", {"United States", "South Korea"} <= us_sk, us_sk)
    kortunov = sources_of("Kortunov was quoted as saying")
    check("Kortunov quoted (expert)", any("Kortunov" in n for n in kortunov), kortunov)
    denial = claim_in("flatly denied it")
    deniers = {src.name for _, c in denial for src in c.sources if c.kind == "denial"}
    check("denial by Russia and North Korea", {"Russia", "North Korea"} <= deniers, deniers)
    target_ok = False
    for _s, c in denial:
        for r in c.relations:
            tgt = next((x for x in sentences if x.start == r.target_sentence_start), None)
            if r.kind == "denies" and tgt is not None and "10,000 containers" in tgt.text:
                target_ok = True
    check("denial linked to the 10,000-container claim", target_ok)
    for phrase, want in (("June 5th", "2024-06-05"), ("morning of the 4th", "2024-06-04"), ("June 2nd", "2024-06-02"),
                         ("February 10th to 4th", "2024-02-10.."), ("24 years ago in 2000", "2000-01-01")):
        got = date_of(phrase)
        check(f"date «{phrase}» → {want}", any(g.startswith(want) for g in got), got)

    width = max(len(n) for n, _, _ in checks)
    print(f"{'check'.ljust(width)}  result  detail")
    print(f"{'-' * width}  ------  ------")
    for name, ok, detail in checks:
        print(f"{name.ljust(width)}  {'ok' if ok else 'FAIL':6}  {'' if ok else detail[:100]}")
    passed = sum(ok for _, ok, _ in checks)
    print(f"\n{passed}/{len(checks)} checks passed")
    return 0 if passed == len(checks) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
