"""The Datasette plugin ``claimtrack serve`` registers: a claim's page (its sentence in its story, with cue,
source mentions, content and date highlighted at their stored offsets), a source's page (its network and
timeline, from the views of migration 0007), links from ids and names to those pages, and the magic
parameters through which the named reports' canned queries read their form fields.

Nothing here writes: the pages read views and tables of a database Datasette opened immutable.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

import markupsafe
from datasette import hookimpl
from datasette.utils.asgi import BadRequest, NotFound, Response

from ..sources import norm
from ..store.reports import ReportError, check_value, resolve_name
from .metadata import DATABASE, PLUGIN
from .pages import Edge, Mark, Point, highlight, network_svg, timeline_svg

STORY_WINDOW = 6000  # a story longer than this shows this many characters around the claim's sentence


def claim_href(claim_id: int) -> str:
    return f"/-/{PLUGIN}/claim/{claim_id}"


def source_href(source_id: int) -> str:
    return f"/-/{PLUGIN}/source/{source_id}"


def rows_href(table: str, **filters: object) -> str:
    return f"/{DATABASE}/{table}?" + urlencode({k: v for k, v in filters.items() if v is not None})


# ---- canned queries' parameters ------------------------------------------------------------------------
def param_value(key: str, request) -> str | None:
    """``:_claimtrack_KEY`` of a report's canned query: the form field KEY as ``claimtrack report`` binds
    it. Empty means not given (NULL: no filter, or the report's own default); ``source_norm`` is the
    normalized form of ``source``; a value the report cannot take is a 400 page that says why."""
    if key == "source_norm":
        value = request.args.get("source")
        return norm(value) if value and value.strip() else None
    value = request.args.get(key)
    if value is None or not value.strip():
        return None
    report = request.url_vars.get("table", "?")
    try:
        checked = check_value(report, key, value)
        if key in ("source", "document") and _SERVED:
            # a name that names nothing is an error, and a document reference is resolved, as `claimtrack report` does
            from sqlalchemy.orm import Session

            with Session(_engine(_SERVED[0])) as session:
                return resolve_name(session, report, key, checked)
        return checked
    except ReportError as exc:
        raise BadRequest(str(exc)) from None


_SERVED: list[str] = []  # the served database file, set when Datasette starts


@lru_cache(maxsize=1)
def _engine(path: str):
    """A SQLAlchemy engine on the served file, opened immutable like Datasette's own connection."""
    from pathlib import Path

    from sqlalchemy import create_engine

    uri = f"{Path(path).as_uri()}?immutable=1"
    return create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False))


@hookimpl
def startup(datasette):
    db = datasette.databases.get(DATABASE)
    if db is not None and db.path:
        _SERVED[:] = [db.path]


@hookimpl
def register_magic_parameters(datasette):
    return [(PLUGIN, param_value)]


# ---- links from cells ----------------------------------------------------------------------------------
CLAIM_COLUMNS = {"claim_id", "target_claim_id", "other_claim_id", "denial_claim_id", "denied_claim_id",
                 "claim_a_id", "claim_b_id"}
SOURCE_ID_COLUMNS = {"source_id", "denier_id", "target_id", "other_id"}
# a name column and the column holding its source's id, per view (source_stats_v.source → source_id …)
NAME_ID = {"source": "source_id", "target": "target_id", "other": "other_id", "denier": "denier_id",
           "source_name": "source_id"}
VIEWS = {"claims_v", "claim_sources_v", "denials_v", "contradictions_v", "source_stats_v", "source_links_v",
         "source_edges_v", "source_timeline_v", "review_decisions_v"}
QUERY_NAME_COLUMNS = {"source", "source_a", "source_b", "denier", "source_name"}


def _a(href: str, text: object) -> markupsafe.Markup:
    return markupsafe.Markup('<a href="{}">{}</a>').format(href, text)


def _get(row, column: str):
    try:
        return row[column]
    except (IndexError, KeyError, TypeError):
        return None


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    if database != DATABASE or value is None or value == "":
        return None
    if table is None or table in VIEWS:  # a query, a canned query or a view: ids and names as links
        if column in CLAIM_COLUMNS and isinstance(value, int):
            return _a(claim_href(value), value)
        if column in SOURCE_ID_COLUMNS and isinstance(value, int) and table in VIEWS:
            return _a(source_href(value), value)
        if table in VIEWS and column in NAME_ID and isinstance(_get(row, NAME_ID[column]), int):
            return _a(source_href(_get(row, NAME_ID[column])), value)
        if table is None and column in QUERY_NAME_COLUMNS and isinstance(value, str):
            return _a(f"/-/{PLUGIN}/source?" + urlencode({"name": value}), value)
    elif table == "source" and column == "name" and isinstance(_get(row, "id"), int):
        return _a(source_href(_get(row, "id")), value)
    return None


