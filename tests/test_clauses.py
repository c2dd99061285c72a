"""Clause splitting (positions kept, tiling) and clause pairing by similarity."""

from __future__ import annotations

import random
import time

import pytest
from rapidfuzz.distance import Indel

from plandiff.clauses import QUADRATIC_CAP, Unit, align_clauses, similarity, split_clauses
from plandiff.ingest import read_text
from plandiff.structure import parse_document

from .conftest import seed


def pieces(text: str, wrap: int | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split_clauses(text, 0, len(text), wrap)]


def test_sentences_end_after_their_marks_and_closing_quotes() -> None:
    text = "加强科普。他说：“要创新！”然后推进；最后呢？完成"
    assert pieces(text) == ["加强科普。", "他说：“要创新！”", "然后推进；", "最后呢？", "完成"]


def test_whitespace_after_a_clause_stays_with_it() -> None:
    text = "第一句。  \n\u3000\u3000第二句。\r\n第三行\n"
    assert pieces(text) == ["第一句。  \n\u3000\u3000", "第二句。\r\n", "第三行\n"]


def test_line_breaks_end_list_items_and_headings() -> None:
    text = "一、总体要求\n1.推进科普\n2.加强建设\n"
    assert pieces(text) == ["一、总体要求\n", "1.推进科普\n", "2.加强建设\n"]


def test_a_hard_wrapped_sentence_is_one_clause() -> None:
    line = "这是一个很长的句子被排版软件在固定宽度处断开了"
    text = f"{line}\n继续写完。\n短行\n1.新的条目\n"
    assert pieces(text, wrap=len(line))[0] == f"{line}\n继续写完。\n"
    assert pieces(text)[0] == f"{line}\n"  # not wrapped: every line break ends a clause


def test_clauses_tile_every_section_of_the_seeds() -> None:
    for name in ("xinzheng", "beijing"):
        document = parse_document(read_text(seed(name)))
        text = document.text.original
        for section in document.sections:
            spans = split_clauses(text, section.start, section.end)
            position = section.start
            for span in spans:
                assert span.start == position and span.end > span.start
                position = span.end
            assert position == section.end


def test_offsets_are_absolute() -> None:
    text = "前文。一、标题\n正文一。正文二。"
    spans = split_clauses(text, 3, len(text))
    assert [text[s.start : s.end] for s in spans] == ["一、标题\n", "正文一。", "正文二。"]
    assert spans[0].start == 3


def kinds(units: list[Unit]) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return [(u.kind, u.a, u.b) for u in units]


def test_identical_clauses_anchor_and_a_lightly_edited_one_is_modified() -> None:
    a = ["一、总体要求", "加强科普基地建设，完善科普设施网络。", "推进科普信息化。"]
    b = ["一、总体要求", "大力加强科普基地建设，完善科普设施网络。", "推进科普信息化。"]
    assert kinds(align_clauses(a, b, [True] * 3, [True] * 3)) == [
        ("equal", (0,), (0,)),
        ("modified", (1,), (1,)),
        ("equal", (2,), (2,)),
    ]


def test_unrelated_clauses_are_deleted_and_inserted() -> None:
    a = ["推进科普信息化。", "开展青少年科技创新大赛。"]
    b = ["推进科普信息化。", "完善财政投入保障机制。"]
    assert kinds(align_clauses(a, b, [True] * 2, [True] * 2)) == [
        ("equal", (0,), (0,)),
        ("delete", (1,), ()),
        ("insert", (), (1,)),
    ]


def test_pairing_keeps_order_and_prefers_the_similar_clause() -> None:
    a = ["建立健全科普工作协调机制，加强统筹。", "加大财政投入力度，保障科普经费。"]
    b = ["新增一条完全不同的内容说明。", "加大财政投入力度，切实保障科普经费。"]
    assert kinds(align_clauses(a, b, [True] * 2, [True] * 2)) == [
        ("delete", (0,), ()),
        ("insert", (), (0,)),
        ("modified", (1,), (1,)),
    ]


def test_a_clause_split_in_two_pairs_as_one_unit() -> None:
    a = ["加强科普基地建设，完善科普设施网络，推进科普信息化建设。"]
    b = ["加强科普基地建设，完善科普设施网络。", "推进科普信息化建设。"]
    assert kinds(align_clauses(a, b, [False], [True, False])) == [("modified", (0,), (0, 1))]
    # Clauses that are not neighbours in the text (chrome between them) never join.
    assert kinds(align_clauses(a, b, [False], [False, False]))[0] == ("modified", (0,), (0,))


def test_a_wrapped_line_is_measured_whole_when_a_clause_starts_inside_it() -> None:
    line = "前一句。这是一个很长的句子被排版软件在固定宽度处断开"
    text = f"{line}\n继续写完。\n"
    assert pieces(text, wrap=len(line)) == ["前一句。", "这是一个很长的句子被排版软件在固定宽度处断开\n继续写完。\n"]


# --- over-long clauses (a paragraph with no sentence stop) ------------------------------------


def _paragraph(chars: int, seed_: int = 6) -> str:
    rng = random.Random(seed_)
    words = ["科普", "工作", "推进", "创新", "能力", "建设", "基层", "服务", "平台", "人才", "队伍", "保障"]
    return "".join(rng.choice(words) for _ in range(chars // 2 + 1))[:chars]


def test_similarity_is_rapidfuzz_s_within_the_cap() -> None:
    x, y = _paragraph(3000), _paragraph(3000, 7)
    assert len(x) * len(y) <= QUADRATIC_CAP
    assert similarity(x, y) == Indel.normalized_similarity(x, y)
    assert similarity(x, y, 0.99) == 0.0


def test_similarity_beyond_the_cap_is_exact_for_one_edit_and_a_close_lower_bound_otherwise() -> None:
    x = _paragraph(60_000)
    one_edit = x[:30_000] + "新增" + x[30_000:]
    assert similarity(x, one_edit) == pytest.approx(Indel.normalized_similarity(x, one_edit))
    rng = random.Random(1)
    edited = list(x)
    for _ in range(40):
        p = rng.randrange(len(edited))
        edited[p : p + 5] = "新的内容"
    y = "".join(edited)
    exact = Indel.normalized_similarity(x, y)
    assert exact - 0.01 <= similarity(x, y) <= exact
    assert similarity(x, _paragraph(60_000, 8)[:5_000], 0.3) == 0.0  # too different in length


def test_two_huge_one_clause_paragraphs_pair_as_one_modified_clause_quickly() -> None:
    x = _paragraph(400_000)
    y = x[:200_000] + "新增" + x[200_000:]
    started = time.perf_counter()
    units = align_clauses([x], [y], [False], [False])
    assert time.perf_counter() - started < 2
    assert units == [Unit("modified", (0,), (0,))]


def test_two_swapped_clauses_keep_the_longer_one_equal_whichever_side_is_a() -> None:
    long, short = "北京市人民政府办公厅关于印发规划纲要的通知", "京政办发〔2022〕7号"
    for keys_a, keys_b in (([long, short], [short, long]), ([short, long], [long, short])):
        units = align_clauses(keys_a, keys_b, [True, True], [True, True])
        equal = [keys_a[u.a[0]] for u in units if u.kind == "equal"]
        assert equal == [long]
