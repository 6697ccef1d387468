"""Relations across articles, found through the ``claim_key`` index rather than by comparing all pairs.

For each new claim: its keys (entities, quantities with units, event dates, salient words, its story's
entities) are stored; candidates are the most recent claims sharing at least two of its keys, fetched per
key with a bounded ``LIMIT`` through the (key, claim_id) primary-key index, so the work per claim stays
flat as the corpus grows. The pure rules in ``relate`` decide (``relate.judge`` runs its registry, ``RULES``,
on each candidate pair): the scored rule (denies) picks, for each denial and each other story, the one claim
it denies there; the pair rules find contradictions, support and repeats.

Links are made whichever article arrives first: a denial stored before the claim it denies is found
when the claim arrives, because the new claim's candidates include earlier denials and both directions
are scored. Relations an analyst removed stay removed: ``store/review.py`` re-applies decisions after this
step, and an automatic relation is never re-created over an existing row of the same pair and kind.

Linking is two steps. ``plan_links`` builds the new claims' views from the analysis, looks up their keys'
postings, loads the candidates and scores every pair; ``index_and_link`` then, inside the document's
write transaction, catches up with what was committed since the plan began, picks the links, and stores
them and the keys. On SQLite, which takes one writer at a time, the plan is made before the write
transaction with plain reads, so other processes keep writing meanwhile (``--jobs`` scales); on
PostgreSQL, whose writers run side by side, it is made inside the transaction.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, repeat

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from ..denials import detect
from ..model import CLAIM_KINDS, Analysis
from ..relate import DENIES, ClaimView, Link, claim_keys, content_terms, entity_terms, judge
from . import schema as m
from .ingest import NewClaim, SourceCache, as_date, now

PER_KEY = 40  # most recent claims fetched per key
# work counters (keys looked up, candidate claims loaded, pairs compared): benchmarks read them to show the
# work per article is bounded whatever the corpus size
STATS: Counter[str] = Counter()
MAX_CANDIDATES = 30
MIN_SHARED_KEYS = 2
KINDS = CLAIM_KINDS  # the claim kinds linked across articles: all of them

# story contexts by (document sha256, story ordinal): content-addressed, so safe across databases
_CONTEXT_CACHE: OrderedDict[tuple[str, int], tuple[frozenset[str], frozenset[str]]] = OrderedDict()
_CONTEXT_MAX = 20000


# statements built once: an expanding IN parameter compiles once per list length, not per list. (On
# PostgreSQL, ``= ANY(array)`` would give one statement text and a plan kept by the server, but a kept
# generic plan does not know the array's length and, planned while the tables were small, scans them whole
# as they grow; the IN list is planned for the ids it holds.)
_IDS = bindparam("ids", expanding=True)
_STORY_IDENT = (select(m.Story.id, m.Document.sha256, m.Story.ordinal, m.Story.title)
                .join(m.Document, m.Document.id == m.Story.document_id).where(m.Story.id.in_(_IDS)))
_STORY_SENTENCES = (select(m.Sentence.story_id, m.Sentence.text, m.Sentence.kind)
                    .where(m.Sentence.story_id.in_(_IDS)).order_by(m.Sentence.story_id, m.Sentence.ordinal))
_CLAIM_ROWS = (select(m.Claim.id, m.Claim.kind, m.Claim.content_text, m.Claim.event_date, m.Claim.story_id,
                      m.Claim.document_id, m.Claim.sentence_id, m.Sentence.text, m.Document.outlet, m.Claim.fingerprint)
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
        sentences: dict[int, list[tuple[str, str]]] = {sid: [] for sid in missing}
        for sid, stext, kind in conn.execute(_STORY_SENTENCES, {"ids": missing}):
            sentences[sid].append((stext, kind))
        for sid, rows in sentences.items():
            ctx = _story_context(ident[sid][2], rows)
            out[sid] = ctx
            _remember_context((ident[sid][0], ident[sid][1]), ctx)
    return out


def _story_context(title: str | None, sentences) -> tuple[frozenset[str], frozenset[str]]:
    """(content terms, entities) of a story: its title and its sentences but metadata and boilerplate, from
    ``(text, kind)`` pairs in reading order. Stored and new stories go through here alike, so a new
    document's views match what loading them back would give."""
    joined = " ".join([title or ""] + [text for text, kind in sentences if kind not in ("metadata", "boilerplate")])
    return content_terms(joined), entity_terms(joined)


