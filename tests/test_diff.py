"""The clause diff on hand-made edits: ops, word boundaries, moves, noise, strictness."""

from __future__ import annotations

import pytest

from plandiff.diff import diff_alignment, diff_link, link_spans
from plandiff.ingest import text_from_bytes
from plandiff.model import Alignment, ClauseDiff, Document, Link, Span, Text
from plandiff.structure import parse_document

FRONT = "关于印发某市科普工作方案的通知\n\n"


def document(body: str, chrome: tuple[Span, ...] | None = None) -> Document:
    text = text_from_bytes((FRONT + body).encode(), name="t")
    if chrome is not None:
        text = Text(original=text.original, name=text.name, chrome=chrome)
    return parse_document(text)


def by_index(a: Document, b: Document) -> Alignment:
    """Sections paired by position: the tests choose texts whose structure matches."""
    assert len(a.sections) == len(b.sections)
    return Alignment(a=a, b=b, links=tuple(Link(i, i) for i in range(len(a.sections))))


def marked(alignment: Alignment, diff: ClauseDiff) -> str:
    """The ops as one string: equal text as B has it, [-deleted-] and {+inserted+}."""
    a, b = alignment.a.text.original, alignment.b.text.original
    out = []
    for op in diff.ops:
        if op.op == "equal":
            out.append(b[op.b_start : op.b_end])
        elif op.op == "delete":
            out.append(f"[-{a[op.a_start : op.a_end]}-]")
        else:
            out.append(f"{{+{b[op.b_start : op.b_end]}+}}")
    return "".join(out)


def assert_rebuilds(alignment: Alignment, diffs: tuple[ClauseDiff, ...]) -> None:
    """Every link's ops rebuild its spans; the spans tile both texts; op shapes hold."""
    a, b = alignment.a.text.original, alignment.b.text.original
    spans = link_spans(alignment)
    assert [d.link for d in diffs] == list(range(len(alignment.links)))
    for (span_a, span_b), diff in zip(spans, diffs, strict=True):
        assert "".join(a[o.a_start : o.a_end] for o in diff.ops) == a[span_a.start : span_a.end]
        assert "".join(b[o.b_start : o.b_end] for o in diff.ops) == b[span_b.start : span_b.end]
        for op in diff.ops:
            if op.op == "equal":
                assert op.a_end > op.a_start and op.b_end > op.b_start
            else:
                assert (op.a_end == op.a_start) == (op.op == "insert")
                assert (op.b_end == op.b_start) == (op.op == "delete")
    for side, text in ((0, a), (1, b)):
        position = 0
        for start, end in sorted((pair[side].start, pair[side].end) for pair in spans):
            assert start == position, f"gap or overlap at {position}"
            position = end
        assert position == len(text)


def diff_one(body_a: str, body_b: str, strict: bool = False) -> str:
    alignment = by_index(document(body_a), document(body_b))
    diffs = diff_alignment(alignment, strict=strict)
    assert_rebuilds(alignment, diffs)
    return marked(alignment, diffs[1])


def test_a_word_added_in_front_shows_on_word_boundaries() -> None:
    """jieba cuts 大力加强 as one word; the reader still sees only 大力 inserted."""
    assert diff_one("一、任务\n加强科普基地建设。\n", "一、任务\n大力加强科普基地建设。\n") == (
        "一、任务\n{+大力+}加强科普基地建设。\n"
    )


def test_a_changed_word_inside_a_clause() -> None:
    result = diff_one(
        "一、任务\n深入开展科技活动周、全国科普日等群众性科普活动。\n",
        "一、任务\n深入开展科技活动周、全国科普日、防灾减灾日等群众性科普活动。\n",
    )
    assert result == "一、任务\n深入开展科技活动周、全国科普日{+、防灾减灾日+}等群众性科普活动。\n"


def test_inserted_deleted_and_modified_clauses() -> None:
    a = "一、任务\n推进科普信息化建设。开展青少年科技创新大赛。加强科普人才队伍建设。\n"
    b = "一、任务\n推进科普信息化建设。建立健全财政投入保障机制。加强基层科普人才队伍建设。\n"
    assert diff_one(a, b) == (
        "一、任务\n推进科普信息化建设。[-开展青少年科技创新大赛。-]{+建立健全财政投入保障机制。+}"
        "加强{+基层+}科普人才队伍建设。\n"
    )


