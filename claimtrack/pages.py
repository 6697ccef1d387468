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
from functools import lru_cache

from . import classify, fastre, lexicon
from .segment import lines as line_spans

_META = fastre.compile(
    r"""^(?:
        (?P<label>release\s*time|released|published(?:\s+on|\s+at)?|publication\s+date|posted(?:\s+on|\s+at)?|
           updated(?:\s+on|\s+at)?|last\s+updated|last\s+modified|modified|date|time|first\s+published(?:\s+on|\s+at)?)
           \s*[:：]?\s*(?P<date>.{4,60})
      | (?:source|editor|editors|author|reporter|writer|correspondent|translator|responsible\s+editor|chief\s+editor|
           contributor|written\s+by|edited\s+by)\s*[:：]\s*.{1,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# bylines: "By Maria Gonzalez and Tom Hale, Reuters", "By Yuki Tanaka | Staff Writer" (names capitalized)
_BYLINE = fastre.compile(
    r"""^(?:[Bb]y|BY)\s+(?P<name>[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|al|bin|da|di|le|la))*
        (?:\s*(?:,|and|&)\s*[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4})*)
        (?:\s*[,|/–-]\s*[A-Z][\w .&'’-]{1,40})?$""",
    re.VERBOSE,
)
_BYLINE_ROLE = re.compile(r"\s*,\s*(?:[A-Z][\w&-]*\s+){0,3}(?:Reporter|Correspondent|Editor|Writer|Columnist|"
                          r"Staff|Contributor|Producer|Analyst)s?\s*$")
# navigation / share / legal junk lines
_JUNK = fastre.compile(
    r"""^(?:share(?:\s+(?:this|on)\b.*)?|tweet|print|e-?mail|comments?(?:\s*\(\d+\))?|read\s+more\b.{0,80}|
        related(?:\s+(?:stories|articles|news|reading))?|recommended(?:\s+for\s+you)?|advertisement|
        subscribe(?:\s+(?:now|today|to|for|here)\b.{0,80})?|sign\s+up\b.{0,80}|click\s+here\b.{0,80}|
        follow\s+us\b.{0,80}|copyright\s*(?:©|\(c\)|\d{4}).{0,120}|©.{0,120}|all\s+rights\s+reserved.{0,80}|
        back\s+to\s+top|home|menu|next\s+article|previous\s+article|top\s+stories|most\s+read|
        \[?(?:photo|image|video|picture|credit)s?(?:\s+credit)?\s*[:：][^.]{0,80}|\[(?:photo|image|video)\b[^.]{0,80}|
        (?:photo|image|video)s?)$""",
    re.IGNORECASE | re.VERBOSE,
)
_TAIL_SEGMENT = fastre.compile(r"^[\w'’&.\- ]{1,40}$")
_SENT_END = fastre.compile(r"""[.!?…]['"”’)]*$""")


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


_FUNCTION_WORDS = frozenset(
    "a an the of on in at to for from by with and or but as into over about against after before than "
    "is are was were be been has have had will would can could may might must not no its his her their our "
    "this that these those".split()
)


@lru_cache(maxsize=1)
def _two_word_places() -> frozenset[str]:
    names = set()
    for row in lexicon.table("countries.tsv"):
        for name in [row["name"], *row.items("demonyms"), *row.items("aliases")]:
            words = name.split()
            if len(words) >= 2:
                names.add(" ".join(words[-2:]).lower())
    return frozenset(names)


def split_tag_tail(line: str, expected_tags: int | None = None) -> int | None:
    """Length of the headline when ``line`` ends with a `` | tag | tag`` tail, else None.

    The first tag is often glued to the headline after its final punctuation
    ("… 35 injuries. Earthquake | Time | Typhoon"): it is split off there. Without punctuation
    ("… for Half a Year Shenzhou | Experiment | Crew") a glued first tag is split off only when the page's
    other tag tails show one tag more than this line has (``expected_tags``), and the word reads like a tag:
    capitalized, not after a function word ("on Donbass" stays), not the end of a place name ("North
    Korea" stays). Title-case headlines can still lose a last name word ("… meets Joe Biden | Tag | Tag" on
    a page whose other items carry three tags): the line is kept for audit, the title is the only loss.
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
    if expected_tags is not None and len(tail) + 1 == expected_tags:
        g = re.search(r"""(\S+)\s+([A-Z][\w'’-]*)$""", head)
        if g and g.group(1).lower() not in _FUNCTION_WORDS and g.group(1)[-1:].isalnum() \
                and f"{g.group(1)} {g.group(2)}".lower() not in _two_word_places() \
                and len(head[: g.start(2)].split()) >= 4:
            return g.end(1)
    return len(head)


def tag_count(line: str) -> int | None:
    """How many tags a line's tag tail holds (counting one glued after the headline's final punctuation)."""
    head = split_tag_tail(line)
    if head is None:
        return None
    first = line.split(" | ")[0]
    return line.count(" | ") + (1 if head < len(first) else 0)


def meta_of(line: str) -> dict | None:
    """Metadata carried by a metadata line: {'published_raw': …} or {'byline': …} or {'field': …}."""
    t = line.strip()
    m = _META.match(t)
    if m:
        if m.group("date"):
            raw = m.group("date").strip()
            if not re.search(r"\d", raw):
                return None
            return {"published_raw": raw, "label": m.group("label")}
        return {"field": t}
    b = _BYLINE.match(t)
    if b and len(t.split()) <= 12:
        # "By Sarah Klein, Business Reporter": the name, not the desk
        return {"byline": _BYLINE_ROLE.sub("", b.group("name")).strip()}
    if classify.is_metadata(t):
        # a bare date or timestamp line ("Friday, 12 April 2024") dates the story; others are fields
        if re.search(r"(?:1[89]|20)\d{2}", t) and not re.search(r"[a-z]{3,}\s+by\b|\bcontributed\b", t, re.I) \
                and not re.match(r"^[A-Z][A-Z.'-]+", t):
            return {"published_raw": t, "label": None}
        return {"field": t}
    return None


def _titleish(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 25 and not _SENT_END.search(text.rstrip())


def label_lines(text: str, start: int = 0, end: int | None = None, *, known_title: str | None = None) -> list[PageLine]:
    spans = line_spans(text, start, end)
    out: list[PageLine] = []
    # how many tags this page's tag tails usually hold (to find a first tag glued to its headline)
    # (the largest count a tag line on the page shows)
    expected = max((c for c in (tag_count(t) for t in {text[s:e] for s, e in spans}) if c), default=None)
    prev_text = None
    for i, (s, e) in enumerate(spans):
        line = text[s:e]
        nxt = text[spans[i + 1][0] : spans[i + 1][1]] if i + 1 < len(spans) else None
        if prev_text is not None and line == prev_text:
            out.append(PageLine(s, e, "boilerplate"))
            continue
        if out and out[-1].kind == "title" and out[-1].title_end is not None \
                and line.strip() == text[out[-1].start : out[-1].title_end].strip():
            # the headline again under its tagged line ("Headline | Tag | Tag" / "Headline"): a repeat
            out.append(PageLine(s, e, "boilerplate"))
            continue
        prev_text = line
        meta = meta_of(line)
        if meta is not None:
            out.append(PageLine(s, e, "metadata", meta=meta))
            continue
        if _JUNK.match(line) or (classify.is_boilerplate(line) and " | " not in line):
            out.append(PageLine(s, e, "boilerplate"))
            continue
        head = split_tag_tail(line, expected)
        if head is not None and nxt is not None and nxt.strip() == line.split(" | ")[0].strip():
            head = len(line.split(" | ")[0])  # the next line repeats the whole headline: no tag is glued to it
        if head is not None and len(line[:head].split()) < 5 and nxt != line:
            # a navigation or tag line ("Elections | Europe | Far right"), not a headline with a tag tail
            out.append(PageLine(s, e, "boilerplate"))
            continue
        if head is not None or (nxt is not None and nxt == line):
            out.append(PageLine(s, e, "title", title_end=s + head if head is not None else e))
            continue
        out.append(PageLine(s, e, "body"))
    # the first line of a page is its headline when it reads like one and prose follows (when the
    # document's title is known from its metadata, only a line repeating that title is one)
    # (navigation, share and date lines above it do not count: "Home | Business | Markets" then the headline)
    top = next((ln for ln in out if ln.kind not in ("boilerplate", "metadata")), None)
    first = text[top.start : top.end] if top else ""
    if top is None or any(ln.kind == "title" for ln in out[: out.index(top)]):
        return out
    if known_title is not None:
        if top.kind == "body" and first.strip().rstrip(".") == known_title.strip().rstrip("."):
            top.kind = "title"
            top.title_end = top.end
    elif top.kind == "body" and _titleish(first) and top is not out[-1]:
        top.kind = "title"
        top.title_end = top.end
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
