"""Reading .docx, .html and .pdf plans: each is built here from a .txt seed with the
libraries real files come from (python-docx with Word numbering definitions, a
GB2312-declared page with site chrome, reportlab's CID font), and must parse to the
same section tree as the seed itself."""

from __future__ import annotations

import functools
import io
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest

from plandiff.cli import main
from plandiff.errors import DecodeError
from plandiff.formats import extract, sniff
from plandiff.formats.docx import chinese_counting, format_number
from plandiff.ingest import text_from_bytes
from plandiff.model import Document
from plandiff.numbering import find_marker
from plandiff.structure import parse_document

from .conftest import SEED_FILES

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def outline(document: Document) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for s in document.headings]


def parse(data: bytes, name: str) -> Document:
    return parse_document(text_from_bytes(data, name=name))


def seed_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


# --- building Word files ---------------------------------------------------------------------


# The heading styles a seed's markers take, as levels of one Word multi-level list.
LIST_LEVELS = {"cn": 0, "paren_cn": 1, "arabic": 2}


def level_xml(ilvl: int, fmt: str, text: str, **extra: str) -> str:
    parts = [f'<w:start w:val="{extra.get("start", "1")}"/>', f'<w:numFmt w:val="{fmt}"/>']
    if "restart" in extra:
        parts.append(f'<w:lvlRestart w:val="{extra["restart"]}"/>')
    if "style" in extra:
        parts.append(f'<w:pStyle w:val="{extra["style"]}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/>')
    if "suff" in extra:
        parts.append(f'<w:suff w:val="{extra["suff"]}"/>')
    return f'<w:lvl w:ilvl="{ilvl}">{"".join(parts)}</w:lvl>'


def add_list(document, abstract_id: int, levels: list[str], num_ids: list[int], overrides: str = "") -> None:  # type: ignore[no-untyped-def]
    """Add an abstract list definition and w:num instances of it to the numbering part.

    Ids are offset past the ones python-docx's default template defines (0-9).
    """
    from docx.oxml import parse_xml

    abstract_id, num_ids = abstract_id + 100, [n + 100 for n in num_ids]

    numbering = document.part.numbering_part.element
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>')
    numbering.insert(0, abstract)  # abstract definitions come before the w:num instances
    for num_id in num_ids:
        body = overrides if num_id == num_ids[-1] else ""
        numbering.append(
            parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{body}</w:num>')
        )


def numbered(document, text: str, num_id: int, ilvl: int | None = None, style: str | None = None):  # type: ignore[no-untyped-def]
    from docx.oxml import parse_xml

    paragraph = document.add_paragraph(text, style=style)
    if num_id is not None:
        num_id = num_id + 100 if num_id else 0
        ilvl_xml = "" if ilvl is None else f'<w:ilvl w:val="{ilvl}"/>'
        paragraph._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W_NS}>{ilvl_xml}<w:numId w:val="{num_id}"/></w:numPr>')
        )
    return paragraph


def docx_bytes(document) -> bytes:  # type: ignore[no-untyped-def]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@functools.cache  # (speedup) each seed is built once per run
def seed_to_docx(path: Path) -> tuple[bytes, int]:
    """A Word file of the seed: its 一、/（一）/1. headings as Word auto-numbering
    (where the seed counts as Word would), tab-separated rows as a table.

    Returns the file and how many paragraphs were auto-numbered.
    """
    import docx

    lines = seed_lines(path)
    document = docx.Document()
    templates = _level_templates(lines)
    add_list(document, 1, [level_xml(i, fmt, text) for i, (fmt, text) in sorted(templates.items())], [1])
    counters = [0, 0, 0]
    auto = 0
    rows: list[list[str]] = []
    for line in lines:
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        _flush_table(document, rows)
        marker = find_marker(line)
        level = LIST_LEVELS.get(marker.style) if marker else None
        if marker and level is not None and level in templates and marker.value == counters[level] + 1:
            counters[level] += 1
            counters[level + 1 :] = [0] * (2 - level)
            numbered(document, line[marker.end :], 1, level)
            auto += 1
        else:
            document.add_paragraph(line)
    _flush_table(document, rows)
    return docx_bytes(document), auto


