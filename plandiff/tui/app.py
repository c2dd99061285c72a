"""`make_app(a, b, options)`: the Textual app behind ``plandiff view A B`` and ``plandiff A B -i``.

The app holds no comparison logic. It reads both files up front (so a missing or
undecodable file is the CLI's one-line error, exit 2), shows its frame at once, and
runs `plandiff.pipeline.compare` in a worker thread; toggling strict mode or pinning
a link calls `compare` again with new `Options`.

Pins sidecar: corrections are written (only when the user makes one) to `pins_path`
when given (``--pins FILE``), else to ``<A stem>.<B stem>.pins.json`` next to A.
That default file, when it exists and no ``--pins`` was given, is read at start.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text as RichText
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Footer, Tree
from textual.worker import get_current_worker

from ..errors import PlandiffError
from ..model import Comparison, Link, Options, Pin, Text
from .export import export_format, render
from .launch import Prefetch, open_session
from .navigation import next_stop, previous_stop
from .rows import hunks
from .search import Hit, find_hits
from .status import CHANGED, STATUSES, link_status
from .widgets.diff_view import DiffView
from .widgets.header import DocumentsHeader
from .widgets.help import HelpScreen
from .widgets.prompts import ChoiceScreen, PromptScreen
from .widgets.section_tree import SectionTree, numbering
from .widgets.summary import SummaryScreen

WARM_UP_DELAY = 0.5
"""Seconds after the first comparison arrives before warming up for the next one."""

_MAIN_ACTIONS = frozenset(
    "next_change previous_change next_section previous_section switch_pane toggle_changes_only filter_status"
    " search next_hit previous_hit toggle_inline toggle_strict summary forbid_link link_to undo_pin export help".split()
)
"""Actions of the main screen, disabled while a dialog is open."""


def make_app(
    a: str | Path | Text, b: str | Path | Text, options: Options | None = None, pins_path: str | Path | None = None
) -> PlandiffApp:
    """The TUI over plans `a` and `b`, its first comparison made in the app's worker thread
    (the CLI's `launch.open_app` makes it in a forked child instead).

    Args:
        a: the older plan (a path or a decoded `Text`).
        b: the newer plan.
        options: strictness, depth and pins to start with.
        pins_path: where corrections are saved (default: `launch.default_pins_path`).

    Raises:
        PlandiffError: a file cannot be read or decoded, or the sidecar is invalid.
    """
    session = open_session(a, b, options, pins_path)
    return PlandiffApp(session.text_a, session.text_b, session.options, session.pins_path)


class PlandiffApp(App[None]):
    """Browse two aligned plans; every key is listed in BINDINGS (and so in help and docs)."""

    CSS_PATH = "plandiff.tcss"
    TITLE = "plandiff"
    ENABLE_COMMAND_PALETTE = False

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "next_change", "Next change", tooltip="Next change (across sections)"),
        Binding("N", "previous_change", "Prev change", tooltip="Previous change (across sections)"),
        Binding("]", "next_section", "Next section", show=False),
        Binding("[", "previous_section", "Previous section", show=False),
        Binding("tab", "switch_pane", "Switch pane", show=False, priority=True,
                tooltip="Switch focus between the section tree and the diff"),
        Binding("f", "toggle_changes_only", "Changes only", tooltip="Filter the tree: changes only ↔ all sections"),
        Binding("F", "filter_status", "Filter status", show=False, tooltip="Filter the tree to one status"),
        Binding("/", "search", "Search", tooltip="Search both documents (highlights every match, jumps to the next)"),
        Binding(">", "next_hit", "Next match", show=False),
        Binding("<", "previous_hit", "Previous match", show=False),
        Binding("i", "toggle_inline", "Inline", tooltip="Toggle side-by-side / inline redline"),
        Binding("S", "toggle_strict", "Strict", show=False,
                tooltip="Toggle strict mode (show punctuation-width and spacing differences)"),
        Binding("s", "summary", "Summary", tooltip="Summary: priorities, targets, renames (Enter jumps)"),
        Binding("x", "forbid_link", "Mark link wrong", show=False,
                tooltip="Mark the selected link as wrong (forbid pin), recompute, save pins"),
        Binding("l", "link_to", "Link A to B", show=False,
                tooltip="Link the selected A section to a B section you choose, recompute, save pins"),
        Binding("u", "undo_pin", "Undo pin", show=False, tooltip="Remove the last pin, recompute, save pins"),
        Binding("e", "export", "Export", tooltip="Export the comparison (.json, .md, else text) to a file you name"),
        Binding("?", "help", "Help", tooltip="This help"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self, text_a: Text, text_b: Text, options: Options, pins_path: Path, prefetch: Prefetch | None = None
    ) -> None:
        super().__init__()
        self.prefetch = prefetch
        """The first comparison, under way in a child process (`launch.open_app`)."""
        self.text_a, self.text_b = text_a, text_b
        self.options = options
        self.pins: list[Pin] = list(options.pins)
        self.pins_path = pins_path
        self.comparison: Comparison | None = None
        self.filter = "all"
        self.hits: list[Hit] = []
        self.hit = -1
        self.documents_header = DocumentsHeader(id="documents")
        self.section_tree = SectionTree(id="tree")
        self.diff_view = DiffView(id="diff")

    def notify(self, message: str, *, markup: bool = False, **kwargs: Any) -> None:
        """Textual's notify, but plain text by default: messages quote file names and queries."""
        super().notify(message, markup=markup, **kwargs)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a dialog is open, the main screen's keys belong to the dialog."""
        if len(self.screen_stack) > 1 and action in _MAIN_ACTIONS:
            return False
        return True

    # --- frame and loading -------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.documents_header
        with Horizontal(id="body"):
            yield self.section_tree
            yield self.diff_view
        yield Footer()

    def on_mount(self) -> None:
        self.documents_header.show_loading(self.text_a.name, self.text_b.name)
        self.diff_view.clear("comparing…")
        self.section_tree.focus()
        # After the first paint: the worker's imports (the segmenter's dictionary) hold the GIL
        # for a while, and the frame should not wait for them.
        self.call_after_refresh(self.recompute)

    def recompute(self) -> None:
        """Compare again with the current options and pins (in a worker thread)."""
        self.options = replace(self.options, pins=tuple(self.pins))
        self._compare(self.options)

    @work(thread=True, exclusive=True, group="compare")
    def _compare(self, options: Options) -> None:
        from ..pipeline import compare

        prefetch, self.prefetch = self.prefetch, None
        try:
            result = (prefetch.take(options) if prefetch else None) or compare(self.text_a, self.text_b, options)
        except PlandiffError as exc:
            # A Text, not a str: the message names files, which must not be read as markup.
            self.call_from_thread(self.exit, None, 2, RichText(f"plandiff: {exc}"))
            return
        # A thread cannot be stopped: a newer request (exclusive) cancels this one, and a
        # cancelled worker must not draw its now stale result over the newer one.
        if not get_current_worker().is_cancelled:
            self.call_from_thread(self.show_comparison, result)
        if prefetch:
            # This process has compared nothing yet: once the screen is drawn, get ready for
            # the next comparison (a pin, strict mode), so that it is not a slow first one.
            self.call_from_thread(self.set_timer, WARM_UP_DELAY, self._warm_up)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Compare once more in this process, result unused: the dictionary, the imports and
        the caches keyed by text (cuts, phrases, profiles) are then ready, and a first
        correction takes ~0.15 s instead of ~0.4 s."""
        from ..pipeline import compare

        compare(self.text_a, self.text_b, self.options)

    def show_comparison(self, comparison: Comparison) -> None:
        """Draw a (new) comparison, staying on the same section when it still exists."""
        previous = self._current_link()
        self.comparison = comparison
        self.documents_header.show(comparison, len(self.pins))
        self._refresh_tree()
        self._find(self.diff_view.search_text)
        target = self._same_place(previous)
        if target is not None and self.section_tree.select_link(target):
            self.diff_view.show(comparison, target)
        else:
            self._show_first()

    def _same_place(self, link: Link | None) -> int | None:
        assert self.comparison is not None
        if link is None:
            return None
        for index, candidate in enumerate(self.comparison.alignment.links):
            if (link.a is not None and candidate.a == link.a) or (link.a is None and candidate.b == link.b):
                return index
        return None

    def _current_link(self) -> Link | None:
        if self.comparison is None or self.diff_view.link_index is None:
            return None
        return self.comparison.alignment.links[self.diff_view.link_index]

    def _show_first(self) -> None:
        visible = self.section_tree.visible_links
        if visible and self.comparison is not None:
            self.section_tree.select_link(visible[0])
            self.diff_view.show(self.comparison, visible[0])
        else:
            self.diff_view.clear(f"no section matches the filter ({self.filter}); press f")

    # --- tree ----------------------------------------------------------------------

    def _refresh_tree(self) -> None:
        comparison = self.comparison
        assert comparison is not None
        self.section_tree.show(comparison, lambda index: self._passes_filter(link_status(comparison, index)))

    def _passes_filter(self, status: str) -> bool:
        if self.filter == "all":
            return True
        if self.filter == "changes":
            return status in CHANGED
        return status == self.filter

    @on(Tree.NodeHighlighted)
    def _section_highlighted(self, event: Tree.NodeHighlighted[Link]) -> None:
        index = self.section_tree.link_index(event.node)
        if index is not None and self.comparison is not None and index != self.diff_view.link_index:
            self.diff_view.show(self.comparison, index)

    @on(Tree.NodeSelected)
    def _section_selected(self, event: Tree.NodeSelected[Link]) -> None:
        self.diff_view.focus()

    def go(self, link: int, row: int | None) -> None:
        """Show `link` with `row` as the current row, and put the tree cursor on it."""
        if self.comparison is None:
            return
        self.diff_view.show(self.comparison, link, row)
        self.section_tree.select_link(link)

    # --- navigation ----------------------------------------------------------------

    def _change_rows(self, link: int) -> list[int | None]:
        """Where "next change" stops in `link`: its changed rows, or its heading."""
        assert self.comparison is not None
        if link_status(self.comparison, link) not in CHANGED:
            return []
        found: list[int | None] = list(hunks(self.diff_view.rows_for(link)))
        return found or [None]

    def action_next_change(self) -> None:
        if self.comparison is not None:
            self._go_to(next_stop(*self._position(), self.section_tree.visible_links, self._change_rows), "below")

    def action_previous_change(self) -> None:
        if self.comparison is not None:
            self._go_to(previous_stop(*self._position(), self.section_tree.visible_links, self._change_rows), "above")

    def _position(self) -> tuple[int | None, int | None]:
        return self.diff_view.link_index, self.diff_view.current

    def _go_to(self, stop: tuple[int, int | None] | None, where: str) -> None:
        if stop is None:
            self.notify(f"No more changes {where}.", severity="warning")
        else:
            self.go(*stop)

    def action_next_section(self) -> None:
        self._step_section(1)

    def action_previous_section(self) -> None:
        self._step_section(-1)

    def _step_section(self, step: int) -> None:
        visible = self.section_tree.visible_links
        if not visible:
            return
        current = self.diff_view.link_index
        position = visible.index(current) + step if current in visible else 0
        if 0 <= position < len(visible):
            self.go(visible[position], None)

    def action_switch_pane(self) -> None:
        (self.diff_view if self.section_tree.has_focus else self.section_tree).focus()

    # --- filter and view -------------------------------------------------------------

    def action_toggle_changes_only(self) -> None:
        self.set_filter("all" if self.filter == "changes" else "changes")

    def action_filter_status(self) -> None:
        choices = [("all", "all sections"), ("changes", "changes only")]
        choices += [(name, f"{look.symbol} {name} — {look.description}") for name, look in STATUSES.items()]
        self.push_screen(ChoiceScreen("Show which sections?", choices), self._filter_chosen)

    def _filter_chosen(self, choice: str | None) -> None:
        if choice is not None:
            self.set_filter(choice)

    def set_filter(self, name: str) -> None:
        """Show only sections of one status (``all``, ``changes`` or a `STATUSES` key)."""
        self.filter = name
        if self.comparison is None:
            return
        current = self.diff_view.link_index
        self._refresh_tree()
        self._find(self.diff_view.search_text)
        self.notify(f"Filter: {name}", timeout=2)
        if current is None or not self.section_tree.select_link(current):
            self._show_first()

    def action_toggle_inline(self) -> None:
        self.diff_view.inline = not self.diff_view.inline
        self.diff_view.redraw()

    def action_toggle_strict(self) -> None:
        self.options = replace(self.options, strict=not self.options.strict)
        self.notify("Strict mode " + ("on" if self.options.strict else "off") + ": recomputing…")
        self.recompute()

    # --- search ------------------------------------------------------------------------

    def action_search(self) -> None:
        self.push_screen(PromptScreen("Search both documents (empty clears):", self.diff_view.search_text), self.search)

    def search(self, query: str | None) -> None:
        """Highlight `query` everywhere and jump to its first match at or after the current section."""
        self.diff_view.search_text = query or ""
        self.hits, self.hit = [], -1
        if not query or self.comparison is None:
            self.diff_view.redraw()
            return
        self._find(query)
        if not self.hits:
            self.diff_view.redraw()
            self.notify(f"Not found: {query}", severity="warning")
            return
        current = self.diff_view.link_index or 0
        self.hit = next((i for i, h in enumerate(self.hits) if h.link >= current), 0)
        self._jump_to_hit()

    def _find(self, query: str) -> None:
        """The matches of `query` in the sections the tree shows (hit indexes are per comparison)."""
        self.hit = -1
        if not query or self.comparison is None:
            self.hits = []
            return
        visible = set(self.section_tree.visible_links)
        self.hits = [h for h in find_hits(self.comparison, query) if h.link in visible]

    def action_next_hit(self) -> None:
        self._step_hit(1)

    def action_previous_hit(self) -> None:
        self._step_hit(-1)

    def _step_hit(self, step: int) -> None:
        if not self.hits:
            self.notify("No search; press / to search.", severity="warning")
            return
        if self.hit < 0:
            self.hit = 0 if step > 0 else len(self.hits) - 1
        else:
            self.hit = (self.hit + step) % len(self.hits)
        self._jump_to_hit()

    def _jump_to_hit(self) -> None:
        assert self.comparison is not None
        hit = self.hits[self.hit]
        rows = self.diff_view.rows_for(hit.link)
        row = next((i for i, r in enumerate(rows) if _holds(r.span(hit.side), hit.offset)), None)
        self.go(hit.link, row)
        self.notify(f"Match {self.hit + 1} of {len(self.hits)}", timeout=2)

    # --- summary, help, export ------------------------------------------------------------

    def action_summary(self) -> None:
        if self.comparison is not None:
            self.push_screen(SummaryScreen(self.comparison), self._summary_chosen)

    def _summary_chosen(self, place: str | None) -> None:
        if place is None or self.comparison is None:
            return
        link_text, side, offset_text = place.split(":")
        link, offset = int(link_text), int(offset_text)
        if link not in self.section_tree.visible_links:
            self.set_filter("all")
        rows = self.diff_view.rows_for(link)
        row = next((i for i, r in enumerate(rows) if _holds(r.span(side), offset)), None) if side != "-" else None
        self.go(link, row)
        self.diff_view.focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen(list(self.BINDINGS), self.pins_path))

    def action_export(self) -> None:
        if self.comparison is not None:
            question = "Export to file (.json, .md, anything else: text):"
            self.push_screen(PromptScreen(question, placeholder="e.g. comparison.md"), self.export)

    def export(self, name: str | None) -> None:
        """Write the comparison to `name` in the format its extension names."""
        if not name or self.comparison is None:
            return
        path = Path(name).expanduser()
        if self._is_protected(path):
            self.notify(f"Refusing to overwrite {path}: it is an input or the pins file.", severity="error")
            return
        fmt = export_format(path)
        try:
            content = render(self.comparison, fmt)
            path.write_text(content, encoding="utf-8")
        except ImportError:
            self.notify(f"The {fmt} renderer is not available in this build.", severity="error")
            return
        except OSError as exc:
            self.notify(f"Cannot write {path}: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"Exported {fmt} to {path}")

    def _is_protected(self, path: Path) -> bool:
        protected = [Path(self.text_a.name), Path(self.text_b.name), self.pins_path]
        return any(path.resolve() == p.resolve() for p in protected if str(p) != "-")

    # --- corrections (pins) ----------------------------------------------------------------

    def action_forbid_link(self) -> None:
        link = self._current_link()
        if self.comparison is None or link is None:
            return
        if link.a is None or link.b is None:
            self.notify("Only a link between two sections can be marked wrong.", severity="warning")
            return
        a, b = self.comparison.a.sections[link.a], self.comparison.b.sections[link.b]
        self.add_pin(Pin(a.line, b.line, forbid=True))

    def action_link_to(self) -> None:
        link = self._current_link()
        if self.comparison is None or link is None or link.a is None:
            self.notify("Select a section of A first (this one is only in B).", severity="warning")
            return
        a = self.comparison.a.sections[link.a]
        choices = [(str(s.index), f"{s.line:>5}  {numbering(s)}{s.title}") for s in self.comparison.b.sections]
        question = f"Link A {a.heading} (line {a.line}) to which B section?"
        self.push_screen(ChoiceScreen(question, choices), self._link_chosen)

    def _link_chosen(self, choice: str | None) -> None:
        link = self._current_link()
        if choice is None or self.comparison is None or link is None or link.a is None:
            return
        a, b = self.comparison.a.sections[link.a], self.comparison.b.sections[int(choice)]
        self.add_pin(Pin(a.line, b.line))

    def add_pin(self, pin: Pin) -> None:
        """Add (or replace) a pin for the same pair of lines, save the sidecar, recompute."""
        self.pins = [p for p in self.pins if (p.a_line, p.b_line) != (pin.a_line, pin.b_line)] + [pin]
        self._save_and_recompute()

    def action_undo_pin(self) -> None:
        if not self.pins:
            self.notify("No pins to undo.", severity="warning")
            return
        self.pins.pop()
        self._save_and_recompute()

    def _save_and_recompute(self) -> None:
        from ..pins import write_pins

        try:
            write_pins(self.pins_path, tuple(self.pins), self.text_a.name, self.text_b.name)
        except PlandiffError as exc:
            self.notify(str(exc), severity="error")
        else:
            self.notify(f"Saved {len(self.pins)} pin(s) to {self.pins_path}; recomputing…")
        self.recompute()


def _holds(span: tuple[int, int] | None, offset: int) -> bool:
    return span is not None and span[0] <= offset < span[1]
