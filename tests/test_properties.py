"""Properties of the whole comparison, on random edit sequences of the seeds (hypothesis).

The edits are the ones a plan goes through between drafts: sentences and lines
deleted, inserted, duplicated or swapped, numbers changed, headings renumbered. On any
such pair the JSON contract must be lossless (docs/json.md), the output deterministic,
the comparison symmetric, a plan compared with itself unchanged, and edits that only
touch layout (punctuation width, spaces in Chinese text, CRLF, hard wrapping) no change.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.ingest import normal_form, text_from_bytes
from plandiff.model import Comparison, Options
from plandiff.pipeline import compare
from plandiff.render.json import render_json

from .conftest import SEED_FILES

SEEDS = [p.read_text(encoding="utf-8") for p in SEED_FILES]
EXAMPLES = int(os.environ.get("PLANDIFF_PROPERTY_EXAMPLES", "20"))
"""Examples per property; raise it for a longer run by hand (docs/robustness.md)."""
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# A sentence ends at a full stop (or its kin); the stop stays with its sentence.
_SENTENCE = re.compile(r"[^。；！？\n]*[。；！？]|[^。；！？\n]+")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CN_HEADING = re.compile(r"^([一二三四五六七八九十]+)、", re.M)
_CN = "一二三四五六七八九十"


# --- edits ------------------------------------------------------------------------------


def _sentence_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line)))
        pos += len(line)
    return spans


def _renumber(text: str, shift: int) -> str:
    """Every 一、二、… heading shifted by `shift` (a part inserted or removed above them)."""

    def shifted(match: re.Match[str]) -> str:
        value = _CN.find(match.group(1)) + 1 if len(match.group(1)) == 1 else 0
        if not value or not 1 <= value + shift <= 10:
            return match.group()
        return _CN[value + shift - 1] + "、"

    return _CN_HEADING.sub(shifted, text)


class Pair:
    """Two texts and how B was made from A. Its repr (what hypothesis prints for a
    failing case) names the seed and the edits, not 30 KB of text."""

    __slots__ = ("seed", "edits", "a", "b")

    def __init__(self, seed: str, edits: tuple[str, ...], a: str, b: str) -> None:
        self.seed, self.edits, self.a, self.b = seed, edits, a, b

    def __repr__(self) -> str:
        return f"Pair(seed={self.seed!r}, edits={self.edits!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@st.composite
def edit(draw: st.DrawFn, text: str) -> tuple[str, str]:
    """`text` after one random edit of a sentence, a line, a number or the numbering,
    and a short description of the edit."""
    kind = draw(st.sampled_from(["sentence", "line", "number", "renumber"]))
    if kind == "number":
        numbers = list(_NUMBER.finditer(text))
        if not numbers:
            return text, "no number"
        found = draw(st.sampled_from(numbers))
        value = str(draw(st.integers(0, 3000)))
        return text[: found.start()] + value + text[found.end() :], f"number at {found.start()} -> {value}"
    if kind == "renumber":
        shift = draw(st.sampled_from([-1, 1]))
        return _renumber(text, shift), f"renumber {shift:+d}"
    spans = _sentence_spans(text) if kind == "sentence" else _line_spans(text)
    if len(spans) < 2:
        return text, "too short"
    i, j = sorted(draw(st.lists(st.integers(0, len(spans) - 1), min_size=2, max_size=2, unique=True)))
    (a0, a1), (b0, b1) = spans[i], spans[j]
    action = draw(st.sampled_from(["delete", "insert", "duplicate", "swap"]))
    what = f"{action} {kind} {i}" + (f" {j}" if action in ("duplicate", "swap") else "")
    if action == "delete":
        return text[:a0] + text[a1:], what
    if action == "insert":
        k = draw(st.integers(0, len(SEEDS) - 1))
        other_spans = _sentence_spans(SEEDS[k]) if kind == "sentence" else _line_spans(SEEDS[k])
        n = draw(st.integers(0, len(other_spans) - 1))
        s0, s1 = other_spans[n]
        return text[:a0] + SEEDS[k][s0:s1] + text[a0:], f"{what}: {kind} {n} of {SEED_FILES[k].stem}"
    if action == "duplicate":
        return text[:b1] + text[a0:a1] + text[b1:], what
    return text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:], what


@st.composite
def edited_pair(draw: st.DrawFn) -> Pair:
    """A seed and a copy after a few random edits."""
    k = draw(st.integers(0, len(SEEDS) - 1))
    text, edits = SEEDS[k], []
    for _ in range(draw(st.integers(1, 6))):
        text, what = draw(edit(text))
        edits.append(what)
    return Pair(SEED_FILES[k].stem, tuple(edits), SEEDS[k], text)


# --- running a comparison ---------------------------------------------------------------


def run(a: str, b: str, options: Options | None = None) -> Comparison:
    return compare(text_from_bytes(a.encode("utf-8"), name="a"), text_from_bytes(b.encode("utf-8"), name="b"), options)


def assert_lossless(result: dict[str, Any], text_a: str, text_b: str) -> None:
    """The contract of docs/json.md: per side, the records' spans tile the text and each
    record's ops rebuild its span exactly."""
    for side, text in (("a", text_a), ("b", text_b)):
        assert result[side]["length"] == len(text)
        spans = []
        for record in result["sections"]:
            if record[side] is None:
                continue
            start, end = record[side]["start"], record[side]["end"]
            spans.append((start, end))
            rebuilt = "".join(op.get(side, "") for op in record["changes"])
            assert rebuilt == text[start:end], f"record {record[side]['heading']!r} does not rebuild side {side}"
        position = 0
        for start, end in sorted(spans):
            assert start == position, f"side {side}: gap or overlap at {position}"
            position = end
        assert position == len(text)


