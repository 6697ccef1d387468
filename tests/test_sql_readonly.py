"""`claimtrack sql` reads and never writes: every kind of write is refused in one line, on both databases,
and the database layer refuses writes on its own even when the lexical check is bypassed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine, text

from claimtrack.store import readonly
from claimtrack.store.readonly import ReadOnlyError, check_statement, tokens

TEXT = ("Coastal towns flood after storm\nRelease time: 2025-02-11 09:00\n\n"
        "The fire brigade said 300 homes were flooded on Monday.\n"
        "Residents said the water rose within minutes.\n")

# Writes that any database must refuse (and how they try to get past a naive check).
WRITES_COMMON = [
    "DELETE FROM claim",
    "delete from claim where id > 0",
    "UPDATE source SET name = 'x'",
    "INSERT INTO source (name, kind, origin, created_at) VALUES ('x', 'person', 'auto', CURRENT_TIMESTAMP)",
    "DROP TABLE claim",
    "DROP VIEW claims_v",
    "CREATE TABLE evil (x INTEGER)",
    "CREATE VIEW evil AS SELECT 1",
    "ALTER TABLE claim ADD COLUMN evil INTEGER",
    "REPLACE INTO source (id, name) VALUES (1, 'x')",
    "WITH x AS (SELECT 1) INSERT INTO source (name) SELECT 'x'",
    "WITH x AS (SELECT 1) DELETE FROM claim",
    "WITH gone AS (DELETE FROM claim RETURNING id) SELECT * FROM gone",
    "SELECT 1; DELETE FROM claim",
    "SELECT 1; COMMIT; DELETE FROM claim",
    "SELECT '--'; DELETE FROM claim",
    "SELECT '/*'; DELETE FROM claim; SELECT '*/'",
    "SELECT 1 /* ; */ ; DELETE FROM claim",
    "SELECT 1 -- harmless\n; DELETE FROM claim",
    "SELECT \"a;b\" FROM (SELECT 1 AS \"a;b\"); DELETE FROM claim",
    "SELECT * INTO evil FROM claim",
    "EXPLAIN ANALYZE DELETE FROM claim",
    "EXPLAIN DELETE FROM claim",
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    "VACUUM",
    "REINDEX",
    "ANALYZE",
    "GRANT ALL ON claim TO PUBLIC",
    "TRUNCATE claim",
    "  ;  DELETE FROM claim",
]
WRITES_SQLITE = [
    "ATTACH DATABASE '/tmp/claimtrack-evil.db' AS evil",
    "DETACH DATABASE main",
    "PRAGMA query_only = OFF",
    "PRAGMA query_only(0)",
    "PRAGMA foreign_keys = OFF",
    "PRAGMA journal_mode = DELETE",
    "PRAGMA user_version = 7",
    "PRAGMA user_version(7)",
    "PRAGMA main.user_version = 7",
    "PRAGMA writable_schema = ON",
    "VACUUM INTO '/tmp/claimtrack-evil.db'",
    "SELECT load_extension('/tmp/evil')",
    "SELECT fts3_tokenizer('simple', x'00')",
    "INSERT OR REPLACE INTO source (id, name) VALUES (1, 'x')",
]
WRITES_POSTGRESQL = [
    "SET TRANSACTION READ WRITE",
    "SET default_transaction_read_only = off",
    "SET SESSION CHARACTERISTICS AS TRANSACTION READ WRITE",
    "START TRANSACTION READ WRITE",
    "RESET ALL",
    "SELECT set_config('default_transaction_read_only', 'off', false)",
    "SELECT pg_catalog.set_config('transaction_read_only', 'off', true)",
    "SELECT \"set_config\"('default_transaction_read_only', 'off', false)",
    "SELECT lo_export(lo_from_bytea(0, 'x'), '/tmp/claimtrack-evil')",
    "SELECT lo_import('/etc/hostname')",
    "SELECT pg_read_file('/etc/hostname')",
    "SELECT pg_terminate_backend(pg_backend_pid())",
    "SELECT pg_advisory_lock(42)",
    "SELECT pg_notify('claims', 'x')",
    "SELECT nextval('claim_id_seq')",
    "SELECT setval('claim_id_seq', 1)",
    "SELECT query_to_xml('DELETE FROM claim RETURNING id', true, true, '')",
    "SELECT dblink_exec('dbname=postgres', 'DELETE FROM claim')",
    "COPY claim TO '/tmp/claimtrack-evil.csv'",
    "COPY (SELECT 1) TO PROGRAM 'touch /tmp/claimtrack-evil'",
    "DO $$ BEGIN DELETE FROM claim; END $$",
    "SELECT $$;$$; DELETE FROM claim",
    "SELECT $tag$ $$ $tag$; DELETE FROM claim",
    "SELECT E'\\''; DELETE FROM claim; --'",
    "SELECT * FROM claim FOR UPDATE",
    "LOCK TABLE claim",
    "CALL evil()",
    "PREPARE p AS DELETE FROM claim",
    "EXECUTE p",
    "LISTEN claims",
    "NOTIFY claims",
    "CHECKPOINT",
    "LOAD 'evil'",
    "SECURITY LABEL ON TABLE claim IS 'x'",
    "COMMENT ON TABLE claim IS 'x'",
    "REFRESH MATERIALIZED VIEW claims_v",
    "MERGE INTO source s USING source t ON s.id = t.id WHEN MATCHED THEN DELETE",
]

READS_COMMON = [
    ("SELECT COUNT(*) AS n FROM claims_v", None),
    ("select claim_id, speakers from claims_v order by claim_id", None),
    ("WITH c AS (SELECT claim_id FROM claims_v) SELECT COUNT(*) AS n FROM c", None),
    ("VALUES (1), (2)", None),
    ("SELECT 'update; delete; drop' AS s", [("update; delete; drop",)]),
    ("SELECT 'it''s -- not a comment; really' AS s;", [("it's -- not a comment; really",)]),
    ("SELECT 1 AS n /* ; DELETE FROM claim */", [(1,)]),
    ("SELECT 1 AS n -- ; DELETE FROM claim", [(1,)]),
    ("SELECT 2 AS \"delete\"", [(2,)]),
    ("SELECT source, claims FROM source_stats_v WHERE source LIKE '%brigade%'", None),
    ("SELECT * FROM denials_v", None),
    ("SELECT * FROM contradictions_v", None),
    ("SELECT * FROM claim_sources_v", None),
    ("EXPLAIN SELECT * FROM claim", None),
    ("SELECT CASE WHEN 1 = 1 THEN 'a' ELSE 'b' END AS c", [("a",)]),
    ("SELECT '%s {x} %(y)s' AS s", [("%s {x} %(y)s",)]),
]
READS_SQLITE = [("PRAGMA table_info(claim)", None), ("PRAGMA user_version", None),
                ("SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name", None)]
READS_POSTGRESQL = [("SHOW statement_timeout", None), ("TABLE source", None),
                    ("SELECT 1 AS n /* nested /* comment */ ; DELETE FROM claim */", [(1,)]),
                    ("SELECT $$ ; DELETE FROM claim $$ AS s", [(" ; DELETE FROM claim ",)]),
                    ("SELECT E'a\\'b' AS s", [("a'b",)]),
                    ("SELECT table_name FROM information_schema.views WHERE table_schema = 'public'", None)]


def _dialect(db_url: str) -> str:
    return "sqlite" if db_url.startswith("sqlite") else "postgresql"


def _snapshot(db_url: str) -> tuple:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            counts = tuple(conn.execute(text(f"SELECT COUNT(*) FROM {t}")).scalar()
                           for t in ("document", "claim", "source", "claim_relation", "review_decision"))
            names = tuple(conn.execute(text("SELECT name FROM source ORDER BY id")).scalars())
        from sqlalchemy import inspect

        insp = inspect(engine)
        return counts, names, tuple(sorted(insp.get_table_names())), tuple(sorted(insp.get_view_names()))
    finally:
        engine.dispose()


@pytest.fixture
def loaded(cli, tmp_path):
    p = tmp_path / "storm.txt"
    p.write_text(TEXT, "utf-8")
    assert cli("ingest", str(p)).exit_code == 0
    return cli


def test_every_write_is_refused_in_one_line(loaded, db_url):
    cli = loaded
    before = _snapshot(db_url)
    writes = WRITES_COMMON + (WRITES_SQLITE if _dialect(db_url) == "sqlite" else WRITES_POSTGRESQL)
    for stmt in writes:
        res = cli("sql", stmt)
        assert res.exit_code == 1, (stmt, res.output)
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (stmt, res.stderr)
        assert "Traceback" not in res.output and not res.stdout, stmt
    assert _snapshot(db_url) == before


def test_reads_work(loaded, db_url):
    cli = loaded
    reads = READS_COMMON + (READS_SQLITE if _dialect(db_url) == "sqlite" else READS_POSTGRESQL)
    for stmt, expected in reads:
        res = cli("sql", stmt, "--format", "json")
        assert res.exit_code == 0, (stmt, res.output)
        rows = json.loads(res.stdout)
        if expected is not None:
            assert [tuple(r.values()) for r in rows] == expected, stmt
    n = json.loads(cli("sql", "SELECT COUNT(*) AS n FROM claims_v", "--format", "json").stdout)[0]["n"]
    assert n >= 2


def test_database_refuses_writes_even_without_the_lexical_check(loaded, db_url, monkeypatch):
    """Layer 2 and 3 alone: with the tokenizer's verdict ignored, the connection itself cannot write."""
    before = _snapshot(db_url)
    monkeypatch.setattr(readonly, "check_statement", lambda sql, dialect="sqlite": sql.strip().rstrip(";"))
    url = db_url
    stmts = ["DELETE FROM claim", "UPDATE source SET name = 'x'", "DROP TABLE claim_key",
             "CREATE TABLE evil (x INTEGER)", "WITH x AS (SELECT 1) INSERT INTO claim_key (key, claim_id) SELECT 'k', 1",
             "SELECT 1; DELETE FROM claim"]
    if _dialect(db_url) == "sqlite":
        stmts += ["ATTACH DATABASE ':memory:' AS evil", "PRAGMA query_only = OFF", "PRAGMA user_version = 3",
                  "SELECT load_extension('evil')"]
    else:
        stmts += ["SET TRANSACTION READ WRITE", "SELECT nextval('claim_id_seq')", "COMMIT",
                  "SELECT set_config('transaction_read_only', 'off', true)"]
    for stmt in stmts:
        with pytest.raises(ReadOnlyError) as err:
            readonly.run(url, stmt)
        assert "\n" not in str(err.value), stmt
    assert _snapshot(db_url) == before


