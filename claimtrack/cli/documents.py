"""``claimtrack documents list|show|rm``: the stored documents, what one holds, and removing one."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from . import output
from ._common import FORMATS_OUT, Ctx, full_option, handle_errors, table_width

if TYPE_CHECKING:
    from ..store.documents import Holdings

_REF_HELP = ("REF: a document's id, content-hash prefix, origin path, JSON Lines id or file name (when only one "
             "stored input has it).")


@click.group()
def documents() -> None:
    """List the stored documents, show one, remove one with everything derived from it.

    \b
    A document is one input: a text or HTML file, a page read from stdin, or
    one JSON Lines record. To store a changed text in place of the one stored,
    use 'claimtrack ingest --replace'.
    """


@documents.command("list")
@click.option("--limit", type=click.IntRange(1), help="At most this many documents (oldest first).")
@click.option("--format", "fmt", type=FORMATS_OUT, default="table", show_default=True)
@full_option
@click.pass_obj
@handle_errors
def documents_list(obj: Ctx, limit: int | None, fmt: str, full: bool) -> None:
    """Stored documents, oldest first: id, origin, JSON Lines id, format, outlet, title, date and counts."""
    from ..store.documents import LIST_COLUMNS, list_documents

    _, factory = obj.open()
    with factory() as s:
        rows = list_documents(s, limit)
    output.write(sys.stdout, fmt, LIST_COLUMNS, rows, width=table_width(full))


@documents.command("show", epilog=_REF_HELP)
@click.argument("ref", metavar="REF")
@click.pass_obj
@handle_errors
def documents_show(obj: Ctx, ref: str) -> None:
    """One document: where it came from, its stories, claims, relations and the decisions about it."""
    from ..store.documents import document_profile

    _, factory = obj.open()
    with factory() as s:
        profiles = document_profile(s, ref)
    for i, d in enumerate(profiles):
        if i:
            click.echo()
        h = d.held
        click.echo(f"document:  {d.id}")
        click.echo(f"origin:    {d.origin}" + (f"  (JSON Lines id {d.external_id})" if d.external_id else ""))
        click.echo(f"format:    {d.format}, {d.characters:,} characters" + (" of extracted text" if d.format == "html"
                                                                             else ""))
        for label, value in (("title", d.title), ("outlet", d.outlet), ("published", d.published), ("url", d.url)):
            click.echo(f"{label + ':':<10} {value or '-'}")
        click.echo(f"sha256:    {d.sha256}")
        click.echo(f"ingested:  {d.ingested_at.replace(microsecond=0)}"
                   + (f" (run {d.ingest_run_id})" if d.ingest_run_id else ""))
        statuses = ", ".join(f"{n} {status}" for status, n in sorted(d.review.items()))
        click.echo(f"claims:    {h.claims}" + (f" ({statuses})" if statuses else ""))
        click.echo(f"relations: {h.relations} ({h.cross_relations} with other documents' claims)")
        click.echo(f"decisions: {h.decisions} naming its claims")
        for st in d.stories:
            click.echo(f"story {st.ordinal}:   {st.title or '(untitled)'}  [{st.published or 'no date'}]  "
                       f"{st.sentences} sentences, {st.claims} claims")


@documents.command("rm", epilog=_REF_HELP)
@click.argument("refs", nargs=-1, required=True, metavar="REF...")
@click.option("--yes", is_flag=True, help="Do not ask first.")
@click.pass_obj
@handle_errors
def documents_rm(obj: Ctx, refs: tuple[str, ...], yes: bool) -> None:
    """Remove documents and everything derived from them, in one transaction: stories, sentences, claims,
    every relation touching their claims (other documents' claims' relations to them too) and their claim
    keys. Asks first unless --yes. The analysts' decisions are kept: they name claims by fingerprint, so
    ingesting the same text again applies them again."""
    from ..store.documents import holdings, labels, remove_documents, resolve_all

    _, factory = obj.open()
    with factory() as s:  # read first: no write transaction is held while the question waits for an answer
        ids = resolve_all(s, list(refs))
        if not yes:
            names = labels(s, ids)
            shown = ", ".join(names[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            click.echo(f"{_plural(len(ids), 'document')} {shown}: {_summary(holdings(s, ids))}.", err=True)
    if not yes:
        click.confirm("Remove them?" if len(ids) > 1 else "Remove it?", abort=True, err=True)
    with factory.begin() as s:
        h = remove_documents(s, ids)
    click.echo(f"removed {_plural(len(ids), 'document')}: {_summary(h)}; "
               f"{_plural(h.decisions, 'decision')} about {'their' if len(ids) > 1 else 'its'} claims kept "
               "(they apply again if the same text is ingested again)")


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else words or word + 's'}"


def _summary(h: Holdings) -> str:
    return (f"{_plural(h.stories, 'story', 'stories')}, {_plural(h.sentences, 'sentence')}, "
            f"{_plural(h.claims, 'claim')}, {_plural(h.relations, 'relation')} ({h.cross_relations} with other "
            f"documents' claims), {_plural(h.claim_keys, 'claim key')}")
