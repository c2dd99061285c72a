"""Reading: bytes → `Text`, with the original characters kept exactly.

Three jobs, each a pure function:

- `decode`: detect the encoding (UTF-8 with or without BOM, UTF-16/32 with BOM,
  GB18030/GBK, and files that mix UTF-8 and GBK lines) and refuse what is not text;
- `normalise`: the view used for comparing (full-width punctuation folded, the spaces
  web copies put inside Chinese text and line breaks dropped) with a map back to the
  original offsets — the original string itself is never changed;
- `logical_lines`: physical lines, with hard-wrapped paragraphs (PDF or e-mail copies)
  joined, and lines of web-page chrome recognised.

Word, web-page and PDF files are recognised by their content and turned into text by
`plandiff.formats` first; that extracted text is then the original.
"""

from __future__ import annotations

import re
import stat
import sys
from array import array
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from .errors import DecodeError, InputError
from .model import Span, Text
from .numbering import find_marker

# --- decoding ------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)

# File signatures of formats users mistake for text; named in the error message.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive (a .docx, .xlsx or .zip)"),
    (b"\xd0\xcf\x11\xe0", "an old Office file (.doc/.xls; save it as .docx)"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"{\\rtf", "an RTF document (save it as .docx)"),
)

# Control characters that never occur in real text files (NUL, bell, ...).
_BINARY_BYTES = bytes(set(range(32)) - {9, 10, 11, 12, 13, 27})
_SNIFF = 1 << 16


def read_text(source: str | Path, *, name: str | None = None) -> Text:
    """Read a path (or ``-`` for standard input) and decode it.

    Raises:
        InputError: the path is missing, a directory, a device, unreadable, or larger
            than `MAX_INPUT_BYTES`.
        DecodeError: the bytes are not text.
    """
    label = name or str(source)
    if str(source) == "-":
        label = name or "<stdin>"
        data = _read_capped(sys.stdin.buffer, label)
    else:
        data = _read_bytes(Path(source), label)
    return text_from_bytes(data, name=label)


MAX_INPUT_BYTES = 128 * 1024 * 1024
"""The largest input read (128 MiB). A plan, even a thousand-page compilation, is a few
megabytes; 50 MB already takes minutes and gigabytes (docs/robustness.md). The cap keeps an
endless stream (``yes |``, a device) from filling memory instead of ending in an error."""


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        mode = path.stat().st_mode
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
            raise InputError(f"{label}: is a device, not a file")  # /dev/zero would never end
        with path.open("rb") as stream:
            return _read_capped(stream, label)
    except FileNotFoundError:
        raise InputError(f"{label}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{label}: is a directory, not a file") from None
    except PermissionError:
        raise InputError(f"{label}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{label}: cannot read ({exc.strerror or exc})") from None


def _read_capped(stream: BinaryIO, label: str) -> bytes:
    """All of `stream`, or an InputError once it passes `MAX_INPUT_BYTES`."""
    data = stream.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        cap = f"{MAX_INPUT_BYTES // 2**20} MB" if MAX_INPUT_BYTES >= 2**20 else f"{MAX_INPUT_BYTES} bytes"
        raise InputError(f"{label}: is larger than {cap}, too big to compare")
    return data


