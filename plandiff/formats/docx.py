"""Word (.docx) files: paragraphs in order, Word's automatic numbering as the
reader sees it, and tables as tab-separated rows.

python-docx reads the package and gives typed access to paragraphs, runs, tables
and the numbering and style parts. It does not render list numbers: a heading that
shows as "一、总体要求" in Word is stored as the text "总体要求" plus a reference
to a numbering definition. `_ListNumbers` computes the visible number from that
definition (numFmt, lvlText, start, restarts), the minimum of what Word does.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

from ..errors import DecodeError
from . import damaged

_MAX_XML_BYTES = 256 << 20  # an uncompressed document.xml beyond this is a zip bomb, not a plan


def extract_docx(data: bytes, name: str) -> str:
    """The text of a .docx file: one paragraph or table row per line.

    Raises:
        DecodeError: the file is damaged, truncated or not a Word document.
    """
    _refuse_zip_bomb(data, name)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        numbers = _ListNumbers(document)
        lines = list(_block_lines(document.element.body, numbers))
    except (MemoryError, RecursionError):
        raise
    except Exception as exc:  # noqa: BLE001 - see formats.damaged
        raise damaged(name, "Word file", exc) from None
    return "\n".join(lines) + "\n" if lines else ""


def _refuse_zip_bomb(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except MemoryError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile raises BadZipFile, NotImplementedError ...
        raise damaged(name, "Word file", exc) from None
    if size > _MAX_XML_BYTES:
        raise DecodeError(f"{name}: unpacks to {size >> 20} MB, too large for a Word document")


# --- body ----------------------------------------------------------------------


def _block_lines(container: Any, numbers: _ListNumbers) -> Iterator[str]:
    """Lines of the paragraphs and tables directly in `container`, in order.

    Content controls (w:sdt, e.g. a table of contents) are opened: their paragraphs
    are part of the text the reader sees.
    """
    for child in container.iterchildren():
        tag = _local(child.tag)
        if tag == "p":
            # A tab typed to indent a paragraph is layout; left in, the line would
            # read as a table row (a line led by a tab) and lose its heading.
            yield numbers.label(child) + _paragraph_text(child).strip("\t")
        elif tag == "tbl":
            yield from _table_lines(child, numbers)
        elif tag == "sdt":
            for content in child.iterchildren(_qn("w:sdtContent")):
                yield from _block_lines(content, numbers)


# Runs directly in the paragraph, in hyperlinks, in tracked insertions, smart tags,
# inline content controls and simple fields: the text Word shows. Deleted text
# (w:del) is left out, as Word leaves it out of the final view, and so is hidden
# text (w:vanish set on the run).
_RUNS = "w:r | w:hyperlink/w:r | w:ins/w:r | w:smartTag/w:r | w:sdt/w:sdtContent/w:r | w:fldSimple/w:r"
_HIDDEN = "w:rPr/w:vanish[not(@w:val) or not(@w:val = 'false' or @w:val = '0' or @w:val = 'off')]"


def _paragraph_text(p: Any) -> str:
    return "".join(run.text for run in _xp(p, _RUNS) if not _xp(run, _HIDDEN))


def _table_lines(tbl: Any, numbers: _ListNumbers) -> Iterator[str]:
    """One line per row, cells separated by tabs (what the structure parser reads as
    a table). A cell's paragraphs are joined with spaces to keep the row on one line."""
    for tr in _xp(tbl, "w:tr"):
        cells = []
        for tc in _xp(tr, "w:tc | w:sdt/w:sdtContent/w:tc"):
            parts = [numbers.label(p) + _paragraph_text(p) for p in _xp(tc, ".//w:p")]
            cell = " ".join(part.strip() for part in parts if part.strip())
            cells.append(re.sub(r"[\t\n]", " ", cell))
        yield "\t".join(cells)


# --- automatic numbering -----------------------------------------------------------


