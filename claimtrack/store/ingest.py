"""Storing analyses: one transaction per document, idempotent by content hash."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from operator import itemgetter

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..model import Analysis, SourceRef
from ..sources import clean_alias, norm
from . import schema as m


def now() -> datetime:
    return datetime.now(UTC)


def as_date(value: str | None) -> date | None:
    """The day an ISO date or date-time names ("2025-03-07T09:00" → 2025-03-07); None for none or a bad one."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def document_part(sha256: str) -> str:
    """How a claim fingerprint opens: its document's hash, shortened, and a colon (``m.DOC_PART`` characters,
    which the indexes on review decisions hold)."""
    return f"{sha256[:20]}:"


def fingerprint(sha256: str, sentence_start: int, claim) -> str:
    """Stable identity of a claim across re-analysis: document, sentence start, cue or content start."""
    anchor = claim.cue.start if claim.cue else (claim.content.start if claim.content else sentence_start)
    return f"{document_part(sha256)}{sentence_start}:{anchor}:{claim.kind}"


def insert_ignore(session: Session, model, conflict: list[str]):
    """``INSERT … ON CONFLICT (conflict) DO NOTHING`` for the session's database (SQLite or PostgreSQL):
    a row another writer inserted first is left alone instead of failing the transaction."""
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    else:
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    return dialect_insert(model).on_conflict_do_nothing(index_elements=conflict)


def copy_rows(session: Session, table, rows: list[dict], *, ids: bool) -> list[int]:
    """PostgreSQL: insert ``rows`` (dicts with the same keys, every column the row needs) with COPY, in the
    session's transaction; with ``ids``, ids are drawn from the table's sequence first and returned in row
    order (increasing). COPY takes rows several times faster than a multi-row INSERT … RETURNING, whose
    thousands of parameters the server parses and plans for every document."""
    cols = list(rows[0])
    dbapi = session.connection().connection.dbapi_connection
    out: list[int] = []
    with dbapi.cursor() as cur:
        if ids:
            cur.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                        (table.name, len(rows)))
            out = sorted(r[0] for r in cur.fetchall())
        names = ", ".join(f'"{c}"' for c in (["id", *cols] if ids else cols))
        values = itemgetter(*cols) if len(cols) > 1 else (lambda r: (r[cols[0]],))
        with cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            if ids:
                for i, r in zip(out, rows, strict=True):
                    copy.write_row((i, *values(r)))
            else:
                for r in rows:
                    copy.write_row(values(r))
    return out


class SourceCache:
    """get-or-create of canonical sources within one session; follows merges. Safe with many writers.

    ``prepare`` creates every source and alias a document needs in a few statements: existing ones are
    read in one query, missing ones are inserted with ``INSERT … ON CONFLICT DO NOTHING`` in sorted
    order (so concurrent writers take the unique-index locks in the same order and do not deadlock each
    other), then read back — a source another process created a moment earlier is simply used.
    """

    def __init__(self, session: Session):
        self.session = session
        self.by_name: dict[str, m.Source] = {}
        self.missing: set[str] = set()

    def _load(self, names: set[str]) -> None:
        names = names - set(self.by_name)
        if not names:
            return
        with self.session.no_autoflush:
            for src in self.session.execute(select(m.Source).where(m.Source.name.in_(sorted(names)))).scalars():
                self.by_name[src.name] = src
        self.missing |= names - set(self.by_name)

    def prepare(self, specs: list[tuple[str, str, str | None, str | None, str]],
                mentions: list[tuple[str, str]]) -> None:
        """Make sure the sources ``specs`` (name, kind, country, parent, origin) exist, creating them as
        a sequence of ``ensure`` calls in this order would, and that each (name, mention) pair's mention
        is an alias of its source when no source has that alias yet."""
        self._load({sp[0] for sp in specs} | {sp[3] for sp in specs if sp[3]})
        planned: dict[str, tuple[str, str | None, str | None, str]] = {}
        for name, kind, country, parent, origin in specs:
            if name in self.by_name or name in planned:
                continue
            if parent and parent != name:
                if parent not in self.by_name and parent not in planned:
                    planned[parent] = (_parent_kind(parent), country, None, origin)
            else:
                parent = None
            planned[name] = (kind, country, parent, origin)
        created = now()
        todo = dict(planned)
        while todo:  # parents first: a level at a time, each in name order
            level = sorted(n for n, sp in todo.items() if sp[2] is None or sp[2] not in todo)
            if not level:  # a cycle cannot come from the pipeline; break it rather than loop
                level = sorted(todo)
            rows = []
            for n in level:
                kind, country, parent, origin = todo.pop(n)
                parent_row = self.get(parent) if parent else None
                rows.append({"name": n, "kind": kind, "country": country,
                             "parent_id": parent_row.id if parent_row else None,
                             "origin": "builtin" if origin == "builtin" else "auto", "created_at": created})
            self.session.execute(insert_ignore(self.session, m.Source, ["name"]), rows)
            self.missing -= set(level)
            self._load(set(level))
        aliases: dict[str, dict] = {}
        for name, text in [(n, n) for n in planned] + list(mentions):
            n = norm(text)
            if not n or len(n) > 300 or n in aliases:
                continue
            src = self.get(name)
            if src is not None:
                aliases[n] = {"source_id": src.id, "alias": text[:300], "norm": n, "origin": "auto"}
        if aliases:
            self.session.execute(insert_ignore(self.session, m.SourceAlias, ["norm"]),
                                 [aliases[n] for n in sorted(aliases)])

    def lookup(self, names: set[str]) -> dict[str, str]:
        """The canonical name of each of ``names`` (merges followed), read in one query; a name not stored
        yet stands for itself."""
        self._load(names)
        out = {}
        for name in names:
            src = self.get(name)
            out[name] = src.name if src is not None else name
        return out

    def get(self, name: str) -> m.Source | None:
        src = self.by_name.get(name)
        if src is None and name not in self.missing:
            self._load({name})
            src = self.by_name.get(name)
        hops = 0
        while src is not None and src.merged_into_id is not None and hops < 10:
            src = self.session.get(m.Source, src.merged_into_id)
            hops += 1
        return src

    def ensure(self, name: str, kind: str, country: str | None, parent: str | None, origin: str,
               mention: str | None = None) -> m.Source:
        self.prepare([(name, kind, country, parent, origin)], [(name, mention)] if mention else [])
        src = self.get(name)
        assert src is not None  # inserted, or inserted by another writer: either way it exists now
        return src


