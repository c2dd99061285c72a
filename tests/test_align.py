"""The aligner on the hard cases, built from the seeds by editing their text.

Each case edits a real plan the way a drafting office does (renumbering, reordering,
renaming, dropping and adding parts, splitting and merging) and checks that the
aligner pairs what a reader would pair.
"""

from __future__ import annotations

import itertools
import re
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plandiff.align import align
from plandiff.align.assignment import match_sparse, max_weight_matching
from plandiff.align.similarity import body_similarity, build_profiles, same_key, same_titles
from plandiff.errors import PinsError
from plandiff.ingest import read_text, text_from_bytes
from plandiff.model import Alignment, Document, Pin
from plandiff.structure import parse_document

from .conftest import CORPUS, SEED_FILES, seed

CN = "一二三四五六七八九十"


@cache
def seed_doc(name: str) -> Document:
    return parse_document(read_text(seed(name)))


def doc_of(text: str, name: str = "edited.txt") -> Document:
    return parse_document(text_from_bytes(text.encode("utf-8"), name=name))


def section(doc: Document, title: str):
    """The one section whose title starts with `title`."""
    found = [s for s in doc.sections if s.level > 0 and s.title.startswith(title)]
    assert len(found) == 1, f"{title!r}: {[s.title for s in found]}"
    return found[0]


def subtree(doc: Document, title: str) -> tuple[int, int]:
    s = section(doc, title)
    return s.start, doc.subtree_end(s)


def renumber_parts(text: str) -> str:
    """Number the (一)… headings of each 一、… part in sequence again after an edit."""
    out, count = [], 0
    for line in text.split("\n"):
        if re.match(f"^[{CN}]+、", line):
            count = 0
        elif re.match(f"^\\([{CN}]+\\)", line):
            count += 1
            line = re.sub(f"^\\([{CN}]+\\)", f"({CN[count - 1] if count <= 10 else '十' + CN[count - 11]})", line)
        out.append(line)
    return "\n".join(out)


def pairs_by_title(al: Alignment) -> dict[str, str | None]:
    """A title → the B title it is linked to (None when removed), for non-borrowed A sides."""
    out: dict[str, str | None] = {}
    for link in al.links:
        if link.a is not None and not (link.borrowed and link.kind == "split"):
            sa = al.a.sections[link.a]
            if sa.level > 0:
                out[sa.title] = al.b.sections[link.b].title if link.b is not None else None
    return out


def added_titles(al: Alignment) -> list[str]:
    return [al.b.sections[lk.b].title for lk in al.links if lk.a is None and al.b.sections[lk.b].level > 0]


def removed_titles(al: Alignment) -> list[str]:
    return [al.a.sections[lk.a].title for lk in al.links if lk.b is None and al.a.sections[lk.a].level > 0]


def check_contract(al: Alignment, max_level: int | None = None) -> None:
    """Every in-scope section of each side in exactly one non-borrowed link; order follows B."""
    for side, doc in (("a", al.a), ("b", al.b)):
        owned = [getattr(lk, side) for lk in al.links if getattr(lk, side) is not None and not _borrowed_on(lk, side)]
        scope = [s.index for s in doc.sections if max_level is None or s.level <= max_level]
        assert sorted(owned) == scope, side
        every = {getattr(lk, side) for lk in al.links if getattr(lk, side) is not None}
        assert every == set(scope), side
    b_order = [lk.b for lk in al.links if lk.b is not None]
    assert b_order == sorted(b_order)
    for link in al.links:
        assert 0.0 <= link.confidence <= 1.0
        if link.a is not None and link.b is not None and al.a.sections[link.a].level == 0:
            assert (al.a.sections[link.a].start == 0) == (al.b.sections[link.b].start == 0), "front with front"


def _borrowed_on(link, side: str) -> bool:
    return link.borrowed and ((side == "a" and link.kind == "split") or (side == "b" and link.kind == "merged"))


# --- identity and renumbering ---------------------------------------------------------