def test_unchanged_sections_are_one_equal_op() -> None:
    alignment = by_index(document("一、任务\n推进工作。\n"), document("一、任务\n推进工作。\n"))
    diffs = diff_alignment(alignment)
    assert [op.op for op in diffs[1].ops] == ["equal"] and not diffs[1].changed


def test_a_clause_moved_to_another_section() -> None:
    moved = "建设一批具有地方特色的科普教育基地。"
    a = document(f"一、基础\n完善科普设施。{moved}\n二、能力\n提升服务能力。\n")
    b = document(f"一、基础\n完善科普设施。\n二、能力\n提升服务能力。{moved}\n")
    alignment = by_index(a, b)
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    [gone] = [op for op in diffs[1].ops if op.op == "delete"]
    [came] = [op for op in diffs[2].ops if op.op == "insert"]
    assert a.text.original[gone.a_start : gone.a_end].strip() == moved
    assert (gone.moved_to, came.moved_from) == (2, 1)
    assert b.text.original[came.b_start : came.b_end].strip() == moved


def test_a_lightly_edited_clause_moved_to_an_added_section_is_still_a_move() -> None:
    a = document("一、基础\n完善科普设施。建设一批具有地方特色的科普教育基地和科普场馆。\n")
    b = document("一、基础\n完善科普设施。\n二、新增\n建设一批具有地方特色的科普教育基地与科普场馆。\n")
    alignment = Alignment(a=a, b=b, links=(Link(0, 0), Link(1, 1), Link(None, 2)))
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    assert [op.moved_to for op in diffs[1].ops if op.op == "delete"] == [2]
    assert [op.moved_from for op in diffs[2].ops if op.op == "insert" and op.moved_from is not None] == [1]


def test_a_clause_that_merely_reappears_in_its_own_section_is_not_moved() -> None:
    clause = "建设一批具有地方特色的科普教育基地。"
    alignment = by_index(document(f"一、基础\n{clause}完善设施。\n"), document(f"一、基础\n完善设施。{clause}\n"))
    ops = diff_alignment(alignment)[1].ops
    assert all(op.moved_to is None and op.moved_from is None for op in ops)


NORMALISATION_ONLY = [
    (
        "full/half-width punctuation",
        "一、任务\n加强建设，推进工作（试行）。\n",
        "一、任务\n加强建设,推进工作(试行)。\n",
    ),
    ("spaces inside Chinese", "一、任务\n加强科普基地建设。\n", "一、任务\n加强 科普 基地建设。\n"),
    ("CRLF", "一、任务\n加强建设。\n推进工作。\n", "一、任务\r\n加强建设。\r\n推进工作。\r\n"),
    ("line wrapping", "一、任务\n加强科普基地建设，推进工作。\n", "一、任务\n加强科普基地\n建设，推进工作。\n"),
    ("indentation", "一、任务\n加强建设。\n", "一、任务\n\u3000\u3000加强建设。\n"),
    # saved web pages scatter zero-width spaces, even on lines of their own
    ("zero-width characters", "一、任务\n加强建设。\n推进工作。\n", "一、任务\n加强\u200b建设。\n\u200b\n推进\ufeff工作。\n"),
]


@pytest.mark.parametrize(("what", "a", "b"), NORMALISATION_ONLY, ids=[c[0] for c in NORMALISATION_ONLY])
def test_normalisation_is_not_a_change_unless_strict(what: str, a: str, b: str) -> None:
    alignment = by_index(document(a), document(b))
    relaxed = diff_alignment(alignment)
    assert_rebuilds(alignment, relaxed)
    assert not relaxed[1].changed, what
    assert all(op.op == "equal" for op in relaxed[1].ops)
    strict = diff_alignment(alignment, strict=True)
    assert_rebuilds(alignment, strict)
    assert strict[1].changed, what
    assert {op.op for op in strict[1].ops} > {"equal"}


def test_equal_ops_differ_only_by_normalisation() -> None:
    from plandiff.ingest import normal_form

    alignment = by_index(
        document("一、任务\n加强 科普，推进（试行）工作。\n"), document("一、任务\n大力加强科普,推进(试行)工作。\n")
    )
    diff = diff_alignment(alignment)[1]
    a, b = alignment.a.text.original, alignment.b.text.original
    for op in diff.ops:
        if op.op == "equal":
            assert normal_form(a[op.a_start : op.a_end]) == normal_form(b[op.b_start : op.b_end])
    assert marked(alignment, diff).startswith("一、任务\n{+大力+}加强科普,")