def changed_text(result: dict[str, Any], op_name: str, side: str) -> Counter[str]:
    """The characters of every `op_name` op on `side` (inserted text of B, deleted text
    of A), normalised: which side a lone line break or space lands on is not a change."""
    found: Counter[str] = Counter()
    for record in result["sections"]:
        for op in record["changes"]:
            if op["op"] == op_name:
                found.update(normal_form(op[side]))
    return found


def statuses(result: dict[str, Any]) -> Counter[str]:
    return Counter(record["status"] for record in result["sections"])


def assert_no_change(comparison: Comparison) -> None:
    """Exit status 0, every section matched, and no op that changes the text: within each
    record, what is deleted and what is inserted are the same once normalised (a lone
    line break, or a chrome line wrapped differently, may come out as a delete/insert
    pair or a bare insert, which the diff does not count)."""
    result = json.loads(render_json(comparison))
    assert result["changed"] is False
    assert set(statuses(result)) == {"matched"}
    for record in result["sections"]:
        deleted = "".join(op["a"] for op in record["changes"] if op["op"] == "delete")
        inserted = "".join(op["b"] for op in record["changes"] if op["op"] == "insert")
        assert normal_form(deleted) == normal_form(inserted), (deleted[:80], inserted[:80])


# --- the properties ---------------------------------------------------------------------


@PROPERTY
@given(pair=edited_pair(), strict=st.booleans(), level=st.sampled_from([None, None, 1, 2]))
def test_json_contract_is_lossless(pair: Pair, strict: bool, level: int | None) -> None:
    a, b = pair.a, pair.b
    result = json.loads(render_json(run(a, b, Options(strict=strict, max_level=level))))
    assert_lossless(result, a, b)


@PROPERTY
@given(pair=edited_pair())
def test_same_inputs_give_byte_identical_json(pair: Pair) -> None:
    a, b = pair.a, pair.b
    assert render_json(run(a, b)) == render_json(run(a, b))


def test_two_processes_give_byte_identical_json(tmp_path: Path) -> None:
    """Hash randomisation differs between processes: no set or dict order may leak out."""
    a = SEEDS[0]
    b = _renumber(a, 1).replace("。", "。新增的一句话。", 3)
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path, text in zip(paths, (a, b), strict=True):
        path.write_text(text, encoding="utf-8")
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        command = [sys.executable, "-m", "plandiff", *map(str, paths), "-f", "json"]
        result = subprocess.run(command, capture_output=True, env=env, timeout=120, cwd=tmp_path)
        assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]


@PROPERTY
@given(pair=edited_pair())
def test_comparing_b_with_a_swaps_added_and_removed(pair: Pair) -> None:
    a, b = pair.a, pair.b
    forward, backward = json.loads(render_json(run(a, b))), json.loads(render_json(run(b, a)))
    assert statuses(forward)["added"] == statuses(backward)["removed"]
    assert statuses(forward)["removed"] == statuses(backward)["added"]
    assert forward["changed"] == backward["changed"]
    assert changed_text(forward, "insert", "b") == changed_text(backward, "delete", "a")
    assert changed_text(forward, "delete", "a") == changed_text(backward, "insert", "b")