@pytest.mark.parametrize("name", ["langfang", "beijing", "qianjiang"])
def test_a_plan_against_itself_is_all_same_with_full_confidence(name: str) -> None:
    doc = seed_doc(name)
    al = align(doc, doc)
    check_contract(al)
    assert all(lk.a == lk.b and lk.kind == "same" and lk.confidence == 1.0 for lk in al.links)


def test_renumbered_copy_links_every_section_to_its_copy() -> None:
    doc = seed_doc("langfang")
    text = doc.text.original
    shifted = re.sub(f"^([{CN[:3]}])、", lambda m: CN[CN.index(m.group(1)) + 1] + "、", text, flags=re.M)
    first = section(doc, "总体要求").start
    edited = doc_of(shifted[:first] + "一、前言\n\n为统筹推进本市工作，制定本方案。\n\n" + shifted[first:])
    al = align(doc, edited)
    check_contract(al)
    assert added_titles(al) == ["前言"]
    assert removed_titles(al) == []
    for link in al.links:
        if link.a is not None and link.b is not None:
            assert doc.sections[link.a].title == edited.sections[link.b].title
            assert link.kind == "same" and link.confidence == 1.0


# --- reordering and renaming ----------------------------------------------------------


def test_reordered_siblings_keep_their_partners() -> None:
    doc = seed_doc("langfang")
    text = doc.text.original
    (s1, e1), (s2, e2) = subtree(doc, "农民科学素质"), subtree(doc, "老年人科学素质")
    swapped = text[:s1] + text[s2:e2] + text[e1:s2] + text[s1:e1] + text[e2:]
    al = align(doc, doc_of(renumber_parts(swapped)))
    check_contract(al)
    pairs = pairs_by_title(al)
    assert all(a == b for a, b in pairs.items()), {a: b for a, b in pairs.items() if a != b}


def test_renamed_headings_are_linked_and_called_renamed() -> None:
    doc = seed_doc("langfang")
    renames = {
        "农民科学素质提升行动": "乡村居民科学素养培育行动",
        "组织保障": "加强组织领导",
        "健全基层科普服务体系": "织密基层服务网络",
    }
    text = doc.text.original
    for old, new in renames.items():
        text = text.replace(old, new, 1)
    al = align(doc, doc_of(text))
    check_contract(al)
    pairs = pairs_by_title(al)
    for old, new in renames.items():
        assert pairs[old] == new
        link = next(lk for lk in al.links if lk.a is not None and doc.sections[lk.a].title == old)
        assert link.kind == "renamed", (old, link)
    assert added_titles(al) == [] and removed_titles(al) == []


# --- dropped and new sections ------------------------------------------------------------

NEW_SECTION = (
    "(十)科普产业发展工程\n\n"
    "1.培育科普产业市场主体。支持展品教具研发企业做大做强，推动文旅融合，建设科普产业园区，"
    "引导社会资本投资科普产品研发和科普旅游线路开发。\n\n"
    "2.完善产业扶持政策。落实税收优惠，设立专项资金，对首台套科普装备给予补贴，"
    "举办科普产品博览会，促进供需对接和成果交易。\n\n"
)


def test_one_section_deleted_and_one_inserted() -> None:
    doc = seed_doc("langfang")
    text = doc.text.original
    s, e = subtree(doc, "产业工人科学素质")
    end_of_tasks = subtree(doc, "基层科普能力提升工程")[1]
    edited = text[:s] + text[e:end_of_tasks] + NEW_SECTION + text[end_of_tasks:]
    al = align(doc, doc_of(renumber_parts(edited)))
    check_contract(al)
    assert removed_titles(al)[0] == "产业工人科学素质提升行动"
    assert set(removed_titles(al)) == {doc.sections[i].title for i in _subtree_indexes(doc, "产业工人科学素质")}
    assert added_titles(al) == ["科普产业发展工程", "培育科普产业市场主体", "完善产业扶持政策"]
    pairs = pairs_by_title(al)
    assert all(b == a for a, b in pairs.items() if b is not None)


def _subtree_indexes(doc: Document, title: str) -> list[int]:
    s = section(doc, title)
    return [t.index for t in doc.sections if s.start <= t.start < doc.subtree_end(s)]


# --- splits and merges --------------------------------------------------------------------


