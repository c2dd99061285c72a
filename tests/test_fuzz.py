"""Fuzzing the readers and the structure parser: any bytes give a Document whose spans
tile the text, or a PlandiffError — never another exception.

Plain text is fuzzed from mutated seeds and random bytes; Word, web-page and PDF files
are built here from a seed excerpt and mutated in ways their readers meet in the wild:
bytes flipped, cut or inserted in the file, markup spliced into a page, and, for Word,
the XML inside an intact archive damaged (so the XML and numbering readers are reached,
not only the ZIP check). A short run is part of the suite; `python tools/fuzz.py
--minutes 10` runs the same targets longer by hand (docs/robustness.md).
"""

from __future__ import annotations

import functools
import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.errors import PlandiffError
from plandiff.ingest import text_from_bytes
from plandiff.structure import parse_document

from .conftest import SEED_FILES

SEED_BYTES = [p.read_bytes() for p in SEED_FILES]


def check_bytes(data: bytes, name: str = "fuzz") -> None:
    """The fuzz target: read and parse, then check the tiling invariant.

    Args:
        data: the file's bytes.
        name: the file name the reader sees (its suffix can decide the format).
    """
    try:
        document = parse_document(text_from_bytes(data, name=name))
    except PlandiffError as error:
        assert "\n" not in str(error)
        return
    position = 0
    for section in document.sections:
        assert section.start == position
        position = section.end
    assert position == len(document.text.original)


@st.composite
def mutated_seed(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(SEED_BYTES)))
    for _ in range(draw(st.integers(1, 8))):
        position = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert"]))
        if action == "flip":
            data[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del data[position : position + draw(st.integers(1, 400))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=20))
        if not data:
            break
    return bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_seed())
