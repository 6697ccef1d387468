"""Relations within one story (``link_story``), in reading order, by the registry's rules: denials first by
anaphora, then by the scored rule; then the pair rules that apply within a story."""

from __future__ import annotations

from .features import STOPWORDS, WORD, ClaimView, Link, stem
from .rules import DENIES, compare, same_source

# a claim is set against the claims before it in its story, at most this many back: every story of PolNeAR's
# 840 articles fits (the longest holds 265 claims), and a transcript or a page of thousands of sentences costs
# time in proportion to its length, not to its square
STORY_WINDOW = 300


def link_story(views: list[ClaimView]) -> list[Link]:
    """Relations within one story, in reading order. Denials link by anaphora, then by content; each claim is
    compared with at most ``STORY_WINDOW`` claims before it."""
    links: list[Link] = []
    ordered = sorted(views, key=lambda v: v.position)
    linked: set[tuple[str, str, str]] = set()  # one link per sentence pair and kind, however many claims
    for i, v in enumerate(ordered):
        if v.kind == "denial":
            target = None
            if v.anaphoric:
                # the nearest earlier claim by another source; first one that names the denier (the accused)
                denier = {stem(w) for s in v.sources for w in WORD.findall(s)} - STOPWORDS
                earlier = [w for w in reversed(ordered[max(0, i - 6) : i])
                           if w.kind != "denial" and w.sentence != v.sentence and not (w.sources & v.sources)
                           and not same_source(v, w) and (w.sources or w.terms & v.context)]
                target = next((w for w in earlier if denier & w.terms), earlier[0] if earlier else None)
                if target is not None:
                    who = ", ".join(sorted(target.sources)) or "the outlet"
                    links.append(Link(v.key, target.key, DENIES.kind, 0.8,
                                      f"anaphora '{(v.denied or 'it')[:40]}' → nearest earlier claim by {who}",
                                      "denial_anaphora"))
                    continue
            best = None
            for w in ordered[max(0, i - STORY_WINDOW) : i]:  # what a story denies, it has reported before
                if same_source(v, w):
                    continue
                s = DENIES.test(v, w, same_story=True)
                if s and (best is None or s[0] > best[0]):
                    best = (s[0], w, s[1])
            if best:
                links.append(Link(v.key, best[1].key, DENIES.kind, min(0.9, 0.3 + best[0] * 0.35), best[2],
                                  "denial_content"))
            continue
        if not v.sources:
            continue  # within a story, the outlet's own assertions are not set against its sources
        for w in ordered[max(0, i - STORY_WINDOW) : i]:
            if w.kind == "denial" or not w.sources or len(v.terms & w.terms) < 2:
                continue  # within a story, a contradiction shares at least two content words
            link = compare(v, w, same_story=True)  # the rules that apply within a story (contradictions)
            if link and (v.sentence, w.sentence, link.kind) not in linked:
                linked.add((v.sentence, w.sentence, link.kind))
                links.append(link)
    return links
