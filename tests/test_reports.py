"""Named reports: every report runs in every format on both databases, with the same results on each."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimtrack.store.reports import ReportError, bind, get_report, load_reports

PORT = """Port of Varna reopens after strike
Release time: 2025-05-03 10:00

The transport ministry said 14 ships left the port of Varna on Friday.
Dock workers' union leader Ivan Petrov said only 6 ships had left the port of Varna on Friday.
The ministry denied that claim on Saturday.
Fuel prices in Bulgaria rose by 12 percent in April.
Interfax quoted Dmitry Peskov as saying: "The port is none of our business."
"""
WIRE = [
    {"id": "w1", "title": "Varna port traffic", "published": "2025-05-04", "outlet": "Black Sea Herald",
     "text": "According to Reuters, 14 ships left the port of Varna on Friday.\n"
             "The transport ministry said the strike ended on May 1.\n"},
    {"id": "w2", "title": "Strike fallout", "published": "2025-06-10", "outlet": "Danube Daily",
     "text": "Ivan Petrov said the union would strike again in July.\nThe harbour was quiet on Sunday.\n"},
]
REQUIRED = {"source": "Transport ministry", "document": "w1", "source-profile": "Transport ministry"}


def _load(cli, tmp_path):
    port = tmp_path / "port.txt"
    port.write_text(PORT, "utf-8")
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(r) + "\n" for r in WIRE), "utf-8")
    res = cli("ingest", str(port), str(wire))
    assert res.exit_code == 0, res.output
    return str(port)


def _params_for(name: str) -> list[str]:
    out = []
    for p in get_report(name).params:
        if p.required:
            out += ["--param", f"{p.name}={REQUIRED[p.name]}"]
    return out


def _json(cli, name, *params) -> list[dict]:
    res = cli("report", name, *params, "--format", "json")
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def _ids(db_url, prefix) -> list[int]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT claim_id FROM claims_v WHERE sentence_text LIKE :p ORDER BY claim_id"),
                            {"p": prefix + "%"}).scalars().all()
    engine.dispose()
    assert rows, prefix
    return list(rows)


def test_listing_names_describes_and_shows_parameters(cli_nodb):
    res = cli_nodb("report")
    assert res.exit_code == 0
    names = set(load_reports())
    assert {"sources", "claims", "timeline", "unattributed", "repeated", "source-profile", "article", "denials",
            "contradictions", "source-conflicts", "source-record"} <= names
    for name, rep in load_reports().items():
        assert rep.description, name
        line = next(ln for ln in res.stdout.splitlines() if ln.split()[:1] == [name])
        assert rep.description in line
        for p in rep.params:
            assert f"--param {p.name}=" in res.stdout
    assert re.search(r"--param source=…\s+\(required\)", res.stdout)
    assert "(default 500)" in res.stdout


def test_every_report_runs_in_every_format(cli, tmp_path):
    _load(cli, tmp_path)
    for name in load_reports():
        params = _params_for(name)
        table = cli("report", name, *params)
        assert table.exit_code == 0, (name, table.output)
        header = table.stdout.splitlines()[0].split()
        rows = _json(cli, name, *params)
        as_csv = cli("report", name, *params, "--format", "csv")
        parsed = list(csv.reader(io.StringIO(as_csv.stdout_bytes.decode("utf-8"), newline="")))
        assert parsed[0] == header, name
        assert len(parsed) - 1 == len(rows), name
        assert table.stdout.rstrip().endswith(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
        if rows:
            assert list(rows[0]) == header


def test_list_reports_are_row_limited_pages_of_the_full_order(cli, tmp_path):
    """Every report that lists rows takes ``limit`` (default 500): a page is the head of the same order, and
    the CLI says when it stopped there."""
    _load(cli, tmp_path)
    listed = [n for n, r in load_reports().items() if any(p.name == "limit" for p in r.params)]
    assert {"claims", "sources", "source-record", "timeline", "unattributed", "denials", "contradictions",
            "repeated", "source-conflicts"} <= set(listed)
    for name in listed:
        assert next(p.default for p in get_report(name).params if p.name == "limit") == "500"
        full = _json(cli, name, *_params_for(name))
        if len(full) < 2:
            continue
        page = _json(cli, name, *_params_for(name), "--param", "limit=2")
        assert page == full[:2], name
        res = cli("report", name, *_params_for(name), "--param", "limit=2")
        assert "stopped at 2 rows" in res.stderr, name
    assert len(_json(cli, "claims")) > 2  # the fixture gives every paged report more than a page somewhere


def test_claims_filters(cli, db_url, tmp_path):
    _load(cli, tmp_path)
    everything = _json(cli, "claims")
    assert len(everything) == len({r["claim_id"] for r in everything})
    by_source = _json(cli, "claims", "--param", "source=the transport ministry")  # any alias form
    assert by_source and all("Transport ministry" in r["speakers"] for r in by_source)
    assert {r["outlet"] for r in by_source} == {None, "Black Sea Herald"}
    reporter = _json(cli, "claims", "--param", "source=Interfax")
    assert [r["speakers"] for r in reporter] == ["Dmitry Peskov"] and reporter[0]["reporters"] == "Interfax"
    kinds = _json(cli, "claims", "--param", "kind=denial")
    assert kinds and {r["claim_kind"] for r in kinds} == {"denial"}
    june = _json(cli, "claims", "--param", "since=2025-06-01")
    assert june and {r["story_published"] for r in june} == {"2025-06-10"}
    may = _json(cli, "claims", "--param", "since=2025-05-01", "--param", "until=2025-05-31")
    assert may and all(r["story_published"][:7] == "2025-05" for r in may)
    assert len(may) + len(june) == len(everything)
    found = _json(cli, "claims", "--param", "search=FUEL PRICES")
    assert [r["claim_id"] for r in found] == _ids(db_url, "Fuel prices")
    assert _json(cli, "claims", "--param", "search=%") == []  # a literal "%", which no sentence holds
    bad = cli("report", "claims", "--param", "since=2025-13-01")
    assert bad.exit_code != 0 and "since must be a date" in bad.output
    two = cli("report", "claims", "--param", "limit=2", "--format", "json")
    assert len(json.loads(two.stdout)) == 2 and "--param limit" in two.stderr
    assert not cli("report", "claims", "--param", "limit=1000").stderr
    # ordered by publication, undated stories last, the same on every database
    published = [r["story_published"] for r in everything]
    assert published == sorted(published, key=lambda p: (p is None, p or ""))


def test_confirmed_param_and_rejected_claims(cli, db_url, tmp_path):
    _load(cli, tmp_path)
    fuel = _ids(db_url, "Fuel prices")[0]
    ships = _ids(db_url, "According to Reuters")[0]
    assert cli("review", "confirm", str(ships)).exit_code == 0
    assert cli("review", "reject", str(fuel)).exit_code == 0
    for flag in ("confirmed=1", "confirmed=yes"):
        assert [r["claim_id"] for r in _json(cli, "claims", "--param", flag)] == [ships]
    unconfirmed = {r["claim_id"] for r in _json(cli, "claims", "--param", "confirmed=0")}
    assert ships in unconfirmed and fuel not in unconfirmed
    assert [r["claim_id"] for r in _json(cli, "timeline", "--param", "confirmed=1")] == [ships]
    assert [r["claim_id"] for r in _json(cli, "claims", "--confirmed")] == [ships]
    no = cli("report", "sources", "--confirmed")
    assert no.exit_code == 1 and "no parameter confirmed" in no.stderr
    assert fuel not in {r["claim_id"] for r in _json(cli, "unattributed")}
    assert _json(cli, "unattributed", "--param", "confirmed=1") == []


def test_timeline(cli, tmp_path):
    _load(cli, tmp_path)
    rows = _json(cli, "timeline")
    dates = [r["event_date"][:10] for r in rows]
    assert dates == sorted(dates) and "2025-05-02" in dates  # "on Friday" before a Saturday 3 May story
    sunday = [r for r in rows if r["event_date"][:10] == "2025-06-08"]  # "on Sunday" in a Tuesday 10 June story
    assert sunday and sunday[0]["content_text"] == "The harbour was quiet on Sunday."
    may = _json(cli, "timeline", "--param", "since=2025-05-02", "--param", "until=2025-05-02")
    assert may and {r["event_date"][:10] for r in may} == {"2025-05-02"}
    ministry = _json(cli, "timeline", "--param", "source=Transport ministry")
    assert ministry and all("Transport ministry" in r["speakers"] for r in ministry)


def test_unattributed(cli, tmp_path):
    _load(cli, tmp_path)
    rows = _json(cli, "unattributed")
    texts = [r["sentence_text"] for r in rows]
    assert any(t.startswith("Fuel prices") for t in texts)
    assert not any("said" in t for t in texts)
    scores = [r["checkworthiness"] for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert all(r["checkworthiness"] >= 0.4 for r in _json(cli, "unattributed", "--param", "min_checkworthiness=0.4"))


def test_article_sentence_by_sentence(cli, tmp_path):
    port = _load(cli, tmp_path)
    for ref in (port, "1"):
        rows = _json(cli, "article", "--param", f"document={ref}")
        sentences = sorted({(r["story"], r["sentence"]) for r in rows})
        assert sentences == [(0, i) for i in range(len(sentences))]
        for r in rows:
            assert PORT[r["char_start"] : r["char_end"]] == r["text"]
        chain = [r for r in rows if r["text"].startswith("Interfax")]
        assert chain[0]["speakers"] == "Dmitry Peskov" and chain[0]["reporters"] == "Interfax"
        assert {r["kind"] for r in rows} >= {"metadata", "attributed", "denial"}
        assert all(r["claim_id"] is None or r["review_status"] == "auto" for r in rows)
    assert {r["text"] for r in _json(cli, "article", "--param", "document=w2")} == set(WIRE[1]["text"].splitlines())
    missing = cli("report", "article")
    assert missing.exit_code == 1 and "needs --param document" in missing.stderr


def test_source_profile(cli, db_url, tmp_path):
    _load(cli, tmp_path)
    rows = _json(cli, "source-profile", "--param", "source=Transport ministry")
    sections = {r["section"] for r in rows}
    assert "claim" in sections
    own = [r for r in rows if r["section"] == "claim"]
    assert {r["text"] for r in own} >= {"14 ships left the port of Varna on Friday"}
    interfax = _json(cli, "source-profile", "--param", "source=interfax")
    assert [r["section"] for r in interfax] == ["reports"] and interfax[0]["other"] == "Dmitry Peskov"
    # denials and contradictions around a source, with an analyst's relation to be sure of one of each
    petrov = _ids(db_url, "Dock workers")[0]
    strike = _ids(db_url, "The transport ministry said the strike")[0]
    ships = _ids(db_url, "The transport ministry said 14")[0]
    assert cli("review", "relation", "add", str(strike), str(petrov), "--kind", "denies").exit_code == 0
    petrov_name = next(r["speakers"] for r in _json(cli, "claims") if r["claim_id"] == petrov)
    assert "Petrov" in petrov_name
    rows = _json(cli, "source-profile", "--param", "source=Transport ministry")
    assert any(r["section"] == "denies" and r["id"] for r in rows)
    petrov_rows = _json(cli, "source-profile", "--param", f"source={petrov_name}")
    assert any(r["section"] == "denied by" and r["detail"] == "Transport ministry" for r in petrov_rows)
    assert any(r["section"] in ("contradicts", "contradicted by") for r in petrov_rows) or not _json(
        cli, "contradictions")
    assert cli("review", "relation", "add", str(petrov), str(ships), "--kind", "contradicts").exit_code == 0
    petrov_rows = _json(cli, "source-profile", "--param", f"source={petrov_name}")
    assert any(r["section"] == "contradicts" and "Transport ministry" in (r["detail"] or "") for r in petrov_rows)
    ministry = _json(cli, "source-profile", "--param", "source=Transport ministry")
    assert any(r["section"] == "contradicted by" for r in ministry)
    published = [(r["section"], r["published"]) for r in ministry]
    assert published == sorted(published, key=lambda p: (p[0], p[1] is None, p[1] or ""))


def test_repeated_and_relation_reports(cli, db_url, tmp_path):
    _load(cli, tmp_path)
    wire = _ids(db_url, "According to Reuters")[0]
    port = _ids(db_url, "The transport ministry said 14")[0]
    assert cli("review", "relation", "add", str(wire), str(port), "--kind", "repeats").exit_code == 0
    rows = _json(cli, "repeated")
    mine = [r for r in rows if (r["claim_id"], r["other_claim_id"], r["kind"]) == (wire, port, "repeats")]
    assert len(mine) == 1
    assert mine[0]["outlet"] == "Black Sea Herald" and mine[0]["sources"] == "Reuters"
    assert all(r["outlet"] != r["other_outlet"] or r["outlet"] is None for r in rows)
    assert cli("review", "reject", str(port)).exit_code == 0  # a rejected claim repeats nothing
    assert not [r for r in _json(cli, "repeated") if r["other_claim_id"] == port]
    assert cli("review", "confirm", str(port)).exit_code == 0
    assert cli("review", "relation", "remove", str(wire), str(port), "--kind", "repeats").exit_code == 0
    assert not [r for r in _json(cli, "repeated") if (r["claim_id"], r["other_claim_id"], r["kind"]) == (wire, port, "repeats")]
    for name in ("denials", "contradictions", "source-conflicts", "source-record"):
        assert isinstance(_json(cli, name), list)


def test_sources_report(cli, tmp_path):
    _load(cli, tmp_path)
    rows = _json(cli, "sources")
    by = {r["source"]: r for r in rows}
    # 2 statements and "The ministry denied that claim", resolved to the ministry cited before
    assert by["Transport ministry"]["claims"] == 3 and by["Transport ministry"]["kind"] == "ministry"
    assert by["Transport ministry"]["denials_made"] == 1 and "Ministry" not in by
    assert by["Interfax"]["reported"] == 1 and by["Interfax"]["claims"] == 0
    assert by["Dmitry Peskov"]["direct_quotes"] == 1 and by["Reuters"]["indirect_quotes"] == 1
    for r in rows:  # the kinds add up (denials and the rest are the other kinds)
        assert r["direct_quotes"] + r["indirect_quotes"] + r["assertions"] + r["denials_made"] <= r["claims"]
    totals = [r["claims"] + r["reported"] for r in rows]
    assert totals == sorted(totals, reverse=True)
    ministries = _json(cli, "sources", "--param", "kind=ministry")
    assert ministries and {r["kind"] for r in ministries} == {"ministry"}
    assert {r["source"] for r in _json(cli, "sources", "--param", "min_claims=2")} <= {
        r["source"] for r in rows if r["claims"] + r["reported"] >= 2}


def test_parameter_errors():
    rep = get_report("claims")
    with pytest.raises(ReportError, match="no parameter colour"):
        bind(rep, {"colour": "red"})
    with pytest.raises(ReportError, match="needs --param source"):
        bind(get_report("source-profile"), {})
    assert bind(rep, {"source": "The  Transport Ministry"})["source_norm"] == "transport ministry"
    with pytest.raises(ReportError, match="unknown report: sourcez"):
        get_report("sourcez")
    # a typo is an error, not an empty result that looks like an answer
    for report, param, value, message in [
        ("claims", "limit", "abc", "whole number"), ("sources", "min_claims", "-1", "whole number"),
        ("claims", "limit", "²", "whole number"),  # a digit to Python, not to the database
        ("claims", "since", "garbage", "date YYYY-MM-DD"), ("claims", "until", "2025-02-30", "date YYYY-MM-DD"),
        ("claims", "confirmed", "maybe", "1 or 0"), ("unattributed", "min_checkworthiness", "abc", "0 to 1"),
        ("unattributed", "min_checkworthiness", "2", "0 to 1"),
    ]:
        with pytest.raises(ReportError, match=f"{param} must be .*{message}"):
            bind(get_report(report), {param: value})
    checked = bind(rep, {"since": "2025-06-01", "confirmed": "yes", "limit": "20", "search": "50%_off!"})
    assert (checked["since"], checked["confirmed"], checked["limit"]) == ("2025-06-01", "1", "20")
    assert checked["search"] == "50!%!_off!!"  # LIKE's wildcards are literal text


def test_readme_view_examples_run(cli, tmp_path):
    """The example queries in the README's "Reports and views" section run and return rows."""
    _load(cli, tmp_path)
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    section = readme.split("## Reports and views", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r'^claimtrack sql "(.+)"$', section, re.M)
    assert len(queries) >= 4
    for q in queries:
        res = cli("sql", q, "--format", "json")
        assert res.exit_code == 0, (q, res.output)
        assert json.loads(res.stdout), q


