"""Tables for the benchmark: one structure, printed as text or written as markdown."""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass, field


@dataclass
class Table:
    """A titled table with notes under it (what was measured, how, what was skipped)."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, *cells: object) -> None:
        self.rows.append([str(cell) for cell in cells])


def seconds(value: float | None) -> str:
    """A duration for humans: ``850 µs``, ``12.3 ms``, ``1.24 s``; ``–`` when unknown."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if value < 1e-3:
        return f"{value * 1e6:.0f} µs"
    if value < 1:
        return f"{value * 1e3:.1f} ms"
    return f"{value:.2f} s"


def ratio(value: float | None, base: float | None) -> str:
    if value is None or not base:
        return "–"
    share = value / base
    return f"{share:.2g}×" if share < 10 else f"{share:.0f}×"


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def as_text(table: Table) -> str:
    """The table in monospace columns; the first column left-aligned, numbers right."""
    widths = [max(_width(row[i]) for row in [table.headers, *table.rows]) for i in range(len(table.headers))]
    lines = [table.title, "=" * _width(table.title)]
    for n, row in enumerate([table.headers, *table.rows]):
        lines.append("  ".join(_pad(cell, widths[i], right=i > 0) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.extend(f"  * {note}" for note in table.notes)
    return "\n".join(lines) + "\n"


def as_markdown(table: Table) -> str:
    """The table as GitHub markdown (cells escaped for pipes)."""

    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    lines = [f"### {table.title}", "", row(table.headers), "|" + "|".join(["---"] + ["---:"] * (len(table.headers) - 1)) + "|"]
    lines.extend(row(r) for r in table.rows)
    if table.notes:
        lines.append("")
        lines.extend(f"- {note}" for note in table.notes)
    return "\n".join(lines) + "\n"


def growth_exponent(sizes: list[float], times: list[float]) -> float | None:
    """Least-squares slope of log(time) on log(size): 1 is linear, 2 quadratic."""
    points = [(math.log(s), math.log(t)) for s, t in zip(sizes, times) if s > 0 and t > 0]
    if len(points) < 2:
        return None
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return None
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread
