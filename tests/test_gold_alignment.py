"""The aligner against the hand-made gold alignment (tests/data/gold/README.md).

Run with ``-s`` to see precision, recall and F1; the issue asks for F1 ≥ 0.95 on
level 1–2 headings and ≥ 0.85 over all levels.
"""

from __future__ import annotations

import json

import pytest

from plandiff.align import align
from plandiff.ingest import read_text
from plandiff.structure import parse_document

from .conftest import GOLD_PAIR, SEEDS
from .gold import score


@pytest.fixture(scope="module")
def gold_alignment():
    data = json.loads(GOLD_PAIR.read_text(encoding="utf-8"))
    a = parse_document(read_text(SEEDS / data["a"]))
    b = parse_document(read_text(SEEDS / data["b"]))
    return align(a, b)


@pytest.mark.parametrize(("max_level", "required"), [(2, 0.95), (None, 0.85)], ids=["levels-1-2", "all-levels"])
def test_alignment_agrees_with_gold(gold_alignment, max_level: int | None, required: float) -> None:
    result = score(gold_alignment, GOLD_PAIR, max_level)
    print(f"\ngold {GOLD_PAIR.stem} levels ≤ {max_level or 'all'}: {result}")
    print(f"  missed: {result.missed}\n  wrong:  {result.wrong}")
    assert result.f1 >= required


def test_gold_partial_links_are_splits_or_merges(gold_alignment) -> None:
    """The gold's top-level merge (actions and projects folded into one part) is found."""
    data = json.loads(GOLD_PAIR.read_text(encoding="utf-8"))
    partial = [(lk["a_line"], lk["b_line"]) for lk in data["links"] if lk["kind"] == "partial" and lk["level"] == 1]
    al = gold_alignment
    found = {
        (al.a.sections[lk.a].line, al.b.sections[lk.b].line): lk.kind
        for lk in al.links
        if lk.a is not None and lk.b is not None
    }
    assert all(found.get(pair) in ("split", "merged") for pair in partial), (partial, found)
