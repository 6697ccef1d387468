"""claimtrack serve: the network views on both databases, the highlighting and drawing, the Datasette metadata,
every named report as a canned query (same rows as ``claimtrack report``), read-only serving, and the
command's one-line refusals. The Datasette parts skip when the extra is not installed."""

from __future__ import annotations

import asyncio
import hashlib
import json
import re
import sqlite3
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from claimtrack.serve import metadata
from claimtrack.serve.pages import Edge, Mark, Point, highlight, network_svg, timeline_svg
from claimtrack.store.reports import ReportError, load_reports, run_report

FIXTURES = Path(__file__).parent / "fixtures" / "serve"


def _rows(engine, sql: str, **params) -> list[tuple]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(sql), params)]


# ---- the views of migration 0007, on SQLite and PostgreSQL ------------------------------------------------
def test_network_views_count_what_the_other_views_count(cli, db_url):
    assert cli("ingest", str(FIXTURES)).exit_code == 0
    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        edges = _rows(engine, "SELECT kind, source, target, links FROM source_edges_v ORDER BY 1, 2, 3")
        assert {k for k, *_ in edges} == {"cites", "denies", "contradicts"}
        conflicts = _rows(engine, "SELECT kind, source_a, source_b, relations FROM source_conflicts_v ORDER BY 1, 2, 3")
        assert [e for e in edges if e[0] != "cites"] == conflicts
        cites = _rows(engine, """
            SELECT 'cites', r.name, s.name, COUNT(DISTINCT c.id) FROM claim c
            JOIN claim_source cr ON cr.claim_id = c.id AND cr.role = 'reporter' JOIN source r ON r.id = cr.source_id
            JOIN claim_source cs ON cs.claim_id = c.id AND cs.role = 'speaker' JOIN source s ON s.id = cs.source_id
            WHERE r.id <> s.id GROUP BY r.name, s.name ORDER BY 2, 3""")
        assert [e for e in edges if e[0] == "cites"] == cites
        assert ("cites", "Interfax", "Anton Selin", 1) in edges
        # the timeline holds each source's claims and each relation once from each side
        per_source = dict(_rows(engine, "SELECT source_id, COUNT(*) FROM source_timeline_v WHERE item = 'claims' "
                                        "GROUP BY source_id"))
        stats = dict(_rows(engine, "SELECT source_id, claims FROM source_stats_v WHERE claims > 0"))
        assert per_source == stats
        sides = _rows(engine, "SELECT item, COUNT(*) FROM source_timeline_v WHERE relation_id IS NOT NULL "
                              "GROUP BY item ORDER BY item")
        n_links = dict(_rows(engine, "SELECT kind, COUNT(*) FROM source_links_v WHERE kind <> 'cites' GROUP BY kind"))
        assert dict(sides) == {"contradicted by": n_links["contradicts"], "contradicts": n_links["contradicts"],
                               "denied by": n_links["denies"], "denies": n_links["denies"]}
        days = _rows(engine, "SELECT DISTINCT CAST(day AS VARCHAR(10)) FROM source_timeline_v ORDER BY 1")
        assert days == [("2025-03-03",), ("2025-03-04",), ("2025-03-05",)]
    finally:
        engine.dispose()


# ---- pure pieces ----------------------------------------------------------------------------------------
def _pieces(html: str, kind: str) -> str:
    """The text of every span carrying ct-KIND, in order, unescaped."""
    import html as h

    return "".join(h.unescape(m) for m in re.findall(rf'<span class="[^"]*\bct-{kind}\b[^"]*">([^<]*)</span>', html))


