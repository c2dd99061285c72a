"""Summary: alignment + diffs → `Summary`. (Placeholder: counts only; the real
summariser replaces this module.)"""

from __future__ import annotations

from collections import Counter

from .model import Alignment, ClauseDiff, Summary


def summarise(alignment: Alignment, diffs: tuple[ClauseDiff, ...]) -> Summary:
    counts = Counter(link.status for link in alignment.links)
    return Summary(added=(), removed=(), targets=(), renames=(), counts=dict(counts))