class _ListNumbers:
    """Renders Word's list numbers (一、 （一） 1. ...) in document order.

    Counters follow Word: lists (w:num) sharing an abstract definition continue one
    another's numbering unless they override a start value; using a level restarts
    the deeper levels (unless w:lvlRestart says otherwise).
    """

    def __init__(self, document: Any) -> None:
        self.styles = _styles_by_id(document)
        numbering = _numbering_element(document)
        self.abstracts: dict[str, Any] = {}
        self.nums: dict[str, Any] = {}
        if numbering is not None:
            self.abstracts = {a.get(_qn("w:abstractNumId")): a for a in _xp(numbering, "w:abstractNum")}
            self.nums = {n.get(_qn("w:numId")): n for n in _xp(numbering, "w:num")}
        self.counters: dict[tuple[str, int], int] = {}

    def label(self, p: Any) -> str:
        """The visible number of paragraph `p` (with its separator), '' if none.

        Advances the counters, so call it once per paragraph in document order.
        """
        found = self._num_and_level(p)
        if found is None:
            return ""
        num, ilvl = found
        levels = self._levels(num)
        lvl = levels.get(ilvl)
        if lvl is None:
            return ""
        if _xp(num, "w:lvlOverride/w:startOverride"):
            key = "num " + str(num.get(_qn("w:numId")))  # a restarted list counts on its own
        else:
            key = "abstract " + self._abstract_id(num)
        self._advance(key, ilvl, levels, num)
        return self._render(key, lvl, levels, num)

    # -- which list and level a paragraph belongs to

    def _num_and_level(self, p: Any) -> tuple[Any, int] | None:
        num_id, ilvl = _val(p, "w:pPr/w:numPr/w:numId"), _val(p, "w:pPr/w:numPr/w:ilvl")
        style_id = _val(p, "w:pPr/w:pStyle")
        if num_id is None and style_id is not None:
            num_id, style_ilvl = self._style_numbering(style_id)
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        num = self.nums[num_id]
        return num, self._level_of_style(num, style_id) if ilvl is None else _int(ilvl)

    def _style_numbering(self, style_id: str) -> tuple[str | None, str | None]:
        """numId and ilvl a paragraph style (or a style it is based on) carries."""
        for _ in range(20):  # bounded: a basedOn cycle must not hang
            style = self.styles.get(style_id)
            if style is None:
                return None, None
            num_id = _val(style, "w:pPr/w:numPr/w:numId")
            if num_id is not None:
                return num_id, _val(style, "w:pPr/w:numPr/w:ilvl")
            based_on = _val(style, "w:basedOn")
            if based_on is None:
                return None, None
            style_id = based_on
        return None, None

    def _level_of_style(self, num: Any, style_id: str | None) -> int:
        """Heading styles linked to a multi-level list name their level by w:pStyle."""
        for ilvl, lvl in self._levels(num).items():
            if style_id is not None and _val(lvl, "w:pStyle") == style_id:
                return ilvl
        return 0

    def _abstract_id(self, num: Any) -> str:
        return _val(num, "w:abstractNumId") or ""

    def _levels(self, num: Any) -> dict[int, Any]:
        """The w:lvl definitions of a list, with its w:lvlOverride/w:lvl replacements."""
        abstract = self._resolve_style_link(self.abstracts.get(self._abstract_id(num)))
        levels = {} if abstract is None else {_int(lvl.get(_qn("w:ilvl"))): lvl for lvl in _xp(abstract, "w:lvl")}
        for override in _xp(num, "w:lvlOverride[w:lvl]"):
            levels[_int(override.get(_qn("w:ilvl")))] = _xp(override, "w:lvl")[0]
        return levels

    def _resolve_style_link(self, abstract: Any) -> Any:
        """An abstract list that only points to a numbering style (w:numStyleLink)
        takes its levels from the list that style names."""
        link = None if abstract is None else _val(abstract, "w:numStyleLink")
        if link is None:
            return abstract
        num_id, _ = self._style_numbering(link)
        num = self.nums.get(num_id or "")
        target = None if num is None else self.abstracts.get(self._abstract_id(num))
        return target if target is not None and _val(target, "w:numStyleLink") is None else abstract

    # -- counting

    def _advance(self, key: str, ilvl: int, levels: dict[int, Any], num: Any) -> None:
        current = self.counters.get((key, ilvl))
        self.counters[(key, ilvl)] = self._start(ilvl, levels, num) if current is None else current + 1
        for deeper, lvl in levels.items():
            restart = _val(lvl, "w:lvlRestart")
            # lvlRestart n (1-based): restart only after levels above n; 0: never.
            if deeper > ilvl and (restart is None or ilvl < _int(restart)):
                self.counters.pop((key, deeper), None)

    def _start(self, ilvl: int, levels: dict[int, Any], num: Any) -> int:
        override = _xp(num, f'w:lvlOverride[@w:ilvl="{ilvl}"]/w:startOverride')
        if override:
            return _int(override[0].get(_qn("w:val")))
        lvl = levels.get(ilvl)
        start = None if lvl is None else _val(lvl, "w:start")
        return _int(start) if start is not None else 0  # the spec's default start is 0

    def _render(self, key: str, lvl: Any, levels: dict[int, Any], num: Any) -> str:
        fmt = _val(lvl, "w:numFmt") or "decimal"
        if fmt == "bullet":
            return ""  # a bullet glyph (often a Symbol-font private character) carries no number
        legal = _xp(lvl, "w:isLgl") != []
        template = _val(lvl, "w:lvlText") or ""

        def number(match: re.Match[str]) -> str:
            level = int(match.group(1)) - 1
            value = self.counters.get((key, level))
            if value is None:
                value = self._start(level, levels, num)
            level_fmt = _val(levels[level], "w:numFmt") if level in levels else "decimal"
            return format_number(value, "decimal" if legal and level_fmt != "none" else level_fmt or "decimal")

        label = re.sub(r"%([1-9])", number, template)
        return label + _suffix(label, _val(lvl, "w:suff") or "tab") if label else ""


