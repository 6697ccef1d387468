"""Page structure: a decoded page → stories (title, metadata, body), junk lines marked.

Scraped news pages hold a main article and "related" items. Each related item starts with its headline,
usually repeated on the next line and followed by a tag tail (``Headline | Ukraine | The Ukrainian army``).
Lines are labelled, then grouped:

- ``metadata``: "Release time: …", "Updated …", "Published …", bylines ("By …"), "Source: …", "Editor: …";
  they set story metadata and carry no claims;
- ``boilerplate``: a repeated headline, a tag tail, navigation and share prompts;
- ``title``: a story's headline (a short line without a closing full stop at the top of the page, or a
  line that is repeated, or one that carries a tag tail);
- ``body``: prose, segmented into sentences later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .segment import lines as line_spans

_META = re.compile(
    r"""^(?:
        (?P<label>release\s*time|released|published(?:\s+on|\s+at)?|publication\s+date|posted(?:\s+on|\s+at)?|
           updated(?:\s+on|\s+at)?|last\s+updated|date|time|first\s+published)\s*[:：]?\s*(?P<date>.{4,60})
      | (?P<byline>by\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*
           (?:\s*[,|/–-]\s*[A-Z][\w .&'’-]{1,40})?)
      | (?:source|editor|editors|author|reporter|writer|correspondent|translator|photo|image|video|credit|
           responsible\s+editor)\s*[:：]\s*.{1,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# navigation / share / legal junk lines
_JUNK = re.compile(
    r"""^(?:share(?:\s+(?:this|on)\b.*)?|tweet|print|e-?mail|comments?(?:\s*\(\d+\))?|read\s+more.{0,80}|
        related(?:\s+(?:stories|articles|news|reading))?|recommended(?:\s+for\s+you)?|advertisement|
        subscribe.{0,80}|sign\s+up.{0,80}|click\s+here.{0,80}|follow\s+us.{0,80}|
        copyright.{0,120}|©.{0,120}|all\s+rights\s+reserved.{0,80}|back\s+to\s+top|home|menu|
        next\s+article|previous\s+article|top\s+stories|most\s+read|
        \[?(?:photo|image|video)\b[^.]{0,80})$""",
    re.IGNORECASE | re.VERBOSE,
)
_TAIL_SEGMENT = re.compile(r"^[\w'’&.\- ]{1,40}$")
_SENT_END = re.compile(r"""[.!?…]['"”’)]*$""")


@dataclass(slots=True)
class PageLine:
    start: int
    end: int
    kind: str  # title | metadata | boilerplate | body
    title_end: int | None = None  # for title lines with a tag tail: where the headline ends
    meta: dict | None = None


@dataclass(slots=True)
class PageStory:
    start: int
    end: int
    lines: list[PageLine]

    @property
    def title_line(self) -> PageLine | None:
        for ln in self.lines:
            if ln.kind == "title":
                return ln
        return None


def split_tag_tail(line: str) -> int | None:
    """Length of the headline when ``line`` ends with a `` | tag | tag`` tail, else None.

    The first tag is often glued to the headline after its final punctuation
    ("… 35 injuries. Earthquake | Time | Typhoon"): it is split off there.
    """
    if " | " not in line:
        return None
    parts = line.split(" | ")
    tail = parts[1:]
    if not tail or not all(_TAIL_SEGMENT.match(p.strip()) and len(p.split()) <= 5 for p in tail):
        return None
    head = parts[0]
    m = re.search(r"""([.!?…]['"”’]?)\s+([A-Z][\w'’-]*(?:\s+[\w'’-]+){0,2})$""", head)
    if m:
        return m.end(1)
    return len(head)


def meta_of(line: str) -> dict | None:
    """Metadata carried by a metadata line: {'published': raw} or {'byline': …} or {'field': …}."""
    m = _META.match(line.strip())
    if not m:
        return None
    if m.group("date"):
        raw = m.group("date").strip()
        if not re.search(r"\d", raw):
            return None
        return {"published_raw": raw, "label": m.group("label")}
    if m.group("byline"):
        if len(line.split()) > 12:
            return None
        return {"byline": line.strip()[3:].strip()}
    return {"field": line.strip()}


def _titleish(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 25 and not _SENT_END.search(text.rstrip())


def label_lines(text: str, start: int = 0, end: int | None = None, *, known_title: str | None = None) -> list[PageLine]:
    spans = line_spans(text, start, end)
    out: list[PageLine] = []
    prev_text = None
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        nxt = text[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else None
        if prev_text is not None and line == prev_text:
            out.append(PageLine(s, e, "boilerplate"))
            continue
        prev_text = line
        meta = meta_of(line)
        if meta is not None:
            out.append(PageLine(s, e, "metadata", meta=meta))
            continue
        if _JUNK.match(line):
            out.append(PageLine(s, e, "boilerplate"))
            continue
        head = split_tag_tail(line)
        if head is not None or (nxt is not None and nxt == line):
            out.append(PageLine(s, e, "title", title_end=s + head if head is not None else e))
            continue
        out.append(PageLine(s, e, "body"))
    # the first line of a page is its headline when it reads like one and prose follows (when the
    # document's title is known from its metadata, only a line repeating that title is one)
    first = text[out[0].start : out[0].end] if out else ""
    if known_title is not None:
        if out and out[0].kind == "body" and first.strip().rstrip(".") == known_title.strip().rstrip("."):
            out[0].kind = "title"
            out[0].title_end = out[0].end
    elif out and out[0].kind == "body" and _titleish(first) and len(out) > 1:
        out[0].kind = "title"
        out[0].title_end = out[0].end
    return out


def split_stories(text: str, *, known_title: str | None = None) -> list[PageStory]:
    """Group labelled lines into stories: each title line after the first opens a new story."""
    labelled = label_lines(text, known_title=known_title)
    if not labelled:
        return []
    stories: list[PageStory] = []
    current: list[PageLine] = []
    for ln in labelled:
        opens = ln.kind == "title" and any(x.kind in ("body", "title") for x in current)
        if opens:
            stories.append(PageStory(current[0].start, current[-1].end, current))
            current = []
        current.append(ln)
    stories.append(PageStory(current[0].start, current[-1].end, current))
    # a story that is only junk (no title, no body) joins the one before it
    merged: list[PageStory] = []
    for st in stories:
        if merged and not any(x.kind in ("body", "title") for x in st.lines):
            prev = merged[-1]
            merged[-1] = PageStory(prev.start, st.end, prev.lines + st.lines)
        else:
            merged.append(st)
    return merged