def _parent_kind(name: str) -> str:
    from ..sources import builtin_tables

    aliases = builtin_tables()[0]
    entry = aliases.get(norm(name))
    return entry.kind if entry else "organization"


def _mention(ref: SourceRef) -> str | None:
    """The text a source was cited by, when it makes a clean alias (``sources.clean_alias``: not a pronoun, not
    "like Trump"); never for a placeholder ("Unnamed source" is cited by "the report", "Figures", …)."""
    if ref.mention and ref.kind != "unnamed" and clean_alias(ref.mention.text):
        return ref.mention.text
    return None


@dataclass(frozen=True, slots=True)
class NewClaim:
    """A claim row just inserted: what linking needs of it."""

    id: int
    kind: str


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A document just stored: its row, and its new claims by (sentence start, claim index in the sentence),
    for the cross-article linking that follows in the same transaction."""

    row: m.Document
    claims: dict[tuple[int, int], NewClaim]


def store_analysis(session: Session, analysis: Analysis, run: m.IngestRun | None,
                   document: m.Document | None = None, *, run_id: int | None = None) -> StoredDocument | None:
    """Insert one analysed document with everything under it. Returns None when already stored.

    With ``document`` (re-analysis), the rows are stored under that existing document row instead.
    ``run`` (an ORM row) is credited with the counts; with only ``run_id`` the document just points at
    its run (concurrent writers of one run then never contend for the run's row).
    Rows go in with bulk ``INSERT … RETURNING`` (one statement per table, not per row). The caller owns
    the transaction: commit on success, roll back on any error, so a failure leaves no part behind.
    The document row goes in first, with ``ON CONFLICT (sha256) DO NOTHING``: when another process is
    storing the same text at the same moment, this one waits for it and then reports "already stored".
    """
    doc = analysis.document
    if document is None:
        existing = session.execute(select(m.Document.id).where(m.Document.sha256 == analysis.sha256)).first()
        if existing is not None:
            return None
        first_published = analysis.stories[0].published if analysis.stories else None
        new_id = session.execute(insert_ignore(session, m.Document, ["sha256"]).values(
            sha256=analysis.sha256, origin=doc.origin, external_id=doc.id, format=doc.format, outlet=doc.outlet,
            url=doc.url, title=(analysis.stories[0].title if analysis.stories else None) or doc.title,
            published=first_published or doc.published, text=doc.text, ingested_at=now(),
            ingest_run_id=run.id if run else run_id,
        ).returning(m.Document.id)).scalar()
        if new_id is None:
            return None
        document = session.get(m.Document, new_id)
    row = document
    cache = SourceCache(session)
    refs = [ref for st in analysis.stories for se in st.sentences for c in se.claims for ref in c.sources]
    cache.prepare([(r.name, r.kind, r.country, r.parent, r.origin) for r in refs],
                  [(r.name, t) for r in refs if (t := _mention(r))])
    source_ids = {(r.name, r.role, r.mention.start if r.mention else None): cache.get(r.name).id for r in refs}
    session.flush()

    copy = session.get_bind().dialect.name == "postgresql"

    def bulk(model, rows):
        """Insert rows, returning their ids in order (Core rows: no ORM objects to build for every row)."""
        if not rows:
            return []
        if copy:
            return copy_rows(session, model.__table__, rows, ids=True)
        table = model.__table__
        return list(session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars())

    stories = bulk(m.Story, [
        {"document_id": row.id, "ordinal": st.ordinal, "title": st.title, "published": st.published,
         "published_date": as_date(st.published), "byline": st.byline, "char_start": st.start, "char_end": st.end}
        for st in analysis.stories])
    sent_rows, sent_keys = [], []
    for st, st_id in zip(analysis.stories, stories, strict=True):
        for si, sent in enumerate(st.sentences):
            sent_rows.append({"story_id": st_id, "document_id": row.id, "ordinal": si, "char_start": sent.start,
                              "char_end": sent.end, "text": sent.text, "kind": sent.kind,
                              "confidence": sent.confidence})
            sent_keys.append((st_id, sent))
    sentences = bulk(m.Sentence, sent_rows)
    claim_dicts, claim_keys = [], []
    for (st_id, sent), se_id in zip(sent_keys, sentences, strict=True):
        for ci, claim in enumerate(sent.claims):
            ed = claim.event_date
            claim_dicts.append({
                "sentence_id": se_id, "story_id": st_id, "document_id": row.id, "ordinal": ci,
                "fingerprint": fingerprint(analysis.sha256, sent.start, claim), "kind": claim.kind,
                "cue_text": claim.cue.text[:300] if claim.cue else None,
                "cue_start": claim.cue.start if claim.cue else None, "cue_end": claim.cue.end if claim.cue else None,
                "content_start": claim.content.start if claim.content else None,
                "content_end": claim.content.end if claim.content else None,
                "content_text": claim.content.text if claim.content else None,
                "event_date": as_date(ed.date) if ed else None, "event_date_end": as_date(ed.end) if ed else None,
                "event_date_text": ed.phrase.text[:200] if ed else None,
                "event_date_start_offset": ed.phrase.start if ed else None,
                "event_date_end_offset": ed.phrase.end if ed else None,
                "checkworthiness": claim.checkworthiness, "confidence": claim.confidence, "method": claim.method,
                "review_status": "auto",
            })
            claim_keys.append((sent, ci, claim))
    claims = [NewClaim(cid, d["kind"]) for cid, d in zip(bulk(m.Claim, claim_dicts), claim_dicts, strict=True)]
    claim_rows: dict[tuple[int, int], NewClaim] = {}
    date_rows, source_rows, relation_rows = [], [], []
    for (sent, ci, claim), c in zip(claim_keys, claims, strict=True):
        claim_rows[(sent.start, ci)] = c
        for d in claim.dates:
            date_rows.append({"claim_id": c.id, "phrase": d.phrase.text[:200], "char_start": d.phrase.start,
                              "char_end": d.phrase.end, "date": as_date(d.date), "date_end": as_date(d.end)})
        for ref in claim.sources:
            source_rows.append({
                "claim_id": c.id, "source_id": source_ids[(ref.name, ref.role, ref.mention.start if ref.mention else None)],
                "role": ref.role, "mention_text": ref.mention.text[:300] if ref.mention else None,
                "mention_start": ref.mention.start if ref.mention else None,
                "mention_end": ref.mention.end if ref.mention else None, "origin": "auto"})
    for (_sent, _ci, claim), c in zip(claim_keys, claims, strict=True):
        for rel in claim.relations:
            target = claim_rows.get((rel.target_sentence_start, rel.target_claim))
            if target is None or target is c:
                continue
            relation_rows.append({"claim_id": c.id, "target_claim_id": target.id, "kind": rel.kind,
                                  "confidence": rel.confidence, "evidence": rel.evidence, "method": rel.method,
                                  "scope": "story", "origin": "auto", "status": "auto", "created_at": now()})
    for model, rows_ in ((m.ClaimDate, date_rows), (m.ClaimSource, source_rows), (m.ClaimRelation, relation_rows)):
        if rows_ and copy:
            copy_rows(session, model.__table__, rows_, ids=False)
        elif rows_:
            session.execute(insert(model), rows_)
    if run is not None:
        run.documents_added += 1
        run.stories += len(analysis.stories)
        run.sentences += len(sent_rows)
        run.claims += len(claim_rows)
    return StoredDocument(row, claim_rows)
