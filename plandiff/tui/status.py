"""The status of each link as the reader sees it: a name, a symbol and a colour.

The symbol carries the meaning on its own (terminals without colour, NO_COLOR,
colour-blind readers); the colour only repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Comparison

LOW_CONFIDENCE = 0.6
"""Links the aligner is less sure of than this are flagged with ``?`` in the tree."""


@dataclass(frozen=True, slots=True)
class Look:
    """How one status is drawn."""

    symbol: str
    style: str
    description: str


STATUSES: dict[str, Look] = {
    "unchanged": Look("=", "dim", "matched, same text (after normalisation)"),
    "modified": Look("~", "yellow", "matched, text changed"),
    "renamed": Look("≈", "magenta", "matched under a different heading"),
    "moved": Look("↕", "cyan", "matched, but in another place of the tree"),
    "split": Look("⑂", "blue", "one section split into several, or several merged into one"),
    "added": Look("+", "green", "only in B"),
    "removed": Look("−", "red", "only in A"),
}
"""Every status, in the order the filter menu and the docs list them."""

CHANGED = frozenset(STATUSES) - {"unchanged"}


def link_status(comparison: Comparison, index: int) -> str:
    """The reader's status of link `index`: one of `STATUSES`.

    The aligner's kind wins over the text diff (a renamed section that also changed
    is shown as renamed; its clause rows still show the edits).
    """
    link = comparison.alignment.links[index]
    if link.status == "added":
        return "added"
    if link.status == "removed":
        return "removed"
    if link.kind in ("split", "merged"):
        return "split"
    if link.kind in ("renamed", "moved"):
        return link.kind
    return "modified" if comparison.diffs[index].changed else "unchanged"


def is_low_confidence(comparison: Comparison, index: int) -> bool:
    """True for matched, unpinned links the aligner is unsure of."""
    link = comparison.alignment.links[index]
    return link.status == "matched" and not link.pinned and link.confidence < LOW_CONFIDENCE


def status_counts(comparison: Comparison) -> dict[str, int]:
    """How many links have each status (every status present, zeros included)."""
    counts = dict.fromkeys(STATUSES, 0)
    for index in range(len(comparison.alignment.links)):
        counts[link_status(comparison, index)] += 1
    return counts
