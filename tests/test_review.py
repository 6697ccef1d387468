"""Review: decisions are recorded (who, when, what) and survive re-ingest and re-analysis, on both databases."""

from __future__ import annotations

import json

from sqlalchemy import create_engine, text

PORT = """Port of Varna reopens after strike
Release time: 2025-05-03 10:00

The transport ministry said 14 ships left the port of Varna on Friday.
Dock workers' union leader Ivan Petrov said only 6 ships had left the port of Varna on Friday.
The ministry denied that claim on Saturday.
Fuel prices in Bulgaria rose by 12 percent in April.
-5 degrees were recorded in Varna on Thursday, the weather service said.
"""
WIRE = {"id": "b1", "title": "Varna port traffic", "published": "2025-05-04", "outlet": "Black Sea Herald",
        "text": "According to Reuters, 14 ships left the port of Varna on Friday.\n"
                "The transport ministry said the strike had ended.\n"}


def _corpus(tmp_path) -> tuple[str, str]:
    a = tmp_path / "port.txt"
    a.write_text(PORT, "utf-8")
    b = tmp_path / "wire.jsonl"
    b.write_text(json.dumps(WIRE) + "\n", "utf-8")
    return str(a), str(b)


def _q(db_url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _cid(db_url: str, prefix: str) -> int:
    """The (current) id of the first claim whose sentence starts with ``prefix``."""
    rows = _q(db_url, "SELECT claim_id FROM claims_v WHERE sentence_text LIKE :p ORDER BY claim_id", p=prefix + "%")
    assert rows, prefix
    return rows[0][0]


def _claim(db_url: str, prefix: str) -> dict:
    rows = _q(db_url, "SELECT claim_id, claim_kind, review_status, speakers, reporters FROM claims_v "
                      "WHERE sentence_text LIKE :p ORDER BY claim_id", p=prefix + "%")
    assert len(rows) == 1, rows
    return dict(zip(("id", "kind", "status", "speakers", "reporters"), rows[0], strict=True))


def _ok(res):
    assert res.exit_code == 0, res.output
    return res


def _one_line_error(res, code: int = 1, contains: str = ""):
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    if code == 2:  # usage errors: click's usage lines, then one "Error: …" line
        lines = lines[-1:]
        assert lines[0].startswith("Error:")
    assert len(lines) == 1, res.stderr
    assert contains in lines[0]


DOCK, MIN, FUEL, WEATHER, WIRE_SHIPS, STRIKE = ("Dock workers", "The ministry denied", "Fuel prices",
                                               "-5 degrees", "According to Reuters", "The transport ministry said the strike")
SHIPS = "The transport ministry said 14 ships"


def _decide_everything(cli, db_url):
    """One decision of every kind; returns nothing (the state is checked through sentence texts)."""
    _ok(cli("review", "confirm", str(_cid(db_url, SHIPS)), str(_cid(db_url, WIRE_SHIPS)), "--analyst", "ana",
            "--note", "checked against the ministry's release"))
    _ok(cli("review", "reject", str(_cid(db_url, WEATHER)), "--analyst", "ana"))
    _ok(cli("review", "kind", str(_cid(db_url, DOCK)), "direct_quote", "--analyst", "bo"))
    _ok(cli("review", "source", str(_cid(db_url, FUEL)), "Bulgarian statistics office", "--new", "government",
            "--analyst", "bo"))
    _ok(cli("review", "source", str(_cid(db_url, DOCK)), "Radio Varna", "--add", "--role", "reporter",
            "--new", "broadcaster", "--analyst", "bo"))
    _ok(cli("review", "relation", "add", str(_cid(db_url, STRIKE)), str(_cid(db_url, DOCK)), "--kind", "contradicts",
            "--evidence", "strike over vs. 6 ships", "--analyst", "cy"))
    denial = _cid(db_url, MIN)
    denied = _q(db_url, "SELECT target_claim_id FROM claim_relation WHERE claim_id = :c AND kind = 'denies'", c=denial)
    assert denied, "the pipeline links the ministry's denial"
    _ok(cli("review", "relation", "remove", str(denial), str(denied[0][0]), "--kind", "denies", "--analyst", "cy"))
    return _q(db_url, "SELECT sentence_text FROM claims_v WHERE claim_id = :c", c=denied[0][0])[0][0]


def _check_decided_state(db_url, denied_sentence: str):
    assert _claim(db_url, SHIPS)["status"] == "confirmed"
    assert _claim(db_url, WIRE_SHIPS)["status"] == "confirmed"
    assert _q(db_url, "SELECT review_status FROM claims_v WHERE sentence_text LIKE :p", p=WEATHER + "%") == [("rejected",)]
    dock = _claim(db_url, DOCK)
    assert dock["kind"] == "direct_quote" and dock["status"] == "edited"
    assert dock["reporters"] == "Radio Varna" and "Petrov" in dock["speakers"]
    fuel = _claim(db_url, FUEL)
    assert fuel["speakers"] == "Bulgarian statistics office" and fuel["status"] == "edited"
    rels = _q(db_url, "SELECT r.kind, r.origin, r.status, r.evidence FROM claim_relation r WHERE r.claim_id = :a "
                      "AND r.target_claim_id = :b", a=_cid(db_url, STRIKE), b=_cid(db_url, DOCK))
    assert rels == [("contradicts", "analyst", "confirmed", "strike over vs. 6 ships")]
    denies = _q(db_url, "SELECT r.status FROM claim_relation r JOIN claims_v t ON t.claim_id = r.target_claim_id "
                        "WHERE r.claim_id = :a AND r.kind = 'denies' AND t.sentence_text = :t",
                a=_cid(db_url, MIN), t=denied_sentence)
    assert denies == [("rejected",)]
    assert _q(db_url, "SELECT COUNT(*) FROM denials_v d JOIN claims_v t ON t.claim_id = d.denied_claim_id "
                      "WHERE d.denial_claim_id = :a AND t.sentence_text = :t", a=_cid(db_url, MIN), t=denied_sentence) == [(0,)]


def test_every_decision_recorded_and_applied(cli, db_url, tmp_path, monkeypatch):
    _ok(cli("ingest", *_corpus(tmp_path)))
    denied = _decide_everything(cli, db_url)
    _check_decided_state(db_url, denied)
    monkeypatch.setattr("getpass.getuser", lambda: "os-user")
    _ok(cli("review", "confirm", str(_cid(db_url, FUEL))))
    hist = json.loads(_ok(cli("review", "history", "--format", "json")).stdout)
    assert [h["action"] for h in hist] == ["confirm", "confirm", "reject", "set-kind", "set-source", "add-source",
                                            "add-relation", "remove-relation", "confirm"]
    assert [h["analyst"] for h in hist] == ["ana", "ana", "ana", "bo", "bo", "bo", "cy", "cy", "os-user"]
    assert all(h["at"] and h["claim_id"] for h in hist)
    assert hist[0]["note"] == "checked against the ministry's release"
    assert hist[6]["target_claim_id"] == _cid(db_url, DOCK) and "kind=contradicts" in hist[6]["details"]
    # an edit does not undo a verdict: the confirmed fuel claim stays confirmed when its kind changes
    _ok(cli("review", "kind", str(_cid(db_url, FUEL)), "indirect_quote"))
    assert _claim(db_url, FUEL)["status"] == "confirmed"
    one = json.loads(_ok(cli("review", "history", "--claim", str(_cid(db_url, DOCK)), "--format", "json")).stdout)
    assert {"set-kind", "add-source", "add-relation"} <= {h["action"] for h in one}
    about_denial = json.loads(_ok(cli("review", "history", "--claim", str(_cid(db_url, MIN)), "--format", "json")).stdout)
    assert [h["action"] for h in about_denial] == ["remove-relation"]
    shown = _ok(cli("review", "show", str(_cid(db_url, DOCK)))).stdout
    assert "direct_quote" in shown and "Radio Varna" in shown and "(analyst)" in shown and "set-kind" in shown


def test_reports_and_exports_follow_the_decisions(cli, db_url, tmp_path):
    _ok(cli("ingest", *_corpus(tmp_path)))
    _decide_everything(cli, db_url)
    claims = json.loads(_ok(cli("report", "claims", "--format", "json")).stdout)
    assert not any(r["claim_id"] == _cid(db_url, WEATHER) for r in claims)  # rejected: left out
    confirmed = json.loads(_ok(cli("report", "claims", "--param", "confirmed=1", "--format", "json")).stdout)
    assert sorted(r["claim_id"] for r in confirmed) == sorted([_cid(db_url, SHIPS), _cid(db_url, WIRE_SHIPS)])
    assert {r["review_status"] for r in confirmed} == {"confirmed"}
    exported = _ok(cli("export", "claims", "--confirmed", "--per", "claim", "--format", "json")).stdout
    assert sorted(r["claim_id"] for r in json.loads(exported)) == sorted(r["claim_id"] for r in confirmed)
    contra = json.loads(_ok(cli("report", "contradictions", "--format", "json")).stdout)
    assert any(r["claim_a_id"] == _cid(db_url, STRIKE) and r["claim_b_id"] == _cid(db_url, DOCK) for r in contra)


def test_decisions_survive_reanalysis(cli, db_url, tmp_path):
    _ok(cli("ingest", *_corpus(tmp_path)))
    denied = _decide_everything(cli, db_url)
    ids_before = {r[0] for r in _q(db_url, "SELECT id FROM claim")}
    n_before = _q(db_url, "SELECT COUNT(*) FROM claim")[0][0]
    res = _ok(cli("reanalyse", "--all"))
    assert "2 documents re-analysed" in res.stderr and "review decisions re-applied" in res.stderr
    ids_after = {r[0] for r in _q(db_url, "SELECT id FROM claim")}
    assert not ids_before & ids_after  # every claim row was rebuilt …
    assert len(ids_after) == n_before
    _check_decided_state(db_url, denied)  # … and every decision applies to the new rows
    # one document by reference, twice over: still the same state, nothing duplicated
    _ok(cli("reanalyse", "--document", "b1"))
    _ok(cli("reanalyse", "--document", "1", "--document", str(tmp_path / "port.txt")))
    _check_decided_state(db_url, denied)
    assert _q(db_url, "SELECT COUNT(*) FROM claim")[0][0] == n_before
    assert _q(db_url, "SELECT COUNT(*) FROM document")[0][0] == 2
    runs = _q(db_url, "SELECT command, status FROM ingest_run ORDER BY id")
    assert runs[-1] == (f"reanalyse 1 {tmp_path / 'port.txt'}", "ok")


def test_decisions_survive_reingest(cli, db_url, tmp_path):
    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    denied = _decide_everything(cli, db_url)
    res = _ok(cli("ingest", port, wire))
    assert "2 already stored" in res.stderr
    _check_decided_state(db_url, denied)
    # the documents are removed (e.g. a database rebuilt from the archive) and ingested again from the files:
    # the recorded decisions are applied to the new rows
    engine = create_engine(db_url)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
        conn.execute(text("DELETE FROM document"))
    engine.dispose()
    assert _q(db_url, "SELECT COUNT(*) FROM claim") == [(0,)]
    _ok(cli("ingest", port, wire))
    _check_decided_state(db_url, denied)


def test_merge_survives_reanalysis(cli, db_url, tmp_path):
    ferries = tmp_path / "ferries.txt"
    ferries.write_text("The Bulgarian transport ministry said 3 ferries were delayed in Varna.\n", "utf-8")
    _ok(cli("ingest", *_corpus(tmp_path), str(ferries)))
    assert _claim(db_url, "The Bulgarian transport")["speakers"] == "Bulgarian transport ministry"
    res = _ok(cli("review", "merge", "Bulgarian transport ministry", "Transport ministry", "--analyst", "ana", "--yes"))
    assert "merged Bulgarian transport ministry into Transport ministry" in res.stdout
    assert _claim(db_url, "The Bulgarian transport")["speakers"] == "Transport ministry"
    _ok(cli("reanalyse", "--all"))
    assert _claim(db_url, "The Bulgarian transport")["speakers"] == "Transport ministry"
    names = {r[0] for r in _q(db_url, "SELECT source FROM source_stats_v")}
    assert "Bulgarian transport ministry" not in names and "Transport ministry" in names
    hist = json.loads(_ok(cli("review", "history", "--format", "json")).stdout)
    assert [(h["action"], h["analyst"]) for h in hist] == [("merge", "ana")]
    assert "from=Bulgarian transport ministry into=Transport ministry" in hist[0]["details"]


def test_reanalysis_is_one_transaction_per_document(cli, db_url, tmp_path, monkeypatch):
    _ok(cli("ingest", *_corpus(tmp_path)))
    _ok(cli("review", "reject", str(_cid(db_url, FUEL))))
    before = _q(db_url, "SELECT id, kind, review_status FROM claim ORDER BY id")
    from claimtrack.pipeline import Pipeline

    real = Pipeline.analyse

    def flaky(self, doc):
        if doc.id == "b1":
            raise RuntimeError("lexicon exploded")
        return real(self, doc)

    monkeypatch.setattr(Pipeline, "analyse", flaky)
    res = cli("reanalyse", "--all")
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "could not be re-analysed" in res.stderr.strip().splitlines()[-1]
    assert "document 2: RuntimeError: lexicon exploded" in res.stderr
    after = _q(db_url, "SELECT id, kind, review_status, document_id FROM claim ORDER BY id")
    wire_doc = _q(db_url, "SELECT id FROM document WHERE external_id = 'b1'")[0][0]
    kept = [r[:3] for r in after if r[3] == wire_doc]
    assert kept and set(kept) <= set(before)  # the failed document was left exactly as it was
    assert _claim(db_url, FUEL)["status"] == "rejected"  # the other one was rebuilt, decision re-applied
    assert _cid(db_url, FUEL) not in {r[0] for r in before}


def test_review_errors_are_one_line(cli, db_url, tmp_path):
    _ok(cli("ingest", *_corpus(tmp_path)))
    _one_line_error(cli("review", "confirm", "99999"), 1, "no claim with id 99999")
    # several ids: all or none; a bad one leaves the good ones as they were and prints no success line
    res = cli("review", "reject", str(_cid(db_url, FUEL)), "99999")
    _one_line_error(res, 1, "no claim with id 99999")
    assert "rejected" not in res.stdout and _claim(db_url, FUEL)["status"] == "auto"
    _one_line_error(cli("review", "kind", str(_cid(db_url, FUEL)), "rumour"), 2)
    _one_line_error(cli("review", "source", str(_cid(db_url, FUEL)), "Nobody We Know"), 1, "--new")
    c = _cid(db_url, FUEL)
    _one_line_error(cli("review", "relation", "add", str(c), str(c), "--kind", "supports"), 1, "itself")
    _one_line_error(cli("review", "relation", "remove", str(c), str(_cid(db_url, SHIPS)), "--kind", "denies"), 1,
                    "no denies relation")
    _one_line_error(cli("reanalyse"), 2, "--all")
    _one_line_error(cli("reanalyse", "--document", "no-such-doc"), 1, "no stored document matches 'no-such-doc'")
    assert json.loads(_ok(cli("review", "history", "--format", "json")).stdout) == []  # nothing half-recorded


def test_fingerprint_match_follows_a_claim_whose_kind_the_pipeline_now_reads_differently():
    from claimtrack.store.review import _match

    claims = {"abc:10:14:indirect_quote": "A", "abc:50:50:assertion": "B", "abc:90:92:denial": "C",
              "abc:90:95:assertion": "D"}
    assert _match(claims, "abc:10:14:indirect_quote") == "A"
    assert _match(claims, "abc:10:14:direct_quote") == "A"  # same place, new kind
    assert _match(claims, "abc:50:51:assertion") is None  # another place
    assert _match(claims, "abc:90:92:assertion") == "C"
    assert _match(claims, None) is None


def test_reanalysis_of_unchanged_inputs_rebuilds_the_same_rows(cli, db_url, fixture_path):
    """Every input format: the stored text through the same pipeline gives the same claims, sources and dates."""
    for name in ("page.txt", "articles.jsonl", "article.html"):
        _ok(cli("ingest", fixture_path(name)))
    state = ("SELECT c.fingerprint, c.kind, c.cue_start, c.content_start, c.content_end, c.event_date, se.char_start, "
             "se.char_end, se.kind, st.title, st.published, d.title, d.published, "
             "(SELECT COUNT(*) FROM claim_source cs WHERE cs.claim_id = c.id) "
             "FROM claim c JOIN sentence se ON se.id = c.sentence_id JOIN story st ON st.id = c.story_id "
             "JOIN document d ON d.id = c.document_id ORDER BY c.fingerprint")
    before = _q(db_url, state)
    sources_before = _q(db_url, "SELECT cs.role, s.name, cs.mention_start FROM claim_source cs JOIN source s "
                                "ON s.id = cs.source_id ORDER BY s.name, cs.role, cs.mention_start")
    assert len(before) > 10
    res = _ok(cli("reanalyse", "--all"))
    assert f"{len(before)} claims before, {len(before)} after" in res.stderr
    assert _q(db_url, state) == before
    assert _q(db_url, "SELECT cs.role, s.name, cs.mention_start FROM claim_source cs JOIN source s "
                      "ON s.id = cs.source_id ORDER BY s.name, cs.role, cs.mention_start") == sources_before


def test_help(cli_nodb):  # every command's --help: tests/test_cli.py
    assert "--analyst" in cli_nodb("review", "confirm", "--help").stdout
    assert "--all" in cli_nodb("reanalyse", "--help").stdout


def test_decisions_of_a_document_are_found_through_an_index(cli, db_url, tmp_path):
    """Each stored document looks up the decisions naming its claims; with many decisions recorded that
    look-up must come from the indexes on the fingerprints' document part (migration 0006), not a scan of
    every decision per document."""
    from claimtrack.store import schema as m
    from claimtrack.store.decisions import about_document
    from claimtrack.store.ingest import document_part

    assert len(document_part("ab" * 32)) == m.DOC_PART  # what the indexes hold is how fingerprints open

    port, wire = _corpus(tmp_path)
    _ok(cli("ingest", port, wire))
    _decide_everything(cli, db_url)
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            sha = conn.execute(text("SELECT sha256 FROM document ORDER BY id")).scalars().first()
            from sqlalchemy import select

            query = select(m.ReviewDecision.id).where(about_document(sha))
            found = conn.execute(query).scalars().all()
            fingerprints = conn.execute(text("SELECT claim_fingerprint, target_fingerprint FROM review_decision")).all()
            assert found and len(found) == sum(
                1 for a, b in fingerprints if (a or "").startswith(sha[:20] + ":") or (b or "").startswith(sha[:20] + ":"))
            sql = str(query.compile(conn, compile_kwargs={"literal_binds": True}))
            if engine.dialect.name == "sqlite":
                plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql))
                assert "ix_review_decision_claim_doc" in plan and "ix_review_decision_target_doc" in plan, plan
                assert "SCAN review_decision" not in plan, plan
            else:
                conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a few rows: make the planner show its index
                plan = " ".join(r[0] for r in conn.exec_driver_sql("EXPLAIN " + sql))
                assert "ix_review_decision_claim_doc" in plan and "ix_review_decision_target_doc" in plan, plan
                assert "Seq Scan on review_decision" not in plan, plan
    finally:
        engine.dispose()
