"""``claimtrack review …`` and ``claimtrack reanalyse``: analysts' decisions, recorded and re-applied.

Every decision is stored with who made it (``--analyst``, default the OS user), when and what, and names
claims by a fingerprint that survives re-ingest and re-analysis of the same document.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

import click

from ..errors import ClaimtrackError
from ..model import CLAIM_KINDS, RELATION_KINDS, ROLES, SOURCE_KINDS
from . import output
from ._common import FORMATS_OUT, Ctx, full_option, handle_errors, table_width
from .sources import sources_merge

if TYPE_CHECKING:
    from ..store.review import Outcome

_analyst = click.option("--analyst", metavar="NAME", help="Who decides (default: the OS user).")
_note = click.option("--note", metavar="TEXT", help="Why: kept with the decision.")


def _decide(obj: Ctx, analyst: str | None, action: str, claim_id: int, payload: dict | None = None,
            target_id: int | None = None, note: str | None = None) -> Outcome:
    """One decision, in its own transaction: the claim as it is after it."""
    from ..app import analyst_name
    from ..store.review import decide

    _, factory = obj.open()
    with factory.begin() as s:
        return decide(s, analyst_name(analyst), action, claim_id, payload, target_id, note)


def _decide_all(obj: Ctx, analyst: str | None, action: str, claim_ids: tuple[int, ...], note: str | None) -> None:
    """One decision per claim, all in one transaction: an unknown id leaves every claim as it was."""
    from ..app import analyst_name
    from ..store.review import decide

    _, factory = obj.open()
    with factory.begin() as s:
        done = [(cid, decide(s, analyst_name(analyst), action, cid, None, None, note))
                for cid in dict.fromkeys(claim_ids)]
    for cid, outcome in done:
        click.echo(f"claim {cid}: {outcome.status} by {outcome.analyst}")


@click.group()
def review() -> None:
    """Confirm, reject and correct claims, their sources and relations; see the decisions made.

    \b
    Claim ids are the claim_id column of reports, exports and the claims_v view.
    Decisions survive re-ingest and `claimtrack reanalyse`; reports and exports leave rejected
    claims out, and `--param confirmed=1` / `export --confirmed` keep only confirmed ones.
    """


@review.command("confirm")
@click.argument("claim_ids", nargs=-1, required=True, type=int, metavar="CLAIM_ID...")
@_analyst
@_note
@click.pass_obj
@handle_errors
def review_confirm(obj: Ctx, claim_ids: tuple[int, ...], analyst: str | None, note: str | None) -> None:
    """Confirm claims: the extraction is right. All or none: an unknown id changes nothing."""
    _decide_all(obj, analyst, "confirm", claim_ids, note)


@review.command("reject")
@click.argument("claim_ids", nargs=-1, required=True, type=int, metavar="CLAIM_ID...")
@_analyst
@_note
@click.pass_obj
@handle_errors
def review_reject(obj: Ctx, claim_ids: tuple[int, ...], analyst: str | None, note: str | None) -> None:
    """Reject claims: not a claim, or wrongly extracted. Reports and exports leave them out. All or none: an
    unknown id changes nothing."""
    _decide_all(obj, analyst, "reject", claim_ids, note)


@review.command("kind")
@click.argument("claim_id", type=int)
@click.argument("kind", type=click.Choice(CLAIM_KINDS))
@_analyst
@_note
@click.pass_obj
@handle_errors
def review_kind(obj: Ctx, claim_id: int, kind: str, analyst: str | None, note: str | None) -> None:
    """Change the kind of claim CLAIM_ID to KIND."""
    done = _decide(obj, analyst, "set-kind", claim_id, {"kind": kind}, note=note)
    click.echo(f"claim {claim_id}: kind {done.kind} ({done.status}) by {done.analyst}")


@review.command("source")
@click.argument("claim_id", type=int)
@click.argument("name")
@click.option("--add", is_flag=True, help="Add NAME to the claim's sources instead of replacing those of the role.")
@click.option("--role", type=click.Choice(ROLES), default="speaker", show_default=True,
              help="speaker: who makes the claim; reporter: who relays it.")
@click.option("--new", "new_kind", type=click.Choice(SOURCE_KINDS), metavar="KIND",
              help="Create NAME as a new source of this KIND if none exists: " + ", ".join(SOURCE_KINDS) + ".")
@_analyst
@_note
@click.pass_obj
@handle_errors
def review_source(obj: Ctx, claim_id: int, name: str, add: bool, role: str, new_kind: str | None,
                  analyst: str | None, note: str | None) -> None:
    """Set (or --add) the source NAME (a canonical name or any alias) of claim CLAIM_ID."""
    payload = {"source": name, "role": role}
    if new_kind:
        payload["source_kind"] = new_kind
    done = _decide(obj, analyst, "add-source" if add else "set-source", claim_id, payload, note=note)
    click.echo(f"claim {claim_id}: {'added' if add else 'set'} {role} {name} ({done.status}) by {done.analyst}")


@review.command("relation")
@click.argument("action", type=click.Choice(["add", "remove", "confirm"]))
@click.argument("claim_id", type=int)
@click.argument("target_id", type=int)
@click.option("--kind", type=click.Choice(RELATION_KINDS), required=True,
              help=f"{', '.join(RELATION_KINDS[:-1])} or {RELATION_KINDS[-1]} (CLAIM_ID → TARGET_ID).")
@click.option("--evidence", metavar="TEXT", help="add: why the claims are related (shown in reports).")
@_analyst
@_note
@click.pass_obj
@handle_errors
def review_relation(obj: Ctx, action: str, claim_id: int, target_id: int, kind: str, evidence: str | None,
                    analyst: str | None, note: str | None) -> None:
    """Add, remove or confirm the relation CLAIM_ID --kind→ TARGET_ID (e.g. claim 12 denies claim 7).

    A removed relation is kept as 'rejected' (reports leave it out), so re-analysis cannot bring it back.
    """
    payload = {"kind": kind}
    if evidence:
        payload["evidence"] = evidence
    who = _decide(obj, analyst, f"{action}-relation", claim_id, payload, target_id, note).analyst
    done = {"add": "added", "remove": "removed", "confirm": "confirmed"}[action]
    click.echo(f"relation {claim_id} {kind} {target_id}: {done} by {who}")


# the same command as `claimtrack sources merge`, where analysts reviewing claims also look for it
review.add_command(sources_merge, name="merge")


@review.command("show")
@click.argument("claim_id", type=int)
@click.pass_obj
@handle_errors
def review_show(obj: Ctx, claim_id: int) -> None:
    """One claim as stored: sentence, kind, status, sources, relations and the decisions about it."""
    from ..store.review import claim_record

    _, factory = obj.open()
    with factory() as s:
        c = claim_record(s, claim_id)
    click.echo(f"claim {c.id}  {c.kind}  [{c.status}]  document {c.document_id} ({c.document_origin})")
    click.echo(f"sentence {c.sentence_start}-{c.sentence_end}: {c.sentence_text}")
    if c.cue_text:
        click.echo(f"cue:      {c.cue_text} ({c.cue_start}-{c.cue_end})")
    if c.event_date:
        click.echo(f"date:     {c.event_date.isoformat()} «{c.event_date_text or ''}»")
    for role, name, kind, origin in c.sources:
        click.echo(f"{role + ':':<9} {name} ({kind}){' (analyst)' if origin == 'analyst' else ''}")
    for source_id, kind, target_id, status, origin in c.relations:
        click.echo(f"relation: {source_id} {kind} {target_id} [{status}, {origin}]")
    for d in c.decisions:
        click.echo(f"decision: {d.at:%Y-%m-%d %H:%M} {d.analyst} {d.action} {_payload_text(d.payload)}"
                   + (f" → claim {d.target_claim_id}" if d.target_claim_id else "") + (f" — {d.note}" if d.note else ""))


def _payload_text(payload: str | None) -> str:
    """A decision's recorded details as 'kind=denies evidence=…' (the JSON as it is, if it is not JSON)."""
    try:
        p = json.loads(payload or "{}")
    except ValueError:
        return payload or ""
    return " ".join(f"{k}={v}" for k, v in p.items())


