"""Export from the TUI: the CLI's renderers, chosen by the file name's extension."""

from __future__ import annotations

import io
from pathlib import Path

from ..model import Comparison

EXPORT_FORMATS = {".json": "json", ".md": "markdown", ".markdown": "markdown"}
"""Format by file extension; anything else is the plain text report (``--format text``)."""


def export_format(path: Path) -> str:
    """``json``, ``markdown`` or ``text`` for a file name."""
    return EXPORT_FORMATS.get(path.suffix.lower(), "text")


def render(comparison: Comparison, fmt: str) -> str:
    """The comparison in `fmt`, exactly as ``plandiff A B --format fmt`` writes it (no colour).

    The renderers are imported here, when asked for, so the TUI starts without them.

    Raises:
        ImportError: that renderer is not in this build.
    """
    if fmt == "json":
        from ..render.json import render_json

        return render_json(comparison)
    if fmt == "markdown":
        from ..render.markdown import render_markdown

        return render_markdown(comparison)
    from ..render.console import print_comparison

    out = io.StringIO()
    print_comparison(comparison, out, color=False)
    return out.getvalue()