def test_postgresql_runs_without_file_and_session_powers(loaded, db_url, monkeypatch):
    if _dialect(db_url) != "postgresql":
        pytest.skip("PostgreSQL only")
    monkeypatch.setattr(readonly, "check_statement", lambda sql, dialect="sqlite": sql)
    role = readonly.run(db_url, "SELECT current_user AS u").rows[0][0]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        may = conn.execute(text("SELECT pg_has_role(current_user, 'pg_read_all_data', 'MEMBER')")).scalar()
    engine.dispose()
    if not may:
        pytest.skip("this login may not use pg_read_all_data")
    assert role == "pg_read_all_data"
    for stmt in ("SELECT pg_read_file('/etc/hostname')", "SELECT lo_export(lo_from_bytea(0, 'x'), '/tmp/ct-evil')"):
        with pytest.raises(ReadOnlyError, match="refused"):
            readonly.run(db_url, stmt)


def test_timeout_and_row_limit(loaded, db_url):
    cli = loaded
    res = cli("sql", "VALUES (1), (2), (3)", "--limit", "2", "--format", "json")
    assert res.exit_code == 0 and len(json.loads(res.stdout)) == 2
    assert "--limit" in res.stderr
    res = cli("sql", "VALUES (1), (2), (3)", "--limit", "3", "--format", "json")
    assert len(json.loads(res.stdout)) == 3 and not res.stderr
    if _dialect(db_url) == "sqlite":
        slow = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000000000) "
                "SELECT COUNT(*) FROM n")
    else:
        slow = "SELECT pg_sleep(30)"
    res = cli("sql", slow, "--timeout", "0.2")
    assert res.exit_code == 1
    assert "longer than 0.2 s" in res.stderr and "--timeout" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_user_errors_are_one_line(loaded):
    for stmt in ("SELECT nope FROM claim", "SELEC 1", "SELECT 'unterminated", "SELECT 1 /* open", ""):
        res = loaded("sql", stmt)
        assert res.exit_code == 1, stmt
        assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert "a typo?" in loaded("sql", "SELEC 1").stderr  # not "SELEC statements are refused"