def test_highlight_cuts_overlapping_marks_and_escapes():
    doc = "Intro 🚢 <b>&.\nInterfax quoted Anton Selin as saying: \"At least 40 <east & west>.\""
    start = doc.index("Interfax")
    cue = (doc.index("quoted"), doc.index(":"))
    mention = (doc.index("Anton"), doc.index(" as saying"))
    content = (doc.index('"At'), len(doc))
    reporter = (start, start + len("Interfax"))
    marks = [Mark("sentence", start, len(doc)), Mark("cue", *cue), Mark("mention", *mention),
             Mark("mention", *reporter), Mark("content", *content)]
    html = highlight(doc[3:], 3, marks)
    assert _pieces(html, "cue") == doc[cue[0]:cue[1]]
    assert _pieces(html, "content") == doc[content[0]:content[1]]
    assert _pieces(html, "mention") == doc[reporter[0]:reporter[1]] + doc[mention[0]:mention[1]]
    assert _pieces(html, "sentence") == doc[start:]
    assert "<b>" not in html and "&lt;b&gt;&amp;" in html and "&lt;east &amp; west&gt;" in html
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == doc[3:]
    # a mark outside the text shown is left out; one running past its end is cut there
    assert highlight("abc", 10, [Mark("cue", 0, 5), Mark("content", 12, 40)]) == 'ab<span class="ct-content">c</span>'


def test_network_and_timeline_drawings_link_every_node_edge_and_dot():
    incoming = [Edge("denies", 2, "Union <B>", 3), Edge("cites", 2, "Union <B>", 1), Edge("contradicts", 3, "C", 1)]
    outgoing = [Edge("cites", 4, "D", 2)]
    svg = network_svg("Centre & co", incoming, outgoing, source_href=lambda i: f"/s/{i}",
                      evidence_href=lambda k, a, b: f"/e?k={k}&a={a}&b={b}", source_id=1)
    assert svg.count('class="ct-node"') == 3 and svg.count('class="ct-edge"') == 4
    assert 'href="/e?k=denies&amp;a=2&amp;b=1"' in svg and 'href="/e?k=cites&amp;a=1&amp;b=4"' in svg
    assert "Union &lt;B&gt;" in svg and "Centre &amp; co" in svg
    points = [Point("claims", date(2025, 3, 3), 4), Point("claims", None, 2), Point("denied by", date(2025, 3, 5), 1)]
    tl = timeline_svg(points, href=lambda item, day: f"/t?item={item}&day={day}")
    assert re.findall(r'data-item="([^"]+)" data-day="([^"]*)" data-count="(\d+)"', tl) == [
        ("claims", "", "2"), ("claims", "2025-03-03", "4"), ("denied by", "2025-03-05", "1")]
    assert "2025-03-03" in tl and "2025-03-05" in tl


def test_metadata_turns_every_report_into_a_canned_query():
    reports = load_reports()
    meta = metadata.build()
    queries = meta["databases"][metadata.DATABASE]["queries"]
    assert set(queries) == set(reports)
    for name, report in reports.items():
        q = queries[name]
        assert q["params"] == [p.name for p in report.params]
        # every parameter the report's SQL reads goes through the plugin's magic parameter, nothing else changed
        assert not re.findall(r"(?<![:\w]):(?!_claimtrack_)\w+", q["sql"])
        assert re.sub(r":_claimtrack_(\w+)", r":\1", q["sql"]) == report.sql
    tables = meta["databases"][metadata.DATABASE]["tables"]
    assert tables["source"]["label_column"] == "name" and tables["claim_key"] == {"hidden": True}
    assert "claim_kind" in tables["claims_v"]["facets"] and "kind" in tables["source_links_v"]["facets"]


# ---- Datasette in-process -------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(path, datasette) for the fixture set ingested into SQLite, checkpointed, served immutable."""
    pytest.importorskip("datasette", reason="claimtrack serve needs the extra: pip install 'claimtrack[serve]'")
    from click.testing import CliRunner

    from claimtrack.cli import main
    from claimtrack.serve.command import check_database, make_datasette

    path = tmp_path_factory.mktemp("serve") / "claims.db"
    res = CliRunner().invoke(main, ["--db", str(path), "ingest", str(FIXTURES)], catch_exceptions=False)
    assert res.exit_code == 0, res.output
    _settle(path)
    check_database(path)
    ds = make_datasette(path)
    asyncio.run(ds.invoke_startup())
    return path, ds, _files(path.parent)


def _settle(path: Path) -> None:
    """Write the write-ahead log back, as the last connection of a finished process does (the CLI run in this
    process may still hold its engine)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def _files(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file of the folder with its content hash and modification time."""
    return {f.name: (hashlib.sha256(f.read_bytes()).hexdigest(), f.stat().st_mtime_ns) for f in folder.iterdir()}


