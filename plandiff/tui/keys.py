"""The key table, made from BINDINGS so the help screen and docs/tui.md cannot drift."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding, BindingType
from textual.keys import format_key

_DISPLAY = {"tab": "Tab", "escape": "Esc", "enter": "Enter", "up": "↑", "down": "↓"}


def key_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys as typed, what they do) for every binding with a description."""
    rows = []
    for item in bindings:
        binding = item if isinstance(item, Binding) else Binding(*item)
        if not binding.description:
            continue
        keys = " / ".join(_display(key.strip()) for key in binding.key.split(","))
        rows.append((keys, binding.tooltip or binding.description))
    return rows


def key_table_markdown(bindings: Iterable[BindingType]) -> str:
    """The key table as markdown (docs/tui.md embeds exactly this text)."""
    lines = ["| key | action |", "|---|---|"]
    for keys, description in key_rows(bindings):
        shown = keys.replace("|", "\\|")
        lines.append(f"| `{shown}` | {description} |")
    return "\n".join(lines) + "\n"


def status_table_markdown() -> str:
    """The status symbols as markdown (docs/tui.md embeds exactly this text)."""
    from .status import STATUSES

    lines = ["| symbol | status | meaning |", "|---|---|---|"]
    lines += [f"| `{look.symbol}` | {name} | {look.description} |" for name, look in STATUSES.items()]
    return "\n".join(lines) + "\n"


def _display(key: str) -> str:
    if key in _DISPLAY:
        return _DISPLAY[key]
    return format_key(key) if len(key) > 1 else key


if __name__ == "__main__":  # python -m plandiff.tui.keys: the table for docs/tui.md
    from .app import PlandiffApp

    print(key_table_markdown(PlandiffApp.BINDINGS))
    print(status_table_markdown(), end="")
