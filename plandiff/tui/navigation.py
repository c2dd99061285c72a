"""Where "next change" and "previous change" land: pure functions over stop positions.

A stop is a (link index, row) pair; row None is the section's heading, which comes
before its row 0. A section's stops come from a callback, so rows are built only for
the sections the search passes through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Stop = tuple[int, int | None]
Stops = Callable[[int], list[int | None]]


def next_stop(link: int | None, row: int | None, links: Sequence[int], stops: Stops) -> Stop | None:
    """The first stop after (`link`, `row`) among `links` (in order), or None at the end."""
    if link is not None:
        here = _order(row)
        later = [s for s in stops(link) if _order(s) > here]
        if later:
            return link, later[0]
    for candidate in links:
        if link is None or candidate > link:
            found = stops(candidate)
            if found:
                return candidate, found[0]
    return None


def previous_stop(link: int | None, row: int | None, links: Sequence[int], stops: Stops) -> Stop | None:
    """The last stop before (`link`, `row`) among `links`, or None at the start."""
    if link is not None:
        here = _order(row)
        earlier = [s for s in stops(link) if _order(s) < here]
        if earlier:
            return link, earlier[-1]
    for candidate in reversed(links):
        if link is None or candidate < link:
            found = stops(candidate)
            if found:
                return candidate, found[-1]
    return None


def _order(row: int | None) -> int:
    return -1 if row is None else row
