"""Clause rows: a link's ops cut into rows that line A up with B.

A row ends where both sides end a clause at once: at a clause mark (。；！？ or a line
break) inside equal text, or at the edge of a run of edits. Inside a run of edits
(delete/insert ops between two equal ops) the paragraphs of both sides are zipped,
so a rewritten paragraph sits next to its replacement. Rows keep offsets, not
copies, beyond the short segment texts they show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..ingest import is_blank
from ..model import Comparison, OpKind

CLAUSE_END = re.compile(r"[。；;！!？?\r\n]+")
"""Marks that end a clause; a row may only end just after one of these."""

MAX_ROW_CHARS = 1500
"""(speedup) Text without a clause mark is cut into rows of about this many characters,
so that a long run still renders lazily, row by row."""


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of one side's original text and what the diff says about it."""

    text: str
    op: OpKind
    start: int
    """Offset of `text` in that side's original."""
    moved: bool = False
    """True when the op is a moved clause (its other copy is in another link)."""


@dataclass(slots=True)
class Row:
    """One aligned row: A's segments on the left, B's on the right."""

    a: list[Segment] = field(default_factory=list)
    b: list[Segment] = field(default_factory=list)
    moved_to: list[int] = field(default_factory=list)
    """Links where clauses of this row went (moved out)."""
    moved_from: list[int] = field(default_factory=list)
    """Links where clauses of this row came from (moved in)."""

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.a) or any(s.op != "equal" for s in self.b)

    def span(self, side: str) -> tuple[int, int] | None:
        """[start, end) of this row's text on `side` (``a`` or ``b``), None when empty."""
        segments = self.a if side == "a" else self.b
        if not segments:
            return None
        return segments[0].start, segments[-1].start + len(segments[-1].text)

    def text(self, side: str) -> str:
        return "".join(s.text for s in (self.a if side == "a" else self.b))


def build_rows(comparison: Comparison, index: int) -> list[Row]:
    """The clause rows of link `index`, in order; every character of its ops appears once."""
    builder = _RowBuilder(comparison.a.text.original, comparison.b.text.original)
    for op in comparison.diffs[index].ops:
        if op.op == "equal":
            builder.equal(op.a_start, op.a_end, op.b_start, op.b_end)
        else:
            moved = op.moved_to is not None or op.moved_from is not None
            builder.edit(op.a_start, op.a_end, op.b_start, op.b_end, moved)
        builder.note_move(op.moved_to, op.moved_from)
    return builder.finish()


def hunks(rows: list[Row]) -> list[int]:
    """Indexes of the first row of each run of changed rows: where "next change" lands."""
    return [i for i, row in enumerate(rows) if row.changed and (i == 0 or not rows[i - 1].changed)]


def _pieces(text: str) -> list[str]:
    """`text` cut just after each clause mark (the pieces join back to `text`)."""
    pieces, last = [], 0
    for match in CLAUSE_END.finditer(text):
        pieces.append(text[last : match.end()])
        last = match.end()
    if last < len(text):
        pieces.append(text[last:])
    return pieces


def _chunks(text: str, size: int) -> list[str]:
    """`text` in pieces of at most `size` characters (joined, they give `text`)."""
    return [text[i : i + size] for i in range(0, len(text), size)] or [text]


