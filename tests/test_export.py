"""CSV export: RFC 4180, UTF-8, documented column order, auditable rows, formula guard, filters, streaming."""

from __future__ import annotations

import csv
import inspect
import io
import json
import re
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text

from claimtrack.cli import output
from claimtrack.store import export
from claimtrack.store.export import CLAIM_COLUMNS, CLAIM_ROW_COLUMNS, EXPORTS, Filters

FIRE = """Harbour fire under control
Release time: 2025-06-02 08:15

=SUM(A1:A9) was written on the harbour wall, police said.
-5 degrees were recorded in Varna on Thursday, the weather service said.
"The fire is out, and the harbour is safe," said the mayor of Varna.
Interfax quoted Dmitry Peskov as saying: "Nobody was hurt."
+359 lines were jammed for an hour, the telecom regulator said.
@harbour: the port authority said tugs had been sent to the pier.
"We will rebuild the pier
by winter," the harbour master said.
Fuel prices in Bulgaria rose by 12 percent in May — «a record», Ђорђе wrote.
"""
WIRE = [
    {"id": "w1", "title": "Pier rebuilt", "published": "2025-07-01", "outlet": "Black Sea Herald",
     "text": "The port authority said the pier reopened on Monday.\nPolice said 3 people were questioned.\n"},
    {"id": "w2", "title": "Autumn storms", "published": "2025-10-20", "outlet": "Black Sea Herald",
     "text": "The weather service said 2 storms were expected.\nThe port authority denied that the pier was closed.\n"},
]


@pytest.fixture
def loaded(cli, tmp_path):
    fire = tmp_path / "fire.txt"
    fire.write_text(FIRE, "utf-8")
    wire = tmp_path / "wire.jsonl"
    wire.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in WIRE), "utf-8")
    res = cli("ingest", str(fire), str(wire))
    assert res.exit_code == 0, res.output
    cli.fire = FIRE
    cli.fire_path = str(fire)
    return cli


def _csv(res_or_bytes) -> list[dict]:
    raw = res_or_bytes if isinstance(res_or_bytes, bytes) else res_or_bytes.stdout_bytes
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def _export(cli, *args) -> list[dict]:
    res = cli("export", *args)
    assert res.exit_code == 0, res.output
    return _csv(res)


def test_claims_csv_is_rfc4180_and_auditable(loaded, tmp_path):
    out = tmp_path / "claims.csv"
    res = loaded("export", "claims", "-o", str(out))
    assert res.exit_code == 0 and "rows written" in res.stderr
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")  # UTF-8 throughout
    # CRLF after every record; a bare LF only inside a quoted cell (the sentence over two lines)
    assert raw.endswith(b"\r\n")
    header = raw.split(b"\r\n", 1)[0].decode()
    assert header.split(",") == CLAIM_COLUMNS
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True))
    assert all(len(r) == len(CLAIM_COLUMNS) for r in rows)
    dicts = [dict(zip(CLAIM_COLUMNS, r, strict=True)) for r in rows[1:]]
    fire = [d for d in dicts if d["document_origin"] == loaded.fire_path]
    text_ = loaded.fire
    for d in fire:  # every row points back into the text it came from
        sentence = d["sentence_text"][1:] if d["sentence_text"][:2] in ("'=", "'-", "'+", "'@") else d["sentence_text"]
        assert text_[int(d["sentence_start"]) : int(d["sentence_end"])] == sentence
        if d["cue_start"]:
            assert text_[int(d["cue_start"]) : int(d["cue_end"])] == d["cue_text"]
        if d["mention_start"]:
            assert text_[int(d["mention_start"]) : int(d["mention_end"])] == d["mention_text"]
    quoted = [d for d in fire if d["sentence_text"].startswith('"The fire is out')]
    assert quoted and quoted[0]["sentence_text"] == '"The fire is out, and the harbour is safe," said the mayor of Varna.'
    assert b'"""The fire is out, and the harbour is safe,"" said the mayor of Varna."' in raw  # RFC 4180 doubling
    two_lines = [d for d in fire if "by winter" in d["sentence_text"]]
    assert two_lines and "\n" in two_lines[0]["sentence_text"]
    assert any("«a record», Ђорђе" in d["sentence_text"] for d in fire)


