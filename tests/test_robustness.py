"""Bad and pathological inputs through the command line: each gets a useful result or
a one-line error with exit status 2, never a traceback and never a hang.

Every row of the table in docs/robustness.md names a test here. Inputs are built in
tmp_path; the expensive ones (megabytes of text, 10,000 headings) once per module.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plandiff.cli import main

from .conftest import SEED_FILES, seed
from .test_properties import assert_lossless

SEED = seed("xinzheng")
SEED_TEXT = SEED.read_text(encoding="utf-8")
SEED_BYTES = SEED.read_bytes()


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """main(args) → (exit status, stdout, stderr); argparse's usage errors exit through SystemExit."""
    try:
        code = main([str(a) for a in args])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def assert_trouble(result: tuple[int, str, str], *fragments: str) -> None:
    """Exit status 2, one line on stderr naming the problem, no traceback, nothing on stdout."""
    code, out, err = result
    assert code == 2, (code, err)
    assert err.count("\n") == 1 and err.startswith("plandiff: "), err
    assert "Traceback" not in err and out == ""
    for fragment in fragments:
        assert fragment in err, err


def compare_json(a: Path, b: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any]]:
    code, out, err = run([a, b, "-f", "json"], capsys)
    assert code in (0, 1) and err == "", err
    return code, json.loads(out)


def outline_json(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    code, out, err = run(["outline", path, "-f", "json"], capsys)
    assert code == 0 and err == "", err
    return json.loads(out)


def walk(sections: list[dict[str, Any]], depth: int = 1) -> list[tuple[int, dict[str, Any]]]:
    """Every section of an outline's tree with its depth."""
    found = []
    for section in sections:
        found.append((depth, section))
        found.extend(walk(section["children"], depth + 1))
    return found


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def decoded(path: Path) -> str:
    """The text as plandiff decodes it (what the JSON offsets refer to)."""
    from plandiff.ingest import read_text

    return read_text(path).original


# --- paths that cannot be read --------------------------------------------------------------


def test_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert_trouble(run(["no-such-plan.txt", SEED], capsys), "no-such-plan.txt", "no such file")
    assert_trouble(run(["outline", "no-such-plan.txt"], capsys), "no such file")


def test_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_trouble(run([SEED, tmp_path], capsys), "is a directory")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The suite may run as root, for whom chmod 000 denies nothing: the read itself is
    made to raise PermissionError, as it does for an ordinary user."""
    path = write(tmp_path, "locked.txt", SEED_BYTES)
    real_open = Path.open

    def denied(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    assert_trouble(run([path, SEED], capsys), "locked.txt", "permission denied")


# --- bytes that are not a plan's text --------------------------------------------------------


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_trouble(run([write(tmp_path, "empty.txt", b""), SEED], capsys), "empty.txt: is empty")


def test_only_whitespace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "blank.txt", " \n\t\r\n\u3000\n\n")
    assert_trouble(run([SEED, path], capsys), "only whitespace")


def test_binary_png(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "plan.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert_trouble(run([path, SEED], capsys), "PNG image")


def test_truncated_utf8_keeps_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A download cut in the middle of a character: the lost bytes become one U+FFFD."""
    body = SEED_BYTES.rstrip()
    path = write(tmp_path, "cut.txt", body[:-1])  # the last character loses a byte
    text = decoded(path)
    assert text.endswith("\ufffd") and text[:-1] == body.decode("utf-8")[:-1]
    assert len(outline_json(path, capsys)["sections"]) == len(outline_json(SEED, capsys)["sections"])
    code, result = compare_json(SEED, path, capsys)
    assert code == 1
    assert_lossless(result, SEED_TEXT, text)


def test_truncated_gbk_keeps_the_rest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gbk = SEED_TEXT.rstrip().encode("gb18030")
    path = write(tmp_path, "cut-gbk.txt", gbk[:-1])
    text = decoded(path)
    assert text.endswith("\ufffd") and text[:-1] == SEED_TEXT.rstrip()[:-1]
    assert outline_json(path, capsys)["encoding"] == "gb18030"


def test_a_damaged_byte_in_a_gbk_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One corrupt byte costs one character (U+FFFD), not the whole file."""
    gbk = SEED_TEXT.encode("gb18030")
    at = gbk.index("科普".encode("gb18030"))
    path = write(tmp_path, "damaged.txt", gbk[:at] + b"\xff" + gbk[at:])
    text = decoded(path)
    assert text.count("\ufffd") == 1 and text.replace("\ufffd", "") == SEED_TEXT
    code, result = compare_json(SEED, path, capsys)
    assert code == 1
    assert_lossless(result, SEED_TEXT, text)


def test_mixed_utf8_and_gbk_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file pasted together from a UTF-8 and a GBK copy: read line by line, the same plan."""
    lines = SEED_TEXT.split("\n")
    mixed = b"\n".join(line.encode("utf-8" if i % 2 else "gb18030") for i, line in enumerate(lines))
    path = write(tmp_path, "mixed.txt", mixed)
    assert decoded(path) == SEED_TEXT
    assert outline_json(path, capsys)["encoding"] == "gb18030+utf-8"
    code, _ = compare_json(SEED, path, capsys)
    assert code == 0


def _with_nuls(count: int) -> bytes:
    """The seed with `count` NUL bytes spread over its line starts."""
    lines = SEED_BYTES.split(b"\n")
    per_line, extra = divmod(count, len(lines))
    return b"\n".join(b"\x00" * (per_line + (i < extra)) + line for i, line in enumerate(lines))


def test_a_few_nul_bytes_are_kept_as_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "nul.txt", _with_nuls(3))
    text = decoded(path)
    assert text.count("\x00") == 3
    code, result = compare_json(SEED, path, capsys)
    assert code in (0, 1)
    assert_lossless(result, SEED_TEXT, text)
    code, out, _ = run([SEED, path, "--color", "never"], capsys)
    assert "\x00" not in out  # control characters are shown, never sent to the terminal


