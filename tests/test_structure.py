"""The section tree: what a reader sees, every heading style, and the tiling invariant."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plandiff.ingest import text_from_bytes
from plandiff.model import Document
from plandiff.structure import parse_document

from .conftest import CORPUS, seed


def parse(source: str | bytes | Path) -> Document:
    if isinstance(source, Path):
        source = source.read_bytes()
    if isinstance(source, str):
        source = source.encode()
    return parse_document(text_from_bytes(source, name="test"))


def outline(document: Document) -> list[tuple[int, str, str]]:
    return [(s.level, s.number, s.title) for s in document.headings]


def assert_tiles(document: Document) -> None:
    position = 0
    for section in document.sections:
        assert section.start == position, section
        assert section.start <= section.heading_end <= section.end
        position = section.end
    assert position == len(document.text.original)


# Counted by reading each seed: (level-1, level-2, level-3) headings.
SEED_COUNTS = {
    "beijing": (5, 17, 44),
    "langfang": (3, 14, 28),
    "panzhihua": (4, 18, 44),
    "qianjiang": (3, 13, 0),
    "xinzheng": (4, 16, 31),
}

# (line, level, heading) samples per seed, read off the files.
SEED_SAMPLES = {
    "beijing": [(9, 1, "一、前言"), (19, 3, "——突出科学精神引领"), (87, 2, "(六)科学素质交流合作工程"), (99, 2, "(三)条件保障")],
    "langfang": [(25, 2, "(一)指导思想"), (79, 2, "(七)科普信息化提升工程"), (103, 3, "4.加强专兼职科普队伍建设")],
    "panzhihua": [(22, 1, "三、职责分工"), (23, 2, "(一)实施青少年科学素质行动"), (100, 3, "3.总结评估")],
    "qianjiang": [(14, 1, "一、指导思想和工作目标"), (26, 2, "（一）实施科技资源科普化工程"), (34, 2, "（三）开展评估监测")],
    "xinzheng": [(6, 2, "（一）指导思想"), (43, 3, "1.实施智慧助老行动"), (101, 1, "四、组织实施")],
}


@pytest.mark.parametrize("name", sorted(SEED_COUNTS))
def test_seed_parses_to_the_tree_a_reader_sees(name: str) -> None:
    document = parse(seed(name))
    counts = Counter(s.level for s in document.headings)
    assert (counts[1], counts[2], counts[3]) == SEED_COUNTS[name]
    assert max(counts) <= 3
    by_line = {s.line: s for s in document.headings}
    for line, level, heading in SEED_SAMPLES[name]:
        assert by_line[line].level == level
        assert by_line[line].heading == heading
    assert_tiles(document)


def test_qianjiang_group_labels_and_table_are_not_headings() -> None:
    document = parse(seed("qianjiang"))
    lines = {s.line for s in document.headings}
    assert not lines & {15, 16, 19, 25}, "label paragraphs and group separators are body text"
    assert not any(line >= 35 for line in lines), "the task-division table holds no headings"
    assert len(document.tables) == 1
    table = document.text.original[document.tables[0].start : document.tables[0].end]
    assert "\t1．实施青少年科学素质提升行动" in table
    # (一) restarts after the group label 五大重点工程： and stays under 二、重点任务.
    second = [s for s in document.headings if s.line in (20, 26)]
    assert [s.number for s in second] == ["一", "一"]
    assert second[0].parent == second[1].parent


def test_parents_and_children_agree(seed_path: Path) -> None:
    document = parse(seed_path)
    for section in document.headings:
        for child in document.children_of(section):
            assert child.parent == section.index
            assert child.level == section.level + 1
        if section.parent is None:
            assert section.level == 1


def test_trailing_web_chrome_is_back_matter() -> None:
    document = parse(seed("langfang"))
    back = document.sections[-1]
    assert back.level == 0 and back.title == "back matter"
    assert document.own_text(back).strip().startswith("相关政策解读")
    assert document.sections[0].level == 0 and document.sections[0].title == "front matter"


STYLES = """标题行
第一章 总则
第一条 为了实施本法，制定本条例。
第二条 本条例适用于本市。
第二章 组织管理
第一节 机构
第三条 市政府负责领导。
"""


def test_law_styles_chapter_section_article() -> None:
    document = parse(STYLES)
    assert outline(document) == [
        (1, "一", "总则"),
        (2, "一", "为了实施本法，制定本条例"),
        (2, "二", "本条例适用于本市"),
        (1, "二", "组织管理"),
        (2, "一", "机构"),
        (3, "三", "市政府负责领导"),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("# 标题\n## 总则\n正文。\n## 保障\n正文。\n", [(1, "##", "总则"), (1, "##", "保障")]),
        ("一. 总体\n二. 任务\n", [(1, "一", "总体"), (1, "二", "任务")]),
        ("一、总体\n(一)目标\n（二）原则\n", [(1, "一", "总体"), (2, "一", "目标"), (2, "二", "原则")]),
        ("一、总体\n1. 甲\n2． 乙\n3、丙\n", [(1, "一", "总体"), (2, "1", "甲"), (2, "2", "乙"), (2, "3", "丙")]),
        ("一、总体\n(1)甲\n（2）乙\n", [(1, "一", "总体"), (2, "1", "甲"), (2, "2", "乙")]),
        ("一、总体\n①甲\n②乙\n", [(1, "一", "总体"), (2, "①", "甲"), (2, "②", "乙")]),
        ("一、原则\n——突出引领。践行价值观。\n——坚持标准。以发展为统领。\n", [(1, "一", "原则"), (2, "——", "突出引领"), (2, "——", "坚持标准")]),
        ("(一)指导思想。以人民为中心，坚持发展。\n(二)主要目标。到2025年达到15%。\n", [(1, "一", "指导思想"), (1, "二", "主要目标")]),
        # A —— subtitle before any numbered heading is no part; 一、 may be followed by a year.
        ("报告\n——2021年3月5日在大会上\n一、2020年工作回顾\n二、主要任务\n", [(1, "一", "2020年工作回顾"), (1, "二", "主要任务")]),
        # —— bullets are leaves: the next numbered heading is not their child.
        ("一、目标\n——甲。\n——乙。\n二、任务\n（一）丙\n", [(1, "一", "目标"), (2, "——", "甲"), (2, "——", "乙"), (1, "二", "任务"), (2, "一", "丙")]),
    ],
)
def test_heading_styles(text: str, expected: list[tuple[int, str, str]]) -> None:
    document = parse(text)
    assert outline(document) == expected
    assert_tiles(document)


def test_markdown_hashes_are_markup_not_part_of_the_heading() -> None:
    document = parse("# 某某条例\n## 第一章 总 则\n第一条 为了促进发展，制定本条例。\n## 附则\n本条例自公布之日起施行。\n")
    chapter, appendix = document.sections[1], document.sections[-1]
    assert (chapter.marker, chapter.heading) == ("第一章", "第一章 总则")
    assert appendix.heading == "附则"
    assert_tiles(document)


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        # ## 附则 is the chapters' sibling, not the last article's child
        ("# 某某条例\n## 第一章 总则\n第一条 甲。\n## 附则\n第二条 乙。\n## 第二章 管理\n第三条 丙。\n",
         [("第一章 总则", 1), ("第一条 甲", 2), ("附则", 1), ("第二条 乙", 2), ("第二章 管理", 1), ("第三条 丙", 2)]),
        # and the other way round: a numbered ## heading after a bare one
        ("## 总则\n第一条 甲。\n## 第二章 管理\n第二条 乙。\n",
         [("总则", 1), ("第一条 甲", 2), ("第二章 管理", 1), ("第二条 乙", 2)]),
        # two numbered styles keep their numbering's levels whatever their hashes
        ("## 一、总体要求\n## （一）指导思想\n正文。\n## 二、任务\n### 1. 甲\n### 小结\n",
         [("一、总体要求", 1), ("（一）指导思想", 2), ("二、任务", 1), ("1.甲", 2), ("小结", 2)]),
    ],
)
def test_markdown_headings_with_as_many_hashes_stand_at_one_level(text: str, levels: list[tuple[str, int]]) -> None:
    document = parse(text)
    assert [(s.heading, s.level) for s in document.headings] == levels
    assert_tiles(document)


def test_a_numbering_word_stays_apart_from_its_title() -> None:
    document = parse("第一章\u3000总则\n第一条为了促进发展，制定本条例。\n一、总体要求\n（一）指导思想\n")
    headings = [s.heading for s in document.sections if s.level]
    assert headings == ["第一章 总则", "第一条 为了促进发展，制定本条例", "一、总体要求", "（一）指导思想"]


def test_numbers_must_run_in_sequence() -> None:
    text = "一、总体\n2020年，全市完成任务。\n1万人次参加培训。\n3.5%的增长。\n二、任务\n5.乱序的编号不是标题。\n1.第一项\n2.第二项\n"
    document = parse(text)
    assert outline(document) == [(1, "一", "总体"), (1, "二", "任务"), (2, "1", "第一项"), (2, "2", "第二项")]


@pytest.mark.parametrize("law", ["law-kepufa-2002.txt", "law-kepufa-2024.txt", "beijing-kepu-tiaoli-1998.txt", "henan-kepu-tiaoli-2003.txt"])
def test_corpus_laws_have_chapters_and_articles(law: str) -> None:
    document = parse(CORPUS / law)
    roots = document.roots
    assert roots and all(s.style == "chapter" for s in roots)
    articles = [s for s in document.headings if s.style == "article"]
    assert all(s.level == 2 for s in articles)
    # Articles are numbered on across chapters: 第一条 … 第N条 without a gap.
    assert [s.number for s in articles][:3] == ["一", "二", "三"]
    from plandiff.numbering import chinese_number

    values = [chinese_number(s.number) for s in articles]
    assert values == list(range(1, len(values) + 1))
    assert_tiles(document)


def _variants(path: Path) -> dict[str, bytes]:
    text = path.read_bytes().decode("utf-8")
    return {
        "gb18030": text.encode("gb18030"),
        "utf-8-sig": text.encode("utf-8-sig"),
        "utf-16": text.encode("utf-16"),
        "crlf": text.replace("\n", "\r\n").encode(),
        "cr": text.replace("\n", "\r").encode(),
    }


@pytest.mark.parametrize("variant", ["gb18030", "utf-8-sig", "utf-16", "crlf", "cr"])
def test_encoding_and_line_end_variants_give_the_same_tree(seed_path: Path, variant: str) -> None:
    expected = parse(seed_path)
    document = parse(_variants(seed_path)[variant])
    assert outline(document) == outline(expected)
    assert [s.line for s in document.headings] == [s.line for s in expected.headings]
    assert [s.line for s in document.sections] == [s.line for s in expected.sections]  # back matter too
    assert_tiles(document)


def hard_wrap(text: str, width: int) -> str:
    """Break every long line every `width` characters, as a PDF or e-mail copy does."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("name", ["xinzheng", "beijing", "langfang"])
