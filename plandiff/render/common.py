"""What every comparison renderer needs: each record's spans, its ops as display
pieces cut into clause lines, and the labels readers see.

Renderers format; they never compute comparisons. The helpers here only slice the
original texts at offsets the pipeline already found and name things for display.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate
from typing import Literal

from ..ingest import LINE_BREAK, is_blank
from ..model import Comparison, Document, Link, Section, Target

CLAUSE_MARK = re.compile(r"[。；;！!？?]")
CLAUSE_BREAK = re.compile(rf"[。；;！!？?]+[”’」』）)]*|{LINE_BREAK.pattern}")
"""Where a display line ends: after clause marks (and the quotes closing them), or at
a line break."""


_CONTROL_PICTURES = {code: 0x2400 + code for code in range(32) if chr(code) not in "\n\t"}
_CONTROL_PICTURES[0x7F] = 0x2421  # ␡
_CONTROL_PICTURES.update({code: 0xFFFD for code in range(0x80, 0xA0)})
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The characters `_CONTROL_PICTURES` replaces."""


def printable(text: str) -> str:
    """`text` with control characters shown as symbols (ESC → ␛), one for one.

    A plan is data: an escape sequence inside it must not reach the terminal and
    recolour or clear it. Line breaks and tabs stay; offsets do not move.
    """
    if not _CONTROL.search(text):
        return text  # (speedup) the usual case; a search is much cheaper than translate
    return text.translate(_CONTROL_PICTURES)


@dataclass(frozen=True, slots=True)
class SideSpan:
    """The text one side of a record contributes: [start, end) in that side's original."""

    section: Section
    start: int
    end: int
    borrowed: bool = False
    """True when an earlier record owns this section's text: the span is empty."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text the diff says one thing about, ready to show."""

    op: str
    """``equal``, ``insert`` or ``delete``."""
    text: str
    moved_to: int | None = None
    moved_from: int | None = None

    @property
    def substantive(self) -> bool:
        """A change with something visible in it (not only a line break or spaces)."""
        return self.op != "equal" and not is_blank(self.text)


def section_end(comparison: Comparison, document: Document, section: Section) -> int:
    """Where the record's text for `section` ends.

    With ``--level N`` deeper sections have no record of their own: their text
    belongs to the ancestor at level N (the aligner's scope rule), so that record
    runs to the end of the subtree.
    """
    max_level = comparison.options.max_level
    if max_level is not None and section.level >= max_level:
        return document.subtree_end(section)
    return section.end


def record_spans(comparison: Comparison) -> list[tuple[SideSpan | None, SideSpan | None]]:
    """Each link's A and B spans; over all records each side's spans tile its text.

    A section named by several links (a split on A's side, a merge on B's) gives its
    text to the first of them; the later, `borrowed`, ones get an empty span at the
    section's end, so the tiling still holds.
    """
    seen: dict[str, set[int]] = {"a": set(), "b": set()}
    spans: list[tuple[SideSpan | None, SideSpan | None]] = []
    for link in comparison.alignment.links:
        pair: list[SideSpan | None] = []
        for side, document, index in (("a", comparison.a, link.a), ("b", comparison.b, link.b)):
            if index is None:
                pair.append(None)
                continue
            section = document.sections[index]
            end = section_end(comparison, document, section)
            if index in seen[side]:
                pair.append(SideSpan(section, end, end, borrowed=True))
            else:
                seen[side].add(index)
                pair.append(SideSpan(section, section.start, end))
        spans.append((pair[0], pair[1]))
    return spans


def pieces(comparison: Comparison, index: int) -> list[Piece]:
    """The ops of link `index` as display pieces; equal text is shown as B has it.

    The line breaks of a hard-wrapped copy (a PDF's, an e-mail's) are dropped, so a
    paragraph shows as one clause stream, not as one row per printed line.
    """
    out = []
    # Only where there is something to compare: an added section is all new anyway.
    show_whitespace = comparison.options.strict and comparison.alignment.links[index].status == "matched"
    for op in comparison.diffs[index].ops:
        if op.op == "delete" or (op.op == "equal" and op.b_end == op.b_start):
            document, start, end = comparison.a, op.a_start, op.a_end
        else:
            document, start, end = comparison.b, op.b_start, op.b_end
        ranges = [(start, end)]
        if op.op != "equal" and not comparison.options.strict:
            # Web-page or PDF chrome is never news (the diff does not count it either).
            ranges = _outside_chrome(document, start, end)
        text = "".join(_display_text(document, s, e) for s, e in ranges)
        if text and op.op != "equal" and show_whitespace:
            text = _visible_whitespace(text)
        if text:
            out.append(Piece(op.op, text, op.moved_to, op.moved_from))
    return out


