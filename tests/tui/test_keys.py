"""Behaviour of `plandiff view`, driven headless with Textual's pilot."""

from __future__ import annotations

import html
import importlib.util
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList

from plandiff.cli import main
from plandiff.errors import PlandiffError
from plandiff.model import Comparison, Options
from plandiff.pins import read_pins
from plandiff.pipeline import compare
from plandiff.tui.app import PlandiffApp, make_app
from plandiff.tui.keys import key_table_markdown, status_table_markdown
from plandiff.tui.launch import default_pins_path
from plandiff.tui.rows import build_rows
from plandiff.tui.widgets.diff_view import MATCH_STYLE, RowView
from plandiff.tui.widgets.prompts import ChoiceScreen, PromptScreen

from .conftest import settle

SYMBOL = {"added": "+", "removed": "−", "split": "⑂", "merged": "⑂", "renamed": "≈", "moved": "↕"}


def expected_symbol(comparison: Comparison, index: int) -> str:
    """The status symbol the tree must show, from the model's own fields."""
    link = comparison.alignment.links[index]
    if link.a is None:
        return "+"
    if link.b is None:
        return "−"
    if link.kind in SYMBOL:
        return SYMBOL[link.kind]
    return "~" if comparison.diffs[index].changed else "="


def tree_nodes(app: PlandiffApp) -> list:  # type: ignore[type-arg]
    found, todo = [], list(app.section_tree.root.children)
    while todo:
        node = todo.pop(0)
        found.append(node)
        todo[:0] = list(node.children)
    return found