def test_output_keeps_every_column_and_every_value(loaded, db_url):
    """Repeated column names, binary values and TABLE (on SQLite too) come out whole, in every format."""
    rows = json.loads(loaded("sql", "SELECT 1 AS a, 2 AS a, 3 AS b", "--format", "json").stdout)
    assert rows == [{"a": 1, "a_2": 2, "b": 3}]
    blob = "SELECT x'00ff' AS b" if _dialect(db_url) == "sqlite" else "SELECT '\\x00ff'::bytea AS b"
    for fmt in ("json", "csv", "table"):
        res = loaded("sql", blob, "--format", fmt)
        assert res.exit_code == 0 and "\\x00ff" in res.stdout, (fmt, res.output)
    table = json.loads(loaded("sql", "/* all of it */ TABLE source", "--format", "json").stdout)
    listed = json.loads(loaded("sql", "SELECT * FROM source", "--format", "json").stdout)
    assert table == listed and table


# ---- the lexical layer on its own ------------------------------------------------------------------------
@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_check_statement_refusals(dialect):
    writes = WRITES_COMMON + (WRITES_SQLITE if dialect == "sqlite" else WRITES_POSTGRESQL)
    refused = []
    for stmt in writes:
        try:
            check_statement(stmt, dialect)
        except ReadOnlyError as exc:
            assert "\n" not in str(exc)
            refused.append(stmt)
    assert [s for s in writes if s not in refused] == []


