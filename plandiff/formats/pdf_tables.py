"""Ruled tables in PDFs, read back as tab-separated rows.

A PDF keeps no table structure: a task-division table (重点任务分工) is only text placed
in cells and the lines of its grid. Read as plain lines, its cells interleave and a
numbered cell ("1．实施青少年科学素质提升行动") looks like a heading. The grid's rules
are in the page's drawing, so a table is recovered from them:

- the vertical rules that overlap one another vertically, at three or more distinct
  x positions, make a grid whose columns lie between them;
- its horizontal rules split it into rows (without inner rules, each text line is a row);
- every character goes to the cell its centre falls in, and a cell's wrapped lines
  are joined.

A page frame (two verticals) or an underline is no grid. Tables without rules are
left to the line reader.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

_THIN = 2.0  # points: a rule is a line or a rectangle at most this thick
_MIN_RULE = 8.0  # points: shorter strokes are glyph parts or ticks, not rules
_SAME = 2.0  # points: positions this close are the same rule


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table on a page (PDF points, y grows upwards)."""

    x0: float
    x1: float
    y0: float
    y1: float
    columns: tuple[float, ...]
    """x of the vertical rules, left to right: column i lies between columns[i] and columns[i+1]."""
    rows: tuple[float, ...]
    """y of the horizontal rules, top to bottom (only the outer ones when the table has no inner rules)."""

    def holds(self, x: float, y: float) -> bool:
        return self.x0 - _SAME <= x <= self.x1 + _SAME and self.y0 - _SAME <= y <= self.y1 + _SAME


def find_grids(curves: Iterable[Any]) -> list[Grid]:
    """The ruled tables drawn by `curves` (pdfminer LTLine/LTRect/LTCurve objects)."""
    verticals: list[tuple[float, float, float]] = []  # (x, y0, y1)
    horizontals: list[tuple[float, float, float]] = []  # (y, x0, x1)
    for curve in curves:
        for x0, y0, x1, y1 in _rules_of(curve):
            if x1 - x0 <= _THIN and y1 - y0 >= _MIN_RULE:
                verticals.append(((x0 + x1) / 2, y0, y1))
            elif y1 - y0 <= _THIN and x1 - x0 >= _MIN_RULE:
                horizontals.append(((y0 + y1) / 2, x0, x1))
    grids = []
    for group in _overlapping(verticals):
        columns = _distinct(x for x, _, _ in group)
        if len(columns) < 3:
            continue  # a frame or a box around a paragraph, not a table
        y0, y1 = min(v[1] for v in group), max(v[2] for v in group)
        rows = _distinct(
            y for y, x0, x1 in horizontals if y0 - _SAME <= y <= y1 + _SAME and x0 < columns[-1] and x1 > columns[0]
        )
        rows = tuple(sorted(set(rows) | {y0, y1}, reverse=True)) if len(rows) >= 2 else (y1, y0)
        grids.append(Grid(columns[0], columns[-1], y0, y1, columns, _distinct_desc(rows)))
    return grids


def grid_rows(grid: Grid, lines: Iterable[Any]) -> list[tuple[float, list[str]]]:
    """The rows of `grid` as (top, cells), top to bottom, from the pdfminer text
    lines that lie in it. Cells hold their characters in reading order."""
    from pdfminer.layout import LTChar

    pieces: dict[tuple[int, int], list[tuple[float, float, str]]] = {}
    line_rows: dict[int, float] = {}
    for line in lines:
        for char in line:
            if not isinstance(char, LTChar):
                continue  # pdfminer's inserted spaces and line ends (LTAnno) have no place
            x, y = (char.x0 + char.x1) / 2, (char.y0 + char.y1) / 2
            row = _row_of(grid, y, line)
            line_rows.setdefault(row, line.y1)
            col = min(max(bisect_right(grid.columns, x) - 1, 0), len(grid.columns) - 2)
            pieces.setdefault((row, col), []).append((-round(line.y1, 1), char.x0, char.get_text()))
    rows = []
    for row in sorted({r for r, _ in pieces}):
        cells = [
            "".join(text for *_, text in sorted(pieces.get((row, col), []))) for col in range(len(grid.columns) - 1)
        ]
        rows.append((line_rows[row], cells))
    return rows


def _row_of(grid: Grid, y: float, line: Any) -> int:
    if len(grid.rows) > 2:
        # rows holds y top to bottom; row i lies between rows[i] and rows[i+1].
        below = sum(1 for rule in grid.rows if rule > y)
        return min(max(below - 1, 0), len(grid.rows) - 2)
    # No inner rules: each text line is a row, numbered from the top.
    return -int(round(line.y1))


def _rules_of(curve: Any) -> list[tuple[float, float, float, float]]:
    """The straight strokes of a drawing: a thin line or rectangle is one rule, a
    stroked (unfilled) cell rectangle is its four edges."""
    x0, y0, x1, y1 = curve.x0, curve.y0, curve.x1, curve.y1
    if x1 - x0 <= _THIN or y1 - y0 <= _THIN:
        return [(x0, y0, x1, y1)]
    if type(curve).__name__ == "LTRect" and getattr(curve, "stroke", False) and not getattr(curve, "fill", False):
        return [(x0, y0, x0, y1), (x1, y0, x1, y1), (x0, y0, x1, y0), (x0, y1, x1, y1)]
    return []


def _overlapping(verticals: list[tuple[float, float, float]]) -> list[list[tuple[float, float, float]]]:
    """Vertical rules grouped where their y ranges overlap (one group per table)."""
    groups: list[list[tuple[float, float, float]]] = []
    bottom = float("-inf")  # of the current group
    for rule in sorted(verticals, key=lambda v: -v[2]):  # from the top of the page down
        if groups and rule[2] >= bottom - _SAME:
            groups[-1].append(rule)
            bottom = min(bottom, rule[1])
        else:
            groups.append([rule])
            bottom = rule[1]
    return groups


def _distinct(values: Iterable[float]) -> tuple[float, ...]:
    """Sorted values with near-equal ones (within _SAME) merged."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > _SAME:
            out.append(value)
    return tuple(out)


def _distinct_desc(values: Iterable[float]) -> tuple[float, ...]:
    return tuple(reversed(_distinct(values)))
