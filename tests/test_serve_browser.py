"""claimtrack serve in a real browser: headless Chromium (Debian's package) driven by Selenium through Debian's
chromedriver. A fixture set is ingested into SQLite, ``claimtrack serve`` runs as a subprocess on a free port,
and the test clicks through it as an analyst would, checking what the pages show against the database.
Screenshots go to /tmp/claimtrack-serve-*.png. Skips, saying why, without the extra, Selenium or Chromium.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from claimtrack.store.reports import run_report

FIXTURES = Path(__file__).parent / "fixtures" / "serve"
CHROMIUM = os.environ.get("CLAIMTRACK_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CLAIMTRACK_CHROMEDRIVER", "/usr/bin/chromedriver")
SHOTS = Path(tempfile.gettempdir())

pytest.importorskip("datasette", reason="claimtrack serve needs the extra: pip install -e '.[serve]'")
pytest.importorskip("selenium", reason="the browser test needs Selenium: pip install -e '.[browser-test]'")
if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    pytest.skip(f"the browser test needs Chromium and chromedriver at {CHROMIUM}, {CHROMEDRIVER} "
                "(apt-get install -y chromium chromium-driver)", allow_module_level=True)

from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CLI = [sys.executable, "-c", "from claimtrack.cli import main; main()"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _snapshot(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, database path, files before serving) of ``claimtrack serve`` on the ingested fixture set."""
    folder = tmp_path_factory.mktemp("browser")
    db = folder / "claims.db"
    subprocess.run(CLI + ["--db", str(db), "ingest", "-q", str(FIXTURES)], check=True, timeout=300)
    before = {f.name: _snapshot(f) for f in folder.iterdir()}
    port = _free_port()
    proc = subprocess.Popen(CLI + ["--db", str(db), "serve", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            if proc.poll() is not None:
                pytest.fail(f"claimtrack serve ended: {proc.stdout.read()}")
            try:
                with urllib.request.urlopen(base + "/claimtrack", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("claimtrack serve did not answer within 30 s")
        yield base, db, before
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def browser():
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="claimtrack-chromium-")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1200,1000", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _ro(db: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(f"{db.as_uri()}?immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    return conn


def _shot(driver, name: str) -> None:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1200, min(max(height, 600), 3000))
    driver.save_screenshot(str(SHOTS / f"claimtrack-serve-{name}.png"))
    driver.set_window_size(1200, 1000)


def _pieces(driver, css: str) -> str:
    return "".join(e.get_attribute("textContent") for e in driver.find_elements(By.CSS_SELECTOR, css))


def _local_only(driver, base: str) -> None:
    """Everything the page loaded came from the server itself: nothing is fetched from the internet."""
    names = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    assert all(n.startswith(base) for n in names), names


def _result_rows(driver) -> list[list[str]]:
    return [[td.get_attribute("textContent").strip() for td in tr.find_elements(By.TAG_NAME, "td")]
            for tr in driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")]


def _click(driver, element) -> None:
    """Click a link or button and wait until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(page))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _run_form(driver, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = driver.find_element(By.CSS_SELECTOR, f"form.sql input[name='{name}']")
        field.clear()
        field.send_keys(value)
    _click(driver, driver.find_element(By.CSS_SELECTOR, "form.sql input[type=submit]"))


def test_an_analyst_session_in_chromium(server, browser):
    base, db, before = server
    from sqlalchemy import create_engine

    engine = create_engine(f"sqlite:///file:{db}?immutable=1&uri=true")  # reads it as the server does
    conn = _ro(db)
    try:
        # the index: the database and its named reports
        browser.get(base + "/")
        assert "claimtrack" in browser.title
        _click(browser, browser.find_element(By.LINK_TEXT, "claimtrack"))
        names = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "#queries + ul li a")}
        assert {"claims", "source-profile", "denials", "source-conflicts", "timeline"} <= names
        _local_only(browser, base)
        _shot(browser, "database")

        # canned query 1: claims, filtered by an alias of a source and a kind, through the form
        _click(browser, browser.find_element(By.LINK_TEXT, "claims"))
        _run_form(browser, {"source": "anton selin", "kind": "direct_quote"})
        _columns, rows = run_report(engine, "claims", {"source": "anton selin", "kind": "direct_quote"})
        shown = _result_rows(browser)
        assert len(shown) == len(rows) == 1 and shown[0][0] == str(rows[0][0])
        claim_id = rows[0][0]
        _shot(browser, "claims-query")

        # canned query 2: source-conflicts for one side, and what a bad value says
        browser.get(base + "/claimtrack/source-conflicts")
        _run_form(browser, {"source": "Union"})
        _columns, conflicts = run_report(engine, "source-conflicts", {"source": "Union"})
        shown = _result_rows(browser)
        assert conflicts and [r[:2] + r[-1:] for r in shown] == [[a, b, str(t)] for a, b, _d, _c, t in conflicts]
        browser.get(base + "/claimtrack/claims?since=2025-02-30")
        assert "since must be a date" in browser.find_element(By.TAG_NAME, "body").text

        # follow the claim to its sentence in its story
        browser.get(base + "/claimtrack/claims?source=anton+selin&kind=direct_quote")
        _click(browser, browser.find_element(By.CSS_SELECTOR, f"a[href='/-/claimtrack/claim/{claim_id}']"))
        claim = conn.execute("SELECT * FROM claim WHERE id = ?", (claim_id,)).fetchone()
        doc = conn.execute("SELECT text FROM document WHERE id = ?", (claim["document_id"],)).fetchone()[0]
        sentence = conn.execute("SELECT * FROM sentence WHERE id = ?", (claim["sentence_id"],)).fetchone()
        mentions = conn.execute("SELECT mention_start, mention_end FROM claim_source WHERE claim_id = ? "
                                "ORDER BY mention_start", (claim_id,)).fetchall()
        for where in ("#story", "#sentence"):
            assert _pieces(browser, f"{where} .ct-cue") == doc[claim["cue_start"]:claim["cue_end"]]
            assert _pieces(browser, f"{where} .ct-content") == doc[claim["content_start"]:claim["content_end"]]
            assert _pieces(browser, f"{where} .ct-mention") == "".join(doc[a:b] for a, b in mentions)
        assert _pieces(browser, "#story .ct-sentence") == doc[sentence["char_start"]:sentence["char_end"]]
        assert "<east & west gates>" in _pieces(browser, "#story .ct-content")  # escaped, shown as written
        _local_only(browser, base)
        _shot(browser, "claim")

        # the speaker's network: counts and names as the views hold them, links to the evidence
        _click(browser, browser.find_element(By.LINK_TEXT, "Anton Selin"))
        selin = conn.execute("SELECT * FROM source_stats_v WHERE source = 'Anton Selin'").fetchone()
        stats = {e.get_attribute("data-stat"): int(e.text) for e in browser.find_elements(By.CSS_SELECTOR, "#stats [data-stat]")}
        assert stats == {k: selin[k] for k in ("claims", "reported", "denials_made", "denied_by_others", "contradicted")}
        edges = {(e.get_attribute("data-kind"), int(e.get_attribute("data-other")), int(e.get_attribute("data-links")))
                 for e in browser.find_elements(By.CSS_SELECTOR, "svg.ct-network a.ct-edge")}
        expected = {(r["kind"], r["target_id"], r["links"]) for r in conn.execute(
            "SELECT * FROM source_edges_v WHERE source_id = ?", (selin["source_id"],))}
        expected |= {(r["kind"], r["source_id"], r["links"]) for r in conn.execute(
            "SELECT * FROM source_edges_v WHERE target_id = ?", (selin["source_id"],))}
        assert edges == expected and ("cites", conn.execute(
            "SELECT id FROM source WHERE name = 'Interfax'").fetchone()[0], 1) in edges
        nodes = {e.get_attribute("textContent") for e in browser.find_elements(By.CSS_SELECTOR, "svg.ct-network a.ct-node text")}
        assert {"Interfax", "Valmora Fuel Company"} <= nodes
        dots = sum(int(e.get_attribute("data-count")) for e in browser.find_elements(By.CSS_SELECTOR, "svg.ct-timeline a.ct-dot"))
        assert dots == conn.execute("SELECT COUNT(*) FROM source_timeline_v WHERE source_id = ?",
                                    (selin["source_id"],)).fetchone()[0]
        _local_only(browser, base)
        _shot(browser, "source")

        # an edge's count opens the rows behind it
        contradicts = browser.find_element(By.CSS_SELECTOR, "table.ct-edges[data-side='out'] a.ct-evidence")
        links = int(contradicts.text)
        _click(browser, contradicts)
        assert "source_links_v" in browser.current_url and len(_result_rows(browser)) == links
        _shot(browser, "evidence")
    finally:
        conn.close()
        engine.dispose()
    # the session wrote nothing: every file in the database's folder is as it was
    assert {f.name: _snapshot(f) for f in db.parent.iterdir()} == before
