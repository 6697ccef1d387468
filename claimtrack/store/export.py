"""Streaming exports with stable, documented column orders (see README "CSV export")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..model import CLAIM_KINDS, RELATION_KINDS, SENTENCE_KINDS
from ..sources import norm
from .documents import DocumentError, resolve
from .sources import SourceError, check_name

# One row per claim–source pair (--per source, the default): a claim with a speaker and a reporter gives two
# rows; a claim without sources gives one row with empty source columns.
CLAIM_COLUMNS = [
    "claim_id", "document_id", "document_origin", "document_external_id", "outlet", "story_id", "story_ordinal",
    "story_title", "story_published", "sentence_id", "sentence_kind", "sentence_start", "sentence_end",
    "sentence_text", "claim_kind", "cue_text", "cue_start", "cue_end", "content_start", "content_end",
    "content_text", "event_date", "event_date_end", "event_date_text", "checkworthiness", "confidence",
    "method", "review_status", "source_name", "source_kind", "source_country", "source_parent", "source_role",
    "mention_text", "mention_start", "mention_end",
]
_CLAIM_BASE = CLAIM_COLUMNS[: CLAIM_COLUMNS.index("source_name")]
# One row per claim (--per claim): the sources joined with "; ", speakers and reporters apart.
CLAIM_ROW_COLUMNS = [*_CLAIM_BASE, "speakers", "reporters"]
SOURCE_COLUMNS = ["source_id", "source", "kind", "country", "parent", "claims", "reported", "denials_made",
                  "denied_by_others", "contradicted"]
RELATION_COLUMNS = [
    "relation_id", "kind", "claim_id", "claim_sources", "claim_sentence", "claim_published", "target_claim_id",
    "target_sources", "target_sentence", "target_published", "confidence", "evidence", "method", "scope",
    "origin", "status",
]
SENTENCE_COLUMNS = ["sentence_id", "document_id", "document_origin", "story_ordinal", "story_title", "ordinal",
                    "kind", "char_start", "char_end", "text", "confidence"]


@dataclass
class Filters:
    source: str | None = None
    since: str | None = None
    until: str | None = None
    kind: str | None = None
    relation_kind: str | None = None
    document: str | None = None
    confirmed: bool = False
    per: str = "source"  # claims: one row per claim–source pair ("source") or per claim ("claim")
    story: int | None = None  # only this story (story_id)
    document_ids: tuple[int, ...] | None = None  # the documents ``document`` names, once ``check`` resolved it


class ExportError(ClaimtrackError):
    """A filter the export does not read, a kind it does not know, or a name that names nothing stored."""


# which filters each export reads; any other given is refused rather than silently ignored
APPLIES = {
    "claims": {"source", "since", "until", "kind", "relation_kind", "document", "story", "confirmed", "per"},
    "sources": {"source", "kind"},
    "relations": {"source", "since", "until", "kind", "relation_kind", "document", "story"},
    "sentences": {"source", "since", "until", "kind", "document", "story"},
}
_KIND_VALUES = {"claims": CLAIM_KINDS, "sentences": SENTENCE_KINDS, "relations": RELATION_KINDS}


def check(engine: Engine, what: str, f: Filters, given: set[str]) -> Filters:
    """``f`` with its document reference resolved (``documents.resolve``), or ``ExportError`` for a filter the
    export does not read, a kind it does not know, or a source, document or story the database does not hold:
    each would give an empty or unfiltered file that looks like an answer. A source or document that names
    nothing comes with the closest names; a document reference naming several inputs lists them."""
    extra = sorted(given - APPLIES[what])
    if extra:
        takes = ", ".join("--" + o.replace("_", "-") for o in sorted(APPLIES[what]))
        raise ExportError(f"--{extra[0].replace('_', '-')} does not apply to 'export {what}' (it takes: {takes})")
    if f.kind and what in _KIND_VALUES and f.kind not in _KIND_VALUES[what]:
        raise ExportError(f"--kind {f.kind!r}: {what} kinds are {', '.join(_KIND_VALUES[what])}")
    if what == "relations" and f.kind and f.relation_kind and f.kind != f.relation_kind:
        raise ExportError("--kind and --relation-kind both name the relation kind here; give one")
    with Session(engine) as session:
        conn = session.connection()
        if f.kind and what == "sources":
            kinds = sorted(k for (k,) in conn.execute(text("SELECT DISTINCT kind FROM source")) if k)
            if f.kind not in kinds:
                raise ExportError(f"--kind {f.kind!r}: no stored source has it (kinds stored: {', '.join(kinds)})")
        if f.source:
            try:
                check_name(session, f.source)
            except SourceError as exc:
                raise ExportError(f"--source: {exc}") from None
        if f.document:
            try:
                f = replace(f, document_ids=tuple(d.id for d in resolve(session, f.document)))
            except DocumentError as exc:
                raise ExportError(f"--document: {exc}") from None
        if f.story is not None and conn.execute(text("SELECT 1 FROM story WHERE id = :s"), {"s": f.story}).first() is None:
            raise ExportError(f"--story: no story with id {f.story}")
    return f


def _doc_clause(alias: str, f: Filters) -> str:
    """``alias``'s document is one of those ``f.document`` names (their ids, as ``check`` resolved them)."""
    ids = f.document_ids
    if ids is None:
        raise ExportError("a document filter must be resolved first (store.export.check)")
    return f"{alias}.document_id IN ({', '.join(str(int(i)) for i in ids) or 'NULL'})"


