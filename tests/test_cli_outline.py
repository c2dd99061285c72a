"""`plandiff outline`, `plandiff extract`, --help/--version, and input errors → exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from plandiff.cli import main

from .conftest import seed


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_outline_json_follows_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    path = seed("xinzheng")
    code, out, _ = run(["outline", str(path), "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["metadata"]["period"] == "2021-2025"
    first = data["sections"][0]
    assert {"level", "number", "title", "line", "start", "end", "children"} <= first.keys()
    assert (first["level"], first["number"], first["title"], first["line"]) == (1, "一", "总体要求", 5)
    assert [c["title"] for c in first["children"]] == ["指导思想", "基本原则", "主要目标"]
    text = path.read_text(encoding="utf-8")
    assert text[first["start"] :].startswith("一、总体要求")


def test_outline_text_lists_headings_and_escapes_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "p.txt"
    plan.write_text("一、[bold]总体[/bold]要求\n正文。\n二、任务\n", encoding="utf-8")
    code, out, _ = run(["outline", str(plan), "--color", "never"], capsys)
    assert code == 0
    assert "一、[bold]总体[/bold]要求 L1" in out
    assert "\x1b" not in out


def test_outline_names_sections_as_readers_do(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """第一条 and its title apart, a long title wrapping under itself (never the marker alone on
    a line), a Markdown heading without its hashes, and no trailing blanks."""
    plan = tmp_path / "law.md"
    long_title = "为了加强科学技术普及工作提高公民的科学文化素质推动经济发展和社会进步根据有关法律制定本条例"
    plan.write_text(f"# 某某条例\n\n## 第一章总则\n\n第一条{long_title}。\n\n## 附则\n\n内容。\n", encoding="utf-8")
    code, out, _ = run(["outline", str(plan), "--color", "never"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert any(line.endswith("── 第一章 总则 L3") for line in lines)
    article = next(i for i, line in enumerate(lines) if "第一条" in line)
    assert lines[article].split("第一条 ", 1)[1].startswith(long_title[:10])
    assert any(line.endswith("── 附则 L7") for line in lines) and "#" not in "".join(lines[3:])
    assert all(line == line.rstrip() for line in lines)
    code, out, _ = run(["outline", str(plan), "--format", "markdown"], capsys)
    assert "- 第一章 总则 (line 3)" in out and "- 附则 (line 7)" in out


def test_outline_markdown_escapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "p.txt"
    plan.write_text("一、*重点*任务\n正文。\n", encoding="utf-8")
    code, out, _ = run(["outline", str(plan), "--format", "markdown"], capsys)
    assert code == 0 and r"\*重点\*任务" in out


def test_outline_writes_to_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "out.json"
    code, out, _ = run(["outline", str(seed("beijing")), "-f", "json", "-o", str(target)], capsys)
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["metadata"]["doc_number"] == "京政办发〔2022〕7号"


def test_extract_prints_the_decoded_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "gbk.txt"
    plan.write_bytes("一、总体要求\n正文。\n".encode("gbk"))
    code, out, _ = run(["extract", str(plan)], capsys)
    assert (code, out) == (0, "一、总体要求\n正文。\n")


@pytest.mark.parametrize(
    "content, fragment",
    [(None, "no such file"), (b"", "is empty"), (b"\x89PNG\r\n\x1a\n" + bytes(64), "PNG image"), ("dir", "is a directory")],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: object, fragment: str) -> None:
    path = tmp_path / "input.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    code, out, err = run(["outline", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and fragment in err and err.startswith("plandiff: ")


def test_usage_errors_are_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["outline"])
    assert info.value.code == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_help_and_version_in_a_real_process() -> None:
    result = subprocess.run([sys.executable, "-m", "plandiff", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "plandiff outline FILE" in result.stdout
    result = subprocess.run([sys.executable, "-m", "plandiff", "--version"], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout.startswith("plandiff ")


def test_help_does_not_import_heavy_modules() -> None:
    code = "import sys; from plandiff.cli import _compare_parser; _compare_parser().format_help(); " \
        "print(sorted(m for m in ('rich', 'textual', 'rjieba', 'rapidfuzz') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
