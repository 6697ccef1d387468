"""Datasette metadata made from what claimtrack already has: the named reports as canned queries, table and
column descriptions, facets and label columns. Pure: no Datasette import, so it is testable without the extra.

A report's SQL runs unchanged except for its parameters: Datasette hands a canned query every form field as
text, empty when not given, while the reports expect NULL for "no filter" and ``source_norm`` computed from
``source``. So each ``:name`` becomes the magic parameter ``:_claimtrack_name``, which the plugin resolves
from the request with the same checks ``claimtrack report`` makes (``plugin.param_value``).
"""

from __future__ import annotations

import re
from html import escape

from ..store.reports import Report, load_reports

PLUGIN = "claimtrack"  # the plugin's name in metadata, and the prefix of its magic parameters
DATABASE = "claimtrack"  # the name the database is served under, whatever its file is called: /claimtrack/…
_PARAM = re.compile(r"(?<!:):(\w+)")  # as store.reports.run_report finds them (not PostgreSQL's '::' casts)

# (description, {column: description}) for the tables and views an analyst reads
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "claims_v": ("One row per claim: its document, story, sentence, cue, content, event date and sources "
                 "(names joined with '; '). Click a claim_id to see the sentence in its story.", {
        "claim_id": "the claim; opens the sentence in its story with cue, source and content highlighted",
        "outlet": "the outlet that published the document",
        "story_published": "the story's publication date and time (YYYY-MM-DD[THH:MM])",
        "story_date": "the story's publication day",
        "sentence_start": "character offset of the sentence in the document text (Python str indexing)",
        "sentence_end": "end offset, exclusive",
        "claim_kind": "assertion, direct_quote, indirect_quote, mixed_quote or denial",
        "cue_text": "the words that mark the claim (said, according to, denied, a headline colon)",
        "content_text": "what is claimed",
        "event_date": "the date of the event the claim describes, resolved against publication",
        "checkworthiness": "0–1: figures, dates, named actors and consequential matters raise it",
        "review_status": "auto, confirmed, rejected or edited (claimtrack review)",
        "speakers": "who asserts it",
        "reporters": "who relays it (TASS in 'TASS quoted Putin as saying')",
    }),
    "claim_sources_v": ("One row per claim and source: the source's role and the mention in the text.", {
        "role": "speaker (asserts the claim) or reporter (relays it)",
        "mention_text": "the words naming the source in the text",
        "mention_start": "character offset of the mention in the document text",
    }),
    "denials_v": ("Each denial and its denier, with the denied claim and its sources.", {
        "denier": "who denies (the outlet when the denial names no speaker)",
        "denied_sources": "the speakers of the denied claim",
        "scope": "story (both claims in one story) or corpus (across articles)",
        "evidence": "the words that link the denial to what it denies",
    }),
    "contradictions_v": ("Each contradiction: both claims, their sources, dates, outlets and the conflicting "
                         "evidence.", {"evidence": "the figures or words that conflict"}),
    "source_stats_v": ("Per source: claims as speaker and as reporter, denials made, denied by others, "
                       "contradicted. Click a source for its network.", {
        "source": "the canonical name; opens the source's network and timeline",
        "claims": "claims it makes (as speaker)",
        "reported": "claims it relays (as reporter)",
        "denials_made": "its claims of kind denial",
        "denied_by_others": "relations in which another source's claim denies one of its claims",
        "contradicted": "contradictions its claims take part in",
    }),
    "source_conflicts_v": ("How often source A denies or contradicts source B.", {}),
    "source_links_v": ("One row per link between two sources: a claim that source relays from target "
                       "(cites), or a denial / contradiction from source's claim to target's.", {
        "kind": "cites, denies or contradicts",
        "claim_id": "source's claim (for cites the relayed claim itself)",
        "target_claim_id": "target's claim",
        "published": "publication day of source's claim",
        "evidence": "the relation's evidence; for cites, the cue",
    }),
    "source_edges_v": ("Links between two sources counted per kind: the edges of the network pages.", {
        "links": "claims (cites) or relations (denies, contradicts)",
    }),
    "source_timeline_v": ("A source's claims, the claims it relays and the relations from and to it, on the "
                          "publication day of each.", {
        "item": "claims, relays, denies, denied by, contradicts, contradicted by",
        "claim_id": "the source's own claim",
        "other_claim_id": "the other side's claim in a relation",
        "other": "the other source in a relation",
    }),
    "review_decisions_v": ("Every analyst decision, with the claims it names as they are now.", {}),
    "source": ("Canonical sources: people, agencies, ministries, outlets …", {
        "name": "the canonical name; opens the source's network and timeline",
        "kind": "person, news_agency, ministry, government, military, …",
        "parent_id": "the body it belongs to (a spokesperson's ministry)",
        "merged_into_id": "set when an analyst merged it into another source",
    }),
    "source_alias": ("Every name a source is known by, normalized for matching.", {}),
    "document": ("Ingested documents: text, outlet, origin, content hash.", {
        "text": "the decoded text; every offset indexes it",
    }),
    "story": ("Stories: a page's main article and each related item.", {}),
    "sentence": ("Sentences with their kind and offsets.", {
        "kind": "claim, attributed, denial, opinion, question, boilerplate, metadata or other",
    }),
    "claim": ("Claims as stored. claims_v joins them with their sentences and sources.", {
        "cue_start": "character offset of the cue in the document text",
        "content_start": "character offset of the content in the document text",
    }),
    "claim_source": ("Claim ↔ source links with role and mention.", {}),
    "claim_relation": ("Relations between claims: denies, contradicts, supports, repeats.", {
        "claim_id": "the claim that denies / contradicts / supports / repeats",
        "target_claim_id": "the claim it is about",
        "scope": "story or corpus",
        "status": "auto, confirmed or rejected (an analyst removed it)",
    }),
    "claim_date": ("Every date phrase of a claim, resolved.", {}),
    "review_decision": ("Analysts' decisions, keyed by claim fingerprints.", {}),
    "ingest_run": ("Ingest and re-analysis runs with their counts.", {}),
}

FACETS: dict[str, list[object]] = {
    "claims_v": ["claim_kind", "outlet", {"date": "story_date"}, "review_status"],
    "claim_sources_v": ["source_name", "role", "source_kind"],
    "denials_v": ["denier", "scope", "status"],
    "contradictions_v": ["scope", "status"],
    "source_stats_v": ["kind", "country"],
    "source_links_v": ["kind", "source", "target"],
    "source_edges_v": ["kind"],
    "source_timeline_v": ["item", {"date": "day"}],
    "source": ["kind", "country"],
    "document": ["outlet", "format"],
    "story": [{"date": "published_date"}],
    "sentence": ["kind"],
    "claim": ["kind", "review_status"],
    "claim_source": ["role"],
    "claim_relation": ["kind", "scope", "status"],
}

LABELS = {"source": "name", "document": "origin", "story": "title", "claim": "content_text",
          "ingest_run": "command"}
SORT_DESC = {"source_stats_v": "claims", "source_edges_v": "links"}
HIDDEN = ("claim_key", "alembic_version")


def canned_sql(report: Report) -> str:
    """The report's SQLite text with each parameter read through the plugin's magic parameter."""
    return _PARAM.sub(lambda m: f":_{PLUGIN}_{m.group(1)}", report.variants.get("sqlite", report.sql))


def _report_description(report: Report) -> str:
    rows = "".join(
        f"<li><code>{escape(p.name)}</code>: {escape(p.help)}"
        f" ({'required' if p.required else f'default {escape(p.default)}' if p.default else 'optional'})</li>"
        for p in report.params)
    return f"<p>{escape(report.description)}</p>" + (f"<ul>{rows}</ul>" if rows else "")


def canned_queries(reports: dict[str, Report] | None = None) -> dict[str, dict]:
    """Every named report as a Datasette canned query, its form fields the report's parameters."""
    reports = load_reports() if reports is None else reports
    return {r.name: {"title": r.name, "sql": canned_sql(r), "params": [p.name for p in r.params],
                     "description_html": _report_description(r), "hide_sql": True}
            for r in reports.values()}


def build(title: str = "claimtrack") -> dict:
    """Datasette metadata for the claimtrack SQLite database served as ``DATABASE``."""
    tables: dict[str, dict] = {}
    for name, (description, columns) in TABLES.items():
        t: dict[str, object] = {"description": description}
        if columns:
            t["columns"] = columns
        if name in FACETS:
            t["facets"] = FACETS[name]
        if name in LABELS:
            t["label_column"] = LABELS[name]
        if name in SORT_DESC:
            t["sort_desc"] = SORT_DESC[name]
        tables[name] = t
    for name in HIDDEN:
        tables[name] = {"hidden": True}
    return {
        "title": title,
        "description_html": (
            "<p>Who claims what, citing whom, when, and who denies or contradicts it. Start with "
            f'<a href="/{DATABASE}/source_stats_v">the sources</a> (click one for its network and timeline), '
            f'<a href="/{DATABASE}/claims_v">the claims</a> (click a claim id to see it in its story) or one '
            f'of the <a href="/{DATABASE}#queries">named reports</a>. Read-only.</p>'),
        "databases": {DATABASE: {"tables": tables, "queries": canned_queries()}},
            }
