"""Stored documents: finding them by the names analysts know them by, what each holds, removing one with
everything derived from it, and taking over a stored document's place with a changed text.

A reference (``REF``) is a document's id, its content-hash prefix (six hex digits or more), its origin path,
its JSON Lines id, or its file's base name. It names the documents of one input: one document, or every
record of one JSON Lines file. A reference that names nothing is an error offering the closest names; one
that names documents of several inputs (two ``page.html`` in different folders, a JSON Lines id used in two
files) is an error listing them.

Removing a document deletes its stories, sentences, claims, their sources and dates, every relation that
touches its claims (within it, and to or from other documents' claims), and its claim keys: the database's
cascades from the document row, in one transaction. The analysts' decisions are kept: they name claims by
fingerprint, so ingesting the same text again applies them again.
"""

from __future__ import annotations

import difflib
import posixpath
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..model import Analysis, RawDocument
from . import schema as m
from .decisions import carry_over, count_about
from .ingest import now

SHOWN = 5  # candidates named in an ambiguity error


class DocumentError(ClaimtrackError):
    """A reference that names no stored document, or documents of more than one input."""


def _basename(origin: str) -> str:
    return posixpath.basename(origin.replace("\\", "/"))


def _like_escaped(value: str) -> str:
    return value.replace("!", "!!").replace("%", "!%").replace("_", "!_")


def _label(d: m.Document) -> str:
    return f"{d.id} ({d.origin}{':' + d.external_id if d.external_id else ''})"


def resolve(session: Session, ref: str) -> list[m.Document]:
    """The documents ``ref`` names (see the module's docstring), by id; ``DocumentError`` when it names none
    (with the closest names) or documents of more than one input (listing them)."""
    ref = ref.strip()
    if not ref:
        raise DocumentError("an empty document reference; give an id, a content-hash prefix, an origin path, "
                            "a JSON Lines id or a file name")
    path = posixpath.normpath(ref.replace("\\", "/"))
    conds = [m.Document.origin.in_({ref, path}), m.Document.external_id == ref]
    by_id = ref.isdigit() and len(ref) < 19 and session.get(m.Document, int(ref)) is not None
    if by_id:
        conds.append(m.Document.id == int(ref))
    elif len(ref) >= 6 and all(ch in "0123456789abcdef" for ch in ref.lower()):  # an id is not also a hash prefix
        conds.append(m.Document.sha256.like(ref.lower() + "%"))
    found = list(session.execute(select(m.Document).where(or_(*conds)).order_by(m.Document.id)).scalars())
    if not found:  # a file's name, or the end of its path: "page.html" for "pages/2025/page.html"
        found = list(session.execute(select(m.Document).where(
            m.Document.origin.like("%/" + _like_escaped(path), escape="!")).order_by(m.Document.id)).scalars())
    if not found:
        raise DocumentError(f"no stored document matches {ref!r}{_suggestion(session, ref)}; "
                            "see 'claimtrack documents list'")
    origins = {d.origin for d in found}
    if len(origins) > 1 or len(found) > 1 and any(d.format != "jsonl" for d in found):
        shown = ", ".join(_label(d) for d in found[:SHOWN]) + (f" and {len(found) - SHOWN} more"
                                                                 if len(found) > SHOWN else "")
        raise DocumentError(f"{ref!r} is ambiguous: it names {len(found)} stored documents, {shown}; "
                            "give the id")
    return found


def resolve_all(session: Session, refs: list[str]) -> list[int]:
    """The ids of the documents each of ``refs`` names, in order, each once."""
    ids: list[int] = []
    for ref in refs:
        ids.extend(d.id for d in resolve(session, ref) if d.id not in ids)
    return ids


def labels(session: Session, ids: list[int]) -> list[str]:
    """'3 (pages/page.html)', '7 (wire.jsonl:b1)': documents as messages name them, in the order of ``ids``."""
    rows = {d.id: d for d in session.execute(select(m.Document).where(m.Document.id.in_(ids))).scalars()}
    return [_label(rows[i]) for i in ids if i in rows]


