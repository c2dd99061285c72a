"""Nothing lost: on random edits of the seeds, every link's ops rebuild its text on
both sides exactly (difflib's and dmp's rebuild-both-texts invariant), each side's
spans tile the whole text, and the op shapes of the contract hold."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.align import align
from plandiff.diff import diff_alignment, link_spans
from plandiff.ingest import normal_form, text_from_bytes
from plandiff.model import Alignment, ClauseDiff, Link
from plandiff.structure import parse_document

from .conftest import SEED_FILES

SEEDS = [p.read_text(encoding="utf-8") for p in SEED_FILES]
# Edits a copy of a plan goes through: words and clauses, and pure noise.
NOISE = ["，", ",", "（", "(", " ", "\u3000", "\n", "\r\n", "。\n", "；"]
WORDS = [
    "大力",
    "加强",
    "科普基地建设",
    "到2025年，比例达到15%。",
    "一、新增任务\n",
    "（三）专项行动\n",
    "1.新条目。\n",
]


@st.composite
def edited_seed(draw: st.DrawFn) -> tuple[str, str]:
    """A seed and a copy with a few random edits: deletions, insertions, moved or noise text."""
    original = draw(st.sampled_from(SEEDS))
    text = original
    for _ in range(draw(st.integers(1, 12))):
        start = draw(st.integers(0, len(text)))
        end = min(len(text), start + draw(st.integers(0, 400)))
        kind = draw(st.sampled_from(["delete", "insert", "noise", "move"]))
        if kind == "delete":
            text = text[:start] + text[end:]
        elif kind == "insert":
            text = text[:start] + draw(st.sampled_from(WORDS)) + text[start:]
        elif kind == "noise":
            text = text[:start] + draw(st.sampled_from(NOISE)) + text[start:]
        else:
            where = draw(st.integers(0, len(text) - (end - start)))
            piece, rest = text[start:end], text[:start] + text[end:]
            text = rest[:where] + piece + rest[where:]
    return original, text


def check(alignment: Alignment, diffs: tuple[ClauseDiff, ...]) -> None:
    a, b = alignment.a.text.original, alignment.b.text.original
    spans = link_spans(alignment)
    assert len(diffs) == len(alignment.links) == len(spans)
    for index, ((span_a, span_b), diff) in enumerate(zip(spans, diffs, strict=True)):
        assert diff.link == index
        assert "".join(a[o.a_start : o.a_end] for o in diff.ops) == a[span_a.start : span_a.end]
        assert "".join(b[o.b_start : o.b_end] for o in diff.ops) == b[span_b.start : span_b.end]
        for op in diff.ops:
            if op.op == "equal":
                assert op.a_end > op.a_start and op.b_end > op.b_start
                assert normal_form(a[op.a_start : op.a_end]) == normal_form(b[op.b_start : op.b_end])
            elif op.op == "delete":
                assert op.a_end > op.a_start and op.b_end == op.b_start
            else:
                assert op.b_end > op.b_start and op.a_end == op.a_start
            if op.moved_to is not None:
                assert op.op == "delete" and op.moved_to != index
                assert any(o.moved_from == index for o in diffs[op.moved_to].ops)
    for side, text in ((0, a), (1, b)):
        position = 0
        for start, end in sorted((pair[side].start, pair[side].end) for pair in spans):
            assert start == position, f"gap or overlap at {position}"
            position = end
        assert position == len(text)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(pair=edited_seed(), strict=st.booleans(), max_level=st.sampled_from([None, None, 1, 2]))
def test_ops_rebuild_both_texts(pair: tuple[str, str], strict: bool, max_level: int | None) -> None:
    documents = [parse_document(text_from_bytes(t.encode(), name=n)) for t, n in zip(pair, "ab", strict=True)]
    alignment = align(*documents, max_level=max_level)
    check(alignment, diff_alignment(alignment, strict=strict))


def test_an_unedited_copy_has_no_change() -> None:
    text = SEEDS[0]
    documents = [parse_document(text_from_bytes(text.encode(), name=n)) for n in "ab"]
    alignment = align(*documents)
    diffs = diff_alignment(alignment)
    check(alignment, diffs)
    assert not any(d.changed for d in diffs)


PARSED = [parse_document(text_from_bytes(t.encode(), name=f"seed{n}")) for n, t in enumerate(SEEDS)]


@st.composite
def any_alignment(draw: st.DrawFn) -> Alignment:
    """Any valid alignment, however poor: random pairs in random order, sections left
    alone, split and merge parts (`borrowed`), and links only down to a random level."""
    a, b = draw(st.sampled_from(PARSED)), draw(st.sampled_from(PARSED))
    level = draw(st.sampled_from([None, 1, 2]))
    scope_a = [s.index for s in a.sections if level is None or s.level <= level]
    scope_b = [s.index for s in b.sections if level is None or s.level <= level]
    order_a, order_b = draw(st.permutations(scope_a)), draw(st.permutations(scope_b))
    paired = draw(st.integers(0, min(len(scope_a), len(scope_b))))
    links = [Link(x, y) for x, y in zip(order_a[:paired], order_b[:paired], strict=True)]
    links += [Link(x, None) for x in order_a[paired:]] + [Link(None, y) for y in order_b[paired:]]
    for _ in range(draw(st.integers(0, 4))):
        links.append(Link(draw(st.sampled_from(scope_a)), draw(st.sampled_from(scope_b)), borrowed=True))
    return Alignment(a=a, b=b, links=tuple(draw(st.permutations(links))))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(alignment=any_alignment(), strict=st.booleans())
def test_any_valid_alignment_is_rebuilt(alignment: Alignment, strict: bool) -> None:
    check(alignment, diff_alignment(alignment, strict=strict))
