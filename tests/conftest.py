"""Shared fixtures: the seed plans and the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
# Copies of ../shared/gold and of a few ../shared/corpus plans, so the suite runs from any clone.
DATA = ROOT / "tests" / "data"
CORPUS = DATA / "corpus"
GOLD = DATA / "gold"
GOLD_PAIR = GOLD / "xinzheng__langfang.json"


def seed(name: str) -> Path:
    """Path of a seed plan by the start of its file name (``xinzheng`` → seeds/xinzheng-2021-2025.txt)."""
    matches = [p for p in SEED_FILES if p.name.startswith(name)]
    assert len(matches) == 1, f"no single seed named {name!r}"
    return matches[0]


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.stem)
def seed_path(request: pytest.FixtureRequest) -> Path:
    return request.param
