"""The console report: exact text against golden files (colour off), escaping,
colour without markers, widths, and Chinese-aware wrapping."""

from __future__ import annotations

import io

import pytest
from rich.cells import cell_len

from plandiff.render.common import wrap_offsets
from plandiff.render.console import print_comparison

from .golden_files import assert_golden
from .render_fixture import make_comparison


def render(*, color: bool = False, width: int = 100, summary_only: bool = False) -> str:
    out = io.StringIO()
    print_comparison(make_comparison(), out, color=color, width=width, summary_only=summary_only)
    return out.getvalue()


@pytest.mark.parametrize("width", [80, 100, 160])
def test_plain_report_matches_golden(width: int) -> None:
    assert_golden(f"console_{width}.txt", render(width=width))


def test_summary_only_matches_golden_and_has_no_sections() -> None:
    text = render(summary_only=True)
    assert_golden("console_summary.txt", text)
    assert "Changes by section" not in text and "[+大力+]" not in text


def test_plain_text_has_no_escape_codes_and_marks_changes() -> None:
    text = render()
    assert "\x1b" not in text
    assert "[+大力+]加强科普基地建设。" in text
    assert "比例达到[-10-][+15+]%。" in text
    assert "[-推进科普信息化。-]  (moved to （一）实施青少年科学素质行动)" in text


def test_no_line_is_wider_than_the_console() -> None:
    for width in (60, 80):
        assert max(cell_len(line) for line in render(width=width).splitlines()) <= width


def test_plain_lines_carry_no_trailing_padding() -> None:
    assert all(line == line.rstrip() for line in render().splitlines())


def test_document_markup_prints_literally() -> None:
    text = render()
    assert "（二）[bold]旧任务[/bold]" in text
    assert "（二）<ins>新增</ins>任务" in text
    assert "取消的任务*重点*" in text
    coloured = render(color=True)
    assert "[bold]旧任务[/bold]" in coloured


def test_colour_styles_changes_instead_of_marking_them() -> None:
    text = render(color=True)
    assert "\x1b[" in text
    assert "[+大力+]" not in text and "大力" in text
    assert "\x1b[32m大力" in text  # insertion in green
    assert "\x1b[9;31m10" in text  # deletion struck through, red


def test_unchanged_section_is_one_line() -> None:
    lines = [line for line in render().splitlines() if "三、保障措施" in line]
    assert lines == ["  = 三、保障措施  A line 9 · B line 9; unchanged"]
    assert "加强组织领导" not in render()


def test_wrap_breaks_between_chinese_characters_not_at_the_first_space() -> None:
    text = "到 2020 年，科学技术教育、传播与普及长足发展，形成比较完善的体系。"
    breaks = wrap_offsets(text, 20)
    lines = [text[i:j] for i, j in zip([0, *breaks], [*breaks, len(text)], strict=True)]
    assert lines[0].startswith("到 2020 年，科学")
    assert all(cell_len(line.rstrip()) <= 20 for line in lines)
    assert "".join(lines) == text


def test_wrap_keeps_numbers_whole_and_punctuation_off_line_starts() -> None:
    text = "甲" * 9 + "2016-2020年，乙乙乙。"
    for width in range(6, 30):
        breaks = wrap_offsets(text, width)
        lines = [text[i:j] for i, j in zip([0, *breaks], [*breaks, len(text)], strict=True)]
        assert not any(line[0] in "，。" for line in lines[1:]), (width, lines)
        if width >= 9:
            assert any("2016-2020" in line for line in lines), (width, lines)


def test_hard_wrapped_paragraph_shows_as_one_clause_stream() -> None:
    """A PDF-style copy breaks a paragraph every 30 characters; the report does not."""
    from plandiff.ingest import text_from_bytes
    from plandiff.pipeline import compare

    sentence = "加强科普基地建设，推进科普信息化，提升公民科学素质水平，建设一批示范基地"
    paragraph = sentence * 8 + "。"
    wrapped = "\n".join(paragraph[i : i + 30] for i in range(0, len(paragraph), 30))
    a = text_from_bytes(f"一、总体要求\n{wrapped}\n二、保障措施\n加强组织领导。\n".encode(), name="a.txt")
    b = text_from_bytes("一、总体要求\n坚持创新发展。\n二、保障措施\n加强组织领导。\n".encode(), name="b.txt")
    out = io.StringIO()
    print_comparison(compare(a, b), out, color=False, width=200)
    assert f"[-{paragraph}-]" in out.getvalue().replace("\n    ", "")  # display wraps at its own width