def _level_templates(lines: list[str]) -> dict[int, tuple[str, str]]:
    """numFmt and lvlText of each list level, copied from the seed's first marker of that style."""
    templates: dict[int, tuple[str, str]] = {}
    for line in lines:
        marker = find_marker(line)
        if marker is None or marker.style not in LIST_LEVELS or LIST_LEVELS[marker.style] in templates:
            continue
        level = LIST_LEVELS[marker.style]
        written = line[marker.start : marker.end].strip()
        fmt = "decimal" if marker.style == "arabic" else "chineseCounting"
        templates[level] = (fmt, written.replace(marker.number, f"%{level + 1}", 1))
    return templates


def _flush_table(document, rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    if not rows:
        return
    width = max(len(row) for row in rows)
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    rows.clear()


# --- building web pages and PDFs -------------------------------------------------------------


@functools.cache  # (speedup) each seed is built once per run
def seed_to_html(path: Path) -> bytes:
    """A saved government page: GB2312 declared (GBK/GB18030 bytes), site navigation,
    a breadcrumb, a script and a style holding heading-like text, publish metadata
    outside the article, tables, and a footer."""
    lines = seed_lines(path)
    body = []
    rows: list[str] = []
    for line in lines + [""]:
        if "\t" in line:
            rows.append("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in line.split("\t")) + "</tr>")
            continue
        if rows:
            body.append("<table border=1>" + "".join(rows) + "</table>")
            rows = []
        if line.strip():
            body.append(f"<p style='text-indent:2em'>&nbsp;&nbsp;{escape(line)}</p>")
    page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{escape(lines[0])}_某某市人民政府门户网站</title>
<style>.x {{ content: "一、样式里的标题"; }}</style>
<script>document.write("二、脚本里的标题");</script></head>
<body><div class="top"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li>
<li><a href="/zcwj">政策文件</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a></div>
<div class="article"><h1 class="title">{escape(lines[0])}</h1>
<div class="info">发布时间：2022-06-16 09:30 来源：市政府办公室 【字体：大 中 小】</div>
<div class="TRS_Editor">{"".join(body)}</div>
<div class="share">分享到：<a>微信</a> <a>微博</a> 【打印本页】 【关闭窗口】</div></div>
<div class="footer">主办单位：某某市人民政府办公室 版权所有 网站标识码：1300000001 <a>网站地图</a></div>
</body></html>"""
    return page.encode("gb18030")


def web_archive(page: bytes) -> bytes:
    """A saved .mht of a GB2312-declared page, quoted-printable as Word and IE write it."""
    import quopri

    return (
        b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="B"\n\n--B\n'
        b'Content-Transfer-Encoding: quoted-printable\nContent-Type: text/html; charset="gb2312"\n\n'
        + quopri.encodestring(page)
        + b"\n--B--\n"
    )


@functools.cache  # (speedup) each seed is built once per run
def seed_to_pdf(path: Path) -> bytes:
    """A PDF of the seed in reportlab's built-in Chinese CID font (no font file):
    justified, first-line indented paragraphs that wrap, a running header on every
    page and a “— n —” page number at the bottom."""
    from xml.sax.saxutils import escape as xml_escape

    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle(
        "body",
        fontName="STSong-Light",
        fontSize=12,
        leading=18,
        wordWrap="CJK",
        firstLineIndent=24,
        alignment=TA_JUSTIFY,
    )

    def furniture(canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, A4[1] - 30, "某某市人民政府文件")
        canvas.drawCentredString(A4[0] / 2, 30, f"— {doc.page} —")

    out = io.BytesIO()
    # Table rows are left out: a PDF keeps no table structure (a known gap; see
    # docs/formats.md), and tables hold no headings, so the tree is the seed's.
    story = [Paragraph(xml_escape(line), style) for line in seed_lines(path) if line.strip() and "\t" not in line]
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out.getvalue()


def ruled_table_pdf(task_rows: int) -> bytes:
    """A PDF with a paragraph, a ruled task-division table (wrapping cells, numbered
    task cells, a header row repeated on each page) and a closing paragraph."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK", firstLineIndent=24)
    cell = ParagraphStyle("c", fontName="STSong-Light", fontSize=10.5, leading=14, wordWrap="CJK")
    rows: list[list[object]] = [["序号", "任务内容", "牵头部门", "责任部门"]]
    for i in range(1, task_rows + 1):
        task = Paragraph(f"{i}．实施第{i}项科学素质提升行动，加强科学教育，推进馆校合作，提高科学素质", cell)
        rows.append(
            [str(i), task, Paragraph("区教委、区科协", cell), Paragraph("区委宣传部、区人力社保局、区农业农村委", cell)]
        )
    table = Table(rows, colWidths=[40, 200, 90, 130], repeatRows=1)
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONT", (0, 0), (-1, -1), "STSong-Light", 10.5)])
    )
    story = [
        Paragraph("一、组织实施", body),
        Paragraph("各单位要加强组织领导，认真落实各项任务，确保取得实效，按期完成目标任务。" * 2, body),
        Paragraph("附件：重点任务分工", body),
        table,
        Paragraph("以上任务由各责任单位按职责分工抓好落实。", body),
    ]
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, invariant=1).build(story)
    return out.getvalue()


