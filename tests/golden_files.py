"""Golden-file comparison: exact text, regenerated on purpose with PLANDIFF_UPDATE_GOLDEN=1."""

from __future__ import annotations

import os
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"


def assert_golden(name: str, actual: str) -> None:
    """`actual` must equal tests/golden/`name`; with PLANDIFF_UPDATE_GOLDEN=1 the file is rewritten.

    Look at the diff (git diff tests/golden) before committing a rewritten file.
    """
    path = GOLDEN / name
    if os.environ.get("PLANDIFF_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from tests/golden/{name} (PLANDIFF_UPDATE_GOLDEN=1 rewrites it)"