def _load_views(session: Session, ids: list[int], stamps: dict[int, str] | None = None) -> dict[int, ClaimView]:
    """Views of stored claims (not rejected ones); ``stamps`` receives each one's fingerprint."""
    if not ids:
        return {}
    conn = session.connection()
    rows = conn.execute(_CLAIM_ROWS, {"ids": ids}).all()
    speakers: dict[int, set[str]] = {}
    for cid, name in conn.execute(_SPEAKERS, {"ids": ids}):
        speakers.setdefault(cid, set()).add(name)
    contexts = _contexts(session, {r.story_id for r in rows})
    out = {}
    for cid, kind, content, event_date, story_id, document_id, sentence_id, stext, outlet, fp in rows:
        if stamps is not None:
            stamps[cid] = fp
        srcs = speakers.get(cid) or ({f"outlet:{outlet}"} if outlet else set())
        ctx, ents = contexts.get(story_id, (frozenset(), frozenset()))
        # the denial form read in the stored sentence: the store keeps what the pipeline found, not how
        out[cid] = ClaimView.build(cid, content or stext, stext, srcs, kind, sentence_id,
                                   event_date.isoformat() if event_date else None, document_id, ctx, ents,
                                   detect(stext))
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


_PARAM_NAMES = [f"k{i}" for i in range(_LOOKUP_CHUNK)]


@lru_cache(maxsize=2 * _LOOKUP_CHUNK)
def _postings_sql(n: int, after: bool) -> str:
    floor = " AND k.claim_id > :after" if after else ""
    return " UNION ALL ".join(
        f"SELECT {i} AS i, t{i}.claim_id FROM (SELECT k.claim_id FROM claim_key k WHERE k.key = :k{i}{floor} "
        f"ORDER BY k.claim_id DESC LIMIT {PER_KEY}) t{i}" for i in range(n))


_PG_POSTINGS = (f"SELECT q.key, t.claim_id FROM unnest(CAST(:keys AS text[])) AS q(key) CROSS JOIN LATERAL "
                f"(SELECT k.claim_id FROM claim_key k WHERE k.key = q.key ORDER BY k.claim_id DESC LIMIT {PER_KEY}) t")
_PG_POSTINGS_AFTER = _PG_POSTINGS.replace("WHERE k.key = q.key", "WHERE k.key = q.key AND k.claim_id > :after")


def _postings(session: Session, keys: set[str], after: int | None = None) -> dict[str, list[int]]:
    """The ``PER_KEY`` most recent claims of each key (only those with an id above ``after`` when given),
    for all keys in one statement per 100 keys.

    Each key keeps its own ``ORDER BY claim_id DESC LIMIT`` walk of the (key, claim_id) primary key, so the
    work per key stays bounded however many claims share it; ``UNION ALL`` of the per-key subqueries only
    saves the round trips (one statement per document instead of one per key).
    """
    out: dict[str, list[int]] = {}
    if not keys:
        return out
    conn = session.connection()
    ordered = sorted(keys)
    if conn.dialect.name == "postgresql":
        # one statement whatever the number of keys (the server keeps its plan): a LATERAL walk per key
        sql = _PG_POSTINGS if after is None else _PG_POSTINGS_AFTER
        for key, claim_id in _raw_rows(conn, sql, {"keys": ordered, "after": after}):
            out.setdefault(key, []).append(claim_id)
        ordered = []
    for lo in range(0, len(ordered), _LOOKUP_CHUNK):
        chunk = ordered[lo : lo + _LOOKUP_CHUNK]
        sql = _postings_sql(len(chunk), after is not None)
        params = dict(zip(_PARAM_NAMES, chunk, strict=False))
        if after is not None:
            params["after"] = after
        for i, claim_id in _raw_rows(conn, sql, params):
            out.setdefault(chunk[i], []).append(claim_id)
    for hits in out.values():  # newest first, as each subquery ordered them (ties in candidate counts follow it)
        hits.sort(reverse=True)
    return out


NewKey = tuple[int, int]  # a new claim before it has an id: (sentence start, claim index), as in ``StoredDocument.claims``
NEW = "new document"  # the story of a new document's claims (stored claims have their document id)