# --- the seeds, in every format --------------------------------------------------------------


@pytest.fixture(params=SEED_FILES, ids=lambda p: p.stem)
def seed_file(request: pytest.FixtureRequest) -> Path:
    return request.param


def test_docx_of_a_seed_parses_to_the_seeds_tree(seed_file: Path) -> None:
    data, auto = seed_to_docx(seed_file)
    assert auto >= 5, "the seed's headings should mostly be Word auto-numbering"
    document = parse(data, "plan.docx")
    assert document.text.source_format == "docx"
    assert outline(document) == outline(parse(seed_file.read_bytes(), seed_file.name))


def test_html_of_a_seed_parses_to_the_seeds_tree(seed_file: Path) -> None:
    document = parse(seed_to_html(seed_file), "plan.html")
    text = document.text
    assert text.source_format == "html"
    assert text.encoding.startswith("gb18030")
    assert "脚本里的标题" not in text.original and "样式里的标题" not in text.original
    seed_text = seed_file.read_text(encoding="utf-8")
    for chrome in ("互动交流", "政策文件", "网站地图", "分享到", "网站标识码"):
        assert chrome in seed_text or chrome not in text.original
    assert outline(document) == outline(parse(seed_file.read_bytes(), seed_file.name))


def test_pdf_of_a_seed_parses_to_the_seeds_tree(seed_file: Path) -> None:
    document = parse(seed_to_pdf(seed_file), "plan.pdf")
    text = document.text.original
    assert document.text.source_format == "pdf"
    assert "某某市人民政府文件" not in text and "— 2 —" not in text and "— 1 —" not in text
    assert outline(document) == outline(parse(seed_file.read_bytes(), seed_file.name))


def test_pdf_paragraphs_come_out_whole_one_per_line(seed_file: Path) -> None:
    """reportlab wraps most paragraphs over several lines (some before an unbreakable
    run such as “(2021—2035年)》”, well short of the margin); each must come back
    as exactly one line, and headings on their own lines."""
    text = extract(seed_to_pdf(seed_file), "plan.pdf").text

    def squeeze(line: str) -> str:
        # U+00B7 is lost between reportlab's UniGB-UCS2-H encoding and pdfminer's copy
        # of that CMap (a test-file artefact; see docs/formats.md), spaces are layout.
        return line.replace(" ", "").replace("·", "")

    seed = [squeeze(line) for line in seed_lines(seed_file) if line.strip() and "\t" not in line]
    assert [squeeze(line) for line in text.splitlines()] == seed


# --- Word ------------------------------------------------------------------------------------


def word_lines(document) -> list[str]:  # type: ignore[no-untyped-def]
    return extract(docx_bytes(document), "t.docx").text.splitlines()