def _bounded_pairs(a_pieces: list[str], b_pieces: list[str]) -> list[tuple[str, str]]:
    """Equal piece pairs, a long pair cut into the same number of parts on both sides.

    The two sides of an equal op may differ in length (normalisation), so each side is cut
    at proportional positions: the parts stay roughly side by side.
    """
    pairs = []
    for a_piece, b_piece in zip(a_pieces, b_pieces, strict=True):
        parts = -(-max(len(a_piece), len(b_piece)) // MAX_ROW_CHARS)
        if parts <= 1:
            pairs.append((a_piece, b_piece))
            continue
        pairs.extend(zip(_even_parts(a_piece, parts), _even_parts(b_piece, parts), strict=True))
    return pairs


def _even_parts(text: str, parts: int) -> list[str]:
    bounds = [len(text) * k // parts for k in range(parts + 1)]
    return [text[bounds[k] : bounds[k + 1]] for k in range(parts)]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True) or [text]


def _fold_blank_lines(lines: list[list[Segment]]) -> list[list[Segment]]:
    """Blank lines of a run of edits join the paragraph before them (at the run's start,
    the one after): an inserted title block set with empty lines between its lines is a
    row per line of text, not one more row of ↵ for each empty line. A run of blank
    lines alone stays one row, its breaks shown."""
    folded: list[list[Segment]] = []
    leading: list[Segment] = []
    for line in lines:
        if all(is_blank(segment.text) for segment in line):  # zero-width characters count as blank
            if folded:
                folded[-1] = _joined(folded[-1], line)
            else:
                leading = _joined(leading, line)
            continue
        folded.append(_joined(leading, line) if leading else line)
        leading = []
    return folded + [leading] if leading else folded


def _joined(first: list[Segment], second: list[Segment]) -> list[Segment]:
    """The segments of both, neighbours of one op that touch in the text made one."""
    joined = list(first)
    for segment in second:
        last = joined[-1] if joined else None
        touching = last is not None and last.start + len(last.text) == segment.start
        if last and touching and (last.op, last.moved) == (segment.op, segment.moved):
            joined[-1] = Segment(last.text + segment.text, segment.op, last.start, segment.moved)
        else:
            joined.append(segment)
    return joined


class _RowBuilder:
    """Accumulates segments for both sides and cuts rows at shared clause ends."""

    def __init__(self, a_text: str, b_text: str) -> None:
        self.a_text, self.b_text = a_text, b_text
        self.rows: list[Row] = []
        self.row = Row()
        self.pending_a: list[Segment] = []
        self.pending_b: list[Segment] = []

    def equal(self, a0: int, a1: int, b0: int, b1: int) -> None:
        self._flush_edits()
        a_pieces, b_pieces = _pieces(self.a_text[a0:a1]), _pieces(self.b_text[b0:b1])
        if len(a_pieces) != len(b_pieces):
            # Normalisation changed the clause marks (strict off): keep the op whole.
            a_pieces, b_pieces = [self.a_text[a0:a1]], [self.b_text[b0:b1]]
        for a_piece, b_piece in _bounded_pairs(a_pieces, b_pieces):
            self._cut_if_clause_ended()
            self._cut_if_long(len(a_piece), len(b_piece))
            self._add("a", Segment(a_piece, "equal", a0))
            self._add("b", Segment(b_piece, "equal", b0))
            a0, b0 = a0 + len(a_piece), b0 + len(b_piece)

    def edit(self, a0: int, a1: int, b0: int, b1: int, moved: bool) -> None:
        if a1 > a0:
            self.pending_a.append(Segment(self.a_text[a0:a1], "delete", a0, moved))
        if b1 > b0:
            self.pending_b.append(Segment(self.b_text[b0:b1], "insert", b0, moved))

    def note_move(self, moved_to: int | None, moved_from: int | None) -> None:
        if moved_to is None and moved_from is None:
            return
        # The row the op lands in is the open row once pending edits are placed.
        self._flush_edits()
        if moved_to is not None and moved_to not in self.row.moved_to:
            self.row.moved_to.append(moved_to)
        if moved_from is not None and moved_from not in self.row.moved_from:
            self.row.moved_from.append(moved_from)

    def finish(self) -> list[Row]:
        self._flush_edits()
        self._cut()
        return self.rows

    def _flush_edits(self) -> None:
        """Place a run of edits: paragraphs of both sides zipped row by row."""
        if not self.pending_a and not self.pending_b:
            return
        a_lines = self._split_lines(self.pending_a)
        b_lines = self._split_lines(self.pending_b)
        self.pending_a, self.pending_b = [], []
        if len(a_lines) <= 1 and len(b_lines) <= 1:
            self._cut_if_clause_ended()
            for segment in (a_lines[0] if a_lines else []):
                self._add("a", segment)
            for segment in (b_lines[0] if b_lines else []):
                self._add("b", segment)
            self._cut_if_long()
            return
        self._cut_if_clause_ended()
        for k in range(max(len(a_lines), len(b_lines))):
            if k:
                self._cut()
            for segment in a_lines[k] if k < len(a_lines) else []:
                self._add("a", segment)
            for segment in b_lines[k] if k < len(b_lines) else []:
                self._add("b", segment)
        self._cut_if_long()

    @staticmethod
    def _split_lines(segments: list[Segment]) -> list[list[Segment]]:
        """Segments regrouped into paragraphs (each ending at a line break)."""
        lines: list[list[Segment]] = [[]]
        for segment in segments:
            start = segment.start
            for line in _lines(segment.text):
                # (speedup) A very long line is cut so that no row becomes huge.
                for piece in _chunks(line, MAX_ROW_CHARS):
                    if sum(len(s.text) for s in lines[-1]) >= MAX_ROW_CHARS:
                        lines.append([])
                    lines[-1].append(Segment(piece, segment.op, start, segment.moved))
                    start += len(piece)
                if line.endswith(("\n", "\r")):
                    lines.append([])
        return _fold_blank_lines([line for line in lines if line])

    def _add(self, side: str, segment: Segment) -> None:
        if not segment.text:
            return
        (self.row.a if side == "a" else self.row.b).append(segment)

    def _cut_if_long(self, a_more: int = 0, b_more: int = 0) -> None:
        """(speedup) Cut where both sides are in step when the row would grow past the limit."""
        a_len, b_len = len(self.row.text("a")), len(self.row.text("b"))
        if (a_len or b_len) and max(a_len + a_more, b_len + b_more) >= MAX_ROW_CHARS:
            self._cut()

    def _cut_if_clause_ended(self) -> None:
        """Cut when every non-empty side of the open row ends a clause."""
        texts = [t for t in (self.row.text("a"), self.row.text("b")) if t]
        if texts and all(CLAUSE_END.search(t[-1]) for t in texts):
            self._cut()

    def _cut(self) -> None:
        if self.row.a or self.row.b:
            self.rows.append(self.row)
            self.row = Row()
