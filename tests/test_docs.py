"""The docs keep up with the code: every CLI option is in docs/usage.md, and the
JSON example in docs/json.md has the keys the renderer writes."""

from __future__ import annotations

import argparse
import json
import re

import pytest

from plandiff import cli
from plandiff.render.json import comparison_data

from .conftest import ROOT
from .render_fixture import make_comparison

USAGE = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
JSON_DOC = (ROOT / "docs" / "json.md").read_text(encoding="utf-8")


def parsers() -> dict[str, argparse.ArgumentParser]:
    return {"plandiff A B": cli._compare_parser(), **{f"plandiff {name}": make() for name, make in cli.PARSERS.items()}}


def options() -> list[tuple[str, str]]:
    found = []
    for command, parser in parsers().items():
        for action in parser._actions:
            found += [(command, option) for option in action.option_strings]
    return found


def usage_section(command: str) -> str:
    """The part of docs/usage.md under the command's `##` heading."""
    match = re.search(rf"^## `{re.escape(command)}[^`]*`\n(.*?)(?=^## |\Z)", USAGE, re.S | re.M)
    assert match, f"docs/usage.md has no section for `{command}`"
    return match.group(1)


@pytest.mark.parametrize(("command", "option"), options())
def test_every_option_is_documented_under_its_command(command: str, option: str) -> None:
    assert re.search(rf"`{re.escape(option)}[` ]", usage_section(command)), (
        f"{command} {option} is not in docs/usage.md"
    )


def test_every_format_choice_is_documented() -> None:
    for choice in cli.FORMATS:
        assert choice in usage_section("plandiff A B")


def test_json_example_has_the_keys_the_renderer_writes() -> None:
    example = json.loads(re.search(r"```json\n(.*?)\n```", JSON_DOC, re.S).group(1))  # type: ignore[union-attr]
    actual = comparison_data(make_comparison())
    assert list(example) == list(actual)
    assert list(example["sections"][0]) == list(actual["sections"][0])
    assert list(example["summary"]) == list(actual["summary"])
    for key in actual["summary"]:
        assert f"`{key}`" in JSON_DOC


def test_usage_example_is_the_current_output() -> None:
    """The example in docs/usage.md is tests/golden/console_80.txt, so it cannot go stale."""
    golden = (ROOT / "tests" / "golden" / "console_80.txt").read_text(encoding="utf-8").rstrip("\n")
    assert f"```\n{golden}\n```" in USAGE
