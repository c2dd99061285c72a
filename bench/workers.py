"""What the benchmark runs inside child processes (``run.py --worker NAME``).

Each worker is a function of a JSON-able argument dict that returns a JSON-able dict;
run.py starts it in a fresh interpreter with a timeout, so a slow stage or a
quadratic alternative can never hang the benchmark, and each case pays (and reports)
its own imports and peak memory.
"""

from __future__ import annotations

import gc
import io
import resource
import statistics
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

STAGES = ("ingest", "structure", "segmentation", "segmentation (warm)", "align", "diff", "summary",
          "render json", "render console")
COMPUTE_STAGES = ("ingest", "structure", "segmentation", "align", "diff", "summary")
"""The stages `compare()` runs (segmentation happens inside align/diff in the real pipeline)."""


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def _timed(times: dict[str, float], name: str):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    try:
        yield
    finally:
        times[name] = time.perf_counter() - start
        # The process's peak so far: the stage that raises it is the one that needs the memory
        # (native allocations in rjieba or rapidfuzz included, which tracemalloc does not see).
        times[f"rss mb after {name}"] = peak_rss_mb()


def clear_caches() -> int:
    """Clear every functools cache in plandiff except the segmenter itself.

    A long-running process comparing NEW documents gets no help from caches filled
    by earlier documents, so an honest timing starts with them empty; the segmenter
    and the dictionary words it has been given (`plandiff.lexicon`) are kept, as in
    real use: after a comparison or two a process takes the whole dictionary.
    The words' cost for a new document shows in "first compare() in process".

    Returns:
        How many caches were cleared.
    """
    cleared = 0
    for name, module in list(sys.modules.items()):
        if module is None or not (name == "plandiff" or name.startswith("plandiff.")):
            continue
        for attr_name, value in list(vars(module).items()):
            if attr_name == "_segmenter" or getattr(value, "__module__", name) != name:
                continue
            if callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                cleared += 1
    return cleared


def _render(stage: str, comparison: Any) -> None:
    if stage == "render json":
        from plandiff.render.json import render_json

        render_json(comparison)
    else:
        from plandiff.render.console import print_comparison

        print_comparison(comparison, io.StringIO(), color=False, width=100)


def run_chain(path_a: str, path_b: str, clear: bool = True) -> tuple[dict[str, float], dict[str, str]]:
    """One pass of the pipeline, stage by stage, as `compare()` would run it.

    Returns:
        Seconds per stage, and an error message per stage that failed (later stages
        that need its result are then skipped).
    """
    from plandiff import tokens
    from plandiff.align import align
    from plandiff.diff import diff_alignment
    from plandiff.ingest import read_text
    from plandiff.model import Comparison, Options
    from plandiff.structure import parse_document
    from plandiff.summary import summarise

    if clear:
        clear_caches()
    times: dict[str, float] = {}
    errors: dict[str, str] = {}
    with _timed(times, "ingest"):
        text_a, text_b = read_text(path_a), read_text(path_b)
    with _timed(times, "structure"):
        doc_a, doc_b = parse_document(text_a), parse_document(text_b)
    texts = [doc.own_text(s) for doc in (doc_a, doc_b) for s in doc.sections]
    for name in ("segmentation", "segmentation (warm)"):
        with _timed(times, name):
            for text in texts:
                tokens.cut(text)
    with _timed(times, "align"):
        alignment = align(doc_a, doc_b, pins=(), max_level=None)
    with _timed(times, "diff"):
        diffs = diff_alignment(alignment, strict=False)
    with _timed(times, "summary"):
        summary = summarise(alignment, diffs)
    comparison = Comparison(alignment=alignment, diffs=diffs, summary=summary, options=Options())
    for stage in ("render json", "render console"):
        try:
            with _timed(times, stage):
                _render(stage, comparison)
        except Exception as exc:  # a renderer still being written must not stop the run
            times.pop(stage, None)
            errors[stage] = f"{type(exc).__name__}: {exc}"[:200]
    return times, errors