def test_mutated_seeds_parse_or_fail_cleanly(data: bytes) -> None:
    check_bytes(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_parse_or_fail_cleanly(data: bytes) -> None:
    check_bytes(data)


# --- Word, web-page and PDF files -------------------------------------------------------

EXCERPT_LINES = 40
"""Enough of a seed for headings at three levels, a table and a page break; small
enough that a mutated PDF is read in a fraction of a second."""


def excerpt() -> list[str]:
    lines = [line for line in SEED_FILES[-1].read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[:EXCERPT_LINES]


@functools.cache  # (speedup) built once per run
def format_samples() -> dict[str, bytes]:
    """The excerpt as a .docx (auto-numbered headings and a table), a GB2312 .html
    page and a .pdf with uncompressed page streams (so mutations hit text operators)."""
    return {"plan.docx": _docx(excerpt()), "plan.html": _html(excerpt()), "plan.pdf": _pdf(excerpt())}


def _docx(lines: list[str]) -> bytes:
    import docx
    from docx.oxml import parse_xml

    from plandiff.numbering import find_marker

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
            '<w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl></w:abstractNum>'
        ),
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for line in lines:
        marker = find_marker(line)
        if marker is not None and marker.style == "cn":
            paragraph = document.add_paragraph(line[marker.end :])
            paragraph._p.get_or_add_pPr().append(
                parse_xml(f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="90"/></w:numPr>')
            )
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=2, cols=3)
    for r in range(2):
        for c in range(3):
            table.cell(r, c).text = f"任务{r}{c}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _html(lines: list[str]) -> bytes:
    from html import escape

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    page = (
        '<!DOCTYPE html><html><head><meta charset="gb2312"><title>规划_门户网站</title>'
        '<script>var x = "一、脚本";</script></head><body><div class="nav"><a href="/">首页</a></div>'
        f'<div class="article">{body}<table><tr><td>任务</td><td>单位</td></tr></table></div>'
        "<div class=footer>版权所有</div></body></html>"
    )
    return page.encode("gb18030")


def _pdf(lines: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("body", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    out = io.BytesIO()
    document = SimpleDocTemplate(out, pagesize=A4, invariant=1, pageCompression=0)
    document.build([Paragraph(escape(line), style) for line in lines])
    return out.getvalue()


MARKUP = [
    b"<",
    b">",
    b"</div>",
    b"<table><tr><td>",
    b"<script>",
    b"<br>",
    b"&#0;",
    b"&#xD800;",
    b"<meta charset=utf-16>",
    b"\x00",
    b"<p>",
]


@st.composite
def mutated_bytes(draw: st.DrawFn, data: bytes, splices: list[bytes]) -> bytes:
    """`data` with a few bytes flipped, runs cut, random bytes or given pieces inserted."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        if not out:
            break
        position = draw(st.integers(0, len(out) - 1))
        action = draw(st.sampled_from(["flip", "cut", "insert", "splice"]))
        if action == "flip":
            out[position] ^= draw(st.integers(1, 255))
        elif action == "cut":
            del out[position : position + draw(st.integers(1, 200))]
        elif action == "insert":
            out[position:position] = draw(st.binary(min_size=1, max_size=16))
        else:
            out[position:position] = draw(st.sampled_from(splices or [b"\x00"]))
    return bytes(out)


# Well-formed pieces of WordprocessingML: spliced in after a tag they keep the XML
# parseable, so the paragraph, table and numbering readers meet odd structure, not
# only the XML parser's error.
WORD_PIECES = [
    "<w:p><w:r><w:t>十、插入的标题</w:t></w:r></w:p>",
    '<w:p><w:pPr><w:numPr><w:ilvl w:val="8"/><w:numId w:val="90"/></w:numPr></w:pPr><w:r><w:t>编号</w:t></w:r></w:p>',
    '<w:p><w:pPr><w:numPr><w:numId w:val="12345"/></w:numPr></w:pPr></w:p>',
    "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>",
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p></w:sdtContent></w:sdt>",
    '<w:lvl w:ilvl="1"><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%1.%2.%9"/></w:lvl>',
    "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>",
    '<w:r><w:tab/><w:br/><w:t xml:space="preserve">  </w:t></w:r>',
]
WORD_VALUES = ["0", "-1", "99999999", "abc", "", "%1", "bullet", "chineseLegalSimplified", "ideographTraditional"]


@st.composite
def mutated_docx_part(draw: st.DrawFn) -> bytes:
    """An intact archive whose document or numbering XML is damaged or oddly structured."""
    import re

    original = format_samples()["plan.docx"]
    part = draw(st.sampled_from(["word/document.xml", "word/numbering.xml"]))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(original)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                xml = content.decode("utf-8")
                for _ in range(draw(st.integers(1, 4))):
                    action = draw(st.sampled_from(["splice", "value", "bytes"]))
                    if action == "splice":
                        ends = [m.end() for m in re.finditer(">", xml)]
                        at = draw(st.sampled_from(ends))
                        xml = xml[:at] + draw(st.sampled_from(WORD_PIECES)) + xml[at:]
                    elif action == "value":
                        values = list(re.finditer(r'w:val="([^"]*)"', xml))
                        if values:
                            found = draw(st.sampled_from(values))
                            xml = xml[: found.start(1)] + draw(st.sampled_from(WORD_VALUES)) + xml[found.end(1) :]
                    else:
                        mutated = draw(mutated_bytes(xml.encode("utf-8"), [b"<", b"/>", b"&amp;"]))
                        xml = mutated.decode("utf-8", errors="replace")
                content = xml.encode("utf-8")
            target.writestr(info, content)
    return out.getvalue()


def mutated_format(name: str) -> st.SearchStrategy[tuple[bytes, str]]:
    """Mutated copies of the sample file `name`, paired with the name."""
    if name == "plan.docx":
        files = st.one_of(mutated_docx_part(), st.deferred(lambda: mutated_bytes(format_samples()[name], [])))
    else:
        files = st.deferred(
            lambda: mutated_bytes(
                format_samples()[name], MARKUP if name == "plan.html" else [b"BT", b"ET", b"Tj", b"(", b")"]
            )
        )
    return st.tuples(files, st.just(name))


@pytest.mark.parametrize("name", ["plan.docx", "plan.html", "plan.pdf"])
def test_format_samples_read_before_mutation(name: str) -> None:
    """The unmutated samples are read as their format: the fuzz starts from real files."""
    document = parse_document(text_from_bytes(format_samples()[name], name=name))
    assert document.text.source_format == name.rsplit(".", 1)[1]
    assert document.headings


@pytest.mark.parametrize("name", ["plan.docx", "plan.html", "plan.pdf"])
def test_mutated_format_files_parse_or_fail_cleanly(name: str) -> None:
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutated_format(name))
    def run(case: tuple[bytes, str]) -> None:
        check_bytes(*case)

    run()
