"""Sources an analyst renames or re-kinds (kept through re-ingest and re-analysis), merges that would spread a
common word, the placeholders explained, and names that name nothing answered with the closest ones."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import create_engine, text

from claimtrack.store.sources import PLACEHOLDERS, is_common

PLANT = """Plant closed by storms
Release time: 2025-05-03 10:00

Big Machine said its profits rose by 10 percent in April.
Rangers said the plant had been closed by storms.
Fjord Monitor reported that the ferries stopped running.
Fjord Monitor said the owners were abroad.
The mayor reportedly left the city on Friday.
"""
MOD = """Moscow rejects drone report
Release time: 2025-06-02 09:00

The Russian Ministry of Defense said 12 drones were shot down over Belgorod on Sunday.
"""
MOD_LATER = """Second night of drones
Release time: 2025-06-03 09:00

Russia's defence ministry said 9 drones were shot down over Kursk on Monday.
"""


def _ok(res):
    assert res.exit_code == 0, res.output
    return res


def _one_line_error(res, contains: str, code: int = 1):
    assert res.exit_code == code, res.output
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    if code == 2:
        lines = lines[-1:]
    assert len(lines) == 1, res.stderr
    assert contains in lines[0], lines[0]


def _q(db_url: str, sql: str, **params) -> list[tuple]:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


def _speakers(db_url: str, prefix: str) -> list[str]:
    return [r[0] for r in _q(db_url, "SELECT speakers FROM claims_v WHERE sentence_text LIKE :p ORDER BY claim_id",
                             p=prefix + "%")]


def _write(tmp_path: Path, name: str, body: str) -> str:
    p = tmp_path / name
    p.write_text(body, "utf-8")
    return str(p)


def test_edit_renames_and_rekinds_and_it_sticks(cli, db_url, tmp_path):
    _ok(cli("ingest", _write(tmp_path, "mod.txt", MOD)))
    assert _speakers(db_url, "The Russian Ministry") == ["Ministry of Defense (Russia)"]
    res = _ok(cli("sources", "edit", "Ministry of Defense (Russia)", "--name", "Russian Defence Ministry", "--kind", "military",
                  "--analyst", "ana", "--note", "house style"))
    assert res.stdout.strip() == "Russian Defence Ministry: kind military, name Russian Defence Ministry"
    assert _speakers(db_url, "The Russian Ministry") == ["Russian Defence Ministry"]
    shown = _ok(cli("sources", "show", "Ministry of Defense (Russia)")).stdout  # the old name finds it
    assert "name:      Russian Defence Ministry" in shown and "kind:      military" in shown
    assert "Ministry of Defense (Russia) (rename)" in shown and "origin:    analyst" in shown
    claims = json.loads(_ok(cli("report", "claims", "-p", "source=Russian Defence Ministry", "--format", "json")).stdout)
    assert len(claims) == 1
    # later texts that name it the gazetteer's way land on it; so does re-analysis of the stored ones
    _ok(cli("ingest", _write(tmp_path, "later.txt", MOD_LATER)))
    assert _speakers(db_url, "Russia's defence") == ["Russian Defence Ministry"]
    _ok(cli("reanalyse", "--all"))
    assert _speakers(db_url, "The Russian Ministry") == _speakers(db_url, "Russia's defence") == ["Russian Defence Ministry"]
    assert _q(db_url, "SELECT kind FROM source WHERE name = 'Russian Defence Ministry'") == [("military",)]
    sources = json.loads(_ok(cli("sources", "list", "--format", "json")).stdout)
    assert "Ministry of Defense (Russia)" not in {s["source"] for s in sources if s["claims"]}
    history = json.loads(_ok(cli("review", "history", "--format", "json")).stdout)
    assert [(h["action"], h["analyst"], h["note"]) for h in history] == [("edit-source", "ana", "house style")]
    assert "name=Russian Defence Ministry" in history[0]["details"]
    # parent and country; '' clears them; a rename back to the first name works
    _ok(cli("sources", "edit", "Russian Defence Ministry", "--parent", "", "--country", "ru"))
    assert _q(db_url, "SELECT country, parent_id FROM source WHERE name = 'Russian Defence Ministry'") == [("RU", None)]
    _ok(cli("sources", "edit", "Russian Defence Ministry", "--parent", "Russia", "--country", ""))
    shown = _ok(cli("sources", "show", "Russian Defence Ministry")).stdout
    assert "part of:   Russia" in shown and "country:   -" in shown
    _ok(cli("sources", "edit", "Russian Defence Ministry", "--name", "Ministry of Defense (Russia)"))
    assert _speakers(db_url, "Russia's defence") == ["Ministry of Defense (Russia)"]
    _ok(cli("ingest", _write(tmp_path, "third.txt", MOD_LATER.replace("Kursk", "Bryansk"))))
    assert _speakers(db_url, "Russia's defence ministry said 9 drones were shot down over Bryansk") == [
        "Ministry of Defense (Russia)"]


def test_edit_refuses_what_it_cannot_do(cli, tmp_path):
    _ok(cli("ingest", _write(tmp_path, "plant.txt", PLANT), _write(tmp_path, "mod.txt", MOD)))
    _one_line_error(cli("sources", "edit", "Rangers", "--name", "Big Machine"),
                    "'Big Machine' is taken: it names the source Big Machine; to make the two one source use "
                    "'claimtrack sources merge \"Rangers\" \"Big Machine\"'")
    _one_line_error(cli("sources", "edit", "Rangers", "--name", "the Russian MoD"),
                    "'the Russian MoD' is taken: it names the source Ministry of Defense (Russia); to make the two "
                    "one source use 'claimtrack sources merge \"Rangers\" \"Ministry of Defense (Russia)\"'")
    _one_line_error(cli("sources", "edit", "Rangers", "--name", "NATO"), "'NATO' is taken: claimtrack reads it as NATO")
    _one_line_error(cli("sources", "edit", "Rangers", "--country", "XX"), "no country with the code 'XX'")
    _one_line_error(cli("sources", "edit", "Russia", "--parent", "Ministry of Defense (Russia)"),
                    "a source cannot be part of itself")
    _one_line_error(cli("sources", "edit", "Rangers", "--parent", "Nobody Here"), "no source named 'Nobody Here'")
    _one_line_error(cli("sources", "edit", "Rangerss", "--kind", "company"), "no source named 'Rangerss' (did you mean Rangers")
    _one_line_error(cli("sources", "edit", "Rangers", "--kind", "unnamed"), "nothing to change")
    _one_line_error(cli("sources", "edit", "Rangers", "--name", "  "), "the new name is empty")
    _one_line_error(cli("sources", "edit", "Rangers"), "give what to change", code=2)
    _one_line_error(cli("sources", "edit", "Rangers", "--kind", "band"), "'band' is not one of", code=2)
    assert _ok(cli("review", "history", "--format", "json")).stdout.strip() == "[]"  # nothing was recorded


def test_merge_warns_before_spreading_a_common_word(cli, db_url, tmp_path):
    _ok(cli("ingest", _write(tmp_path, "plant.txt", PLANT)))
    twice = _q(db_url, "SELECT claim_id FROM claims_v WHERE sentence_text LIKE 'Rangers%'")[0][0]
    res = cli("sources", "merge", "Rangers", "Big Machine", input="n\n")
    assert res.exit_code == 1
    assert "warning: 'Rangers' is a common word: after the merge every 'Rangers' in later texts is Big Machine" in res.stderr
    assert "warning: 'Rangers' has 1 mention" in res.stderr
    assert f'to correct that claim alone: claimtrack review source {twice} "Big Machine"' in res.stderr
    assert _speakers(db_url, "Rangers") == ["Rangers"]  # nothing merged
    assert cli("review", "merge", "Rangers", "Big Machine", input="n\n").exit_code == 1  # the same command there
    # the way offered instead: that claim alone
    _ok(cli("review", "source", str(twice), "Big Machine"))
    assert _speakers(db_url, "Rangers") == ["Big Machine"]
    # a source of several mentions and no common word merges without a question
    res = _ok(cli("sources", "merge", "Fjord Monitor", "Big Machine"))
    assert "warning" not in res.stderr and "merged Fjord Monitor into Big Machine" in res.stdout
    # --yes goes ahead, and so does a "yes"
    _ok(cli("ingest", _write(tmp_path, "more.txt", PLANT.replace("Plant closed", "Plant reopened")
                             .replace("Rangers said", "Officials said"))))
    res = _ok(cli("sources", "merge", "Officials", "Big Machine", input="y\n"))
    assert "'Officials' is a common word" in res.stderr and "merged Officials into Big Machine" in res.stdout
    _ok(cli("sources", "merge", "Unnamed source", "Big Machine", "--yes"))
    # the same source twice: refused at once, nothing asked
    _one_line_error(cli("sources", "merge", "Big Machine", "big machine"), "are already the same source")


def test_common_words():
    assert all(is_common(w) for w in ("Twice", "Rangers", "the ministry", "Security forces", "officials"))
    assert not any(is_common(w) for w in ("Reuters", "Big Machine Records Ltd", "Kremlin", "Ivan Petrov", ""))


def test_placeholders_are_explained(cli, tmp_path):
    body = ("Harbour fire\nRelease time: 2025-05-03 10:00\n\nHe said the fire started at noon.\n"
            "The mayor reportedly left the city on Friday.\n")
    _ok(cli("ingest", _write(tmp_path, "fire.txt", body)))
    for name in ("Unnamed source", "Unidentified person"):
        shown = _ok(cli("sources", "show", name)).stdout
        assert f"note:      {PLACEHOLDERS[name]}" in shown
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    assert all(f"`{name}`" in readme for name in PLACEHOLDERS)


def test_placeholder_names_are_the_ones_attribution_gives():
    """Each placeholder explained is one the pipeline makes, for the reason the note gives (a rename in
    attribution would leave a note for a name nothing has)."""
    from claimtrack.model import RawDocument
    from claimtrack.pipeline import Pipeline

    made = {}
    for sentence, name in [("He said the fire started at noon.", "Unidentified person"),
                           ("They said the strike was over.", "Unidentified group"),
                           ("It said the port would reopen.", "Unidentified source"),
                           ("The mayor reportedly left the city.", "Unnamed source"),
                           ("The claim was denied on Friday.", "Unnamed source"),
                           ("The fire seemed to spread fast through the harbour on Friday.", "Writer")]:
        # each sentence alone in its story, so that no pronoun finds a source named before it
        analysis = Pipeline().analyse(RawDocument(origin="x.txt", text=f"Fire\n\n{sentence}\n", format="txt"))
        made[sentence] = [s.name for st in analysis.stories for se in st.sentences for c in se.claims for s in c.sources]
        assert made[sentence] == [name], (sentence, made[sentence])
    assert {n for names in made.values() for n in names} == set(PLACEHOLDERS)


def test_a_name_that_names_nothing_offers_the_closest(cli, tmp_path):
    _ok(cli("ingest", _write(tmp_path, "plant.txt", PLANT)))
    _one_line_error(cli("sources", "show", "Fjord Monitr"), "no source named 'Fjord Monitr' (did you mean Fjord Monitor?)")
    _one_line_error(cli("sources", "merge", "Rangers", "Big Machin"), "(did you mean Big Machine?)")
    _one_line_error(cli("sources", "show", "Zzyzx Qwerty"), "no source named 'Zzyzx Qwerty'; see 'claimtrack sources list'")