def _first_import_and_load() -> dict[str, float]:
    """Seconds to import the pipeline and to start the segmenter (its dictionary fills by need)."""
    start = time.perf_counter()
    import plandiff.align  # noqa: F401
    import plandiff.diff  # noqa: F401
    import plandiff.pipeline  # noqa: F401
    import plandiff.structure  # noqa: F401
    import plandiff.summary  # noqa: F401
    from plandiff import tokens

    imported = time.perf_counter()
    tokens.cut("加强科普基础设施建设")
    return {"import pipeline": imported - start, "load segmenter": time.perf_counter() - imported}


def _summarise_runs(runs: list[float]) -> dict[str, float]:
    return {"min": min(runs), "median": statistics.median(runs), "n": len(runs)}


def stages(args: dict[str, Any]) -> dict[str, Any]:
    """Per-stage times (cold caches) and whole `compare()` times, cold and warm."""
    from plandiff.pipeline import compare

    result: dict[str, Any] = {"startup": _first_import_and_load()}
    path_a, path_b = args["a"], args["b"]
    start = time.perf_counter()
    compare(path_a, path_b)
    result["first compare"] = time.perf_counter() - start
    per_stage: dict[str, list[float]] = {}
    errors: dict[str, str] = {}
    for _ in range(args["repeats"]):
        times, errors = run_chain(path_a, path_b)
        for name, seconds in times.items():
            if not name.startswith("rss mb"):
                per_stage.setdefault(name, []).append(seconds)
    result["stages"] = {name: _summarise_runs(runs) for name, runs in per_stage.items()}
    result["errors"] = errors
    result["compare cold"] = _summarise_runs(_repeat(lambda: (clear_caches(), compare(path_a, path_b)), args["repeats"]))
    result["compare warm"] = _summarise_runs(_repeat(lambda: compare(path_a, path_b), args["repeats"]))
    return result


def _repeat(call: Callable[[], object], repeats: int) -> list[float]:
    runs = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        call()
        runs.append(time.perf_counter() - start)
    return runs


def scale(args: dict[str, Any]) -> dict[str, Any]:
    """One big pair: per-stage times (first pass, cold caches) and peak memory."""
    _first_import_and_load()
    for renderer in ("plandiff.render.json", "plandiff.render.console"):
        try:  # import cost is not the document's
            __import__(renderer)
        except ImportError:
            pass
    baseline = peak_rss_mb()
    runs: list[dict[str, float]] = []
    errors: dict[str, str] = {}
    for _ in range(args["repeats"]):
        gc.collect()
        times, errors = run_chain(args["a"], args["b"])
        runs.append(times)
    compute = [sum(t[s] for s in COMPUTE_STAGES if s in t) for t in runs]
    memory = {name.removeprefix("rss mb after "): value for name, value in runs[0].items() if name.startswith("rss mb")}
    runs = [{name: value for name, value in t.items() if not name.startswith("rss mb")} for t in runs]
    stage_min = {name: min(t[name] for t in runs if name in t) for name in runs[0]}
    return {"baseline rss mb": baseline, "peak rss mb": peak_rss_mb(), "compute": _summarise_runs(compute),
            "stages": stage_min, "peak rss mb after stage": memory, "errors": errors}


def difflib_chars(args: dict[str, Any]) -> dict[str, Any]:
    """difflib.SequenceMatcher over characters, as a user would call it (defaults)."""
    import difflib

    a, b = _read_pair(args)
    start = time.perf_counter()
    opcodes = difflib.SequenceMatcher(None, a, b).get_opcodes()
    seconds = time.perf_counter() - start
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    return {"seconds": seconds, "equal chars": equal, "ops": len(opcodes)}