def _split_langfang() -> tuple[Document, Document]:
    """Langfang, and a copy whose 基层科普能力提升工程 (items 1–4) is split in two parts."""
    doc = seed_doc("langfang")
    text = doc.text.original
    third = section(doc, "夯实基层科普服务能力").start
    edited = text[:third] + "(十)科普服务能力建设工程\n\n" + text[third:]
    edited = edited.replace("3.夯实基层科普服务能力", "1.夯实基层科普服务能力").replace(
        "4.加强专兼职科普队伍", "2.加强专兼职科普队伍"
    )
    return doc, doc_of(edited)


def test_a_section_split_in_two() -> None:
    doc, edited = _split_langfang()
    al = align(doc, edited)
    check_contract(al)
    whole = section(doc, "基层科普能力提升工程").index
    parts = {section(edited, "基层科普能力提升工程").index, section(edited, "科普服务能力建设工程").index}
    group = [lk for lk in al.links if lk.a == whole]
    assert {lk.b for lk in group} == parts
    assert all(lk.kind == "split" for lk in group) and sum(lk.borrowed for lk in group) == 1
    assert pairs_by_title(al)["夯实基层科普服务能力"] == "夯实基层科普服务能力"


def test_two_sections_merged_into_one() -> None:
    doc, edited = _split_langfang()
    al = align(edited, doc)
    check_contract(al)
    whole = section(doc, "基层科普能力提升工程").index
    group = [lk for lk in al.links if lk.b == whole]
    assert {edited.sections[lk.a].title for lk in group} == {"基层科普能力提升工程", "科普服务能力建设工程"}
    assert all(lk.kind == "merged" for lk in group) and sum(lk.borrowed for lk in group) == 1


def test_a_paragraph_split_into_two_sections() -> None:
    doc = seed_doc("langfang")
    text = doc.text.original
    goal = section(doc, "主要目标")
    body = text[goal.heading_end : goal.end]
    cut = body.index("。服务群众") + 1
    edited = text[: goal.heading_end] + body[:cut] + "\n\n(三)发展愿景。" + body[cut:].lstrip() + text[goal.end :]
    b = doc_of(edited)
    al = align(doc, b)
    check_contract(al)
    group = [lk for lk in al.links if lk.a == goal.index]
    assert {b.sections[lk.b].title for lk in group} == {"主要目标", "发展愿景"}
    assert all(lk.kind == "split" for lk in group)


# --- unrelated text ----------------------------------------------------------------------------


def test_a_law_against_a_plan_matches_nearly_nothing() -> None:
    law = parse_document(read_text(CORPUS / "law-kepufa-2002.txt"))
    plan = seed_doc("langfang")
    al = align(law, plan)
    check_contract(al)
    matched = [lk for lk in al.links if lk.status == "matched" and law.sections[lk.a].level > 0]
    print(f"\nlaw vs plan: {len(matched)} of {len(plan.headings)} plan headings matched")
    assert len(matched) <= 0.1 * len(plan.headings)


# --- every seed pair: the contract ----------------------------------------------------------------


@pytest.mark.parametrize(
    "pair", list(itertools.combinations(SEED_FILES, 2)), ids=lambda p: f"{p[0].stem[:8]}-{p[1].stem[:8]}"
)
def test_every_seed_pair_keeps_the_contract_both_ways(pair) -> None:
    a, b = (parse_document(read_text(p)) for p in pair)
    forward, backward = align(a, b), align(b, a)
    check_contract(forward)
    check_contract(backward)
    check_contract(align(a, b, max_level=1), max_level=1)
    # Which document is called A does not change which sections pair up.
    assert {(lk.a, lk.b) for lk in forward.links} == {(lk.b, lk.a) for lk in backward.links}


def test_max_level_folds_deeper_sections_into_their_ancestors() -> None:
    a, b = seed_doc("xinzheng"), seed_doc("langfang")
    al = align(a, b, max_level=2)
    check_contract(al, max_level=2)
    ends = {s.index: a.subtree_end(s) if s.level == 2 else s.end for s in a.sections}
    spans = sorted(
        (a.sections[lk.a].start, ends[lk.a]) for lk in al.links if lk.a is not None and not _borrowed_on(lk, "a")
    )
    assert spans[0][0] == 0 and spans[-1][1] == len(a.text)
    assert all(prev[1] == nxt[0] for prev, nxt in itertools.pairwise(spans))


