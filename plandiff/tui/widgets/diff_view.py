"""The main pane: one link's clause rows, side by side (A | B) or as an inline redline.

Rows are mounted in chunks as the reader scrolls (lazy rendering), so a section of
megabytes never becomes one huge widget.
"""

from __future__ import annotations

import re

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from ...ingest import ZERO_WIDTH
from ...model import Comparison
from ...render.common import link_name, section_label
from ..rows import Row, Segment, build_rows, hunks
from ..status import STATUSES, link_status

INSERT_STYLE = "green underline"
"""Inserted text: green like the CLI, underlined so it still shows without colour."""
DELETE_STYLE = "red strike"
"""Deleted text: red strikethrough like the CLI."""
MOVED_IN_STYLE = "yellow underline"
MOVED_OUT_STYLE = "yellow strike"
"""Moved clauses: yellow like the CLI, struck where they left, underlined where they arrived."""
MATCH_STYLE = "bold black on yellow"
"""Search matches."""
CHUNK = 24
"""Rows mounted at a time (lazy rendering) ..."""
CHUNK_CHARS = 6000
"""... or fewer when they hold more than this many characters (rich wraps CJK slowly)."""

_STYLES = {"equal": "", "insert": INSERT_STYLE, "delete": DELETE_STYLE}
_MOVED_STYLES = {"equal": "", "insert": MOVED_IN_STYLE, "delete": MOVED_OUT_STYLE}
_WHERE_CHARS = 24
"""A moved piece's note names the other record in at most this many characters."""


class RowView(Static):
    """One clause row; `-changed` and `-current` classes drive its background."""

    def __init__(self, row: Row, index: int, gutter: str, inline: bool, query: str, notes: str) -> None:
        super().__init__(classes="-changed" if row.changed else "")
        self.row, self.row_index = row, index
        self._gutter, self._inline, self._query, self._notes = gutter, inline, query, notes

    def render(self) -> RenderableType:
        return self._table(*self.cells())

    def cells(self) -> list[Text]:
        """The styled text of each column: A and B, or the one inline redline."""
        if self._inline:
            return [self._inline_text()]
        return [self._side("a"), self._side("b")]

    def _table(self, *cells: Text) -> Table:
        table = Table.grid(expand=True, padding=(0, 1))
        table.add_column(width=1, no_wrap=True)
        for _ in cells:
            table.add_column(ratio=1, overflow="fold")
        table.add_row(Text(self._gutter, style="bold"), *cells)
        return table

    def _side(self, side: str) -> Text:
        text = _styled(self.row.a if side == "a" else self.row.b, self._query)
        if self._notes and (side == "a" and self.row.moved_to or side == "b" and self.row.moved_from):
            text.append(" " + self._notes, style="bold cyan")
        return text

    def _inline_text(self) -> Text:
        # Deletions first, then insertions, segment by segment in A order with B's
        # edits placed where they fall: the two sides interleave by position in the row.
        text = Text()
        a, b = list(self.row.a), list(self.row.b)
        while a or b:
            if a and a[0].op == "delete":
                _append(text, a.pop(0), self._query)
            elif b and b[0].op == "insert":
                _append(text, b.pop(0), self._query)
            elif a and b:
                a.pop(0)
                _append(text, b.pop(0), self._query)
            else:
                _append(text, (a or b).pop(0), self._query)
        if self._notes:
            text.append(" " + self._notes, style="bold cyan")
        return text


def _styled(segments: list[Segment], query: str) -> Text:
    text = Text()
    for segment in segments:
        _append(text, segment, query)
    return text


def _append(text: Text, segment: Segment, query: str) -> None:
    # Text.append with a plain str never parses markup: document text stays data.
    start = len(text)
    style = (_MOVED_STYLES if segment.moved else _STYLES)[segment.op]
    text.append(_shown(segment), style=style)
    if query:
        piece = text.plain[start:].casefold()
        needle = query.casefold()
        pos = piece.find(needle)
        while pos != -1 and needle:
            text.stylize(MATCH_STYLE, start + pos, start + pos + len(needle))
            pos = piece.find(needle, pos + len(needle))


_BLANK_LINES_BEFORE = re.compile(f"^[\\s{ZERO_WIDTH}]*\n")
"""Blank lines (zero-width characters included) that open an edit."""
_WHITESPACE_MARKS = str.maketrans({"\n": "↵", " ": "␣", "\u3000": "␣", "\t": "→"})