def new_views(session: Session, analysis: Analysis, outlet: str | None) -> dict[NewKey, ClaimView]:
    """Views of a document's claims built from its analysis, as ``_load_views`` would build them from the
    stored rows (speakers by their canonical names, the outlet for the unattributed, story contexts), in
    the order the claims are stored. Their story is ``NEW`` (the document, as stored claims' story is their
    document id: one denial target per document) and their position ``(0, n)`` (the n-th sentence of the
    document), only ever compared with each other."""
    speakers = {r.name for st in analysis.stories for se in st.sentences for c in se.claims
                for r in c.sources if r.role == "speaker"}
    canonical = SourceCache(session).lookup(speakers)
    out: dict[NewKey, ClaimView] = {}
    n = 0
    for st in analysis.stories:
        ctx, ents = _story_context(st.title, ((se.text, se.kind) for se in st.sentences))
        _remember_context((analysis.sha256, st.ordinal), (ctx, ents))
        for se in st.sentences:
            for ci, c in enumerate(se.claims):
                if c.kind not in CLAIM_KINDS:
                    continue
                srcs = {canonical[r.name] for r in c.sources if r.role == "speaker"} \
                    or ({f"outlet:{outlet}"} if outlet else set())
                day = as_date(c.event_date.date) if c.event_date else None
                out[(se.start, ci)] = ClaimView.build(
                    (se.start, ci), (c.content.text if c.content else None) or se.text, se.text, srcs, c.kind,
                    (0, n), day.isoformat() if day else None, NEW, ctx, ents, se.denial)
            n += 1
    return out


def _remember_context(key: tuple[str, int], ctx: tuple[frozenset[str], frozenset[str]]) -> None:
    _CONTEXT_CACHE[key] = ctx
    if len(_CONTEXT_CACHE) > _CONTEXT_MAX:
        _CONTEXT_CACHE.popitem(last=False)


PairResult = tuple[object, object, Link | None]  # ``relate.judge``: (me denies other, other denies me, the pair link)


@dataclass
class LinkPlan:
    """The read-and-think part of linking one document: what ``index_and_link`` needs besides the new ids.

    On SQLite it is made before the write transaction, from plain reads that hold no lock, so other
    writers are not held up while it is made; ``hwm`` (the highest claim id when it began) and ``top`` (that
    claim's fingerprint) let the write step fetch only the postings of claims committed since, or all of
    them again when claims at the top were deleted meanwhile (SQLite then gives their ids to new claims).
    Made inside the write transaction, ``hwm`` is None. A plan serves one write transaction (a retried one
    makes a new plan): the write step adds what it caught up with.
    """

    views: dict[NewKey, ClaimView]
    keys_of: dict[NewKey, list[str]]
    postings: dict[str, list[int]]
    others: dict[int, ClaimView]
    hwm: int | None
    top: str | None = None
    cand_of: dict[NewKey, list[int]] = field(default_factory=dict)
    stamps: dict[int, str] = field(default_factory=dict)  # fingerprints of ``others``, to re-check them by
    judged: set[tuple[NewKey, int]] = field(default_factory=set)
    pairs: dict[tuple[NewKey, int], PairResult] = field(default_factory=dict)  # the judged pairs with a result


def _candidates(keys_of: dict[NewKey, list[str]], postings: dict[str, list[int]]) -> dict[NewKey, list[int]]:
    cand_of = {}
    for cid, keys in keys_of.items():
        counts = Counter(chain.from_iterable(postings.get(key, ()) for key in keys))
        # the most shared first (ties: first seen first, as most_common orders them); most claims share one key
        shared = [c for c, n in counts.items() if n >= MIN_SHARED_KEYS]
        shared.sort(key=counts.__getitem__, reverse=True)
        cand_of[cid] = shared[:MAX_CANDIDATES]
    return cand_of


def _judge(plan: LinkPlan, cand_of: dict[NewKey, list[int]]) -> None:
    """Score every candidate pair not scored yet (the rules are pure: a pair scored in the plan keeps
    its result)."""
    judged, others = plan.judged, plan.others
    for cid, cands in cand_of.items():
        me = plan.views[cid]
        for oid in cands:
            other = others.get(oid)
            if other is None or (cid, oid) in judged:
                continue
            judged.add((cid, oid))
            STATS["pairs"] += 1
            mine, theirs, link = judge(me, other)
            if mine is not None or theirs is not None or link is not None:
                plan.pairs[(cid, oid)] = (mine, theirs, link)