def test_same_results_on_sqlite_and_postgresql(tmp_path):
    """Every report, run on both databases loaded with the same input, gives the same rows."""
    pg = os.environ.get("CLAIMTRACK_TEST_PG_URL")
    if not pg:
        pytest.skip("needs CLAIMTRACK_TEST_PG_URL")
    import uuid

    from conftest import Cli

    admin = "postgresql+psycopg://" + pg.split("://", 1)[1]
    name = f"ct_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        results = []
        for url in (f"sqlite:///{tmp_path / 'same.db'}", f"{admin.rsplit('/', 1)[0]}/{name}"):
            cli = Cli(url)
            _load(cli, tmp_path)
            results.append({n: _json(cli, n, *_params_for(n)) for n in load_reports()})
        lite, post = results
        for n in lite:
            assert _normal(lite[n]) == _normal(post[n]), n
    finally:
        with engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        engine.dispose()


def _normal(rows):
    out = []
    for r in rows:
        out.append({k: (round(v, 6) if isinstance(v, float) else (v[:10] if isinstance(v, str) and re.match(
            r"\d{4}-\d\d-\d\d( |T)00:00:00", v) else v)) for k, v in r.items()})
    return out


@pytest.mark.parametrize(("previous", "added"), [
    ("0002", {"claim_source": {"ix_claim_source_source_role"}}),
    ("0003", {"claim": {"ix_claim_checkworthiness", "ix_claim_review_status"}, "story": {"ix_story_published_order"}}),
], ids=["0003", "0004"])
def test_report_migrations_round_trip(cli, db_url, tmp_path, previous, added):
    """0003 and 0004 add indexes and regroup source_stats_v; down to the revision before and up again, every
    report and the view give the same rows (the old and the new view agree), and the indexes come and go."""
    from claimtrack.store.db import current_revision, downgrade, upgrade
    from claimtrack.store.reports import run_report

    _load(cli, tmp_path)
    several = tmp_path / "several.txt"  # claims with several speakers: their '; '-joined names keep their order
    several.write_text("Containers shipped north\nRelease time: 2025-05-06 09:00\n\n"
                       "Chile said 40 ships were inspected in April.\n"
                       "South Korea and the United States said 10,000 containers were shipped in May.\n"
                       "Zambia, Kenya and Chile said the figure was far lower.\n", "utf-8")
    assert cli("ingest", str(several)).exit_code == 0
    fuel = _ids(db_url, "Fuel prices")[0]
    petrov = _ids(db_url, "Dock workers")[0]
    assert cli("review", "reject", str(fuel)).exit_code == 0
    assert cli("review", "reject", str(petrov)).exit_code == 0  # a speaker's claim and its relations drop out
    engine = create_engine(db_url)

    def state():
        with engine.connect() as conn:
            stats = [tuple(r) for r in conn.execute(text("SELECT * FROM source_stats_v ORDER BY source_id"))]
        reports = {n: run_report(engine, n, {p.name: REQUIRED[p.name] for p in get_report(n).params if p.required})
                   for n in load_reports()}  # not through the CLI, which would migrate to the head again
        # from the catalogue: the inspector leaves out indexes on expressions
        catalogue = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t"
                     if engine.dialect.name == "sqlite" else "SELECT indexname FROM pg_indexes WHERE tablename = :t")
        with engine.connect() as conn:
            indexes = {t: set(conn.execute(text(catalogue), {"t": t}).scalars()) & names for t, names in added.items()}
        return stats, reports, indexes

    try:
        stats, reports, indexes = state()
        assert indexes == added
        assert any(row[5] for row in stats) and any(row[6] or row[7] or row[8] or row[9] for row in stats)
        assert any("; " in (r[4] or "") for r in reports["claims"][1])  # several speakers
        downgrade(engine, previous)
        assert current_revision(engine) == previous
        old_stats, old_reports, old_indexes = state()
        assert not any(old_indexes.values())
        assert old_stats == stats
        assert old_reports == reports
        upgrade(engine)
        assert state() == (stats, reports, indexes)
    finally:
        engine.dispose()