def test_removed_sections_follow_their_predecessor() -> None:
    a, b = seed_doc("xinzheng"), seed_doc("langfang")
    links = align(a, b).links
    for i, link in enumerate(links):
        if link.b is None:
            last = max(j for j, lk in enumerate(links) if lk.a == link.a - 1)
            assert last < i and all(lk.b is None and link.a - 1 < lk.a < link.a for lk in links[last + 1 : i])


# --- pins ------------------------------------------------------------------------------------


def _link_of(al: Alignment, a_line: int):
    return [lk for lk in al.links if lk.a is not None and al.a.sections[lk.a].line == a_line]


def test_pins_force_forbid_and_unmatch() -> None:
    a, b = seed_doc("xinzheng"), seed_doc("langfang")
    youth, farmers = section(a, "青少年科学素质").line, section(a, "农民科学素质").line
    b_youth, b_elderly = section(b, "青少年科学素质").line, section(b, "老年人科学素质").line
    pins = (Pin(farmers, b_elderly), Pin(youth, b_youth, forbid=True), Pin(section(a, "组织保障").line, None))
    al = align(a, b, pins=pins)
    check_contract(al)
    forced = _link_of(al, farmers)
    assert len(forced) == 1 and forced[0].pinned and forced[0].confidence == 1.0
    assert al.b.sections[forced[0].b].line == b_elderly
    assert all(lk.b is None or al.b.sections[lk.b].line != b_youth for lk in _link_of(al, youth))
    assert [lk.b for lk in _link_of(al, section(a, "组织保障").line)] == [None]


def test_a_pin_on_a_line_without_heading_is_an_error() -> None:
    a, b = seed_doc("xinzheng"), seed_doc("langfang")
    with pytest.raises(PinsError, match="line 7 of A"):
        align(a, b, pins=(Pin(7, 25),))


# --- the assignment solver ------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 9), min_size=1, max_size=5), min_size=1, max_size=5).filter(
        lambda m: len({len(r) for r in m}) == 1
    )
)
def test_hungarian_finds_the_best_total(weights: list[list[int]]) -> None:
    rows, cols = len(weights), len(weights[0])
    pairs = max_weight_matching([[float(w) for w in row] for row in weights])
    assert len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs})
    best = 0
    for perm in itertools.permutations(range(max(rows, cols)), min(rows, cols)):
        chosen = zip(range(rows), perm, strict=False) if rows <= cols else zip(perm, range(cols), strict=False)
        best = max(best, sum(weights[r][c] for r, c in chosen))
    assert sum(weights[r][c] for r, c in pairs) == best


def test_sparse_matching_solves_each_component() -> None:
    edges = [(0, 0, 1.0), (0, 1, 0.9), (1, 0, 0.9), (5, 7, 0.3), (6, 7, 0.4)]
    assert match_sparse(edges) == [(0, 1), (1, 0), (6, 7)]


# --- random edits ----------------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(st.data())
def test_random_deletions_and_swaps_keep_every_survivor_linked_to_itself(data: st.DataObject) -> None:
    """Drop some parts and swap two neighbours: every part left is linked to its original."""
    doc = seed_doc("langfang")
    text = doc.text.original
    parts = [s for s in doc.sections if s.level == 2]
    dropped = data.draw(st.sets(st.sampled_from(range(len(parts))), max_size=3))
    swap = data.draw(st.sampled_from(range(len(parts) - 1)))
    spans = [(s.start, doc.subtree_end(s)) for s in parts]
    pieces = [text[a:b] for a, b in spans]
    if swap not in dropped and swap + 1 not in dropped and parts[swap].parent == parts[swap + 1].parent:
        pieces[swap], pieces[swap + 1] = pieces[swap + 1], pieces[swap]
    rebuilt, cursor = [], 0
    for i, (a, b) in enumerate(spans):
        rebuilt.append(text[cursor:a])
        rebuilt.append("" if i in dropped else pieces[i])
        cursor = b
    rebuilt.append(text[cursor:])
    edited = doc_of(renumber_parts("".join(rebuilt)))
    al = align(doc, edited)
    check_contract(al)
    pairs = pairs_by_title(al)
    kept = {parts[i].title for i in range(len(parts)) if i not in dropped}
    assert all(pairs[title] == title for title in kept)
    assert all(pairs[parts[i].title] is None for i in dropped)


