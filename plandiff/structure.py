"""Structure: `Text` → `Document`, the section tree a reader sees.

The parser walks logical lines (hard-wrapped paragraphs joined), recognises heading
markers (`numbering.find_marker`) and keeps only those whose numbers run in
sequence, so a line starting ``2020年`` or ``1万人次`` never becomes a heading. The
nesting comes from the order in which numbering styles first appear, as a reader
infers it: a style not yet open nests under the current heading, a style already
open closes everything below it.

Every character belongs to exactly one section: front matter (level 0) up to the
first heading, each heading's own text up to the next heading, and back matter
(level 0) made of the trailing web-page chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from .ingest import Line, in_tables, is_chrome_line, layout
from .metadata import extract_metadata
from .model import Document, Section, Span, Text
from .numbering import CONTINUING_STYLES, LENIENT_STYLES, UNNUMBERED_STYLES, Marker, find_marker

_MAX_TITLE = 80
# A title ends at the first sentence stop or colon (指导思想：以…). Line
# breaks inside a joined hard-wrapped line are not ends: the title runs on.
_TITLE_END = re.compile(r"[。！？；;!?：:]")
_INNER_SPACE = re.compile(r"\s+")


def parse_document(text: Text) -> Document:
    """Parse `text` into its section tree and metadata."""
    return with_metadata(parse_sections(text))


def parse_sections(text: Text) -> Document:
    """The section tree of `text`, its metadata left empty for `with_metadata`.

    The aligner needs the sections alone: `pipeline.compare` hands them to a child
    process that aligns big plans while this one reads the metadata (the targets of a
    3 M-character pair take ~0.4 s).
    """
    original = text.original
    text_layout = layout(original)
    tables, lines = text_layout.tables, text_layout.logical
    headings = _accepted_headings(original, lines, tables)
    back_start = _back_matter_start(original, lines, headings)
    sections = _build_sections(original, headings, back_start, text.line_of(back_start))
    return Document(text=text, sections=sections, tables=tables)


def with_metadata(document: Document) -> Document:
    """The document with its metadata (title, issuer, period, targets …) read."""
    return replace(document, metadata=extract_metadata(document))


# --- headings --------------------------------------------------------------------


@dataclass(slots=True)
class _Heading:
    line: Line
    marker: Marker
    depth: int
    title_start: int
    title_end: int


@dataclass(slots=True)
class _Numbering:
    """The open numbering styles, outermost first, with the last number of each."""

    stack: list[str] = field(default_factory=list)
    last: dict[str, int] = field(default_factory=dict)
    by_hashes: dict[int, str] = field(default_factory=dict)
    """The style last seen on a Markdown heading of each number of #."""

    def accept(self, marker: Marker) -> int | None:
        """The depth (1-based) of a heading with `marker`, or None if out of sequence."""
        if marker.hashes:  # a Markdown heading: always accepted (`_accept`), its peer closes
            del self.stack[self._markdown_peer(marker) :]
            self.by_hashes[marker.hashes] = marker.style
        return self._accept(marker)

    def _markdown_peer(self, marker: Marker) -> int:
        """Where the stack is cut for a Markdown heading: ``## 附则`` after ``## 第一章 总则``
        is the chapter's sibling, not its article's child, so a bare Markdown heading and a
        numbered one with as many # stand at one level (the peer closes, with all under it).
        Two numbered ones keep their numbering's levels: ``## （一）`` under ``## 一、`` stays
        a child. The stack's length: nothing cut."""
        peer = self.by_hashes.get(marker.hashes)
        if peer is None or peer not in self.stack or marker.style in self.stack:
            return len(self.stack)
        one_bare = peer.startswith("md") != marker.style.startswith("md")  # so never the same style
        return self.stack.index(peer) if one_bare else len(self.stack)

    def _accept(self, marker: Marker) -> int | None:
        style, value = marker.style, marker.value
        if style == "dash" and not self.stack:
            return None  # a —— line before any numbered heading is a subtitle, not a part
        if style != "dash" and self.stack and self.stack[-1] == "dash":
            self.stack.pop()  # —— bullets are leaves: a numbered heading after them is no child
        # The hashes of a Markdown heading say it is one: its number need not run in
        # sequence (## 总则 may stand for 第一章 before ## 第二章).
        checked = style not in UNNUMBERED_STYLES and not marker.hashes
        if style in self.stack:
            if checked and not self._continues(style, value, open_=True):
                return None
            del self.stack[self.stack.index(style) + 1 :]
        else:
            if checked and not self._continues(style, value, open_=False):
                return None
            self.stack.append(style)
        if value is not None:
            self.last[style] = value
        return len(self.stack)

    def _continues(self, style: str, value: int | None, *, open_: bool) -> bool:
        if value is None:
            return False
        if value == 1:
            return True
        last = self.last.get(style)
        if last is None:
            return False
        if not open_ and style not in CONTINUING_STYLES:
            # A closed list may resume only right after its last item (laws' 条).
            return value == last + 1
        gap = 3 if style in LENIENT_STYLES else 1
        return last < value <= last + gap


