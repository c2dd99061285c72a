"""The summary screen: added and removed priorities, changed targets, renames, and
sections only in one plan; choosing an item jumps to its place."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from ...model import Comparison, Target
from ..search import owning_links, section_at
from ..status import STATUSES, status_counts
from .section_tree import numbering


class SummaryScreen(ModalScreen[int | None]):
    """Answers the index of the link to jump to, or None when closed."""

    BINDINGS = [Binding("escape,s,q", "close", "Close")]

    def __init__(self, comparison: Comparison) -> None:
        super().__init__()
        self.comparison = comparison

    def compose(self) -> ComposeResult:
        counts = status_counts(self.comparison)
        line = "  ".join(f"{STATUSES[k].symbol} {v} {k}" for k, v in counts.items())
        with Vertical(classes="dialog wide"):
            yield Label("Summary — Enter jumps to the item, Escape closes", classes="title")
            yield Label(line)
            yield OptionList(*summary_options(self.comparison))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.focus()
        for index in range(options.option_count):
            if not options.get_option_at_index(index).disabled:
                options.highlighted = index
                break

    @on(OptionList.OptionSelected)
    def jump(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(int(event.option.id.split(":")[0]))

    def action_close(self) -> None:
        self.dismiss(None)


def summary_options(comparison: Comparison) -> list[Option]:
    """The summary as options; an option's id starts with the link index to jump to."""
    groups = [
        ("Added priorities", _priorities(comparison, "b")),
        ("Removed priorities", _priorities(comparison, "a")),
        ("Changed targets", _targets(comparison)),
        ("Renames", _renames(comparison)),
        ("Sections only in B (added)", _sections(comparison, "added")),
        ("Sections only in A (removed)", _sections(comparison, "removed")),
    ]
    options: list[Option] = []
    for number, (title, items) in enumerate(groups):
        options.append(Option(f"── {title} ({len(items)})", id=None, disabled=True))
        options.extend(Option("  " + label, id=f"{link}:{number}:{k}") for k, (link, label) in enumerate(items))
        if not items:
            options.append(Option("  (none)", disabled=True))
    return options


def _link_of(comparison: Comparison, side: str, offset: int) -> int | None:
    document = comparison.a if side == "a" else comparison.b
    return owning_links(comparison, side).get(section_at(document, offset))


def _priorities(comparison: Comparison, side: str) -> list[tuple[int, str]]:
    found = comparison.summary.added if side == "b" else comparison.summary.removed
    owner = owning_links(comparison, side)
    return [(owner[p.section], f"{p.text}  (line {p.line})") for p in found if p.section in owner]


def _targets(comparison: Comparison) -> list[tuple[int, str]]:
    items = []
    for change in comparison.summary.targets:
        where = _target_link(comparison, change.b, "b") if change.b else _target_link(comparison, change.a, "a")
        if where is not None:
            items.append((where, f"{change.indicator}: {_value(change.a)} → {_value(change.b)}"))
    return items


def _target_link(comparison: Comparison, target: Target | None, side: str) -> int | None:
    return None if target is None else _link_of(comparison, side, target.start)


def _value(target: Target | None) -> str:
    if target is None:
        return "—"
    return target.value + (f" ({target.year})" if target.year else "")


def _renames(comparison: Comparison) -> list[tuple[int, str]]:
    items = []
    for rename in comparison.summary.renames:
        a, b = comparison.a.sections[rename.a], comparison.b.sections[rename.b]
        items.append((rename.link, f"{a.heading} → {b.heading}"))
    return items


def _sections(comparison: Comparison, status: str) -> list[tuple[int, str]]:
    items = []
    for index, link in enumerate(comparison.alignment.links):
        if link.status != status:
            continue
        document, section = (comparison.b, link.b) if status == "added" else (comparison.a, link.a)
        assert section is not None
        target = document.sections[section]
        if target.level == 0:
            continue
        items.append((index, f"{numbering(target)}{target.title}  (line {target.line})"))
    return items
