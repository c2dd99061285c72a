"""The summary: counts, renames, and added/removed priorities on small hand-made plans."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plandiff.ingest import normal_form, text_from_bytes
from plandiff.model import Alignment, ClauseDiff, Document, Link, Op
from plandiff.structure import parse_document
from plandiff.summary import count_links, renames, summarise


def plan(body: str) -> Document:
    return parse_document(text_from_bytes(f"某市科普工作实施方案\n\n{body}\n".encode(), name="plan.txt"))


def by_titles(a: Document, b: Document, kinds: dict[str, str] | None = None) -> Alignment:
    """Pair sections with the same number path; unmatched otherwise (a stand-in aligner)."""
    kinds = kinds or {}
    links: list[Link] = []
    b_by_key = {(s.level, s.number): s.index for s in b.sections}
    used = set()
    for s in a.sections:
        j = b_by_key.get((s.level, s.number))
        if j is None:
            links.append(Link(s.index, None))
        else:
            used.add(j)
            links.append(Link(s.index, j, kind=kinds.get(s.title, "same")))  # type: ignore[arg-type]
    links += [Link(None, s.index) for s in b.sections if s.index not in used]
    return Alignment(a=a, b=b, links=tuple(links))


def whole_section_diffs(alignment: Alignment) -> tuple[ClauseDiff, ...]:
    diffs = []
    for i, link in enumerate(alignment.links):
        sa = alignment.a.sections[link.a] if link.a is not None else None
        sb = alignment.b.sections[link.b] if link.b is not None else None
        a0, a1 = (sa.start, sa.end) if sa else (0, 0)
        b0, b1 = (sb.start, sb.end) if sb else (0, 0)
        same = sa and sb and normal_form(alignment.a.own_text(sa)) == normal_form(alignment.b.own_text(sb))
        ops = (Op("equal", a0, a1, b0, b1),) if same else (Op("delete", a0, a1, b0, b0), Op("insert", a1, a1, b0, b1))
        diffs.append(ClauseDiff(link=i, ops=ops, changed=not same))
    return tuple(diffs)


A = plan(
    "一、总体要求\n坚持以人民为中心，提升公民科学素质。\n"
    "二、主要任务\n（一）实施青少年科学素质提升行动。深入实施“金蓝领工程”，组建科普科幻创作联盟。"
    "加强科普基地建设。\n"
    "（二）科普信息化建设工程。推进科普信息化。\n"
)
B = plan(
    "一、总体要求\n坚持以人民为中心，提升公民科学素质。\n"
    "二、主要任务\n（一）实施青少年科学素质提升行动。建设科学辟谣平台，实施农村妇女素质提升计划。"
    "加强科普基地建设。（责任部门：市教育局、市科协）\n"
    "（二）科普信息化提升工程。推进科普信息化。\n"
    "（三）智慧科普建设。推进数字科技馆建设。\n"
)


def test_counts_add_up() -> None:
    alignment = by_titles(A, B, {"科普信息化建设工程": "renamed"})
    counts = count_links(alignment, whole_section_diffs(alignment))
    assert counts["matched"] == counts["changed"] + counts["unchanged"]
    assert (
        counts["matched"] == counts["same"] + counts["renamed"] + counts["moved"] + counts["split"] + counts["merged"]
    )
    assert counts["added"] == 1 and counts["removed"] == 0 and counts["renamed"] == 1
    assert counts["unchanged"] >= 1


def test_renamed_links_are_renames() -> None:
    alignment = by_titles(A, B, {"科普信息化建设工程": "renamed"})
    (rename,) = renames(alignment)
    assert A.sections[rename.a].title == "科普信息化建设工程"
    assert B.sections[rename.b].title == "科普信息化提升工程"


def texts(items: tuple) -> list[str]:
    return [p.text for p in items]


def test_new_and_dropped_programmes() -> None:
    alignment = by_titles(A, B, {"科普信息化建设工程": "renamed"})
    summary = summarise(alignment, whole_section_diffs(alignment))
    added, removed = texts(summary.added), texts(summary.removed)
    assert "科学辟谣平台" in added and "农村妇女素质提升计划" in added
    assert any("数字科技馆" in t for t in added)
    assert "“金蓝领工程”" in removed and "科普科幻创作联盟" in removed


def test_shared_phrases_renames_and_agencies_are_not_priorities() -> None:
    alignment = by_titles(A, B, {"科普信息化建设工程": "renamed"})
    summary = summarise(alignment, whole_section_diffs(alignment))
    everything = texts(summary.added) + texts(summary.removed)
    assert not any("科普基地" == t or "青少年科学素质" in t for t in everything)  # in both plans
    assert not any("科普信息化" in t for t in everything)  # a rename, not news
    assert not any(t.endswith("局") or "科协" in t for t in everything)  # the duty note


def test_priorities_know_their_place() -> None:
    alignment = by_titles(A, B)
    summary = summarise(alignment, whole_section_diffs(alignment))
    for item in summary.added:
        section = B.sections[item.section]
        assert section.start <= item.start < section.end
        assert B.text.line_of(item.start) == item.line
        assert normal_form(B.text.original[item.start :]).startswith(normal_form(item.text))
    assert [p.score for p in summary.added] == sorted((p.score for p in summary.added), reverse=True)


def test_identical_plans_have_nothing_to_report() -> None:
    alignment = by_titles(B, B)
    summary = summarise(alignment, whole_section_diffs(alignment))
    assert summary.added == summary.removed == ()
    assert all(change.a and change.b for change in summary.targets)
    assert summary.counts["changed"] == 0


def test_only_what_the_diff_changed_is_searched() -> None:
    alignment = by_titles(A, B)
    diffs = whole_section_diffs(alignment)
    # Call every span equal: a diff that sees no change leaves nothing to report.
    flat = tuple(
        ClauseDiff(d.link, tuple(Op("equal", o.a_start, o.a_end, o.b_start, o.b_end) for o in d.ops), False)
        for d in diffs
    )
    summary = summarise(alignment, flat)
    assert summary.added == summary.removed == ()


def test_text_no_op_covers_is_searched() -> None:
    alignment = by_titles(A, B)
    summary = summarise(alignment, ())  # a diff that skipped everything has called nothing equal
    assert "科学辟谣平台" in texts(summary.added)


def test_heading_of_a_new_section_names_its_task() -> None:
    b = plan(B.text.original.split("\n", 2)[2] + "（四）发挥企业家示范引领作用。弘扬企业家精神。\n")
    alignment = by_titles(A, b)
    summary = summarise(alignment, whole_section_diffs(alignment))
    (item,) = [p for p in summary.added if "企业家示范引领" in p.text]
    assert item.source == "section" and b.sections[item.section].title.startswith("发挥企业家")


def test_own_place_name_is_not_news() -> None:
    a = parse_document(text_from_bytes("甲城市科普方案\n\n一、任务\n实施“健康甲城”行动。\n".encode(), name="a.txt"))
    b = parse_document(text_from_bytes("乙城市科普方案\n\n一、任务\n实施“健康乙城”行动。\n".encode(), name="b.txt"))
    alignment = by_titles(a, b)
    summary = summarise(alignment, whole_section_diffs(alignment))
    assert summary.added == summary.removed == ()


def test_a_plan_without_headings_is_read_whole() -> None:
    a = parse_document(text_from_bytes("某市工作要点。推进科普工作。".encode(), name="a.txt"))
    b = parse_document(text_from_bytes("某市工作要点。推进科普工作，建设科学辟谣平台。".encode(), name="b.txt"))
    alignment = Alignment(a=a, b=b, links=(Link(0, 0),))
    summary = summarise(alignment, whole_section_diffs(alignment))
    assert [p.text for p in summary.added] == ["科学辟谣平台"] and summary.removed == ()


SEED_TEXT = (Path(__file__).parent.parent / "seeds" / "qianjiang-2022.txt").read_text(encoding="utf-8")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=len(SEED_TEXT)),
    phrase=st.sampled_from(["建设青少年航天科普平台。", "实施“星火燎原”工程，", "删除", ""]),
    drop=st.integers(min_value=0, max_value=40),
)
def test_every_priority_is_absent_from_the_other_plan(cut: int, phrase: str, drop: int) -> None:
    edited = SEED_TEXT[:cut] + phrase + SEED_TEXT[cut + drop :]
    a = parse_document(text_from_bytes(SEED_TEXT.encode(), name="a.txt"))
    b = parse_document(text_from_bytes(edited.encode(), name="b.txt"))
    alignment = by_titles(a, b)
    summary = summarise(alignment, whole_section_diffs(alignment))
    for items, own, other in ((summary.added, b, a), (summary.removed, a, b)):
        for item in items:
            assert normal_form(item.text) not in normal_form(other.text.original)
            assert normal_form(own.text.original[item.start :]).startswith(normal_form(item.text))
    assert summary.counts["matched"] == summary.counts["changed"] + summary.counts["unchanged"]


def test_near_duplicate_names_are_one_item() -> None:
    a = plan("一、任务\n（一）完善监测评估指标体系。建立监测指标体系，实施“互联网+科普”行动和“互联网+现代农业”行动。\n")
    b = plan("一、任务\n（一）开展调查。\n")
    alignment = by_titles(a, b)
    removed = texts(summarise(alignment, whole_section_diffs(alignment)).removed)
    assert sum("指标体系" in t for t in removed) == 1
    assert "“互联网+科普”行动" in removed and "“互联网+现代农业”行动" in removed


def test_abstract_qualifiers_are_not_priorities() -> None:
    """结合本行业特点和实际情况 qualifies a task; it names nothing new, while the programme
    in the same new sentence does."""
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan("一、主要任务\n（一）开展科普活动。行业主管部门应当结合本行业特点和实际情况，实施科普惠企专项行动。\n")
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert any("科普惠企专项行动" in t for t in added)
    assert not any(word in t for t in added for word in ("特点", "实际情况", "本行业"))


def test_a_verb_with_an_aspect_particle_is_never_inside_a_name() -> None:
    """坚持“资金、要素跟着项目走”: 跟着 is the predicate, so 要素跟着项目 is no name; a verb
    inside a real programme name (素质提升计划) still is."""
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan("一、主要任务\n（一）开展科普活动。坚持资金要素跟着项目走，实施农村妇女素质提升计划。\n")
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert any("农村妇女素质提升计划" in t for t in added)
    assert not any("跟着" in t for t in added)


def test_a_conjunction_inside_a_programme_name_in_a_heading_is_kept() -> None:
    """（五）实施科学教育与培训基础工程 names one programme; 指导思想和工作原则 two topics."""
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan(
        "一、主要任务\n（一）开展科普活动。\n（二）实施科学教育与培训基础工程\n"
        "开展培训。\n（三）指导思想和工作原则\n坚持创新。\n"
    )
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert "科学教育与培训基础工程" in added
    assert not any("和" in t for t in added)


def test_time_words_alone_are_no_priority() -> None:
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan("一、主要任务\n（一）开展科普活动。于次年同月前建成科普信息平台。\n")
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert any("科普信息平台" in t for t in added)
    assert not any("次年" in t or "同月" in t for t in added)


def test_a_verbs_complement_and_a_numerals_classifier_stay_out_of_names() -> None:
    """实施好关键核心技术攻关工程: 好 completes the verb; 172项重大水利工程: 项 counts them.
    Neither opens the name."""
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan("一、主要任务\n（一）开展科普活动。实施好关键核心技术攻关工程，推进172项重大水利工程建设。\n")
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert "关键核心技术攻关工程" in added
    assert "重大水利工程" in added
    assert not any(t.startswith(("好", "项")) for t in added)


def test_a_name_cut_short_never_starts_with_the_head_that_closed_its_modifier() -> None:
    """工程建设领域“风险＋信用”监管体系 is too long for a name: cut from the left, it starts
    after 领域 (“风险＋信用”监管体系), never at it."""
    old = plan("一、主要任务\n（一）开展科普活动。\n")
    new = plan("一、主要任务\n（一）开展科普活动。本市建立工程建设领域“风险＋信用”监管体系。\n")
    alignment = by_titles(old, new)
    added = texts(summarise(alignment, whole_section_diffs(alignment)).added)
    assert any(t.endswith("监管体系") for t in added)
    assert not any(t.startswith("领域") for t in added)


def test_a_name_written_in_part_by_a_coordination_is_not_removed() -> None:
    """中小学科学教师和科技辅导员队伍 names 中小学科学教师队伍 too: the two share 队伍."""
    old = plan("一、主要任务\n（一）加强队伍建设。加强中小学科学教师队伍建设，实施科普人才建设工程。\n")
    new = plan("一、主要任务\n（一）加强队伍建设。加强中小学科学教师和科技辅导员队伍建设。\n")
    alignment = by_titles(old, new)
    removed = texts(summarise(alignment, whole_section_diffs(alignment)).removed)
    assert "科普人才建设工程" in removed
    assert not any("中小学科学教师" in t for t in removed)


def test_only_plain_noun_conjuncts_share_a_head() -> None:
    from plandiff.phrases import _shared_heads, _tokens

    def names(text: str) -> list[str]:
        return _shared_heads(_tokens(text))

    assert names("加强中小学科学教师和科技辅导员队伍建设") == ["中小学科学教师队伍"]
    assert names("培育知识型、技能型、创新型人才队伍") == ["知识型人才队伍", "技能型人才队伍"]
    assert names("开展科普活动和建设科普基地") == []  # verbs: two tasks, no shared head
    assert names("完善科普网络平台和服务平台") == []  # the first conjunct has its own head
    assert names("健全科普基础设施和服务体系") == []  # the last conjunct is one word: nothing shared
