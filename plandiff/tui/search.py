"""Where a query occurs in both documents, as (link, side, offset) hits in reading order."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from ..model import Comparison, Document


@dataclass(frozen=True, slots=True)
class Hit:
    link: int
    """Index of the link whose text holds the hit."""
    side: str
    """``a`` or ``b``."""
    offset: int
    """Offset of the hit in that side's original text."""


def find_hits(comparison: Comparison, query: str) -> list[Hit]:
    """Every occurrence of `query` (case-insensitive) in A and in B, ordered by link then offset."""
    if not query:
        return []
    hits = []
    for side, document in (("a", comparison.a), ("b", comparison.b)):
        owner = owning_links(comparison, side)
        for offset in _occurrences(document.text.original, query):
            link = owner.get(section_at(document, offset))
            if link is not None:
                hits.append(Hit(link, side, offset))
    return sorted(hits, key=lambda h: (h.link, h.side, h.offset))


def owning_links(comparison: Comparison, side: str) -> dict[int, int]:
    """Section index → the link that carries that section's text on `side`.

    A split (or merged) section is named by several links; only the first owns the
    text, the later ones are `borrowed`.
    """
    owner: dict[int, int] = {}
    for index, link in enumerate(comparison.alignment.links):
        section = link.a if side == "a" else link.b
        if section is not None and section not in owner:
            owner[section] = index
    return owner


def section_at(document: Document, offset: int) -> int:
    """Index of the section whose own text holds `offset`."""
    starts = [s.start for s in document.sections]
    return max(0, bisect_right(starts, offset) - 1)


def _occurrences(text: str, query: str) -> list[int]:
    haystack, needle = text.casefold(), query.casefold()
    if len(haystack) != len(text):
        # casefold changed lengths (ß → ss): offsets would drift, search as written.
        haystack, needle = text, query
    found, pos = [], haystack.find(needle)
    while pos != -1:
        found.append(pos)
        pos = haystack.find(needle, pos + len(needle))
    return found