def _suffix(label: str, suff: str) -> str:
    """What follows the number. Word's default is a tab to the text indent; in the
    extracted text a tab would read as a table cell, so it becomes nothing after
    punctuation (一、总体要求, （一）指导思想, 1.将…) and a space after a bare
    number or word (第一章 总则)."""
    if suff == "nothing":
        return ""
    if suff == "space":
        return " "
    return "" if re.search(r"[、.．)）:：\]】]$", label) else " "


# --- number formats -----------------------------------------------------------------

_CN_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def format_number(value: int, fmt: str) -> str:
    """`value` written in Word's number format `fmt` (w:numFmt); unknown formats
    fall back to decimal, as Word does for formats a locale lacks."""
    if fmt == "none":
        return ""
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting"):
        return chinese_counting(value)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CN_DIGITS[int(d)] for d in str(value))
    if fmt == "chineseLegalSimplified":
        return chinese_counting(value).translate(str.maketrans(_CN_DIGITS + "十百千", _LEGAL_DIGITS + "拾佰仟"))
    if fmt in ("ideographTraditional", "ideographZodiac"):
        cycle = _HEAVENLY_STEMS if fmt == "ideographTraditional" else _EARTHLY_BRANCHES
        return cycle[(value - 1) % len(cycle)] if value > 0 else str(value)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese", "ideographEnclosedCircle"):
        return _CIRCLED[value - 1] if 1 <= value <= len(_CIRCLED) else str(value)
    return _western(value, fmt)


def _western(value: int, fmt: str) -> str:
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedParen":
        return f"({value})"
    if fmt == "decimalEnclosedFullstop":
        return f"{value}."
    if fmt in ("upperRoman", "lowerRoman") and value > 0:
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("upperLetter", "lowerLetter") and value > 0:
        # Word repeats the letter: A … Z, AA … ZZ, AAA …
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    return str(value)


def _roman(value: int) -> str:
    out = []
    for amount, numeral in _ROMAN:
        count, value = divmod(value, amount)
        out.append(numeral * count)
    return "".join(out)


def chinese_counting(value: int) -> str:
    """一 … 十 十一 … 二十 … 一百零五, as Word's chineseCounting writes them."""
    if value < 0:
        return str(value)
    if value < 10:
        return _CN_DIGITS[value]
    if value < 20:
        return "十" + (_CN_DIGITS[value % 10] if value % 10 else "")
    if value >= 10000:
        return str(value)
    out = []
    zero = False
    for unit, char in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit % 10
        if digit:
            if zero:
                out.append("零")
            out.append(_CN_DIGITS[digit] + char)
            zero = False
        elif out:
            zero = True
    return "".join(out)


# --- XML helpers ------------------------------------------------------------------


_W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _xp(element: Any, path: str) -> Any:
    """XPath with the w: prefix on any element: python-docx maps prefixes only on the
    elements it has classes for (w:abstractNum, w:lvl ... are plain lxml ones)."""
    from lxml import etree  # type: ignore[import-untyped]

    return etree._Element.xpath(element, path, namespaces=_W)


def _qn(tag: str) -> str:
    """``w:numId`` → the Clark name lxml uses for attributes and tags."""
    return f"{{{_W['w']}}}{tag.removeprefix('w:')}"


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _val(element: Any, path: str) -> str | None:
    """The w:val of the element at `path` under `element`, None if absent."""
    found = _xp(element, f"{path}/@w:val")
    return str(found[0]) if found else None


def _int(text: str | None) -> int:
    try:
        return int(text or 0)
    except ValueError:
        return 0


def _styles_by_id(document: Any) -> dict[str, Any]:
    try:
        styles = document.styles.element
    except (KeyError, AttributeError):
        return {}
    return {style.get(_qn("w:styleId")): style for style in _xp(styles, "w:style")}


def _numbering_element(document: Any) -> Any:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        return document.part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None
