"""Input: files, folders, stdin → decoded ``RawDocument``s. Bad input raises ``InputError`` (one line).

Formats: ``txt`` (plain text and scraped pages), ``html`` (main text and metadata extracted with
trafilatura; offsets then index the extracted text), ``jsonl`` (one article per line: ``text`` and optional
``id``, ``title``, ``published``, ``outlet``, ``url``). ``auto`` picks by extension, else by content.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import ClaimtrackError
from .model import RawDocument

EXTENSIONS = {".txt": "txt", ".text": "txt", ".md": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
              ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl"}
FORMATS = ("auto", "txt", "html", "jsonl")


class InputError(ClaimtrackError):
    """Bad input, with a one-line message naming where."""


def decode(data: bytes, origin: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark (Windows' "Unicode")
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = "\x00"
        if "\x00" in text[:8192]:  # not UTF-16 after all (UTF-32's mark starts the same way, or binary data)
            raise InputError(f"{origin}: binary file, not text")
        if not text.strip():
            raise InputError(f"{origin}: empty input")
        return text
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
    head = text.lstrip().lstrip("\ufeff").lstrip()[:2000].lower()
    if head.startswith("{"):
        # JSON Lines: a record among the first lines parses as an object, or the lines look like records (a
        # malformed first record must not turn the file into one plain-text article)
        lines = [ln.strip() for ln in text.lstrip().split("\n", 6)[:6] if ln.strip()]
        for ln in lines[:5]:
            try:
                if isinstance(json.loads(ln), dict):
                    return "jsonl"
            except ValueError:
                pass
        if lines[0].endswith("}") or sum(ln.startswith("{") for ln in lines) >= 2:
            return "jsonl"
    if looks_like_html(text):
        return "html"
    return "txt"


# Elements a page may open with once its prologue is skipped: those the WHATWG MIME Sniffing standard
# ("identifying a resource with an unknown MIME type") looks for, and the others of a document's head.
_OPENING_TAGS = frozenset({"html", "head", "body", "script", "iframe", "h1", "div", "font", "table", "a", "style",
                           "title", "b", "br", "p", "meta", "link", "base", "noscript", "header", "nav", "main",
                           "article", "section", "span", "center", "form"})
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s/>]")
HTML_PROLOGUE = 65536  # characters of comments and declarations read past before giving up


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is an HTML page: after the prologue that may come before the first element (byte-order
    marks, whitespace, comments, conditional comments such as ``<!--[if !IE]> … <![endif]-->`` or
    ``<![if IE]>``, doctypes, an XML declaration, processing instructions), the text opens with an HTML
    element, as browsers sniff a page; failing that, a ``<body`` tag or a paragraph in its first 2,000
    characters. Plain text that merely starts with a comment (a Markdown file's note) stays plain text."""
    i, n = 0, min(len(text), HTML_PROLOGUE)
    while i < n:
        ch = text[i]
        if ch.isspace() or ch == "\ufeff":
            i += 1
            continue
        if text.startswith("<!--", i):
            end = text.find("-->", i + 4)
            if end < 0:
                return True  # a comment running past the prologue: markup either way
            i = end + 3
        elif text.startswith(("<!", "<?"), i):  # doctype, <![if …]> / <![endif]>, <?xml …?>
            end = text.find(">", i + 2)
            if end < 0:
                return True
            i = end + 1
        else:
            break
    m = _TAG.match(text, i)
    if m and m.group(1).lower() in _OPENING_TAGS:
        return True
    head = text[i : i + 2000].lower()
    return "<body" in head or ("<p>" in head and "</p>" in head)


