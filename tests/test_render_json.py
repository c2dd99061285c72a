"""The JSON contract (docs/json.md): key order, texts that rebuild both inputs
exactly, spans that tile both texts, --summary; on a hand-made comparison and,
as properties, through the real pipeline on the seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.ingest import text_from_bytes
from plandiff.model import Alignment, ClauseDiff, Comparison, Link, Options
from plandiff.pipeline import compare
from plandiff.render.common import record_spans
from plandiff.render.json import render_json

from .conftest import SEED_FILES, seed
from .golden_files import assert_golden
from .render_fixture import make_comparison

TOP_KEYS = ["version", "plandiff", "a", "b", "options", "changed", "sections", "summary"]
RECORD_KEYS = ["status", "kind", "confidence", "evidence", "pinned", "changed", "a", "b", "changes"]
SIDE_KEYS = ["line", "heading", "level", "start", "end", "borrowed"]


def data(comparison: Comparison, summary_only: bool = False) -> dict[str, Any]:
    return json.loads(render_json(comparison, summary_only=summary_only))


def assert_lossless(comparison: Comparison) -> None:
    """Each side's record spans tile its text, and each record's op texts rebuild its span."""
    result = data(comparison)
    for side, document in (("a", comparison.a), ("b", comparison.b)):
        original = document.text.original
        spans = sorted((r[side]["start"], r[side]["end"]) for r in result["sections"] if r[side])
        position = 0
        for start, end in spans:
            assert start == position, f"{side}: gap or overlap at {position}..{start}"
            position = end
        assert position == len(original), f"{side}: spans stop at {position} of {len(original)}"
        for record in result["sections"]:
            if record[side]:
                rebuilt = "".join(op.get(side, "") for op in record["changes"])
                expected = original[record[side]["start"] : record[side]["end"]]
                assert rebuilt == expected, (
                    f"{side}: ops of the record at line {record[side]['line']} rebuild {len(rebuilt)} "
                    f"characters, its span holds {len(expected)}"
                )


def test_hand_made_comparison_matches_golden() -> None:
    assert_golden("comparison.json", render_json(make_comparison()))


def test_keys_come_in_contract_order() -> None:
    result = data(make_comparison())
    assert list(result) == TOP_KEYS
    for record in result["sections"]:
        assert list(record) == RECORD_KEYS
        for side in ("a", "b"):
            assert record[side] is None or list(record[side]) == SIDE_KEYS
    assert list(result["summary"]) == ["added", "removed", "targets", "renames", "counts", "metadata"]
    assert list(result["summary"]["targets"][0]) == ["indicator", "a", "b", "a_line", "b_line", "a_year", "b_year"]


def test_records_carry_status_ops_and_moves() -> None:
    sections = data(make_comparison())["sections"]
    assert [r["status"] for r in sections] == ["matched"] * 4 + ["removed", "added", "matched"]
    assert sections[0]["a"]["level"] == 0 and sections[0]["a"]["heading"] == "front matter"
    general = sections[1]["changes"]
    assert {"op": "insert", "b": "大力"} in general
    assert {"op": "delete", "a": "推进科普信息化。", "moved_to": 3} in general
    assert {"op": "insert", "b": "推进科普信息化。", "moved_from": 1} in sections[3]["changes"]
    assert sections[4]["b"] is None and sections[5]["a"] is None
    assert sections[6]["changes"][0]["op"] == "equal" and sections[6]["changed"] is False


def test_summary_lists_priorities_targets_renames_and_metadata() -> None:
    summary = data(make_comparison())["summary"]
    assert summary["added"][0] == {
        "text": "科学辟谣平台",
        "line": 7,
        "section": "（二）<ins>新增</ins>任务",
        "score": 1.5,
        "source": "clause",
    }
    assert summary["removed"][0]["text"] == "[bold]旧任务[/bold]"
    assert summary["targets"][0] == {
        "indicator": "比例",
        "a": "达到10%",
        "b": "达到15%",
        "a_line": 6,
        "b_line": 6,
        "a_year": None,
        "b_year": None,
    }
    assert summary["renames"] == [{"a": "二、主要任务", "b": "二、重点任务", "a_line": 4, "b_line": 4, "record": 2}]
    assert summary["metadata"]["a"]["period"] == "2016-2020" and summary["metadata"]["b"]["period"] == "2021-2025"


def test_summary_only_drops_changes_but_keeps_records() -> None:
    full, short = data(make_comparison()), data(make_comparison(), summary_only=True)
    assert len(short["sections"]) == len(full["sections"])
    assert all("changes" not in r for r in short["sections"])
    assert short["summary"] == full["summary"]


def test_hand_made_comparison_is_lossless() -> None:
    assert_lossless(make_comparison())


PAIRS = [("panzhihua", "langfang"), ("xinzheng", "langfang"), ("beijing", "qianjiang")]


def test_the_briefing_pair_is_lossless() -> None:
    assert_lossless(compare(seed("panzhihua"), seed("langfang")))


def test_borrowed_side_gets_an_empty_span_at_the_section_end() -> None:
    """A split: A's section is named by two links; the second contributes no text."""
    base = make_comparison()
    links = list(base.alignment.links)
    youth = links[3]
    # B's added section becomes the second part of A's （一） (a split of A's section).
    links[5] = Link(youth.a, links[5].b, "split", 0.6, borrowed=True)
    links[3] = Link(youth.a, youth.b, "split", 0.9)
    diffs = list(base.diffs)
    diffs[5] = ClauseDiff(5, base.diffs[5].ops, True)
    comparison = Comparison(Alignment(base.a, base.b, tuple(links)), tuple(diffs), base.summary, base.options)
    result = data(comparison)
    second = result["sections"][5]["a"]
    section = base.a.sections[youth.a]
    assert (second["start"], second["end"], second["borrowed"]) == (section.end, section.end, True)
    assert result["sections"][3]["a"]["borrowed"] is False
    assert_lossless(comparison)


