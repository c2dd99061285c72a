"""`plandiff outline`: a document's section tree and metadata as rich text, JSON or
markdown."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from ..model import Document, Metadata, Section, Target

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


def outline_data(document: Document) -> dict[str, Any]:
    """The outline as plain data (the JSON contract of docs/json.md)."""
    return {
        "file": document.text.name,
        "encoding": document.text.encoding,
        "length": len(document.text.original),
        "metadata": metadata_data(document.metadata),
        "front_matter": _span(document.sections[0]),
        "back_matter": (
            _span(document.sections[-1]) if len(document.sections) > 1 and document.sections[-1].level == 0 else None
        ),
        "sections": [_section_data(document, s) for s in document.roots],
    }


def metadata_data(metadata: Metadata) -> dict[str, Any]:
    return {
        "title": metadata.title,
        "issuer": metadata.issuer,
        "admin_level": metadata.admin_level,
        "doc_number": metadata.doc_number,
        "date": metadata.date,
        "period": metadata.period,
        "targets": [target_data(t) for t in metadata.targets],
    }


def target_data(target: Target) -> dict[str, Any]:
    return {
        "indicator": target.indicator,
        "value": target.value,
        "number": target.number,
        "unit": target.unit,
        "year": target.year,
        "line": target.line,
        "start": target.start,
        "end": target.end,
    }


def _span(section: Section) -> dict[str, int]:
    return {"line": section.line, "start": section.start, "end": section.end}


def _section_data(document: Document, section: Section) -> dict[str, Any]:
    return {
        "level": section.level,
        "number": section.number,
        "marker": section.marker,
        "title": section.title,
        "heading": section.heading,
        "line": section.line,
        "start": section.start,
        "end": section.end,
        "children": [_section_data(document, c) for c in document.children_of(section)],
    }


def outline_json(document: Document) -> str:
    return json.dumps(outline_data(document), ensure_ascii=False, indent=2) + "\n"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]<>()#+-.!|~"})


def escape_markdown(text: str) -> str:
    """Escape markdown's special characters so document text prints literally."""
    return text.translate(_MD_SPECIAL)


def outline_markdown(document: Document) -> str:
    meta = document.metadata
    lines = [f"# {escape_markdown(meta.title or document.text.name)}", ""]
    for label, value in _metadata_rows(meta):
        lines.append(f"- **{label}**: {escape_markdown(value)}")
    lines.append("")
    for section in document.headings:
        indent = "  " * (section.level - 1)
        lines.append(f"{indent}- {escape_markdown(section.name)} (line {section.line})")
    return "\n".join(lines) + "\n"


def _metadata_rows(meta: Metadata) -> list[tuple[str, str]]:
    rows = [
        ("issuer", f"{meta.issuer} ({meta.admin_level})" if meta.issuer else ""),
        ("document number", meta.doc_number),
        ("date", meta.date),
        ("period", meta.period),
    ]
    return [(label, value) for label, value in rows if value]


def _tree_label(section: Section, width: int) -> Table | Text:
    """Marker and title; one too long for `width` cells in two columns, so that it wraps
    under itself instead of leaving the marker (第一条) alone on a line at the space after it."""
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    name = section.name
    marker = section.marker if name.startswith(section.marker) else ""  # a Markdown heading's hashes are not shown
    title = Text(name[len(marker) :])  # plain Text: document text is never markup
    title.append(f" L{section.line}", style="dim")
    if not marker or cell_len(marker) + title.cell_len <= width:
        return Text.assemble((marker, "cyan"), title)  # (speedup) a table per heading costs ~0.1 ms
    gap = len(title.plain) - len(title.plain.lstrip(" \u3000"))
    label = Table.grid(padding=(0, gap, 0, 0))
    label.add_column(no_wrap=True, style="cyan")
    label.add_column(overflow="fold")
    label.add_row(marker, title[gap:])
    return label


def print_outline(document: Document, out: IO[str], *, color: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.tree import Tree

    console = Console(file=out, force_terminal=color, no_color=not color, highlight=False, soft_wrap=False)
    meta = document.metadata
    root = Tree(f"[bold]{escape(meta.title or document.text.name)}[/]")
    nodes: dict[int, Tree] = {}
    for section in document.headings:
        parent = nodes.get(section.parent, root) if section.parent is not None else root
        # a tree level indents by 4 cells
        nodes[section.index] = parent.add(_tree_label(section, console.width - 4 * section.level))
    for label, value in _metadata_rows(meta):
        console.print(f"[dim]{label}:[/] {escape(value)}")
    counts = _level_counts(document)
    console.print(f"[dim]sections:[/] {counts}   [dim]targets:[/] {len(meta.targets)}")
    with console.capture() as tree:
        console.print(root)
    # a wrapped title's cells are padded to the column's width: no trailing blanks in the output
    out.write("".join(line.rstrip() + "\n" for line in tree.get().splitlines()))
    if meta.targets:
        console.print("[bold]targets[/]")
        for t in meta.targets:
            year = f" ({t.year})" if t.year else ""
            console.print(f"  {escape(t.indicator)}: [green]{escape(t.value)}[/]{year} [dim]L{t.line}[/]")


def _level_counts(document: Document) -> str:
    from collections import Counter

    counts = Counter(s.level for s in document.headings)
    return ", ".join(f"level {level}: {n}" for level, n in sorted(counts.items())) or "none"