def test_word_numbering_levels_restart_under_each_parent() -> None:
    import docx

    document = docx.Document()
    add_list(
        document,
        7,
        [
            level_xml(0, "chineseCountingThousand", "%1、"),
            level_xml(1, "chineseCounting", "（%2）"),
            level_xml(2, "decimal", "%3."),
        ],
        [3],
    )
    for text, level in [
        ("总体要求", 0),
        ("指导思想", 1),
        ("主要目标", 1),
        ("任务一", 2),
        ("任务二", 2),
        ("主要任务", 0),
        ("青少年", 1),
        ("行动一", 2),
    ]:
        numbered(document, text, 3, level)
    document.add_paragraph("正文。")
    assert word_lines(document) == [
        "一、总体要求",
        "（一）指导思想",
        "（二）主要目标",
        "1.任务一",
        "2.任务二",
        "二、主要任务",
        "（一）青少年",
        "1.行动一",
        "正文。",
    ]


def test_word_numbering_formats_and_overrides() -> None:
    import docx

    document = docx.Document()
    add_list(
        document, 1, [level_xml(0, "ideographTraditional", "%1."), level_xml(1, "decimal", "%1.%2", suff="space")], [1]
    )
    # Two instances of one list: the second restarts at 5 via a startOverride.
    add_list(
        document,
        2,
        [level_xml(0, "decimal", "（%1）")],
        [2, 3],
        overrides='<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride>',
    )
    add_list(
        document, 3, [level_xml(0, "decimal", "第%1条", suff="space"), level_xml(1, "decimal", "%2.", restart="0")], [4]
    )
    numbered(document, "甲项", 1, 0)
    numbered(document, "细则", 1, 1)
    numbered(document, "乙项", 1, 0)
    numbered(document, "细则", 1, 1)
    numbered(document, "a", 2, 0)
    numbered(document, "b", 2, 0)
    numbered(document, "c", 3, 0)
    numbered(document, "x", 4, 0)
    numbered(document, "x1", 4, 1)
    numbered(document, "y", 4, 0)
    numbered(document, "y1", 4, 1)  # lvlRestart 0: never restarts
    numbered(document, "not a list", 0, 0)  # numId 0 switches numbering off
    assert word_lines(document) == [
        "甲.甲项",
        "甲.1 细则",
        "乙.乙项",
        "乙.1 细则",
        "（1）a",
        "（2）b",
        "（5）c",
        "第1条 x",
        "1.x1",
        "第2条 y",
        "2.y1",
        "not a list",
    ]