def text_from_bytes(data: bytes, *, name: str = "<bytes>") -> Text:
    """Decode a plain-text plan, or extract the text of a .docx, .html or .pdf one.

    The format is judged from the content (`formats.sniff`), so a Word file named
    ``.txt`` is read as Word. For extracted formats, `Text.original` is the
    extracted text: every later position refers to it.
    """
    from .formats import sniff  # light: each format's library loads only when needed

    source_format = sniff(data, name)
    if source_format == "text":
        original, encoding = decode(data, name=name)
    else:
        from .formats import extract

        extracted = extract(data, name, source_format)
        original, encoding = extracted.text, extracted.encoding
    if not original.strip():
        raise DecodeError(f"{name}: is empty" if not original else f"{name}: holds only whitespace, no text")
    return Text(
        original=original, name=name, encoding=encoding, source_format=source_format, chrome=find_chrome(original)
    )


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """Decode `data`, returning the text and the encoding used.

    Order matters: a BOM is authoritative; UTF-8 is tried before GB18030 because
    valid UTF-8 Chinese nearly always also "decodes" as GB18030 (into mojibake),
    while GBK bytes are almost never valid UTF-8.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise DecodeError(f"{name}: has a {encoding} byte-order mark but is not valid {encoding}") from None
    _refuse_binary(data, name)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _decode_mixed(data, name)


def _refuse_binary(data: bytes, name: str) -> None:
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"{name}: is {what}, not a text file")
    head = data[:_SNIFF]
    controls = len(head) - len(head.translate(None, _BINARY_BYTES))
    # A few stray control bytes survive in real copies; a binary file has many.
    if head and controls > max(4, len(head) // 100):
        raise DecodeError(f"{name}: looks binary ({controls} control bytes in the first {len(head)}), not a text file")


def _decode_mixed(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes that are not valid UTF-8: GB18030, or UTF-8 and GBK lines mixed."""
    # Split at line breaks, keeping them (odd items) exactly as they were.
    parts = _BYTE_LINE_BREAK.split(data)
    lines = parts[::2]
    utf8_lines = sum(1 for line in lines if not line.isascii() and _is_utf8(line))
    other_lines = sum(1 for line in lines if not line.isascii() and not _is_utf8(line))
    if utf8_lines <= other_lines // 10:
        # (speedup) a plain GB18030 file: decode it whole.
        try:
            return data.decode("gb18030"), "gb18030"
        except UnicodeDecodeError:
            pass
    decoded: list[str] = []
    encodings: set[str] = set()
    for i, line in enumerate(parts):
        if i % 2:
            decoded.append(line.decode("ascii"))  # the line break
            continue
        text, encoding = _decode_line(line)
        if encoding is None:
            raise DecodeError(f"{name}: cannot decode as UTF-8 or GB18030 (not a text file?)")
        decoded.append(text)
        encodings.add(encoding)
    return "".join(decoded), "+".join(sorted(encodings - {"ascii"})) or "utf-8"


def _decode_line(line: bytes) -> tuple[str, str | None]:
    if line.isascii():
        return line.decode("ascii"), "ascii"
    for encoding in ("utf-8", "gb18030"):
        try:
            return line.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    # A line cut mid-character (a truncated download) or with a stray damaged byte:
    # keep what is there, marking the lost bytes with U+FFFD rather than refusing the
    # whole file. GB18030 is tried too: a GBK file is damaged as often as a UTF-8 one.
    for encoding in ("utf-8", "gb18030"):
        text = line.decode(encoding, errors="replace")
        if text.count("\ufffd") <= 2:
            return text, encoding
    return "", None


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- normalised view -------------------------------------------------------------

_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}  # full-width ASCII → ASCII
_FOLD.update(
    {
        0x3000: 0x20,  # ideographic space
        0x00A0: 0x20,  # no-break space
        0x2014: ord("-"),  # — em dash, as in 2021—2035
        0x2015: ord("-"),  # ― horizontal bar
        0x2013: ord("-"),  # – en dash
        0x2212: ord("-"),  # − minus
        0x201C: ord('"'),
        0x201D: ord('"'),
        0x2018: ord("'"),
        0x2019: ord("'"),
        0x3014: ord("["),  # 〔 as in 京政办发〔2022〕7号
        0x3015: ord("]"),
        0x3010: ord("["),  # 【
        0x3011: ord("]"),
        0x00B7: 0x30FB,  # · middle dot variants
    }
)
_FOLD_TABLE = str.maketrans(_FOLD)
_FOLD_CHARS = {chr(k): chr(v) for k, v in _FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]")


def _fold(piece: str) -> str:
    """``piece.translate(_FOLD_TABLE)``, 4–8× faster on plan text (speedup).

    str.translate looks every character up in the table and raises (and clears) a
    KeyError for each one it does not map; the characters folded are a few percent
    of a plan's text, so finding them with a character class is much cheaper.
    """
    return _FOLDABLE.sub(_fold_match, piece)


def _fold_match(match: re.Match[str]) -> str:
    return _FOLD_CHARS[match.group()]


ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""Invisible format characters (zero-width space, joiners, word joiner, BOM) that saved
web pages scatter in text: layout like a space, never a change unless --strict."""
_SPACE_RUN = re.compile(f"[\\s{ZERO_WIDTH}]+")
_ASCII_WORD = re.compile(r"[0-9A-Za-z]")


@dataclass(frozen=True, slots=True)
class Normalised:
    """A comparison view of a piece of original text."""

    text: str
    offsets: array[int] | None
    """offsets[i] is the original offset of text[i], relative to the piece; one extra
    entry holds the piece's length. None means the identity map (nothing dropped)."""

    def to_original(self, i: int) -> int:
        return i if self.offsets is None else self.offsets[i]