def test_hard_wrapped_copy_gives_the_same_tree(name: str) -> None:
    original = seed(name).read_text(encoding="utf-8")
    expected = parse(original)
    wrapped = parse(hard_wrap(original, 36))
    assert outline(wrapped) == outline(expected)
    assert_tiles(wrapped)


_LINES = st.sampled_from(
    ["一、总体要求", "二、主要任务", "（一）指导思想。以人民为中心。", "(二)目标", "1.加强建设。", "2．推进工作", "——突出引领。",
     "第一章 总则", "第三条 本条。", "2020年完成。", "正文内容，没有编号。", "", "   ", "\t表格\t单元", "# 标题", "①甲", "浏览次数:3"]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)), max_size=40), st.sampled_from(["\n", "\r\n", "\r"]))
def test_spans_tile_any_input(lines: list[str], newline: str) -> None:
    text = newline.join(lines) or "x"
    if not text.strip():
        text += "x"
    document = parse(text)
    assert_tiles(document)
    for section in document.headings:
        assert document.text.line_of(section.start) == section.line


def test_sections_first_then_metadata_is_the_whole_parse() -> None:
    """`compare` hands the bare section tree to the aligner and reads the metadata meanwhile."""
    from dataclasses import replace

    from plandiff import pipeline
    from plandiff.ingest import read_text
    from plandiff.model import Metadata
    from plandiff.structure import parse_sections, with_metadata

    text = read_text(seed("langfang"))
    bare = parse_sections(text)
    assert bare.metadata == Metadata()
    assert with_metadata(bare) == parse_document(text)
    assert with_metadata(bare).metadata.targets  # the seed states targets: the check has teeth
    mine = replace(parse_document(text), metadata=Metadata(title="given"))  # a caller's own Document
    assert pipeline.compare(mine, text).alignment.a.metadata.title == "given"