def test_one_row_per_claim_source_pair_or_per_claim(loaded):
    pairs = _export(loaded, "claims")
    per_claim = _export(loaded, "claims", "--per", "claim")
    assert list(per_claim[0]) == CLAIM_ROW_COLUMNS
    assert len({r["claim_id"] for r in per_claim}) == len(per_claim)
    assert {r["claim_id"] for r in per_claim} == {r["claim_id"] for r in pairs}
    chain = [r for r in pairs if "Interfax quoted" in r["sentence_text"]]
    assert [(r["source_name"], r["source_role"]) for r in chain] == [("Dmitry Peskov", "speaker"), ("Interfax", "reporter")]
    one = [r for r in per_claim if "Interfax quoted" in r["sentence_text"]]
    assert len(one) == 1 and one[0]["speakers"] == "Dmitry Peskov" and one[0]["reporters"] == "Interfax"
    unattributed = [r for r in pairs if r["sentence_text"].startswith("Fuel prices")]
    assert len(unattributed) == 1 and unattributed[0]["source_name"] == "" and unattributed[0]["source_role"] == ""


def test_formula_injection_is_neutralized_by_default(loaded):
    rows = _export(loaded, "claims")
    starts = {r["sentence_text"][:5] for r in rows}
    assert {"'=SUM", "'-5 d", "'+359", "'@har"} <= starts
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    raw = _export(loaded, "claims", "--no-formula-guard")
    assert {"=SUM(", "-5 de", "+359 ", "@harb"} <= {r["sentence_text"][:5] for r in raw}
    # numbers stay numbers: a negative offset or score would not be touched (only text cells are guarded)
    assert output.neutralize("-5") == "'-5"
    assert output.write_csv(io.StringIO(), ["n"], [(-5,), (-0.5,)]) == 2
    buf = io.StringIO()
    output.write_csv(buf, ["n", "s"], [(-5, "-5")])
    assert buf.getvalue().splitlines()[1] == "-5,'-5"


@pytest.mark.parametrize("cell,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"), ("a=1", "a=1"), ("", ""), ("'=", "'="),
    ("Reuters", "Reuters"),
])
def test_neutralize(cell, expected):
    assert output.neutralize(cell) == expected


def test_excel_bom_and_report_csv(loaded, tmp_path):
    out = tmp_path / "excel.csv"
    assert loaded("export", "claims", "--excel", "-o", str(out)).exit_code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert list(_csv(raw)[0]) == CLAIM_COLUMNS
    rep = loaded("report", "claims", "--format", "csv", "--excel")
    assert rep.stdout_bytes.startswith(b"\xef\xbb\xbf")
    rows = _csv(rep)
    assert rows and all(not r["content_text"].startswith(("=", "+", "-", "@")) for r in rows)


