"""The spine end to end: ingest → store → report → export on SQLite and PostgreSQL, and the CLI contract."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, inspect, select

from claimtrack.store import schema as m


def _records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


# ---- extract: the JSON contract ---------------------------------------------------------------------
def test_extract_json_contract_offsets_index_the_input(cli_nodb, fixture_path):
    path = fixture_path("page.txt")
    text = open(path, encoding="utf-8").read()
    res = cli_nodb("extract", path)
    assert res.exit_code == 0, res.output
    recs = _records(res.stdout)
    assert [r["story"]["ordinal"] for r in recs] == [0, 1]
    assert recs[0]["document"] == {**recs[0]["document"], "origin": path, "id": None}
    assert recs[0]["story"]["title"] == "Five takeaways from the Baltic pipeline dispute"
    assert recs[0]["story"]["published"] == "2025-09-12T08:30"
    assert recs[1]["story"]["title"] == "Storm leaves thousands without power"
    for rec in recs:
        st = rec["story"]
        assert 0 <= st["start"] < st["end"] <= len(text)
        for s in rec["sentences"]:
            assert text[s["start"] : s["end"]] == s["text"]
            assert s["kind"] in ("claim", "attributed", "denial", "opinion", "question", "boilerplate", "metadata", "other")
            for c in s["claims"]:
                assert set(c) >= {"kind", "cue", "content", "event_date", "sources", "relations"}
                if c["cue"]:
                    assert text[c["cue"]["start"] : c["cue"]["end"]] == c["cue"]["text"]
                if c["content"]:
                    assert s["start"] <= c["content"]["start"] < c["content"]["end"] <= s["end"]
                for src in c["sources"]:
                    assert src["role"] in ("speaker", "reporter")
                    if src["mention"]:
                        mm = src["mention"]
                        assert text[mm["start"] : mm["end"]] == mm["text"]


def _claims_by_text(recs):
    out = {}
    for rec in recs:
        for s in rec["sentences"]:
            out[s["text"]] = s
    return out


def test_extract_finds_sources_chain_and_denial(cli_nodb, fixture_path):
    recs = _records(cli_nodb("extract", fixture_path("page.txt")).stdout)
    by = _claims_by_text(recs)
    reuters = next(s for t, s in by.items() if t.startswith("According to Reuters"))
    assert reuters["kind"] == "attributed"
    assert reuters["claims"][0]["sources"][0]["name"] == "Reuters"
    assert reuters["claims"][0]["event_date"] == "2025-09-09"
    chain = next(s for t, s in by.items() if t.startswith("Interfax quoted"))
    roles = {(src["name"], src["role"]) for src in chain["claims"][0]["sources"]}
    assert ("Dmitry Peskov", "speaker") in roles
    assert ("Interfax", "reporter") in roles
    denial = next(s for t, s in by.items() if "flatly denied" in t)
    assert denial["kind"] == "denial"
    claim = denial["claims"][0]
    assert claim["kind"] == "denial"
    assert {src["name"] for src in claim["sources"]} == {"Russia", "China"}
    target = next(s for t, s in by.items() if t.startswith("According to Finland's intelligence agency"))
    assert claim["relations"] == [{**claim["relations"][0], "kind": "denies", "target_sentence_start": target["start"]}]


def test_extract_table_and_stdin(cli_nodb):
    res = cli_nodb("extract", "-", "--format", "table", input="Reuters said the talks failed.\n")
    assert res.exit_code == 0
    assert "Reuters" in res.stdout and "attributed" in res.stdout


def test_extract_jsonl_carries_record_ids(cli_nodb, fixture_path):
    recs = _records(cli_nodb("extract", fixture_path("articles.jsonl")).stdout)
    assert [r["document"]["id"] for r in recs] == ["a1", "a2"]
    lines = open(fixture_path("articles.jsonl"), encoding="utf-8").read().splitlines()
    body = json.loads(lines[1])["text"]
    for s in recs[1]["sentences"]:
        assert body[s["start"] : s["end"]] == s["text"]
    assert recs[0]["story"]["published"] == "2025-03-01"


def test_extract_html_reports_extracted_text(cli_nodb, fixture_path):
    recs = _records(cli_nodb("extract", fixture_path("article.html")).stdout)
    doc = recs[0]["document"]
    assert doc["format"] == "html" and "text" in doc
    assert "Home" not in doc["text"] and "cookies" not in doc["text"]
    assert recs[0]["story"]["title"] == "Dam inspection finds cracks"
    assert recs[0]["story"]["published"].startswith("2025-04-07")
    for s in recs[0]["sentences"]:
        assert doc["text"][s["start"] : s["end"]] == s["text"]


# ---- ingest / store ----------------------------------------------------------------------------------
def test_ingest_stores_what_extract_reports(cli, db_url, fixture_path):
    path = fixture_path("page.txt")
    extracted = _records(cli("extract", path).stdout)
    res = cli("ingest", path)
    assert res.exit_code == 0, res.output
    from claimtrack.store.db import open_database

    engine, factory = open_database(db_url)
    with factory() as s:
        rows = s.execute(select(m.Sentence.char_start, m.Sentence.char_end, m.Sentence.kind)
                         .order_by(m.Sentence.char_start)).all()
        n_claims = s.scalar(select(func.count()).select_from(m.Claim))
        n_rel = s.scalar(select(func.count()).select_from(m.ClaimRelation))
    expected = sorted((x["start"], x["end"], x["kind"]) for r in extracted for x in r["sentences"])
    assert [tuple(r) for r in rows] == expected
    assert n_claims == sum(len(x["claims"]) for r in extracted for x in r["sentences"])
    assert n_rel == sum(len(c["relations"]) for r in extracted for x in r["sentences"] for c in x["claims"])
    engine.dispose()


def test_reingest_adds_nothing(cli, db_url, fixture_path):
    assert cli("ingest", fixture_path("page.txt")).exit_code == 0
    from claimtrack.store.db import open_database

    engine, factory = open_database(db_url)

    def counts():
        with factory() as s:
            return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                         (m.Document, m.Story, m.Sentence, m.Claim, m.ClaimSource, m.Source, m.ClaimRelation))

    before = counts()
    res = cli("ingest", fixture_path("page.txt"))
    assert res.exit_code == 0
    assert "1 already stored" in res.stderr
    assert counts() == before
    engine.dispose()


def test_failure_mid_document_leaves_nothing(db, fixture_path, monkeypatch):
    from claimtrack import app
    from claimtrack.reader import read_path
    from claimtrack.store import ingest as store_ingest

    engine, factory = db
    docs = read_path(fixture_path("articles.jsonl"))
    real = store_ingest.fingerprint
    calls = {"n": 0}

    def flaky(*a, **k):  # fails on the second claim, after the document, story and sentences were written
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return real(*a, **k)

    monkeypatch.setattr(store_ingest, "fingerprint", flaky)
    summary = app.ingest(engine, factory, docs[:1])
    assert summary.failed == 1 and summary.added == 0
    with factory() as s:
        for table in (m.Document, m.Story, m.Sentence, m.Claim, m.ClaimSource, m.Source):
            assert s.scalar(select(func.count()).select_from(table)) == 0, table.__tablename__
        run = s.execute(select(m.IngestRun)).scalar_one()
        assert run.status == "partial" and "disk full" in run.errors
    monkeypatch.setattr(store_ingest, "fingerprint", real)
    summary = app.ingest(engine, factory, docs)
    assert summary.added == 2


def test_ingest_folder_and_jobs(cli, tmp_path, fixture_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(5):
        (folder / "sub" / f"a{i}.txt").write_text(f"Reuters said {i + 2} ships were seized on Monday.\n", "utf-8")
    (folder / "notes.bin").write_bytes(b"\x00\x01")  # ignored: not a known extension
    res = cli("ingest", str(folder), "--jobs", "2", "--published", "2025-01-08")
    assert res.exit_code == 0, res.output
    assert "5 added" in res.stderr
    rep = cli("report", "timeline", "--format", "json")
    rows = json.loads(rep.stdout)
    assert {r["event_date"][:10] for r in rows} == {"2025-01-06"}


# ---- reports / export / sql --------------------------------------------------------------------------
def test_report_list_and_sources(cli, fixture_path):
    listing = cli("report")
    assert listing.exit_code == 0
    for name in ("sources", "claims", "timeline", "unattributed", "denials", "contradictions", "article"):
        assert name in listing.stdout
    cli("ingest", fixture_path("page.txt"))
    res = cli("report", "sources", "--format", "csv")
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    names = {r["source"] for r in rows}
    assert {"Reuters", "Dmitry Peskov", "Interfax", "Russia", "China"} <= names
    den = json.loads(cli("report", "denials", "--format", "json").stdout)
    assert {d["denier"] for d in den} == {"Russia", "China"}
    assert all("intelligence agency" in d["denied_sentence"] for d in den)


def test_report_params_and_errors(cli, fixture_path):
    cli("ingest", fixture_path("page.txt"))
    res = cli("report", "claims", "--param", "source=Reuters", "--format", "json")
    rows = json.loads(res.stdout)
    assert rows and all("Reuters" in (r["speakers"] or "") for r in rows)
    bad = cli("report", "nosuch")
    assert bad.exit_code == 1 and "unknown report" in bad.stderr and "Traceback" not in bad.output
    bad = cli("report", "claims", "--param", "colour=red")
    assert bad.exit_code == 1 and "no parameter colour" in bad.stderr
    bad = cli("report", "claims", "--param", "oops")
    assert bad.exit_code == 2


def test_export_claims_csv(cli, tmp_path, fixture_path):
    cli("ingest", fixture_path("page.txt"))
    out = tmp_path / "claims.csv"
    res = cli("export", "claims", "-o", str(out), "--source", "Reuters")
    assert res.exit_code == 0, res.output
    raw = out.read_bytes()
    assert b"\r\n" in raw and not raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows and {r["source_name"] for r in rows if r["source_role"] == "speaker"} == {"Reuters"}
    text = open(fixture_path("page.txt"), encoding="utf-8").read()
    for r in rows:
        assert text[int(r["sentence_start"]) : int(r["sentence_end"])] == r["sentence_text"]


def test_sql_reads_and_refuses_writes(cli, fixture_path):
    cli("ingest", fixture_path("page.txt"))
    res = cli("sql", "SELECT COUNT(*) AS n FROM document", "--format", "json")
    assert res.exit_code == 0 and json.loads(res.stdout) == [{"n": 1}]
    for stmt in ("DELETE FROM claim", "DROP TABLE claim", "UPDATE source SET name = 'x'",
                 "SELECT 1; DELETE FROM claim", "INSERT INTO source (name) VALUES ('x')"):
        bad = cli("sql", stmt)
        assert bad.exit_code == 1, stmt
        assert len(bad.stderr.strip().splitlines()) == 1
    assert json.loads(cli("sql", "SELECT COUNT(*) AS n FROM claim", "--format", "json").stdout)[0]["n"] > 0


# ---- sources ------------------------------------------------------------------------------------------
def test_sources_commands(cli, fixture_path):
    cli("ingest", fixture_path("page.txt"))
    assert "Reuters" in cli("sources", "list").stdout
    show = cli("sources", "show", "Peskov")
    assert show.exit_code == 1 or "Dmitry Peskov" in show.stdout
    assert cli("sources", "alias", "Reuters", "Thomson Reuters wire").exit_code == 0
    assert "Reuters" in cli("sources", "show", "Thomson Reuters wire").stdout
    res = cli("sources", "merge", "Interfax", "Reuters", "--yes")
    assert res.exit_code == 0
    assert "Interfax" in cli("sources", "show", "Reuters").stdout
    missing = cli("sources", "show", "Nobody At All")
    assert missing.exit_code == 1 and "no source named" in missing.stderr


# ---- migrations --------------------------------------------------------------------------------------
def test_migrations_up_and_down(cli, db_url):
    res = cli("db", "current")
    assert "current: base" in res.stdout
    assert cli("db", "upgrade").exit_code == 0
    from sqlalchemy import create_engine

    engine = create_engine(db_url)
    insp = inspect(engine)
    tables = set(insp.get_table_names())
    assert {"source", "source_alias", "document", "story", "sentence", "claim", "claim_source", "claim_relation",
            "ingest_run", "claim_key", "review_decision"} <= tables
    assert {"claims_v", "denials_v", "contradictions_v", "source_stats_v"} <= set(insp.get_view_names())
    from claimtrack.store.db import head_revision

    assert f"current: {head_revision()}" in cli("db", "current").stdout
    assert "review_decisions_v" in set(insp.get_view_names())
    assert cli("db", "downgrade", "0001").exit_code == 0
    insp = inspect(engine)
    assert "review_decisions_v" not in set(insp.get_view_names()) and "denials_v" in set(insp.get_view_names())
    assert cli("db", "upgrade").exit_code == 0
    assert cli("db", "downgrade", "base", "--yes").exit_code == 0
    insp = inspect(engine)
    assert set(insp.get_table_names()) <= {"alembic_version"}
    assert not set(insp.get_view_names())
    assert cli("db", "upgrade").exit_code == 0
    engine.dispose()


# ---- bad input: reported, skipped, counted (exit 3); with --strict one line, exit 1, nothing stored -------
BAD_INPUTS = [
    ("empty.txt", b"", "empty input"),
    ("blank.txt", b"   \n\n", "empty input"),
    ("bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", "Caf\u00e9 owners said prices rose.".encode("latin-1"), "not UTF-8"),
    ("bad.jsonl", b'{"id": "1", "text": "Fine."}\n{"id": 2, "text": \n', "bad.jsonl:2: not valid JSON"),
    ("notext.jsonl", b'{"id": "1", "body": "x"}\n', 'no "text"'),
    ("bin.jsonl", b"\x00\x01\x02 not json at all", "binary file"),
]


def _stored(db_url):
    from claimtrack.store.db import open_database

    engine, factory = open_database(db_url)
    with factory() as s:
        docs = sorted(s.execute(select(m.Document.origin)).scalars())
        runs = s.execute(select(m.IngestRun).order_by(m.IngestRun.id)).scalars().all()
    engine.dispose()
    return docs, runs


@pytest.mark.parametrize("name,content,message", BAD_INPUTS)
def test_bad_input_is_reported_skipped_and_counted(cli, tmp_path, name, content, message, db_url):
    good = tmp_path / "good.txt"
    good.write_text("Reuters said the port reopened.\n", "utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    res = cli("ingest", str(good), str(bad))
    assert res.exit_code == 3, res.output
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    problem = [ln for ln in lines if ln.startswith("skipped: ")]
    assert len(problem) == 1 and str(bad) in problem[0] and message in problem[0]
    assert "1 unreadable input skipped" in lines[-1]
    docs, runs = _stored(db_url)
    expected = sorted([str(good)] + ([str(bad)] if name == "bad.jsonl" else []))  # its good record lands too
    assert docs == expected
    [run] = runs
    assert (run.status, run.documents_added, run.documents_failed) == ("partial", len(expected), 1)
    assert message in run.errors and run.finished_at is not None
    # the runs listing says what the summary line said, in the same words
    [listed] = json.loads(cli("runs", "--format", "json").stdout)
    assert (listed["added"], listed["already_stored"], listed["not_stored"]) == (len(expected), 0, 1)
    assert "skipped" not in listed and "failed" not in listed


@pytest.mark.parametrize("name,content,message", BAD_INPUTS)
def test_strict_bad_input_one_line_error_nothing_stored(cli, tmp_path, name, content, message, db_url):
    good = tmp_path / "good.txt"
    good.write_text("Reuters said the port reopened.\n", "utf-8")
    bad = tmp_path / name
    bad.write_bytes(content)
    res = cli("ingest", str(good), str(bad), "--strict")
    assert res.exit_code == 1
    assert message in res.stderr and "nothing was stored" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.output
    assert _stored(db_url)[0] == []


def test_strict_reads_stdin_once(cli, db_url):
    data = '{"id": "s1", "text": "Reuters said the bridge reopened."}\n{"id": "s2", "text": "AFP said it closed."}\n'
    res = cli("ingest", "-", "--strict", input=data)
    assert res.exit_code == 0, res.output
    assert "2 added" in res.stderr
    assert cli("ingest", "-", "--strict", input=data + "{oops\n").exit_code == 1


def test_bad_records_in_a_jsonl_file_skip_only_themselves(cli, tmp_path, db_url):
    wire = tmp_path / "wire.jsonl"
    wire.write_bytes(b'{"id": "1", "text": "Reuters said the port reopened."}\n'
                     b'{"id": "2", "text": \n'
                     b'\n'
                     b'{"id": "3", "text": "Caf\xe9 owners said prices rose."}\n'
                     b'["not", "an", "object"]\n'
                     b'{"id": "6", "text": "AFP said the strike ended."}\n')
    res = cli("ingest", str(wire))
    assert res.exit_code == 3
    skipped = [ln for ln in res.stderr.splitlines() if ln.startswith("skipped: ")]
    assert [ln.split(": ")[1] for ln in skipped] == [f"{wire}:2", f"{wire}:4", f"{wire}:5"]
    assert "2 documents: 2 added" in res.stderr and "3 unreadable inputs skipped" in res.stderr
    from claimtrack.store.db import open_database

    engine, factory = open_database(db_url)
    with factory() as s:
        assert sorted(s.execute(select(m.Document.external_id)).scalars()) == ["1", "6"]
    engine.dispose()


def test_missing_file_and_usage_errors(cli_nodb, tmp_path):
    res = cli_nodb("ingest", str(tmp_path / "nope.txt"))
    assert res.exit_code == 1 and "no such file" in res.stderr
    assert cli_nodb("extract").exit_code == 2
    assert cli_nodb("export", "everything").exit_code == 2
    res = cli_nodb("ingest", "-", "--published", "not a date", input="x")
    assert res.exit_code == 1 and "--published" in res.stderr


def test_keep_going_is_the_default_and_still_accepted(cli, tmp_path):
    (tmp_path / "good.txt").write_text("AFP said the border crossing reopened.\n", "utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00\x00")
    res = cli("ingest", str(tmp_path / "good.txt"), str(tmp_path / "bad.txt"), "--keep-going")
    assert res.exit_code == 3
    assert "1 added" in res.stderr and "skipped:" in res.stderr
    assert "Exit codes" in cli("ingest", "--help").stdout


def test_default_database_path_and_env(cli_nodb, tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("TASS said the talks ended.\n", "utf-8")
    res = cli_nodb("ingest", "a.txt", db=False)
    assert res.exit_code == 0
    assert (tmp_path / "claimtrack.db").exists()
    monkeypatch.setenv("CLAIMTRACK_DB", str(tmp_path / "other.db"))
    assert cli_nodb("ingest", "a.txt", db=False).exit_code == 0
    assert (tmp_path / "other.db").exists()


def test_database_path_with_url_characters(cli_nodb, tmp_path):
    (tmp_path / "a.txt").write_text("AFP said the airport reopened.\n", "utf-8")
    odd = tmp_path / "team #1 ?x=1 100%.db"
    assert cli_nodb("--db", str(odd), "ingest", "a.txt", db=False).exit_code == 0
    assert odd.exists()
    res = cli_nodb("--db", str(odd), "sql", "SELECT COUNT(*) AS n FROM document", "--format", "json", db=False)
    assert json.loads(res.stdout) == [{"n": 1}]


def test_relation_views_hide_rejected_claims(cli, fixture_path):
    cli("ingest", fixture_path("page.txt"))
    denials = json.loads(cli("report", "denials", "--format", "json").stdout)
    assert denials
    target = denials[0]["denied_claim_id"]
    assert cli("review", "reject", str(target)).exit_code == 0
    after = json.loads(cli("report", "denials", "--format", "json").stdout)
    assert all(d["denied_claim_id"] != target for d in after)
    decisions = json.loads(cli("sql", "SELECT action, claim_id FROM review_decisions_v", "--format", "json").stdout)
    assert decisions == [{"action": "reject", "claim_id": target}]


def test_small_cli_edges_say_what_is_wrong(cli_nodb, tmp_path):
    (tmp_path / "a.txt").write_text("TASS said the talks ended.\n", "utf-8")
    # extract reads a database's aliases when there is one; it does not create one
    assert cli_nodb("--db", "new.db", "extract", "a.txt", db=False).exit_code == 0
    assert not (tmp_path / "new.db").exists()
    # an empty --db is an error, not the default database
    res = cli_nodb("--db", "", "runs", db=False)
    assert res.exit_code == 2 and "--db" in res.output and "is empty" in res.output
    # an unknown revision is one line naming the known ones
    res = cli_nodb("--db", "m.db", "db", "upgrade", "bogus", db=False)
    assert res.exit_code == 1 and "unknown revision 'bogus'" in res.output and "0001" in res.output
    # removing everything asks first
    assert cli_nodb("--db", "m.db", "ingest", "a.txt", db=False).exit_code == 0
    res = cli_nodb("--db", "m.db", "db", "downgrade", "base", db=False, input="n\n")
    assert res.exit_code == 1 and "Aborted" in res.output
    res = cli_nodb("--db", "m.db", "db", "downgrade", "--", "-20", db=False, input="n\n")  # reaches base too
    assert res.exit_code == 1 and "Aborted" in res.output
    current = cli_nodb("--db", "m.db", "db", "current", db=False).output.splitlines()
    assert current[0] == current[1].replace("head:   ", "current:")  # still at head: nothing removed
    assert cli_nodb("--db", "m.db", "db", "downgrade", "base", "--yes", db=False).exit_code == 0
    assert "base" in cli_nodb("--db", "m.db", "db", "current", db=False).output
    # both --document and --all: the message says so
    res = cli_nodb("--db", "m.db", "reanalyse", "--all", "--document", "1", db=False)
    assert res.exit_code == 2 and "not both" in res.output


def test_extract_skips_bad_records_as_ingest_does(cli_nodb, tmp_path):
    p = tmp_path / "mixed.jsonl"
    p.write_text('{"id": "a", "text": "Reuters said the port reopened."}\n{broken\n'
                 '{"id": "b", "text": "TASS said the talks ended."}\n', "utf-8")
    res = cli_nodb("extract", str(p))
    assert res.exit_code == 3
    assert [r["document"]["id"] for r in _records(res.stdout)] == ["a", "b"]
    assert res.stderr.strip().splitlines() == [f"skipped: {p}:2: not valid JSON (Expecting property name enclosed "
                                               "in double quotes at column 2)"]
    strict = cli_nodb("extract", str(p), "--strict")
    assert strict.exit_code == 1 and not strict.stdout and "nothing was printed (--strict)" in strict.stderr
    # ingest stores what extract printed
    assert cli_nodb("--db", "x.db", "ingest", str(p), db=False).exit_code == 3
