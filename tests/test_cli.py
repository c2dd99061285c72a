"""`plandiff A B`: exit codes like diff(1), one-line errors, -o, colour choice,
plain output when piped, and a real subprocess run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from plandiff.cli import main

from .conftest import seed

FULL_TO_HALF = str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")", "！": "!", "？": "?"})


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(args) → (exit status, stdout, stderr); argparse's usage errors exit through SystemExit."""
    try:
        code = main(args)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plans(tmp_path: Path) -> dict[str, Path]:
    """A seed, a copy with CRLF line ends, one with half-width punctuation, and an edited copy."""
    text = seed("xinzheng").read_text(encoding="utf-8")
    files = {
        "a": text,
        "crlf": text.replace("\n", "\r\n"),
        "halfwidth": text.translate(FULL_TO_HALF),
        "edited": text.replace("科普", "科学普及", 1),
    }
    paths = {}
    for name, content in files.items():
        paths[name] = tmp_path / f"{name}.txt"
        paths[name].write_bytes(content.encode("utf-8"))
    return paths


def test_two_different_plans_exit_1(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(seed("panzhihua")), str(seed("langfang")), "--color", "never"], capsys)
    assert code == 1 and err == ""
    assert "Sections:" in out and "Changes by section" in out


@pytest.mark.parametrize("variant", ["a", "crlf", "halfwidth"])
def test_a_plan_and_a_noise_only_variant_exit_0(
    variant: str, plans: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([str(plans["a"]), str(plans[variant]), "--format", "json"], capsys)
    assert code == 0
    assert json.loads(out)["changed"] is False


def test_one_edited_word_exits_1(plans: dict[str, Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = run([str(plans["a"]), str(plans["edited"]), "-f", "json"], capsys)
    assert code == 1


@pytest.mark.parametrize(
    "args",
    [
        ["missing-a.txt", "missing-b.txt"],
        ["{a}", "{a}", "--format", "yaml"],
        ["{a}", "{a}", "--level", "0"],
        ["{a}", "{a}", "--width", "0"],
        ["{a}", "{a}", "--width", "-3"],
        ["{a}", "{a}", "--pins", "no-such-pins.toml"],
        ["{a}"],
        ["{a}", "{a}", "-o", "/no/such/dir/out.txt"],
    ],
)
def test_trouble_exits_2_with_one_line(
    args: list[str], plans: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([arg.format(a=plans["a"]) for arg in args], capsys)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("plandiff") and "Traceback" not in err


def test_binary_input_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, _, err = run([str(binary), str(seed("langfang"))], capsys)
    assert code == 2 and err.count("\n") == 1


def test_output_file_gets_the_report_and_stdout_stays_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.md"
    code, out, _ = run([str(seed("xinzheng")), str(seed("langfang")), "-f", "markdown", "-o", str(target)], capsys)
    assert code == 1 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# plandiff: ")


def test_text_to_a_file_has_no_escape_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "report.txt"
    run([str(seed("xinzheng")), str(seed("langfang")), "-o", str(target)], capsys)
    text = target.read_text(encoding="utf-8")
    assert "\x1b" not in text and "[+" in text


def test_color_always_colours_and_no_color_wins_over_auto(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [str(seed("xinzheng")), str(seed("langfang")), "--summary"]
    _, coloured, _ = run([*args, "--color", "always"], capsys)
    assert "\x1b[" in coloured
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    _, plain, _ = run(args, capsys)
    assert "\x1b" not in plain
    _, never, _ = run([*args, "--color", "never"], capsys)
    assert "\x1b" not in never


def test_width_option_bounds_every_line(capsys: pytest.CaptureFixture[str]) -> None:
    from rich.cells import cell_len

    _, out, _ = run([str(seed("panzhihua")), str(seed("langfang")), "--width", "60", "--color", "never"], capsys)
    assert max(cell_len(line) for line in out.splitlines()) <= 60


def test_summary_option_leaves_out_section_changes(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(seed("xinzheng")), str(seed("langfang")), "-s", "--color", "never"], capsys)
    assert "Added priorities" in out and "Changes by section" not in out
    _, out, _ = run([str(seed("xinzheng")), str(seed("langfang")), "-s", "-f", "json"], capsys)
    assert all("changes" not in record for record in json.loads(out)["sections"])


def test_level_option_reaches_the_comparison(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run([str(seed("xinzheng")), str(seed("langfang")), "--level", "1", "-f", "json", "-s"], capsys)
    result = json.loads(out)
    assert result["options"]["level"] == 1
    assert {r["a"]["level"] for r in result["sections"] if r["a"]} <= {0, 1}


def test_stdin_is_read_with_a_dash(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    data = seed("langfang").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code, out, _ = run(["-", str(seed("langfang")), "-f", "json", "-s"], capsys)
    assert code == 0 and json.loads(out)["a"]["file"] == "<stdin>"


def test_real_process_piped_output(tmp_path: Path) -> None:
    """The installed entry point, piped: exit status 1, plain text, nothing on stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "plandiff", str(seed("panzhihua")), str(seed("langfang"))],
        capture_output=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8"},
    )
    assert result.returncode == 1, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    out = result.stdout.decode("utf-8")
    assert "\x1b" not in out and "Documents" in out and "[-" in out and "[+" in out


def test_real_process_leaves_at_once_with_every_byte_written(tmp_path: Path) -> None:
    """`cli.run` ends the process with os._exit: stdout must be flushed whole first, the
    -o file complete, and a reader that goes away early must not cause a traceback."""
    command = [sys.executable, "-m", "plandiff", str(seed("panzhihua")), str(seed("beijing")), "--format", "json"]
    piped = subprocess.run(command, capture_output=True, timeout=120)
    assert piped.returncode == 1 and piped.stderr == b""
    assert json.loads(piped.stdout)["changed"] is True  # the whole document arrived
    target = tmp_path / "out.json"
    written = subprocess.run([*command, "-o", str(target)], capture_output=True, timeout=120)
    assert written.returncode == 1 and written.stdout == b""
    assert json.loads(target.read_text(encoding="utf-8"))["changed"] is True
    pipeline = f"{subprocess.list2cmdline(command)} | head -c 10"
    head = subprocess.run(pipeline, shell=True, capture_output=True, timeout=120)
    assert b"Traceback" not in head.stderr and len(head.stdout) == 10


def test_main_called_in_process_leaves_the_cyclic_collector_on(capsys: pytest.CaptureFixture[str]) -> None:
    """Only the plandiff process itself (`cli.run`, which exits right after) turns it off."""
    import gc

    code, _, _ = run([str(seed("langfang")), str(seed("xinzheng")), "-f", "json", "-s"], capsys)
    assert code == 1 and gc.isenabled()


def test_the_plandiff_process_compares_without_the_cyclic_collector() -> None:
    """`cli.run` turns the collector off for its one comparison (speedup); the state is
    read from inside that process, as the comparison starts."""
    code = (
        "import gc, sys\n"
        "import plandiff.pipeline as pipeline\n"
        "compare = pipeline.compare\n"
        "def reporting(*args, **kwargs):\n"
        "    print(f'collector={gc.isenabled()}', file=sys.stderr)\n"
        "    return compare(*args, **kwargs)\n"
        "pipeline.compare = reporting\n"
        "from plandiff.cli import run\n"
        "run()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(seed("langfang")), str(seed("xinzheng")), "-f", "json", "-s"],
        capture_output=True,
        timeout=120,
        text=True,
    )
    assert result.returncode == 1, result.stderr
    assert "collector=False" in result.stderr