@review.command("history")
@click.option("--claim", "claim_id", type=int, help="Only decisions about this claim.")
@click.option("--analyst", help="Only decisions by this analyst.")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@full_option
@click.pass_obj
@handle_errors
def review_history(obj: Ctx, claim_id: int | None, analyst: str | None, fmt: str, full: bool) -> None:
    """Every recorded decision: when, who, what, on which claim (current id), and the note."""
    from ..store.review import history

    _, factory = obj.open()
    with factory() as s:
        rows = [(d.id, d.at, d.analyst, d.action, d.claim_id, d.target_claim_id, _payload_text(d.payload), d.note)
                for d in history(s, claim_id, analyst)]
    output.write(sys.stdout, fmt, ["decision", "at", "analyst", "action", "claim_id", "target_claim_id",
                                    "details", "note"], rows, width=table_width(full))


@click.command()
@click.option("--document", "documents", multiple=True, metavar="REF",
              help="A document: id, content-hash prefix, origin path, JSON Lines id or file name (repeatable).")
@click.option("--all", "all_docs", is_flag=True, help="Every stored document.")
@click.option("--quiet", "-q", is_flag=True, help="No summary.")
@click.pass_obj
@handle_errors
def reanalyse(obj: Ctx, documents: tuple[str, ...], all_docs: bool, quiet: bool) -> None:
    """Analyse stored documents again with the current lexicons and aliases, keeping analysts' decisions.

    Each document is rebuilt in its own transaction under the same document id: its claims get new ids,
    cross-article relations are found again, and every recorded review decision is applied again.
    """
    from ..store.reanalyse import find_documents
    from ..store.reanalyse import reanalyse as run

    if documents and all_docs:
        raise click.UsageError("give --document REF (repeatable) or --all, not both")
    if not documents and not all_docs:
        raise click.UsageError("give --document REF (repeatable) or --all")
    engine, factory = obj.open()
    ids = None
    if documents:
        with factory() as s:
            ids = find_documents(s, list(documents))
    summary = run(engine, factory, ids, command="reanalyse " + (" ".join(documents) if documents else "--all"))
    if not quiet:
        click.echo(f"{summary.documents} document{'s' if summary.documents != 1 else ''} re-analysed: "
                   f"{summary.claims_before} claims before, {summary.claims_after} after; "
                   f"{summary.relations} cross-article relations; {summary.decisions} review decisions re-applied",
                   err=True)
    for e in summary.errors:
        click.echo(f"failed: {e}", err=True)
    if summary.errors:
        raise ClaimtrackError(f"{len(summary.errors)} document(s) could not be re-analysed (they were left as they were)")
