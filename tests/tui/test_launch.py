"""`plandiff view`'s start: the first comparison made in a forked child (`launch.Prefetch`)."""

from __future__ import annotations

import os
import re
import sys
import threading
from pathlib import Path

import pytest

from plandiff.errors import PlandiffError
from plandiff.ingest import read_text
from plandiff.model import Options, Pin
from plandiff.pipeline import compare
from plandiff.render.json import render_json
from plandiff.tui.launch import Prefetch, open_app

from .conftest import settle

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin", reason="needs fork")


def start(pair: tuple[Path, Path], options: Options) -> Prefetch:
    if threading.active_count() > 1:
        pytest.skip("a thread is running in the test process: Prefetch.start declines to fork")
    prefetch = Prefetch.start(read_text(pair[0]), read_text(pair[1]), options)
    assert prefetch is not None
    return prefetch


def test_the_child_sends_the_comparison_the_parent_would_make(pair: tuple[Path, Path]) -> None:
    prefetch = start(pair, Options())
    taken = prefetch.take(Options())
    assert taken is not None
    assert render_json(taken) == render_json(compare(*pair))
    with pytest.raises(ChildProcessError):
        os.waitpid(prefetch.pid, os.WNOHANG)  # reaped: no zombie left


def test_an_error_in_the_child_is_raised_again_with_its_message(pair: tuple[Path, Path]) -> None:
    bad = Options(pins=(Pin(a_line=99999, b_line=1),))
    with pytest.raises(PlandiffError) as expected:
        compare(*pair, bad)
    prefetch = start(pair, bad)
    with pytest.raises(type(expected.value), match=re.escape(str(expected.value))):
        prefetch.take(bad)


def test_a_result_for_other_options_is_not_used(pair: tuple[Path, Path]) -> None:
    prefetch = start(pair, Options())
    assert prefetch.take(Options(strict=True)) is None


def test_close_stops_a_child_whose_result_was_never_taken(pair: tuple[Path, Path]) -> None:
    prefetch = start(pair, Options())
    prefetch.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(prefetch.pid, os.WNOHANG)
    assert prefetch.take(Options()) is None  # closed: nothing to take, and no error


async def test_the_app_shows_the_prefetched_comparison(pair: tuple[Path, Path]) -> None:
    if threading.active_count() > 1:
        pytest.skip("a thread is running in the test process: Prefetch.start declines to fork")
    app = open_app(*pair)
    assert app.prefetch is not None
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.prefetch is None  # taken by the first comparison
        assert app.comparison is not None
        assert render_json(app.comparison) == render_json(compare(*pair))
