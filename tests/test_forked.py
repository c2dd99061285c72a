"""`plandiff.forked` and `compare(parallel=True)`: a child process aligns big plans while
the parent reads them for the summary; the result is the in-process one, byte for byte."""

from __future__ import annotations

import gc
import os
import sys
import threading

import pytest

from plandiff import pipeline
from plandiff.errors import PinsError
from plandiff.forked import Forked
from plandiff.ingest import text_from_bytes
from plandiff.model import Options, Pin, Text
from plandiff.render.json import render_json

from .conftest import SEED_FILES

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")


def big_pair() -> tuple[Text, Text]:
    """Three seeds joined against three others: well over `PARALLEL_CHARS` together."""
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    a, b = "\n".join(texts[:3]), "\n".join(texts[2:])
    assert len(a) + len(b) >= pipeline.PARALLEL_CHARS
    return text_from_bytes(a.encode(), name="a.txt"), text_from_bytes(b.encode(), name="b.txt")


@pytest.fixture(autouse=True)
def _no_other_thread() -> None:
    if threading.active_count() > 1:
        pytest.skip("a thread is running in the test process: forking is refused")


def test_parallel_compare_gives_the_in_process_result() -> None:
    a, b = big_pair()
    assert render_json(pipeline.compare(a, b, parallel=True)) == render_json(pipeline.compare(a, b))


