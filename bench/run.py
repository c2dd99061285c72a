"""plandiff's benchmark: whole-process times, stage split, scaling, and the alternatives.

    python bench/run.py            # the full run (several minutes on 2 cores)
    python bench/run.py --quick    # a short run (about a minute)
    python bench/run.py --markdown results.md --json results.json

Everything is measured in ONE run, so the ratios between plandiff and the
alternatives are fair on a noisy machine; each case reports the min and the median
over its repeats. Every case runs in a child process with a time cap, so a slow stage
or a quadratic alternative is reported as "> N s" instead of hanging the run. See
bench/README.md and docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import inputs  # noqa: E402
from report import Table, as_markdown, as_text, growth_exponent, ratio, seconds  # noqa: E402

HERE = Path(__file__).resolve()
RESULTS = HERE.parent / "results"
MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """How hard to measure: repeats per kind of case, the scaling sizes, the time caps."""

    process_repeats: int = 7
    help_repeats: int = 10
    tui_repeats: int = 3
    stage_repeats: int = 7
    scale_repeats: int = 3
    big_scale_repeats: int = 1
    import_repeats: int = 5
    sizes: tuple[int, ...] = (1, 4, 16, inputs.THREE_MB_TIMES, 64)
    case_cap: float = 120.0
    """Seconds any one child process may take before it is killed and reported as > cap."""
    alternative_cap: float = 60.0
    pairs: int = 3


FULL = Settings()
QUICK = Settings(process_repeats=3, help_repeats=5, tui_repeats=1, stage_repeats=3, scale_repeats=1,
                 import_repeats=3, sizes=(1, 4, 16), case_cap=60.0, alternative_cap=10.0, pairs=1)
DRY = Settings(process_repeats=1, help_repeats=1, tui_repeats=1, stage_repeats=1, scale_repeats=1,
               import_repeats=1, sizes=(1,), case_cap=60.0, alternative_cap=5.0, pairs=1)

BUDGETS = {
    "json process": 0.3,
    "help": 0.15,
    "tui first screen": 1.0,
    "in-process compare": 0.030,
    "3 MB time": 10.0,
    "3 MB memory": 1024.0,
    "3 M chars time": 10.0,
    "3 M chars memory": 1024.0,
    "growth exponent": 1.3,
}
"""Issue 7's budgets. "3 MB" is read two ways, both reported: files of 3 MB of UTF-8 (the
seeds ×23), and the stricter 3 M characters (×64, 8.3 MB of UTF-8)."""


# --- child processes ---------------------------------------------------------------


@dataclass
class Run:
    """One finished (or killed) child process."""

    seconds: float
    returncode: int | None
    peak_mb: float
    stdout: str
    stderr: str
    timed_out: bool = False

    @property
    def error(self) -> str | None:
        if self.timed_out:
            return "timed out"
        crashed = "Traceback (most recent call last)" in self.stderr
        if crashed or self.returncode not in (0, 1):  # plandiff and git diff exit 1 for "different"
            lines = [line for line in self.stderr.strip().splitlines() if line.strip()]
            return (lines[-1] if lines else f"exit status {self.returncode}")[:160]
        return None


def run_process(command: list[str], cap: float, env: dict[str, str] | None = None) -> Run:
    """Run `command` to completion (or kill it after `cap` seconds).

    Wall time is measured from just before the fork to the moment the child is reaped;
    its peak memory comes from wait4's rusage, which is the child's own (not the max
    over all children, as RUSAGE_CHILDREN would be).
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        reaped: dict[str, Any] = {}
        start = time.perf_counter()
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True, env=env or _child_env())

        def reap() -> None:
            reaped["wait4"] = os.wait4(process.pid, 0)
            reaped["end"] = time.perf_counter()

        waiter = threading.Thread(target=reap, daemon=True)
        waiter.start()
        waiter.join(cap)
        timed_out = waiter.is_alive()
        if timed_out:
            os.killpg(process.pid, signal.SIGKILL)
            waiter.join()
        _pid, status, usage = reaped["wait4"]
        process.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting
        out.seek(0)
        err.seek(0)
        return Run(seconds=reaped["end"] - start, returncode=process.returncode, peak_mb=usage.ru_maxrss / 1024,
                   stdout=out.read().decode("utf-8", "replace"), stderr=err.read().decode("utf-8", "replace"),
                   timed_out=timed_out)


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PLANDIFF_USER_DICT", None)
    env["NO_COLOR"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "0"
    return env


def worker(name: str, args: dict[str, Any], cap: float) -> dict[str, Any]:
    """Run `workers.<name>(args)` in a fresh interpreter; its JSON answer, or an error."""
    run = run_process([sys.executable, str(HERE), "--worker", name, json.dumps(args)], cap)
    if run.timed_out:
        return {"error": f"> {cap:.0f} s", "timed out": True}
    if run.returncode != 0:
        lines = [line for line in run.stderr.strip().splitlines() if line.strip()]
        return {"error": (lines[-1] if lines else f"exit status {run.returncode}")[:200]}
    answer: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    answer["process seconds"] = run.seconds
    answer["process peak mb"] = run.peak_mb
    return answer


def repeat_process(command: list[str], repeats: int, cap: float, expect_json: bool = False) -> dict[str, Any]:
    """Min and median wall time of `command` over `repeats` runs (stops at the first failure).

    With `expect_json`, the first run's output must parse as JSON: a fast but broken
    renderer must not pass for a fast plandiff.
    """
    runs: list[Run] = []
    for _ in range(repeats):
        run = run_process(command, cap)
        if run.error:
            return {"error": run.error if not run.timed_out else f"> {cap:.0f} s", "timed out": run.timed_out}
        if expect_json and not runs and not _is_json(run.stdout):
            return {"error": "output is not JSON"}
        runs.append(run)
    times = [r.seconds for r in runs]
    return {"min": min(times), "median": statistics.median(times), "n": len(times),
            "peak mb": max(r.peak_mb for r in runs), "stdout bytes": len(runs[-1].stdout.encode())}


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def plandiff_command() -> list[str]:
    """The installed ``plandiff`` script next to this interpreter, else ``python -m plandiff``."""
    script = Path(sys.executable).parent / "plandiff"
    return [str(script)] if script.is_file() else [sys.executable, "-m", "plandiff"]


# --- the measurements ----------------------------------------------------------------


def measure_processes(settings: Settings, pairs: list[tuple[Path, Path]]) -> dict[str, Any]:
    plandiff = plandiff_command()
    result: dict[str, Any] = {
        "python -c pass": repeat_process([sys.executable, "-c", "pass"], settings.help_repeats, settings.case_cap),
        "help": repeat_process([*plandiff, "--help"], settings.help_repeats, settings.case_cap),
        "json": {},
    }
    for a, b in pairs:
        result["json"][_pair_name(a, b)] = repeat_process(
            [*plandiff, str(a), str(b), "--format", "json"], settings.process_repeats, settings.case_cap, expect_json=True)
    a, b = pairs[0]
    result["text"] = {_pair_name(a, b): repeat_process([*plandiff, str(a), str(b), "--color", "never"],
                                                       settings.process_repeats, settings.case_cap)}
    result["tui"] = measure_tui(settings, pairs[0])
    return result


def measure_tui(settings: Settings, pair: tuple[Path, Path]) -> dict[str, Any]:
    """Process start → TUI frame drawn, and → first comparison drawn (headless, 120×40)."""
    frames: list[float] = []
    contents: list[float] = []
    for _ in range(settings.tui_repeats):
        start = time.time()
        answer = worker("tui", {"a": str(pair[0]), "b": str(pair[1])}, settings.case_cap)
        if "error" in answer:
            return {"error": answer["error"]}
        frames.append(answer["marks"]["frame"] - start)
        contents.append(answer["marks"]["content"] - start)
    return {"frame": _stats(frames), "content": _stats(contents)}


def _stats(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "n": len(values)}


def measure_imports(settings: Settings) -> dict[str, Any]:
    """Seconds each import adds to a bare interpreter start (median of fresh processes)."""
    base = repeat_process([sys.executable, "-c", "pass"], settings.import_repeats, settings.case_cap)
    result: dict[str, Any] = {}
    for module in ("plandiff.cli", "plandiff.pipeline", "rjieba", "rapidfuzz.distance", "diff_match_patch",
                   "rich.console", "textual.app", "plandiff.tui.app"):
        timing = repeat_process([sys.executable, "-c", f"import {module}"], settings.import_repeats, settings.case_cap)
        if "error" not in timing and "error" not in base:
            timing["added"] = timing["median"] - base["median"]
        result[module] = timing
    return result


def measure_stages(settings: Settings, pairs: list[tuple[Path, Path]]) -> dict[str, Any]:
    return {_pair_name(a, b): worker("stages", {"a": str(a), "b": str(b), "repeats": settings.stage_repeats},
                                     settings.case_cap * 2)
            for a, b in pairs}


def measure_scaling(settings: Settings, directory: Path) -> dict[str, Any]:
    """Each size: in-process stages and peak memory, the whole CLI process, the alternatives."""
    unit = inputs.seeds_text()
    plandiff = plandiff_command()
    result: dict[str, Any] = {}
    given_up: set[str] = set()
    for times in settings.sizes:
        path_a, path_b = inputs.scaled_pair(times, directory, unit)
        text_a, text_b = (p.read_text(encoding="utf-8") for p in (path_a, path_b))
        entry: dict[str, Any] = {"chars a": len(text_a), "chars b": len(text_b),
                                 "bytes a": path_a.stat().st_size, "bytes b": path_b.stat().st_size}
        big = times >= 64
        repeats = settings.big_scale_repeats if big else settings.scale_repeats
        cap = settings.case_cap * (3 if big else 1)
        pair = {"a": str(path_a), "b": str(path_b)}
        if "in-process" in given_up:
            entry["in-process"] = {"error": "skipped: a smaller size exceeded the cap"}
        else:
            entry["in-process"] = worker("scale", {**pair, "repeats": repeats}, cap)
        if "cli" in given_up:
            entry["cli"] = {"error": "skipped: a smaller size exceeded the cap"}
        else:
            # repeated at every size (the machine's drift is ±15% between runs of one process)
            runs = repeat_process([*plandiff, str(path_a), str(path_b), "--format", "json"], settings.scale_repeats, cap)
            entry["cli"] = {"seconds": runs["median"], "min": runs["min"], "n": runs["n"],
                            "peak mb": runs["peak mb"]} if "median" in runs else runs
        entry["alternatives"] = measure_alternatives(settings, path_a, path_b, given_up)
        for case in ("in-process", "cli"):
            if entry[case].get("timed out"):
                given_up.add(case)
        result[f"{times}x"] = entry
        _progress(f"scaling {times}x done")
    return result


def measure_alternatives(settings: Settings, path_a: Path, path_b: Path, given_up: set[str]) -> dict[str, Any]:
    """difflib and diff-match-patch on characters, git's word diff; each capped."""
    pair = {"a": str(path_a), "b": str(path_b)}
    cap = settings.alternative_cap
    result: dict[str, Any] = {}
    for name in ("difflib", "dmp"):
        if name in given_up:
            result[name] = {"error": "skipped: a smaller size exceeded the cap", "timed out": True}
            continue
        result[name] = worker(name, pair, cap)
        if result[name].get("timed out"):
            result[name]["error"] = f"> {cap:.0f} s"
            given_up.add(name)
    git = shutil.which("git")
    if git is None:
        result["git"] = {"error": "git not installed"}
    else:
        run = run_process([git, "diff", "--no-index", "--word-diff", "--no-color", str(path_a), str(path_b)], cap)
        result["git"] = {"seconds": run.seconds} if not run.error else {
            "error": f"> {cap:.0f} s" if run.timed_out else run.error}
    return result


def measure_segmenters(settings: Settings) -> dict[str, Any]:
    """Start-up (fresh process: import, first cut of one plan) and throughput of plandiff's
    segmenter (rjieba given the dictionary words by need), rjieba as it comes, and jieba."""
    files = [str(p) for p in sorted(inputs.SEEDS.glob("*.txt"))]
    read = f"open({files[0]!r}, encoding='utf-8').read()"
    starts = {
        "plandiff start": f"from plandiff import tokens; tokens.cut({read})",
        "rjieba start": f"import rjieba; rjieba.cut({read})",
        "jieba start": f"import jieba, logging; jieba.setLogLevel(logging.CRITICAL); jieba.lcut({read})",
    }
    result: dict[str, Any] = {
        name: repeat_process([sys.executable, "-c", code], settings.import_repeats, settings.case_cap)
        for name, code in starts.items()
    }
    result["plan"] = Path(files[0]).name
    result["throughput"] = worker("segmenters", {"files": files, "repeats": settings.stage_repeats}, settings.case_cap)
    return result


def _pair_name(a: Path, b: Path) -> str:
    return f"{a.stem.split('-')[0]} → {b.stem.split('-')[0]}"


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# --- machine and budgets ---------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for package in ("plandiff", "rjieba", "jieba", "rapidfuzz", "diff-match-patch", "orjson", "rich", "textual"):
        try:
            from importlib.metadata import version

            versions[package] = version(package)
        except Exception:
            versions[package] = "not installed"
    commit = subprocess.run(["git", "-C", str(inputs.ROOT), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() if shutil.which("git") else ""
    return {"cpu": cpu, "cores": os.cpu_count(), "system": platform.platform(), "python": platform.python_version(),
            "versions": versions, "commit": commit, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "load at start": _load_average()}


def _load_average() -> float | None:
    """The 1-minute load average: other work on the machine inflates every number."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def budgets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each budget of issue 7 with its measured value and whether it is met."""
    checks: list[dict[str, Any]] = []

    def check(name: str, measured: float | None, limit: float, unit: str, how: str) -> None:
        checks.append({"budget": name, "measured": measured, "limit": limit, "unit": unit, "how": how,
                       "met": None if measured is None else measured <= limit})

    processes = results.get("processes", {})
    json_medians = [v["median"] for v in processes.get("json", {}).values() if "median" in v]
    check("json process", max(json_medians) if json_medians else None, BUDGETS["json process"], "s",
          "plandiff A B --format json, whole process, median; worst seed pair")
    check("help", processes.get("help", {}).get("median"), BUDGETS["help"], "s", "plandiff --help, median")
    check("tui first screen", processes.get("tui", {}).get("content", {}).get("median"), BUDGETS["tui first screen"],
          "s", "process start → first comparison drawn, headless, median")
    colds = [v["compare cold"]["median"] for v in results.get("stages", {}).values() if "compare cold" in v]
    check("in-process compare", max(colds) if colds else None, BUDGETS["in-process compare"], "s",
          "compare(A, B) after warm-up, caches cleared (new documents), median; worst seed pair")
    scaling = results.get("scaling", {})
    three_mb = scaling.get(f"{inputs.THREE_MB_TIMES}x", {})
    check("3 MB time", three_mb.get("cli", {}).get("seconds"), BUDGETS["3 MB time"], "s",
          f"plandiff A B --format json on the {inputs.THREE_MB_TIMES}x pair (A: 3.0 MB of UTF-8), whole process")
    check("3 MB memory", three_mb.get("cli", {}).get("peak mb"), BUDGETS["3 MB memory"], "MB",
          "peak RSS of that process")
    biggest = scaling.get("64x", {})
    check("3 M chars time", biggest.get("cli", {}).get("seconds"), BUDGETS["3 M chars time"], "s",
          "the same on the 64x pair (A: 2.9 M characters, 8.3 MB of UTF-8), whole process")
    check("3 M chars memory", biggest.get("cli", {}).get("peak mb"), BUDGETS["3 M chars memory"], "MB",
          "peak RSS of that process")
    check("growth exponent", results.get("growth", {}).get("compute"), BUDGETS["growth exponent"], "",
          "log-log slope of in-process compute time over the scaling sizes")
    return checks


def add_growth(results: dict[str, Any]) -> None:
    sizes, compute, cli = [], [], []
    cli_sizes = []
    for entry in results.get("scaling", {}).values():
        inproc = entry.get("in-process", {})
        if "compute" in inproc:
            sizes.append(entry["chars a"] + entry["chars b"])
            compute.append(inproc["compute"]["min"])
        if "seconds" in entry.get("cli", {}):
            cli_sizes.append(entry["chars a"] + entry["chars b"])
            cli.append(entry["cli"]["seconds"])
    results["growth"] = {"compute": growth_exponent(sizes, compute), "cli": growth_exponent(cli_sizes, cli)}


# --- tables ---------------------------------------------------------------------------


def _cell(entry: dict[str, Any], key: str = "median") -> str:
    if "error" in entry:
        return _short(entry["error"])
    return seconds(entry.get(key))


def tables(results: dict[str, Any]) -> list[Table]:
    out: list[Table] = []
    processes = results.get("processes")
    if processes:
        table = Table("Whole process (wall time, process start to exit)", ["case", "min", "median", "peak RSS"])
        for label, entry in (("python -c pass", processes["python -c pass"]), ("plandiff --help", processes["help"])):
            table.add(label, _cell(entry, "min"), _cell(entry), _mb(entry.get("peak mb")))
        for name, entry in processes["json"].items():
            table.add(f"plandiff {name} --format json", _cell(entry, "min"), _cell(entry), _mb(entry.get("peak mb")))
        for name, entry in processes.get("text", {}).items():
            table.add(f"plandiff {name} (text, not a tty)", _cell(entry, "min"), _cell(entry), _mb(entry.get("peak mb")))
        tui = processes["tui"]
        if "error" in tui:
            table.add("plandiff view: first screen", tui["error"], "", "")
            table.notes.append("TUI measurement skipped: " + tui["error"])
        else:
            table.add("plandiff view: frame drawn", seconds(tui["frame"]["min"]), seconds(tui["frame"]["median"]), "")
            table.add("plandiff view: first comparison drawn", seconds(tui["content"]["min"]),
                      seconds(tui["content"]["median"]), "")
            table.notes.append("TUI: launch.open_app(A, B) (as plandiff view) under App.run_test(size=(120, 40)) in a fresh process, first pair")
        out.append(table)
    if results.get("stages"):
        out.append(_stage_table(results["stages"]))
    if results.get("scaling"):
        out.extend(_scaling_tables(results))
    if results.get("alternatives"):
        out.append(_alternatives_table(results))
    if results.get("segmenters"):
        out.append(_segmenter_table(results["segmenters"]))
    if results.get("imports"):
        table = Table("Import cost (added to a bare interpreter start, median)", ["module", "added", "process median"])
        for module, entry in results["imports"].items():
            table.add(module, seconds(entry.get("added")) if "added" in entry else entry.get("error", "–"), _cell(entry))
        out.append(table)
    if results.get("budgets"):
        table = Table("Budgets (issue 7)", ["budget", "measured", "limit", "met", "how"])
        for b in results["budgets"]:
            unit = b["unit"]
            fmt = (lambda v: seconds(v)) if unit == "s" else (lambda v: f"{v:.0f} MB") if unit == "MB" else (
                lambda v: f"{v:.2f}")
            measured = "not measured" if b["measured"] is None else fmt(b["measured"])
            met = "–" if b["met"] is None else ("yes" if b["met"] else "NO")
            table.add(b["budget"], measured, fmt(b["limit"]), met, b["how"])
        out.append(table)
    return out


def _short(message: str, width: int = 40) -> str:
    return message if len(message) <= width else message[: width - 1] + "…"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _stage_table(stages: dict[str, Any]) -> Table:
    names = list(stages)
    table = Table("In-process pipeline by stage (median; caches cleared per repeat, dictionary loaded)",
                  ["stage", *names])
    rows = ["ingest", "structure", "segmentation", "segmentation (warm)", "align", "diff", "summary", "render json",
            "render console"]
    for row in rows:
        cells = []
        for name in names:
            entry = stages[name]
            if "error" in entry:
                cells.append(_short(entry["error"]))
            elif row in entry.get("stages", {}):
                cells.append(seconds(entry["stages"][row]["median"]))
            else:
                cells.append(_short(entry.get("errors", {}).get(row, "–")))
        table.add(row, *cells)
    for label, key in (("compare() cold caches", "compare cold"), ("compare() warm caches", "compare warm"),
                       ("first compare() in process", "first compare")):
        table.add(label, *[seconds(_get(stages[n], key)) for n in names])
    table.add("import pipeline", *[seconds(stages[n].get("startup", {}).get("import pipeline")) for n in names])
    table.add("load segmenter", *[seconds(stages[n].get("startup", {}).get("load segmenter")) for n in names])
    table.notes.append("segmentation = tokens.cut over every section's own text of both documents (cache cleared); "
                       "(warm) = the same again, from tokens.cut's lru_cache")
    table.notes.append("align/diff/summary run after segmentation, so a stage that cuts whole sections finds them cached")
    return table


def _get(entry: dict[str, Any], key: str) -> float | None:
    value = entry.get(key)
    if isinstance(value, dict):
        return value.get("median")
    return value


def _scaling_tables(results: dict[str, Any]) -> list[Table]:
    scaling = results["scaling"]
    table = Table("Scaling: seeds ×k against an edited copy (~20% of sentences changed)",
                  ["size", "chars A+B", "UTF-8 A+B", "compute (in-process)", "whole process", "peak RSS",
                   "baseline RSS"])
    stage_table = Table("Scaling: in-process time by stage (min) and each stage's growth exponent",
                        ["stage", *scaling, "exponent"])
    for name, entry in scaling.items():
        inproc, cli = entry["in-process"], entry["cli"]
        compute = inproc["compute"]["min"] if "compute" in inproc else None
        table.add(name, f"{entry['chars a'] + entry['chars b']:,}", f"{(entry['bytes a'] + entry['bytes b']) / MB:.2f} MB",
                  seconds(compute) if compute is not None else _short(inproc.get("error", "–")),
                  (f"{seconds(cli['seconds'])} (min {seconds(cli['min'])})" if "min" in cli else seconds(cli["seconds"]))
                  if "seconds" in cli else _short(cli.get("error", "–")),
                  _mb(cli.get("peak mb")), _mb(inproc.get("baseline rss mb")))
    growth = results.get("growth", {})
    for label, key in (("compute", "compute"), ("whole process", "cli")):
        value = growth.get(key)
        table.notes.append(f"growth exponent ({label}): {value:.2f}" if value is not None else
                           f"growth exponent ({label}): not enough sizes")
    repeats = {e["cli"].get("n") for e in scaling.values() if "n" in e["cli"]}
    if repeats:
        table.notes.append(f"whole process: median (and min) of {'/'.join(map(str, sorted(repeats)))} runs; "
                           "compute: min over the in-process repeats")
    table.notes.append("peak RSS: the whole CLI process (wait4); baseline: the in-process worker after imports "
                       "and dictionary load, before reading the inputs")
    largest = [(name, e["in-process"]["peak rss mb after stage"]) for name, e in scaling.items()
               if "peak rss mb after stage" in e["in-process"]]
    if largest:
        name, memory = largest[-1]
        table.notes.append(f"peak RSS of the in-process worker after each stage at {name}: " + ", ".join(
            f"{stage} {mb:.0f} MB" for stage, mb in memory.items() if stage != "segmentation (warm)"))
    local = _local_exponents(scaling)
    if local:
        table.notes.append("exponent between consecutive sizes (compute): " + ", ".join(local))
    sizes = [e["chars a"] + e["chars b"] for e in scaling.values()]
    for stage in ("ingest", "structure", "segmentation", "align", "diff", "summary", "render json", "render console"):
        times = [e["in-process"].get("stages", {}).get(stage) for e in scaling.values()]
        known = [(n, t) for n, t in zip(sizes, times) if t]
        exponent = growth_exponent([n for n, _ in known], [t for _, t in known])
        stage_table.add(stage, *[seconds(t) for t in times], "–" if exponent is None else f"{exponent:.2f}")
    return [table, stage_table]


def _local_exponents(scaling: dict[str, Any]) -> list[str]:
    """The growth exponent from each size to the next: where superlinear growth sets in."""
    points = [(name, e["chars a"] + e["chars b"], e["in-process"]["compute"]["min"])
              for name, e in scaling.items() if "compute" in e["in-process"]]
    out = []
    for (n0, s0, t0), (n1, s1, t1) in zip(points, points[1:]):
        exponent = growth_exponent([s0, s1], [t0, t1])
        if exponent is not None:
            out.append(f"{n0}→{n1} {exponent:.2f}")
    return out


def _alternatives_table(results: dict[str, Any]) -> Table:
    table = Table("The alternatives on the same inputs (ratio = their time / plandiff's)",
                  ["input", "plandiff compute", "difflib chars", "ratio", "dmp (1 s timeout)", "ratio", "dmp degraded",
                   "plandiff process", "git --word-diff", "ratio"])
    for name, entry in results["alternatives"].items():
        alt = entry["alternatives"]
        ours, ours_process = entry.get("plandiff compute"), entry.get("plandiff process")
        difflib_s, dmp_s, git_s = (alt[k].get("seconds") for k in ("difflib", "dmp", "git"))
        degraded = alt["dmp"].get("degraded")
        table.add(name, seconds(ours),
                  seconds(difflib_s) if difflib_s is not None else alt["difflib"].get("error", "–"), ratio(difflib_s, ours),
                  seconds(dmp_s) if dmp_s is not None else alt["dmp"].get("error", "–"), ratio(dmp_s, ours),
                  "–" if degraded is None else (
                      f"yes ({alt['dmp']['equal share of lcs']:.0%} of LCS kept)" if degraded else
                      f"no ({alt['dmp']['equal share of lcs']:.0%} of LCS)"),
                  seconds(ours_process), seconds(git_s) if git_s is not None else alt["git"].get("error", "–"),
                  ratio(git_s, ours_process))
    table.notes.append("difflib: SequenceMatcher(None, A, B).get_opcodes() on characters, defaults (autojunk on)")
    table.notes.append("dmp: the pure-Python diff-match-patch, diff_main with its default Diff_Timeout = 1 s; "
                       "degraded = it kept under half of the exact LCS (rapidfuzz) as equal text")
    table.notes.append("library alternatives are compared with plandiff's in-process compare (cold caches); git, a "
                       "process, with plandiff's whole process; '> N s' = killed at the cap")
    return table


def _segmenter_table(seg: dict[str, Any]) -> Table:
    tp = seg.get("throughput", {})
    chars = f" ({tp['chars']:,} chars)" if "chars" in tp else ""
    table = Table("Segmenter: plandiff's (rjieba, dictionary words by need) against rjieba as it comes and jieba",
                  ["segmenter", f"fresh process: import + first cut of {seg.get('plan', 'a plan')} (median)",
                   f"cut all five seeds{chars}, loaded", "start / plandiff's"])
    base = seg.get("plandiff start", {}).get("median")
    rows = [("plandiff.tokens", "plandiff start", "rjieba seconds"), ("rjieba", "rjieba start", "rjieba seconds"),
            ("jieba", "jieba start", "jieba seconds")]
    for label, start, throughput in rows:
        entry = seg.get(start, {})
        table.add(label, _cell(entry), seconds(tp.get(throughput)), ratio(entry.get("median"), base))
    table.notes.append("plandiff.tokens cuts with rjieba once the words are added, so its throughput is rjieba's")
    if "identical token share" in tp:
        table.notes.append(f"rjieba's tokens identical to jieba's (same start and end): {tp['identical token share']:.2%}")
    elif "error" in tp:
        table.notes.append("throughput: " + tp["error"])
    return table


# --- main -----------------------------------------------------------------------------


def run(settings: Settings, sections: set[str]) -> dict[str, Any]:
    pairs = inputs.seed_pairs()[: settings.pairs]
    if not pairs:
        raise SystemExit("bench: no seed pairs found in seeds/")
    results: dict[str, Any] = {"machine": machine(), "settings": settings.__dict__}
    if "processes" in sections:
        results["processes"] = measure_processes(settings, pairs)
        _progress("processes done")
    if "stages" in sections:
        results["stages"] = measure_stages(settings, pairs)
        _progress("stages done")
    if "alternatives" in sections:
        results["alternatives"] = _seed_alternatives(settings, pairs, results)
        _progress("alternatives done")
    if "scaling" in sections:
        with tempfile.TemporaryDirectory(prefix="plandiff-bench-") as directory:
            results["scaling"] = measure_scaling(settings, Path(directory))
        add_growth(results)
        for name, entry in results["scaling"].items():
            results.setdefault("alternatives", {})[f"seeds {name}"] = {
                "plandiff compute": entry["in-process"].get("compute", {}).get("min"),
                "plandiff process": entry["cli"].get("seconds"), "alternatives": entry["alternatives"]}
    if "segmenters" in sections:
        results["segmenters"] = measure_segmenters(settings)
        _progress("segmenters done")
    if "imports" in sections:
        results["imports"] = measure_imports(settings)
        _progress("imports done")
    results["budgets"] = budgets(results)
    results["machine"]["load at end"] = _load_average()
    return results


def _seed_alternatives(settings: Settings, pairs: list[tuple[Path, Path]], results: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for a, b in pairs:
        name = _pair_name(a, b)
        stage = results.get("stages", {}).get(name, {})
        process = results.get("processes", {}).get("json", {}).get(name, {})
        out[name] = {"plandiff compute": _get(stage, "compare cold"), "plandiff process": process.get("median"),
                     "alternatives": measure_alternatives(settings, a, b, set())}
    return out


SECTIONS = ("processes", "stages", "alternatives", "scaling", "segmenters", "imports")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, sizes up to 16x, shorter caps")
    parser.add_argument("--dry-run", action="store_true", help="one repeat of everything on the smallest inputs (a smoke test)")
    parser.add_argument("--only", metavar="SECTIONS", help=f"comma-separated subset of: {', '.join(SECTIONS)}")
    parser.add_argument("--json", metavar="PATH", help="write the results here (default: bench/results/<time>.json)")
    parser.add_argument("--markdown", metavar="PATH", help="also write the tables as markdown")
    parser.add_argument("--profile", nargs=2, metavar=("A", "B"), help="print a cProfile of one cold compare(A, B) and exit")
    parser.add_argument("--profile-scaled", type=int, metavar="K",
                        help="print a cProfile of one cold compare on the seeds concatenated K times against their edited copy")
    parser.add_argument("--worker", nargs=2, metavar=("NAME", "ARGS"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return _run_worker(*args.worker)
    if args.profile:
        answer = worker("profile", {"a": args.profile[0], "b": args.profile[1]}, 3600)
        print(answer.get("text") or answer.get("error"))
        return 0
    if args.profile_scaled:
        with tempfile.TemporaryDirectory(prefix="plandiff-bench-") as directory:
            path_a, path_b = inputs.scaled_pair(args.profile_scaled, Path(directory))
            answer = worker("profile", {"a": str(path_a), "b": str(path_b)}, 3600)
        print(answer.get("text") or answer.get("error"))
        return 0
    settings = DRY if args.dry_run else QUICK if args.quick else FULL
    sections = set(args.only.split(",")) if args.only else set(SECTIONS)
    unknown = sections - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    results = run(settings, sections)
    rendered = tables(results)
    info = results["machine"]
    print(f"plandiff benchmark — {info['date']}, commit {info['commit']}, {info['cpu']}, {info['cores']} cores, "
          f"Python {info['python']}, load average {info['load at start']} at start, {info['load at end']} at end\n")
    for table in rendered:
        print(as_text(table))
    path = Path(args.json) if args.json else RESULTS / time.strftime("%Y%m%d-%H%M%S.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")
    print(f"results written to {path}")
    if args.markdown:
        Path(args.markdown).write_text("\n".join(as_markdown(t) for t in rendered), encoding="utf-8")
        print(f"markdown tables written to {args.markdown}")
    return 0


def _run_worker(name: str, raw: str) -> int:
    import workers

    answer = workers.WORKERS[name](json.loads(raw))
    print(json.dumps(answer, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