def _shown(segment: Segment) -> str:
    """The segment's text as drawn: closing line breaks dropped (the row ends there), an
    edit's opening ones too (blank lines folded into it, `rows._fold_blank_lines`), and
    an inserted or deleted run of only whitespace made visible (↵ ␣, as the CLI's --strict)."""
    if segment.op == "equal":
        return segment.text.rstrip("\n")
    if not segment.text.strip():
        return segment.text.translate(_WHITESPACE_MARKS)
    return _BLANK_LINES_BEFORE.sub("", segment.text).rstrip("\r\n")


class DiffView(VerticalScroll, can_focus=True):
    """The rows of the selected link; `current` marks the change the reader is on."""

    DEFAULT_CSS = """
    DiffView { width: 3fr; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.comparison: Comparison | None = None
        self.link_index: int | None = None
        self.rows: list[Row] = []
        self.inline = False
        self.search_text = ""
        self.current: int | None = None
        self._first = 0
        """Index of the first mounted row: rows [_first, _mounted) are on screen (lazy window)."""
        self._mounted = 0
        self._rows_cache: dict[int, list[Row]] = {}

    @property
    def hunks(self) -> list[int]:
        """First rows of the changes in this link."""
        return hunks(self.rows)

    def rows_for(self, link: int) -> list[Row]:
        """The clause rows of `link` in the shown comparison (cached until it changes)."""
        assert self.comparison is not None
        if link not in self._rows_cache:
            if len(self._rows_cache) > 256:
                self._rows_cache.clear()
            self._rows_cache[link] = build_rows(self.comparison, link)
        return self._rows_cache[link]

    def show(self, comparison: Comparison, link: int, row: int | None = None) -> None:
        """Show link `link`, scrolled to `row` (which becomes the current change)."""
        if comparison is not self.comparison:
            self.comparison, self._rows_cache = comparison, {}
        elif link == self.link_index and self._mounted:
            # (speedup) Same section: move the highlight instead of rebuilding the rows.
            self._move_current(row)
            return
        self.link_index = link
        self.rows = self.rows_for(link)
        self.current = row
        self._rebuild(upto=row)

    def _move_current(self, row: int | None) -> None:
        if row is not None and (row < self._first or row >= self._mounted + CHUNK) or row is None and self._first:
            # Far from the mounted window: mount a new window around the row instead.
            self.current = row
            self._rebuild(upto=row)
            return
        self.current = row
        while row is not None and row >= self._mounted:
            self._mount_more(row + 1 - self._mounted)
        for view in self.query(RowView):
            view.set_class(view.row_index == row, "-current")
        if row is None:
            self.scroll_home(animate=False)
        else:
            self.call_after_refresh(self._scroll_to_row, row)

    def redraw(self) -> None:
        """Draw again after a mode or query change, keeping the current row."""
        if self.comparison is not None and self.link_index is not None:
            self._rebuild(upto=self.current)

    def clear(self, message: str) -> None:
        self.comparison, self.link_index, self.rows, self.current = None, None, [], None
        self._first, self._mounted, self._rows_cache = 0, 0, {}
        self.remove_children()
        self.mount(Static(message, classes="placeholder"))

    def _rebuild(self, upto: int | None) -> None:
        """Mount the heading and a window of rows that holds `upto` (rows from 0 when near the top)."""
        self.remove_children()
        self._first = upto - 4 if upto is not None and upto >= CHUNK else 0
        self._mounted = self._first
        self.mount(Static(self._heading(), classes="heading"))
        if self._first:
            self.mount(Static(self._earlier_note(), classes="earlier"))
            self.call_after_refresh(self._fill_viewport)
        self._mount_more(CHUNK)
        while upto is not None and self._mounted <= upto:
            self._mount_more(upto + 1 - self._mounted)
        if upto is not None:
            self.call_after_refresh(self._scroll_to_row, upto)
        else:
            self.scroll_home(animate=False)

    def _scroll_to_row(self, index: int) -> None:
        """Bring row `index` to the top, unless it starts in the top half of the first screen
        (then the section heading stays in view)."""
        for child in self.query(RowView):
            if child.row_index == index:
                region = child.virtual_region
                near_top = region.bottom <= self.size.height or region.y < self.size.height // 2
                if near_top and not self._first:
                    self.scroll_home(animate=False)
                else:
                    self.scroll_to(y=max(0, region.y - 1), animate=False)
                return

    def _mount_more(self, count: int) -> None:
        """Mount up to `count` more rows (at least one), within the CHUNK_CHARS budget."""
        assert self.comparison is not None
        end, budget = self._mounted, CHUNK_CHARS
        while end < min(len(self.rows), self._mounted + count) and (budget > 0 or end == self._mounted):
            budget -= max(len(self.rows[end].text("a")), len(self.rows[end].text("b")))
            end += 1
        widgets = [self._row_view(i) for i in range(self._mounted, end)]
        self._mounted = end
        for old in self.query(".more"):
            old.remove()
        if widgets:
            self.mount_all(widgets)
        if end < len(self.rows):
            self.mount(Static(f"… {len(self.rows) - end} more rows (scroll down)", classes="more"))
            self.call_after_refresh(self._fill_viewport)
        elif not self.rows:
            self.mount(Static("(empty section)", classes="placeholder"))

    def _fill_viewport(self) -> None:
        """Mount more rows while the ones mounted do not yet fill the pane (lazy rendering)."""
        if self._mounted < len(self.rows) and self.max_scroll_y <= self.scroll_y + self.size.height:
            self._mount_more(CHUNK)
        elif self._first and self.max_scroll_y == 0:
            # The window ends the section and fits the pane: fill it from above.
            self._mount_earlier()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._mounted < len(self.rows) and new_value >= self.max_scroll_y - self.size.height:
            self._mount_more(CHUNK)
        if self._first and new_value < old_value and new_value <= 1:
            self._mount_earlier()

    def action_scroll_home(self) -> None:
        """Home goes to the first row of the section, mounting it again if the window moved on."""
        if self._first and self.comparison is not None:
            self._rebuild(upto=None)
        else:
            self.scroll_home(animate=False)

    def _mount_earlier(self) -> None:
        """Mount the rows just above the window, keeping the rows in view where they are."""
        anchor = next(iter(self.query(RowView)), None)
        if anchor is None:
            return
        start, budget = self._first, CHUNK_CHARS
        while start > 0 and self._first - start < CHUNK and (budget > 0 or start == self._first):
            start -= 1
            budget -= max(len(self.rows[start].text("a")), len(self.rows[start].text("b")))
        self.mount_all([self._row_view(i) for i in range(start, self._first)], before=anchor)
        self._first = start
        for note in self.query(".earlier"):
            if start:
                note.update(self._earlier_note())  # type: ignore[attr-defined]
            else:
                note.remove()
        self.call_after_refresh(self.scroll_to_widget, anchor, animate=False, top=True)
        self.call_after_refresh(self._fill_viewport)

    def _earlier_note(self) -> str:
        return f"… {self._first} earlier rows (scroll up to load, Home for the first)"

    def _row_view(self, index: int) -> RowView:
        row = self.rows[index]
        view = RowView(row, index, _gutter(row), self.inline, self.search_text, self._move_notes(row))
        if index == self.current:
            view.add_class("-current")
        return view

    def _move_notes(self, row: Row) -> str:
        assert self.comparison is not None
        parts = [f"[↕ moved to {self._where(i)}]" for i in row.moved_to]
        parts += [f"[↕ moved from {self._where(i)}]" for i in row.moved_from]
        return " ".join(parts)

    def _where(self, link_index: int) -> str:
        """The record a moved piece went to or came from, named as the CLI names it."""
        assert self.comparison is not None
        name = link_name(self.comparison, link_index)
        return name if len(name) <= _WHERE_CHARS else name[: _WHERE_CHARS - 1] + "…"

    def _heading(self) -> Text:
        assert self.comparison is not None and self.link_index is not None
        comparison, link = self.comparison, self.comparison.alignment.links[self.link_index]
        status = link_status(comparison, self.link_index)
        look = STATUSES[status]
        text = Text()
        text.append(f"{look.symbol} {status}", style=f"bold {look.style}")
        for side, document, index in (("A", comparison.a, link.a), ("B", comparison.b, link.b)):
            text.append(f"   {side}: ", style="bold")
            if index is None:
                text.append("—", style="dim")
            else:
                section = document.sections[index]
                text.append(f"{section_label(section)} ", style="")
                text.append(f"(line {section.line})", style="dim")
        if link.status == "matched":
            text.append(f"   confidence {link.confidence:.2f}", style="dim")
        if link.pinned:
            text.append("   ⚑ pinned", style="bold")
        if link.evidence:
            text.append("   shared: " + "、".join(link.evidence[:5]), style="dim")
        return text


def _gutter(row: Row) -> str:
    """A one-character change mark that works without colour."""
    if row.moved_to or row.moved_from:
        return "↕"
    ops = {s.op for s in row.a + row.b} - {"equal"}
    if ops == {"insert"}:
        return "+"
    if ops == {"delete"}:
        return "−"
    return "~" if ops else " "
