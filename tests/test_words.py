"""Word edits inside a modified clause: word boundaries, exact positions, and bounded work
on pieces too long for the exact LCS."""

from __future__ import annotations

import random
import time

from plandiff.ingest import normalise
from plandiff.words import Edit, word_edits

WORDS = ["科普", "工作", "推进", "创新", "能力", "建设", "基层", "服务", "平台", "人才", "队伍", "保障"]


def edits(a: str, b: str) -> list[Edit]:
    return word_edits(normalise(a), normalise(b), 0, len(a), 0, len(b))


def check_tiling(a: str, b: str, steps: list[Edit]) -> None:
    """The steps tile both texts, and equal steps are equal text."""
    assert steps[0].a_start == steps[0].b_start == 0
    assert (steps[-1].a_end, steps[-1].b_end) == (len(a), len(b))
    for left, right in zip(steps, steps[1:], strict=False):
        assert (left.a_end, left.b_end) == (right.a_start, right.b_start)
    for s in steps:
        if s.op == "equal":
            assert a[s.a_start : s.a_end] == b[s.b_start : s.b_end]
        elif s.op == "delete":
            assert s.b_start == s.b_end
        else:
            assert s.a_start == s.a_end


def test_a_grown_word_shows_only_the_added_part() -> None:
    a, b = "加强科普基地建设。", "大力加强科普基地建设。"
    steps = edits(a, b)
    check_tiling(a, b, steps)
    assert [(s.op, b[s.b_start : s.b_end]) for s in steps if s.op != "equal"] == [("insert", "大力")]


def _paragraph(chars: int, seed: int = 6) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(WORDS) for _ in range(chars // 2 + 1))[:chars]


def test_a_huge_piece_with_one_insertion_is_equal_insert_equal() -> None:
    a = _paragraph(400_000)
    b = a[:200_000] + "新增" + a[200_000:]
    started = time.perf_counter()
    steps = edits(a, b)
    assert time.perf_counter() - started < 5
    check_tiling(a, b, steps)
    assert [(s.op, b[s.b_start : s.b_end]) for s in steps if s.op != "equal"] == [("insert", "新增")]


def test_a_huge_piece_edited_all_over_is_diffed_in_bounded_time_and_stays_exact() -> None:
    rng = random.Random(3)
    a = _paragraph(300_000)
    edited = list(a)
    for _ in range(300):
        p = rng.randrange(len(edited))
        edited[p : p + rng.randrange(0, 30)] = "".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 10)))
    b = "".join(edited)
    started = time.perf_counter()
    steps = edits(a, b)
    assert time.perf_counter() - started < 10
    check_tiling(a, b, steps)
    equal = sum(s.a_end - s.a_start for s in steps if s.op == "equal")
    assert equal > 0.9 * len(a)  # anchored on the shared text, not one delete and one insert


def test_two_unrelated_huge_pieces_still_tile() -> None:
    a, b = _paragraph(200_000, 1), _paragraph(200_000, 2)
    steps = edits(a, b)
    check_tiling(a, b, steps)