def functions_forked(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The functions `Forked.start` is asked to run from now on (it still runs them)."""
    started: list[object] = []
    real_start = Forked.start

    def spy(function, *args):  # type: ignore[no-untyped-def]
        started.append(function)
        return real_start(function, *args)

    monkeypatch.setattr(Forked, "start", spy)
    return started


def test_the_child_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    started = functions_forked(monkeypatch)
    pipeline.compare(*big_pair(), parallel=True)
    assert started == [pipeline._links]


def test_a_failed_child_falls_back_to_aligning_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = big_pair()
    expected = render_json(pipeline.compare(a, b))

    def broken(*_args: object) -> None:
        raise RuntimeError("the child dies")  # not a PlandiffError: the parent must align itself

    monkeypatch.setattr(pipeline, "_links", broken)
    assert render_json(pipeline.compare(a, b, parallel=True)) == expected


def test_an_error_in_the_child_reaches_the_caller() -> None:
    a, b = big_pair()
    bad = Options(pins=(Pin(a_line=999_999, b_line=1),))
    with pytest.raises(PinsError, match="999999"):
        pipeline.compare(a, b, bad, parallel=True)


def test_small_plans_are_not_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Forked, "start", lambda *_: pytest.fail("forked for small plans"))
    plan = "一、总体要求\n到2025年，比例达到15%。\n二、主要任务\n（一）加强科普基地建设。\n"
    small = [text_from_bytes(t.encode(), name=n) for t, n in ((plan, "a.txt"), (plan + "（二）新任务。\n", "b.txt"))]
    pipeline.compare(*small, parallel=True)


def test_forked_returns_the_result_and_reaps_the_child() -> None:
    forked = Forked.start(sorted, [3, 1, 2])
    assert forked is not None
    assert forked.take() == [1, 2, 3]
    with pytest.raises(ChildProcessError):
        os.waitpid(forked.pid, os.WNOHANG)


def test_the_child_computes_without_the_cyclic_collector_and_the_parent_keeps_it() -> None:
    """The child runs one function and exits, so collecting cycles would only cost time."""
    forked = Forked.start(gc.isenabled)
    assert forked is not None
    assert forked.take() is False
    assert gc.isenabled()


def test_ready_says_when_take_will_not_block() -> None:
    read_end, write_end = os.pipe()
    forked = Forked.start(os.read, read_end, 1)  # the child waits for a byte from us
    assert forked is not None
    assert not forked.ready()
    os.write(write_end, b"x")
    assert forked.take() == b"x"  # blocks until the child has sent it
    assert forked.ready()  # taken: nothing left to wait for
    os.close(read_end)
    os.close(write_end)


class _Child:
    """Stands for a `Forked` whose result arrives after `steps` calls of `ready`."""

    def __init__(self, steps: int) -> None:
        self.steps = steps
        self.asked = 0

    def ready(self) -> bool:
        self.asked += 1
        return self.asked > self.steps


def test_work_ahead_stops_as_soon_as_the_links_are_there() -> None:
    from plandiff import diff

    docs = [pipeline.load(t) for t in big_pair()]
    diff._clauses.cache_clear()
    pipeline._work_ahead(_Child(0), *docs, Options())  # type: ignore[arg-type]
    assert diff._clauses.cache_info().currsize == 0
    pipeline._work_ahead(_Child(3), *docs, Options())  # type: ignore[arg-type]
    assert 0 < diff._clauses.cache_info().currsize <= 6  # three steps: three sections of each plan


def test_work_ahead_done_to_the_end_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every section cut and every phrase judged before the links: the same comparison."""
    from plandiff import diff, priorities

    diffed: list[object] = []
    real_diff_spans = diff._diff_spans

    def counted(*args):  # type: ignore[no-untyped-def]
        diffed.append(args)
        return real_diff_spans(*args)

    monkeypatch.setattr(diff, "_diff_spans", counted)
    a, b = big_pair()
    for options in (Options(), Options(max_level=2)):
        expected = render_json(pipeline.compare(a, b, options))
        docs = [pipeline.load(t) for t in (a, b)]
        diff._clauses.cache_clear()
        pipeline._work_ahead(_Child(10**9), *docs, options)  # type: ignore[arg-type]
        prepared = diff._clauses.cache_info().currsize
        sides = diff._side(docs[0].text, False), diff._side(docs[1].text, False)
        guessed = len(diff._steps_ahead(*sides))
        news = priorities._news(priorities.document_plan(docs[1]), priorities.document_plan(docs[0]))
        assert len(news) == len(priorities.document_plan(docs[1]).cores)  # every phrase of B judged
        diffed.clear()
        comparison = pipeline.compare(*docs, options)
        assert len(diffed) < len(comparison.alignment.links)  # some links were diffed ahead
        info = diff._clauses.cache_info()
        assert info.hits > 0.9 * prepared  # the diff found nearly all sections cut
        assert guessed > 0 and not diff._steps_ahead(*sides)  # guesses taken, the rest dropped
        assert render_json(comparison) == expected
        again = diff.diff_alignment(comparison.alignment)  # the steps ahead were taken once
        assert again == comparison.diffs


def test_a_big_b_is_read_in_a_child_and_comes_back_whole(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    paths = [tmp_path / "a.txt", tmp_path / "b.txt"]
    for path, text in zip(paths, big_pair(), strict=True):
        path.write_text(text.original, encoding="utf-8")
    started = functions_forked(monkeypatch)
    monkeypatch.setattr(pipeline, "PARALLEL_READ_BYTES", paths[1].stat().st_size)
    assert pipeline._sections_of_both(*paths) == (pipeline._sections(paths[0]), pipeline._sections(paths[1]))
    assert started == [pipeline._sections]
    monkeypatch.setattr(pipeline, "PARALLEL_READ_BYTES", paths[1].stat().st_size + 1)
    pipeline._sections_of_both(*paths)
    assert started == [pipeline._sections]  # smaller than the threshold: read here


def test_errors_of_files_read_in_parallel_are_those_of_reading_in_order(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path,  # type: ignore[no-untyped-def]
) -> None:
    from plandiff.errors import PlandiffError

    def in_order(a: object, b: object) -> None:
        pipeline._sections(a), pipeline._sections(b)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "PARALLEL_READ_BYTES", 1)
    good, empty, binary = tmp_path / "good.txt", tmp_path / "empty.txt", tmp_path / "binary.txt"
    good.write_text(big_pair()[0].original, encoding="utf-8")
    empty.write_bytes(b"")
    binary.write_bytes(bytes(range(256)) * 64)
    for a, b in ((good, binary), (empty, binary), (good, tmp_path / "missing.txt")):
        with pytest.raises(PlandiffError) as serial:
            in_order(a, b)
        with pytest.raises(PlandiffError) as parallel:
            pipeline._sections_of_both(a, b)
        assert (type(parallel.value), str(parallel.value)) == (type(serial.value), str(serial.value))
