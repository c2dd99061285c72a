"""`compare(a, b, options) -> Comparison`: the one call the CLI, the TUI and the
library share. Each stage is a pure function of the previous stage's objects:

    read_text → parse_document → align → diff_link (per link) → summarise
"""

from __future__ import annotations

from pathlib import Path

from .model import Comparison, Document, Options, Text


def load(source: str | Path | Text | Document) -> Document:
    """A `Document` from a path (``-`` for stdin), a decoded `Text`, or a Document."""
    if isinstance(source, Document):
        return source
    from .ingest import read_text
    from .structure import parse_document

    text = source if isinstance(source, Text) else read_text(source)
    return parse_document(text)


def compare(
    a: str | Path | Text | Document,
    b: str | Path | Text | Document,
    options: Options | None = None,
) -> Comparison:
    """Compare two plans: align their sections, diff each pair, summarise.

    Args:
        a: the older (or reference) plan: a path, a `Text` or a parsed `Document`.
        b: the newer (or compared) plan.
        options: strictness, depth and the user's pinned links.
    """
    from .align import align
    from .diff import diff_alignment
    from .summary import summarise

    options = options or Options()
    doc_a, doc_b = load(a), load(b)
    alignment = align(doc_a, doc_b, pins=options.pins, max_level=options.max_level)
    diffs = diff_alignment(alignment, strict=options.strict)
    summary = summarise(alignment, diffs)
    return Comparison(alignment=alignment, diffs=diffs, summary=summary, options=options)