# ---- pages ---------------------------------------------------------------------------------------------
CLAIM_SQL = """
SELECT v.claim_id, v.document_id, v.document_origin, v.outlet, v.story_id, v.story_title, v.story_published,
       v.sentence_id, v.sentence_start, v.sentence_end, v.sentence_kind, v.claim_kind, v.cue_text, v.cue_start,
       v.cue_end, v.content_start, v.content_end, v.content_text, v.event_date, v.event_date_end,
       v.event_date_text, v.checkworthiness, v.confidence, v.method, v.review_status, v.speakers, v.reporters,
       c.event_date_start_offset, c.event_date_end_offset, st.char_start AS story_start, st.char_end AS story_end
FROM claims_v v JOIN claim c ON c.id = v.claim_id JOIN story st ON st.id = v.story_id
WHERE v.claim_id = :id"""
# SQLite's substr counts characters of a text, as Python's str indexing does: offsets are the same
TEXT_SQL = "SELECT substr(text, :start + 1, :length) AS text FROM document WHERE id = :document_id"
CLAIM_SOURCES_SQL = """
SELECT source_id, source_name, source_kind, role, mention_text, mention_start, mention_end
FROM claim_sources_v WHERE claim_id = :id ORDER BY mention_start, role"""
CLAIM_RELATIONS_SQL = """
SELECT r.id AS relation_id, r.kind, 'out' AS direction, r.target_claim_id AS other_claim_id, r.evidence, r.scope,
       r.confidence, r.status
FROM claim_relation r WHERE r.claim_id = :id AND r.status <> 'rejected'
UNION ALL
SELECT r.id, r.kind, 'in', r.claim_id, r.evidence, r.scope, r.confidence, r.status
FROM claim_relation r WHERE r.target_claim_id = :id AND r.status <> 'rejected'
ORDER BY 1"""
OTHER_CLAIMS_SQL = """
SELECT claim_id, sentence_text, speakers, reporters, outlet, story_published, review_status
FROM claims_v WHERE claim_id IN ({ids})"""
SOURCE_SQL = """
SELECT s.id, s.name, s.kind, s.country, s.origin, p.id AS parent_id, p.name AS parent, s.merged_into_id,
       m.name AS merged_into
FROM source s LEFT JOIN source p ON p.id = s.parent_id LEFT JOIN source m ON m.id = s.merged_into_id
WHERE s.id = :id"""
STATS_SQL = """
SELECT claims, reported, denials_made, denied_by_others, contradicted FROM source_stats_v WHERE source_id = :id"""
OUTGOING_SQL = """
SELECT kind, target_id AS other_id, target AS other, links FROM source_edges_v WHERE source_id = :id
ORDER BY links DESC, other"""
INCOMING_SQL = """
SELECT kind, source_id AS other_id, source AS other, links FROM source_edges_v WHERE target_id = :id
ORDER BY links DESC, other"""
TIMELINE_SQL = """
SELECT item, day, COUNT(*) AS n FROM source_timeline_v WHERE source_id = :id GROUP BY item, day ORDER BY day"""
BY_NAME_SQL = """
SELECT s.id FROM source s WHERE s.name = :name
UNION ALL
SELECT a.source_id FROM source_alias a WHERE a.norm = :norm
LIMIT 1"""


def _day(value) -> date | None:
    if value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


async def _render(datasette, request, template: str, context: dict) -> Response:
    context = {"database": DATABASE, "database_href": f"/{DATABASE}", **context}
    return Response.html(await datasette.render_template(template, context, request=request))


