"""Input formats: plain text, HTML, JSON Lines, folders (recursive), several paths, stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimtrack.cli import main
from claimtrack.pipeline import Pipeline
from claimtrack.reader import InputError, expand, iter_documents, iter_inputs, read_path, sniff

FORMATS = Path(__file__).parent / "fixtures" / "formats"


def test_plain_text():
    [doc] = read_path(str(FORMATS / "story.txt"))
    assert doc.format == "txt" and doc.text.startswith("Bridge reopens after repairs")
    story = Pipeline().analyse(doc).stories[0]
    assert story.title == "Bridge reopens after repairs"
    assert story.published == "2025-05-02"


def test_html_extracts_text_and_metadata():
    [doc] = read_path(str(FORMATS / "nested" / "page.html"))
    assert doc.format == "html"
    assert doc.title == "Library fire destroys rare maps"
    assert doc.outlet == "The Elmstead Post"
    assert doc.published.startswith("2025-05-03")
    assert "Copyright" not in doc.text and "Home" not in doc.text.split("\n")[0]
    analysis = Pipeline().analyse(doc)
    story = analysis.stories[0]
    assert story.title == "Library fire destroys rare maps" and story.published == "2025-05-03"
    for s in story.sentences:  # offsets index the extracted text
        assert doc.text[s.start : s.end] == s.text


def test_html_extract_reports_the_extracted_text():
    result = CliRunner().invoke(main, ["extract", str(FORMATS / "nested" / "page.html")])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output.splitlines()[0])
    text = rec["document"]["text"]
    for s in rec["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]


def test_jsonl_records_carry_id_and_fields():
    docs = read_path(str(FORMATS / "nested" / "wire.jsonl"))
    assert [d.id for d in docs] == ["7", None]  # a numeric id comes back as text
    first = docs[0]
    assert (first.title, first.published, first.outlet, first.url) == (
        "Port strike ends", "2025-05-06", "Harbour Wire", "https://example.org/port")
    analysis = Pipeline().analyse(first)
    assert analysis.records()[0]["document"]["id"] == "7"
    s = analysis.stories[0].sentences[0]
    assert first.text[s.start : s.end] == s.text
    monday = [d for c in s.claims for d in c.dates if d.phrase.text == "Monday"]
    assert monday and monday[0].date == "2025-05-05"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not valid JSON"),
        ('["a list"]', "must be a JSON object"),
        ('{"title": "no text"}', 'no "text" string'),
        ('{"text": "   "}', 'empty "text"'),
        ('{"text": "A \\ud800 said so."}', "unpaired surrogate"),
    ],
)
def test_bad_jsonl_names_the_line(tmp_path, line, message):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"text": "Fine record."}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"bad\.jsonl:2: .*{message}"):
        read_path(str(p))


def test_folder_is_read_recursively_by_extension(tmp_path):
    files = expand([str(FORMATS)])
    names = [Path(f).name for f in files]
    assert names == ["page.html", "wire.jsonl", "story.txt"]  # sorted paths, nested folder included
    (tmp_path / "notes.bin").write_bytes(b"\x00\x01")
    with pytest.raises(InputError, match="no text, HTML or JSON Lines files"):
        expand([str(tmp_path)])


def test_several_paths_in_order():
    docs = list(iter_documents([str(FORMATS / "story.txt"), str(FORMATS / "nested")]))
    assert [d.format for d in docs] == ["txt", "html", "jsonl", "jsonl"]


def test_stdin_is_sniffed():
    assert sniff('{"text": "A record."}\n') == "jsonl"
    assert sniff("<!DOCTYPE html><html><body><p>x</p></body></html>") == "html"
    assert sniff("Plain headline\n\nPlain text.") == "txt"
    # a malformed first record does not make the stream one plain-text article
    assert sniff('{bad\n{"text": "A record."}\n') == "jsonl"
    assert sniff("{Braces} open this plain headline\n\nPlain text follows.") == "txt"
    [doc] = read_path("-", data=b'{"id": "s1", "text": "The strike ended on Monday."}\n')
    assert doc.format == "jsonl" and doc.id == "s1"


def test_stdin_through_the_cli():
    result = CliRunner().invoke(main, ["extract", "-", "--published", "2025-05-08"],
                                input="Bridge reopens\n\nThe bridge reopened on Tuesday.\n")
    assert result.exit_code == 0, result.output
    rec = json.loads(result.output.splitlines()[0])
    assert rec["story"]["title"] == "Bridge reopens"
    assert rec["story"]["published"] == "2025-05-08"
    claim = rec["sentences"][1]["claims"][0]
    assert claim["event_date"] == "2025-05-06"


def test_missing_path_and_binary_input(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        expand([str(tmp_path / "missing.txt")])
    p = tmp_path / "x.txt"
    p.write_bytes(b"abc\x00def")
    with pytest.raises(InputError, match="binary"):
        read_path(str(p))


def test_streamed_inputs_keep_memory_flat(tmp_path):
    """A large JSON Lines file and a large folder are read one record / one file at a time."""
    import tracemalloc

    from claimtrack.reader import iter_inputs

    body = "Reuters said the port reopened after a strike that lasted " + "many days and nights " * 40
    wire = tmp_path / "wire.jsonl"
    with wire.open("w", encoding="utf-8") as fh:
        for i in range(4000):  # ~3.5 MB
            fh.write(json.dumps({"id": i, "text": f"{body} ({i})"}) + "\n")
        fh.write("{broken\n")
    folder = tmp_path / "pages"
    for d in range(10):
        (folder / f"d{d:02d}").mkdir(parents=True)
        for i in range(50):
            (folder / f"d{d:02d}" / f"p{i:02d}.txt").write_text(f"{body} page {d}-{i}\n", "utf-8")
    tracemalloc.start()
    docs = errors = 0
    ids = []
    for item in iter_inputs([str(wire), str(folder)]):
        if item.doc is not None:
            docs += 1
            if item.doc.id is not None:
                ids.append(item.doc.id)
        else:
            errors += 1
            assert "wire.jsonl:4001: not valid JSON" in item.error
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert (docs, errors) == (4500, 1)
    assert ids[:3] == ["0", "1", "2"] and len(ids) == 4000
    assert peak < 2_000_000, peak  # the inputs total ~4 MB


def test_jsonl_records_end_at_newlines_only(tmp_path):
    """U+2028 and U+0085 may stand inside a JSON string: they do not end a record."""
    p = tmp_path / "ls.jsonl"
    p.write_text(json.dumps({"text": "Police said\u2028the road\u0085 was closed."}, ensure_ascii=False) + "\n",
                 encoding="utf-8")
    [doc] = read_path(str(p))
    assert "\u2028" in doc.text


def test_utf16_with_a_byte_order_mark_is_text(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Police said the bridge at Århus was closed.\n".encode("utf-16"))
    [doc] = read_path(str(p))
    assert doc.text.startswith("Police said the bridge at Århus")
    j = tmp_path / "u16.jsonl"
    j.write_bytes('{"text": "A record."}\n'.encode("utf-16"))
    items = list(iter_inputs([str(j)]))
    assert [i.doc for i in items] == [None] and "UTF-16 JSON Lines" in items[0].error
