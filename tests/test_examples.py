"""The shipped examples (the README's main job) come out right."""

from __future__ import annotations

import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _sentence(recs, fragment):
    return next(s for r in recs for s in r["sentences"] if fragment in s["text"])


def _sources(sentence, role=None):
    return {src["name"] for c in sentence["claims"] for src in c["sources"] if role is None or src["role"] == role}


def test_black_sea_page(cli_nodb):
    recs = _records(cli_nodb("extract", str(EXAMPLES / "black-sea-page.txt")).stdout)
    assert len(recs) == 6  # the article, a junk slogan block, four related stories
    first = recs[0]["story"]
    assert first["title"].startswith("The Black Sea is restless again")
    assert first["published"] == "2025-03-14T09:42"
    assert all(" | " not in (r["story"]["title"] or "") for r in recs)
    for r in recs:
        for s in r["sentences"]:
            if " | " in s["text"] or s["kind"] in ("boilerplate", "metadata"):
                assert not s["claims"], s["text"]

    chain = _sentence(recs, "Interfax quoted Dmitry Peskov")
    assert "Dmitry Peskov" in _sources(chain, "speaker") and "Interfax" in _sources(chain, "reporter")
    assert "Dmitry Peskov" in _sources(_sentence(recs, "He stated that reports about warships"))

    denial = _sentence(recs, "flatly denied it")
    assert denial["kind"] == "denial"
    assert {"Russia", "Turkey"} <= _sources(denial)
    claim = _sentence(recs, "According to Ukraine's military intelligence")
    assert any(r["kind"] == "denies" and r["target_sentence_start"] == claim["start"]
               for c in denial["claims"] for r in c["relations"])
    intel = {src["kind"] for c in claim["claims"] for src in c["sources"]}
    assert "intelligence" in intel
    assert claim["claims"][0]["event_date"] == "2025-03-03"

    keceli = [src for c in _sentence(recs, "Oncu Keceli said")["claims"] for src in c["sources"]]
    assert any(s["name"] == "Oncu Keceli" and s["kind"] == "person" and s["parent"] for s in keceli)
    tuesday = _sentence(recs, "On Tuesday, the day before the attack")
    assert tuesday["claims"][0]["event_date"] == "2025-03-11"  # published Friday 14 March


def test_jsonl_and_html_examples(cli_nodb):
    recs = _records(cli_nodb("extract", str(EXAMPLES / "articles.jsonl")).stdout)
    assert [r["document"]["id"] for r in recs] == [
        json.loads(line)["id"] for line in (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines() if line.strip()]
    html = _records(cli_nodb("extract", str(EXAMPLES / "harbour-fire.html")).stdout)
    assert html[0]["story"]["published"].startswith("2025-02-03")
    assert html[0]["document"]["outlet"]


def test_main_job_on_examples(cli):
    res = cli("ingest", str(EXAMPLES))
    assert res.exit_code == 0, res.output
    rows = json.loads(cli("report", "sources", "--format", "json").stdout)
    names = {r["source"] for r in rows}
    assert {"Reuters", "Interfax", "Dmitry Peskov", "Russia", "Turkey"} <= names
    denials = json.loads(cli("report", "denials", "--format", "json").stdout)
    assert {"Russia", "Turkey"} <= {d["denier"] for d in denials}