@settings(PROPERTY, max_examples=max(1, EXAMPLES // 2))
@given(k=st.integers(0, len(SEEDS) - 1), strict=st.booleans())
def test_a_plan_compared_with_itself_has_no_change(k: int, strict: bool) -> None:
    assert_no_change(run(SEEDS[k], SEEDS[k], Options(strict=strict)))


@settings(PROPERTY, max_examples=max(1, EXAMPLES // 2))
@given(pair=edited_pair())
def test_an_edited_plan_compared_with_itself_has_no_change(pair: Pair) -> None:
    assert_no_change(run(pair.b, pair.b))


# --- normalisation-only edits -----------------------------------------------------------

HALF_WIDTH = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})
_CJK_PAIR = re.compile(r"(?<=[\u4e00-\u9fff])(?=[\u4e00-\u9fff])")


def half_width(text: str) -> str:
    return text.translate(HALF_WIDTH)


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def hard_wrap(text: str, width: int = 40) -> str:
    """Every line longer than `width` broken into lines of `width` characters (a PDF copy)."""
    out = []
    for line in text.split("\n"):
        out.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


@st.composite
def spaced(draw: st.DrawFn, text: str) -> str:
    """Spaces put between Chinese characters in the running text (a web copy's habit).

    Heading lines are left alone: a space inside 第一章 makes another line, not noise.
    """
    gaps = [m.start() for m in _CJK_PAIR.finditer(text)]
    chosen = sorted(set(draw(st.lists(st.sampled_from(gaps), min_size=1, max_size=40))), reverse=True)
    for at in chosen:
        line_start = text.rfind("\n", 0, at) + 1
        if at - line_start < 6:
            continue  # near a line start: might be inside a heading marker
        text = text[:at] + draw(st.sampled_from([" ", "\u3000", "  "])) + text[at:]
    return text


@st.composite
def noise_only(draw: st.DrawFn) -> Pair:
    """A seed (possibly edited first) and a copy changed only in layout."""
    base = draw(edited_pair()) if draw(st.booleans()) else None
    k = draw(st.integers(0, len(SEEDS) - 1))
    text = base.b if base else SEEDS[k]
    noisy = text
    # Hard wrapping is tested on its own (test_hard_wrapping_at_40_columns_gives_no_change):
    # on seeds with web chrome it fails for a known reason.
    transforms = draw(st.lists(st.sampled_from(["half", "space", "crlf"]), min_size=1, max_size=3, unique=True))
    # Line ends last.
    transforms.sort(key=["half", "space", "crlf"].index)
    for name in transforms:
        if name == "half":
            noisy = half_width(noisy)
        elif name == "space":
            noisy = draw(spaced(noisy))
        else:
            noisy = crlf(noisy)
    seed, edits = (base.seed, base.edits) if base else (SEED_FILES[k].stem, ())
    return Pair(seed, (*edits, "then noise: " + ", ".join(transforms)), text, noisy)


@pytest.mark.parametrize("transform", [half_width, crlf], ids=["half-width", "crlf"])
def test_each_normalisation_alone_gives_no_change(transform: Any) -> None:
    for text in SEEDS:
        assert_no_change(run(text, transform(text)))


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_hard_wrapping_at_40_columns_gives_no_change(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert_no_change(run(text, hard_wrap(text)))


@PROPERTY
@given(pair=noise_only())
def test_normalisation_only_edits_give_no_change(pair: Pair) -> None:
    a, b = pair.a, pair.b
    comparison = run(a, b)
    assert_lossless(json.loads(render_json(comparison)), a, b)
    assert_no_change(comparison)


def test_the_output_does_not_depend_on_the_string_hash_seed(tmp_path: Path) -> None:
    """Byte for byte the same JSON in processes with different PYTHONHASHSEEDs. Repeated
    text makes many scores tie exactly; set orders (which follow the hash seed) once broke
    those ties in the aligner's float sums and in the move finder's bigram blocking. The
    input is the benchmark's seeds ×8 against its edited copy, where seed 3 differed."""
    import importlib.util
    import subprocess
    import sys

    spec = importlib.util.spec_from_file_location("bench_inputs", Path(__file__).parent.parent / "bench" / "inputs.py")
    assert spec is not None and spec.loader is not None
    inputs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(inputs)
    a, b = inputs.scaled_pair(8, tmp_path)
    command = [sys.executable, "-m", "plandiff", str(a), str(b), "--format", "json"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, env={**os.environ, "PYTHONHASHSEED": seed})
        for seed in ("1", "2", "3")
    ]
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    assert all(run.returncode == 1 for run in runs)
    assert outputs[0] == outputs[1] == outputs[2]
