"""`compare(a, b, options) -> Comparison`: the one call the CLI, the TUI and the
library share. Each stage is a pure function of the previous stage's objects:

    read_text → parse_document → align → diff_link (per link) → summarise
"""

from __future__ import annotations

import os
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Alignment, Comparison, Document, Link, Options, Text

if TYPE_CHECKING:
    from .forked import Forked


def load(source: str | Path | Text | Document) -> Document:
    """A `Document` from a path (``-`` for stdin), a decoded `Text`, or a Document."""
    return _completed(source, _sections(source))


def _sections(source: str | Path | Text | Document) -> Document:
    """The source as given when it is a Document, else its text's section tree, the
    metadata not yet read (`structure.parse_sections`)."""
    if isinstance(source, Document):
        return source
    from .ingest import read_text
    from .structure import parse_sections

    return parse_sections(source if isinstance(source, Text) else read_text(source))


PARALLEL_READ_BYTES = 1_000_000
"""From this size B's file is read and parsed in a forked child while this process reads A:
seeds ×64 (two 8 MB files) ~1.3 → ~0.8 s before the alignment can start."""


def _sections_of_both(a: str | Path | Text | Document, b: str | Path | Text | Document) -> tuple[Document, Document]:
    """`_sections` of A and B, B's in a forked child when it is a big file."""
    from .forked import Forked

    reading = Forked.start(_sections, b) if _big_file(b) else None
    try:
        parsed_a = _sections(a)
        if reading:
            _load_whole_segmenter()
    except BaseException:
        if reading:
            reading.close()
        raise
    parsed_b = reading.take() if reading else None  # a PlandiffError of B's is raised here
    return parsed_a, parsed_b or _sections(b)


def _load_whole_segmenter() -> None:
    """The whole dictionary, loaded while B's child finishes: a file of
    `PARALLEL_READ_BYTES` holds enough text for `compare` to load it anyway (and the cuts
    are the same either way: docs/performance.md)."""
    from .lexicon import WHOLE_DOCUMENTS
    from .tokens import load_segmenter

    load_segmenter(WHOLE_DOCUMENTS)


def _big_file(source: str | Path | Text | Document) -> bool:
    """A path (not stdin) to a file of `PARALLEL_READ_BYTES` or more."""
    if not isinstance(source, str | Path) or str(source) == "-":
        return False
    try:
        return os.path.getsize(source) >= PARALLEL_READ_BYTES
    except OSError:
        return False  # read in-process, which reports the error


def _completed(source: str | Path | Text | Document, parsed: Document) -> Document:
    """`parsed` with its metadata read, unless the caller gave a Document (kept as is)."""
    if isinstance(source, Document):
        return source
    from .structure import with_metadata

    return with_metadata(parsed)


def compare(
    a: str | Path | Text | Document,
    b: str | Path | Text | Document,
    options: Options | None = None,
    *,
    parallel: bool = False,
) -> Comparison:
    """Compare two plans: align their sections, diff each pair, summarise.

    Args:
        a: the older (or reference) plan: a path, a `Text` or a parsed `Document`.
        b: the newer (or compared) plan.
        options: strictness, depth and the user's pinned links.
        parallel: for big plans, align in a forked child process while this one reads
            the plans' metadata and what the summary needs from each (`plandiff.forked`).
            The CLI asks for it; a library caller in a threaded program should not (it
            is refused, and the comparison runs in-process, when another thread is
            running).
    """
    from .diff import diff_alignment
    from .summary import summarise
    from .tokens import load_segmenter

    options = options or Options()
    parsed_a, parsed_b = _sections_of_both(a, b) if parallel else (_sections(a), _sections(b))
    load_segmenter(len(parsed_a.text.original) + len(parsed_b.text.original))
    # the segmenter is loaded before the fork: the child shares it
    forked = _start_alignment(parsed_a, parsed_b, options) if parallel else None
    try:
        doc_a, doc_b = _completed(a, parsed_a), _completed(b, parsed_b)
        alignment = _alignment_beside_summary(forked, doc_a, doc_b, options) if forked else None
    except BaseException:
        if forked:
            forked.close()
        raise
    alignment = alignment or _align(doc_a, doc_b, options)
    diffs = diff_alignment(alignment, strict=options.strict)
    summary = summarise(alignment, diffs)
    return Comparison(alignment=alignment, diffs=diffs, summary=summary, options=options)


PARALLEL_CHARS = 10_000
"""Below this many characters (A and B together) a fork costs about what it saves. Above it
the CLI gains: two 30 KB plans 334 → 312 ms per process (the first comparison's imports and
first calls are split too), seeds ×1 416 → 291 ms, a 3 MB pair 9.1 → 7.9 s."""


def _align(doc_a: Document, doc_b: Document, options: Options) -> Alignment:
    from .align import align

    return align(doc_a, doc_b, pins=options.pins, max_level=options.max_level)


def _links(doc_a: Document, doc_b: Document, options: Options) -> tuple[Link, ...]:
    return _align(doc_a, doc_b, options).links


def _work_ahead(forked: Forked[tuple[Link, ...]], doc_a: Document, doc_b: Document, options: Options) -> None:
    """Until the child's links arrive, do the later stages' work that needs the documents
    alone (clauses of each section, diffs of the likely pairs, which phrases are news), so
    less of it is left for after. On big plans the alignment takes longer than reading (3 M characters: 7 s
    against 3 s); on small ones the links are there first and nothing is done."""
    from .diff import work_ahead as diff_ahead
    from .summary import work_ahead as summary_ahead

    steps = chain(diff_ahead(doc_a, doc_b, options.strict, options.max_level), summary_ahead(doc_a, doc_b))
    done = object()
    while not forked.ready():
        if next(steps, done) is done:
            return


def _start_alignment(doc_a: Document, doc_b: Document, options: Options) -> Forked[tuple[Link, ...]] | None:
    """The links of big plans under way in a forked child; None for small plans or where
    no child can be used (the caller then aligns in-process)."""
    if len(doc_a.text.original) + len(doc_b.text.original) < PARALLEL_CHARS:
        return None
    from .forked import Forked

    return Forked.start(_links, doc_a, doc_b, options)


def _alignment_beside_summary(
    forked: Forked[tuple[Link, ...]], doc_a: Document, doc_b: Document, options: Options
) -> Alignment | None:
    """The child's alignment, taken after this process has read each document for the
    summary (the two take similar time on big plans, and both hold the GIL) and done what
    work it could ahead; None when the child failed."""
    from .summary import read_documents

    read_documents(doc_a, doc_b)
    _work_ahead(forked, doc_a, doc_b, options)
    links = forked.take()
    return Alignment(a=doc_a, b=doc_b, links=links) if links is not None else None