def _get(ds, url: str):
    return asyncio.run(ds.client.get(url))


def test_every_report_runs_as_a_canned_query_with_the_rows_claimtrack_report_gives(served):
    path, ds, _before = served
    engine = create_engine(f"sqlite:///{path}")
    values = {"source": ["anton selin", "The Union"], "kind": ["denial", "person"], "since": ["2025-03-04"],
              "until": ["2025-03-04"], "search": ["depot"], "confirmed": ["0", "1"], "limit": ["2"],
              "min_claims": ["2"], "min_checkworthiness": ["0.5"], "document": ["1", str(FIXTURES / "x.txt")]}
    checked = refused = 0
    for name, report in load_reports().items():
        required = {p.name: values[p.name][0] for p in report.params if p.required}
        cases = [required] + [{**required, p.name: v} for p in report.params for v in values[p.name]]
        for given in cases:
            got = _get(ds, f"/claimtrack/{name}.json?_shape=arrays&" + "&".join(f"{k}={v}" for k, v in given.items()))
            try:
                columns, rows = run_report(engine, name, given)
            except ReportError as exc:  # a name that names nothing: the same refusal, as a 400
                assert got.status_code == 400 and str(exc)[:60] in got.text, (name, given, got.text[:300])
                refused += 1
                continue
            assert got.status_code == 200, (name, given, got.text[:300])
            body = got.json()
            assert body["columns"] == columns
            assert [tuple(r) for r in body["rows"]] == rows, (name, given)
            checked += bool(rows)
    engine.dispose()
    assert checked > 30  # most cases find rows: the comparison is not between empty tables
    assert refused  # "x.txt" names no stored document
    # the form shows the report's parameters; a bad value is a 400 that says what is wrong
    page = _get(ds, "/claimtrack/claims")
    assert page.status_code == 200 and 'name="since"' in page.text and 'name="source"' in page.text
    bad = _get(ds, "/claimtrack/claims?since=2025-13-01")
    assert bad.status_code == 400 and "since must be a date" in bad.text
    assert _get(ds, "/claimtrack/sources?limit=ten").status_code == 400


def test_pages_show_the_claim_at_its_offsets_and_the_network(served):
    path, ds, _before = served
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as conn:
        claim_id, doc_id, cue_start, cue_end = conn.execute(
            "SELECT c.id, c.document_id, c.cue_start, c.cue_end FROM claim c JOIN claim_source cs ON cs.claim_id = c.id "
            "WHERE cs.role = 'reporter'").fetchone()
        doc = conn.execute("SELECT text FROM document WHERE id = ?", (doc_id,)).fetchone()[0]
        mentions = conn.execute("SELECT mention_start, mention_end FROM claim_source WHERE claim_id = ? "
                                "ORDER BY mention_start", (claim_id,)).fetchall()
        interfax = conn.execute("SELECT id FROM source WHERE name = 'Interfax'").fetchone()[0]
        selin = conn.execute("SELECT id FROM source WHERE name = 'Anton Selin'").fetchone()[0]
    page = _get(ds, f"/-/claimtrack/claim/{claim_id}")
    assert page.status_code == 200
    story = page.text.split('id="story"', 1)[1]
    assert _pieces(story, "cue") == doc[cue_start:cue_end] == "quoted port director Anton Selin as saying"
    assert _pieces(story, "mention") == "".join(doc[a:b] for a, b in mentions)
    assert "&lt;east &amp; west gates&gt;" in story and "<east" not in story
    network = _get(ds, f"/-/claimtrack/source/{interfax}")
    assert network.status_code == 200 and f'href="/-/claimtrack/source/{selin}"' in network.text
    assert _get(ds, "/-/claimtrack/claim/999999").status_code == 404
    by_name = _get(ds, "/-/claimtrack/source?name=interfax")
    assert by_name.status_code == 302 and by_name.headers["location"] == f"/-/claimtrack/source/{interfax}"
    # ids in views link to these pages
    view = _get(ds, "/claimtrack/source_links_v?kind=cites")
    assert f'<a href="/-/claimtrack/claim/{claim_id}">' in view.text
    assert f'<a href="/-/claimtrack/source/{interfax}">Interfax</a>' in view.text


