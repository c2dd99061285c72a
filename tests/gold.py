"""Scoring an alignment against a hand-made gold file (format: tests/data/gold/README.md).

Links are compared as (A heading line, B heading line) pairs; an unmatched section is a
pair with None on the other side. Gold ``partial`` links correspond to our split and
merged links. Predicted pairs that touch no line the gold file mentions are not counted
(the gold leaves doubtful level-3 pairs and table rows out on purpose).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from plandiff.model import Alignment

Pair = tuple[int | None, int | None]


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float
    hits: int
    predicted: int
    gold: int
    missed: tuple[Pair, ...]
    wrong: tuple[Pair, ...]

    def __str__(self) -> str:
        counts = f"{self.hits}/{self.predicted} predicted, {self.gold} gold"
        return f"P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} ({counts})"


def gold_pairs(path: Path, max_level: int | None = None) -> dict[Pair, int]:
    """Gold pairs with their level (min of both sides), optionally only down to `max_level`."""
    data = json.loads(path.read_text(encoding="utf-8"))
    pairs: dict[Pair, int] = {}
    for link in data["links"]:
        pairs[(link["a_line"], link["b_line"])] = link["level"]
    for item in data["only_a"]:
        pairs[(item["line"], None)] = item["level"]
    for item in data["only_b"]:
        pairs[(None, item["line"])] = item["level"]
    return {p: lv for p, lv in pairs.items() if max_level is None or lv <= max_level}


def predicted_pairs(alignment: Alignment, max_level: int | None = None) -> dict[Pair, int]:
    """The alignment's heading links as line pairs with their level (min of both sides)."""
    pairs: dict[Pair, int] = {}
    for link in alignment.links:
        sa = alignment.a.sections[link.a] if link.a is not None else None
        sb = alignment.b.sections[link.b] if link.b is not None else None
        levels = [s.level for s in (sa, sb) if s is not None]
        if 0 in levels:
            continue  # front and back matter are not headings
        level = min(levels)
        if max_level is None or level <= max_level:
            pairs[(sa.line if sa else None, sb.line if sb else None)] = level
    return pairs


def score(alignment: Alignment, gold_path: Path, max_level: int | None = None) -> Score:
    """Precision, recall and F1 of the alignment's links against the gold file."""
    gold = set(gold_pairs(gold_path, max_level))
    lines_a = {a for a, _ in gold if a is not None}
    lines_b = {b for _, b in gold if b is not None}
    predicted = {p for p in predicted_pairs(alignment, max_level) if p[0] in lines_a or p[1] in lines_b}
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(
        precision,
        recall,
        f1,
        hits,
        len(predicted),
        len(gold),
        missed=tuple(sorted(gold - predicted, key=str)),
        wrong=tuple(sorted(predicted - gold, key=str)),
    )