async def claim_page(datasette, request):
    db = datasette.get_database(DATABASE)
    claim_id = int(request.url_vars["claim_id"])
    claim = (await db.execute(CLAIM_SQL, {"id": claim_id})).first()
    if claim is None:
        raise NotFound(f"no claim {claim_id}")
    claim = dict(claim)
    start, end = claim["story_start"], claim["story_end"]
    if end - start > STORY_WINDOW:  # a long page: the part of the story around the sentence
        start = max(start, claim["sentence_start"] - STORY_WINDOW // 2)
        end = min(end, max(claim["sentence_end"], start) + STORY_WINDOW // 2)
    text = (await db.execute(TEXT_SQL, {"start": start, "length": end - start,
                                        "document_id": claim["document_id"]})).first()["text"] or ""
    sources = [dict(r) for r in (await db.execute(CLAIM_SOURCES_SQL, {"id": claim_id})).rows]
    marks = [Mark("sentence", claim["sentence_start"], claim["sentence_end"])]
    for kind, a, b in (("content", claim["content_start"], claim["content_end"]),
                       ("cue", claim["cue_start"], claim["cue_end"]),
                       ("date", claim["event_date_start_offset"], claim["event_date_end_offset"])):
        if a is not None and b is not None:
            marks.append(Mark(kind, a, b))
    marks += [Mark("mention", s["mention_start"], s["mention_end"]) for s in sources
              if s["mention_start"] is not None and s["mention_end"] is not None]
    relations = [dict(r) for r in (await db.execute(CLAIM_RELATIONS_SQL, {"id": claim_id})).rows]
    others = {}
    ids = sorted({r["other_claim_id"] for r in relations})
    if ids:
        sql = OTHER_CLAIMS_SQL.format(ids=", ".join(str(int(i)) for i in ids))
        others = {r["claim_id"]: dict(r) for r in (await db.execute(sql)).rows}
    for r in relations:
        r["other"] = others.get(r["other_claim_id"], {})
    return await _render(datasette, request, "claimtrack_claim.html", {
        "claim": claim, "sources": sources, "relations": relations,
        "story_html": markupsafe.Markup(highlight(text, start, marks)),
        "sentence_html": markupsafe.Markup(highlight(text[claim["sentence_start"] - start:claim["sentence_end"] - start],
                                                     claim["sentence_start"], marks[1:])),
        "cut_before": start > claim["story_start"], "cut_after": end < claim["story_end"],
        "claim_href": claim_href, "source_href": source_href,
        "row_href": f"/{DATABASE}/claim/{claim_id}",
        "json_href": rows_href("claims_v.json", claim_id=claim_id, _shape="objects"),
    })


async def source_page(datasette, request):
    db = datasette.get_database(DATABASE)
    source_id = int(request.url_vars["source_id"])
    source = (await db.execute(SOURCE_SQL, {"id": source_id})).first()
    if source is None:
        raise NotFound(f"no source {source_id}")
    source = dict(source)
    stats = (await db.execute(STATS_SQL, {"id": source_id})).first()
    outgoing = [Edge(**dict(r)) for r in (await db.execute(OUTGOING_SQL, {"id": source_id})).rows]
    incoming = [Edge(**dict(r)) for r in (await db.execute(INCOMING_SQL, {"id": source_id})).rows]
    points = [Point(r["item"], _day(r["day"]), r["n"]) for r in (await db.execute(TIMELINE_SQL, {"id": source_id})).rows]

    def evidence_href(kind: str, a: int, b: int) -> str:
        return rows_href("source_links_v", kind=kind, source_id=a, target_id=b)

    def timeline_href(item: str, day: date | None) -> str:
        filters = {"source_id": source_id, "item": item}
        filters.update({"day": day.isoformat()} if day else {"day__isnull": 1})
        return rows_href("source_timeline_v", **filters)

    return await _render(datasette, request, "claimtrack_source.html", {
        "source": source, "stats": dict(stats) if stats else None,
        "incoming": incoming, "outgoing": outgoing,
        "network_svg": markupsafe.Markup(network_svg(source["name"], incoming, outgoing, source_href=source_href,
                                                     evidence_href=evidence_href, source_id=source_id)),
        "timeline_svg": markupsafe.Markup(timeline_svg(points, href=timeline_href)),
        "timeline_total": sum(p.count for p in points),
        "source_href": source_href, "evidence_href": evidence_href,
        "claims_href": rows_href("claim_sources_v", source_id=source_id, role="speaker"),
        "links_out_href": rows_href("source_links_v", source_id=source_id),
        "links_in_href": rows_href("source_links_v", target_id=source_id),
        "timeline_href": rows_href("source_timeline_v", source_id=source_id),
    })


async def source_by_name(datasette, request):
    name = request.args.get("name") or ""
    db = datasette.get_database(DATABASE)
    row = (await db.execute(BY_NAME_SQL, {"name": name, "norm": norm(name)})).first()
    if row is None:
        raise NotFound(f"no source named {name!r}")
    return Response.redirect(source_href(row[0]))


@hookimpl
def register_routes(datasette):
    return [
        (rf"^/-/{PLUGIN}/claim/(?P<claim_id>\d+)$", claim_page),
        (rf"^/-/{PLUGIN}/source/(?P<source_id>\d+)$", source_page),
        (rf"^/-/{PLUGIN}/source$", source_by_name),
    ]
