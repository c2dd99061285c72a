"""Align: two Documents → `Alignment`, the sections an analyst would pair.

    align(a, b, pins=(), max_level=None) -> Alignment

Two plans of one family never line up by position: parts are renumbered, renamed,
reordered, moved under another parent, split or merged. The aligner scores pairs of
sections on title, body and structure (`similarity`), finds the optimal one-to-one
matching level by level (`assignment`, `matching`), then adds split and merge parts
and turns the pairs into `Link` records (`links`). docs/alignment.md explains the
method and its thresholds.
"""

from __future__ import annotations

from ..model import Alignment, Document, Pin
from .links import apply_forced, build_links, resolve_pins
from .matching import Matching, match_sections
from .similarity import build_profiles, pair_score

__all__ = ["align"]


def align(a: Document, b: Document, pins: tuple[Pin, ...] = (), max_level: int | None = None) -> Alignment:
    """Pair the sections of two documents.

    Args:
        a: the older (or reference) document.
        b: the newer (or compared) document.
        pins: the user's corrections: pinned links, forbidden links, and sections
            forced to stay unmatched (`Pin` with one line None).
        max_level: link headings down to this level only; deeper sections get no link
            of their own and their text counts as part of their ancestor at this level
            (renderers take that record's end from `Document.subtree_end`).

    Returns:
        An `Alignment` whose links, in reading order, hold every in-scope section of
        both documents exactly once without `borrowed` (front matter with front
        matter, back matter with back matter).

    Raises:
        PinsError: a pin names a line with no section heading.
    """
    scope_a, scope_b = _scope(a, max_level), _scope(b, max_level)
    prof_a, prof_b = build_profiles(a, b, scope_a, scope_b)
    m = Matching(a=a, b=b, prof_a=prof_a, prof_b=prof_b)
    pinned = apply_forced(m, resolve_pins(pins, a, b, set(scope_a), set(scope_b), m))
    _match_matter(m)
    match_sections(m)
    return Alignment(a=a, b=b, links=build_links(m, scope_a, scope_b, pinned))


def _scope(doc: Document, max_level: int | None) -> list[int]:
    """The sections that get links: all of them, or those down to `max_level`."""
    return [s.index for s in doc.sections if max_level is None or s.level <= max_level]


def _match_matter(m: Matching) -> None:
    """Front matter with front matter, back matter with back matter: by role, not content."""
    for role in ("front", "back"):
        x, y = _matter(m.a, role), _matter(m.b, role)
        if x is None or y is None or not m.free_a(x) or not m.free_b(y) or (x, y) in m.forbidden:
            continue
        m.link(x, y, pair_score(m.prof_a[x], m.prof_b[y]))


def _matter(doc: Document, role: str) -> int | None:
    """The index of the document's front (before any heading) or back matter section."""
    first_heading = next((s.index for s in doc.sections if s.level > 0), len(doc.sections))
    for s in doc.sections:
        if s.level == 0 and (s.index < first_heading) == (role == "front"):
            return s.index
    return None
