"""Stored canonical sources: finding one by any of its names, what is known of it, and the analysts' aliases
and merges (recorded in the decision log, and handed to the resolver as ``analyst_aliases``).

A merged source stays as a record pointing at the one it was merged into (``merged_into_id``); every look-up
here follows those pointers, so "Thomson Reuters wire", once merged into Reuters, finds Reuters.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..sources import Entry, Resolver, norm
from . import schema as m
from .decisions import record


class SourceError(ClaimtrackError):
    """A name that names no source or alias, or an alias that cannot be given or taken."""


def find_source(session: Session, name: str) -> m.Source | None:
    """A source by canonical name or any alias (following merges)."""
    src = session.execute(select(m.Source).where(m.Source.name == name)).scalar_one_or_none()
    if src is None:
        sid = session.execute(select(m.SourceAlias.source_id).where(m.SourceAlias.norm == norm(name))).scalar()
        src = session.get(m.Source, sid) if sid else None
    hops = 0
    while src is not None and src.merged_into_id and hops < 10:
        src = session.get(m.Source, src.merged_into_id)
        hops += 1
    return src


@dataclass(frozen=True, slots=True)
class SourceProfile:
    """What ``claimtrack sources show`` prints of one source."""

    name: str
    kind: str
    country: str | None
    parent: str | None  # the name of the source it is part of
    origin: str  # builtin | auto | analyst
    speaker_claims: int  # claim links, as speaker and as reporter
    reporter_claims: int
    members: list[str]  # sources that are part of it, by name
    aliases: list[tuple[str, str]]  # (alias, origin), by alias


def source_profile(session: Session, name: str) -> SourceProfile:
    """The source ``name`` (canonical or any alias) names, or ``SourceError``."""
    src = find_source(session, name)
    if src is None:
        raise SourceError(f"no source named {name!r}; see 'claimtrack sources list'")
    parent = session.get(m.Source, src.parent_id) if src.parent_id else None
    aliases = session.execute(select(m.SourceAlias.alias, m.SourceAlias.origin)
                              .where(m.SourceAlias.source_id == src.id).order_by(m.SourceAlias.alias)).all()
    roles = dict(session.execute(select(m.ClaimSource.role, func.count()).where(m.ClaimSource.source_id == src.id)
                                 .group_by(m.ClaimSource.role)).all())
    members = session.execute(select(m.Source.name).where(m.Source.parent_id == src.id)
                              .order_by(m.Source.name)).scalars().all()
    return SourceProfile(src.name, src.kind, src.country, parent.name if parent else None, src.origin,
                         roles.get("speaker", 0), roles.get("reporter", 0), list(members),
                         [(a, o) for a, o in aliases])


def analyst_aliases(session: Session) -> dict[str, Entry]:
    """Aliases that analysts added or that merges produced, for the resolver (they override the gazetteer)."""
    rows = session.execute(
        select(m.SourceAlias.norm, m.Source.name, m.Source.kind, m.Source.country, m.Source.parent_id, m.Source.id)
        .join(m.Source, m.Source.id == m.SourceAlias.source_id)
        .where(m.SourceAlias.origin.in_(("analyst", "merge")))
    ).all()
    names = dict(session.execute(select(m.Source.id, m.Source.name)).all()) if rows else {}
    return {n: Entry(name, kind, country, names.get(parent_id), "analyst") for n, name, kind, country, parent_id, _ in rows}


def add_alias(session: Session, name: str, alias: str, analyst: str, *, move: bool = False) -> m.Source:
    """Make ``alias`` a name of source ``name``. A name that already belongs to another known source (one of
    the built-in gazetteer's, stored or not, or one an analyst made) is refused unless ``move``: taking it
    silently would hand that source's claims to this one at the next analysis. A source the texts produced
    ("Lakeside Wire") may be named an alias of a known one: that is how an analyst says who it is."""
    src = find_source(session, name)
    if src is None:
        raise SourceError(f"no source named {name!r}; see 'claimtrack sources list'")
    n = norm(alias)
    if not n:
        raise SourceError("the alias is empty")
    if not move:
        other = find_source(session, alias)
        owner = other.name if other is not None and other.id != src.id and other.origin != "auto" else None
        if other is None:
            known = Resolver().lookup(alias)
            owner = known.name if known is not None and known.origin == "builtin" and known.name != src.name else None
        if owner is not None:
            raise SourceError(f"{alias!r} already names the source {owner}; to make the two one source use "
                              f"'claimtrack sources merge \"{owner}\" \"{src.name}\"', or add --move to take the "
                              f"name from {owner}")
    row = session.execute(select(m.SourceAlias).where(m.SourceAlias.norm == n)).scalar_one_or_none()
    if row is None:
        session.add(m.SourceAlias(source_id=src.id, alias=alias, norm=n, origin="analyst"))
    else:
        row.source_id, row.origin = src.id, "analyst"
    record(session, analyst, "alias", None, {"source": src.name, "alias": alias})
    return src


def remove_alias(session: Session, alias: str, analyst: str) -> m.Source | None:
    """Undo ``add_alias``: the analyst's alias ``alias`` is removed (from the next analysis on, the name
    resolves as the gazetteer or the text says). Gazetteer names and merged names stay. The source it
    named, if it is still there."""
    n = norm(alias)
    row = session.execute(select(m.SourceAlias).where(m.SourceAlias.norm == n)).scalar_one_or_none() if n else None
    if row is None:
        raise SourceError(f"no alias {alias!r}; see 'claimtrack sources show NAME'")
    if row.origin != "analyst":
        raise SourceError(f"{alias!r} is not an analyst's alias (it comes from {'a merge' if row.origin == 'merge' else 'the texts or the gazetteer'}); only aliases added with 'sources alias' can be removed")
    src = session.get(m.Source, row.source_id)
    session.delete(row)
    record(session, analyst, "unalias", None, {"source": src.name if src else None, "alias": alias})
    return src


def merge_sources(session: Session, old: str, into: str, analyst: str) -> tuple[m.Source, m.Source, int]:
    """Merge source ``old`` into ``into``: its claims and aliases move, ``old`` stays as a merged record.
    (old source, new source, claim links moved)."""
    a, b = find_source(session, old), find_source(session, into)
    if a is None:
        raise SourceError(f"no source named {old!r}")
    if b is None:
        raise SourceError(f"no source named {into!r}")
    if a.id == b.id:
        raise SourceError(f"{old!r} and {into!r} are already the same source ({a.name})")
    moved = 0
    for cs in session.execute(select(m.ClaimSource).where(m.ClaimSource.source_id == a.id)).scalars():
        dup = session.execute(select(m.ClaimSource.id).where(
            m.ClaimSource.claim_id == cs.claim_id, m.ClaimSource.source_id == b.id, m.ClaimSource.role == cs.role)).first()
        if dup:
            session.delete(cs)
        else:
            cs.source_id = b.id
        moved += 1
    for al in session.execute(select(m.SourceAlias).where(m.SourceAlias.source_id == a.id)).scalars():
        al.source_id = b.id
        al.origin = "merge"
    for child in session.execute(select(m.Source).where(m.Source.parent_id == a.id)).scalars():
        child.parent_id = b.id
    a.merged_into_id = b.id
    record(session, analyst, "merge", None, {"from": a.name, "into": b.name})
    session.flush()
    return a, b, moved
