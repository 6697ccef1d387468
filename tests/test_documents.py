"""Stored documents: listed, shown, removed with everything derived from them (decisions kept), replaced by a
changed text (same id, decisions carried over), and named in reports and exports by id, path or file name."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

PORT = """Port of Varna reopens after strike
Release time: 2025-05-03 10:00

The transport ministry said 14 ships left the port of Varna on Friday.
Dock workers' union leader Ivan Petrov said only 6 ships had left the port of Varna on Friday.
The ministry denied that claim on Saturday.
Fuel prices in Bulgaria rose by 12 percent in April.
"""
WIRE = [{"id": "b1", "title": "Varna port traffic", "published": "2025-05-04", "outlet": "Black Sea Herald",
         "text": "According to Reuters, 14 ships left the port of Varna on Friday.\n"
                 "Ivan Petrov denied that 14 ships had left the port of Varna on Friday.\n"},
        {"id": "b2", "title": "Ferry prices", "published": "2025-05-05", "outlet": "Black Sea Herald",
         "text": "The ferry operator said ticket prices would rise by 5 percent in June.\n"}]
SHIPS, DOCK = "The transport ministry said 14 ships", "Dock workers"


def _q(db_url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _ok(res):
    assert res.exit_code == 0, res.output
    return res


def _one_line_error(res, contains: str, code: int = 1):
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert contains in lines[0], lines[0]
    assert not res.stdout.strip()


def _corpus(tmp_path) -> tuple[str, str]:
    port = tmp_path / "port.txt"
    port.write_text(PORT, "utf-8")
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(r) + "\n" for r in WIRE), "utf-8")
    return str(port), str(wire)


def _cid(db_url: str, prefix: str) -> int:
    rows = _q(db_url, "SELECT claim_id FROM claims_v WHERE sentence_text LIKE :p ORDER BY claim_id", p=prefix + "%")
    assert rows, prefix
    return rows[0][0]


def _status(db_url: str, prefix: str) -> str:
    return _q(db_url, "SELECT review_status FROM claims_v WHERE sentence_text LIKE :p", p=prefix + "%")[0][0]


def _docs(cli) -> list[dict]:
    return json.loads(_ok(cli("documents", "list", "--format", "json")).stdout)


def test_list_and_show(cli, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    docs = _docs(cli)
    assert [(d["origin"], d["external_id"], d["format"]) for d in docs] == [
        (port, None, "txt"), (wire, "b1", "jsonl"), (wire, "b2", "jsonl")]
    assert docs[0]["title"] == "Port of Varna reopens after strike" and docs[0]["claims"] >= 3
    assert all(d["stories"] == 1 and d["sentences"] >= 1 for d in docs)
    table = _ok(cli("documents", "list")).stdout
    assert "port.txt" in table and "(3 rows)" in table
    shown = _ok(cli("documents", "show", "port.txt")).stdout
    assert f"origin:    {port}" in shown and "story 0:   Port of Varna reopens after strike" in shown
    assert "relations:" in shown and "decisions: 0 naming its claims" in shown
    # a JSON Lines file names its records; a record by its id
    assert _ok(cli("documents", "show", "wire.jsonl")).stdout.count("document:  ") == 2
    assert "JSON Lines id b2" in _ok(cli("documents", "show", "b2")).stdout


def test_rm_removes_everything_derived_and_keeps_decisions(cli, db_url, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    ships = _cid(db_url, SHIPS)
    _ok(cli("review", "confirm", str(ships), "--analyst", "ana"))
    _ok(cli("review", "relation", "add", str(_cid(db_url, "Ivan Petrov denied")), str(_cid(db_url, DOCK)),
            "--kind", "supports", "--analyst", "ana"))
    doc = _q(db_url, "SELECT id FROM document WHERE origin = :o", o=port)[0][0]
    claims = "SELECT id FROM claim WHERE document_id = :d"
    cross = _q(db_url, f"SELECT COUNT(*) FROM claim_relation WHERE (claim_id IN ({claims})) <> "
                       f"(target_claim_id IN ({claims}))", d=doc)[0][0]
    assert cross >= 2  # the wire's claims relate to the page's, both ways (an analyst's relation among them)
    decisions = _q(db_url, "SELECT COUNT(*) FROM review_decision")[0][0]

    # asked first: "no" changes nothing
    res = cli("documents", "rm", "port.txt", input="n\n")
    assert res.exit_code == 1 and "Remove it?" in res.stderr and "relations" in res.stderr
    assert _q(db_url, "SELECT COUNT(*) FROM document WHERE id = :d", d=doc) == [(1,)]

    res = _ok(cli("documents", "rm", "port.txt", "--yes"))
    assert "removed 1 document: 1 story" in res.stdout and "2 decisions about its claims kept" in res.stdout
    for table in ("document WHERE id", "story WHERE document_id", "sentence WHERE document_id",
                  "claim WHERE document_id"):
        assert _q(db_url, f"SELECT COUNT(*) FROM {table} = :d", d=doc) == [(0,)], table
    # no relation or key is left pointing at a removed claim, whichever document holds the other end
    assert _q(db_url, "SELECT COUNT(*) FROM claim_relation r WHERE r.claim_id NOT IN (SELECT id FROM claim) "
                      "OR r.target_claim_id NOT IN (SELECT id FROM claim)") == [(0,)]
    assert _q(db_url, "SELECT COUNT(*) FROM claim_key k WHERE k.claim_id NOT IN (SELECT id FROM claim)") == [(0,)]
    assert _q(db_url, "SELECT COUNT(*) FROM claim_source cs WHERE cs.claim_id NOT IN (SELECT id FROM claim)") == [(0,)]
    assert [d["origin"] for d in _docs(cli)] == [wire, wire]
    assert _q(db_url, "SELECT COUNT(*) FROM review_decision")[0][0] == decisions
    # the same text again: the decisions apply to its new rows
    _ok(cli("ingest", port))
    assert _status(db_url, SHIPS) == "confirmed"
    assert _q(db_url, "SELECT COUNT(*) FROM claim_relation WHERE kind = 'supports' AND origin = 'analyst' "
                      "AND target_claim_id = :t", t=_cid(db_url, DOCK)) == [(1,)]


def test_rm_several_and_bad_references(cli, db_url, tmp_path):
    port, wire = _corpus(tmp_path)
    (tmp_path / "other").mkdir()
    again = tmp_path / "other" / "port.txt"
    again.write_text(PORT.replace("14 ships", "15 ships"), "utf-8")
    _ok(cli("ingest", port, wire, str(again)))
    _one_line_error(cli("documents", "rm", "prot.txt", "--yes"), "no stored document matches 'prot.txt' "
                                                                 "(did you mean port.txt")
    res = cli("documents", "rm", "port.txt", "--yes")
    _one_line_error(res, "'port.txt' is ambiguous: it names 2 stored documents")
    assert port in res.stderr and str(again) in res.stderr
    _one_line_error(cli("documents", "show", ""), "an empty document reference")
    # all or nothing: one bad reference removes nothing
    _one_line_error(cli("documents", "rm", "b1", "nothing-like-it", "--yes"), "no stored document matches")
    assert len(_docs(cli)) == 4
    res = _ok(cli("documents", "rm", "b1", "other/port.txt", "--yes"))
    assert "removed 2 documents" in res.stdout
    assert [(d["origin"], d["external_id"]) for d in _docs(cli)] == [(port, None), (wire, "b2")]
    assert "Usage:" in cli("documents", "rm").stderr


def test_replace_keeps_the_id_and_carries_the_decisions(cli, db_url, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    doc = _q(db_url, "SELECT id FROM document WHERE origin = :o", o=port)[0][0]
    _ok(cli("review", "confirm", str(_cid(db_url, SHIPS)), "--analyst", "ana"))
    _ok(cli("review", "kind", str(_cid(db_url, DOCK)), "direct_quote", "--analyst", "ana"))
    _ok(cli("review", "relation", "add", str(_cid(db_url, "Ivan Petrov denied")), str(_cid(db_url, DOCK)),
            "--kind", "supports", "--analyst", "bo"))
    _ok(cli("review", "reject", str(_cid(db_url, "Fuel prices")), "--analyst", "bo"))
    # the page changes: a sentence comes in before the others (every offset moves), the fuel sentence changes
    changed = PORT.replace("The transport ministry said 14",
                           "Traffic resumed early on Friday morning.\nThe transport ministry said 14")
    changed = changed.replace("rose by 12 percent", "rose by 13 percent")
    (tmp_path / "port.txt").write_text(changed, "utf-8")
    res = _ok(cli("ingest", "--replace", port))
    assert "1 document: 0 added, 1 replaced, 0 already stored" in res.stderr
    assert [d["id"] for d in _docs(cli) if d["origin"] == port] == [doc]
    assert _q(db_url, "SELECT text FROM document WHERE id = :d", d=doc)[0][0] == changed
    assert _status(db_url, SHIPS) == "confirmed"
    dock = _q(db_url, "SELECT claim_kind, review_status FROM claims_v WHERE sentence_text LIKE :p", p=DOCK + "%")
    assert dock == [("direct_quote", "edited")]
    assert _q(db_url, "SELECT COUNT(*) FROM claim_relation WHERE kind = 'supports' AND origin = 'analyst' "
                      "AND target_claim_id = :t", t=_cid(db_url, DOCK)) == [(1,)]
    assert _status(db_url, "Fuel prices") == "auto"  # its sentence changed: that decision stays with the old text
    history = json.loads(_ok(cli("review", "history", "--format", "json")).stdout)
    assert [h["claim_id"] is not None for h in history] == [True, True, True, False]
    # the re-keyed decisions hold through re-analysis
    _ok(cli("reanalyse", "--all"))
    assert _status(db_url, SHIPS) == "confirmed"
    # the same text again replaces nothing
    assert "0 replaced, 1 already stored" in _ok(cli("ingest", "--replace", port)).stderr
    # without --replace, a changed text is one more document, as before
    (tmp_path / "port.txt").write_text(changed + "The port closed again on Sunday.\n", "utf-8")
    assert "1 added, 0 already stored" in _ok(cli("ingest", port)).stderr
    assert len([d for d in _docs(cli) if d["origin"] == port]) == 2


def test_replace_a_json_lines_record_by_its_id(cli, db_url, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    before = {d["external_id"]: d["id"] for d in _docs(cli) if d["external_id"]}
    _ok(cli("review", "confirm", str(_cid(db_url, "According to Reuters")), "--analyst", "ana"))
    records = [dict(WIRE[0], text="Shipping was slow on Friday.\n" + WIRE[0]["text"]), WIRE[1]]
    newer = tmp_path / "wire-2025-05-06.jsonl"  # a later export of the same feed: the ids say which is which
    newer.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    res = _ok(cli("ingest", "--replace", str(newer)))
    assert "2 documents: 0 added, 1 replaced, 1 already stored" in res.stderr
    after = {d["external_id"]: (d["id"], d["origin"]) for d in _docs(cli) if d["external_id"]}
    assert after == {"b1": (before["b1"], str(newer)), "b2": (before["b2"], wire)}
    assert _status(db_url, "According to Reuters") == "confirmed"


def test_report_and_export_parameters_that_name_nothing_are_errors(cli, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    _one_line_error(cli("report", "claims", "-p", "source=Nobody"), "report claims: source: no source named 'Nobody'")
    _one_line_error(cli("report", "denials", "-p", "source=Transport ministri"),
                    "no source named 'Transport ministri' (did you mean Transport ministry")
    _one_line_error(cli("report", "source-profile", "-p", "source=Ivan Petrof"), "did you mean Ivan Petrov")
    _one_line_error(cli("report", "article", "-p", "document=prot.txt"),
                    "report article: document: no stored document matches 'prot.txt' (did you mean port.txt")
    # a file name, a path, an id, a JSON Lines id: the same page
    by = {ref: json.loads(_ok(cli("report", "article", "-p", f"document={ref}", "--format", "json")).stdout)
          for ref in ("port.txt", port, "1")}
    assert by["port.txt"] == by[port] == by["1"] and by["port.txt"]
    assert {r["text"] for r in json.loads(_ok(cli("report", "article", "-p", "document=wire.jsonl",
                                                   "--format", "json")).stdout)} >= {WIRE[1]["text"].strip()}
    # export takes the same references and rejects the same values
    claims = json.loads(_ok(cli("export", "claims", "--document", "port.txt", "--format", "json")).stdout)
    assert claims and {c["document_origin"] for c in claims} == {port}
    _one_line_error(cli("export", "claims", "--document", "prot.txt"), "--document: no stored document matches")
    _one_line_error(cli("export", "claims", "--source", "Transport ministri"), "(did you mean Transport ministry")
    _one_line_error(cli("reanalyse", "--document", "prot.txt"), "no stored document matches 'prot.txt'")
    _one_line_error(cli("export", "claims", "--document", "wire"), "(did you mean wire.jsonl")


def test_replace_with_workers(cli, db_url, tmp_path):
    pages = []
    for i in range(3):
        p = tmp_path / f"port{i}.txt"
        p.write_text(PORT.replace("Varna", f"Varna-{i}"), "utf-8")
        pages.append(str(p))
    _ok(cli("ingest", *pages))
    ids = {d["origin"]: d["id"] for d in _docs(cli)}
    _ok(cli("review", "confirm", str(_cid(db_url, SHIPS + " left the port of Varna-1"))))
    for p in pages:
        Path(p).write_text("Traffic resumed on Friday.\n" + Path(p).read_text("utf-8"), "utf-8")
    res = _ok(cli("ingest", "--replace", "--jobs", "2", *pages))
    assert "3 documents: 0 added, 3 replaced" in res.stderr
    assert {d["origin"]: d["id"] for d in _docs(cli)} == ids
    assert _status(db_url, SHIPS + " left the port of Varna-1") == "confirmed"
