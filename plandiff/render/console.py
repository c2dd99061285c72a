"""`plandiff A B` in a terminal: a rich summary, then the changed sections clause by clause.

The summary comes first because it is what an analyst quotes: the two documents
side by side, how many sections matched, were renamed, moved, added or removed, the
new and dropped priorities, the changed targets and the renamed sections. Then each
record in reading order: unchanged sections on one line, changed ones with their
changed clauses (insertions green, deletions red and struck through, moved text
yellow with where it went), unchanged clauses between them folded.

Document text never passes through rich's markup parser: it goes into `Text`
objects as plain strings, so a plan containing ``[bold]`` prints it literally.
Without colour (a pipe, ``--color never``, NO_COLOR) the console renders no escape
codes at all, and changes are marked ``[+新增+]`` / ``[-删除-]`` so they survive.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from typing import IO

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.rule import Rule
from rich.segment import Segment
from rich.table import Table
from rich.text import DEFAULT_JUSTIFY, DEFAULT_OVERFLOW, Span, Text

from ..model import Comparison, Link, Priority, Target
from .common import (
    SPACING_ONLY,
    Piece,
    clause_rows,
    counts_sentence,
    link_kind_note,
    link_label,
    link_places,
    metadata_rows,
    moved_note,
    no_differences_note,
    printable,
    priority_section,
    record_spans,
    renamed_from,
    section_label,
    target_trend,
    target_value,
    wrap_offsets,
)

MEASURE = 120
"""Widest line of text, in columns: on a wide terminal longer lines of Chinese are hard
to follow from end to start, so text wraps here while tables may use the full width."""

CLAUSE_INDENT = 4
"""Columns the clauses of a section are indented under its header line."""

MAX_PRIORITIES = 25
"""Rows of each priority table; the rest are counted (all are in the JSON)."""

STYLES = {
    "insert": "green",
    "delete": "red strike",
    "moved": "yellow",
    "moved_out": "yellow strike",
    "note": "dim",
    "added": "bold green",
    "removed": "bold red",
    "changed": "bold",
    "title": "bold",
}

PLAIN_MARKS = {"insert": ("[+", "+]"), "delete": ("[-", "-]")}
"""How changes are marked when there is no colour to show them."""


def make_console(out: IO[str], *, color: bool, width: int | None = None) -> Console:
    """A console writing to `out`; without `color` it emits no escape codes at all."""
    common = {"file": out, "width": width, "highlight": False, "emoji": False, "markup": False, "soft_wrap": False}
    if color:
        return Console(force_terminal=True, **common)  # type: ignore[arg-type]
    # color_system=None: rich renders no styles (bold and strike included), not only no colours.
    return Console(force_terminal=False, no_color=True, color_system=None, **common)  # type: ignore[arg-type]


def print_comparison(
    comparison: Comparison, out: IO[str], *, color: bool, width: int | None = None, summary_only: bool = False
) -> None:
    """Print the comparison to `out`.

    Args:
        comparison: what `plandiff.compare` returned.
        out: where to write (standard output, a file, a StringIO).
        color: colour and styles; False gives plain text with ``[+ +]``/``[- -]`` marks.
        width: columns to lay out for; None asks the terminal (80 when there is none).
        summary_only: print the summary without the section diffs.
    """
    if color:
        console = make_console(out, color=True, width=width)
        console.print(Group(*comparison_renderables(comparison, plain=False, summary_only=summary_only)))
        return
    # Plain text is pasted into documents: drop the padding rich adds to fill lines.
    buffer = io.StringIO()
    console = make_console(buffer, color=False, width=width or _terminal_width(out))
    # One print of one group: rich's per-call overhead is paid once (speedup).
    console.print(Group(*comparison_renderables(comparison, plain=True, summary_only=summary_only)))
    out.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def _terminal_width(out: IO[str]) -> int | None:
    """The width of the terminal `out` writes to; None (rich's default) for a pipe or file."""
    try:
        return os.get_terminal_size(out.fileno()).columns if out.isatty() else None
    except (AttributeError, OSError, ValueError):
        return None


def comparison_renderables(
    comparison: Comparison, *, plain: bool, summary_only: bool = False
) -> Iterator[RenderableType]:
    """The whole report as renderables, summary first."""
    yield from summary_renderables(comparison)
    if not summary_only:
        yield Text("")
        rule = Rule(Text("Changes by section", style=STYLES["title"]), align="left")
        yield Constrain(rule, MEASURE + CLAUSE_INDENT)
        yield from section_renderables(comparison, plain=plain)


class Wrapped:
    """A `Text` laid out with line breaks fit for Chinese (`wrap_offsets`).

    rich wraps at spaces, which strands ``到 2020`` on a line of its own before a
    long run of Chinese without spaces; this breaks between characters instead.
    """

    def __init__(self, text: Text, indent: int = 0, *, whole: bool = False) -> None:
        if printable(text.plain) != text.plain:
            text = text.copy()
            text.plain = printable(text.plain)  # one for one: the styles' spans stay put
        self.text = text
        self.indent = indent
        self.whole = whole
        """Ask a table for the full width (short values such as 超过17.8% (2025) never wrap)."""
        """Columns of space before every line (cheaper than rich's Padding, speedup)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(1, min(options.max_width - self.indent, MEASURE))
        offsets = wrap_offsets(self.text.plain, width)
        # (speedup) one line is not copied: `_fitted_segments` leaves it as it is.
        lines = self.text.divide(offsets) if offsets else (self.text,)
        for line in lines:
            segments = _fitted_segments(line, self.indent, console, options)
            if segments is not None:
                yield from segments
                continue
            if line is self.text:
                line = line.copy()
            line.rstrip()
            if self.indent:
                line.pad_left(self.indent)
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        width = cell_len(self.text.plain) + self.indent
        return Measurement(width if self.whole else min(width, 4 + self.indent), width)


def _fitted_segments(line: Text, indent: int, console: Console, options: ConsoleOptions) -> list[Segment] | None:
    """What rich makes of `line` (right-stripped, `indent` columns added) when it already
    fits, without rich's word wrap; None when rich must lay it out itself.

    `Wrapped` has broken its lines already, so rich's wrap of each (split at line
    breaks, divide at spaces, copies of the text at every step) finds nothing to do;
    here the same segments come from one `Text`: its plain text padded as rich's
    ``left`` justification pads a table cell, and its style and spans as
    `Text.join` would place them (speedup: a third of the console report's time).
    """
    justify = line.justify or options.justify or DEFAULT_JUSTIFY
    overflow = line.overflow or options.overflow or DEFAULT_OVERFLOW
    if justify not in ("default", "left") or overflow == "ignore" or options.max_width < 1:
        return None
    full = line.plain
    plain = full.rstrip()
    if "\n" in plain or "\t" in plain:
        return None
    width = options.max_width
    cells = cell_len(plain) + indent
    if cells > width:
        return None
    padded = " " * indent + plain
    if justify == "left" and cells < width:
        padded += " " * (width - cells)
    spans = [Span(0, len(padded), line.style)] if line.style else []
    if len(plain) < len(full):  # rich's rstrip trims the spans past the new end
        spans += [
            Span(start + indent, min(end, len(plain)) + indent, style)
            for start, end, style in line.spans
            if start < len(plain)
        ]
    else:
        spans += [Span(start + indent, end + indent, style) for start, end, style in line.spans]
    return list(Text(padded, spans=spans).render(console, end=line.end))


# --- summary ---------------------------------------------------------------------------


def summary_renderables(comparison: Comparison) -> Iterator[RenderableType]:
    """The documents side by side, the section counts, then one table per finding."""
    yield documents_table(comparison)
    yield Text("")
    yield Wrapped(Text.assemble(("Sections: ", STYLES["title"]), counts_sentence(comparison.summary.counts)))
    summary = comparison.summary
    tables = [
        priorities_table(comparison, summary.added, "Added priorities (new in B)") if summary.added else None,
        priorities_table(comparison, summary.removed, "Removed priorities (dropped from A)")
        if summary.removed
        else None,
        targets_table(comparison) if summary.targets else None,
        renames_table(comparison) if summary.renames else None,
    ]
    for table in tables:
        if table is not None:
            yield Text("")
            yield table


def _table(title: str, *, show_header: bool = True) -> Table:
    return Table(
        title=Text(title, style=STYLES["title"]) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_header=show_header,
        header_style="bold",
        pad_edge=False,
        show_edge=False,
        expand=False,
    )


def documents_table(comparison: Comparison) -> Table:
    """The two documents side by side: title, issuer and level, date, period."""
    table = _table("Documents")
    table.add_column("", style="dim", no_wrap=True)
    table.add_column("A (old)", ratio=1, overflow="fold")
    table.add_column("B (new)", ratio=1, overflow="fold")
    for label, a, b in metadata_rows(comparison):
        table.add_row(Text(label), Wrapped(Text(a)), Wrapped(Text(b)))
    return table


def priorities_table(comparison: Comparison, items: tuple[Priority, ...], title: str) -> Table:
    shown = items[:MAX_PRIORITIES]
    more = len(items) - len(shown)
    table = _table(title)
    table.caption = Text(f"… and {more} more (all in --format json)", style=STYLES["note"]) if more > 0 else None
    table.caption_justify = "left"
    table.add_column("#", justify="right", style="dim", no_wrap=True)
    table.add_column("priority", ratio=3, overflow="fold")
    table.add_column("section", ratio=2, overflow="fold")
    table.add_column("line", justify="right", no_wrap=True)
    for rank, item in enumerate(shown, 1):
        section = priority_section(comparison, item.side, item.section)
        table.add_row(str(rank), Wrapped(Text(item.text)), Wrapped(Text(section, style="dim")), str(item.line))
    return table


def targets_table(comparison: Comparison) -> Table:
    """Targets paired by indicator: old and new value with year, the direction, the lines."""
    table = _table("Targets (paired by indicator)")
    table.add_column("indicator", overflow="fold")
    table.add_column("A", overflow="fold")
    table.add_column("B", overflow="fold")
    table.add_column("change", no_wrap=True)
    table.add_column("lines", no_wrap=True, style="dim")
    for change in comparison.summary.targets:
        table.add_row(
            Wrapped(Text(change.indicator)),
            Wrapped(_target_cell(change.a), whole=True),
            Wrapped(_target_cell(change.b), whole=True),
            Text(target_trend(change.a, change.b), style="dim"),
            Text(f"{_line(change.a)}→{_line(change.b)}"),
        )
    return table


def _target_cell(target: Target | None) -> Text:
    return Text(target_value(target)) if target else Text("—", style="dim")


def _line(target: Target | None) -> str:
    return str(target.line) if target else "—"


def renames_table(comparison: Comparison) -> Table:
    table = _table("Renamed sections")
    table.add_column("A", ratio=1, overflow="fold")
    table.add_column("B", ratio=1, overflow="fold")
    for rename in comparison.summary.renames:
        sa, sb = comparison.a.sections[rename.a], comparison.b.sections[rename.b]
        table.add_row(
            Wrapped(Text.assemble(section_label(sa), (f"  L{sa.line}", "dim"))),
            Wrapped(Text.assemble(section_label(sb), (f"  L{sb.line}", "dim"))),
        )
    return table


# --- sections ------------------------------------------------------------------------


def section_renderables(comparison: Comparison, *, plain: bool) -> Iterator[RenderableType]:
    """Each record in reading order: one line when unchanged, its clauses when changed."""
    note = no_differences_note(comparison)
    if note:
        yield Wrapped(Text(note))
        return
    spans = record_spans(comparison)
    for index, link in enumerate(comparison.alignment.links):
        diff = comparison.diffs[index]
        if link.status == "matched" and not diff.changed:
            yield Wrapped(unchanged_line(comparison, link))
            continue
        borrowed = [side.upper() for side, span in zip("ab", spans[index], strict=True) if span and span.borrowed]
        yield Wrapped(record_header(comparison, link, borrowed))
        yield from clause_block(comparison, index, plain=plain)


def unchanged_line(comparison: Comparison, link: Link) -> Text:
    note = link_kind_note(link)
    label = link_label(comparison, link)
    old = renamed_from(comparison, link)
    text = Text.assemble(("  = ", "dim"), label)
    if old:
        text.append(f"  (was {old})", style="dim")
    text.append(f"  {link_places(comparison, link)}" + (f"; {note}" if note else "") + "; unchanged", style="dim")
    return text


def record_header(comparison: Comparison, link: Link, borrowed: list[str]) -> Text:
    """``~ 二、主要任务  (was 二、任务)  A line 10 · B line 12; renamed``."""
    mark, style = {"added": ("+", "added"), "removed": ("-", "removed")}.get(link.status, ("~", "changed"))
    text = Text.assemble((f"{mark} ", STYLES[style]), (link_label(comparison, link), STYLES[style]))
    old = renamed_from(comparison, link)
    if old:
        text.append(f"  (was {old})")
    notes = [link_places(comparison, link)]
    note = link_kind_note(link)
    if note:
        notes.append(note)
    for side in borrowed:
        notes.append(f"{side}'s text is shown with the first part")
    text.append("  " + "; ".join(notes), style=STYLES["note"])
    return text


def clause_block(comparison: Comparison, index: int, *, plain: bool) -> list[Wrapped]:
    """The record's clauses: changed ones shown, runs of unchanged ones folded (`clause_rows`)."""
    out = []
    for row in clause_rows(comparison, index):
        if row.kind == "changed":
            text = clause_text(comparison, list(row.line), plain=plain)
        elif row.kind == "context":
            text = Text("".join(p.text for p in row.line), style=STYLES["note"])
        elif row.kind == "fold":
            text = Text(f"… {row.count} unchanged clauses", style=STYLES["note"])
        else:
            text = Text(f"({SPACING_ONLY})", style=STYLES["note"])
        out.append(Wrapped(text, CLAUSE_INDENT))
    return out


def clause_text(comparison: Comparison, line: list[Piece], *, plain: bool) -> Text:
    """One clause with its changes styled (or marked, when `plain`) and moves noted."""
    text = Text()
    notes: list[str] = []
    for piece in line:
        if piece.op == "equal" or not piece.text.strip():
            text.append(piece.text)
            continue
        moved = piece.moved_to is not None or piece.moved_from is not None
        style = STYLES[("moved_out" if piece.op == "delete" else "moved") if moved else piece.op]
        if plain:
            opening, closing = PLAIN_MARKS[piece.op]
            text.append(f"{opening}{piece.text}{closing}")
        else:
            text.append(piece.text, style=style)
        note = moved_note(comparison, piece)
        if note and note not in notes:
            notes.append(note)
    for note in notes:
        text.append(f"  ({note})", style="yellow" if not plain else "")
    return text
