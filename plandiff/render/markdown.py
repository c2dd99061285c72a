"""`plandiff A B --format markdown`: the console report as markdown, for a briefing.

Same content and order as the terminal: the documents side by side, section
counts, priorities, targets and renames as tables, then the changed sections
clause by clause. Insertions are ``<ins>…</ins>`` and deletions ``<del>…</del>``:
inline HTML renders the same in GitHub, GitLab, pandoc and most editors, and,
unlike ``~~…~~``, it still works when the marked text starts or ends with punctuation
next to a Chinese character (CommonMark's flanking rules), which these plans do often.
Document text is escaped everywhere, so a plan containing ``*`` or ``<ins>``
prints literally.
"""

from __future__ import annotations

import re

from ..model import Comparison, Priority, Target
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
)

_ESCAPE_EVERYWHERE = re.compile(r"([\\`*_\[\]<>|~#&!$])")
"""Characters that can start markup anywhere in a line; backslash-escaped."""
_LINE_START = re.compile(r"^(\s*)(?:([-+=])|(\d+)([.)])(?=\s|$))")
"""Line starts that would open a list or underline a heading (``-``, ``+``, ``1.``)."""


def escape_markdown(text: str, *, line_start: bool = True) -> str:
    """`text` as literal markdown.

    Special characters are backslash-escaped and line breaks become spaces (each
    value sits on one line of a list item or table row).

    Args:
        text: document text or a label.
        line_start: the text begins a line, so a leading ``-`` or ``1.`` must not
            open a list.
    """
    if "\n" in text or "\r" in text:
        text = " ".join(part.strip() for part in text.splitlines() if part.strip())
    text = printable(text)
    text = _ESCAPE_EVERYWHERE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_line_start, text) if line_start else text


def _escape_line_start(match: re.Match[str]) -> str:
    indent, sign, digits, mark = match.groups()
    return f"{indent}\\{sign}" if sign else f"{indent}{digits}\\{mark}"


def render_markdown(comparison: Comparison, summary_only: bool = False) -> str:
    """The comparison as a markdown report.

    Args:
        comparison: what `plandiff.compare` returned.
        summary_only: leave out the section-by-section changes (``--summary``).
    """
    lines = summary_lines(comparison)
    if not summary_only:
        lines += ["", "## Changes by section", "", *section_lines(comparison)]
    return "\n".join(lines).rstrip("\n") + "\n"


# --- summary ---------------------------------------------------------------------------


def summary_lines(comparison: Comparison) -> list[str]:
    a, b = comparison.a.text.name, comparison.b.text.name
    lines = [f"# plandiff: {escape_markdown(a)} → {escape_markdown(b)}", ""]
    lines += _table(["", "A (old)", "B (new)"], [[label, x, y] for label, x, y in metadata_rows(comparison)])
    lines += ["", f"**Sections:** {escape_markdown(counts_sentence(comparison.summary.counts))}"]
    summary = comparison.summary
    if summary.added:
        lines += ["", "## Added priorities (new in B)", "", *_priorities(comparison, summary.added)]
    if summary.removed:
        lines += ["", "## Removed priorities (dropped from A)", "", *_priorities(comparison, summary.removed)]
    if summary.targets:
        rows = [[t.indicator, _target(t.a), _target(t.b), target_trend(t.a, t.b)] for t in summary.targets]
        lines += ["", "## Targets (paired by indicator)", "", *_table(["indicator", "A", "B", "change"], rows)]
    if summary.renames:
        rows = []
        for rename in summary.renames:
            sa, sb = comparison.a.sections[rename.a], comparison.b.sections[rename.b]
            rows.append([f"{section_label(sa)} (line {sa.line})", f"{section_label(sb)} (line {sb.line})"])
        lines += ["", "## Renamed sections", "", *_table(["A", "B"], rows)]
    return lines


def _priorities(comparison: Comparison, items: tuple[Priority, ...]) -> list[str]:
    rows = [
        [str(rank), item.text, priority_section(comparison, item.side, item.section), str(item.line)]
        for rank, item in enumerate(items, 1)
    ]
    return _table(["#", "priority", "section", "line"], rows)


def _target(target: Target | None) -> str:
    return f"{target_value(target)} (line {target.line})" if target else "—"


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A pipe table; every cell is document text or a label, so every cell is escaped."""
    out = ["| " + " | ".join(escape_markdown(h, line_start=False) for h in header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(escape_markdown(cell, line_start=False) for cell in row) + " |" for row in rows]
    return out


# --- sections --------------------------------------------------------------------------


def section_lines(comparison: Comparison) -> list[str]:
    """Each record: a bullet when unchanged, a heading and its changed clauses otherwise."""
    note = no_differences_note(comparison)
    if note:
        return [escape_markdown(note)]
    lines: list[str] = []
    spans = record_spans(comparison)
    for index, link in enumerate(comparison.alignment.links):
        label, places = link_label(comparison, link), link_places(comparison, link)
        note = link_kind_note(link)
        old = renamed_from(comparison, link)
        was = f" (was {escape_markdown(old)})" if old else ""
        if link.status == "matched" and not comparison.diffs[index].changed:
            lines.append(f"- {escape_markdown(label)}{was}: unchanged ({escape_markdown(places)})")
            continue
        details = ["changed"] if link.status == "matched" else []
        details += [note] if link.status != "matched" else []
        details += [places] + ([note] if note and link.status == "matched" else [])
        for side, span in zip("ab", spans[index], strict=True):
            if span and span.borrowed:
                details.append(f"{side.upper()}'s text is shown with the first part")
        if lines and lines[-1].startswith("- "):
            lines.append("")
        lines += [f"### {escape_markdown(label)}{was}", "", f"*{escape_markdown(' · '.join(details))}*", ""]
        lines += clause_list(comparison, index)
        lines.append("")
    return lines


def clause_list(comparison: Comparison, index: int) -> list[str]:
    """The record's clauses as list items: changed ones shown, runs of unchanged ones folded."""
    out = []
    for row in clause_rows(comparison, index):
        if row.kind == "changed":
            out.append("- " + clause_markdown(comparison, list(row.line)))
        elif row.kind == "context":
            out.append("- *" + escape_markdown("".join(p.text for p in row.line), line_start=False) + "*")
        elif row.kind == "fold":
            out.append(f"- *… {row.count} unchanged clauses*")
        else:
            out.append(f"- *{SPACING_ONLY}*")
    return out


def clause_markdown(comparison: Comparison, line: list[Piece]) -> str:
    parts: list[str] = []
    notes: list[str] = []
    for position, piece in enumerate(line):
        text = escape_markdown(piece.text, line_start=position == 0 and piece.op == "equal")
        if piece.op == "equal" or not piece.text.strip():
            parts.append(text)
        else:
            tag = "ins" if piece.op == "insert" else "del"
            parts.append(f"<{tag}>{text}</{tag}>")
        note = moved_note(comparison, piece)
        if note and note not in notes:
            notes.append(note)
    return "".join(parts) + "".join(f" *({escape_markdown(n)})*" for n in notes)