def test_a_sentence_long_heading_is_cut_with_an_ellipsis() -> None:
    from plandiff.ingest import text_from_bytes
    from plandiff.render.common import section_label
    from plandiff.structure import parse_document

    title = "市全民科学素质领导小组各成员单位按照统一部署结合各自职能将有关任务纳入相关规划"
    doc = parse_document(text_from_bytes(f"一、总体要求\n正文。\n二、{title}\n正文。\n".encode(), name="x.txt"))
    label = section_label(doc.sections[-1])
    assert label.endswith("…") and label.startswith("二、市全民") and len(label) == 41
    assert section_label(doc.sections[1]) == "一、总体要求"
    markdown = parse_document(text_from_bytes("# 条例\n\n## 第一章 总则\n\n正文。\n\n## 附则\n\n正文。\n".encode(), name="x.md"))
    assert section_label(markdown.headings[-1]) == "附则"  # the hashes are markup, not a cut title


def test_strict_mode_shows_whitespace_changes() -> None:
    """Under --strict a removed space or line break is a change the reader can see."""
    from dataclasses import replace

    from plandiff.model import ClauseDiff, Op, Options

    base = make_comparison()
    guard_a, guard_b = base.a.sections[base.alignment.links[6].a], base.b.sections[base.alignment.links[6].b]
    # Pretend B lost the line break at the end of 三、保障措施's body.
    end_a, end_b = guard_a.end, guard_b.end
    ops = (
        Op("equal", guard_a.start, end_a - 1, guard_b.start, end_b - 1),
        Op("delete", end_a - 1, end_a, end_b - 1, end_b - 1),
    )
    diffs = (*base.diffs[:6], ClauseDiff(6, ops, True))
    strict = replace(base, diffs=diffs, options=Options(strict=True))
    out = io.StringIO()
    print_comparison(strict, out, color=False, width=100)
    text = out.getvalue()
    assert text.endswith("~ 三、保障措施  A line 9 · B line 9\n    … 2 unchanged clauses\n    [-↵-]\n")
    assert "[+↵+]" not in text  # an added section is not cluttered with line-break marks


def test_control_characters_in_a_plan_never_reach_the_terminal() -> None:
    """An escape sequence inside a plan is shown as ␛, not obeyed (colour on or off)."""
    from plandiff.ingest import text_from_bytes
    from plandiff.pipeline import compare
    from plandiff.render.markdown import render_markdown

    a = text_from_bytes("一、总体要求\n正文\x1b[2J红色\x07。\n二、任务\n内容。\n".encode(), name="a\x1b[1m.txt")
    b = text_from_bytes("一、总体要求\n正文。\n二、任务\n内容。\n".encode(), name="b.txt")
    comparison = compare(a, b)
    for color in (False, True):
        out = io.StringIO()
        print_comparison(comparison, out, color=color, width=100)
        text = out.getvalue()
        assert "正文␛[2J红色␇" in text and "a␛[1m.txt" in text
        assert "\x1b[2J" not in text and "\x07" not in text and "\x1b[1m." not in text
    assert "\x1b" not in render_markdown(comparison)


def test_chrome_lines_are_not_shown_as_changes() -> None:
    """Breadcrumbs that differ between two web copies are noise, unless --strict."""
    from dataclasses import replace

    from plandiff.model import Alignment, ClauseDiff, Comparison, Link, Op, Options, Summary

    from .render_fixture import document

    a = document("您现在的位置：首页 > 政务公开\n一、总体要求\n正文。\n", "a.txt")
    b = document("首页 > 通知公告\n一、总体要求\n正文有变。\n", "b.txt")
    links = (Link(0, 0), Link(1, 1))
    diffs = (
        ClauseDiff(0, (Op("delete", 0, 17, 0, 0), Op("insert", 17, 17, 0, 10)), False),
        ClauseDiff(1, (Op("equal", 17, 26, 10, 19), Op("insert", 26, 26, 19, 21), Op("equal", 26, 28, 21, 23)), True),
    )
    summary = Summary((), (), (), (), {"matched": 2, "changed": 1, "unchanged": 1})
    comparison = Comparison(Alignment(a, b, links), diffs, summary)
    out = io.StringIO()
    print_comparison(comparison, out, color=False, width=100)
    changes = out.getvalue().split("Changes by section")[1]
    assert "政务公开" not in changes and "通知公告" not in changes
    assert "正文[+有变+]。" in changes
    strict = replace(comparison, diffs=(ClauseDiff(0, diffs[0].ops, True), diffs[1]), options=Options(strict=True))
    out = io.StringIO()
    print_comparison(strict, out, color=False, width=100)
    assert "[-您现在的位置：首页 > 政务公开↵-]" in out.getvalue()