def _params(f: Filters) -> dict:
    return {"source_norm": norm(f.source) if f.source else None, "since": f.since, "until": f.until,
            "kind": f.kind, "relation_kind": f.relation_kind, "story": f.story}


def _stream(engine: Engine, sql: str, params: dict) -> Iterator[tuple]:
    """Rows as they come: a server-side cursor on PostgreSQL, SQLite's stepping cursor, batches of 1000.

    A generator: nothing runs until the first row is asked for, and memory stays flat however many rows.
    """
    used = {k: v for k, v in params.items() if re.search(rf":{k}\b", sql)}
    with engine.connect() as conn:
        res = conn.execution_options(stream_results=True, yield_per=1000).execute(text(sql), used)
        for row in res:
            yield tuple(row)


def claims(engine: Engine, f: Filters) -> tuple[list[str], Iterator[tuple]]:
    where = ["v.review_status <> 'rejected'"]
    if f.confirmed:
        where.append("v.review_status = 'confirmed'")
    if f.kind:
        where.append("v.claim_kind = :kind")
    if f.since:
        where.append("substr(v.story_published, 1, 10) >= :since")
    if f.until:
        where.append("substr(v.story_published, 1, 10) <= :until")
    if f.source:
        where.append("v.claim_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a "
                     "ON a.source_id = cs.source_id WHERE a.norm = :source_norm)")
    if f.relation_kind:
        where.append("v.claim_id IN (SELECT r.claim_id FROM claim_relation r WHERE r.kind = :relation_kind "
                     "AND r.status <> 'rejected' UNION SELECT r.target_claim_id FROM claim_relation r "
                     "WHERE r.kind = :relation_kind AND r.status <> 'rejected')")
    if f.document:
        where.append(_doc_clause("v", f))
    if f.story is not None:
        where.append("v.story_id = :story")
    cols = ", ".join(f"v.{c}" for c in _CLAIM_BASE)
    if f.per == "claim":
        sql = f"SELECT {cols}, v.speakers, v.reporters FROM claims_v v WHERE {' AND '.join(where)} ORDER BY v.claim_id"
        return CLAIM_ROW_COLUMNS, _stream(engine, sql, _params(f))
    sql = (f"SELECT {cols}, s.source_name, s.source_kind, s.source_country, s.source_parent, s.role, "
           "s.mention_text, s.mention_start, s.mention_end "
           "FROM claims_v v LEFT JOIN claim_sources_v s ON s.claim_id = v.claim_id "
           f"WHERE {' AND '.join(where)} ORDER BY v.claim_id, s.role DESC, s.claim_source_id")
    return CLAIM_COLUMNS, _stream(engine, sql, _params(f))