def test_0004_downgrade_restores_0003s_view(db_url):
    """0004's downgrade takes source_stats_v from 0003's revision module: down to 0003 the view is defined
    exactly as an upgrade that stops at 0003 defines it, and up again as at the head."""
    from claimtrack.store.db import current_revision, downgrade, make_engine, upgrade

    engine = make_engine(db_url)
    query = ("SELECT sql FROM sqlite_master WHERE name = 'source_stats_v'" if engine.dialect.name == "sqlite"
             else "SELECT pg_get_viewdef('source_stats_v'::regclass)")

    def definition() -> str:
        with engine.connect() as conn:
            return conn.execute(text(query)).scalar_one()

    try:
        upgrade(engine, "0003")
        at_0003 = definition()
        upgrade(engine)
        at_head = definition()
        assert at_head != at_0003
        downgrade(engine, "0003")
        assert current_revision(engine) == "0003"
        assert definition() == at_0003
        upgrade(engine)
        assert definition() == at_head
    finally:
        engine.dispose()


def test_claim_key_migration_keeps_the_keys_and_linking(cli, db_url, tmp_path):
    """0005 rebuilds claim_key WITHOUT ROWID on SQLite (nothing to do on PostgreSQL): down and up again, the
    same keys and relations, the table's storage as each revision says, and linking across articles finds
    stored claims through the rebuilt table."""
    from claimtrack.store.db import current_revision, downgrade, upgrade

    _load(cli, tmp_path)
    engine = create_engine(db_url)
    sqlite = engine.dialect.name == "sqlite"

    def state():
        with engine.connect() as conn:
            keys = conn.execute(text("SELECT key, claim_id FROM claim_key ORDER BY key, claim_id")).all()
            rels = conn.execute(text("SELECT claim_id, target_claim_id, kind FROM claim_relation ORDER BY 1, 2, 3")).all()
            ddl = conn.execute(text("SELECT sql FROM sqlite_master WHERE name = 'claim_key'")).scalar_one() if sqlite else ""
            index = conn.execute(text("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ix_claim_key_claim'")
                                 ).scalar_one() if sqlite else 1
        return keys, rels, "WITHOUT ROWID" in ddl, index

    try:
        keys, rels, without_rowid, index = state()
        assert keys and any(kind != "denies" for _c, _t, kind in rels)
        assert (without_rowid, index) == (sqlite, 1)
        downgrade(engine, "0004")
        assert current_revision(engine) == "0004"
        assert state() == (keys, rels, False, 1)
        upgrade(engine)
        assert state() == (keys, rels, sqlite, 1)
        # a new article repeating a stored claim's figure with another source: linked across articles
        more = tmp_path / "more.txt"
        more.write_text("Varna shipping\nRelease time: 2025-05-05 08:00\n\n"
                        "According to the harbour master, 9 ships left the port of Varna on Friday.\n", "utf-8")
        res = cli("ingest", str(more))
        assert res.exit_code == 0, res.output
        with engine.connect() as conn:
            linked = conn.execute(text(
                "SELECT COUNT(*) FROM claim_relation r JOIN claim c ON c.id = r.claim_id "
                "JOIN sentence s ON s.id = c.sentence_id WHERE s.text LIKE '%harbour master%' "
                "AND r.kind = 'contradicts'")).scalar_one()
        assert linked >= 1
    finally:
        engine.dispose()