def test_plain_marks_stay_with_their_text_when_wrapped() -> None:
    text = "甲甲甲甲甲甲[-乙乙乙乙乙》-]的通知[+丙丙丙丙丙丙+]"
    for width in range(8, 30):
        breaks = wrap_offsets(text, width)
        lines = [text[i:j] for i, j in zip([0, *breaks], [*breaks, len(text)], strict=True)]
        assert not any(line.startswith(("-]", "+]", "]")) for line in lines), (width, lines)
        assert not any(line.rstrip().endswith(("[-", "[+", "[")) for line in lines), (width, lines)


def test_with_a_level_the_sub_heading_before_a_change_stays_visible() -> None:
    from plandiff.ingest import text_from_bytes
    from plandiff.model import Options
    from plandiff.pipeline import compare

    body = (
        "一、总体要求\n正文甲。正文乙。正文丙。\n（一）分项任务\n内容丙。内容丁。内容戊。\n二、保障措施\n加强领导。\n"
    )
    a = text_from_bytes(body.encode(), name="a.txt")
    b = text_from_bytes(body.replace("内容戊", "内容戊有变").encode(), name="b.txt")
    out = io.StringIO()
    print_comparison(compare(a, b, Options(max_level=1)), out, color=False, width=100)
    block = out.getvalue().split("~ 一、总体要求")[1]
    assert block.index("（一）分项任务") < block.index("内容戊[+有变+]")
    assert "… 2 unchanged clauses\n    内容戊" in block  # 内容丙 and 内容丁 stay folded after it


def test_clause_lines_keep_a_dropped_full_stop_on_its_line_but_never_join_a_heading() -> None:
    from plandiff.render.common import Piece, clause_lines

    def show(pieces: list[Piece]) -> list[str]:
        return ["".join(f"{p.op[0]}:{p.text} " for p in line).strip() for line in clause_lines(pieces)]

    # B ends the heading with a line break where A had 。: the deleted 。 stays on the line.
    assert show([Piece("equal", "（一）青少年行动\n"), Piece("delete", "。\n"), Piece("equal", "开展活动。")]) == [
        "e:（一）青少年行动 d:。",
        "e:开展活动。",
    ]
    # A clause inserted after a heading line starts its own line.
    assert show([Piece("equal", "一、总体要求\n"), Piece("insert", "新增一句。"), Piece("equal", "原有一句。")]) == [
        "e:一、总体要求",
        "i:新增一句。",
        "e:原有一句。",
    ]


def _compare_texts(a: str, b: str) -> str:
    from plandiff import compare
    from plandiff.ingest import text_from_bytes

    texts = (text_from_bytes(t.encode(), name=n) for t, n in ((a, "a.txt"), (b, "b.txt")))
    out = io.StringIO()
    print_comparison(compare(*texts), out, color=False, width=100)
    return out.getvalue()


PLAN = "一、总体要求\n到2025年，比例达到15%。\n二、主要任务\n（一）加强科普基地建设。\n"


def test_identical_texts_say_so_instead_of_listing_every_section() -> None:
    text = _compare_texts(PLAN, PLAN)
    assert "No differences: the two texts are identical (4 records)." in text
    assert "; unchanged" not in text


def test_normalisation_only_differences_are_named_not_listed() -> None:
    text = _compare_texts(PLAN, PLAN.replace("，", ","))
    assert "No substantive differences (4 records)" in text and "--strict" in text
    assert "; unchanged" not in text and "[-" not in text


def test_a_real_change_still_lists_the_sections() -> None:
    text = _compare_texts(PLAN, PLAN.replace("15%", "20%"))
    assert "No differences" not in text and "No substantive" not in text
    assert "[-15%-][+20%+]" in text


def test_an_article_is_labelled_by_its_number_and_opening_words() -> None:
    law_a = "第一章 总则\n第一条 为了实施科教兴国战略和可持续发展战略，加强科学技术普及工作，制定本法。\n"
    law_b = law_a.replace("科教兴国战略和", "科教兴国战略、人才强国战略和")
    text = _compare_texts(law_a, law_b)
    assert "~ 第一条 为了实施科教兴国战略、人…  A line 2 · B line 2" in text
    assert "(was " not in text and "Renamed sections" not in text
    two = law_a + "第二条 国家支持社会力量兴办科普事业，鼓励各类主体开展科普活动。\n"
    inserted = two.replace("第二条", "第三条").replace("第一条", "第一条 科普是公益事业，是国家创新体系的基础。\n第二条")
    assert "~ 第三条 国家支持社会力量兴办科普…  (was 第二条)" in _compare_texts(two, inserted)