def _walk(folder: str) -> Iterator[str]:
    """Input files under ``folder``, lazily, in sorted path order (names sorted at each level, depth
    first), skipping hidden files and folders; unreadable sub-folders are skipped."""
    try:
        with os.scandir(folder) as it:
            entries = sorted((e for e in it if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError:
        return
    for e in entries:
        try:
            if e.is_dir(follow_symlinks=False):
                yield from _walk(e.path)
            elif e.is_file() and os.path.splitext(e.name)[1].lower() in EXTENSIONS:
                yield e.path
        except OSError:
            continue


def check_paths(paths: list[str]) -> None:
    """Cheap checks of the command line's paths before anything is read: each exists, is a file, a folder
    holding at least one input file, or '-'."""
    for p in paths:
        if p == "-":
            continue
        path = Path(p)
        if path.is_dir():
            if next(_walk(p), None) is None:
                raise InputError(f"{p}: no text, HTML or JSON Lines files in this folder "
                                 f"({' '.join(EXTENSIONS)})")
        elif path.exists() and not path.is_file():
            raise InputError(f"{p}: not a regular file")
        elif not path.exists():
            raise InputError(f"{p}: no such file or folder")


def iter_files(paths: list[str]) -> Iterator[str]:
    """Files to read, in order, lazily: folders recursively (known extensions, sorted), '-' for stdin."""
    check_paths(paths)
    for p in paths:
        if p != "-" and Path(p).is_dir():
            yield from _walk(p)
        else:
            yield p


def expand(paths: list[str]) -> list[str]:
    """Files to read, in order: folders recursively (known extensions, sorted), '-' for stdin."""
    return list(iter_files(paths))


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
    # records end at "\n" only: U+2028, U+0085 and the like may stand inside a JSON string
    docs = [_record(line, origin, lineno) for lineno, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not docs:
        raise InputError(f"{origin}: no records")
    return docs


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _record(line: str, origin: str, lineno: int) -> RawDocument:
    """One JSON Lines record (a non-blank line) as a document, or ``InputError`` naming the line."""
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
    for key, value in rec.items():
        if isinstance(value, str) and not _encodable(value):
            raise InputError(f"{origin}:{lineno}: \"{key}\" holds an unpaired surrogate escape (\\ud800-\\udfff), "
                             "not text")
    for key in ("id", "title", "published", "outlet", "url"):
        if rec.get(key) is not None and not isinstance(rec[key], str | int | float):
            raise InputError(f"{origin}:{lineno}: \"{key}\" must be a string")
    return RawDocument(
        origin=origin, text=body, format="jsonl",
        id=str(rec["id"]) if rec.get("id") is not None else None,
        title=_s(rec.get("title")), published=_s(rec.get("published")), outlet=_s(rec.get("outlet")),
        url=_s(rec.get("url")), meta={"line": lineno},
    )


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
    meta = {"title_given": bool(title)}
    author = byline_of(get("author"))
    if author:
        meta["author"] = author
    return RawDocument(origin=origin, text=body, format="html", title=title, published=get("date"),
                       outlet=outlet_name(get("sitename"), get("url"), get("hostname")), url=get("url"), meta=meta)


# what a page's metadata may put in its author field that names no one
_NO_AUTHOR = re.compile(r"^(?:staff|admin|editor|editors|newsroom|by|the\s+\w+\s+staff|associated press|reuters|"
                        r"https?://\S+|\S+@\S+)$", re.I)


def byline_of(author: str | None) -> str | None:
    """A page's author metadata as a byline ("Maria Gonzalez; Tom Hale" → "Maria Gonzalez, Tom Hale"), or None
    when it names no one (empty, "Staff", a URL)."""
    if not author:
        return None
    names = [n.strip(" ,;|") for n in re.split(r"[;|]", author)]
    names = [re.sub(r"^[Bb]y\s+", "", n) for n in names if n and not _NO_AUTHOR.match(n.strip())]
    return ", ".join(dict.fromkeys(n for n in names if n)) or None


_SITE_SUFFIX = re.compile(r"(?:[._\s-]+(?:co|com|org|net|uk|us|au|in|ca|news|online|live|india))+$", re.I)


def outlet_name(sitename: str | None, url: str | None, hostname: str | None) -> str | None:
    """A page's outlet by its name: a known domain's outlet (``data/outlet_domains.tsv``; "uk.reuters.com" is
    Reuters), else the site name when the gazetteer knows it as an outlet, else the site name made readable
    ("Reuters_Co_Uk" → "Reuters", "Grazia_Live" → "Grazia"), else the domain's own name ("slate.com" → "Slate")."""
    from . import lexicon
    from .sources import OUTLET_KINDS, Resolver

    host = (hostname or "").lower().removeprefix("www.")
    if not host and url:
        host = re.sub(r"^[a-z]+://", "", url.lower()).split("/")[0].removeprefix("www.")
    domains = {r["domain"]: r["outlet"] for r in lexicon.table("outlet_domains.tsv")}
    parts = host.split(".")
    for k in range(len(parts) - 1):
        outlet = domains.get(".".join(parts[k:]))
        if outlet:
            return outlet
    name = (sitename or "").strip()
    if name.lower().startswith(("copyright", "©", "(c)")):
        name = ""
    if name:
        known = Resolver().lookup(name)
        if known is not None and known.kind in OUTLET_KINDS | {"online_media"}:
            return known.name
        readable = _SITE_SUFFIX.sub("", name.replace("_", " ")).strip() if ("_" in name or "." in name) else name
        return readable or name
    if len(parts) >= 2:
        label = parts[-3] if len(parts) >= 3 and parts[-2] in ("co", "com", "org", "net") else parts[-2]
        return label.upper() if len(label) <= 3 else label.capitalize()
    return None


def iter_documents(paths: list[str], fmt: str = "auto", *, outlet: str | None = None,
                   published: str | None = None) -> Iterator[RawDocument]:
    for p in expand(paths):
        yield from read_path(p, fmt, outlet=outlet, published=published)


# ---- streaming input: one item per document or per bad input, memory flat --------------------------------
@dataclass(slots=True)
class Input:
    """One unit of streamed input: a document, or the one-line reason an input (a file, or one JSON Lines
    record) could not be read. ``size`` is the number of input bytes it accounts for (for progress)."""

    doc: RawDocument | None
    error: str | None
    size: int


def iter_inputs(paths: list[str], fmt: str = "auto", *, outlet: str | None = None,
                published: str | None = None) -> Iterator[Input]:
    """Every document of every input, lazily, with bad inputs as error items instead of exceptions.

    Folders are walked lazily; plain-text and HTML files are read one at a time; JSON Lines files (and
    JSON Lines on stdin) are read line by line, so a bad record is reported on its own and the file's other
    records still come through. Only the command line's paths are checked up front (``check_paths``).
    """
    for path in iter_files(paths):
        yield from iter_path(path, fmt, outlet=outlet, published=published)


def iter_path(path: str, fmt: str = "auto", *, outlet: str | None = None,
              published: str | None = None) -> Iterator[Input]:
    """The documents of one file (or '-') as ``Input`` items; see ``iter_inputs``."""
    try:
        if path == "-":
            stream = sys.stdin.buffer
            head = stream.read(65536)
            if fmt == "jsonl" or (fmt == "auto" and sniff(head.decode("utf-8", "ignore")) == "jsonl"):
                yield from _jsonl_stream(_lines(head, stream), path, outlet, published)
                return
            data = head + stream.read()
        else:
            kind = fmt if fmt != "auto" else EXTENSIONS.get(Path(path).suffix.lower(), "")
            if kind == "jsonl":
                with open(path, "rb") as fh:
                    yield from _jsonl_stream(fh, path, outlet, published)
                return
            data = read_bytes(path)
        for doc in read_path(path, fmt, outlet=outlet, published=published, data=data):
            yield Input(doc, None, len(data))
            data = b""  # a file's bytes are counted once
    except InputError as exc:
        yield Input(None, str(exc), _size(path))
    except OSError as exc:
        yield Input(None, f"{path}: cannot read ({exc.strerror or exc.__class__.__name__})", _size(path))


def _size(path: str) -> int:
    try:
        return os.path.getsize(path) if path != "-" else 0
    except OSError:
        return 0


def _lines(head: bytes, rest) -> Iterator[bytes]:
    """Lines of ``head`` followed by the stream ``rest`` (the head may end inside a line)."""
    parts = head.split(b"\n")
    yield from (p + b"\n" for p in parts[:-1])
    tail = parts[-1]
    for line in rest:
        if tail:
            line, tail = tail + line, b""
        yield line
    if tail:
        yield tail


def _jsonl_stream(lines: Iterable[bytes], origin: str, outlet: str | None, published: str | None) -> Iterator[Input]:
    n_records = 0
    for lineno, raw in enumerate(lines, start=1):
        if lineno == 1:
            if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
                yield Input(None, f"{origin}: UTF-16 JSON Lines; convert to UTF-8 first, e.g. iconv -f utf-16 -t utf-8",
                            _size(origin))
                return
            if b"\x00" in raw[:8192]:
                yield Input(None, f"{origin}: binary file, not text", _size(origin))
                return
            if raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
        if not raw.strip():
            continue
        n_records += 1
        try:
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{origin}:{lineno}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at column "
                                 f"{exc.start + 1})") from None
            doc = _record(line, origin, lineno)
        except InputError as exc:
            yield Input(None, str(exc), len(raw))
            continue
        yield Input(_with_defaults(doc, outlet, published), None, len(raw))
    if n_records == 0:
        yield Input(None, f"{origin}: empty input", 0)

