"""Clause rows (plandiff.tui.rows): how the TUI lines A up with B, on synthetic diffs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plandiff.model import (
    Alignment,
    ClauseDiff,
    Comparison,
    Document,
    Link,
    Op,
    Section,
    Summary,
    Text,
)
from plandiff.tui import rows as rows_module
from plandiff.tui.rows import build_rows, hunks


def comparison_of(pieces: list[tuple[str, str, str]], moved_to: int | None = None) -> Comparison:
    """A one-link comparison whose ops are `pieces`: (op, A text, B text) in order."""
    ops, a_text, b_text = [], "", ""
    for op, a_piece, b_piece in pieces:
        ops.append(Op(op, len(a_text), len(a_text) + len(a_piece), len(b_text), len(b_text) + len(b_piece),
                      moved_to=moved_to if op == "delete" else None))
        a_text, b_text = a_text + a_piece, b_text + b_piece
    docs = [
        Document(Text(text, name), (Section(0, 1, "一", "一、", "x", 1, 0, len(text), 0, None),))
        for text, name in ((a_text, "a"), (b_text, "b"))
    ]
    alignment = Alignment(docs[0], docs[1], (Link(0, 0),))
    diff = ClauseDiff(0, tuple(ops), any(op != "equal" for op, _, _ in pieces))
    return Comparison(alignment, (diff,), Summary((), (), (), (), {}))


def sides(rows) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(row.text("a"), row.text("b")) for row in rows]


def test_a_word_changed_inside_a_clause_stays_on_one_row() -> None:
    comparison = comparison_of([
        ("equal", "前一句。我们要", "前一句。我们要"),
        ("delete", "加强", ""),
        ("insert", "", "强化"),
        ("equal", "科普工作。后一句。", "科普工作。后一句。"),
    ])
    rows = build_rows(comparison, 0)
    assert sides(rows) == [
        ("前一句。", "前一句。"),
        ("我们要加强科普工作。", "我们要强化科普工作。"),
        ("后一句。", "后一句。"),
    ]
    assert [row.changed for row in rows] == [False, True, False]
    assert hunks(rows) == [1]


def test_a_deleted_clause_is_a_row_of_its_own() -> None:
    rows = build_rows(comparison_of([("equal", "甲。", "甲。"), ("delete", "乙。", ""), ("equal", "丙。", "丙。")]), 0)
    assert sides(rows) == [("甲。", "甲。"), ("乙。", ""), ("丙。", "丙。")]


def test_rewritten_paragraphs_sit_next_to_their_replacements() -> None:
    rows = build_rows(comparison_of([("delete", "旧一\n旧二\n", ""), ("insert", "", "新一\n新二\n新三\n")]), 0)
    assert sides(rows) == [("旧一\n", "新一\n"), ("旧二\n", "新二\n"), ("", "新三\n")]
    assert hunks(rows) == [0]


def test_blank_lines_of_an_inserted_block_join_the_lines_they_follow() -> None:
    """A title block set with empty lines between its lines (a saved web page) is a row per
    line of text, not a row of ↵ for each empty line; blank lines alone stay one row."""
    rows = build_rows(comparison_of([("insert", "", "\n\n标题\n\n来源\n\n"), ("equal", "正文。", "正文。")]), 0)
    assert sides(rows) == [("", "\n\n标题\n\n"), ("", "来源\n\n"), ("正文。", "正文。")]
    rows = build_rows(comparison_of([("equal", "甲。", "甲。"), ("insert", "", "\n\n\n"), ("equal", "乙。", "乙。")]), 0)
    assert sides(rows) == [("甲。", "甲。"), ("", "\n\n\n"), ("乙。", "乙。")]


def test_a_moved_clause_carries_where_it_went() -> None:
    rows = build_rows(comparison_of([("equal", "甲。", "甲。"), ("delete", "乙。", "")], moved_to=7), 0)
    assert rows[-1].moved_to == [7] and rows[0].moved_to == []


pieces = st.lists(
    st.tuples(
        st.sampled_from(["equal", "delete", "insert"]),
        st.text(alphabet="科普工作。；\n ab", min_size=1, max_size=12),
    ),
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(pieces)
def test_rows_rebuild_both_sides_exactly(ops: list[tuple[str, str]]) -> None:
    """Nothing lost: joining the rows' segments gives each side's text back, in order."""
    spec = [(op, text if op != "insert" else "", text if op != "delete" else "") for op, text in ops]
    comparison = comparison_of(spec)
    rows = build_rows(comparison, 0)
    assert "".join(row.text("a") for row in rows) == comparison.a.text.original
    assert "".join(row.text("b") for row in rows) == comparison.b.text.original
    for side in ("a", "b"):
        position = 0
        for row in rows:
            for segment in row.a if side == "a" else row.b:
                assert segment.start == position
                position += len(segment.text)


@settings(max_examples=60, deadline=None)
@given(pieces)
def test_long_runs_are_cut_into_rows_without_losing_text(ops: list[tuple[str, str]]) -> None:
    """With a tiny row limit, long runs become many rows; both sides still rebuild exactly."""
    spec = [(op, text if op != "insert" else "", text if op != "delete" else "") for op, text in ops]
    comparison = comparison_of(spec)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(rows_module, "MAX_ROW_CHARS", 4)
        rows = build_rows(comparison, 0)
    assert "".join(row.text("a") for row in rows) == comparison.a.text.original
    assert "".join(row.text("b") for row in rows) == comparison.b.text.original
    # Rows stay short: at most the limit plus one op piece that started below it.
    assert all(len(row.text("a")) <= 4 + 12 and len(row.text("b")) <= 4 + 12 for row in rows)


def test_a_long_equal_run_without_clause_marks_becomes_several_aligned_rows() -> None:
    text = "科普" * 2000
    rows = build_rows(comparison_of([("equal", text, text)]), 0)
    assert len(rows) > 2
    assert all(row.text("a") == row.text("b") for row in rows)