def normalise(piece: str) -> Normalised:
    """Fold punctuation width and drop layout whitespace, keeping a map back.

    Whitespace is dropped entirely, except one space between two ASCII letters or
    digits (``GDP 增长`` keeps none, ``open source`` keeps one), so a line wrap, a CRLF
    or the stray space in “ 十三五” never counts as a change.
    """
    folded = _fold(piece)
    if not _SPACE_RUN.search(folded):
        return Normalised(folded, None)
    parts: list[str] = []
    offsets = array("l")
    pos = 0
    for match in _SPACE_RUN.finditer(folded):
        start, end = match.span()
        parts.append(folded[pos:start])
        offsets.extend(range(pos, start))
        if _word_space(folded, start, end):
            parts.append(" ")
            offsets.append(start)
        pos = end
    parts.append(folded[pos:])
    offsets.extend(range(pos, len(folded) + 1))
    return Normalised("".join(parts), offsets)


def normal_form(piece: str) -> str:
    """Just the comparison string of `normalise` (no offset map)."""
    folded = _fold(piece)
    return _SPACE_RUN.sub(_keep_word_space, folded) if _SPACE_RUN.search(folded) else folded


def _keep_word_space(match: re.Match[str]) -> str:
    return " " if _word_space(match.string, match.start(), match.end()) else ""


def _word_space(text: str, start: int, end: int) -> bool:
    """The layout run text[start:end] separates two ASCII words (and is not zero-width only)."""
    return (
        0 < start
        and end < len(text)
        and _ASCII_WORD.match(text[start - 1]) is not None
        and _ASCII_WORD.match(text[end]) is not None
        and bool(text[start:end].strip(ZERO_WIDTH))
    )


def is_blank(text: str) -> bool:
    """Nothing but whitespace and zero-width characters."""
    return not text or _SPACE_RUN.fullmatch(text) is not None


# --- lines, chrome and hard wraps --------------------------------------------------

_CHROME_PATTERNS = [
    r"(您|你)现在的位置|当前位置|首页\s*[>＞》]",
    r"字[体号]\s*[:：]?\s*[\[【]?\s*大\s*中\s*小|选择阅读字号",
    r"(浏览|阅读|访问|点击)(次数|量|数)\s*[:：]",
    r"^\s*(发布|更新)(时间|日期)\s*[:：].{0,40}$",
    r"(发布|更新)时间\s*[:：].{0,80}来源\s*[:：]|来源\s*[:：].{0,40}(作者|字体)\s*[:：]",
    r"相关(政策)?(解读|链接|文件|阅读)\s*[:：]?",
    r"版权所有|Copyright|ICP\s*备|网站标识码|公网安备|主办单位\s*[:：]|承办单位\s*[:：]",
    r"^\s*首页.{0,40}(地址|电话)|^\s*(地址|电话|邮编|联系电话)\s*[:：]",
    r"【?\s*(打印|关闭)(本页|窗口)?\s*】|分享到\s*[:：]|扫一扫",
    r"^\s*[-—－]\s*\d{1,4}\s*[-—－]\s*$",  # PDF page numbers like — 3 —
    r"^\s*第\s*\d+\s*页\s*(共\s*\d+\s*页)?\s*$",
]
_CHROME = re.compile("|".join(f"(?:{p})" for p in _CHROME_PATTERNS), re.IGNORECASE)


def find_chrome(original: str) -> tuple[Span, ...]:
    """Spans of whole lines that are web-page or PDF chrome, not document content.

    Logical lines are judged, so a chrome line a hard-wrapped copy broke in two
    (来源:攀枝花 / 市人民政府办公室 选择阅读字号…) is one span over all its pieces, break
    included, as in the unwrapped copy. A physical line that is chrome on its own
    (a page number the wrapped paragraph before it ran into) is still a span.
    """
    lines = layout(original)
    physical = lines.physical
    spans = []
    for line in lines.logical:
        if is_chrome_line(original[line.start : line.end]):
            spans.append(Span(line.start, line.end))
            continue
        i = line.number - 1
        if physical[i][1] == line.end:
            continue  # (speedup) one physical line, already judged
        while i < len(physical) and physical[i][0] < line.end:
            start, end = physical[i]
            if is_chrome_line(original[start:end]):
                spans.append(Span(start, end))
            i += 1
    return tuple(spans)


def is_chrome_line(line: str) -> bool:
    return len(line) <= 200 and _CHROME.search(line) is not None


LINE_BREAK = re.compile(r"\r\n|\r|\n")
"""What ends a line, everywhere lines are counted: LF, CRLF, or a lone CR (old Mac
files). Not str.splitlines, which also breaks at \\x0b, \\x1c, U+2028 and others."""
_BYTE_LINE_BREAK = re.compile(b"(" + LINE_BREAK.pattern.encode() + b")")
"""`LINE_BREAK` in bytes, captured (for splitting undecoded lines, breaks kept)."""