def test_a_section_moved_to_another_part_is_called_moved() -> None:
    doc = seed_doc("langfang")
    text = doc.text.original
    item = section(doc, "发挥企业家示范引领作用")
    body = text[item.start : item.end].replace("3.发挥企业家", "5.发挥企业家", 1)
    end = subtree(doc, "基层科普能力提升工程")[1]
    edited = doc_of(text[: item.start] + text[item.end : end] + body + text[end:])
    al = align(doc, edited)
    check_contract(al)
    link = next(lk for lk in al.links if lk.a == item.index)
    assert edited.sections[link.b].title == "发挥企业家示范引领作用"
    assert edited.sections[edited.sections[link.b].parent].title == "基层科普能力提升工程"
    assert link.kind == "moved" and link.confidence == 1.0


def test_a_hard_wrapped_copy_links_every_section_to_itself() -> None:
    """Text from a PDF breaks lines (and words) every few dozen characters."""
    doc = seed_doc("langfang")
    back = doc.sections[-1].start  # the web page's footer stays as it was
    wrapped = "\n".join(
        "\n".join(line[i : i + 37] for i in range(0, len(line), 37)) if len(line) > 37 else line
        for line in doc.text.original[:back].split("\n")
    )
    copy = doc_of(wrapped + doc.text.original[back:])
    al = align(doc, copy)
    check_contract(al)
    pairs = pairs_by_title(al)
    assert all(a == b for a, b in pairs.items()), {a: b for a, b in pairs.items() if a != b}
    # The words are the same once the wraps are gone, so the bodies agree fully.
    prof_a, prof_b = build_profiles(doc, copy, [s.index for s in doc.sections], [s.index for s in copy.sections])
    for lk in al.links:
        if lk.status == "matched":
            assert body_similarity(prof_a[lk.a], prof_b[lk.b]) > 0.99, doc.sections[lk.a].title


def test_pins_that_would_split_and_merge_one_section_are_an_error() -> None:
    a, b = seed_doc("xinzheng"), seed_doc("langfang")
    x1, x2 = section(a, "青少年科学素质").line, section(a, "农民科学素质").line
    y1, y2 = section(b, "青少年科学素质").line, section(b, "农民科学素质").line
    al = align(a, b, pins=(Pin(x1, y1), Pin(x1, y2)))  # a split is fine
    check_contract(al)
    assert sorted(lk.kind for lk in _link_of(al, x1)) == ["split", "split"]
    with pytest.raises(PinsError, match="both split and merged"):
        align(a, b, pins=(Pin(x1, y2), Pin(x1, y1), Pin(x2, y1)))


def test_swapped_top_level_parts_keep_partners_and_one_is_moved() -> None:
    doc = seed_doc("xinzheng")
    text = doc.text.original
    (s1, e1), (s2, e2) = subtree(doc, "提升行动"), subtree(doc, "重点工程")
    first = text[s2:e2].replace("三、重点工程", "二、重点工程", 1)
    second = text[s1:e1].replace("二、提升行动", "三、提升行动", 1)
    edited = doc_of(text[:s1] + first + second + text[e2:])
    al = align(doc, edited)
    check_contract(al)
    assert all(a == b for a, b in pairs_by_title(al).items())
    kinds = {doc.sections[lk.a].title: lk.kind for lk in al.links if lk.a is not None and doc.sections[lk.a].level > 0}
    assert sorted(kinds[t] for t in ("提升行动", "重点工程")) == ["moved", "same"]
    assert {k for t, k in kinds.items() if t not in ("提升行动", "重点工程")} == {"same"}