def dmp_chars(args: dict[str, Any]) -> dict[str, Any]:
    """The pure-Python diff-match-patch with its default 1 s timeout.

    Degraded: the timeout made it give up, so its result keeps far fewer equal
    characters than the exact longest common subsequence (rapidfuzz computes that).
    """
    from diff_match_patch import diff_match_patch
    from rapidfuzz.distance import LCSseq

    a, b = _read_pair(args)
    dmp = diff_match_patch()
    start = time.perf_counter()
    diffs = dmp.diff_main(a, b)
    seconds = time.perf_counter() - start
    equal = sum(len(text) for op, text in diffs if op == 0)
    lcs = LCSseq.similarity(a, b)
    share = equal / lcs if lcs else 1.0
    return {"seconds": seconds, "timeout": dmp.Diff_Timeout, "equal chars": equal, "lcs chars": lcs,
            "equal share of lcs": share, "degraded": share < 0.5, "ops": len(diffs)}


def _read_pair(args: dict[str, Any]) -> tuple[str, str]:
    return Path(args["a"]).read_text(encoding="utf-8"), Path(args["b"]).read_text(encoding="utf-8")


def tui(args: dict[str, Any]) -> dict[str, Any]:
    """Start the TUI headless; wall-clock times when the frame and the first comparison are drawn."""
    import asyncio

    marks: dict[str, float] = {}
    try:
        from plandiff.tui.launch import open_app
    except Exception as exc:
        return {"error": f"TUI unavailable: {type(exc).__name__}: {exc}"[:200]}

    async def drive() -> None:
        app = open_app(args["a"], args["b"])  # what `plandiff view` runs (first comparison forked)
        async with app.run_test(size=(120, 40)) as pilot:
            # run_test yields once the app is mounted and its first screen is laid out.
            marks["frame"] = time.time()
            deadline = time.time() + args.get("patience", 60)
            while getattr(app, "comparison", None) is None:
                if time.time() > deadline or getattr(app, "_exit", False):
                    return
                await pilot.pause(0.005)
            await pilot.pause()
            marks["content"] = time.time()

    asyncio.run(drive())
    if "content" not in marks:
        return {"error": "the TUI never showed a comparison"}
    return {"marks": marks}


def segmenters(args: dict[str, Any]) -> dict[str, Any]:
    """rjieba against jieba on the seeds: throughput after load, and token agreement."""
    import logging

    import rjieba

    texts = [Path(p).read_text(encoding="utf-8") for p in args["files"]]
    chars = sum(len(t) for t in texts)
    result: dict[str, Any] = {"chars": chars}
    rjieba.cut("预热")
    result["rjieba seconds"] = min(_repeat(lambda: [rjieba.cut(t) for t in texts], args["repeats"]))
    try:
        import jieba
    except ImportError:
        result["jieba"] = "not installed (pip install jieba to compare)"
        return result
    jieba.setLogLevel(logging.CRITICAL)
    jieba.lcut("预热")
    result["jieba seconds"] = min(_repeat(lambda: [jieba.lcut(t) for t in texts], args["repeats"]))
    same = total = 0
    for text in texts:
        ours, theirs = _spans(rjieba.cut(text)), _spans(jieba.lcut(text))
        same += len(ours & theirs)
        total += len(theirs)
    result["identical token share"] = same / total if total else 1.0
    return result


def _spans(words: list[str]) -> set[tuple[int, int]]:
    spans, pos = set(), 0
    for word in words:
        spans.add((pos, pos + len(word)))
        pos += len(word)
    return spans


def profile(args: dict[str, Any]) -> dict[str, Any]:
    """cProfile of one cold-cache compare: the top functions by own and cumulative time."""
    import cProfile
    import pstats

    from plandiff.pipeline import compare

    compare(args["a"], args["b"])
    clear_caches()
    profiler = cProfile.Profile()
    profiler.enable()
    compare(args["a"], args["b"])
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(args.get("top", 25))
    stats.sort_stats("cumulative").print_stats(args.get("top", 25))
    return {"text": out.getvalue()}


WORKERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "stages": stages,
    "scale": scale,
    "difflib": difflib_chars,
    "dmp": dmp_chars,
    "tui": tui,
    "segmenters": segmenters,
    "profile": profile,
}
