"""The help screen: every key, generated from the app's BINDINGS so it cannot drift."""

from __future__ import annotations

from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from ..keys import key_rows
from ..status import STATUSES


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "close", "Close")]

    def __init__(self, bindings: list[BindingType], pins_path: Path) -> None:
        super().__init__()
        self.key_bindings, self.pins_path = bindings, pins_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Label("plandiff view — keys (Escape closes)", classes="title")
            yield Static(self._keys())
            yield Label("Status symbols", classes="title")
            yield Static(self._symbols())
            yield Label("Corrections (x, l, u) are saved to", classes="title")
            yield Static(Text(str(self.pins_path)))

    def _keys(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold cyan", no_wrap=True)
        table.add_column()
        for keys, description in key_rows(self.key_bindings):
            table.add_row(keys, description)
        return table

    @staticmethod
    def _symbols() -> Table:
        table = Table.grid(padding=(0, 2))
        for name, look in STATUSES.items():
            table.add_row(Text(look.symbol, style=look.style), name, look.description)
        return table

    def action_close(self) -> None:
        self.dismiss(None)