def test_tasks_promoted_to_top_level_parts_keep_their_partners() -> None:
    """One plan lists its tasks as (一)… under 二、主要任务; the other makes each a part."""
    doc = seed_doc("langfang")
    text = doc.text.original
    start, end = subtree(doc, "主要任务")
    parts, count = [], 1
    for line in text[start:end].split("\n")[1:]:  # the 二、主要任务 heading goes
        if re.match(f"^\\([{CN}]+\\)", line):
            count += 1
            line = re.sub(
                f"^\\([{CN}]+\\)", CN[count - 1] + "、" if count <= 10 else "十" + CN[count - 11] + "、", line
            )
        parts.append(line)
    rest = text[end:].replace("三、组织实施", "十一、组织实施", 1)
    flat = doc_of(text[:start] + "\n".join(parts) + rest)
    al = align(doc, flat)
    check_contract(al)
    pairs = pairs_by_title(al)
    assert pairs["主要任务"] is None
    assert all(b == a for a, b in pairs.items() if a != "主要任务"), {a: b for a, b in pairs.items() if a != b}
    promoted = [lk for lk in al.links if lk.a is not None and doc.sections[lk.a].level == 2 and lk.b is not None]
    assert {flat.sections[lk.b].level for lk in promoted if flat.sections[lk.b].title.endswith(("行动", "工程"))} == {1}


# --- same or renamed ------------------------------------------------------------------------

# The gold README's examples (tests/data/gold/README.md). Its 科普信息化建设工程 →
# 科普信息化提升工程 "renamed" is left out: by its own rule (提升 ignored) it is a word left
# out, like 科普基础设施建设工程 → 科普基础设施工程, which it calls "same".
SAME_EXAMPLES = [
    ("实施青少年科学素质行动", "青少年科学素质提升行动", True),
    ("实施科普基础设施建设工程", "科普基础设施工程", True),
    ("加大科普教育基地建设力度", "大力加强科普基地建设", True),
    ("加强领导干部和公务员科学素质教育培训", "强化领导干部和公务员科学素质教育", True),
    ("城镇劳动者科学素质行动", "产业工人科学素质提升行动", False),
    ("组织领导", "组织保障", False),
    ("条件保障", "经费保障", False),
    ("大力发展科普志愿者队伍", "大力发展科技志愿者队伍", False),
    ("科普", "科普信息化", False),
]


@pytest.mark.parametrize(("old", "new", "same"), SAME_EXAMPLES)
def test_same_means_the_title_core_agrees_up_to_verbs_and_added_words(old: str, new: str, same: bool) -> None:
    assert same_titles(same_key(old), same_key(new)) is same


def _merged_items() -> tuple[Document, Document]:
    """Langfang, and a copy whose first two youth items are one item."""
    doc = seed_doc("langfang")
    text = doc.text.original
    first, second = section(doc, "将弘扬科学精神"), section(doc, "提升各教育阶段")
    edited = text[: first.end].rstrip() + text[second.heading_end : second.end].lstrip("。").rstrip() + "\n\n"
    edited += text[second.end :].replace("3.充分利用", "2.充分利用", 1).replace("4.加强科技教师", "3.加强科技教师", 1)
    return doc, doc_of(edited)