def _accepted_headings(original: str, lines: list[Line], tables: tuple[Span, ...]) -> list[_Heading]:
    numbering = _Numbering()
    headings: list[_Heading] = []
    title_line = _markdown_title_line(original, lines)
    for line in lines:
        if line is title_line or in_tables(line.start, tables):
            continue
        text = original[line.start : line.end]
        marker = find_marker(text)
        if marker is None or is_chrome_line(text):
            continue
        depth = numbering.accept(marker)
        if depth is None:
            continue
        title_start, title_end = _title_span(original, line.start + marker.end, line.end)
        headings.append(_Heading(line, marker, depth, title_start, title_end))
    return headings


def _markdown_title_line(original: str, lines: list[Line]) -> Line | None:
    """A lone ``# title`` before every other heading names the document, not a part."""
    found = None
    for line in lines:
        marker = find_marker(original[line.start : line.end])
        if marker is None:
            continue
        if marker.style != "md1":
            if found is None:
                return None
            continue
        if found is not None:
            return None
        found = line
    return found


def _title_span(original: str, start: int, line_end: int) -> tuple[int, int]:
    """The title runs from the marker to the first 。 (or ：, ；) or the line's end."""
    match = _TITLE_END.search(original, start, line_end)
    end = match.start() if match else line_end
    end = min(end, start + _MAX_TITLE)
    while end > start and original[end - 1] in " \t\u3000\r":
        end -= 1
    return start, end


def _back_matter_start(original: str, lines: list[Line], headings: list[_Heading]) -> int:
    """Where trailing chrome (related links, view counts, site footer) begins.

    Logical lines, so a chrome line a hard-wrapped copy broke in two is judged whole
    (its tail alone, such as 政策解读, does not look like chrome).
    """
    floor = headings[-1].line.end if headings else 0
    start = len(original)
    seen_chrome = False
    for line_start, line_end in ((line.start, line.end) for line in reversed(lines)):
        if line_start < floor:
            break
        line = original[line_start:line_end]
        if not line.strip():
            start = line_start
        elif is_chrome_line(line):
            start, seen_chrome = line_start, True
        else:
            break
    return start if seen_chrome else len(original)


# --- sections ----------------------------------------------------------------------


def _build_sections(original: str, headings: list[_Heading], back_start: int, back_line: int) -> tuple[Section, ...]:
    first = headings[0].line.start if headings else back_start
    drafts: list[dict[str, object]] = [_matter("front matter", 0, 0, first, 1)]
    parents: list[int] = []  # index of the open heading at each depth
    for i, heading in enumerate(headings):
        index = len(drafts)
        end = headings[i + 1].line.start if i + 1 < len(headings) else back_start
        del parents[heading.depth - 1 :]
        parent = parents[-1] if parents else None
        drafts.append(
            {
                "index": index,
                "level": heading.depth,
                "number": heading.marker.number,
                "marker": _marker_text(original, heading),
                "title": _INNER_SPACE.sub("", original[heading.title_start : heading.title_end])
                if _is_cjk_title(original[heading.title_start : heading.title_end])
                else " ".join(original[heading.title_start : heading.title_end].split()),
                "line": heading.line.number,
                "start": heading.line.start,
                "end": end,
                "heading_end": heading.title_end,
                "parent": parent,
                "children": [],
                "style": heading.marker.style,
            }
        )
        if parent is not None:
            children = drafts[parent]["children"]
            assert isinstance(children, list)
            children.append(index)
        parents.append(index)
    if back_start < len(original):
        drafts.append(_matter("back matter", len(drafts), back_start, len(original), back_line))
    return tuple(Section(**{**d, "children": tuple(d["children"])}) for d in drafts)  # type: ignore[arg-type]


def _matter(title: str, index: int, start: int, end: int, line: int) -> dict[str, object]:
    """Front or back matter: a level-0 section with no heading of its own."""
    return {
        "index": index,
        "level": 0,
        "number": "",
        "marker": "",
        "title": title,
        "line": line,
        "start": start,
        "end": end,
        "heading_end": start,
        "parent": None,
        "children": [],
        "style": "matter",
    }


def _marker_text(original: str, heading: _Heading) -> str:
    start = heading.line.start + heading.marker.start
    return original[start : heading.title_start].rstrip(" \t\u3000")


def _is_cjk_title(title: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in title)
