"""The benchmark's own logic (bench/): inputs, fit and tables. No timing is asserted here."""

from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


def _load(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


inputs = _load("inputs")
report = _load("report")

TEXT = "一、总体要求\n坚持创新驱动。加强科普基础设施建设；提升公民科学素质！\n\n二、重点任务\n实施科技资源科普化工程。到2025年，比例达到15%。\n"


def test_sentences_rebuild_the_text():
    assert "".join(inputs.sentences(TEXT)) == TEXT
    assert "".join(inputs.sentences(TEXT.rstrip("\n"))) == TEXT.rstrip("\n")


def test_edited_copy_is_deterministic_and_edits_about_a_fifth():
    text = inputs.seeds_text()
    first, second = inputs.edited_copy(text), inputs.edited_copy(text)
    assert first == second
    assert inputs.edited_copy(text, seed=1) != first
    a, b = inputs.sentences(text), inputs.sentences(first)
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    kept = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    non_blank = sum(1 for s in a if s.strip())
    assert non_blank > 100
    # A fifth of the sentences get one edit, a third each of delete, insert and change:
    # about 2/3 × 20% of A's sentences are gone from B, and as many of B's are new.
    lost_from_a = (len(a) - kept) / non_blank
    new_in_b = (len(b) - kept) / non_blank
    assert 0.09 < lost_from_a < 0.18, lost_from_a
    assert 0.09 < new_in_b < 0.18, new_in_b


def test_edited_copy_keeps_line_structure_of_untouched_text():
    assert inputs.edited_copy(TEXT, rate=0.0) == TEXT
    assert inputs.edited_copy(TEXT, rate=1.0) != TEXT


def test_scaled_pair_writes_k_copies(tmp_path):
    path_a, path_b = inputs.scaled_pair(3, tmp_path, base=TEXT)
    assert path_a.read_text(encoding="utf-8") == "\n".join([TEXT] * 3)
    assert path_b.is_file()


@pytest.mark.parametrize("power", [1.0, 1.5, 2.0])
def test_growth_exponent_recovers_a_power_law(power):
    sizes = [1e3, 4e3, 1.6e4, 6.4e4]
    assert report.growth_exponent(sizes, [3e-6 * s**power for s in sizes]) == pytest.approx(power)


def test_growth_exponent_needs_two_sizes():
    assert report.growth_exponent([10.0], [1.0]) is None


def test_tables_align_cjk_columns_and_escape_markdown_pipes():
    table = report.Table("t", ["case", "time"])
    table.add("科普 a|b", report.seconds(0.0123))
    text = report.as_text(table).splitlines()
    assert text[2].index("time") + 4 == len(text[2])  # right-aligned numbers line up with the header
    assert report.as_markdown(table).count("a\\|b") == 1
    assert report.seconds(2.5) == "2.50 s" and report.seconds(0.0005) == "500 µs" and report.seconds(None) == "–"