def test_filters(loaded, db_url):
    all_rows = _export(loaded, "claims")
    # source, by any alias: an analyst alias works as well as the canonical name
    assert loaded("sources", "alias", "Port authority", "Varna harbour authority").exit_code == 0
    by_alias = _export(loaded, "claims", "--source", "Varna harbour authority")
    by_name = _export(loaded, "claims", "--source", "port authority")
    assert by_alias == by_name and len({r["claim_id"] for r in by_alias}) == 3
    # --source keeps whole claims: a chain's reporter row comes along with its speaker row
    chain = _export(loaded, "claims", "--source", "Interfax")
    assert {(r["source_name"], r["source_role"]) for r in chain} == {("Dmitry Peskov", "speaker"), ("Interfax", "reporter")}
    # kind
    quotes = _export(loaded, "claims", "--kind", "direct_quote")
    assert quotes and {r["claim_kind"] for r in quotes} == {"direct_quote"}
    # story date range
    summer = _export(loaded, "claims", "--since", "2025-06-15", "--until", "2025-08-31")
    assert summer and {r["document_external_id"] for r in summer} == {"w1"}
    assert {r["story_published"][:10] for r in _export(loaded, "claims", "--until", "2025-06-30")} == {"2025-06-02"}
    # document: id, content-hash prefix, origin path, external id
    engine = create_engine(db_url)
    with engine.connect() as conn:
        doc_id, sha = conn.execute(text("SELECT id, sha256 FROM document WHERE external_id = 'w2'")).one()
    engine.dispose()
    ids = {frozenset(r["claim_id"] for r in _export(loaded, "claims", "--document", ref))
           for ref in (str(doc_id), sha[:12], "w2")}
    assert len(ids) == 1 and next(iter(ids))
    fire_ids = {r["claim_id"] for r in _export(loaded, "claims", "--document", loaded.fire_path)}
    assert fire_ids and not fire_ids & next(iter(ids))
    # story
    story = all_rows[0]["story_id"]
    assert {r["story_id"] for r in _export(loaded, "claims", "--story", story)} == {story}
    # relation kind: only claims that take part in such a relation
    contra = all_rows[0]["claim_id"], [r for r in all_rows if r["sentence_text"].startswith("Police said 3")][0]["claim_id"]
    assert loaded("review", "relation", "add", contra[1], contra[0], "--kind", "contradicts").exit_code == 0
    in_rel = _export(loaded, "claims", "--relation-kind", "contradicts")
    assert set(contra) <= {r["claim_id"] for r in in_rel}
    rel = _export(loaded, "relations", "--relation-kind", "contradicts")
    assert any((r["claim_id"], r["target_claim_id"], r["origin"]) == (contra[1], contra[0], "analyst") for r in rel)
    w1 = {r["claim_id"] for r in all_rows if r["document_external_id"] == "w1"}
    every = _export(loaded, "relations")
    touching = {r["relation_id"] for r in every if r["claim_id"] in w1 or r["target_claim_id"] in w1}
    assert touching and {r["relation_id"] for r in _export(loaded, "relations", "--document", "w1")} == touching
    story_w1 = {r["story_id"] for r in all_rows if r["document_external_id"] == "w1"}.pop()
    assert {r["relation_id"] for r in _export(loaded, "relations", "--story", story_w1)} == touching
    assert {r["story_ordinal"] for r in _export(loaded, "sentences", "--document", "w1")} == {"0"}
    # confirmed / rejected
    assert loaded("review", "confirm", contra[0]).exit_code == 0
    assert {r["claim_id"] for r in _export(loaded, "claims", "--confirmed")} == {contra[0]}
    assert loaded("review", "reject", contra[1]).exit_code == 0
    assert contra[1] not in {r["claim_id"] for r in _export(loaded, "claims")}
    bad = loaded("export", "claims", "--since", "last week")
    assert bad.exit_code == 1 and len(bad.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args, message", [
    (["sources", "--since", "2025-01-01"], "--since does not apply to 'export sources'"),
    (["sources", "--per", "claim"], "--per does not apply"),
    (["sentences", "--relation-kind", "denies"], "--relation-kind does not apply to 'export sentences'"),
    (["sentences", "--confirmed"], "--confirmed does not apply"),
    (["claims", "--kind", "bogus"], "claims kinds are assertion"),
    (["sentences", "--kind", "assertion"], "sentences kinds are claim"),
    (["sources", "--kind", "persn"], "no stored source has it"),
    (["relations", "--kind", "denies", "--relation-kind", "supports"], "give one"),
    (["claims", "--source", "Nobody At All"], "no source named 'Nobody At All'"),
    (["relations", "--document", "no-such-document"], "no stored document matches"),
    (["claims", "--story", "987654"], "no story with id 987654"),
])
def test_a_filter_that_cannot_apply_is_an_error_not_an_unfiltered_file(loaded, args, message):
    result = loaded("export", *args)
    assert result.exit_code == 1 and message in result.output, result.output
    assert not result.stdout.strip()  # nothing written


def test_other_exports_have_their_documented_columns(loaded):
    for what, columns in (("sources", export.SOURCE_COLUMNS), ("relations", export.RELATION_COLUMNS),
                          ("sentences", export.SENTENCE_COLUMNS)):
        res = loaded("export", what)
        assert res.exit_code == 0, res.output
        assert res.stdout_bytes.split(b"\r\n", 1)[0].decode().split(",") == columns
    sentences = _export(loaded, "sentences", "--document", "w1")
    assert [r["text"] for r in sentences] == [WIRE[0]["text"].splitlines()[0], WIRE[0]["text"].splitlines()[1]]
    data = json.loads(loaded("export", "claims", "--format", "json").stdout)
    assert data and list(data[0]) == CLAIM_COLUMNS


def test_readme_documents_the_column_orders():
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for columns in (CLAIM_COLUMNS, CLAIM_ROW_COLUMNS[-2:], export.SOURCE_COLUMNS, export.RELATION_COLUMNS,
                    export.SENTENCE_COLUMNS):
        assert re.search(r"\s*,\s*".join(re.escape(c) for c in columns), readme.replace("`", "")), columns[:3]


# ---- streaming ------------------------------------------------------------------------------------------
def test_export_is_lazy_and_csv_writing_streams(db):
    engine, _ = db
    executed = []
    event.listen(engine, "before_cursor_execute", lambda *a: executed.append(1))
    columns, rows = EXPORTS["claims"](engine, Filters())
    assert inspect.isgenerator(rows) and not executed  # nothing runs until rows are asked for
    assert list(rows) == [] and executed

    sink = io.StringIO()

    def watched():
        for i in range(5):
            # each row is written out before the next one is asked for
            assert sink.getvalue().count("\r\n") == i + 1
            yield (i, f"row {i}")

    assert output.write_csv(sink, ["n", "s"], watched()) == 5


