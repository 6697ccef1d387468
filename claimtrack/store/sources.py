"""Stored canonical sources: finding one by any of its names, what is known of it, and the analysts' aliases
and merges (recorded in the decision log, and handed to the resolver as ``analyst_aliases``).

A merged source stays as a record pointing at the one it was merged into (``merged_into_id``); every look-up
here follows those pointers, so "Thomson Reuters wire", once merged into Reuters, finds Reuters.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import ClaimtrackError
from ..lexicon import table
from ..model import SOURCE_KINDS
from ..sources import Entry, Resolver, common_words, norm
from . import schema as m
from .decisions import record
from .ingest import now

# the alias origins the resolver is handed (``analyst_aliases``): an analyst's alias, a merged source's names,
# a renamed source's former name
RESOLVING = ("analyst", "merge", "rename")


class SourceError(ClaimtrackError):
    """A name that names no source or alias, or an alias that cannot be given or taken."""


def find_source(session: Session, name: str) -> m.Source | None:
    """A source by canonical name or any alias (following merges)."""
    src = session.execute(select(m.Source).where(m.Source.name == name)).scalar_one_or_none()
    if src is None:
        sid = session.execute(select(m.SourceAlias.source_id).where(m.SourceAlias.norm == norm(name))).scalar()
        src = session.get(m.Source, sid) if sid else None
    return _follow(session, src)


def close_names(session: Session, name: str, n: int = 3) -> list[str]:
    """The canonical names of the stored sources whose names or aliases come closest to ``name`` (for "did you
    mean"), best first."""
    key = norm(name)
    if not key:
        return []
    owners = dict(session.execute(select(m.SourceAlias.norm, m.SourceAlias.source_id)).all())
    out: list[str] = []
    for alias in difflib.get_close_matches(key, list(owners), n=3 * n, cutoff=0.75):
        src = _follow(session, session.get(m.Source, owners[alias]))
        if src is not None and src.name not in out:
            out.append(src.name)
    return out[:n]


def no_source(session: Session, name: str, hint: str = "see 'claimtrack sources list'") -> SourceError:
    """The error for a name that names no stored source, offering the closest names."""
    close = close_names(session, name)
    mean = f" (did you mean {', '.join(close)}?)" if close else ""
    return SourceError(f"no source named {name!r}{mean}{'; ' + hint if hint else ''}")


def check_name(session: Session, name: str) -> None:
    """``SourceError`` (with the closest names) unless ``name`` is the canonical name or an alias of a stored
    source, as reports and exports match it (``source_alias.norm``): a typo must not read as "no claims"."""
    if session.execute(select(m.SourceAlias.id).where(m.SourceAlias.norm == norm(name)).limit(1)).first() is None:
        raise no_source(session, name)


def _follow(session: Session, src: m.Source | None) -> m.Source | None:
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
    note: str | None = None  # what a placeholder source ("Unnamed source", "Writer", …) stands for


def source_profile(session: Session, name: str) -> SourceProfile:
    """The source ``name`` (canonical or any alias) names, or ``SourceError``."""
    src = find_source(session, name)
    if src is None:
        raise no_source(session, name)
    parent = session.get(m.Source, src.parent_id) if src.parent_id else None
    aliases = session.execute(select(m.SourceAlias.alias, m.SourceAlias.origin)
                              .where(m.SourceAlias.source_id == src.id).order_by(m.SourceAlias.alias)).all()
    roles = dict(session.execute(select(m.ClaimSource.role, func.count()).where(m.ClaimSource.source_id == src.id)
                                 .group_by(m.ClaimSource.role)).all())
    members = session.execute(select(m.Source.name).where(m.Source.parent_id == src.id)
                              .order_by(m.Source.name)).scalars().all()
    return SourceProfile(src.name, src.kind, src.country, parent.name if parent else None, src.origin,
                         roles.get("speaker", 0), roles.get("reporter", 0), list(members),
                         [(a, o) for a, o in aliases], placeholder_note(src.name, src.kind))


def analyst_aliases(session: Session) -> dict[str, Entry]:
    """Aliases that analysts added or that merges and renames produced, for the resolver (they override the
    gazetteer)."""
    rows = session.execute(
        select(m.SourceAlias.norm, m.Source.name, m.Source.kind, m.Source.country, m.Source.parent_id, m.Source.id)
        .join(m.Source, m.Source.id == m.SourceAlias.source_id)
        .where(m.SourceAlias.origin.in_(RESOLVING))
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
        raise no_source(session, name)
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
        came = {"merge": "a merge", "rename": "a rename"}.get(row.origin, "the texts or the gazetteer")
        raise SourceError(f"{alias!r} is not an analyst's alias (it comes from {came}); only aliases added with "
                          "'sources alias' can be removed")
    src = session.get(m.Source, row.source_id)
    session.delete(row)
    record(session, analyst, "unalias", None, {"source": src.name if src else None, "alias": alias})
    return src


def merge_sources(session: Session, old: str, into: str, analyst: str) -> tuple[m.Source, m.Source, int]:
    """Merge source ``old`` into ``into``: its claims and aliases move, ``old`` stays as a merged record.
    (old source, new source, claim links moved)."""
    a, b = find_source(session, old), find_source(session, into)
    if a is None:
        raise no_source(session, old)
    if b is None:
        raise no_source(session, into)
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


# ---- merging: what spreads ------------------------------------------------------------------------------
def is_common(name: str) -> bool:
    """Whether ``name`` is made of common English words only ("twice", "the ministry", "security forces")."""
    parts = norm(name).split()
    return bool(parts) and all(w in common_words() for w in parts)


@dataclass(frozen=True, slots=True)
class MergeRisk:
    """Why merging a source may spread a wrong name: the names of it that are common words (each becomes an
    alias of the other source for every later analysis), and its claims when it has a single mention."""

    into: str  # the canonical name of the source it would be merged into
    common: list[str]  # names of the merged source made of common words only
    mentions: int  # claim links of the merged source
    claims: list[int]  # its claims, when it has a single mention (for 'review source' instead)
    same: bool = False  # the two are one source already: the merge refuses, nothing is at risk

    def __bool__(self) -> bool:
        return not self.same and (bool(self.common) or self.mentions <= 1)


def merge_risk(session: Session, old: str, into: str) -> MergeRisk:
    """What merging the source ``old`` names into ``into`` would spread (see ``MergeRisk``); ``SourceError``
    when either names no source. Nothing is at risk when the two are one source already (the merge refuses)."""
    src, dest = find_source(session, old), find_source(session, into)
    if src is None:
        raise no_source(session, old)
    if dest is None:
        raise no_source(session, into)
    if src.id == dest.id:
        return MergeRisk(dest.name, [], 0, [], same=True)
    names = [src.name] + list(session.execute(select(m.SourceAlias.alias).where(
        m.SourceAlias.source_id == src.id).order_by(m.SourceAlias.alias)).scalars())
    common = list(dict.fromkeys(n for n in names if is_common(n)))
    links = list(session.execute(select(m.ClaimSource.claim_id).where(m.ClaimSource.source_id == src.id)
                                 .order_by(m.ClaimSource.claim_id)).scalars())
    return MergeRisk(dest.name, common, len(links), links if len(links) <= 1 else [])


# ---- editing --------------------------------------------------------------------------------------------
def _country_codes() -> set[str]:
    return {r["code"] for r in table("countries.tsv")}


def edit_source(session: Session, name: str, analyst: str, *, new_name: str | None = None,
                kind: str | None = None, parent: str | None = None, country: str | None = None,
                note: str | None = None) -> tuple[m.Source, dict[str, str | None]]:
    """Rename or re-kind the source ``name`` (canonical or any alias), or set what it is part of (``parent``:
    a stored source; "" for none) and its country (a code of ``countries.tsv``; "" for none). Recorded as a
    decision; (the source, the changes made: field → new value).

    Kept as merges are: in the stored source, which re-analysis and re-ingest do not touch. A rename leaves a
    record under the old name pointing at the source (as a merge does), so text that names it the old way
    (the gazetteer's name, say) still lands on it, and the old name becomes a ``rename`` alias handed to the
    resolver. A new name that is another source's name or alias, or the gazetteer's name for another
    source, is refused (``sources merge`` makes two sources one)."""
    src = find_source(session, name)
    if src is None:
        raise no_source(session, name)
    changes: dict[str, str | None] = {}
    if kind is not None and kind != src.kind:
        if kind not in SOURCE_KINDS:
            raise SourceError(f"kind must be one of {', '.join(SOURCE_KINDS)}")
        changes["kind"] = kind
    if country is not None:
        code = country.strip().upper() or None
        if code is not None and code not in _country_codes():
            raise SourceError(f"no country with the code {country!r} (the codes of claimtrack/data/countries.tsv, "
                              "e.g. UA, RU, TR)")
        if code != src.country:
            changes["country"] = code
    parent_row: m.Source | None = None
    if parent is not None:
        if parent.strip():
            parent_row = find_source(session, parent)
            if parent_row is None:
                raise no_source(session, parent)
            up, hops = parent_row, 0
            while up is not None and hops < 50:
                if up.id == src.id:
                    raise SourceError(f"{parent_row.name} is {src.name} or part of it; a source cannot be part of "
                                      "itself")
                up = session.get(m.Source, up.parent_id) if up.parent_id else None
                hops += 1
        if (parent_row.id if parent_row else None) != src.parent_id:
            changes["parent"] = parent_row.name if parent_row else None
    old_name = src.name
    if new_name is not None:
        new_name = " ".join(new_name.split())
        if not norm(new_name):
            raise SourceError("the new name is empty")
        if len(new_name) > 300:
            raise SourceError("the new name is longer than 300 characters")
        if new_name != src.name:
            _check_free(session, src, new_name)
            changes["name"] = new_name
    if not changes:
        raise SourceError(f"nothing to change: {src.name} is already so (give --name, --kind, --parent or --country)")
    if "name" in changes:
        _rename(session, src, new_name)
    if "kind" in changes:
        src.kind = kind
    if "country" in changes:
        src.country = changes["country"]
    if "parent" in changes:
        src.parent_id = parent_row.id if parent_row else None
    src.origin = "analyst"
    record(session, analyst, "edit-source", None, {"source": old_name, **changes}, note=note)
    session.flush()
    return src, changes


def _check_free(session: Session, src: m.Source, new_name: str) -> None:
    """``SourceError`` when ``new_name`` belongs to another source: a stored one (its name or an alias), or one
    the resolver knows it for (the gazetteer's names, "<country> <body>" forms), stored or not."""
    other = find_source(session, new_name)
    known = Resolver().lookup(new_name) if other is None else None
    if known is not None and known.name != src.name:
        other = find_source(session, known.name)
        if other is None:
            raise SourceError(f"{new_name!r} is taken: claimtrack reads it as {known.name}; once that source is "
                              f"stored, 'claimtrack sources merge \"{src.name}\" \"{known.name}\"' makes the two "
                              "one source")
    if other is not None and other.id != src.id:
        raise SourceError(f"{new_name!r} is taken: it names the source {other.name}; to make the two one source "
                          f"use 'claimtrack sources merge \"{src.name}\" \"{other.name}\"'")


def _rename(session: Session, src: m.Source, new_name: str) -> None:
    """Give ``src`` the name ``new_name``, leaving a record under the old one that points at it."""
    old_name = src.name
    holder = session.execute(select(m.Source).where(m.Source.name == new_name)).scalar_one_or_none()
    if holder is not None and holder.id != src.id:
        # a record already pointing at src (a merged or renamed one): it takes the old name instead
        holder.name = f"(being renamed: source {holder.id} to {src.id})"  # out of the way of the unique name
        session.flush()
        src.name = new_name
        session.flush()
        holder.name = old_name
    else:
        src.name = new_name
        session.flush()
        session.add(m.Source(name=old_name, kind=src.kind, country=src.country, parent_id=None, origin=src.origin,
                             merged_into_id=src.id, created_at=now()))
    aliases = {a.norm: a for a in session.execute(select(m.SourceAlias).where(
        m.SourceAlias.norm.in_({norm(old_name), norm(new_name)}))).scalars()}
    for text, origin in ((old_name, "rename"), (new_name, "analyst")):
        key = norm(text)
        row = aliases.get(key)
        if row is None:
            session.add(m.SourceAlias(source_id=src.id, alias=text[:300], norm=key, origin=origin))
        elif row.source_id != src.id or row.origin == "auto":
            row.source_id, row.origin = src.id, origin
    session.flush()


# ---- placeholders -----------------------------------------------------------------------------------------
# The names attribution gives to who it cannot name (claimtrack/attribution.py): what each stands for.
PLACEHOLDERS = {
    "Unnamed source": "a placeholder: the text reports a claim without saying who makes it (\"reportedly\", "
                      "\"allegedly\", \"it is reported that\", a passive without its agent such as \"was denied\", "
                      "\"Most said\", \"Asked about …\"); one record for every document, not one speaker",
    "Unidentified person": "a placeholder: \"he\", \"she\" or \"who\" with no person named before it in the story "
                           "to refer to; one record for every document, not one person",
    "Unidentified group": "a placeholder: \"they\" with no group named before it in the story; one record for "
                          "every document",
    "Unidentified source": "a placeholder: \"it\" (or another pronoun) with nothing named before it in the story "
                           "to refer to; one record for every document",
    "Writer": "a placeholder for the article's own author: \"I\" or \"we\" outside a quotation, and the writer's "
              "own assessment (\"X seemed to …\", \"it appears that …\"); one record for every document, not a "
              "byline",
}
KIND_NOTES = {
    "unnamed": "an unnamed group the text cites by a common noun (\"sources\", \"officials\", \"residents\"): one "
               "record for every document that uses the word, not one group",
    "author": "the writer of an article rather than a source it cites",
}


def placeholder_note(name: str, kind: str) -> str | None:
    """What a placeholder source stands for (``sources show``), or None for a source the text names."""
    return PLACEHOLDERS.get(name) or KIND_NOTES.get(kind)


# ---- the junk-source check --------------------------------------------------------------------------------
SUSPECT_COLUMNS = ["source", "kind", "claim_id", "mention", "sentence", "why"]


def suspect_sources(session: Session) -> list[tuple]:
    """The sources an analyst should look at first (``claimtrack sources list --suspect``): those cited once that
    no known entity stands behind (not the gazetteer's, not an analyst's, no placeholder), each with its one
    mention in its sentence and why it is listed ("common words only" when every word of it is a common word:
    the likeliest junk). A real one-off speaker is fine; a junk one is corrected with 'review source' or merged."""
    links = (select(m.ClaimSource.source_id, func.count().label("n"), func.min(m.ClaimSource.id).label("first"))
             .group_by(m.ClaimSource.source_id).subquery())
    rows = session.execute(
        select(m.Source.name, m.Source.kind, m.ClaimSource.claim_id, m.ClaimSource.mention_text, m.Sentence.text)
        .join(links, links.c.source_id == m.Source.id)
        .join(m.ClaimSource, m.ClaimSource.id == links.c.first)
        .join(m.Claim, m.Claim.id == m.ClaimSource.claim_id)
        .join(m.Sentence, m.Sentence.id == m.Claim.sentence_id)
        .where(links.c.n == 1, m.Source.origin == "auto", m.Source.merged_into_id.is_(None),
               m.Source.name.not_in(list(PLACEHOLDERS)))
        .order_by(m.Source.name)).all()
    known = Resolver()
    out = []
    for name, kind, claim_id, mention, sentence in rows:
        if known.lookup(name) is not None:
            continue
        why = "one mention, no known entity" + ("; common words only" if is_common(name) else "")
        out.append((name, kind, claim_id, mention, " ".join((sentence or "").split()), why))
    return out