def _suggestion(session: Session, ref: str) -> str:
    """' (did you mean a, b?)' from the stored origins, their file names and JSON Lines ids; '' for none."""
    names: set[str] = set()
    for origin, ext in session.execute(select(m.Document.origin, m.Document.external_id).distinct()):
        names.update(x for x in (origin, _basename(origin), ext) if x)
    starts = [n for n in sorted(names) if n.lower().startswith(ref.lower())]  # "wire" for wire.jsonl
    close = list(dict.fromkeys(starts[:3] + difflib.get_close_matches(ref, sorted(names), n=3, cutoff=0.6)))[:3]
    return f" (did you mean {', '.join(close)}?)" if close else ""


# ---- listing and showing ------------------------------------------------------------------------------------
LIST_COLUMNS = ["id", "origin", "external_id", "format", "outlet", "title", "published", "stories", "sentences",
                "claims", "ingested"]


def list_documents(session: Session, limit: int | None = None) -> list[tuple]:
    """One row per stored document (``LIST_COLUMNS``), oldest first."""
    def per_document(model):
        return (select(model.document_id, func.count().label("n")).group_by(model.document_id).subquery())

    st, se, cl = per_document(m.Story), per_document(m.Sentence), per_document(m.Claim)
    q = (select(m.Document.id, m.Document.origin, m.Document.external_id, m.Document.format, m.Document.outlet,
                m.Document.title, m.Document.published, func.coalesce(st.c.n, 0), func.coalesce(se.c.n, 0),
                func.coalesce(cl.c.n, 0), m.Document.ingested_at)
         .outerjoin(st, st.c.document_id == m.Document.id).outerjoin(se, se.c.document_id == m.Document.id)
         .outerjoin(cl, cl.c.document_id == m.Document.id).order_by(m.Document.id))
    if limit is not None:
        q = q.limit(limit)
    return [(*r[:-1], r[-1].replace(microsecond=0) if r[-1] else None) for r in session.execute(q)]


@dataclass(frozen=True, slots=True)
class Holdings:
    """What is stored under some documents: what removing them removes (decisions excepted: they stay)."""

    stories: int
    sentences: int
    claims: int
    relations: int  # relations touching their claims, either way
    cross_relations: int  # of which to or from other documents' claims
    claim_keys: int
    decisions: int  # recorded decisions naming their claims (kept)


def holdings(session: Session, ids: list[int]) -> Holdings:
    def count(model) -> int:
        return session.scalar(select(func.count()).select_from(model).where(model.document_id.in_(ids))) or 0

    claims = select(m.Claim.id).where(m.Claim.document_id.in_(ids))
    r = m.ClaimRelation
    touching = or_(r.claim_id.in_(claims), r.target_claim_id.in_(claims))
    both = r.claim_id.in_(claims) & r.target_claim_id.in_(claims)
    relations = session.scalar(select(func.count()).select_from(r).where(touching)) or 0
    inside = session.scalar(select(func.count()).select_from(r).where(both)) or 0
    keys = session.scalar(select(func.count()).select_from(m.ClaimKey).where(m.ClaimKey.claim_id.in_(claims))) or 0
    shas = session.execute(select(m.Document.sha256).where(m.Document.id.in_(ids))).scalars()
    return Holdings(count(m.Story), count(m.Sentence), count(m.Claim), relations, relations - inside, keys,
                    sum(count_about(session, sha) for sha in shas))


@dataclass(frozen=True, slots=True)
class StoryLine:
    ordinal: int
    title: str | None
    published: str | None
    sentences: int
    claims: int


@dataclass(frozen=True, slots=True)
class DocumentProfile:
    """What ``claimtrack documents show`` prints of one document."""

    id: int
    origin: str
    external_id: str | None
    format: str
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    sha256: str
    ingested_at: datetime
    ingest_run_id: int | None
    characters: int
    held: Holdings
    review: dict[str, int]  # claims by review status
    stories: list[StoryLine] = field(default_factory=list)


