"""Tables never cut a cell: on a terminal long cells wrap to its width within their column; elsewhere, and with
--full, each row is one line with every cell whole."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from claimtrack.cli.output import write_table

QUOTE = ("Dock workers' union leader Ivan Petrov said only 6 ships had left the port of Varna on Friday, not the 14 "
         "that the transport ministry counted, and that the strike would go on until the harbour board answered.")


def _table(width: int | None) -> str:
    out = io.StringIO()
    n = write_table(out, ["claim_id", "speakers", "sentence_text"], [(7, "Ivan Petrov", QUOTE), (8, None, "Short.")],
                    width=width)
    assert n == 2
    return out.getvalue()


def test_without_a_width_every_cell_is_whole_on_one_line():
    lines = _table(None).splitlines()
    assert lines[2][lines[0].index("sentence_text"):] == QUOTE and "…" not in _table(None)
    assert len(lines) == 5  # header, rule, two rows, count


@pytest.mark.parametrize("width", [60, 80, 120])
def test_a_width_wraps_long_cells_within_their_column(width):
    lines = _table(width).splitlines()
    assert all(len(line) <= width for line in lines), lines
    assert "…" not in _table(width)
    start = lines[0].index("sentence_text")
    first_row = lines[2 : lines.index(next(ln for ln in lines if ln.startswith("8")))]
    assert len(first_row) > 1 and first_row[0].startswith("7 ")
    assert all(not ln[: len("claim_id")].strip() for ln in first_row[1:])  # continuation lines: the id once
    assert " ".join(ln[start:].strip() for ln in first_row) == QUOTE  # every word, in order


def test_columns_never_narrower_than_their_header():
    out = io.StringIO()
    write_table(out, ["denied_by_others", "text"], [(1, QUOTE)], width=50)
    header, rule = out.getvalue().splitlines()[:2]
    assert rule.split("  ")[0] == "-" * len("denied_by_others")
    assert " ".join(ln[len("denied_by_others") + 2:].strip() for ln in out.getvalue().splitlines()[2:-1]) == QUOTE


def test_the_cli_prints_whole_cells_when_not_on_a_terminal(cli, tmp_path):
    page = tmp_path / "port.txt"
    page.write_text(f"Varna port\nRelease time: 2025-05-03 10:00\n\n{QUOTE}\n", "utf-8")
    assert cli("ingest", str(page)).exit_code == 0
    for args in (["report", "article", "-p", "document=port.txt"], ["report", "article", "-p", "document=1", "--full"],
                 ["sql", "SELECT sentence_text FROM claims_v"],
                 ["extract", str(page), "--format", "table"]):
        res = cli(*args)
        assert res.exit_code == 0, res.output
        assert QUOTE[:-1] in res.stdout and "…" not in res.stdout, args


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a pseudo-terminal")
@pytest.mark.parametrize("full", [False, True])
def test_on_a_terminal_cells_wrap_to_its_width_unless_full(tmp_path, full):
    import pty

    db = tmp_path / "t.db"
    page = tmp_path / "port.txt"
    page.write_text(f"Varna port\nRelease time: 2025-05-03 10:00\n\n{QUOTE}\n", "utf-8")
    exe = [sys.executable, "-c", "from claimtrack.cli import main; main()"]
    env = {**os.environ, "COLUMNS": "72", "CLAIMTRACK_DB": str(db)}
    subprocess.run([*exe, "ingest", "-q", str(page)], env=env, check=True, capture_output=True, timeout=120)
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run([*exe, "sql", "SELECT claim_id, speakers, sentence_text FROM claims_v",
                               *(["--full"] if full else [])], env=env, stdout=secondary, stderr=subprocess.PIPE,
                              timeout=120)
        os.close(secondary)
        chunks = []
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(primary)
    assert proc.returncode == 0, proc.stderr
    lines = b"".join(chunks).decode("utf-8").replace("\r\n", "\n").splitlines()
    assert "…" not in "\n".join(lines)
    if full:
        assert any(QUOTE in ln for ln in lines) and max(len(ln) for ln in lines) > 72
    else:
        assert max(len(ln) for ln in lines) <= 72 and len(lines) > 4
        start = lines[0].index("sentence_text")
        assert " ".join(ln[start:].strip() for ln in lines[2:-1] if ln[start:].strip()) == QUOTE


def test_too_many_columns_for_the_width_show_each_row_as_a_record():
    columns = ["claim_id", "story_published", "outlet", "claim_kind", "speakers", "reporters", "cue_text",
               "content_text", "event_date", "checkworthiness", "review_status", "document_origin"]
    row = (7, "2025-05-03T10:00", "Black Sea Herald", "indirect_quote", "Ivan Petrov", None, "said", QUOTE,
           "2025-05-02", 0.5, "auto", "/srv/archive/2025/05/03/varna-port.txt")
    out = io.StringIO()
    assert write_table(out, columns, [row, row], width=80) == 2
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines) and "…" not in out.getvalue()
    assert len([ln for ln in lines if ln.startswith("-[ row ")]) == 2
    assert lines[0].startswith("-[ row 1 ]---") and lines[-1] == "(2 rows)"
    record = lines[1 : lines.index(next(ln for ln in lines if ln.startswith("-[ row 2 ]")))]
    label = len("checkworthiness") + 2
    assert record[0] == "claim_id".ljust(label) + "7"
    start = next(i for i, ln in enumerate(record) if ln.startswith("content_text"))
    end = next(i for i, ln in enumerate(record) if ln.startswith("event_date"))
    assert " ".join(ln[label:] for ln in record[start:end]) == QUOTE and end - start > 1
    assert "reporters" in record  # an empty value: the label alone
