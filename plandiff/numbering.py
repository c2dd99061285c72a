"""Heading markers of Chinese policy documents and the numbers they carry.

A marker is recognised by its shape alone here (``一、`` ``（一）`` ``1.`` ``(1)`` ``①``
``——`` ``第三章`` ``#``); whether it really starts a heading is decided in
`structure`, which also checks that the numbers run in sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN = "零〇一二三四五六七八九十百千两"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(numeral: str) -> int | None:
    """Value of a Chinese numeral such as 十三, 二十一, 一百零五; None if not one."""
    if numeral.isdigit():
        return int(numeral)
    total, current = 0, 0
    for char in numeral:
        if char in _CN_DIGITS:
            current = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[char]
            current = 0
        else:
            return None
    return total + current


@dataclass(frozen=True, slots=True)
class Marker:
    """A heading marker found at the start of a line."""

    style: str
    """Numbering family: ``part``, ``chapter``, ``jie``, ``article``, ``md1``..``md6``,
    ``cn``, ``paren_cn``, ``arabic``, ``paren_arabic``, ``circled``, ``dash``."""
    value: int | None
    """The number it carries (None for —— bullets and Markdown headings)."""
    number: str
    """The numeral as written (``十三``, ``3``, ``——``)."""
    start: int
    """Offset of the marker in the line (after leading whitespace)."""
    end: int
    """Offset just past the marker and the spaces after it."""
    hashes: int = 0
    """On a Markdown heading line, how many # open it (``## 第一章`` and ``## 附则``: 2)."""


_SPACE = r"[ \t\u3000\xa0]*"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("md", re.compile(r"(#{1,6})[ \t]+")),
    ("part", re.compile(rf"第([{_CN}\d]+)(?:部分|编)(?![，,。])" + _SPACE)),
    ("chapter", re.compile(rf"第([{_CN}\d]+)章(?![，,。])" + _SPACE)),
    ("jie", re.compile(rf"第([{_CN}\d]+)节(?![，,。])" + _SPACE)),
    ("article", re.compile(rf"第([{_CN}\d]+)条(?![，,。、])" + _SPACE)),
    ("cn", re.compile(rf"([{_CN}]+)\s*(?:、|[.．](?![\d０-９]))" + _SPACE)),
    ("paren_cn", re.compile(rf"[（(]\s*([{_CN}]+)\s*[）)]" + _SPACE)),
    ("arabic", re.compile(r"([0-9０-９]{1,4})\s*(?:、|[.．](?![0-9０-９]))" + _SPACE)),
    ("paren_arabic", re.compile(r"[（(]\s*([0-9０-９]{1,4})\s*[）)]" + _SPACE)),
    ("circled", re.compile(rf"([{_CIRCLED}])" + _SPACE)),
    ("dash", re.compile(r"(——|—{2,}|-{2,})(?!—)" + _SPACE)),
]
_LEADING = re.compile(r"[ \t\u3000\xa0]*")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def find_marker(line: str) -> Marker | None:
    """The heading marker at the start of `line`, if its shape is one."""
    lead = _LEADING.match(line)
    offset = lead.end() if lead else 0
    for style, pattern in _PATTERNS:
        match = pattern.match(line, offset)
        if match is None:
            continue
        numeral = match.group(1)
        if style == "md":
            return _markdown_marker(line, numeral, offset, match.end())
        if style == "dash":
            return Marker("dash", None, "——", offset, match.end())
        return Marker(style, _value(style, numeral), numeral, offset, match.end())
    return None


def _markdown_marker(line: str, hashes: str, offset: int, end: int) -> Marker:
    """``## 第一章 总则`` numbers like 第一章; a bare ``## 总则`` is a Markdown level.

    The marker of ``## 第一章`` is 第一章: the hashes are markup a reader never sees."""
    inner = find_marker(line[end:])
    if inner is not None and inner.style != "dash" and not inner.style.startswith("md"):
        return Marker(inner.style, inner.value, inner.number, end + inner.start, end + inner.end, len(hashes))
    return Marker(f"md{len(hashes)}", None, hashes, offset, end, len(hashes))


def _value(style: str, numeral: str) -> int | None:
    if style == "circled":
        return _CIRCLED.index(numeral) + 1
    if style in ("arabic", "paren_arabic"):
        return int(numeral.translate(_FULLWIDTH_DIGITS))
    return chinese_number(numeral.translate(_FULLWIDTH_DIGITS))


# Styles whose numbers run on across parents in laws (第一条 … 第八十条 across 章).
CONTINUING_STYLES = frozenset({"part", "chapter", "jie", "article"})
# Styles whose shape is rarely a false heading, so a skipped number is tolerated.
LENIENT_STYLES = frozenset({"part", "chapter", "jie", "article", "cn", "paren_cn"})
# Styles that carry no number; every occurrence continues the list.
UNNUMBERED_STYLES = frozenset({"dash", "md1", "md2", "md3", "md4", "md5", "md6"})
