"""The header: both documents' title, issuer and period, and the counts of changes."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...model import Comparison, Document
from ..status import STATUSES, status_counts


class DocumentsHeader(Static):
    """Two lines (A and B) plus a line of counts; shows the file names until the comparison lands."""

    def show_loading(self, a_name: str, b_name: str) -> None:
        text = Text()
        text.append("A ", style="bold red")
        text.append(a_name + "\n")
        text.append("B ", style="bold green")
        text.append(b_name + "\n")
        text.append("comparing…", style="dim italic")
        self.update(text)

    def show(self, comparison: Comparison, pins: int) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        _document_line(text, "A ", "bold red", comparison.a)
        _document_line(text, "B ", "bold green", comparison.b)
        counts = status_counts(comparison)
        for status, look in STATUSES.items():
            text.append(f"{look.symbol} {counts[status]} {status}  ", style=look.style)
        if comparison.options.strict:
            text.append("[strict] ", style="bold reverse")
        if pins:
            text.append(f"[⚑ {pins} pin{'s' if pins > 1 else ''}] ", style="bold")
        self.update(text)


def _document_line(text: Text, tag: str, style: str, document: Document) -> None:
    meta = document.metadata
    text.append(tag, style=style)
    text.append(meta.title or document.text.name, style="bold")
    details = [d for d in (meta.issuer, meta.period, document.text.name if meta.title else "") if d]
    if details:
        text.append("  " + " · ".join(details), style="dim")
    text.append("\n")
