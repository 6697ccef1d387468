"""Relations across articles, found through the ``claim_key`` index rather than by comparing all pairs.

For each new claim: its keys (entities, quantities with units, event dates, salient words, its story's
entities) are stored; candidates are the most recent claims sharing at least two of its keys, fetched per
key with a bounded ``LIMIT`` through the (key, claim_id) primary-key index, so the work per claim stays
flat as the corpus grows. The pure rules in ``relate`` decide: ``denial_score`` picks, for each denial and
each other story, the one claim it denies there; ``compare`` finds contradictions, support and repeats.

Links are made whichever article arrives first: a denial stored before the claim it denies is found
when the claim arrives, because the new claim's candidates include earlier denials and both directions
are scored. Relations an analyst removed stay removed: ``store/review.py`` re-applies decisions after this
step, and an automatic relation is never re-created over an existing row of the same pair and kind.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from itertools import chain

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from ..relate import (
    ClaimView,
    Link,
    claim_keys,
    compare,
    content_terms,
    denial_score,
    entity_terms,
    may_relate,
)
from . import schema as m
from .ingest import NewClaim, now

PER_KEY = 40  # most recent claims fetched per key
# work counters (keys looked up, candidate claims loaded, pairs compared): benchmarks read them to show the
# work per article is bounded whatever the corpus size
STATS: Counter[str] = Counter()
MAX_CANDIDATES = 30
MIN_SHARED_KEYS = 2
KINDS = ("assertion", "direct_quote", "indirect_quote", "mixed_quote", "denial")

# story contexts by (document sha256, story ordinal): content-addressed, so safe across databases
_CONTEXT_CACHE: OrderedDict[tuple[str, int], tuple[frozenset[str], frozenset[str]]] = OrderedDict()
_CONTEXT_MAX = 20000


# statements built once: an expanding IN parameter compiles once per list length, not per list
_IDS = bindparam("ids", expanding=True)
_STORY_IDENT = (select(m.Story.id, m.Document.sha256, m.Story.ordinal, m.Story.title)
                .join(m.Document, m.Document.id == m.Story.document_id).where(m.Story.id.in_(_IDS)))
_STORY_SENTENCES = (select(m.Sentence.story_id, m.Sentence.text, m.Sentence.kind)
                    .where(m.Sentence.story_id.in_(_IDS)).order_by(m.Sentence.story_id, m.Sentence.ordinal))
_CLAIM_ROWS = (select(m.Claim.id, m.Claim.kind, m.Claim.content_text, m.Claim.event_date, m.Claim.story_id,
                      m.Claim.document_id, m.Claim.sentence_id, m.Sentence.text, m.Document.outlet)
               .join(m.Sentence, m.Sentence.id == m.Claim.sentence_id)
               .join(m.Document, m.Document.id == m.Claim.document_id)
               .where(m.Claim.id.in_(_IDS), m.Claim.review_status != "rejected"))
_SPEAKERS = (select(m.ClaimSource.claim_id, m.Source.name).join(m.Source, m.Source.id == m.ClaimSource.source_id)
             .where(m.ClaimSource.claim_id.in_(_IDS), m.ClaimSource.role == "speaker"))
_EXISTING = (select(m.ClaimRelation.claim_id, m.ClaimRelation.target_claim_id, m.ClaimRelation.kind)
             .where(m.ClaimRelation.claim_id.in_(_IDS) | m.ClaimRelation.target_claim_id.in_(_IDS)))


def _contexts(session: Session, story_ids: set[int]) -> dict[int, tuple[frozenset[str], frozenset[str]]]:
    out: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
    if not story_ids:
        return out
    conn = session.connection()
    ident = {sid: (sha, ordinal, title) for sid, sha, ordinal, title in conn.execute(
        _STORY_IDENT, {"ids": sorted(story_ids)})}
    missing = []
    for sid, (sha, ordinal, _title) in ident.items():
        hit = _CONTEXT_CACHE.get((sha, ordinal))
        if hit is not None:
            out[sid] = hit
        else:
            missing.append(sid)
    if missing:
        texts: dict[int, list[str]] = {sid: [ident[sid][2] or ""] for sid in missing}
        for sid, stext, kind in conn.execute(_STORY_SENTENCES, {"ids": missing}):
            if kind not in ("metadata", "boilerplate"):
                texts[sid].append(stext)
        for sid, parts in texts.items():
            joined = " ".join(parts)
            ctx = (content_terms(joined), entity_terms(joined))
            out[sid] = ctx
            _CONTEXT_CACHE[(ident[sid][0], ident[sid][1])] = ctx
            if len(_CONTEXT_CACHE) > _CONTEXT_MAX:
                _CONTEXT_CACHE.popitem(last=False)
    return out


def _load_views(session: Session, ids: list[int]) -> dict[int, ClaimView]:
    if not ids:
        return {}
    conn = session.connection()
    rows = conn.execute(_CLAIM_ROWS, {"ids": ids}).all()
    speakers: dict[int, set[str]] = {}
    for cid, name in conn.execute(_SPEAKERS, {"ids": ids}):
        speakers.setdefault(cid, set()).add(name)
    contexts = _contexts(session, {r.story_id for r in rows})
    out = {}
    for cid, kind, content, event_date, story_id, document_id, sentence_id, stext, outlet in rows:
        srcs = speakers.get(cid) or ({f"outlet:{outlet}"} if outlet else set())
        ctx, ents = contexts.get(story_id, (frozenset(), frozenset()))
        out[cid] = ClaimView.build(cid, content or stext, stext, srcs, kind, sentence_id,
                                   event_date.isoformat() if event_date else None, document_id, ctx, ents)
    return out


_NAMED = re.compile(r":(\w+)")  # a ``:name`` parameter, rewritten to psycopg's ``%(name)s``


def _raw_rows(conn: Connection, sql: str, params: dict[str, object]) -> list[tuple]:
    """Rows of a read on the session's own DBAPI connection (same transaction), as plain tuples: the
    postings lookup returns thousands of rows per document, where SQLAlchemy's Row objects cost more than
    the query. ``sql`` uses ``:name`` parameters."""
    dbapi = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        return dbapi.execute(sql, params).fetchall()
    with dbapi.cursor() as cur:
        cur.execute(_NAMED.sub(r"%(\1)s", sql), params)
        return cur.fetchall()


_LOOKUP_CHUNK = 100  # keys per statement (SQLite allows 500 terms in a compound SELECT)


def _postings(session: Session, keys: set[str]) -> dict[str, list[int]]:
    """The ``PER_KEY`` most recent claims of each key, for all keys in one statement per 100 keys.

    Each key keeps its own ``ORDER BY claim_id DESC LIMIT`` walk of the (key, claim_id) primary key, so the
    work per key stays bounded however many claims share it; ``UNION ALL`` of the per-key subqueries only
    saves the round trips (one statement per document instead of one per key).
    """
    out: dict[str, list[int]] = {}
    conn = session.connection()
    ordered = sorted(keys)
    for lo in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[lo : lo + _LOOKUP_CHUNK]
        sql = " UNION ALL ".join(
            f"SELECT {i} AS i, t{i}.claim_id FROM (SELECT k.claim_id FROM claim_key k WHERE k.key = :k{i} "
            f"ORDER BY k.claim_id DESC LIMIT {PER_KEY}) t{i}" for i in range(len(chunk)))
        params = {f"k{i}": key for i, key in enumerate(chunk)}
        for i, claim_id in _raw_rows(conn, sql, params):
            out.setdefault(chunk[i], []).append(claim_id)
    for hits in out.values():  # newest first, as each subquery ordered them (ties in candidate counts follow it)
        hits.sort(reverse=True)
    return out


def index_and_link(session: Session, document: m.Document, claim_rows: list[NewClaim]) -> int:
    """Index the new document's claims and link them to related claims in other documents."""
    if not claim_rows:
        return 0
    views = _load_views(session, [c.id for c in claim_rows if c.kind in KINDS])
    key_rows = []
    cand_of: dict[int, list[int]] = {}
    keys_of = {cid: sorted({k[:120] for k in claim_keys(v)}) for cid, v in views.items()}
    # a story's claims share its entity keys: each key is looked up once, all of them in one statement
    wanted = {k for keys in keys_of.values() for k in keys}
    postings = _postings(session, wanted)
    for cid, keys in keys_of.items():
        key_rows.extend((k, cid) for k in keys)
        counts = Counter(chain.from_iterable(postings.get(key, ()) for key in keys))
        # the most shared first (ties: first seen first, as most_common orders them); most claims share one key
        shared = [c for c, n in counts.items() if n >= MIN_SHARED_KEYS]
        shared.sort(key=counts.__getitem__, reverse=True)
        cand_of[cid] = shared[:MAX_CANDIDATES]
    others = _load_views(session, sorted({o for cs in cand_of.values() for o in cs} - set(views)))
    STATS["keys"] += len(wanted)
    STATS["candidates"] += len(others)
    existing = {(a, b, k) for a, b, k in session.execute(_EXISTING, {"ids": list(views)})} if views else set()
    # denials: for each denial and each other story, the one claim it denies there
    best: dict[tuple[int, object], tuple[float, int, int, str]] = {}
    pairs: list[tuple[ClaimView, ClaimView]] = []
    for cid, cands in cand_of.items():
        me = views[cid]
        for oid in cands:
            other = others.get(oid)
            if other is None or other.story == me.story:
                continue
            pairs.append((me, other))
            STATS["pairs"] += 1
            for d, c in ((me, other), (other, me)):
                if d.kind != "denial":
                    continue
                s = denial_score(d, c)
                if s is None:
                    continue
                k = (d.key, c.story)
                if k not in best or s[0] > best[k][0] or s[0] == best[k][0] and c.position < best[k][3]:
                    best[k] = (s[0], d.key, c.key, c.position, s[1])
    made = 0
    denial_pairs = set()
    sentence_of = {k: v.position for k, v in {**others, **views}.items()}  # position = sentence id here
    linked: set[tuple] = set()  # one link per sentence pair and kind, however many claims a sentence holds
    for score, did, tid, _pos, evidence in sorted(best.values(), key=lambda b: -b[0]):
        denial_pairs.add(frozenset((did, tid)))
        skey = (sentence_of.get(did), sentence_of.get(tid), "denies")
        if (did, tid, "denies") in existing or skey in linked:
            continue
        linked.add(skey)
        existing.add((did, tid, "denies"))
        _add(session, Link(did, tid, "denies", round(min(0.9, 0.3 + score * 0.35), 3), evidence, "denial_corpus"))
        made += 1
    seen = set()
    for me, other in pairs:
        pair = frozenset((me.key, other.key))
        if pair in seen or pair in denial_pairs:
            continue
        seen.add(pair)
        if not may_relate(me, other):  # compare's own first test, which does not depend on the direction
            continue
        link = compare(me, other) or compare(other, me)
        if link is None:
            continue
        key = (link.source, link.target, link.kind)
        skey = (frozenset((sentence_of.get(link.source), sentence_of.get(link.target))), link.kind)
        if key in existing or (link.target, link.source, link.kind) in existing or skey in linked:
            continue
        existing.add(key)
        linked.add(skey)
        _add(session, link)
        made += 1
    if key_rows:
        _insert_keys(session, key_rows)
    return made


def _insert_keys(session: Session, rows: list[tuple[str, int]]) -> None:
    """The new claims' keys (hundreds per document): on SQLite straight through the DBAPI connection of the
    session's transaction, without SQLAlchemy's per-row parameter processing (half the time of the insert)."""
    conn = session.connection()
    if conn.dialect.name == "sqlite":
        conn.connection.dbapi_connection.executemany("INSERT INTO claim_key (key, claim_id) VALUES (?, ?)", rows)
    else:
        session.execute(m.ClaimKey.__table__.insert(), [{"key": k, "claim_id": c} for k, c in rows])


def _add(session: Session, link: Link) -> None:
    session.add(m.ClaimRelation(claim_id=link.source, target_claim_id=link.target, kind=link.kind,
                                confidence=link.confidence, evidence=link.evidence, method=link.method,
                                scope="corpus", origin="auto", status="auto", created_at=now()))