def document_profile(session: Session, ref: str) -> list[DocumentProfile]:
    """The documents ``ref`` names (one, or each record of a JSON Lines file), as ``documents show`` prints them."""
    out = []
    for d in resolve(session, ref):
        claims_per_story = dict(session.execute(select(m.Claim.story_id, func.count()).where(
            m.Claim.document_id == d.id).group_by(m.Claim.story_id)).all())
        sentences_per_story = dict(session.execute(select(m.Sentence.story_id, func.count()).where(
            m.Sentence.document_id == d.id).group_by(m.Sentence.story_id)).all())
        stories = [StoryLine(st.ordinal, st.title, st.published, sentences_per_story.get(st.id, 0),
                             claims_per_story.get(st.id, 0))
                   for st in session.execute(select(m.Story).where(m.Story.document_id == d.id)
                                             .order_by(m.Story.ordinal)).scalars()]
        review = dict(session.execute(select(m.Claim.review_status, func.count()).where(
            m.Claim.document_id == d.id).group_by(m.Claim.review_status)).all())
        out.append(DocumentProfile(d.id, d.origin, d.external_id, d.format, d.outlet, d.url, d.title, d.published,
                                   d.sha256, d.ingested_at, d.ingest_run_id, len(d.text), holdings(session, [d.id]),
                                   review, stories))
    return out


# ---- removing -----------------------------------------------------------------------------------------------
def remove_documents(session: Session, ids: list[int]) -> Holdings:
    """Delete the documents ``ids`` and everything derived from them, in the caller's transaction: what went
    (``decisions``: those kept, naming their claims)."""
    held = holdings(session, ids)
    session.execute(delete(m.Document).where(m.Document.id.in_(ids)))  # the schema's cascades do the rest
    session.expire_all()  # rows the cascades deleted must not linger in the session
    return held


# ---- replacing ----------------------------------------------------------------------------------------------
def replaced_by(session: Session, doc: RawDocument) -> list[m.Document]:
    """The stored documents a new version of ``doc`` takes the place of: for a JSON Lines record with an id,
    the documents with that id (those from the same file, when several files used it); otherwise the
    documents read from the same origin (without a JSON Lines id). A JSON Lines record without an id is
    told from its file's other records by nothing but its text: it replaces nothing."""
    if doc.format == "jsonl" and doc.id is None:
        return []
    if doc.id is not None:
        rows = list(session.execute(select(m.Document).where(m.Document.external_id == doc.id)
                                    .order_by(m.Document.id)).scalars())
        same_file = [r for r in rows if r.origin == doc.origin]
        return same_file or (rows if len({r.origin for r in rows}) == 1 else [])
    return list(session.execute(select(m.Document).where(
        m.Document.origin == doc.origin, m.Document.external_id.is_(None)).order_by(m.Document.id)).scalars())


def take_place(session: Session, old: list[m.Document], analysis: Analysis, run_id: int | None) -> m.Document:
    """Make the first of ``old`` the stored form of ``analysis``'s text, in the caller's transaction: the
    decisions about the old texts' claims are re-keyed to the new text (``decisions.carry_over``), the other
    old documents are removed, and the kept row (same id) is emptied of its stories and given the new text
    and metadata. The caller stores the analysis under it (``store_and_link(document=…)``), which links it
    across articles and applies the decisions."""
    new_sentences = [(se.start, se.text) for st in analysis.stories for se in st.sentences]
    for d in old:
        old_sentences = session.execute(select(m.Sentence.char_start, m.Sentence.text)
                                        .where(m.Sentence.document_id == d.id)).all()
        carry_over(session, d.sha256, [tuple(r) for r in old_sentences], analysis.sha256, new_sentences)
    keep, rest = old[0].id, [d.id for d in old[1:]]
    if rest:
        session.execute(delete(m.Document).where(m.Document.id.in_(rest)))
    session.execute(delete(m.Story).where(m.Story.document_id == keep))
    session.expire_all()
    row = session.get(m.Document, keep)
    doc = analysis.document
    row.sha256, row.text, row.origin, row.external_id, row.format = (analysis.sha256, doc.text, doc.origin,
                                                                      doc.id, doc.format)
    row.outlet, row.url = doc.outlet, doc.url
    row.title = (analysis.stories[0].title if analysis.stories else None) or doc.title
    row.published = (analysis.stories[0].published if analysis.stories else None) or doc.published
    row.ingested_at, row.ingest_run_id = now(), run_id
    session.flush()
    return row