@pytest.mark.parametrize(("a", "b"), PAIRS)
def test_seed_pairs_are_lossless(a: str, b: str) -> None:
    assert_lossless(compare(seed(a), seed(b)))


@pytest.mark.parametrize("level", [1, 2])
def test_record_spans_tile_with_a_level(level: int) -> None:
    result = data(compare(seed("xinzheng"), seed("langfang"), Options(max_level=level)))
    for side in ("a", "b"):
        records = [r[side] for r in result["sections"] if r[side]]
        assert all(r["level"] <= level for r in records)
        spans = sorted((r["start"], r["end"]) for r in records)
        assert all(x[1] == y[0] for x, y in zip(spans, spans[1:], strict=False))


@pytest.mark.parametrize("level", [1, 2])
def test_seed_pair_with_a_level_is_lossless(level: int) -> None:
    assert_lossless(compare(seed("xinzheng"), seed("langfang"), Options(max_level=level)))


def test_identical_files_have_no_changed_record() -> None:
    result = data(compare(seed("langfang"), seed("langfang")))
    assert result["changed"] is False
    assert all(r["status"] == "matched" and not r["changed"] for r in result["sections"])
    assert result["summary"]["counts"]["unchanged"] == len(result["sections"])


@st.composite
def edited_seed(draw: st.DrawFn) -> tuple[str, str]:
    """A seed and a copy with a few random deletions and insertions."""
    path: Path = draw(st.sampled_from(SEED_FILES))
    original = path.read_text(encoding="utf-8")
    edited = original
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(edited)))
        end = min(len(edited), start + draw(st.integers(0, 40)))
        insert = draw(st.text(alphabet="科普规划。，一、（二）\n加强推进2025年%", max_size=20))
        edited = edited[:start] + insert + edited[end:]
    return original, edited


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_seed())
def test_random_edits_of_a_seed_are_lossless(pair: tuple[str, str]) -> None:
    original, edited = pair
    if not edited.strip():
        return
    a = text_from_bytes(original.encode("utf-8"), name="a.txt")
    b = text_from_bytes(edited.encode("utf-8"), name="b.txt")
    assert_lossless(compare(a, b))


def test_with_a_level_a_record_runs_to_the_end_of_its_subtree() -> None:
    base = make_comparison()
    top = tuple(link for link in base.alignment.links if link.a is not None and base.a.sections[link.a].level <= 1)
    comparison = Comparison(Alignment(base.a, base.b, top), base.diffs[: len(top)], base.summary, Options(max_level=1))
    spans = record_spans(comparison)
    tasks = base.a.sections[top[2].a]  # 二、主要任务, whose （一）（二） fold into it
    assert (spans[2][0].start, spans[2][0].end) == (tasks.start, base.a.sections[tasks.index + 2].end)
    starts_ends = sorted((a.start, a.end) for a, _ in spans if a)
    assert starts_ends[0][0] == 0 and starts_ends[-1][1] == len(base.a.text.original)
    assert all(x[1] == y[0] for x, y in zip(starts_ends, starts_ends[1:], strict=False))


# --- orjson for big comparisons: the same bytes as json ------------------------------------

_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)  # never in plandiff's data: see fast_dumps
    | st.text(),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4),
    max_leaves=20,
)


def _stdlib(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=5), _JSON_VALUES, max_size=4))
def test_fast_json_is_the_standard_librarys_or_declines(value: dict[str, Any]) -> None:
    from plandiff.render.json import fast_dumps

    fast = fast_dumps(value)
    assert fast is None or fast == _stdlib(value)


def test_fast_json_declines_what_it_would_write_otherwise() -> None:
    from plandiff.render.json import fast_dumps

    for value in (1e-05, -3e-7, 2**65, "\ud800"):
        assert fast_dumps({"x": [value]}) is None
    assert fast_dumps({"x": [0.0001, 0.5, 1e22, "正文\n\t\x00"]}) == _stdlib({"x": [0.0001, 0.5, 1e22, "正文\n\t\x00"]})


def test_big_comparisons_are_written_by_orjson_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    import plandiff.render.json as render

    calls = []
    real = render.fast_dumps

    def spy(value: dict[str, Any]) -> str | None:
        calls.append(1)
        return real(value)

    monkeypatch.setattr(render, "fast_dumps", spy)
    for a, b in zip(SEED_FILES, SEED_FILES[1:] + SEED_FILES[:1], strict=True):
        comparison = compare(a, b)
        monkeypatch.setattr(render, "FAST_JSON_CHARS", 10**9)
        slow = render_json(comparison)
        monkeypatch.setattr(render, "FAST_JSON_CHARS", 0)
        assert render_json(comparison) == slow
        assert render_json(comparison, summary_only=True) == _stdlib(render.comparison_data(comparison, True))
    assert len(calls) == 2 * len(SEED_FILES)
    assert real(render.comparison_data(comparison)) is not None  # the seeds' output is orjson's to write
