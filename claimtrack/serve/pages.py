"""HTML pieces of the serve pages, drawn on the server: a story's text with a claim's spans highlighted, a
source's network and its timeline as inline SVG. Pure functions of rows (no Datasette, no JavaScript), so
the pages work offline and the drawing is testable without the extra.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

# what a claim's page highlights, in the order their classes are written
MARK_KINDS = ("sentence", "content", "cue", "mention", "date")
KIND_COLOURS = {"cites": "#5c6bc0", "denies": "#c62828", "contradicts": "#ef6c00"}
TIMELINE_LANES = ("claims", "relays", "denies", "denied by", "contradicts", "contradicted by")
LANE_COLOURS = {"claims": "#37474f", "relays": "#5c6bc0", "denies": "#c62828", "denied by": "#c62828",
                "contradicts": "#ef6c00", "contradicted by": "#ef6c00"}


@dataclass(frozen=True)
class Mark:
    """A span to highlight: character offsets into the document text (Python str indexing, end exclusive)."""

    kind: str
    start: int
    end: int


def highlight(text: str, offset: int, marks: Sequence[Mark]) -> str:
    """``text`` (the document's characters from ``offset`` on) as HTML, each character inside a
    ``<span class="ct-KIND …">`` for every mark that covers it. Marks may overlap or nest (a mention inside a
    cue): the text is cut at every mark's ends and each piece carries the classes of the marks around it, so
    the pieces of one kind, read in order, are exactly that mark's text."""
    n = len(text)
    spans = [(max(0, m.start - offset), min(n, m.end - offset), m.kind) for m in marks
             if m.end > m.start and m.end > offset and m.start < offset + n]
    cuts = sorted({0, n, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        kinds = {k for s, e, k in spans if s <= a and b <= e}
        piece = escape(text[a:b], quote=False)
        if kinds:
            classes = " ".join(f"ct-{k}" for k in MARK_KINDS if k in kinds)
            out.append(f'<span class="{classes}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


@dataclass(frozen=True)
class Edge:
    """Links between the page's source and another one, of one kind."""

    kind: str  # cites | denies | contradicts
    other_id: int
    other: str
    links: int


def _neighbours(edges: Sequence[Edge], limit: int) -> list[tuple[int, str, dict[str, int]]]:
    by: dict[int, tuple[str, dict[str, int]]] = {}
    for e in edges:
        by.setdefault(e.other_id, (e.other, {}))[1][e.kind] = e.links
    ranked = sorted(by.items(), key=lambda kv: (-sum(kv[1][1].values()), kv[1][0]))
    return [(oid, name, kinds) for oid, (name, kinds) in ranked[:limit]]


def _text(x: float, y: float, s: str, anchor: str = "start", cls: str = "", fill: str | None = None) -> str:
    fill_attr = f' fill="{fill}"' if fill else ""
    return (f'<text x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}"{fill_attr}'
            f'{f" class={chr(34)}{cls}{chr(34)}" if cls else ""}>{escape(s)}</text>')


def _short(name: str, width: int = 34) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def network_svg(name: str, incoming: Sequence[Edge], outgoing: Sequence[Edge], *,
                source_href: Callable[[int], str], evidence_href: Callable[[str, int, int], str],
                source_id: int, limit: int = 18) -> str:
    """Who acts on the source (left: cites, denies or contradicts it) and whom it acts on (right), each
    neighbour a link to its own network and each edge's count a link to the rows behind it. At most
    ``limit`` neighbours a side, those with the most links (the page's tables list all)."""
    left, right = _neighbours(incoming, limit), _neighbours(outgoing, limit)
    row, top = 30, 46
    height = max(170, top + row * max(len(left), len(right), 1) + 20)
    width, lx, cx, rx = 980, 250, 490, 730
    cy = top + (height - top - 20) / 2
    parts = [f'<svg class="ct-network" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(name)}: network">',
             "<defs>" + "".join(
                 f'<marker id="arrow-{k}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" '
                 f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{c}"/></marker>'
                 for k, c in KIND_COLOURS.items()) + "</defs>",
             _text(lx, 22, "cite, deny or contradict it", "middle", "ct-head"),
             _text(rx, 22, "it cites, denies or contradicts", "middle", "ct-head")]

    def side(nodes, x: float, incoming_side: bool) -> None:
        n = len(nodes)
        for i, (oid, other, kinds) in enumerate(nodes):
            y = top + row * i + row / 2 + (row * (max(len(left), len(right)) - n)) / 2
            label_at = 18.0  # the counts' labels side by side along the node's edges, each as wide as its text
            for j, (kind, links) in enumerate(sorted(kinds.items())):
                dy = (j - (len(kinds) - 1) / 2) * 5
                x1, y1, x2, y2 = (x + 7, y + dy, cx - 14, cy + dy) if incoming_side else (cx + 12, cy + dy, x - 9, y + dy)
                mx = (x1 + x2) / 2
                colour = KIND_COLOURS[kind]
                dash = ' stroke-dasharray="5 3"' if kind == "cites" else ""
                width_ = 1.2 + min(4.0, math.log2(1 + links))
                src, tgt = (oid, source_id) if incoming_side else (source_id, oid)
                parts.append(
                    f'<path d="M{x1:.0f},{y1:.0f} C{mx:.0f},{y1:.0f} {mx:.0f},{y2:.0f} {x2:.0f},{y2:.0f}" '
                    f'fill="none" stroke="{colour}" stroke-width="{width_:.1f}"{dash} '
                    f'marker-end="url(#arrow-{kind})" opacity="0.8"/>')
                label = f"{kind} {links}"
                lx_ = x + (label_at if incoming_side else -label_at)
                label_at += 6.6 * len(label) + 8
                parts.append(
                    f'<a href="{escape(evidence_href(kind, src, tgt))}" class="ct-edge" data-kind="{kind}" '
                    f'data-other="{oid}" data-links="{links}">'
                    f'<title>{escape(other if incoming_side else name)} {kind} '
                    f'{escape(name if incoming_side else other)}: {links}</title>'
                    + _text(lx_, y - 5, label, "start" if incoming_side else "end", "ct-count", colour)
                    + "</a>")
            anchor, tx = ("end", x - 10) if incoming_side else ("start", x + 10)
            parts.append(f'<a href="{escape(source_href(oid))}" class="ct-node" data-id="{oid}">'
                         f'<title>{escape(other)}</title>'
                         f'<circle cx="{x:.0f}" cy="{y:.0f}" r="6" fill="#fff" stroke="#37474f" stroke-width="2"/>'
                         + _text(tx, y + 4, _short(other), anchor) + "</a>")

    side(left, lx, True)
    side(right, rx, False)
    if not left:
        parts.append(_text(lx, cy + 4, "nobody", "middle", "ct-none"))
    if not right:
        parts.append(_text(rx, cy + 4, "nobody", "middle", "ct-none"))
    parts.append(f'<circle cx="{cx}" cy="{cy:.0f}" r="11" fill="#37474f"/>')
    parts.append(_text(cx, cy + 30, _short(name, 40), "middle", "ct-centre"))
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class Point:
    item: str  # one of TIMELINE_LANES
    day: date | None
    count: int


def timeline_svg(points: Sequence[Point], *, href: Callable[[str, date | None], str]) -> str:
    """One lane per kind of item (claims, relays, denies, denied by, …), a dot per day sized by its count,
    each dot a link to that day's rows; undated items are counted at the lane's end."""
    lanes = [lane for lane in TIMELINE_LANES if any(p.item == lane for p in points)] or ["claims"]
    days = sorted({p.day for p in points if p.day is not None})
    width, left, right, lane_h, top = 980, 130, 110, 34, 14
    height = top + lane_h * len(lanes) + 34
    x0, x1 = left + 10, width - right - 10
    first, last = (days[0], days[-1]) if days else (None, None)
    span = (last - first).days if first and last else 0

    def x_of(d: date) -> float:
        if not span or first is None:
            return (x0 + x1) / 2
        return x0 + (x1 - x0) * (d - first).days / span

    parts = [f'<svg class="ct-timeline" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="timeline">']
    for i, lane in enumerate(lanes):
        y = top + lane_h * i + lane_h / 2
        parts.append(f'<line x1="{x0}" y1="{y:.0f}" x2="{x1}" y2="{y:.0f}" stroke="#e0e0e0"/>')
        parts.append(_text(left, y + 4, lane, "end", "ct-lane", LANE_COLOURS[lane]))
        undated = sum(p.count for p in points if p.item == lane and p.day is None)
        if undated:
            parts.append(f'<a href="{escape(href(lane, None))}" class="ct-dot" data-item="{escape(lane)}" '
                         f'data-day="" data-count="{undated}">'
                         + _text(x1 + 16, y + 4, f"{undated} undated", "start", "ct-undated") + "</a>")
    axis_y = top + lane_h * len(lanes) + 4
    parts.append(f'<line x1="{x0}" y1="{axis_y}" x2="{x1}" y2="{axis_y}" stroke="#9e9e9e"/>')
    if first is not None and last is not None:
        ticks = [first] if not span else [date.fromordinal(first.toordinal() + round(span * k / 5)) for k in range(6)]
        for t in dict.fromkeys(ticks):
            x = x_of(t)
            parts.append(f'<line x1="{x:.0f}" y1="{axis_y}" x2="{x:.0f}" y2="{axis_y + 5}" stroke="#9e9e9e"/>')
            parts.append(_text(x, axis_y + 18, t.isoformat(), "middle", "ct-tick"))
    for p in points:
        if p.day is None or p.item not in lanes:
            continue
        y = top + lane_h * lanes.index(p.item) + lane_h / 2
        r = min(13.0, 3.0 + 2.2 * math.sqrt(p.count))
        parts.append(f'<a href="{escape(href(p.item, p.day))}" class="ct-dot" data-item="{escape(p.item)}" '
                     f'data-day="{p.day.isoformat()}" data-count="{p.count}">'
                     f'<title>{p.day.isoformat()}: {p.count} {escape(p.item)}</title>'
                     f'<circle cx="{x_of(p.day):.1f}" cy="{y:.0f}" r="{r:.1f}" fill="{LANE_COLOURS[p.item]}" '
                     f'fill-opacity="0.55" stroke="{LANE_COLOURS[p.item]}"/></a>')
    parts.append("</svg>")
    return "".join(parts)
