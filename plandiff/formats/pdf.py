"""PDF files with a text layer: the text in reading order, without page furniture.

pdfminer.six reads the text layer, including the CID fonts of Chinese PDFs (it ships
the Adobe-GB1/CNS1 CMaps), and its layout analysis gives each line its position on
the page. The positions are what this module needs beyond the characters:

- page headers, footers and page numbers (— 3 —) are lines at the top or bottom of
  the pages that repeat from page to page (digits aside) or look like page numbers;
- a hard-wrapped line is joined to the next only when it runs to the right margin
  and the next starts at the left margin without a heading marker, so headings and
  the last line of a paragraph keep their own lines;
- a ruled table's lines are replaced by its rows, read from the grid's rules
  (`pdf_tables`).
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Any

from ..errors import DecodeError
from . import damaged

_MIN_CHARS_PER_PAGE = 10
_EDGE_LINES = 2  # lines at each page's top and bottom that may be header or footer
_PAGE_NUMBER = re.compile(
    r"^[\s\-—－–·•]*\d{1,4}[\s\-—－–·•]*$"  # 3, - 3 -, — 3 —
    r"|^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$"  # 第3页 共10页
    r"|^\d{1,4}\s*/\s*\d{1,4}$"  # 3/10
    r"|^(page\s*)?\d{1,4}(\s*of\s*\d{1,4})?$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[。！？；;!?]$")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
_CID_GLYPH = re.compile(r"\(cid:\d+\)")


@dataclass(frozen=True, slots=True)
class _Line:
    """A line of text on a page, with the box pdfminer found for it (PDF points)."""

    text: str
    x0: float
    x1: float
    top: float
    page: int
    table: bool = False
    """A row of a ruled table (cells separated by tabs): never joined, never furniture."""


@dataclass(frozen=True, slots=True)
class _Geometry:
    """Where a page's body text starts and ends, and how wide a character is."""

    left: float
    right: float
    char: float
    indents: bool
    """True when paragraphs open with an indent, so a line at the margin continues one."""


def extract_pdf(data: bytes, name: str) -> str:
    """The text of a PDF: one paragraph (or short line) per line, reading order.

    Raises:
        DecodeError: a damaged or encrypted PDF, or one with no text layer.
    """
    pages = _read_pages(data, name)
    if _unmapped_share(pages) > 0.5:
        raise DecodeError(f"{name}: its fonts map no glyphs to characters (text cannot be extracted); OCR it first")
    pages = _without_running_lines(pages)
    # A scan may still carry a little text: a page-number stamp, a scanner app's
    # watermark on every page. A plan has far more than this on each page.
    chars = sum(len(line.text) for page in pages for line in page)
    if chars < _MIN_CHARS_PER_PAGE * max(1, len(pages)):
        raise DecodeError(f"{name}: has no text layer (a scanned PDF?); OCR it first")
    return "".join(line + "\n" for line in _paragraphs(pages))


def _read_pages(data: bytes, name: str) -> list[list[_Line]]:
    # pdfminer logs warnings about harmless oddities (missing CropBox ...) to the root
    # handler, which would print them on stderr; errors still raise.
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams
        from pdfminer.pdfdocument import PDFPasswordIncorrect

        try:
            layout = extract_pages(io.BytesIO(data), laparams=LAParams(all_texts=True))
            return [_page_lines(page, number) for number, page in enumerate(layout)]
        except PDFPasswordIncorrect:
            raise DecodeError(f"{name}: is a password-protected PDF; remove the password first") from None
    except (MemoryError, RecursionError, DecodeError):
        raise
    except Exception as exc:  # noqa: BLE001 - see formats.damaged
        raise damaged(name, "PDF", exc) from None


def _page_lines(page: Any, number: int) -> list[_Line]:
    """The page's text lines in pdfminer's reading order (text boxes, then lines),
    with the lines of each ruled table replaced by its rows, where it starts."""
    from .pdf_tables import find_grids

    text_lines, curves = _layout_items(page)
    grids = find_grids(curves)
    members: dict[int, list[Any]] = {}  # grid index → its text lines
    grid_of: dict[int, int] = {}  # id(text line) → grid index
    for line in text_lines:
        index = next((i for i, grid in enumerate(grids) if _inside(line, grid)), None)
        if index is not None:
            grid_of[id(line)] = index
            members.setdefault(index, []).append(line)
    lines: list[_Line] = []
    emitted: set[int] = set()
    for line in text_lines:
        index = grid_of.get(id(line))
        if index is None:
            text = _clean(line.get_text())
            if text:
                lines.append(_Line(text, line.x0, line.x1, line.y1, number))
        elif index not in emitted:
            emitted.add(index)
            lines.extend(_table_lines(grids[index], members[index], number))
    return lines


def _layout_items(page: Any) -> tuple[list[Any], list[Any]]:
    """The page's text lines (in reading order) and its drawn lines and rectangles."""
    from pdfminer.layout import LTCurve, LTTextLine

    text_lines, curves = [], []
    stack = list(reversed(list(page)))
    while stack:
        item = stack.pop()
        if isinstance(item, LTTextLine):
            text_lines.append(item)
        elif isinstance(item, LTCurve):
            curves.append(item)
        elif hasattr(item, "__iter__"):
            stack.extend(reversed(list(item)))
    return text_lines, curves


def _inside(line: Any, grid: Any) -> bool:
    return bool(grid.holds((line.x0 + line.x1) / 2, (line.y0 + line.y1) / 2))