def physical_lines(original: str) -> list[tuple[int, int]]:
    """(start, end) of each physical line, without its line terminator (`LINE_BREAK`)."""
    spans = []
    pos = 0
    if "\r" not in original:
        # (speedup) LF only, the usual case: str.find runs at memchr speed, a regex
        # scan about 50 times slower on a long line. Same lines as LINE_BREAK.
        find = original.find
        nl = find("\n")
        while nl != -1:
            spans.append((pos, nl))
            pos = nl + 1
            nl = find("\n", pos)
    else:
        for match in LINE_BREAK.finditer(original):
            spans.append((pos, match.start()))
            pos = match.end()
    spans.append((pos, len(original)))
    return spans


# A line that ends a sentence or a label; a hard-wrapped line usually does not.
_LINE_END = re.compile(r"[。！？；：:;!?」』”）)】]\s*$")


def wrap_width(original: str, lines: list[tuple[int, int]]) -> int | None:
    """The column at which a hard-wrapped copy broke its paragraphs, if it was wrapped.

    A PDF or e-mail copy breaks long paragraphs at a fixed width, so many lines
    share nearly the same length. A document typed with one paragraph per line has
    lengths all over the place, and then this returns None.
    """
    lengths = [len(original[s:e].strip()) for s, e in lines]
    long = [n for n in lengths if n >= 20]
    if len(long) < 8:
        return None
    long.sort()
    width = long[int(len(long) * 0.9)]
    if not 20 <= width <= 120:
        return None
    near = sum(1 for n in long if width - 3 <= n <= width + 1)
    return width if near >= max(5, len(long) * 0.4) else None


@dataclass(frozen=True, slots=True)
class Line:
    """A logical line: one physical line, or a hard-wrapped paragraph joined."""

    start: int
    end: int
    number: int
    """1-based physical line number of its first physical line."""


def find_tables(original: str, physical: list[tuple[int, int]]) -> tuple[Span, ...]:
    """Regions of tab-separated rows (a task-division table pasted from Word).

    Rows are lines led by a tab or holding two or more tabs; a table is at least
    three such lines, blank lines between them allowed.
    """
    tables: list[Span] = []
    run: list[tuple[int, int]] = []

    def close() -> None:
        if len(run) >= 3:
            tables.append(Span(run[0][0], run[-1][1]))
        run.clear()

    for start, end in physical:
        line = original[start:end]
        if line.startswith("\t") or line.count("\t") >= 2:
            run.append((start, end))
        elif line.strip():
            close()
    close()
    return tuple(tables)


@dataclass(frozen=True, slots=True)
class Layout:
    """How a text is laid out in lines, as every stage reads it."""

    physical: list[tuple[int, int]]
    wrap: int | None
    """The hard-wrap width of the text (`wrap_width`), None when it is not hard-wrapped."""
    tables: tuple[Span, ...]
    logical: list[Line]


@lru_cache(maxsize=8)
def layout(original: str) -> Layout:
    """The lines of `original`, computed once per text: the chrome finder, the structure
    parser, the diff, the targets and the renderers all read them (each used to split
    and join the lines again). Callers must not change the lists."""
    physical = physical_lines(original)
    tables = find_tables(original, physical)
    wrap = wrap_width(original, physical)
    return Layout(physical, wrap, tables, logical_lines(original, physical, tables, wrap))


def logical_lines(
    original: str, physical: list[tuple[int, int]], tables: tuple[Span, ...] = (), wrap: int | None = -1
) -> list[Line]:
    """Physical lines, with the continuation lines of a hard-wrapped copy joined (`wrap`:
    the wrap width when known, else measured here)."""
    width = wrap_width(original, physical) if wrap == -1 else wrap
    lines: list[Line] = []
    joining = False
    for number, (start, end) in enumerate(physical, 1):
        text = original[start:end]
        if joining and text.strip() and find_marker(text) is None and not in_tables(start, tables):
            last = lines[-1]
            lines[-1] = Line(last.start, end, last.number)
        else:
            lines.append(Line(start, end, number))
        joining = width is not None and _is_wrapped(text, width)
    return lines


def _is_wrapped(line: str, width: int) -> bool:
    stripped = line.strip()
    return len(stripped) >= width - 3 and not _LINE_END.search(stripped)


def in_tables(offset: int, tables: tuple[Span, ...]) -> bool:
    """True when `offset` lies in one of `tables` (from `find_tables`)."""
    # Tables are sorted and disjoint: a binary search keeps a file with thousands of
    # tables linear (a scan per line was quadratic). (speedup)
    i = bisect_right(tables, offset, key=_span_start) - 1
    return i >= 0 and offset <= tables[i].end


def _span_start(span: Span) -> int:
    return span.start