def plan_links(session: Session, analysis: Analysis, outlet: str | None, *, before_write: bool) -> LinkPlan:
    """Keys, candidates and scored pairs of a document's claims. ``before_write``: made before the write
    transaction (SQLite), noting the highest claim id first; every read after it is a plain read that holds
    no lock (nor keeps the WAL from being reset), and whatever was committed after that id is looked up
    again by the write step."""
    hwm = top = None
    if before_write:
        row = session.execute(select(m.Claim.id, m.Claim.fingerprint).order_by(m.Claim.id.desc()).limit(1)).first()
        hwm, top = (row[0], row[1]) if row else (0, None)
    views = new_views(session, analysis, outlet)
    keys_of = {cid: sorted({k[:120] for k in claim_keys(v)}) for cid, v in views.items()}
    # a story's claims share its entity keys: each key is looked up once, all of them in one statement
    wanted = {k for keys in keys_of.values() for k in keys}
    postings = _postings(session, wanted)
    cand_of = _candidates(keys_of, postings)
    stamps: dict[int, str] = {}
    others = _load_views(session, sorted({o for cs in cand_of.values() for o in cs}), stamps)
    STATS["keys"] += len(wanted)
    STATS["candidates"] += len(others)
    plan = LinkPlan(views, keys_of, postings, others, hwm, top, cand_of, stamps)
    _judge(plan, cand_of)
    return plan


def _still_current(session: Session, plan: LinkPlan, ids: set[int]) -> set[int]:
    """The stored claims among ``ids`` that are still the ones the plan loaded: there, not rejected, and with
    the same fingerprint."""
    if not ids:
        return set()
    rows = session.execute(select(m.Claim.id, m.Claim.fingerprint)
                           .where(m.Claim.id.in_(sorted(ids)), m.Claim.review_status != "rejected"))
    return {cid for cid, fp in rows if plan.stamps.get(cid) == fp}


def _catch_up(session: Session, plan: LinkPlan, first_new: int) -> dict[NewKey, list[int]]:
    """Candidates as the write transaction sees them: the plan's, plus claims committed since it began (their
    postings merged in, newest first, as one lookup now would have returned them). When the plan's top claim
    is gone, ids the plan knew may now belong to other claims: every posting is looked up again, and
    candidates whose fingerprint changed are loaded again."""
    if plan.hwm is None:
        return plan.cand_of  # made inside this transaction
    stable = plan.hwm == 0 or session.execute(
        select(m.Claim.fingerprint).where(m.Claim.id == plan.hwm)).scalar() == plan.top
    if stable and first_new == plan.hwm + 1:
        return plan.cand_of  # nothing was committed since the plan began
    wanted = {k for keys in plan.keys_of.values() for k in keys}
    if stable:
        delta = _postings(session, wanted, after=plan.hwm)
        if not delta:
            return plan.cand_of
        for key, hits in delta.items():
            plan.postings[key] = sorted(set(hits) | set(plan.postings.get(key, ())), reverse=True)[:PER_KEY]
    else:
        plan.postings = _postings(session, wanted)
        changed = set(plan.others) - _still_current(session, plan, set(plan.others))
        for oid in changed:
            plan.others.pop(oid, None)
            plan.stamps.pop(oid, None)
        plan.judged = {p for p in plan.judged if p[1] not in changed}
        plan.pairs = {p: r for p, r in plan.pairs.items() if p[1] not in changed}
    cand_of = plan.cand_of = _candidates(plan.keys_of, plan.postings)
    missing = {o for cs in cand_of.values() for o in cs} - set(plan.others)
    if missing:
        plan.others.update(_load_views(session, sorted(missing), plan.stamps))
        STATS["candidates"] += len(missing)
    _judge(plan, cand_of)
    return cand_of


def index_and_link(session: Session, document: m.Document, claim_rows: dict[NewKey, NewClaim],
                   plan: LinkPlan | None = None, analysis: Analysis | None = None) -> int:
    """Index the new document's claims and link them to related claims in other documents, from ``plan``
    (made now, inside this transaction, when not given: then ``analysis`` is needed)."""
    if not claim_rows:
        return 0
    if plan is None:
        assert analysis is not None
        plan = plan_links(session, analysis, document.outlet, before_write=False)
    if not plan.views:
        return 0
    ids = {k: claim_rows[k].id for k in plan.views}
    cand_of = _catch_up(session, plan, min(c.id for c in claim_rows.values()))
    existing = {(a, b, k) for a, b, k in session.execute(_EXISTING, {"ids": sorted(ids.values())})}
    while True:
        used: set[int] = set()
        links = _select(plan, cand_of, set(existing), ids, used)
        if plan.hwm is None or not used:
            break
        # stored claims deleted or rejected since the plan (SQLite may even have given a deleted claim's id
        # to a new one): check the chosen ones, drop the gone, choose again
        same = _still_current(session, plan, used)
        if same == used:
            break
        for oid in used - same:
            plan.others.pop(oid, None)
    for link in links:
        _add(session, link)
    key_rows = list(chain.from_iterable(zip(keys, repeat(ids[cid])) for cid, keys in plan.keys_of.items()))
    if key_rows:
        _insert_keys(session, key_rows)
    return len(links)


