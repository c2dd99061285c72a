"""Fixtures for the TUI tests: a seed pair copied into a temporary folder, so the
default pins sidecar (written next to A) lands there and never in seeds/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import seed


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / seed("xinzheng").name
    b = tmp_path / seed("langfang").name
    shutil.copyfile(seed("xinzheng"), a)
    shutil.copyfile(seed("langfang"), b)
    return a, b


async def settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait for the comparison worker (started after the first paint) and the updates it causes."""
    for _ in range(1000):
        await pilot.pause()
        if app.comparison is not None:
            break
        await app.workers.wait_for_complete()
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
