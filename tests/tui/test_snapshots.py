"""How `plandiff view` looks: SVG snapshots (pytest-textual-snapshot) at 80×24 and 160×48.

Each case's docstring says what the picture proves. Regenerate after looking at the
report: ``python -m pytest tests/tui/test_snapshots.py --snapshot-update`` (docs/tui.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plandiff.tui.app import PlandiffApp, make_app
from plandiff.tui.status import link_status

from .conftest import settle

ROOT = Path(__file__).resolve().parents[2]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((160, 48), id="160x48")]


@pytest.fixture
def app(monkeypatch: pytest.MonkeyPatch) -> PlandiffApp:
    """The seed pair, named as a user in the project folder would name it.

    The pins path is fixed (the help screen shows it) and never written: no case corrects a link.
    """
    monkeypatch.chdir(ROOT)
    pins = "seeds/never-written.pins.json"
    return make_app("seeds/xinzheng-2021-2025.txt", "seeds/langfang-2022-2025.txt", pins_path=pins)


async def ready(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot.app, pilot)


async def on_a_change(pilot) -> None:  # type: ignore[no-untyped-def]
    """Settle, then land (with `n`) on the first change of the first modified numbered section,
    a section with text on both sides."""
    app = pilot.app
    await settle(app, pilot)
    comparison = app.comparison
    modified = next(
        i
        for i, link in enumerate(comparison.alignment.links)
        if link_status(comparison, i) == "modified" and comparison.a.sections[link.a].level > 0
    )
    app.go(modified, None)
    await pilot.press("n")
    await settle(app, pilot)


@pytest.mark.parametrize("size", SIZES)
def test_main_screen(snap_compare, app: PlandiffApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """The main screen on a change: header with both titles, issuers, periods and status counts;
    the aligned tree with both numberings, a status symbol per node and `?` on low-confidence
    links; side-by-side rows with the current change highlighted and CJK text wrapped inside its
    column; the footer with the main keys."""
    assert snap_compare(app, terminal_size=size, run_before=on_a_change)


@pytest.mark.parametrize("size", SIZES)
def test_inline_view(snap_compare, app: PlandiffApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """`i` on the same change: one inline redline column (deletions struck through in red,
    insertions underlined in green) instead of two; the tree and header are unchanged."""
    assert snap_compare(app, terminal_size=size, press=["i"], run_before=on_a_change)


@pytest.mark.parametrize("size", SIZES)
def test_summary(snap_compare, app: PlandiffApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """`s`: the summary dialog over the main screen, with status counts and the groups
    (added/removed priorities, changed targets, renames, sections only in one plan), the first
    item highlighted for Enter to jump to."""
    assert snap_compare(app, terminal_size=size, press=["s"], run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, app: PlandiffApp, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    """`?`: the help dialog lists every key from BINDINGS with its description, then the status
    symbols; at 80×24 it scrolls rather than being cut."""
    assert snap_compare(app, terminal_size=size, press=["question_mark"], run_before=ready)
