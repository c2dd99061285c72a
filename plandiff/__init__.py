"""plandiff: compare Chinese policy plans section by section.

The public API, one call per pipeline stage (each a pure function):

    read_text(path)             -> Text         decode a file, keep every character
    parse_document(text)        -> Document     section tree, metadata, targets
    align(doc_a, doc_b, pins)   -> Alignment    which sections correspond
    diff_alignment(alignment)   -> ClauseDiffs  clause and word ops per link
    summarise(alignment, diffs) -> Summary      new/dropped priorities, moved targets
    compare(a, b, options)      -> Comparison   all of the above in one call

The data objects are in `plandiff.model`; errors in `plandiff.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "Comparison",
    "Document",
    "Options",
    "Pin",
    "PlandiffError",
    "align",
    "compare",
    "diff_alignment",
    "load",
    "parse_document",
    "read_text",
    "summarise",
]

_LAZY = {
    "compare": "pipeline",
    "load": "pipeline",
    "read_text": "ingest",
    "parse_document": "structure",
    "align": "align",
    "diff_alignment": "diff",
    "summarise": "summary",
    "Comparison": "model",
    "Document": "model",
    "Options": "model",
    "Pin": "model",
    "PlandiffError": "errors",
}

if TYPE_CHECKING:
    from .align import align
    from .diff import diff_alignment
    from .errors import PlandiffError
    from .ingest import read_text
    from .model import Comparison, Document, Options, Pin
    from .pipeline import compare, load
    from .structure import parse_document
    from .summary import summarise


def __getattr__(name: str) -> Any:
    # Lazy, so `import plandiff` (and `plandiff --help`) stays fast.
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module 'plandiff' has no attribute {name!r}")