async def test_tree_shows_every_link_with_its_status(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        nodes = tree_nodes(app)
        indexes = [app.section_tree.link_index(node) for node in nodes]
        assert indexes == list(range(len(comparison.alignment.links)))
        for node, index in zip(nodes, indexes, strict=True):
            assert str(node.label).startswith(expected_symbol(comparison, index)), (index, str(node.label))


async def test_next_change_visits_every_change_in_order_and_back(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        forward = await walk(app, pilot, "n")
        # Positions strictly increase: (link, row) with the heading (None) before row 0.
        keys = [(link, -1 if row is None else row) for link, row in forward]
        assert keys == sorted(set(keys))
        changed_links = {i for i in range(len(comparison.alignment.links)) if expected_symbol(comparison, i) != "="}
        assert {link for link, _ in forward} == changed_links
        for link, row in forward:
            if row is not None:
                assert build_rows(comparison, link)[row].changed
        backward = await walk(app, pilot, "N")
        assert backward == list(reversed(forward))[1:]


async def walk(app: PlandiffApp, pilot, key: str) -> list[tuple[int, int | None]]:  # type: ignore[no-untyped-def]
    """Go with `key` until the position stops moving; the positions visited.

    The first steps are real key presses; the rest call the key's action directly
    (the same code without redrawing each step, which keeps the test fast).
    """
    action = {"n": app.action_next_change, "N": app.action_previous_change}[key]
    seen: list[tuple[int, int | None]] = []
    for step in range(2000):
        if step < 3:
            await pilot.press(key)
        else:
            action()
        position = (app.diff_view.link_index, app.diff_view.current)
        if seen and position == seen[-1]:
            await pilot.pause()
            return seen
        assert position[0] is not None
        seen.append(position)  # type: ignore[arg-type]
    raise AssertionError("navigation never stopped")


async def test_filter_changes_only_then_one_status(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        await pilot.press("f")
        shown = app.section_tree.visible_links
        assert shown == [i for i in range(len(comparison.alignment.links)) if expected_symbol(comparison, i) != "="]
        await pilot.press("F")
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.query_one(Input).value = "only in a"
        await pilot.press("enter")
        await pilot.pause()
        removed = [i for i, link in enumerate(comparison.alignment.links) if link.b is None]
        assert removed and app.section_tree.visible_links == removed
        assert app.diff_view.link_index in removed
        await pilot.press("F")
        app.screen.query_one(Input).value = "all sections"
        await pilot.press("enter")
        await pilot.pause()
        assert len(tree_nodes(app)) == len(comparison.alignment.links)


async def test_search_highlights_and_jumps_through_both_documents(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        # A phrase of B's last heading: it occurs at least once, late in B.
        query = comparison.b.headings[-1].title[:4]
        total = comparison.a.text.original.count(query) + comparison.b.text.original.count(query)
        assert total >= 1
        await pilot.press("slash")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = query
        await pilot.press("enter")
        await pilot.pause()
        assert app.diff_view.search_text == query
        assert len(app.hits) == total
        landed = []
        for _ in range(total):
            link, row = app.diff_view.link_index, app.diff_view.current
            assert link is not None and row is not None
            texts = build_rows(comparison, link)[row]
            assert query in texts.text("a") + texts.text("b")
            landed.append((link, row))
            await pilot.press("greater_than_sign")
        assert landed == sorted(landed)
        # The search text is highlighted in the rows on screen.
        await pilot.pause()
        current = [view for view in app.diff_view.query(RowView) if view.has_class("-current")]
        assert len(current) == 1
        marked = [
            cell.plain[span.start : span.end]
            for cell in current[0].cells()
            for span in cell.spans
            if span.style == MATCH_STYLE
        ]
        assert query in marked


async def test_forbidding_a_link_recomputes_and_saves_the_sidecar(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    sidecar = default_pins_path(str(pair[0]), str(pair[1]))
    assert sidecar.parent == pair[0].parent and not sidecar.exists()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.comparison
        assert before is not None
        links = before.alignment.links
        index = next(i for i, k in enumerate(links) if k.a and k.b and k.kind == "same" and not k.borrowed)
        link = before.alignment.links[index]
        app.go(index, None)
        await pilot.press("x")
        await settle(app, pilot)
        after = app.comparison
        assert after is not None and after is not before
        assert (link.a, link.b) not in {(k.a, k.b) for k in after.alignment.links}
        pins = read_pins(sidecar)
        a_line, b_line = before.a.sections[link.a].line, before.b.sections[link.b].line
        assert [(p.a_line, p.b_line, p.forbid) for p in pins] == [(a_line, b_line, True)]
    # Reopened without --pins, the app reads the default sidecar back.
    again = make_app(*pair)
    assert again.options.pins == pins
    # The CLI reproduces the corrected comparison from the same file.
    out = pair[0].parent / "out.json"
    main([str(pair[0]), str(pair[1]), "--pins", str(sidecar), "--format", "json", "-o", str(out)])
    records = json.loads(out.read_text(encoding="utf-8"))["sections"]
    pairs = {(r["a"]["line"], r["b"]["line"]) for r in records if r["a"] and r["b"]}
    assert (a_line, b_line) not in pairs
    assert a_line in {r["a"]["line"] for r in records if r["a"]}


async def test_linking_a_section_to_a_chosen_b_section(pair: tuple[Path, Path], tmp_path: Path) -> None:
    sidecar = tmp_path / "my.pins.json"
    app = make_app(*pair, pins_path=sidecar)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        before = app.comparison
        assert before is not None
        # A removed A section, linked by hand to the B section of its parent's partner.
        links = before.alignment.links
        index = next(i for i, k in enumerate(links) if k.b is None and before.a.sections[k.a].level > 0)
        a_index = before.alignment.links[index].a
        b_index = next(k.b for k in before.alignment.links if k.a is not None and k.b is not None and k.a > 0)
        app.go(index, None)
        await pilot.press("l")
        assert isinstance(app.screen, ChoiceScreen)
        app.screen.dismiss(str(b_index))
        await settle(app, pilot)
        after = app.comparison
        assert after is not None
        pinned = [k for k in after.alignment.links if k.a == a_index and k.b == b_index]
        assert pinned and pinned[0].pinned
        assert [(p.a_line, p.b_line) for p in read_pins(sidecar)] == [
            (before.a.sections[a_index].line, before.b.sections[b_index].line)
        ]
        assert make_app(*pair, Options(pins=read_pins(sidecar))).options.pins == tuple(app.pins)
        await pilot.press("u")
        await settle(app, pilot)
        assert read_pins(sidecar) == () and app.comparison is not None
        assert not any(k.pinned for k in app.comparison.alignment.links)


@pytest.mark.parametrize(
    ("name", "module", "check"),
    [
        ("out.json", "plandiff.render.json", lambda text: json.loads(text)["sections"]),
        ("out.md", "plandiff.render.markdown", lambda text: text.lstrip().startswith("#")),
        ("out.txt", "plandiff.render.console", lambda text: "\x1b[" not in text and text.strip()),
    ],
)
async def test_export_writes_a_valid_file(  # type: ignore[no-untyped-def]
    pair: tuple[Path, Path], tmp_path: Path, name: str, module: str, check
) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} is not in this build yet")
    app = make_app(*pair)
    target = tmp_path / name
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
    assert check(target.read_text(encoding="utf-8"))


async def test_export_refuses_to_overwrite_an_input(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    original = pair[0].read_bytes()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        app.export(str(pair[0]))
        await pilot.pause()
    assert pair[0].read_bytes() == original


async def test_strict_toggle_recomputes_with_strict_options(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.comparison is not None and not app.comparison.options.strict
        await pilot.press("S")
        await settle(app, pilot)
        assert app.comparison.options.strict


async def test_inline_toggle_and_help_and_summary_screens(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("i")
        assert app.diff_view.inline
        await pilot.press("question_mark")
        assert type(app.screen).__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("s")
        assert type(app.screen).__name__ == "SummaryScreen"
        await pilot.press("escape")
        assert app.screen is app.screen_stack[0]


def test_a_missing_file_is_a_plandiff_error(tmp_path: Path) -> None:
    with pytest.raises(PlandiffError):
        make_app(tmp_path / "nope.txt", tmp_path / "nope2.txt")


def test_docs_key_table_matches_the_bindings() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "tui.md"
    text = docs.read_text(encoding="utf-8")
    assert key_table_markdown(PlandiffApp.BINDINGS) in text
    assert status_table_markdown() in text


async def test_the_tree_renders_the_pipelines_comparison(pair: tuple[Path, Path]) -> None:
    """The TUI renders compare()'s result and adds nothing: the same links as the library."""
    app = make_app(*pair)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert app.comparison is not None
        assert app.comparison.alignment.links == compare(*pair).alignment.links


async def test_choosing_a_summary_item_jumps_to_its_place(pair: tuple[Path, Path]) -> None:
    app = make_app(*pair)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        await pilot.press("s")
        options = app.screen.query_one(OptionList)
        highlighted = options.highlighted
        assert highlighted is not None
        link, side, offset = options.get_option_at_index(highlighted).id.split(":")[:3]  # type: ignore[union-attr]
        await pilot.press("down", "up", "enter")
        await pilot.pause()
        assert app.screen is app.screen_stack[0]
        assert app.diff_view.link_index == int(link)
        if side != "-":
            row = app.diff_view.rows[app.diff_view.current]  # type: ignore[index]
            start, end = row.span(side)  # type: ignore[misc]
            assert start <= int(offset) < end
            first = (comparison.summary.added or comparison.summary.removed)[0]
            assert first.text in row.text(side)


async def test_a_moved_clause_says_where_it_went(pair: tuple[Path, Path]) -> None:
    """A row holding an op with `moved_to` names the section of the link it went to."""
    from plandiff.render.common import link_name

    app = make_app(*pair)
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(app, pilot)
        comparison = app.comparison
        assert comparison is not None
        links = comparison.alignment.links
        source = next(i for i, d in enumerate(comparison.diffs) if any(op.op == "delete" for op in d.ops))
        target = next(i for i, k in enumerate(links) if k.b is not None and i != source)
        diff = comparison.diffs[source]
        ops = tuple(
            replace(op, moved_to=target) if op.op == "delete" else op for op in diff.ops
        )
        diffs = list(comparison.diffs)
        diffs[source] = replace(diff, ops=ops)
        moved = replace(comparison, diffs=tuple(diffs))
        app.show_comparison(moved)
        app.go(source, None)
        await pilot.pause()
        name = link_name(comparison, target)[:20]  # named as the CLI's moved note names it
        texts = [cell.plain for view in app.diff_view.query(RowView) for cell in view.cells()]
        assert any(f"↕ moved to {name}" in text for text in texts)


MARKUP_PLAN = (
    "关于[/]测试的方案\n\n一、总体[b]要求\n坚持[/]原则。到2025年达到[red]15%。\n"
    "二、主要任务\n（一）开展[link=x]活动\n内容。\n"
)


def screen_text(app: PlandiffApp) -> str:
    """The characters on screen (from the SVG screenshot), to see what a reader sees."""
    svg = app.export_screenshot()
    return html.unescape("".join(re.findall(r">([^<>]*)</text>", svg))).replace("\xa0", " ")


async def test_document_text_is_never_read_as_markup(tmp_path: Path) -> None:
    """Brackets in headings, bodies and queries are shown as written in every widget and dialog."""
    a, b = tmp_path / "a[red]x[b].txt", tmp_path / "b.txt"
    a.write_text(MARKUP_PLAN, encoding="utf-8")
    b.write_text(MARKUP_PLAN.replace("内容", "新内容[/i]") + "三、新增[i]工作\n做好[/]工作。\n", encoding="utf-8")
    app = make_app(a, b)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "总体[b]要求" in screen_text(app)
        await pilot.press("s")
        await pilot.pause()
        assert "新增[i]工作" in screen_text(app)
        await pilot.press("escape", "l")
        await pilot.pause()
        assert "新增[i]工作" in screen_text(app)
        await pilot.press("escape", "question_mark", "escape", "i")
        app.search("做好[/]")
        await settle(app, pilot)
        assert "做好[/]工作" in screen_text(app)


async def test_a_long_section_mounts_only_a_window_of_rows(tmp_path: Path) -> None:
    """Lazy rendering: jumping deep into a long section mounts a few rows around the target,
    scrolling up loads the rows above, Home goes back to the first row."""
    body = "".join(f"第{k}项工作要抓好落实。" + ("\n" if k % 3 == 0 else "") for k in range(3000))
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("关于测试的方案\n" + body, encoding="utf-8")
    b.write_text("关于测试的方案\n" + body.replace("第2990项", "第二九九〇项"), encoding="utf-8")
    app = make_app(a, b)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        view = app.diff_view
        link = max(range(len(view.comparison.diffs)), key=lambda i: len(view.rows_for(i)))  # type: ignore[union-attr]
        rows = view.rows_for(link)
        deep = next(i for i in range(len(rows) - 1, -1, -1) if rows[i].changed)
        assert deep > 500
        app.go(link, deep)
        await settle(app, pilot)
        mounted = [v.row_index for v in view.query(RowView)]
        assert deep in mounted and len(mounted) < 100 and min(mounted) > 0
        view.scroll_to(y=0, animate=False)
        await settle(app, pilot)
        assert min(v.row_index for v in view.query(RowView)) < min(mounted)
        view.focus()
        await pilot.press("home")
        await settle(app, pilot)
        assert min(v.row_index for v in view.query(RowView)) == 0