def _outside_chrome(document: Document, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) not on a line of chrome (breadcrumbs, page footers)."""
    original = document.text.original
    ranges = [(start, end)]
    for span in document.text.chrome:
        if span.end < start or span.start >= end:
            continue
        stop = span.end + len(re.match(r"\r?\n?", original[span.end : span.end + 2]).group())  # type: ignore[union-attr]
        ranges = [part for s, e in ranges for part in ((s, min(e, span.start)), (max(s, stop), e)) if part[1] > part[0]]
    return ranges


def _visible_whitespace(text: str) -> str:
    """With ``--strict`` a change may be only a line break or a space: show it (↵ ␣)."""
    text = text.replace("\r\n", "\n").replace("\n", "↵\n")
    if not text.strip():
        text = text.replace(" ", "␣").replace("\u3000", "␣").replace("\t", "⇥")
    return text


def _display_text(document: Document, start: int, end: int) -> str:
    # A CR is a line end (ingest.LINE_BREAK): CRLF stays, a lone CR (old Mac) shows as \n.
    text = printable(document.text.original[start:end]).replace("\u240d\n", "\r\n").replace("\u240d", "\n")
    breaks = sorted(i for i in soft_breaks(document) if start <= i < end)
    for i in reversed(breaks):
        # \r\n counts as one break: drop both characters.
        cut = i - 1 if i > start and text[i - start - 1] == "\r" else i
        text = text[: cut - start] + text[i - start + 1 :]
    return text


_SOFT_BREAKS: dict[int, tuple[Document, frozenset[int]]] = {}


def soft_breaks(document: Document) -> frozenset[int]:
    """Offsets of the line breaks inside a hard-wrapped paragraph (the structure
    parser's logical lines); empty for a document typed one paragraph per line."""
    cached = _SOFT_BREAKS.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    from ..ingest import layout

    original = document.text.original
    breaks = frozenset(
        match.end() - 1
        for line in layout(original).logical
        # the offset of each break's last character: \n of \r\n and of \n, a lone \r
        for match in LINE_BREAK.finditer(original, line.start, line.end)
    )
    if len(_SOFT_BREAKS) > 16:  # a long-running TUI compares again and again: keep a few
        _SOFT_BREAKS.clear()
    _SOFT_BREAKS[id(document)] = (document, breaks)
    return breaks


def clause_lines(items: list[Piece]) -> list[list[Piece]]:
    """Pieces regrouped into display lines, one clause each.

    A line ends after a clause mark or at a line break, whatever op the text has,
    so a deleted clause and its replacement sit on lines of their own while a word
    changed inside a clause stays inline. Line breaks and the spaces around them
    are dropped (the display wraps by itself); lines left blank are skipped.

    A break at a bare line break waits for the next text: when that is a change of
    punctuation only (A ends ``行动。`` where B ends ``行动`` and a line break), the
    change stays on the line it belongs to instead of hanging alone on the next.
    """
    lines: list[list[Piece]] = [[]]
    pending = False
    for piece in items:
        visible = "" if is_blank(piece.text) else piece.text.strip()
        if pending and visible:
            if not (piece.op != "equal" and _is_punctuation(visible)):
                lines.append([])
            pending = False
        for part, ends_clause in _split_clauses(piece.text):
            text = part.strip("\r\n")
            if pending and is_blank(text):
                text = ""  # indentation between two lines: the display does its own
            if text:
                if pending:
                    lines.append([])
                    pending = False
                lines[-1].append(Piece(piece.op, text, piece.moved_to, piece.moved_from))
            if ends_clause and not CLAUSE_MARK.search(part):  # a bare line break
                pending = True
            elif ends_clause:
                lines.append([])
                pending = False
    return [_trim(line) for line in lines if not is_blank("".join(p.text for p in line))]


def _is_punctuation(text: str) -> bool:
    import unicodedata

    return all(unicodedata.category(char).startswith("P") for char in text)


def _split_clauses(text: str) -> list[tuple[str, bool]]:
    """`text` cut just after each clause mark (and closing quotes) and each line
    break; each part says whether it ends a clause. The parts join back to `text`."""
    parts, last = [], 0
    for match in CLAUSE_BREAK.finditer(text):
        parts.append((text[last : match.end()], True))
        last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return parts


def _trim(line: list[Piece]) -> list[Piece]:
    """The line without the indentation it had in the file."""
    if line and line[0].op == "equal":
        first = line[0]
        line = [Piece(first.op, first.text.lstrip(" \t\u3000"), first.moved_to, first.moved_from), *line[1:]]
    return [p for p in line if p.text]


def display_lines(comparison: Comparison, index: int) -> list[list[Piece]]:
    """The clause lines a renderer shows for link `index`.

    An added or removed section's heading line is left out: the record's own header
    names it already.
    """
    lines = clause_lines(pieces(comparison, index))
    if comparison.alignment.links[index].status != "matched" and lines:
        return _without_heading(comparison, index, lines)
    return lines


def _without_heading(comparison: Comparison, index: int, lines: list[list[Piece]]) -> list[list[Piece]]:
    """An added or removed section's lines without its heading (the record header names it)."""
    link = comparison.alignment.links[index]
    document, section_index = (comparison.b, link.b) if link.b is not None else (comparison.a, link.a)
    assert section_index is not None
    section = document.sections[section_index]
    heading = document.slice(section.start, section.heading_end).strip()
    first = "".join(p.text for p in lines[0]).strip()
    if section.level > 0 and heading and first.rstrip("。；;:：") == heading.rstrip("。；;:："):
        return lines[1:]
    return lines


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a record's display: a changed clause, an unchanged one kept for
    context, a count of folded unchanged clauses, or the spacing-only note."""

    kind: Literal["changed", "context", "fold", "note"]
    line: tuple[Piece, ...] = ()
    count: int = 0


def clause_rows(comparison: Comparison, index: int) -> list[Row]:
    """What to show of record `index`: changed clauses in full, unchanged runs folded.

    A run of one unchanged clause is shown (it costs no more than saying it was
    folded). With ``--level``, a record holds whole subtrees: the last sub-heading of
    a folded run is kept before the change that follows, so the reader sees where in
    the subtree the change is.
    """
    lines = display_lines(comparison, index)
    headings = _inner_headings(comparison, index)
    rows: list[Row] = []
    run: list[list[Piece]] = []
    for line in lines:
        if line_changed(line):
            rows += _fold(run, headings)
            rows.append(Row("changed", tuple(line)))
            run = []
        else:
            run.append(line)
    rows += _fold(run, frozenset())
    if comparison.alignment.links[index].status == "matched" and not any(r.kind == "changed" for r in rows):
        return [Row("note")]
    return rows


def _fold(run: list[list[Piece]], headings: frozenset[str]) -> list[Row]:
    if not run:
        return []
    if len(run) == 1:
        return [Row("context", tuple(run[0]))]
    marks = [i for i, line in enumerate(run) if _heading_key(line) in headings]
    if not marks:
        return [Row("fold", count=len(run))]
    last = marks[-1]
    return [*_fold(run[:last], frozenset()), Row("context", tuple(run[last])), *_fold(run[last + 1 :], frozenset())]


def _heading_key(line: list[Piece]) -> str:
    from ..ingest import normal_form

    return normal_form("".join(p.text for p in line)).rstrip("。；;:：.")


def _inner_headings(comparison: Comparison, index: int) -> frozenset[str]:
    """Normalised headings of the sections folded into record `index` (``--level``)."""
    from ..ingest import normal_form

    if comparison.options.max_level is None:
        return frozenset()
    link = comparison.alignment.links[index]
    keys = set()
    for document, section_index in ((comparison.a, link.a), (comparison.b, link.b)):
        if section_index is None:
            continue
        top = document.sections[section_index]
        end = section_end(comparison, document, top)
        for section in document.sections[section_index + 1 :]:
            if section.start >= end:
                break
            keys.add(normal_form(document.slice(section.start, section.heading_end)).rstrip("。；;:：."))
    return frozenset(keys)


SPACING_ONLY = "only spacing, punctuation width or line breaks differ"
"""Said of a changed record whose changes are all invisible once displayed."""


def line_changed(line: list[Piece]) -> bool:
    return any(p.substantive for p in line)


def section_label(section: Section) -> str:
    """How a reader names a section: its heading, or the role of front/back matter."""
    if section.level == 0:
        return "front matter" if section.index == 0 else "back matter"
    if section.style == "article":
        return _article_label(section)
    heading = printable(section.heading.strip())
    # `heading` stops at 40 characters; say so when a sentence-long title was cut.
    return heading + "…" if len(section.name) > len(section.heading) else heading


ARTICLE_LABEL_CHARS = 12
"""An article (第X条) has no title, only a first sentence: a label shows its opening words."""


def _article_label(section: Section) -> str:
    """``第十一条 国家实施全民科学素质行动…``: the number, then the first clause, cut short."""
    opening = re.split(r"[，,；;：:]", section.title, maxsplit=1)[0]
    cut = opening[:ARTICLE_LABEL_CHARS]
    shown = cut + ("…" if len(cut) < len(section.title) else "")
    return printable(f"{section.marker.strip()} {shown}" if shown else section.marker.strip())


def link_label(comparison: Comparison, link: Link) -> str:
    """The record's name: B's heading when B has one, else A's."""
    if link.b is not None:
        return section_label(comparison.b.sections[link.b])
    assert link.a is not None
    return section_label(comparison.a.sections[link.a])


def link_places(comparison: Comparison, link: Link) -> str:
    """Where the record's sections are: ``A line 12 · B line 15``."""
    places = []
    if link.a is not None:
        places.append(f"A line {comparison.a.sections[link.a].line}")
    if link.b is not None:
        places.append(f"B line {comparison.b.sections[link.b].line}")
    return " · ".join(places)


def renamed_from(comparison: Comparison, link: Link) -> str | None:
    """A's heading when its wording differs from B's (the reader needs the old name), else
    None; punctuation width and spaces (（一） vs (一)) are not a different wording."""
    from ..ingest import normal_form

    if link.a is None or link.b is None:
        return None
    section_a, section_b = comparison.a.sections[link.a], comparison.b.sections[link.b]
    if section_a.style == section_b.style == "article":
        # An article has no title to rename; a new number is what the reader needs.
        old_number = section_a.marker.strip()
        return old_number if normal_form(old_number) != normal_form(section_b.marker.strip()) else None
    old, new = section_label(section_a), section_label(section_b)
    return old if normal_form(old) != normal_form(new) else None


def link_kind_note(link: Link) -> str:
    """The aligner's verdict in a few words, empty for a plain match."""
    if link.status != "matched":
        return "added in B" if link.status == "added" else "removed from A"
    notes: list[str] = [] if link.kind == "same" else [link.kind]
    if link.pinned:
        notes.append("pinned")
    if link.confidence < 0.5:
        notes.append(f"confidence {link.confidence:.2f}")
    return ", ".join(notes)


def no_differences_note(comparison: Comparison) -> str | None:
    """One sentence in place of the section listing when nothing changed, else None.

    diff(1) prints nothing for equal files; a listing of every section marked
    unchanged would only bury that answer.
    """
    if comparison.changed:
        return None
    records = len(comparison.alignment.links)
    if comparison.a.text.original == comparison.b.text.original:
        return f"No differences: the two texts are identical ({records} records)."
    hint = "" if comparison.options.strict else "; --strict compares them too"
    return (
        f"No substantive differences ({records} records): the texts differ only in what plandiff "
        f"ignores (punctuation width, spacing, line breaks, web-page chrome){hint}."
    )


def counts_sentence(counts: dict[str, int]) -> str:
    """The section counts in one sentence an analyst can quote."""
    get = counts.get
    kinds = [f"{get(k, 0)} {k}" for k in ("renamed", "moved", "split", "merged") if get(k, 0)]
    matched = f"{get('matched', 0)} matched ({get('changed', 0)} changed, {get('unchanged', 0)} unchanged"
    matched += "; " + ", ".join(kinds) + ")" if kinds else ")"
    return f"{matched}, {get('added', 0)} added in B, {get('removed', 0)} removed from A"


def moved_note(comparison: Comparison, piece: Piece) -> str:
    """``moved to 三、任务`` / ``moved from …`` for a moved piece, else empty."""
    if piece.moved_to is not None:
        return f"moved to {link_name(comparison, piece.moved_to)}"
    if piece.moved_from is not None:
        return f"moved from {link_name(comparison, piece.moved_from)}"
    return ""


def link_name(comparison: Comparison, index: int) -> str:
    """The name of record `index` (`link_label`), as a moved piece names where it went."""
    links = comparison.alignment.links
    if 0 <= index < len(links):
        return link_label(comparison, links[index])
    return f"record {index}"


def metadata_rows(comparison: Comparison) -> list[tuple[str, str, str]]:
    """(label, A, B) rows describing the two documents side by side."""
    a, b = comparison.a, comparison.b
    ma, mb = a.metadata, b.metadata

    def issuer(doc: Document) -> str:
        meta = doc.metadata
        if not meta.issuer:
            return ""
        return meta.issuer if meta.admin_level == "unknown" else f"{meta.issuer} ({meta.admin_level})"

    rows = [
        ("file", a.text.name, b.text.name),
        ("title", ma.title, mb.title),
        ("issuer", issuer(a), issuer(b)),
        ("doc number", ma.doc_number, mb.doc_number),
        ("date", ma.date, mb.date),
        ("period", ma.period, mb.period),
        ("sections", str(len(a.headings)), str(len(b.headings))),
        ("length", f"{len(a.text.original)} chars", f"{len(b.text.original)} chars"),
    ]
    return [(label, printable(x), printable(y)) for label, x, y in rows if x or y]


def target_value(target: Target | None) -> str:
    """A target's value with its year: ``达到15% (2025)``; empty when missing."""
    if target is None:
        return ""
    if target.per_year:
        return f"{target.value} (per year)"
    return f"{target.value} ({target.year})" if target.year else target.value


def target_trend(a: Target | None, b: Target | None) -> str:
    """A word on how a target moved: up, down, same, or on one side only."""
    if a is None:
        return "only B"
    if b is None:
        return "only A"
    if a.number is None or b.number is None or a.unit != b.unit:
        return ""
    if b.number == a.number:
        return "same"
    return "up" if b.number > a.number else "down"


def priority_section(comparison: Comparison, side: str, index: int) -> str:
    document = comparison.a if side == "a" else comparison.b
    if 0 <= index < len(document.sections):
        return section_label(document.sections[index])
    return ""


# --- wrapping Chinese text -------------------------------------------------------------

_NO_LINE_START = set("，。、；：？！,.;:?!）)］]」』”’》〉】%…—+-")
"""Punctuation that must not begin a line (it closes what came before); with ``+``
and ``-`` the plain-text marks ``+]`` and ``-]`` stay with the text they close."""
_NO_LINE_END = set("（(［[「『“‘《〈【+-")
"""Punctuation that must not end a line (it opens what comes next), ``[+`` and ``[-`` too."""


def wrap_offsets(text: str, width: int) -> list[int]:
    """Where to break `text` so no line is wider than `width` cells.

    Chinese may break between any two characters, so a long clause fills every line
    instead of jumping to the next line at the first space (what a space-based word
    wrap does to ``到 2020 年，……``). Latin words and numbers stay whole when they fit,
    closing punctuation never starts a line and opening punctuation never ends one.

    The rule, character by character: a line overflows at the first character after
    its start that is not a space and would pass `width`; it is then cut at the last
    place a line may start (`_may_break`) after the previous overflow, or at that
    character when there is none. Cell widths are summed once and the overflow is
    found by binary search, so `_may_break` is asked only back from each overflow,
    not of every character (speedup; the same offsets).

    Returns:
        Offsets into `text` where new lines start (none when it fits on one line).
    """
    from rich.cells import get_character_cell_size

    cells = list(accumulate(map(get_character_cell_size, text), initial=0))
    """cells[i]: the width of text[:i]."""
    length = len(text)
    if cells[length] <= width:
        return []  # (speedup) fits on one line
    breaks: list[int] = []
    line_start, examined = 0, 0
    """`examined`: the last character already looked at; break places after it count."""
    while True:
        # The first character after `examined` whose end passes the line's room.
        i = max(examined + 1, bisect_right(cells, cells[line_start] + width) - 1)
        while i < length and text[i].isspace():
            i += 1  # spaces may hang past the edge
        if i >= length:
            return breaks
        cut = i
        while cut > examined and not _may_break(text, cut):
            cut -= 1
        if cut <= examined:
            cut = i
        breaks.append(cut)
        line_start, examined = cut, i


def _may_break(text: str, i: int) -> bool:
    """True when a line may start at `text[i]`."""
    before, char = text[i - 1], text[i]
    if char in _NO_LINE_START or before in _NO_LINE_END or char.isspace():
        return False
    if before.isspace():
        return True
    # A run of Latin letters, digits and their punctuation (2016-2020, GDP, a URL) is one word.
    return not (before.isascii() and char.isascii())