WRITES = [
    "INSERT INTO source (name, kind, origin, created_at) VALUES ('x', 'person', 'auto', '2025-01-01')",
    "UPDATE claim SET kind = 'x'",
    "DELETE FROM claim",
    "DROP TABLE claim",
    "WITH x AS (SELECT 1) DELETE FROM claim",
    "ATTACH DATABASE '{other}' AS other",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 7",
    "SELECT * FROM pragma_user_version",
    "VACUUM INTO '{other}'",
    "CREATE TABLE t (x)",
    "SELECT load_extension('x')",
    "REPLACE INTO source_alias (source_id, alias, norm, origin) VALUES (1, 'x', 'x', 'auto')",
]


def test_serving_never_writes(served, tmp_path):
    """Runs after the other tests that use the served database: the folder is as it was before any of them."""
    path, ds, before = served
    assert path.name in before
    other = tmp_path / "other.db"
    for sql in WRITES:
        res = _get(ds, "/claimtrack.json?" + __import__("urllib.parse").parse.urlencode({"sql": sql.format(other=other)}))
        assert res.status_code != 200 or "pragma_user_version" in sql, (sql, res.status_code)
    # a canned query takes no POST (none is a writing one), and the pages still read
    assert asyncio.run(ds.client.post("/claimtrack/claims", data={"limit": "1"})).status_code != 200
    assert _get(ds, "/claimtrack/source_stats_v.json").status_code == 200
    assert not other.exists()
    assert _files(path.parent) == before


# ---- the command's refusals ------------------------------------------------------------------------------
def _serve(*args: str, db: str | None):
    from click.testing import CliRunner

    from claimtrack.cli import main

    return CliRunner().invoke(main, (["--db", db] if db else []) + ["serve", *args])


def _one_line_error(res, *words: str) -> None:
    assert res.exit_code == 1 and "Traceback" not in res.output
    lines = res.output.strip().splitlines()
    assert len(lines) == 1 and all(w in lines[0] for w in words), res.output


def test_serve_refuses_postgresql_in_one_line():
    _one_line_error(_serve(db="postgresql://someone@127.0.0.1:1/claims"), "SQLite", "PostgreSQL", "pgAdmin")


def test_serve_without_datasette_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "datasette", None)  # import datasette now raises ImportError
    _one_line_error(_serve(db=str(tmp_path / "c.db")), "pip install 'claimtrack[serve]'")


def test_serve_refuses_what_it_would_have_to_write_to(tmp_path):
    pytest.importorskip("datasette", reason="claimtrack serve needs the extra: pip install 'claimtrack[serve]'")
    from click.testing import CliRunner

    from claimtrack.cli import main
    from claimtrack.serve.command import check_database

    _one_line_error(_serve(db=str(tmp_path / "missing.db")), "no database")
    old = tmp_path / "old.db"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", str(old), "db", "upgrade", "0006"]).exit_code == 0
    _settle(old)
    _one_line_error(_serve(db=str(old)), "claimtrack db upgrade")
    assert runner.invoke(main, ["--db", str(old), "db", "upgrade"]).exit_code == 0
    _settle(old)
    check_database(old)  # upgraded and written back: nothing to refuse
    Path(f"{old}-wal").write_bytes(b"x" * 100)
    _one_line_error(_serve(db=str(old)), "write-ahead log")


def test_json_of_a_canned_query_is_what_datasette_promises(served):
    _path, ds, _before = served
    body = _get(ds, "/claimtrack/source-record.json?_shape=objects").json()
    assert body["ok"] is True and body["rows"] and set(body["rows"][0]) == {
        "source", "kind", "claims", "denials_made", "denied_by_others", "contradicted"}
    csv = _get(ds, "/claimtrack/source-record.csv")
    assert csv.status_code == 200 and csv.text.splitlines()[0] == "source,kind,claims,denials_made,denied_by_others,contradicted"
    assert json.loads(_get(ds, "/claimtrack/source_edges_v.json?_shape=array&kind=cites").text)