def _select(plan: LinkPlan, cand_of: dict[NewKey, list[int]], existing: set[tuple[int, int, str]],
            ids: dict[NewKey, int], used: set[int]) -> list[Link]:
    """The links to make (between claim ids), from the judged pairs, in the order of ``relate.RULES``: the scored
    rule's (for each denial and each other story, the one claim it denies there), then the pair rules'
    (contradictions, support and repeats) for pairs the scored rule did not link; one link per sentence pair and
    kind, none over a relation ``existing`` already holds. ``used`` receives the stored claims they link to."""
    views, others = plan.views, plan.others
    ident = lambda k: ids[k] if k in views else k  # noqa: E731
    best: dict[tuple[object, object], tuple] = {}
    pairs: list[tuple[ClaimView, ClaimView, Link | None]] = []
    results = plan.pairs
    for cid, cands in cand_of.items():
        me = views[cid]
        for oid in cands:
            r = results.get((cid, oid))
            if r is None:
                continue  # no denial, no relation (most pairs)
            other = others.get(oid)
            if other is None or other.story == me.story:
                continue
            mine, theirs, link = r
            pairs.append((me, other, link))
            for d, c, s in ((me, other, mine), (other, me, theirs)):
                if s is None:
                    continue
                k = (d.key, c.story)
                if k not in best or s[0] > best[k][0] or s[0] == best[k][0] and c.position < best[k][3]:
                    best[k] = (s[0], d.key, c.key, c.position, s[1])
    out: list[Link] = []
    denial_pairs = set()
    position = {k: v.position for k, v in chain(others.items(), views.items())}
    linked: set[tuple] = set()  # one link per sentence pair and kind, however many claims a sentence holds
    for score, did, tid, _pos, evidence in sorted(best.values(), key=lambda b: -b[0]):
        denial_pairs.add(frozenset((did, tid)))
        skey = (position.get(did), position.get(tid), DENIES.kind)
        src, tgt = ident(did), ident(tid)
        if (src, tgt, DENIES.kind) in existing or skey in linked:
            continue
        linked.add(skey)
        existing.add((src, tgt, DENIES.kind))
        used.update(k for k in (did, tid) if k not in views)
        out.append(Link(src, tgt, DENIES.kind, round(min(0.9, 0.3 + score * 0.35), 3), evidence, "denial_corpus"))
    for me, other, link in pairs:  # each pair once: a new claim and a stored one
        if link is None or frozenset((me.key, other.key)) in denial_pairs:
            continue
        src, tgt = ident(link.source), ident(link.target)
        skey = (frozenset((position.get(link.source), position.get(link.target))), link.kind)
        if (src, tgt, link.kind) in existing or (tgt, src, link.kind) in existing or skey in linked:
            continue
        existing.add((src, tgt, link.kind))
        linked.add(skey)
        used.update(k for k in (link.source, link.target) if k not in views)
        out.append(Link(src, tgt, link.kind, link.confidence, link.evidence, link.method))
    return out


def _insert_keys(session: Session, rows: list[tuple[str, int]]) -> None:
    """The new claims' keys (hundreds per document), straight through the DBAPI connection of the session's
    transaction, without SQLAlchemy's per-row parameter processing (half the time of the insert)."""
    conn = session.connection()
    dbapi = conn.connection.dbapi_connection
    if conn.dialect.name == "sqlite":
        dbapi.executemany("INSERT INTO claim_key (key, claim_id) VALUES (?, ?)", rows)
    else:  # PostgreSQL: COPY, several times faster than a multi-row INSERT (the ids are new: no conflict)
        with dbapi.cursor() as cur, cur.copy("COPY claim_key (key, claim_id) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _add(session: Session, link: Link) -> None:
    session.add(m.ClaimRelation(claim_id=link.source, target_claim_id=link.target, kind=link.kind,
                                confidence=link.confidence, evidence=link.evidence, method=link.method,
                                scope="corpus", origin="auto", status="auto", created_at=now()))
