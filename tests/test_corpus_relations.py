"""Relations across articles through the key index, in both arrival orders, and the relation reports,
on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import select

from claimtrack.app import ingest
from claimtrack.model import RawDocument
from claimtrack.store import schema as m

CLAIM = RawDocument(
    "claim.jsonl", "Kestrel Shipping's tanker Aurora Bay delivered about 8,000 tonnes of diesel to a sanctioned "
    "port in Syria last month, according to satellite analysts at Orbis Watch. The analysts said the ship switched "
    "off its transponder for four days.", format="jsonl", id="claim", outlet="Gazette", published="2025-03-02")
DENIAL = RawDocument(
    "denial.jsonl", "Kestrel Shipping on Tuesday denied that its tanker Aurora Bay had delivered diesel to Syria. "
    "The company said the vessel was undergoing repairs in Piraeus at the time.", format="jsonl", id="denial",
    outlet="Wire", published="2025-03-04")
COUNTER = RawDocument(
    "counter.jsonl", "Port officials in Tartus said the tanker Aurora Bay unloaded only 900 tonnes of diesel "
    "last month.", format="jsonl", id="counter", outlet="Levant Daily", published="2025-03-05")
UNRELATED = RawDocument(
    "other.jsonl", "Heavy snow closed 40 schools in the Tatra mountains on Monday, regional officials said. "
    "The mayor of Zakopane denied that the ski lifts had been shut.", format="jsonl", id="other", outlet="Mountain Post",
    published="2025-03-04")


def _relations(factory):
    with factory() as s:
        rows = s.execute(
            select(m.ClaimRelation.kind, m.ClaimRelation.scope, m.ClaimRelation.evidence, m.ClaimRelation.confidence,
                   m.Document.external_id, m.Sentence.text, m.ClaimRelation.target_claim_id)
            .join(m.Claim, m.Claim.id == m.ClaimRelation.claim_id)
            .join(m.Document, m.Document.id == m.Claim.document_id)
            .join(m.Sentence, m.Sentence.id == m.Claim.sentence_id)).all()
        out = []
        for kind, scope, ev, conf, doc, stext, tid in rows:
            t = s.get(m.Claim, tid)
            tdoc = s.get(m.Document, t.document_id).external_id
            out.append((kind, scope, doc, tdoc, stext, s.get(m.Sentence, t.sentence_id).text, ev, conf))
        return out


@pytest.mark.parametrize("order", [("claim", "denial"), ("denial", "claim")])
def test_cross_article_denial_is_linked_in_both_orders(db, order):
    engine, factory = db
    docs = {"claim": CLAIM, "denial": DENIAL}
    for name in order:
        ingest(engine, factory, [docs[name]])
    rels = [r for r in _relations(factory) if r[0] == "denies"]
    assert len(rels) == 1, rels  # one claim it denies in the other story, not every claim there
    kind, scope, src_doc, tgt_doc, stext, ttext, evidence, conf = rels[0]
    assert (scope, src_doc, tgt_doc) == ("corpus", "denial", "claim")
    assert stext.startswith("Kestrel Shipping on Tuesday denied")
    assert ttext.startswith("Kestrel Shipping's tanker")
    assert evidence and 0 < conf <= 1


@pytest.mark.parametrize("order", [("claim", "counter"), ("counter", "claim")])
def test_cross_article_contradiction_in_both_orders(db, order):
    engine, factory = db
    docs = {"claim": CLAIM, "counter": COUNTER}
    for name in order:
        ingest(engine, factory, [docs[name]])
    rels = [r for r in _relations(factory) if r[0] == "contradicts"]
    assert len(rels) == 1, rels
    assert {rels[0][2], rels[0][3]} == {"claim", "counter"}
    assert "8,000" in rels[0][6] and "900" in rels[0][6]


def test_unrelated_articles_do_not_link(db):
    engine, factory = db
    ingest(engine, factory, [CLAIM, UNRELATED])
    assert [r for r in _relations(factory) if r[2] != r[3]] == []


def test_removed_relation_stays_removed_after_more_ingest(db):
    from claimtrack.store.review import decide

    engine, factory = db
    ingest(engine, factory, [CLAIM, DENIAL])
    with factory.begin() as s:
        rel = s.execute(select(m.ClaimRelation).where(m.ClaimRelation.kind == "denies")).scalar_one()
        pair = (rel.claim_id, rel.target_claim_id)
        decide(s, "analyst", "remove-relation", rel.claim_id, {"kind": "denies"}, rel.target_claim_id)
    ingest(engine, factory, [COUNTER])  # the denial also denies the new article's claim: a new, separate link
    with factory() as s:
        rows = s.execute(select(m.ClaimRelation.claim_id, m.ClaimRelation.target_claim_id, m.ClaimRelation.status)
                         .where(m.ClaimRelation.kind == "denies")).all()
    assert [r.status for r in rows if (r.claim_id, r.target_claim_id) == pair] == ["rejected"]
    assert [r.status for r in rows if (r.claim_id, r.target_claim_id) != pair] == ["auto"]


def _report(cli, name, *params):
    res = cli("report", name, "--format", "csv", *params)
    assert res.exit_code == 0, res.output
    return list(csv.DictReader(io.StringIO(res.stdout)))


def test_relation_reports(cli, tmp_path):
    path = tmp_path / "docs.jsonl"
    import json

    path.write_text("\n".join(json.dumps({"id": d.id, "text": d.text, "outlet": d.outlet, "published": d.published})
                              for d in (CLAIM, DENIAL, COUNTER)) + "\n", "utf-8")
    res = cli("ingest", str(path))
    assert res.exit_code == 0, res.output
    denials = _report(cli, "denials")
    # the denial denies the analysts' claim and the port officials' one (two other articles)
    assert len(denials) == 2
    assert {d["denier"] for d in denials} == {denials[0]["denier"]}
    assert denials[0]["denier"].startswith("Kestrel Shipping")
    assert {d["denied_sentence"][:12] for d in denials} == {"Kestrel Ship", "Port officia"}
    denier = denials[0]["denier"]
    assert len(_report(cli, "denials", "-p", f"source={denier}")) == 2
    assert _report(cli, "denials", "-p", "source=Port officials in Tartus") == []  # a source that denies nothing
    contradictions = _report(cli, "contradictions")
    assert len(contradictions) == 1 and "900" in contradictions[0]["evidence"]
    side = contradictions[0]["claim_a_sources"].split("; ")[0]
    assert len(_report(cli, "contradictions", "-p", f"source={side}")) == 1
    assert _report(cli, "contradictions", "-p", f"source={denier}") == []
    conflicts = _report(cli, "source-conflicts")
    assert sum(int(r["denies"]) for r in conflicts if r["source_a"] == denier) == 2
    assert any(int(r["contradicts"]) == 1 for r in conflicts)
    record = {r["source"]: r for r in _report(cli, "source-record")}
    assert int(record[denier]["denials_made"]) == 1
    assert sum(int(r["denied_by_others"]) for r in record.values()) == 2
    assert sum(int(r["contradicted"]) for r in record.values()) == 2  # both sides of the one contradiction


def test_removed_and_added_relations_survive_reanalysis(db):
    from claimtrack.store.reanalyse import reanalyse
    from claimtrack.store.review import decide

    engine, factory = db
    ingest(engine, factory, [CLAIM, DENIAL, UNRELATED])
    with factory.begin() as s:
        rel = s.execute(select(m.ClaimRelation).where(m.ClaimRelation.kind == "denies",
                                                      m.ClaimRelation.scope == "corpus")).scalar_one()
        decide(s, "analyst", "remove-relation", rel.claim_id, {"kind": "denies"}, rel.target_claim_id)
        snow = s.execute(select(m.Claim.id).join(m.Document, m.Document.id == m.Claim.document_id)
                         .where(m.Document.external_id == "other").order_by(m.Claim.id)).scalars().first()
        decide(s, "analyst", "add-relation", snow, {"kind": "contradicts", "evidence": "checked by phone"},
               rel.target_claim_id)
    summary = reanalyse(engine, factory, None)
    assert not summary.errors
    rels = [r for r in _relations(factory) if r[2] != r[3]]
    by_kind = {(r[0], r[2], r[3]) for r in rels}
    assert ("contradicts", "other", "claim") in by_kind  # the analyst's relation is back
    with factory() as s:
        statuses = s.execute(select(m.ClaimRelation.kind, m.ClaimRelation.status, m.ClaimRelation.origin)
                             .where(m.ClaimRelation.scope.in_(("corpus", "analyst")))).all()
    assert ("denies", "rejected", "auto") in statuses
    assert ("contradicts", "confirmed", "analyst") in statuses


# ---- SQLite: linking's reads happen before the write transaction ------------------------------------------
@pytest.fixture
def sqlite_db(tmp_path):
    from claimtrack.store.db import open_database

    engine, factory = open_database(f"sqlite:///{tmp_path / 'snap.db'}")
    yield engine, factory
    engine.dispose()


def _between_plan_and_write(monkeypatch, action):
    """Run ``action`` once, after the next document's link plan is made and before its write transaction (as
    another process committing at that moment would)."""
    from claimtrack.store import runs

    original, done = runs.plan_links, []

    def plan_then_act(*args, **kwargs):
        plan = original(*args, **kwargs)
        if not done:
            done.append(True)
            action()
        return plan

    monkeypatch.setattr(runs, "plan_links", plan_then_act)
    return done


def test_claim_committed_after_the_plan_is_still_linked(sqlite_db, monkeypatch):
    engine, factory = sqlite_db
    # the claim lands while the denial's plan is being made: the plan did not see it, the write step must
    done = _between_plan_and_write(monkeypatch, lambda: ingest(engine, factory, [CLAIM]))
    ingest(engine, factory, [DENIAL])
    assert done
    rels = [r for r in _relations(factory) if r[0] == "denies" and r[1] == "corpus"]
    assert [(r[2], r[3]) for r in rels] == [("denial", "claim")]


@pytest.mark.parametrize("change", ["delete", "reject"])
def test_candidate_removed_after_the_plan_is_not_linked(sqlite_db, monkeypatch, change):
    from sqlalchemy import delete, update

    engine, factory = sqlite_db
    ingest(engine, factory, [CLAIM])

    def remove():
        with factory.begin() as s:
            doc = s.execute(select(m.Document.id).where(m.Document.external_id == "claim")).scalar_one()
            if change == "delete":
                s.execute(delete(m.Document).where(m.Document.id == doc))
            else:
                s.execute(update(m.Claim).where(m.Claim.document_id == doc).values(review_status="rejected"))

    done = _between_plan_and_write(monkeypatch, remove)
    summary = ingest(engine, factory, [DENIAL])
    assert done and summary.added == 1 and not summary.errors
    assert [r for r in _relations(factory) if r[1] == "corpus"] == []


def test_tabs_backslashes_and_quotes_survive_storage(db):
    """PostgreSQL stores rows with COPY: what its text format escapes must come back as it went in."""
    engine, factory = db
    text = ("Port officials said the log at C:\\ports\\tartus\\2025 showed 900\ttonnes of diesel were unloaded. "
            "\"We saw \\N and \\t in the manifest,\" the harbour master said on Tuesday.")
    ingest(engine, factory, [RawDocument("odd.jsonl", text, format="jsonl", id="odd", outlet="Wire\tDesk",
                                         published="2025-03-05")])
    with factory() as s:
        doc = s.execute(select(m.Document)).scalar_one()
        sentences = s.execute(select(m.Sentence.text, m.Sentence.char_start, m.Sentence.char_end)).all()
        contents = s.execute(select(m.Claim.content_text, m.Claim.content_start, m.Claim.content_end)).all()
    assert doc.text == text and doc.outlet == "Wire\tDesk"
    assert sentences and all(t == text[a:b] for t, a, b in sentences)
    assert any("\\ports\\" in t and "\t" in t for t, _, _ in sentences)
    assert contents and all(c is None or c == text[a:b] for c, a, b in contents)


BRIDGES = RawDocument(
    "bridges.jsonl", " ".join(f"Officials in the town of Vel{'ar' * (i + 1)} said {i + 2} bridges were closed on Monday."
                              for i in range(8)), format="jsonl", id="bridges", outlet="Valley News", published="2025-03-01")


@pytest.mark.parametrize("filler", [UNRELATED, BRIDGES], ids=["no-catch-up", "catch-up"])
def test_claim_that_reuses_deleted_ids_is_still_linked(sqlite_db, monkeypatch, filler):
    """Another writer deletes the newest document and stores a new one while the plan is being made: SQLite gives
    the new claims the freed ids, at or below the highest id the plan saw, and they must still be found."""
    from sqlalchemy import delete

    engine, factory = sqlite_db
    ingest(engine, factory, [filler])

    def replace():
        with factory.begin() as s:
            s.execute(delete(m.Document).where(m.Document.external_id == filler.id))
        ingest(engine, factory, [CLAIM])
        with factory() as s:  # the premise: the claim took ids the filler had
            ids = s.execute(select(m.Claim.id).join(m.Document).where(m.Document.external_id == "claim")).scalars()
            assert min(ids) == 1

    done = _between_plan_and_write(monkeypatch, replace)
    ingest(engine, factory, [DENIAL])
    assert done
    rels = [r for r in _relations(factory) if r[1] == "corpus"]
    assert [(r[0], r[2], r[3]) for r in rels] == [("denies", "denial", "claim")]


def test_denial_links_once_to_a_new_page_with_two_stories(db):
    """A page holding two stories is one document: a stored denial denies one claim in it, as it would if the
    page had come first (stored claims are grouped by document too)."""
    one = ("Kestrel Shipping's tanker Aurora Bay delivered about 8,000 tonnes of diesel to a sanctioned port in Syria "
           "last month, according to satellite analysts at Orbis Watch.")
    two = ("Kestrel Shipping's tanker Aurora Bay delivered diesel to a sanctioned port in Syria last month, "
           "according to researchers at the Maritime Monitor.")
    page = RawDocument("page.txt", f"Tanker delivered diesel to Syria\n\n{one}\n\nSecond tanker report on Syria "
                       f"diesel\nSecond tanker report on Syria diesel\n\n{two}\n", id="page", outlet="Digest",
                       published="2025-03-06")
    engine, factory = db
    from claimtrack.pipeline import Pipeline

    assert len(Pipeline().analyse(page).stories) == 2  # the premise: the page splits into two stories
    ingest(engine, factory, [DENIAL])
    ingest(engine, factory, [page])
    rels = [r for r in _relations(factory) if r[0] == "denies" and r[1] == "corpus"]
    assert [(r[2], r[3]) for r in rels] == [("denial", "page")]