def test_two_items_merged_into_one_and_split_back() -> None:
    doc, merged = _merged_items()
    titles = {"将弘扬科学精神贯穿于育人全链条", "提升各教育阶段科学教育水平"}
    al = align(doc, merged)
    check_contract(al)
    group = [lk for lk in al.links if lk.b == section(merged, "将弘扬科学精神").index]
    assert {doc.sections[lk.a].title for lk in group} == titles and {lk.kind for lk in group} == {"merged"}
    al = align(merged, doc)
    check_contract(al)
    group = [lk for lk in al.links if lk.a == section(merged, "将弘扬科学精神").index]
    assert {doc.sections[lk.b].title for lk in group} == titles and {lk.kind for lk in group} == {"split"}


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_any_two_plans_made_of_seed_lines_keep_the_contract(data: st.DataObject) -> None:
    """Random line subsets of two seeds (headings, bodies, chrome in any mix), random pins."""
    docs = []
    for name in data.draw(
        st.lists(st.sampled_from(["langfang", "xinzheng", "beijing", "qianjiang"]), min_size=2, max_size=2)
    ):
        lines = seed_doc(name).text.original.split("\n")
        kept = data.draw(st.lists(st.booleans(), min_size=len(lines), max_size=len(lines)))
        text = "\n".join(line for line, keep in zip(lines, kept, strict=True) if keep) or "空"
        docs.append(doc_of(text))
    a, b = docs
    lines_a = [s.line for s in a.sections if s.level > 0] or [None]
    lines_b = [s.line for s in b.sections if s.level > 0] or [None]
    pins = data.draw(
        st.lists(st.builds(Pin, st.sampled_from(lines_a), st.sampled_from(lines_b), st.booleans()), max_size=3)
    )
    pins = [p for p in pins if p.a_line is not None or p.b_line is not None]
    max_level = data.draw(st.sampled_from([None, 1, 2]))
    try:
        al = align(a, b, pins=tuple(pins), max_level=max_level)
    except PinsError as exc:
        assert "both split and merged" in str(exc)
        return
    check_contract(al, max_level)
    linked = {
        (al.a.sections[lk.a].line, al.b.sections[lk.b].line) for lk in al.links if lk.pinned and lk.status == "matched"
    }
    for pin in pins:
        deep = max_level is not None and any(
            s.line == line and s.level > max_level
            for doc, line in ((a, pin.a_line), (b, pin.b_line))
            for s in doc.sections
        )
        if not pin.forbid and pin.a_line is not None and pin.b_line is not None and not deep:
            if not any(p.forbid and (p.a_line, p.b_line) == (pin.a_line, pin.b_line) for p in pins):
                assert (pin.a_line, pin.b_line) in linked


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=12, unique=True))
def test_longest_increasing_run_is_longest_and_increasing(values: list[int]) -> None:
    from plandiff.align.links import _longest_increasing

    kept = sorted(_longest_increasing(values))
    assert all(values[i] < values[j] for i, j in itertools.pairwise(kept))
    best = max(
        (len(c) for r in range(len(values) + 1) for c in itertools.combinations(values, r) if list(c) == sorted(c)),
        default=0,
    )
    assert len(kept) == best


@pytest.mark.parametrize("title", ["总体", "重点工程", "提升行动"])
def test_a_title_of_generic_words_only_still_pairs_with_the_same_title(title: str) -> None:
    """Generic words leave no title core; the whole title then stands for itself."""
    a = doc_of(f"一、{title}\n内容甲乙丙。\n二、其他安排\n另有说明。\n")
    b = doc_of(f"一、{title}\n内容甲乙丙丁。\n二、其他安排\n另有说明。\n")
    al = align(a, b)
    check_contract(al)
    assert pairs_by_title(al)[title] == title
    other = doc_of("一、主要工程\n内容甲乙丙丁。\n")
    assert pairs_by_title(align(doc_of(f"一、{title}\n内容甲乙丙。\n"), other)).get(title) is None


def test_renumbered_articles_of_a_law_are_not_renamed() -> None:
    """An article (第X条) has no title, only a first sentence: an article renumbered and
    reworded is matched, and its kind says nothing of a rename."""
    old = doc_of("第一章 总则\n第一条 为了推进科普工作，制定本法。\n第二条 本法适用于科普活动。\n", "old.txt")
    new = doc_of(
        "第一章 总则\n第一条 为了全面推进科普工作，制定本法。\n第二条 科普是公益事业。\n第三条 本法适用于科普活动。\n",
        "new.txt",
    )
    links = {(link.a, link.b): link.kind for link in align(old, new).links if link.a is not None and link.b is not None}
    articles_a = [s.index for s in old.sections if s.style == "article"]
    articles_b = [s.index for s in new.sections if s.style == "article"]
    assert links[(articles_a[0], articles_b[0])] == "same"  # 第一条, first sentence reworded
    assert links[(articles_a[1], articles_b[2])] == "same"  # 第二条 became 第三条