def test_web_chrome_is_not_a_change_unless_strict() -> None:
    a = document("一、任务\n加强建设。\n")
    body = "一、任务\n您现在的位置：首页 > 政务公开\n加强建设。\n"
    start = len(FRONT) + body.index("您")
    b = document(body, chrome=(Span(start, start + len("您现在的位置：首页 > 政务公开")),))
    alignment = by_index(a, b)
    relaxed = diff_alignment(alignment)
    assert_rebuilds(alignment, relaxed)
    assert not relaxed[1].changed
    assert diff_alignment(alignment, strict=True)[1].changed


def test_unmatched_borrowed_and_folded_links_keep_the_tiling() -> None:
    a = document("一、甲\n甲的内容。\n（一）子项\n子项内容。\n二、乙\n乙的内容。\n")
    b = document("一、甲\n甲的新内容。\n三、丙\n丙的内容。\n四、丁\n丁的内容。\n")
    # a: 0 front, 1 一, 2 （一）, 3 二;  b: 0 front, 1 一, 2 三, 3 四
    links = (Link(0, 0), Link(1, 1), Link(2, None), Link(3, 2, kind="split"), Link(3, 3, kind="split", borrowed=True))
    alignment = Alignment(a=a, b=b, links=links)
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    assert [op.op for op in diffs[2].ops] == ["delete"]
    assert all(op.op == "insert" for op in diffs[4].ops) and diffs[4].changed  # A's part is borrowed


def test_sections_below_the_linked_level_fold_into_their_parent() -> None:
    a = document("一、甲\n甲的内容。\n（一）子项\n子项内容。\n二、乙\n乙的内容。\n")
    b = document("一、甲\n甲的内容。\n（一）子项\n子项的新内容。\n二、乙\n乙的内容。\n")
    alignment = Alignment(a=a, b=b, links=(Link(0, 0), Link(1, 1), Link(3, 3)))  # as with max_level=1
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    assert link_spans(alignment)[1][0].end == a.subtree_end(a.sections[1])
    assert marked(alignment, diffs[1]).endswith("子项{+的新+}内容。\n")
    assert diffs[1].changed and not diffs[2].changed


def test_diff_link_matches_diff_alignment_without_moves() -> None:
    alignment = by_index(
        document("一、任务\n加强科普基地建设。推进工作。\n"), document("一、任务\n大力加强科普基地建设。\n")
    )
    assert diff_link(alignment, 1) == diff_alignment(alignment)[1]


def test_a_hard_wrapped_copy_of_a_seed_has_no_change() -> None:
    """A PDF-like copy broken every 30 characters (inside words and numbers, 20\\n35)."""
    from plandiff.align import align

    from .conftest import seed

    original = seed("xinzheng").read_text(encoding="utf-8")
    wrapped = "\n".join(line[i : i + 30] for line in original.split("\n") for i in range(0, max(len(line), 1), 30))
    a, b = (parse_document(text_from_bytes(t.encode(), name=n)) for t, n in ((original, "a"), (wrapped, "b")))
    alignment = align(a, b)
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    assert not any(d.changed for d in diffs)
    assert any(d.changed for d in diff_alignment(alignment, strict=True))


def test_the_same_chrome_line_on_both_sides_is_equal() -> None:
    line = "您现在的位置：首页 > 政务公开"
    body_a = f"一、任务\n加强建设。\n{line}\n推进工作。\n"
    body_b = body_a.replace("加强", "大力加强")
    a, b = (
        document(t, (Span(len(FRONT) + t.index(line), len(FRONT) + t.index(line) + len(line)),))
        for t in (body_a, body_b)
    )
    alignment = by_index(a, b)
    diffs = diff_alignment(alignment)
    assert_rebuilds(alignment, diffs)
    assert marked(alignment, diffs[1]) == f"一、任务\n{{+大力+}}加强建设。\n{line}\n推进工作。\n"
    assert [op.op for op in diffs[1].ops] == ["equal", "insert", "equal"]
