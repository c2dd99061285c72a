"""The markdown report: golden file, escaping of document text, <ins>/<del> marks."""

from __future__ import annotations

import pytest

from plandiff.render.markdown import escape_markdown, render_markdown

from .golden_files import assert_golden
from .render_fixture import make_comparison


def test_report_matches_golden() -> None:
    assert_golden("comparison.md", render_markdown(make_comparison()))


def test_summary_only_matches_golden() -> None:
    text = render_markdown(make_comparison(), summary_only=True)
    assert_golden("comparison_summary.md", text)
    assert "## Changes by section" not in text and "## Targets (paired by indicator)" in text


def test_changes_are_marked_with_ins_and_del() -> None:
    text = render_markdown(make_comparison())
    assert "- <ins>大力</ins>加强科普基地建设。" in text
    assert "比例达到<del>10</del><ins>15</ins>%。" in text
    assert "<del>推进科普信息化。</del> *(moved to （一）实施青少年科学素质行动)*" in text


def test_document_text_is_escaped() -> None:
    text = render_markdown(make_comparison())
    assert r"\[bold\]旧任务\[/bold\]" in text
    assert r"（二）\<ins\>新增\</ins\>任务" in text  # a heading containing <ins> is not markup
    assert r"取消的任务\*重点\*。" in text
    assert "[bold]" not in text and "*重点*" not in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("1. 加强", r"1\. 加强"),
        ("- 发布日期", r"\- 发布日期"),
        ("a|b", r"a\|b"),
        ("17.5%", "17.5%"),  # a dot inside a number cannot open a list
        ("<del>x</del>", r"\<del\>x\</del\>"),
        ("第一行\n第二行", "第一行 第二行"),
        ("`code` _x_ ~y~ #z &amp;", r"\`code\` \_x\_ \~y\~ \#z \&amp;"),
    ],
)
def test_escape_markdown(raw: str, escaped: str) -> None:
    assert escape_markdown(raw) == escaped


def test_escape_inside_a_line_leaves_list_markers_alone() -> None:
    assert escape_markdown("1. 加强", line_start=False) == "1. 加强"


def test_a_change_invisible_once_displayed_is_named() -> None:
    """A record the diff calls changed whose only change is a line break still says why."""
    from dataclasses import replace

    from plandiff.model import ClauseDiff, Op

    base = make_comparison()
    guard_a, guard_b = base.a.sections[base.alignment.links[6].a], base.b.sections[base.alignment.links[6].b]
    ops = (
        Op("equal", guard_a.start, guard_a.end - 1, guard_b.start, guard_b.end - 1),
        Op("delete", guard_a.end - 1, guard_a.end, guard_b.end - 1, guard_b.end - 1),
    )
    comparison = replace(base, diffs=(*base.diffs[:6], ClauseDiff(6, ops, True)))
    text = render_markdown(comparison)
    assert text.endswith(
        "### 三、保障措施\n\n*changed · A line 9 · B line 9*\n\n- *only spacing, punctuation width or line breaks differ*\n"
    )

    import io

    from plandiff.render.console import print_comparison

    out = io.StringIO()
    print_comparison(comparison, out, color=False, width=100)
    assert out.getvalue().endswith("    (only spacing, punctuation width or line breaks differ)\n")
