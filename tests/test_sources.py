"""Canonical sources: gazetteer forms, new sources, affiliation, and analysts' aliases and merges surviving
re-ingest and re-analysis (on SQLite and, when configured, PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from claimtrack.model import RawDocument
from claimtrack.pipeline import Pipeline
from claimtrack.sources import Resolver, display_name, norm


@pytest.fixture(scope="module")
def resolver():
    return Resolver()


@pytest.mark.parametrize("forms, name, kind, country", [
    (["the Russian Ministry of Defense", "Russia's defence ministry", "the Russian MoD",
      "Ministry of Defence of Russia"], "Ministry of Defense (Russia)", "ministry", "RU"),
    (["South Korea's intelligence agency", "the NIS"], "National Intelligence Service (South Korea)",
     "intelligence", "KR"),
    (["Japan Broadcasting Association", "NHK"], "NHK", "broadcaster", "JP"),
    (["Reuters", "the Reuters news agency"], "Reuters", "news_agency", None),
])
def test_gazetteer_forms_resolve_to_one_source(resolver, forms, name, kind, country):
    for form in forms:
        entry = resolver.resolve(form)
        assert (entry.name, entry.kind) == (name, kind), form
        if country:
            assert entry.country == country


@pytest.mark.parametrize("mention, name, kind", [
    ("the Harbor Times", "Harbor Times", "newspaper"),
    ("Senator Ruth Okafor", "Ruth Okafor", "person"),
    ("the energy company Voimala", "Voimala", "company"),
    ("Professor Ilse Brandt", "Ilse Brandt", "expert"),
    ("local fire officials", "Local fire officials", "unnamed"),
    ("Portuguese newspaper Diario da Costa", "Diario da Costa", "newspaper"),
])
def test_unknown_mentions_become_normalized_new_sources(resolver, mention, name, kind):
    entry = resolver.resolve(mention)
    assert (entry.name, entry.kind, entry.origin) == (name, kind, "auto")


def test_norm_and_display_name():
    assert norm("The Russian Ministry of Defence's") == "russian ministry of defense"
    assert display_name('the "Valley Courier"') == "Valley Courier"


def test_affiliation_person_belongs_to_the_ministry():
    text = "Russian Ministry of Defense spokesperson Igor Konashenkov said the attack was repelled."
    analysis = Pipeline().analyse(RawDocument("t.txt", text))
    (claim,) = [c for s in analysis.stories[0].sentences for c in s.claims]
    (src,) = claim.sources
    assert (src.name, src.kind, src.parent) == ("Igor Konashenkov", "person", "Ministry of Defense (Russia)")
    text = "Grenland Water Board spokeswoman Mia Holt said the reservoir was full."
    (claim,) = [c for s in Pipeline().analyse(RawDocument("t.txt", text)).stories[0].sentences for c in s.claims]
    assert (claim.sources[0].name, claim.sources[0].parent) == ("Mia Holt", "Grenland Water Board")


def _sources_of(cli, origin_like):
    rows = json.loads(cli(
        "sql", "SELECT s.name FROM claim_source cs JOIN source s ON s.id = cs.source_id "
        "JOIN claim c ON c.id = cs.claim_id JOIN document d ON d.id = c.document_id "
        f"WHERE d.origin LIKE '%{origin_like}%' ORDER BY s.name", "--format", "json").stdout)
    return [r["name"] for r in rows]


def test_analyst_alias_and_merge_survive_reingest(cli, tmp_path):
    first = tmp_path / "first.txt"
    first.write_text("The Lakeside Wire said the ferry company had gone bankrupt. "
                     "Reuters reported that its debts were large.\n", "utf-8")
    assert cli("ingest", str(first)).exit_code == 0
    assert _sources_of(cli, "first") == ["Lakeside Wire", "Reuters"]
    # the analyst says "Lakeside Wire" is Reuters, and merges "Fjord Monitor" into Reuters too
    assert cli("sources", "alias", "Reuters", "Lakeside Wire").exit_code == 0
    second = tmp_path / "second.txt"
    second.write_text("Fjord Monitor reported that the ferries stopped running.\n", "utf-8")
    assert cli("ingest", str(second)).exit_code == 0
    assert _sources_of(cli, "second") == ["Fjord Monitor"]
    assert cli("sources", "merge", "Fjord Monitor", "Reuters", "--yes").exit_code == 0  # one mention: asks without --yes
    # new documents resolve the alias and the merged name to Reuters
    third = tmp_path / "third.txt"
    third.write_text("The Lakeside Wire said on Monday that the harbour was closed. "
                     "Fjord Monitor said the owners were abroad.\n", "utf-8")
    assert cli("ingest", str(third)).exit_code == 0
    assert _sources_of(cli, "third") == ["Reuters", "Reuters"]
    # ingesting the same files again adds nothing and changes nothing
    assert cli("ingest", str(first), str(third)).exit_code == 0
    assert _sources_of(cli, "third") == ["Reuters", "Reuters"]
    # re-analysing stored documents applies the analyst's decisions to the old ones too
    reanalyse = cli("reanalyse", "--all")
    if reanalyse.exit_code == 0:
        assert _sources_of(cli, "first") == ["Reuters", "Reuters"]
        assert _sources_of(cli, "second") == ["Reuters"]
    show = cli("sources", "show", "Reuters").stdout
    assert "Lakeside Wire" in show and "Fjord Monitor" in show


@pytest.mark.parametrize("mention, name, kind", [
    ("Kestrel Shipping on Tuesday", "Kestrel Shipping", "company"),
    ("For Nordwerk", "Nordwerk", None),
    ("- Guinea's government", "Guinea", "government"),
    ("the health ministry last week", None, "ministry"),
    ("Police on March 3", "Police", "police"),
])
def test_time_words_and_stray_prepositions_are_not_part_of_a_name(mention, name, kind):
    from claimtrack.sources import Resolver

    entry = Resolver().resolve(mention)
    if name:
        assert entry.name == name
    if kind:
        assert entry.kind == kind
    assert "Tuesday" not in entry.name and "last week" not in entry.name and not entry.name.startswith(("For ", "-"))


def test_a_single_unknown_word_before_a_role_is_not_an_organisation():
    from claimtrack.sources import Resolver

    r = Resolver()
    assert r.split_affiliation("Station commander Gareth Penhale") == ("Gareth Penhale", "")
    name, org = r.split_affiliation("NATO Secretary General Mark Rutte")
    assert name.endswith("Mark Rutte") and org == "NATO" and r.resolve(name).name == "Mark Rutte"
    assert r.split_affiliation("Russian Ministry of Defense spokesperson Igor Konashenkov")[1] is not None


@pytest.mark.parametrize("mention, name", [
    ("a fire department spokesperson", "Fire department"),
    ("a Chilean navy spokesman", "Navy (Chile)"),
])
def test_an_unnamed_spokesperson_speaks_for_the_organisation(mention, name):
    from claimtrack.sources import Resolver

    assert Resolver().resolve(mention).name == name


@pytest.mark.parametrize("mention, name", [
    # a body and where it sits: the body speaks, not the place
    ("the Russian embassy in Berlin", "Embassy (Russia)"),
    # someone speaking for a body: the body
    ("the head of Germany's domestic intelligence agency", "Federal Office for the Protection of the Constitution"),
    ("a spokesman for the Russian Defence Ministry", "Ministry of Defense (Russia)"),
])
def test_bodies_named_with_a_place_or_a_head(mention, name):
    assert Resolver().resolve(mention).name == name


def test_an_alias_does_not_silently_take_a_known_source_s_name(cli, tmp_path):
    doc = tmp_path / "tass.txt"
    doc.write_text("TASS quoted the minister as saying the bridge was safe. Reuters reported the bridge was shut.\n",
                   "utf-8")
    assert cli("ingest", str(doc)).exit_code == 0
    refused = cli("sources", "alias", "Reuters", "TASS")
    assert refused.exit_code != 0 and "already names the source TASS" in refused.output
    assert "sources merge" in refused.output
    # a gazetteer name nobody has cited yet is protected too
    assert cli("sources", "alias", "Reuters", "Xinhua").exit_code != 0
    assert cli("sources", "show", "TASS").exit_code == 0
    # --move takes the name anyway; unalias gives it back
    assert cli("sources", "alias", "Reuters", "Xinhua", "--move").exit_code == 0
    assert "Xinhua" in cli("sources", "show", "Reuters").stdout
    undone = cli("sources", "unalias", "Xinhua")
    assert undone.exit_code == 0 and "no longer an alias of Reuters" in undone.output
    assert "Xinhua" not in cli("sources", "show", "Reuters").stdout
    # only an analyst's alias can be removed
    assert cli("sources", "unalias", "Xinhua").exit_code != 0
    assert cli("sources", "unalias", "nonexistent name").exit_code != 0


@pytest.mark.parametrize("mention, name, kind", [
    ("Nordmark Foods", "Nordmark Foods", "company"),
    ("SkyLark", "SkyLark", "organization"),  # a brand name's inner capital
    ("Tom McKenna", "Tom McKenna", "person"),  # but not a surname's
    ("Mercy Vale Hospital", "Mercy Vale Hospital", "organization"),
    ("a neighbour", "Neighbour", "person"),
    ("the warehouse owner", "Warehouse owner", "person"),
    ("Officers", "Officers", "police"),
    ("Chief executive Maria Lind", "Maria Lind", "person"),
    ("Forward Diego Ruiz", "Diego Ruiz", "person"),
    ("Prosecutor Jim Whit", "Jim Whit", "person"),
    # a surname that is also a title word does not keep the titles before it
    ("Prime Minister John Major", "John Major", "person"),
    ("Senator Angus King", "Angus King", "person"),
    ("the leader of the opposition", "Leader of the opposition", "person"),
])
def test_kinds_and_titles_outside_politics(mention, name, kind):
    entry = Resolver().resolve(mention)
    assert (entry.name, entry.kind) == (name, kind)


def test_the_club_and_a_c_suite_title_in_a_story():
    text = ("Harbour Vale FC said the transfer was off. The club said talks had ended. "
            "Chief Financial Officer Ana Lind said costs rose. St. Olav's Hospital said it treated 12 fans.")
    sources = [[(s.name, s.parent) for s in c.sources] for st in Pipeline().analyse(RawDocument("c.txt", text)).stories
               for se in st.sentences for c in se.claims]
    assert sources == [[("Harbour Vale FC", None)], [("Harbour Vale FC", None)], [("Ana Lind", None)],
                       [("St. Olav's Hospital", None)]]
