"""next_stop / previous_stop: where the change keys land, on made-up stop lists."""

from __future__ import annotations

from plandiff.tui.navigation import next_stop, previous_stop

STOPS = {0: [], 1: [0, 4], 2: [None], 3: [], 4: [2]}


def stops(link: int) -> list[int | None]:
    return STOPS[link]


def test_next_walks_rows_then_sections_and_stops_at_the_end() -> None:
    links = list(STOPS)
    seen, here = [], (None, None)
    while (stop := next_stop(*here, links, stops)) is not None:
        seen.append(stop)
        here = stop
    assert seen == [(1, 0), (1, 4), (2, None), (4, 2)]


def test_previous_is_the_reverse_walk() -> None:
    links = list(STOPS)
    seen, here = [], (4, 2)
    while (stop := previous_stop(*here, links, stops)) is not None:
        seen.append(stop)
        here = stop
    assert seen == [(2, None), (1, 4), (1, 0)]


def test_from_a_heading_the_next_stop_is_the_first_changed_row() -> None:
    assert next_stop(1, None, list(STOPS), stops) == (1, 0)
    assert previous_stop(1, None, list(STOPS), stops) is None


def test_hidden_sections_are_skipped() -> None:
    assert next_stop(1, 4, [0, 1, 4], stops) == (4, 2)