def _table_lines(grid: Any, lines: list[Any], number: int) -> list[_Line]:
    from .pdf_tables import grid_rows

    rows = []
    for top, cells in grid_rows(grid, lines):
        row = "\t".join(_clean(cell) for cell in cells)
        if row.strip():
            rows.append(_Line(row, grid.x0, grid.x1, top, number, table=True))
    return rows


def _clean(text: str) -> str:
    """A line's text without its line break and edge spaces (an ideographic-space
    indent included); a space pdfminer put between two Chinese characters (a gap
    from justified spacing) is dropped."""
    text = text.strip(" \t\r\n\u3000\xa0")
    return _CJK_GAP.sub("", text)


def _unmapped_share(pages: list[list[_Line]]) -> float:
    text = "".join(line.text for page in pages for line in page)
    return sum(len(m) for m in _CID_GLYPH.findall(text)) / max(1, len(text))


# --- page furniture -----------------------------------------------------------------


def _without_running_lines(pages: list[list[_Line]]) -> list[list[_Line]]:
    """Pages without their running headers, footers and page numbers."""
    edges = [_edge_lines(page) for page in pages]
    counts = Counter(key for page_edges in edges for key in {_furniture_key(line.text) for line in page_edges})
    repeated = {key for key, n in counts.items() if len(pages) >= 2 and n >= max(2, len(pages) / 2)}
    kept = []
    for page, page_edges in zip(pages, edges, strict=True):
        furniture = {
            id(line) for line in page_edges if _PAGE_NUMBER.match(line.text) or _furniture_key(line.text) in repeated
        }
        kept.append([line for line in page if id(line) not in furniture])
    return kept


def _edge_lines(page: list[_Line]) -> list[_Line]:
    by_height = sorted((line for line in page if not line.table), key=lambda line: -line.top)
    return by_height[:_EDGE_LINES] + by_height[_EDGE_LINES:][-_EDGE_LINES:]


def _furniture_key(text: str) -> str:
    """Running headers repeat except for the page number in them."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


# --- hard wraps -------------------------------------------------------------------


def _paragraphs(pages: list[list[_Line]]) -> list[str]:
    """Lines joined into paragraphs where the layout shows a hard wrap."""
    from ..numbering import find_marker

    geometry = _page_geometry(pages)
    out: list[str] = []
    previous: _Line | None = None
    for page in pages:
        for line in page:
            if previous is not None and _continues(previous, line, geometry) and find_marker(line.text) is None:
                out[-1] += line.text
            else:
                out.append(line.text)
            previous = line
    return out


_MIN_LONG_LINES = 8  # a page with fewer long lines takes the document's margins


def _page_geometry(pages: list[list[_Line]]) -> dict[int, _Geometry]:
    """Each page's margins, from its text lines (table rows aside); a short page (the
    last one, a signature page) has too few full lines to show its right margin, so
    it takes the whole document's."""
    body = [[line for line in page if not line.table] for page in pages]
    everything = [line for page in body for line in page]
    whole = _geometry(everything) if everything else _Geometry(0.0, 0.0, 10.0, False)
    return {
        number: _geometry(page) if sum(len(line.text) >= 10 for line in page) >= _MIN_LONG_LINES else whole
        for number, page in enumerate(body)
    }


def _geometry(page: list[_Line]) -> _Geometry:
    widths = [(line.x1 - line.x0) / len(line.text) for line in page if len(line.text) >= 4]
    char = statistics.median(widths) if widths else 10.0
    lefts = sorted(line.x0 for line in page)
    left = lefts[len(lefts) // 10]
    long_rights = sorted(line.x1 for line in page if len(line.text) >= 10) or [max(line.x1 for line in page)]
    right = long_rights[int(len(long_rights) * 0.9) - 1 if len(long_rights) > 1 else 0]
    indents = sum(1 for x in lefts if left + 1.4 * char <= x <= left + 2.6 * char) >= 2
    return _Geometry(left, right, char, indents)


def _continues(a: _Line, b: _Line, geometry: dict[int, _Geometry]) -> bool:
    """True when `b` carries on the paragraph `a` was wrapped out of.

    Line breaking is greedy: a wrapped line ends where the next unbreakable piece
    (a Chinese character with the punctuation that may not start a line, or a run
    like "(2021—2035年)》") did not fit. So `a` was wrapped when the room left at
    its end is narrower than the piece `b` starts with; a paragraph's last line
    leaves more room than that.
    """
    if a.table or b.table:
        return False  # table rows stand alone
    ga, gb = geometry[a.page], geometry[b.page]
    reaches_margin = ga.right - a.x1 < (_leading_piece_ems(b.text) + 0.5) * ga.char
    at_left_margin = b.x0 <= gb.left + 0.6 * gb.char
    # Without paragraph indents a sentence end at the margin may end the paragraph.
    return reaches_margin and at_left_margin and (ga.indents or not _SENTENCE_END.search(a.text))


# What cannot be split across lines at the start of a line: a run of Latin letters,
# digits and the brackets and dashes around them (2021—2035年), or one character;
# then the closing punctuation that may not start a line.
_LEADING_PIECE = re.compile(r"(?:[(（《“\[]*[\x21-\x7e—–]+[年月日%％]?|.)[)）》」』”’，。、；：？！,.;:?!]*")


def _leading_piece_ems(text: str) -> float:
    """Width of the line's first unbreakable piece, in full-width characters."""
    match = _LEADING_PIECE.match(text)
    piece = match.group() if match else text[:1]
    return sum(0.5 if char.isascii() else 1.0 for char in piece)