def test_word_numbering_carried_by_a_paragraph_style() -> None:
    """Heading styles linked to a list carry the number: no numPr on the paragraph."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    add_list(
        document,
        5,
        [
            level_xml(0, "chineseCounting", "第%1章", style="Heading1"),
            level_xml(1, "chineseCounting", "第%2节", style="Heading2"),
        ],
        [9],
    )
    for style_id in ("Heading1", "Heading2"):
        style = document.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]
        style.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:numId w:val="109"/></w:numPr>'))
    document.add_paragraph("总则", style="Heading 1")
    document.add_paragraph("目的", style="Heading 2")
    document.add_paragraph("分则", style="Heading 1")
    document.add_paragraph("范围", style="Heading 2")
    assert word_lines(document) == ["第一章 总则", "第一节 目的", "第二章 分则", "第一节 范围"]


@pytest.mark.parametrize(
    ("value", "fmt", "written"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCounting", "十"),
        (11, "chineseCounting", "十一"),
        (20, "chineseCountingThousand", "二十"),
        (35, "chineseCounting", "三十五"),
        (105, "chineseCounting", "一百零五"),
        (3, "ideographTraditional", "丙"),
        (2, "decimalEnclosedCircle", "②"),
        (4, "upperRoman", "IV"),
        (28, "lowerLetter", "bb"),
        (7, "decimalZero", "07"),
        (12, "ideographDigital", "一二"),
        (3, "chineseLegalSimplified", "叁"),
        (9, "someFutureFormat", "9"),
    ],
)
def test_number_formats(value: int, fmt: str, written: str) -> None:
    assert format_number(value, fmt) == written
    assert chinese_counting(0) == "〇"


def test_word_text_as_the_reader_sees_it_without_deleted_or_hidden_runs() -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    paragraph = document.add_paragraph("坚持")
    paragraph._p.append(parse_xml(f'<w:ins {W_NS} w:id="1" w:author="a"><w:r><w:t>以人民为中心</w:t></w:r></w:ins>'))
    paragraph._p.append(
        parse_xml(f'<w:del {W_NS} w:id="2" w:author="a"><w:r><w:delText>删去的</w:delText></w:r></w:del>')
    )
    paragraph.add_run("隐藏的").font.hidden = True
    paragraph.add_run("。")
    shown = paragraph.add_run("显示")
    shown.font.hidden = False
    assert word_lines(document) == ["坚持以人民为中心。显示"]


def test_a_tab_indenting_a_word_paragraph_does_not_make_it_a_table_row() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("\t一、总体要求")
    document.add_paragraph("\t坚持以人民为中心。\t")
    assert word_lines(document) == ["一、总体要求", "坚持以人民为中心。"]


def test_word_tables_come_out_as_tab_separated_rows() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("附件：任务分工")
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([["序号", "任务", "责任单位"], ["1", "实施提升行动", "市科协\n市教育局"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    assert word_lines(document) == ["附件：任务分工", "序号\t任务\t责任单位", "1\t实施提升行动\t市科协 市教育局"]


# --- web pages -------------------------------------------------------------------------------


def test_page_metadata_goes_to_the_front_and_chrome_is_dropped() -> None:
    page = seed_to_html(SEED_FILES[0])
    lines = extract(page, "p.html").text.splitlines()
    title = seed_lines(SEED_FILES[0])[0]
    assert lines[0] == title  # the site name after _ is cut from the <title>
    assert lines[1].startswith("发布时间：2022-06-16")
    assert "当前位置" not in "\n".join(lines)
    assert not any(line.startswith(("分享到", "主办单位")) for line in lines)


def test_page_encoding_from_detection_when_no_meta() -> None:
    page = (
        "<html><body><div><p>一、总体要求</p>"
        "<p>（一）指导思想。坚持以人民为中心，推进科学普及。</p></div></body></html>"
    )
    for encoding in ("utf-8", "gb18030"):
        extracted = extract(page.encode(encoding), "p.htm")
        assert extracted.text == "一、总体要求\n（一）指导思想。坚持以人民为中心，推进科学普及。\n"
        assert extracted.encoding == encoding


def test_a_page_whose_declaration_lies_is_still_decoded() -> None:
    page = '<html><head><meta charset="utf-8"></head><body><p>一、总体要求，推进科学普及工作。</p></body></html>'
    extracted = extract(page.encode("gbk"), "p.html")
    assert "一、总体要求" in extracted.text and extracted.encoding == "gb18030"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (
            '<html><head><meta charset="utf-16"></head><body><p>一、总体要求</p></body></html>'.encode(),
            "utf-8 (declared utf-16)",
        ),
        ('<html><head><meta charset="gbk"></head><body><p>一、总体要求</p></body></html>'.encode("utf-16"), "utf-16"),
        (
            b'<html><head><meta charset="x-unknown"></head><body><p>\xd2\xbb\xa1\xa2\xd7\xdc\xcc\xe5</p></body></html>',
            "gb18030",
        ),
    ],
)
def test_page_encodings_a_browser_would_choose(data: bytes, encoding: str) -> None:
    extracted = extract(data, "p.html")
    assert extracted.encoding == encoding
    assert extracted.text.startswith("一、总")


def test_layout_tables_read_as_paragraphs_and_data_tables_as_rows() -> None:
    page = """<html><body><table><tr><td><a>首页</a></td></tr><tr><td>
    <table><tr><td><p>一、主要任务</p><p>推进科学普及，提升全民科学素质，加强科普能力建设。</p>
    <table><tr><td>任务</td><td>单位</td></tr><tr><td>科普</td><td>科协</td></tr></table>
    </td></tr></table></td></tr></table></body></html>"""
    text = extract(page.encode(), "p.html").text
    assert "一、主要任务\n推进科学普及，提升全民科学素质，加强科普能力建设。\n任务\t单位\n科普\t科协\n" in text


def test_an_old_table_layout_page_with_br_lines_and_an_info_table() -> None:
    """The article is a <div> of <br>-separated lines inside layout tables; the
    publish metadata sits in a data table above it; menus and links are elsewhere."""
    page = """<html><head><title>某市科学素质实施方案 - 某市人民政府</title></head><body>
    <table width=100%><tr><td><a>首页</a> | <a>新闻中心</a> | <a>政务公开</a> | <a>办事服务</a></td></tr>
    <tr><td><table>
    <tr><td>索引号：</td><td>1150-2021-001</td><td>发布机构：</td><td>市科协</td></tr>
    <tr><td>成文日期：</td><td>2021-03-01</td><td>主题分类：</td><td>科技</td></tr></table></td></tr>
    <tr><td><table><tr><td class=title>某市科学素质实施方案</td></tr>
    <tr><td><div id="zoom"><font size=3>　　一、总体要求<br>
    　　以习近平新时代中国特色社会主义思想为指导，全面提升公民科学素质。<br>
    　　（一）主要目标<br>　　到2025年，公民具备科学素质的比例达到15%。<br><b>二、重点任务</b><br>
    　　实施五大提升行动，推进科普基础设施建设。</font></div></td></tr>
    </table></td></tr><tr><td>相关链接：<a>某某关于推进科普工作的若干意见全文链接很长很长很长</a></td></tr>
    <tr><td>Copyright 某市人民政府 ICP备123号</td></tr></table></body></html>"""
    assert extract(page.encode("gb18030"), "old.htm").text.splitlines() == [
        "某市科学素质实施方案",
        "索引号：\t1150-2021-001\t发布机构：\t市科协",
        "成文日期：\t2021-03-01\t主题分类：\t科技",
        "一、总体要求",
        "以习近平新时代中国特色社会主义思想为指导，全面提升公民科学素质。",
        "（一）主要目标",
        "到2025年，公民具备科学素质的比例达到15%。",
        "二、重点任务",
        "实施五大提升行动，推进科普基础设施建设。",
    ]


def test_preformatted_page_text_keeps_its_lines() -> None:
    page = (
        "<html><head><title></title></head><body><h1>某某实施方案</h1>"
        "<pre>一、总体要求\n  坚持以人民为中心。\n\n二、主要任务\n</pre></body></html>"
    )
    assert extract(page.encode(), "p.html").text == "某某实施方案\n一、总体要求\n坚持以人民为中心。\n二、主要任务\n"


def test_a_saved_web_archive_served_as_doc_is_read_as_its_page() -> None:
    import quopri

    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某某方案</title></head>'
        "<body><div><p>一、总体要求</p><p>（一）指导思想。坚持以人民为中心，推进科学普及。</p></div></body></html>"
    )
    archive = (
        b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="----=_NextPart_01"\n\n'
        b"This document is a Single File Web Page, also known as a Web Archive file.\n\n"
        b"------=_NextPart_01\nContent-Location: file:///C:/x.htm\nContent-Transfer-Encoding: quoted-printable\n"
        b'Content-Type: text/html; charset="gb2312"\n\n'
        + quopri.encodestring(page.encode("gb18030"))
        + b'\n\n------=_NextPart_01\nContent-Type: text/xml; charset="utf-8"\n\n<xml></xml>\n------=_NextPart_01--\n'
    )
    assert sniff(archive, "plan.doc") == "html"
    extracted = extract(archive, "plan.doc")
    assert extracted.text == "某某方案\n一、总体要求\n（一）指导思想。坚持以人民为中心，推进科学普及。\n"
    assert extracted.encoding.startswith("gb18030")


@pytest.mark.parametrize(
    "page", [b"<html><head><title></title></head><body><script>x()</script></body></html>", b"<html>"]
)
def test_a_page_without_text_says_so(page: bytes) -> None:
    with pytest.raises(DecodeError, match=r"^e\.html: the web page holds no text$"):
        text_from_bytes(page, name="e.html")


def test_pathological_pages_give_text_or_a_one_line_error() -> None:
    long_line = "<html><body><p>" + "科" * 4_000_000 + "</p></body></html>"  # past libxml2's 10 MB text limit
    assert len(text_from_bytes(long_line.encode(), name="long.html").original) == 4_000_001
    nested = "<html><body>" + "<div>" * 5000 + "一、总体要求" + "</div>" * 5000 + "</body></html>"
    with pytest.raises(DecodeError, match=r"^deep\.html: is a damaged or truncated web page \(elements nested too"):
        text_from_bytes(nested.encode(), name="deep.html")
    layout = "<html><body>" + "<table><tr><td>栏</td><td>" * 600 + "一、总体要求" + "</td></tr></table>" * 600
    assert "一、总体要求" in text_from_bytes(layout.encode(), name="layout.html").original


# --- PDF -------------------------------------------------------------------------------------


def test_a_ruled_pdf_table_comes_out_as_rows_and_gives_no_headings() -> None:
    text = extract(ruled_table_pdf(2), "t.pdf").text
    assert text.splitlines() == [
        "一、组织实施",
        "各单位要加强组织领导，认真落实各项任务，确保取得实效，按期完成目标任务。" * 2,
        "附件：重点任务分工",
        "序号\t任务内容\t牵头部门\t责任部门",
        "1\t1．实施第1项科学素质提升行动，加强科学教育，推进馆校合作，提高科学素质\t区教委、区科协\t区委宣传部、区人力社保局、区农业农村委",
        "2\t2．实施第2项科学素质提升行动，加强科学教育，推进馆校合作，提高科学素质\t区教委、区科协\t区委宣传部、区人力社保局、区农业农村委",
        "以上任务由各责任单位按职责分工抓好落实。",
    ]
    assert outline(parse_document(text_from_bytes(ruled_table_pdf(2), name="t.pdf"))) == [(1, "一", "组织实施")]


def test_a_pdf_table_over_several_pages_keeps_every_row_and_its_repeated_header() -> None:
    lines = extract(ruled_table_pdf(40), "t.pdf").text.splitlines()
    tasks = [line for line in lines if re.match(r"\d+\t", line)]
    assert [int(line.split("\t")[0]) for line in tasks] == list(range(1, 41))
    headers = [line for line in lines if line.startswith("序号\t")]
    assert len(headers) >= 2  # repeated on each page: kept, not taken for a running header


def test_a_table_of_stroked_cell_rectangles_is_a_table_too() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 760, "二、重点任务分工如下表所示，各单位抓好落实。")
    for r, row in enumerate([["类别", "任务", "单位"], ["行动", "1．实施科普行动", "科协"]]):
        for c, value in enumerate(row):
            x, y = 72 + c * 150, 700 - r * 30
            page.rect(x, y, 150, 30, stroke=1, fill=0)
            page.drawString(x + 6, y + 10, value)
    page.showPage()
    page.save()
    assert extract(out.getvalue(), "t.pdf").text.splitlines() == [
        "二、重点任务分工如下表所示，各单位抓好落实。",
        "类别\t任务\t单位",
        "行动\t1．实施科普行动\t科协",
    ]


def test_a_scanned_pdf_says_it_has_no_text_layer() -> None:
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out)
    for number in (1, 2, 3):
        page.rect(100, 100, 300, 400, fill=1)  # a picture of a page, no text objects...
        page.drawString(250, 30, "Scanned with an app")  # ...but a scanner app's watermark
        page.drawString(300, 800, str(number))  # and a page-number stamp
        page.showPage()
    page.save()
    with pytest.raises(DecodeError, match=r"^scan\.pdf: has no text layer \(a scanned PDF\?\); OCR it first$"):
        text_from_bytes(out.getvalue(), name="scan.pdf")


def test_a_password_protected_pdf_asks_for_the_password_to_be_removed() -> None:
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    page = canvas.Canvas(out, encrypt=StandardEncryption("secret"))
    page.drawString(100, 100, "plan")
    page.showPage()
    page.save()
    with pytest.raises(DecodeError, match=r"^locked\.pdf: is a password-protected PDF; remove the password first$"):
        text_from_bytes(out.getvalue(), name="locked.pdf")


# --- sniffing by content, refusing what is not a plan ----------------------------------------


def test_the_format_is_judged_by_content_not_name(tmp_path: Path) -> None:
    data, _ = seed_to_docx(SEED_FILES[0])
    assert sniff(data, "plan.txt") == "docx"
    assert sniff(seed_to_pdf(SEED_FILES[0])[:2000], "plan.txt") == "pdf"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>", "a.txt") == "html"
    assert sniff(b"<p>\xe4\xb8\x80</p>", "a.htm") == "html"
    assert sniff(b"<p>plain text that mentions a tag</p>", "a.txt") == "text"
    assert sniff("一、总体要求\n".encode(), "a.html") == "text"
    path = tmp_path / "plan.txt"
    path.write_bytes(data)
    from plandiff.ingest import read_text

    assert read_text(path).source_format == "docx"


def test_a_zip_that_is_not_a_word_file_is_refused_on_one_line() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(DecodeError, match=r"^a\.docx: is a ZIP archive.*not a text file$"):
        text_from_bytes(out.getvalue(), name="a.docx")


def test_an_rtf_file_is_refused_with_a_hint() -> None:
    with pytest.raises(DecodeError, match=r"^a\.doc: is an RTF document \(save it as \.docx\), not a text file$"):
        text_from_bytes(b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 SimSun;}} hello}", name="a.doc")


@pytest.mark.parametrize("cut", [100, 2000, -200])
def test_a_truncated_word_file_is_a_one_line_error(cut: int) -> None:
    data, _ = seed_to_docx(SEED_FILES[0])
    with pytest.raises(DecodeError) as error:
        text_from_bytes(data[:cut], name="plan.docx")
    assert str(error.value).startswith("plan.docx: is a damaged or truncated Word file")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("damage", ["truncate", "garble"])
def test_a_damaged_pdf_is_a_one_line_error(damage: str) -> None:
    data = seed_to_pdf(SEED_FILES[0])
    data = data[: len(data) // 3] if damage == "truncate" else data[:20] + bytes(range(256)) * 50
    with pytest.raises(DecodeError) as error:
        text_from_bytes(data, name="plan.pdf")
    assert str(error.value).startswith("plan.pdf: ")
    assert "\n" not in str(error.value)


# --- damaged files never crash ---------------------------------------------------------------


SMALL_SEED = "\n".join(seed_lines(SEED_FILES[-1])[:12]) + "\n"


@pytest.fixture(scope="module")
def small_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    path = tmp_path_factory.mktemp("small") / "small.txt"
    path.write_text(SMALL_SEED, encoding="utf-8")
    html = seed_to_html(path)
    return {"docx": seed_to_docx(path)[0], "html": html, "pdf": seed_to_pdf(path), "mht": web_archive(html)}


@pytest.mark.parametrize("kind", ["docx", "html", "pdf", "mht"])
def test_damaged_files_give_text_or_a_one_line_error(kind: str, small_files: dict[str, bytes]) -> None:
    """Truncations and flipped bytes anywhere: a `Text` or a one-line `PlandiffError`,
    never another exception (hypothesis-driven; fuzz longer by raising max_examples)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from plandiff.errors import PlandiffError

    original = small_files[kind]

    @settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(
        cut=st.integers(0, len(original)),
        flips=st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=8),
    )
    def check(cut: int, flips: list[tuple[int, int]]) -> None:
        data = bytearray(original)
        for at, value in flips:
            data[at] = value
        try:
            text = text_from_bytes(bytes(data[: max(cut, 1)]), name=f"x.{kind}")
        except PlandiffError as error:
            assert "\n" not in str(error)
        else:
            assert text.original.strip()

    check()


# --- the command line and start-up cost ------------------------------------------------------


@pytest.mark.parametrize("kind", ["docx", "html", "pdf"])
def test_extract_prints_the_extracted_text(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    build = {"docx": lambda p: seed_to_docx(p)[0], "html": seed_to_html, "pdf": seed_to_pdf}[kind]
    path = tmp_path / f"plan.{kind}"
    path.write_bytes(build(SEED_FILES[-1]))
    assert main(["extract", str(path)]) == 0
    printed = capsys.readouterr().out
    assert printed == text_from_bytes(path.read_bytes(), name=str(path)).original
    assert "一、总体要求" in printed


def test_extract_reads_any_format_from_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data, _ = seed_to_docx(SEED_FILES[-1])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["extract", "-"]) == 0
    assert "一、总体要求" in capsys.readouterr().out


def test_reading_plain_text_loads_no_format_library() -> None:
    code = (
        "import sys; from plandiff.ingest import text_from_bytes; text_from_bytes('一、总则'.encode());"
        "print(sorted(m for m in ('docx', 'lxml', 'pdfminer') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