def test_many_nul_bytes_look_binary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert_trouble(run([write(tmp_path, "nul.txt", _with_nuls(1000)), SEED], capsys), "looks binary")


def test_utf16_without_a_byte_order_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "utf16.txt", SEED_TEXT.encode("utf-16-le"))
    assert_trouble(run([path, SEED], capsys), "looks binary")
    with_bom = write(tmp_path, "utf16-bom.txt", SEED_TEXT.encode("utf-16"))
    assert compare_json(SEED, with_bom, capsys)[0] == 0


def test_a_damaged_word_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from .test_fuzz import format_samples

    path = write(tmp_path, "plan.docx", format_samples()["plan.docx"][:3000])
    assert_trouble(run([path, SEED], capsys), "damaged or truncated Word file")


def test_standard_input_that_is_empty(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert_trouble(run(["-", SEED], capsys), "<stdin>: is empty")


@pytest.mark.parametrize("command", [[], ["view"]])
def test_both_sides_from_stdin_is_one_line_and_status_2(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert_trouble(run([*command, "-", "-"], capsys), "A and B cannot both be - (stdin holds one file)")


# --- big inputs ------------------------------------------------------------------------------

BIG_BYTES = 5_000_000
"""The suite's stand-in for the 50 MB file (docs/robustness.md has the 50 MB numbers)."""
MEDIUM_BYTES = 1_000_000


def _concatenated_seeds(size: int) -> str:
    """Seeds one after another until `size` bytes of UTF-8: many plans' worth of headings."""
    blob = "\n".join(p.read_text(encoding="utf-8") for p in SEED_FILES) + "\n"
    copies = size // len(blob.encode("utf-8")) + 1
    return blob * copies


@pytest.fixture(scope="module")
def big_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("big")


def test_a_5mb_file_outlines(big_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(big_dir, "big.txt", _concatenated_seeds(BIG_BYTES))
    result = outline_json(path, capsys)
    assert result["length"] == len(path.read_text(encoding="utf-8"))
    assert len(walk(result["sections"])) > 1000


def test_a_1mb_file_against_a_small_edit_of_itself(big_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = _concatenated_seeds(MEDIUM_BYTES)[: MEDIUM_BYTES // 3]
    middle = text.index("\n", len(text) // 2) + 1
    edited = text[:middle] + "新增一项重点任务，加强测试。\n" + text[middle:]
    a, b = write(big_dir, "medium.txt", text), write(big_dir, "medium-edit.txt", edited)
    code, result = compare_json(a, b, capsys)
    assert code == 1
    assert_lossless(result, text, edited)
    inserted = "".join(op["b"] for r in result["sections"] for op in r["changes"] if op["op"] == "insert")
    assert "新增一项重点任务" in inserted and len(inserted) < 100


ONE_LINE_CHARS = 1_750_000  # 5 MB of UTF-8
WORDS = "推进 建设 加强 科普 服务 体系 能力 提升 创新 发展 基层 社会 资源 平台 人才 队伍 机制 保障 工作 全面".split()


def _one_paragraph(chars: int) -> str:
    """One line of Chinese words with no punctuation at all."""
    rng = random.Random(6)
    return "".join(rng.choice(WORDS) for _ in range(chars // 2 + 1))[:chars]


def test_a_5mb_one_line_paragraph_outlines(big_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(big_dir, "one-line.txt", _one_paragraph(ONE_LINE_CHARS))
    result = outline_json(path, capsys)
    assert result["sections"] == [] and result["length"] == ONE_LINE_CHARS
    assert len(result["metadata"]["title"]) <= 70


def test_a_long_one_line_paragraph_against_an_edit_of_itself_does_not_hang(tmp_path: Path) -> None:
    """A hang guard, not a speed test: linear work on this input takes a few seconds;
    the bound is several times that, so only a quadratic (or worse) step trips it."""
    text = _one_paragraph(400_000)
    edited = text[:200_000] + "新增" + text[200_000:]
    a, b = write(tmp_path, "a.txt", text), write(tmp_path, "b.txt", edited)
    command = [sys.executable, "-m", "plandiff", str(a), str(b), "-f", "json", "-s"]
    try:
        result = subprocess.run(command, capture_output=True, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("no result within 20 s")
    assert result.returncode == 1 and result.stderr == b""


# --- structure --------------------------------------------------------------------------------

_CN = "一二三四五六七八九十"


def _cn(n: int) -> str:
    """Chinese numeral for 1..100."""
    if n == 100:
        return "一百"
    tens, units = divmod(n, 10)
    return ("" if tens == 0 else ("十" if tens == 1 else _CN[tens - 1] + "十")) + (_CN[units - 1] if units else "")


def ten_thousand_headings() -> str:
    """100 chapters of 99 numbered items each: 10,000 headings."""
    rng = random.Random(10)
    parts = ["某市科普工作规划\n"]
    for chapter in range(1, 101):
        parts.append(f"第{_cn(chapter)}章 第{chapter}部分工作\n")
        for item in range(1, 100):
            parts.append(f"{item}.推进{rng.choice(WORDS)}{rng.choice(WORDS)}，加强第{chapter}-{item}项。\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def many_headings(big_dir: Path) -> tuple[Path, Path]:
    text = ten_thousand_headings()
    lines = text.splitlines(keepends=True)
    lines[5000] = lines[5000].replace("推进", "全面推进", 1)
    return write(big_dir, "h10k.txt", text), write(big_dir, "h10k-edit.txt", "".join(lines))


def test_ten_thousand_headings(many_headings: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    a, b = many_headings
    tree = walk(outline_json(a, capsys)["sections"])
    assert len(tree) == 10_000
    assert sum(1 for depth, _ in tree if depth == 1) == 100
    code, result = compare_json(a, b, capsys)
    assert code == 1
    changed = [r for r in result["sections"] if r["changed"]]
    assert len(changed) == 1 and changed[0]["a"]["line"] == 5001
    assert_lossless(result, a.read_text(encoding="utf-8"), b.read_text(encoding="utf-8"))


NESTED = [
    "第一编 总纲",
    "第一章 总则",
    "第一节 原则",
    "一、总体要求",
    "（一）指导思想",
    "1.发展目标",
    "（1）重点任务",
    "①保障措施",
    "——具体要求",
]


def test_deeply_nested_headings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Every numbering style nested in the next: as deep as Chinese plans go (each style
    opens one level, so depth is bounded by the number of styles, not by the input)."""
    text = "某市规划\n" + "".join(f"{h}\n加强{h[-4:]}工作。\n" for h in NESTED) * 3
    path = write(tmp_path, "nested.txt", text)
    tree = walk(outline_json(path, capsys)["sections"])
    assert max(depth for depth, _ in tree) == len(NESTED)
    edited = write(tmp_path, "nested-edit.txt", text.replace("加强", "全面加强", 1))
    code, result = compare_json(path, edited, capsys)
    assert code == 1
    assert_lossless(result, text, edited.read_text(encoding="utf-8"))


def _heading_lines(path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The heading lines of a plan, as its outline finds them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [lines[s["line"] - 1] for _, s in walk(outline_json(path, capsys)["sections"])]


def test_headings_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    headings = _heading_lines(SEED, capsys)
    path = write(tmp_path, "headings.txt", "\n".join(headings) + "\n")
    titles = [s["title"] for _, s in walk(outline_json(path, capsys)["sections"])]
    assert titles == [s["title"] for _, s in walk(outline_json(SEED, capsys)["sections"])]
    code, result = compare_json(SEED, path, capsys)
    assert code == 1
    assert_lossless(result, SEED_TEXT, path.read_text(encoding="utf-8"))


def test_no_headings_at_all(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from plandiff.numbering import find_marker

    headings = set(_heading_lines(SEED, capsys))
    body = [line for line in SEED_TEXT.splitlines() if line not in headings]
    # What is left of numbered items loses its number, so nothing can read as a heading.
    body_text = "\n".join(line[find_marker(line).end :] if find_marker(line) else line for line in body) + "\n"  # type: ignore[union-attr]
    path = write(tmp_path, "flat.txt", body_text)
    assert outline_json(path, capsys)["sections"] == []
    code, result = compare_json(SEED, path, capsys)
    assert code == 1
    assert_lossless(result, SEED_TEXT, body_text)


SKIPPING = """某市工作方案
一、总体要求
内容一。
三、重点任务
内容三。
（一）第一项
内容。
（三）第三项
内容。
（一）重新开始的一项
内容。
五、保障措施
内容五。
一、附则
内容。
"""


def test_numbering_that_skips_or_restarts(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Skipped numbers (一、三、五) stay headings; a list that restarts at 一 or （一）
    starts again, nested where the numbering says."""
    path = write(tmp_path, "skips.txt", SKIPPING)
    tree = [(depth, s["number"], s["title"]) for depth, s in walk(outline_json(path, capsys)["sections"])]
    assert tree == [
        (1, "一", "总体要求"),
        (1, "三", "重点任务"),
        (2, "一", "第一项"),
        (2, "三", "第三项"),
        (2, "一", "重新开始的一项"),
        (1, "五", "保障措施"),
        (1, "一", "附则"),
    ]
    code, _ = compare_json(path, path, capsys)
    assert code == 0


# --- pairs -------------------------------------------------------------------------------------


def test_the_same_file_on_both_sides(capsys: pytest.CaptureFixture[str]) -> None:
    code, result = compare_json(SEED, SEED, capsys)
    assert code == 0 and result["changed"] is False
    assert all(r["status"] == "matched" and not r["changed"] for r in result["sections"])
    assert {op["op"] for r in result["sections"] for op in r["changes"]} == {"equal"}
    code, out, _ = run([SEED, SEED, "--color", "never"], capsys)
    assert code == 0 and "[+" not in out and "[-" not in out


def test_one_side_empty(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    empty = write(tmp_path, "new.txt", b"")
    assert_trouble(run([SEED, empty], capsys), "new.txt: is empty")
    assert_trouble(run([empty, SEED, "-f", "json"], capsys), "new.txt: is empty")


ENGLISH = """Annual Report on Garden Maintenance

1. Introduction
The garden committee met four times this year. Volunteers planted 120 trees.

2. Budget
Spending rose by 5% to 3,000 dollars. The [bold]fence[/bold] and *gate* were repaired.

3. Outlook
Next year the committee plans a pond, subject to approval.
"""


def test_an_unrelated_english_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "report.txt", ENGLISH)
    assert [s["title"] for _, s in walk(outline_json(path, capsys)["sections"])] == [
        "Introduction",
        "Budget",
        "Outlook",
    ]
    code, result = compare_json(SEED, path, capsys)
    assert code == 1
    assert_lossless(result, SEED_TEXT, ENGLISH)
    assert not any(r["status"] == "matched" and r["a"]["level"] > 0 for r in result["sections"])
    code, out, err = run([SEED, path, "--color", "never"], capsys)
    assert code == 1 and err == "" and "[bold]fence[/bold]" in out


def test_a_tiny_plan_with_one_edited_sentence_keeps_its_section(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a = write(tmp_path, "a.txt", "一、总体\n内容甲乙丙。\n")
    b = write(tmp_path, "b.txt", "一、总体\n内容甲乙丙丁。\n")
    _, result = compare_json(a, b, capsys)
    assert [r["status"] for r in result["sections"]] == ["matched", "matched"]


def test_old_mac_line_ends(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "cr.txt", SEED_TEXT.replace("\n", "\r"))
    assert len(outline_json(path, capsys)["sections"]) == len(outline_json(SEED, capsys)["sections"])
    code, _ = compare_json(SEED, path, capsys)
    assert code == 0
    other = write(tmp_path, "cr-edited.txt", SEED_TEXT.replace("\n", "\r").replace("。", "，", 1))
    assert main([str(path), str(other), "--color", "never"]) == 1
    shown = capsys.readouterr().out
    assert "\u240d" not in shown and "\r" not in shown  # a CR line end shows as a line break


# --- output safety ---------------------------------------------------------------------------

MARKUP_A = "某市规划\n一、总体要求\n坚持[bold]创新[/bold]发展，推进[link=https://example.com]链接[/link]建设。\n二、重点任务\n加强*科普*基地`建设`。\n"
MARKUP_B = (
    "某市规划\n一、总体要求\n坚持[bold]创新[/bold]驱动发展，推进[link=https://example.com]链接[/link]建设。[/]\n"
    "二、重点任务\n加强*科普*基地`建设`，提升_能力_。\n# 不是标题 | 表格 | <b>html</b>\n"
)


@pytest.fixture
def markup_pair(tmp_path: Path) -> tuple[Path, Path]:
    return write(tmp_path, "a.txt", MARKUP_A), write(tmp_path, "b.txt", MARKUP_B)


@pytest.mark.parametrize("color", ["never", "always"])
def test_rich_markup_in_a_plan_prints_literally(
    markup_pair: tuple[Path, Path], color: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run([*markup_pair, "--color", color], capsys)
    assert code == 1 and err == ""
    plain = _strip_ansi(out)
    for literal in ("[bold]创新[/bold]", "[link=https://example.com]链接[/link]", "[/]"):
        assert literal in plain, literal
    assert "\x1b]8;" not in out  # no terminal hyperlink was made from the text


def _strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_markdown_special_characters_are_escaped(
    markup_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([*markup_pair, "-f", "markdown"], capsys)
    assert code == 1
    for raw in ("*科普*", "`建设`", "_能力_", "<b>html</b>", "| 表格 |"):
        assert raw not in out, raw
    assert "\\*科普\\*" in out and "\\`建设\\`" in out
    assert not any(line.startswith("# 不是标题") for line in out.splitlines())


def test_outline_escapes_markup_too(markup_pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    path = write(
        markup_pair[0].parent, "c.txt", "某市规划\n一、[bold]总体[/bold]要求\n内容。\n二、*重点*任务\n内容。\n"
    )
    _, text, _ = run(["outline", path, "--color", "always"], capsys)
    assert "[bold]总体[/bold]要求" in _strip_ansi(text)
    _, markdown, _ = run(["outline", path, "-f", "markdown"], capsys)
    assert "*重点*" not in markdown and "\\*重点\\*" in markdown


def test_plandiff_writes_nothing_but_the_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Run in an empty directory with HOME and TMPDIR pointing into it: only -o targets appear."""
    work, home, temp = tmp_path / "work", tmp_path / "home", tmp_path / "tmp"
    for directory in (work, home, temp):
        directory.mkdir()
    env = {
        "HOME": str(home),
        "TMPDIR": str(temp),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_CONFIG_HOME": str(home / ".config"),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(work)
    other = seed("langfang")
    for args in (
        [SEED, other],
        [SEED, other, "-f", "json"],
        [SEED, other, "-f", "markdown", "-s"],
        ["outline", SEED, "-f", "json"],
        ["extract", SEED],
    ):
        run(args, capsys)
    assert list(work.iterdir()) == list(home.iterdir()) == list(temp.iterdir()) == []
    run([SEED, other, "-f", "markdown", "-o", "report.md"], capsys)
    run(["outline", SEED, "-o", "outline.txt"], capsys)
    assert sorted(p.name for p in work.iterdir()) == ["outline.txt", "report.md"]
    assert list(home.iterdir()) == list(temp.iterdir()) == []
    # A real process too: imports, the segmenter's dictionary and all.
    process_env = {**os.environ, **env, "PYTHONIOENCODING": "utf-8", "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "plandiff", str(SEED), str(other)],
        cwd=work,
        env=process_env,
        capture_output=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert sorted(p.name for p in work.iterdir()) == ["outline.txt", "report.md"]
    assert list(home.iterdir()) == list(temp.iterdir()) == []


def test_a_failed_run_leaves_no_output_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert_trouble(run([write(tmp_path, "empty.txt", b""), SEED, "-o", "report.txt"], capsys), "is empty")
    assert not (tmp_path / "report.txt").exists()


# --- the table of docs/robustness.md ---------------------------------------------------------


def test_every_test_the_robustness_doc_names_exists() -> None:
    """Each row of docs/robustness.md is backed by a test: a renamed or deleted test fails here."""
    import importlib
    import re

    doc = (Path(__file__).resolve().parent.parent / "docs" / "robustness.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`(?:tests/)?(?:(test_\w+)\.py::)?(test_\w+)`", doc))
    assert len(named) >= 25
    for module, test in named:
        found = importlib.import_module(f"tests.{module or 'test_robustness'}")
        assert hasattr(found, test), (
            f"docs/robustness.md names {module or 'test_robustness'}.{test}, which does not exist"
        )


class _FullDisk:
    """A standard output on a full disk: every write fails with ENOSPC."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        raise OSError(28, "No space left on device")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


@pytest.mark.parametrize("fmt", ["json", "markdown", "text"])
def test_a_full_disk_is_a_one_line_error(
    fmt: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdout", _FullDisk())
    code = main([str(SEED), str(seed("langfang")), "--format", fmt])
    err = capsys.readouterr().err
    assert code == 2
    assert err == "plandiff: cannot write the output (No space left on device)\n"


def test_a_device_is_refused_not_read_forever(capsys: pytest.CaptureFixture[str]) -> None:
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    assert_trouble(run([Path("/dev/zero"), SEED], capsys), "/dev/zero: is a device, not a file")


def test_an_endless_standard_input_ends_in_an_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`yes | plandiff - B` must not fill memory: past MAX_INPUT_BYTES it is an error (the
    cap is lowered here so the test reads a few kilobytes, not 128 MB)."""
    from plandiff import ingest

    monkeypatch.setattr(ingest, "MAX_INPUT_BYTES", 4096)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("一、总体要求\n".encode() * 1000)))
    assert_trouble(run(["-", SEED], capsys), "<stdin>: is larger than 4096 bytes, too big to compare")
