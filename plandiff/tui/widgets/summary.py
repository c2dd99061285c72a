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
from ...render.common import section_label
from ..search import owning_links, section_at
from ..status import STATUSES, status_counts


class SummaryScreen(ModalScreen[str | None]):
    """Answers where to jump, ``"link:side:offset"`` (side ``-`` for a whole section), or None."""

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
            yield OptionList(*summary_options(self.comparison), markup=False)

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
            self.dismiss(event.option.id.rsplit(":", 1)[0])

    def action_close(self) -> None:
        self.dismiss(None)


def summary_options(comparison: Comparison) -> list[Option]:
    """The summary as options; an option's id is ``link:side:offset:n`` (where to jump, and a
    serial number that keeps ids unique)."""
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
        options.extend(
            Option("  " + label, id=f"{where}:{number}{k}") for k, (where, label) in enumerate(items)
        )
        if not items:
            options.append(Option("  (none)", disabled=True))
    return options


def _place(comparison: Comparison, side: str, offset: int) -> str | None:
    """``link:side:offset`` for a position in one document, None when no link owns it."""
    document = comparison.a if side == "a" else comparison.b
    link = owning_links(comparison, side).get(section_at(document, offset))
    return None if link is None else f"{link}:{side}:{offset}"


def _priorities(comparison: Comparison, side: str) -> list[tuple[str, str]]:
    found = comparison.summary.added if side == "b" else comparison.summary.removed
    items = []
    for priority in found:
        where = _place(comparison, side, priority.start)
        if where is not None:
            document = comparison.a if side == "a" else comparison.b
            section = document.sections[priority.section]
            place = "" if section.level == 0 else f"{section_label(section)}, "
            items.append((where, f"{priority.text}  ({place}line {priority.line})"))
    return items


def _targets(comparison: Comparison) -> list[tuple[str, str]]:
    items = []
    for change in comparison.summary.targets:
        side, target = ("b", change.b) if change.b is not None else ("a", change.a)
        where = _place(comparison, side, target.start) if target is not None else None
        if where is not None:
            items.append((where, f"{change.indicator}: {_value(change.a)} → {_value(change.b)}"))
    return items


def _value(target: Target | None) -> str:
    if target is None:
        return "—"
    return target.value + (f" ({target.year})" if target.year else "")


def _renames(comparison: Comparison) -> list[tuple[str, str]]:
    items = []
    for rename in comparison.summary.renames:
        a, b = comparison.a.sections[rename.a], comparison.b.sections[rename.b]
        items.append((f"{rename.link}:-:-1", f"{section_label(a)} → {section_label(b)}"))
    return items


def _sections(comparison: Comparison, status: str) -> list[tuple[str, str]]:
    items = []
    for index, link in enumerate(comparison.alignment.links):
        if link.status != status:
            continue
        document, section = (comparison.b, link.b) if status == "added" else (comparison.a, link.a)
        assert section is not None
        target = document.sections[section]
        if target.level == 0:
            continue
        items.append((f"{index}:-:-1", f"{section_label(target)}  (line {target.line})"))
    return items