def sources(engine: Engine, f: Filters) -> tuple[list[str], Iterator[tuple]]:
    where = ["1 = 1"]
    if f.kind:
        where.append("kind = :kind")
    if f.source:
        where.append("source_id IN (SELECT a.source_id FROM source_alias a WHERE a.norm = :source_norm)")
    sql = f"SELECT {', '.join(SOURCE_COLUMNS)} FROM source_stats_v WHERE {' AND '.join(where)} ORDER BY source"
    return SOURCE_COLUMNS, _stream(engine, sql, _params(f))


def relations(engine: Engine, f: Filters) -> tuple[list[str], Iterator[tuple]]:
    where = ["r.status <> 'rejected'"]
    kind = f.relation_kind or f.kind
    if kind:
        where.append("r.kind = :relation_kind")
    if f.source:
        where.append("(r.claim_id IN (SELECT cs.claim_id FROM claim_source cs JOIN source_alias a "
                     "ON a.source_id = cs.source_id WHERE a.norm = :source_norm) OR r.target_claim_id IN "
                     "(SELECT cs.claim_id FROM claim_source cs JOIN source_alias a ON a.source_id = cs.source_id "
                     "WHERE a.norm = :source_norm))")
    if f.since:
        where.append("substr(a.story_published, 1, 10) >= :since")
    if f.until:
        where.append("substr(a.story_published, 1, 10) <= :until")
    if f.document:
        where.append(f"({_doc_clause('a', f)} OR {_doc_clause('b', f)})")
    if f.story is not None:
        where.append("(a.story_id = :story OR b.story_id = :story)")
    sql = ("SELECT r.id, r.kind, r.claim_id, a.speakers, a.sentence_text, a.story_published, r.target_claim_id, "
           "b.speakers, b.sentence_text, b.story_published, r.confidence, r.evidence, r.method, r.scope, "
           "r.origin, r.status FROM claim_relation r JOIN claims_v a ON a.claim_id = r.claim_id "
           f"JOIN claims_v b ON b.claim_id = r.target_claim_id WHERE {' AND '.join(where)} ORDER BY r.id")
    p = _params(f)
    p["relation_kind"] = kind
    return RELATION_COLUMNS, _stream(engine, sql, p)


def sentences(engine: Engine, f: Filters) -> tuple[list[str], Iterator[tuple]]:
    where = ["1 = 1"]
    if f.kind:
        where.append("se.kind = :kind")
    if f.since:
        where.append("substr(st.published, 1, 10) >= :since")
    if f.until:
        where.append("substr(st.published, 1, 10) <= :until")
    if f.document:
        where.append(_doc_clause("se", f))
    if f.story is not None:
        where.append("se.story_id = :story")
    if f.source:
        where.append("se.id IN (SELECT c.sentence_id FROM claim c JOIN claim_source cs ON cs.claim_id = c.id "
                     "JOIN source_alias a ON a.source_id = cs.source_id WHERE a.norm = :source_norm)")
    sql = ("SELECT se.id, se.document_id, d.origin, st.ordinal, st.title, se.ordinal, se.kind, se.char_start, "
           "se.char_end, se.text, se.confidence FROM sentence se JOIN story st ON st.id = se.story_id "
           f"JOIN document d ON d.id = se.document_id WHERE {' AND '.join(where)} ORDER BY se.document_id, st.ordinal, se.ordinal")
    return SENTENCE_COLUMNS, _stream(engine, sql, _params(f))


EXPORTS = {"claims": claims, "sources": sources, "relations": relations, "sentences": sentences}
