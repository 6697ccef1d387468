"""Input: files, folders, stdin → decoded ``RawDocument``s. Bad input raises ``InputError`` (one line).

Formats: ``txt`` (plain text and scraped pages), ``html`` (main text and metadata extracted with
trafilatura; offsets then index the extracted text), ``jsonl`` (one article per line: ``text`` and optional
``id``, ``title``, ``published``, ``outlet``, ``url``). ``auto`` picks by extension, else by content.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .model import RawDocument

EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
              ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
FORMATS = ("auto", "txt", "html", "jsonl")


class InputError(Exception):
    """Bad input, with a one-line message naming where."""


def decode(data: bytes, origin: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{origin}: binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{origin}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            f"convert it first, e.g. iconv -f windows-1252 -t utf-8"
        ) from None
    if not text.strip():
        raise InputError(f"{origin}: empty input")
    return text


def sniff(text: str) -> str:
    head = text.lstrip()[:2000].lower()
    if head.startswith("{"):
        first = text.lstrip().split("\n", 1)[0]
        try:
            if isinstance(json.loads(first), dict):
                return "jsonl"
        except ValueError:
            pass
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in head or ("<p>" in head and "</p>" in head):
        return "html"
    return "txt"


def expand(paths: list[str]) -> list[str]:
    """Files to read, in order: folders recursively (known extensions, sorted), '-' for stdin."""
    out: list[str] = []
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        path = Path(p)
        if path.is_dir():
            found = sorted(f for f in path.rglob("*") if f.is_file() and f.suffix.lower() in EXTENSIONS
                           and not any(part.startswith(".") for part in f.relative_to(path).parts))
            if not found:
                raise InputError(f"{p}: no .txt, .html or .jsonl files in this folder")
            out.extend(str(f) for f in found)
        elif path.is_file():
            out.append(p)
        elif path.exists():
            raise InputError(f"{p}: not a regular file")
        else:
            raise InputError(f"{p}: no such file or folder")
    return out


def read_bytes(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None


def read_path(path: str, fmt: str = "auto", *, outlet: str | None = None, published: str | None = None,
              data: bytes | None = None) -> list[RawDocument]:
    """All documents in one file (several for JSON Lines). Validates the whole file before returning."""
    text = decode(read_bytes(path) if data is None else data, path)
    if fmt == "auto":
        fmt = EXTENSIONS.get(Path(path).suffix.lower(), "") if path != "-" else ""
        fmt = fmt or sniff(text)
    if fmt == "jsonl":
        docs = _jsonl(text, path)
    elif fmt == "html":
        docs = [_html(text, path)]
    elif fmt == "txt":
        docs = [RawDocument(origin=path, text=text, format="txt")]
    else:
        raise InputError(f"unknown format: {fmt}")
    return [_with_defaults(d, outlet, published) for d in docs]


def _with_defaults(doc: RawDocument, outlet: str | None, published: str | None) -> RawDocument:
    if outlet is None and published is None:
        return doc
    return RawDocument(origin=doc.origin, text=doc.text, format=doc.format, id=doc.id, title=doc.title,
                       published=doc.published or published, outlet=outlet or doc.outlet, url=doc.url, meta=doc.meta)


def _jsonl(text: str, origin: str) -> list[RawDocument]:
    docs = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{origin}:{lineno}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        if not isinstance(rec, dict):
            raise InputError(f"{origin}:{lineno}: a record must be a JSON object")
        body = rec.get("text")
        if not isinstance(body, str):
            raise InputError(f"{origin}:{lineno}: record has no \"text\" string")
        if not body.strip():
            raise InputError(f"{origin}:{lineno}: record has an empty \"text\"")
        for key in ("id", "title", "published", "outlet", "url"):
            if rec.get(key) is not None and not isinstance(rec[key], str | int | float):
                raise InputError(f"{origin}:{lineno}: \"{key}\" must be a string")
        docs.append(RawDocument(
            origin=origin, text=body, format="jsonl",
            id=str(rec["id"]) if rec.get("id") is not None else None,
            title=_s(rec.get("title")), published=_s(rec.get("published")), outlet=_s(rec.get("outlet")),
            url=_s(rec.get("url")), meta={"line": lineno},
        ))
    if not docs:
        raise InputError(f"{origin}: no records")
    return docs


def _s(v) -> str | None:
    return None if v is None else str(v)


def _html(html: str, origin: str) -> RawDocument:
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    try:
        result = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                             include_tables=False, favor_precision=True)
    except Exception as exc:  # noqa: BLE001 - a library failure on this page is a bad-input error
        raise InputError(f"{origin}: cannot parse HTML ({exc.__class__.__name__})") from None
    if result is None:
        raise InputError(f"{origin}: no article text found in this HTML page")
    get = result.get if isinstance(result, dict) else lambda k: getattr(result, k, None)
    body = (get("text") or "").strip()
    if not body:
        raise InputError(f"{origin}: no article text found in this HTML page")
    title = get("title")
    return RawDocument(origin=origin, text=body, format="html", title=title, published=get("date"),
                       outlet=get("sitename"), url=get("url"), meta={"title_given": bool(title)})


def iter_documents(paths: list[str], fmt: str = "auto", *, outlet: str | None = None,
                   published: str | None = None) -> Iterator[RawDocument]:
    for p in expand(paths):
        yield from read_path(p, fmt, outlet=outlet, published=published)