class _Null(io.TextIOBase):
    def write(self, s):
        return len(s)


def _fill(engine, n: int) -> None:
    """A synthetic corpus of n claims with long sentences, straight into the tables."""
    now = "2025-01-01 00:00:00"
    body = "The ministry said that the harbour would reopen after repairs. " * 8
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM document"))
        conn.execute(text("DELETE FROM source"))
        conn.execute(text("INSERT INTO document (id, sha256, origin, format, text, ingested_at) "
                          "VALUES (1, 'f' || :h, 'synthetic', 'txt', 'x', :now)"), {"h": "0" * 63, "now": now})
        conn.execute(text("INSERT INTO story (id, document_id, ordinal, char_start, char_end) VALUES (1, 1, 0, 0, 1)"))
        conn.execute(text("INSERT INTO source (id, name, kind, origin, created_at) "
                          "VALUES (1, 'Ministry', 'ministry', 'auto', :now)"), {"now": now})
        conn.execute(text("INSERT INTO sentence (id, story_id, document_id, ordinal, char_start, char_end, text, kind, "
                          "confidence) VALUES (:i, 1, 1, :i, 0, 1, :t, 'attributed', 0.5)"),
                     [{"i": i, "t": f"{i} {body}"} for i in range(1, n + 1)])
        conn.execute(text("INSERT INTO claim (id, sentence_id, story_id, document_id, ordinal, fingerprint, kind, "
                          "content_text, checkworthiness, confidence, method, review_status) "
                          "VALUES (:i, :i, 1, 1, 0, :f, 'indirect_quote', :t, 0.5, 0.5, 'x', 'auto')"),
                     [{"i": i, "f": f"fp{i}", "t": body} for i in range(1, n + 1)])
        conn.execute(text("INSERT INTO claim_source (claim_id, source_id, role, origin) "
                          "VALUES (:i, 1, 'speaker', 'auto')"), [{"i": i} for i in range(1, n + 1)])


def _peak(engine) -> tuple[int, int]:
    tracemalloc.start()
    try:
        columns, rows = EXPORTS["claims"](engine, Filters())
        n = output.write_csv(_Null(), columns, rows)
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_export_memory_stays_flat(db):
    """Four times the rows must not take anywhere near four times the memory (materializing would)."""
    engine, _ = db
    _fill(engine, 300)
    _peak(engine)  # warm up caches
    _fill(engine, 1500)
    n_small, small = _peak(engine)
    _fill(engine, 6000)
    n_big, big = _peak(engine)
    assert (n_small, n_big) == (1500, 6000)
    assert big < 1.8 * small, (small, big)


@pytest.mark.skipif(not shutil.which("libreoffice"), reason="needs LibreOffice (apt-get install libreoffice-calc)")
def test_a_spreadsheet_opens_the_csv_and_reads_every_cell_as_text(cli_nodb, tmp_path):
    """LibreOffice Calc imports the export cell for cell: quotes, commas and line breaks stay inside their
    cells, and a guarded '=SUM(…)' stays text — while the unguarded one is run as a formula."""
    (tmp_path / "fire.txt").write_text(FIRE, "utf-8")
    assert cli_nodb("ingest", "fire.txt").exit_code == 0
    assert cli_nodb("export", "claims", "--excel", "-o", "safe.csv").exit_code == 0
    assert cli_nodb("export", "claims", "--no-formula-guard", "-o", "raw.csv").exit_code == 0
    out = tmp_path / "calc"
    subprocess.run(["libreoffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
                    "--infilter=CSV:44,34,76,1", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1",
                    "--outdir", str(out), "safe.csv", "raw.csv"], cwd=tmp_path, capture_output=True, timeout=120,
                   check=True)
    mine = _csv((tmp_path / "safe.csv").read_bytes())
    calc = list(csv.DictReader(io.StringIO((out / "safe.csv").read_text("utf-8"), newline="")))
    assert len(calc) == len(mine)
    for a, b in zip(mine, calc, strict=True):
        for col in ("claim_id", "sentence_text", "content_text", "cue_text", "source_name", "mention_text"):
            assert a[col] == b[col], (col, a[col], b[col])
    assert any(r["sentence_text"].startswith("'=SUM(A1:A9)") for r in calc)
    assert any("\n" in r["sentence_text"] for r in calc)
    raw = list(csv.DictReader(io.StringIO((out / "raw.csv").read_text("utf-8"), newline="")))
    assert not any(r["sentence_text"].startswith(("=SUM", "'=SUM")) for r in raw)  # evaluated: why the guard