def test_tokenizer_agrees_with_the_databases_on_strings_and_comments():
    assert tokens("SELECT 'a;b' -- x;\n, \"c;d\" /* ; */", "sqlite") == [
        ("word", "SELECT"), ("string", "a;b"), ("punct", ","), ("ident", "c;d")]
    assert tokens("SELECT E'\\';' , $t$ ; $t$", "postgresql") == [
        ("word", "SELECT"), ("string", "\\';"), ("punct", ","), ("string", " ; ")]
    # SQLite has no backslash escapes: 'a\' is a whole string there
    assert tokens("SELECT 'a\\' , 1", "sqlite")[1] == ("string", "a\\")
    # PostgreSQL nests block comments; SQLite does not
    assert tokens("/* a /* b */ c */ SELECT 1", "postgresql") == [("word", "SELECT"), ("number", "1")]
    assert ("word", "c") in tokens("/* a /* b */ c */ SELECT 1", "sqlite")
    for bad in ("SELECT 'x", "SELECT \"x", "SELECT /* x", "SELECT $$ x"):
        with pytest.raises(ReadOnlyError):
            tokens(bad, "postgresql")


def test_check_statement_keeps_the_text_and_drops_trailing_semicolons():
    assert check_statement("SELECT 'a;' AS x ;; ", "sqlite") == "SELECT 'a;' AS x"
    assert check_statement("  VALUES (1)", "postgresql") == "VALUES (1)"
    with pytest.raises(ReadOnlyError, match="one statement"):
        check_statement("SELECT 1; SELECT 2", "sqlite")
    with pytest.raises(ReadOnlyError, match="INSERT"):
        check_statement("WITH x AS (SELECT 1) INSERT INTO t SELECT 1", "postgresql")


def test_sqlite_file_with_uri_characters_in_its_path(cli_nodb, tmp_path):
    folder = tmp_path / "odd dir #1"
    folder.mkdir()
    db = folder / "claims db#2.db"
    res = cli_nodb("--db", str(db), "sql", "SELECT COUNT(*) AS n FROM claims_v", "--format", "json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"n": 0}]
