"""Quantified targets: found in plan text with indicator, value and year; paired by indicator."""

from __future__ import annotations

from plandiff.ingest import text_from_bytes
from plandiff.model import Document
from plandiff.structure import parse_document
from plandiff.targets import find_targets, indicator_similarity, pair_targets, unit_kind


def plan(body: str, title: str = "某市全民科学素质行动实施方案（2021—2025年）") -> Document:
    return parse_document(text_from_bytes(f"{title}\n\n{body}\n".encode(), name="plan.txt"))


def only(document: Document) -> list[tuple[str, str, int | None]]:
    return [(t.indicator, t.value, t.year) for t in find_targets(document)]


def test_share_with_comparator_and_year() -> None:
    doc = plan("一、主要目标\n到2025年，全市公民具备科学素质的比例达到15%，城乡差距明显缩小。")
    assert only(doc) == [("公民具备科学素质的比例", "达到15%", 2025)]


def test_year_read_from_earlier_in_the_paragraph() -> None:
    doc = plan("一、目标\n2025年目标，科普设施明显改善。全市公民具备科学素质的比例超过17.8%。")
    assert only(doc) == [("公民具备科学素质的比例", "超过17.8%", 2025)]


def test_action_verb_joins_the_indicator_and_object_after_number() -> None:
    doc = plan("一、任务\n1.建设基地。“十四五”期间建设5个市级科普示范基地。每年完成各类职业培训4万人次。")
    found = only(doc)
    assert ("建设市级科普示范基地", "5个", 2025) in found
    assert ("各类职业培训", "4万人次", None) in found


def test_yearly_quota_is_marked_per_year() -> None:
    targets = find_targets(plan("一、任务\n深入开展送培活动，每年培训教师200名。"))
    assert [(t.indicator, t.value, t.per_year) for t in targets] == [("培训教师", "200名", True)]


def test_ordinals_vague_amounts_and_past_facts_are_not_targets() -> None:
    doc = plan(
        "一、背景\n根据《某市国民经济和社会发展第十四个五年规划》。2020年本市公民具备科学素质的比例达到10.5%。\n"
        "二、任务\n到2025年，因地制宜建设一批科普基地。"
    )
    assert only(doc) == []


def test_unit_kinds() -> None:
    assert unit_kind("人次") == unit_kind("名") == "people"
    assert unit_kind("%") == unit_kind("％") == "share"
    assert unit_kind("个") != unit_kind("人")


def test_pairs_by_indicator_and_keeps_one_sided_targets() -> None:
    a = find_targets(
        plan(
            "一、目标\n到2025年，全市公民具备科学素质的比例超过17.8%。\n"
            "二、任务\n到2025年，完成农村学校专兼职科学教师培训200人次。每年完成各类职业培训4万人次。"
        )
    )
    b = find_targets(plan("一、目标\n到2025年，我市公民具备科学素质的比例达到15%。\n二、任务\n每年培训教师200名。"))
    changes = pair_targets(a, b)
    pairs = [(c.a.value, c.b.value) for c in changes if c.a and c.b]
    assert pairs == [("超过17.8%", "达到15%"), ("200人次", "200名")]
    assert [c.a.indicator for c in changes if c.a and not c.b] == ["各类职业培训"]
    assert not [c for c in changes if c.b and not c.a]


def test_units_of_different_kinds_never_pair() -> None:
    a = find_targets(plan("一、任务\n到2025年，市级科普教育基地达到15个。"))
    b = find_targets(plan("一、任务\n到2025年，市级科普教育基地接待人数达到15万人次。"))
    assert all(not (c.a and c.b) for c in pair_targets(a, b))


def test_a_shared_action_verb_alone_is_not_the_same_indicator() -> None:
    (x,) = find_targets(plan("一、任务\n每年完成各类职业培训4万人次。"))
    (y,) = find_targets(plan("一、任务\n每年培训教师200名。"))
    assert indicator_similarity(x, y) == 0.0


def test_goal_words_make_a_change_a_target() -> None:
    doc = plan("一、目标\n今年发展主要预期目标是：国内生产总值增长5.5%左右，城镇调查失业率控制在5.5%以内。")
    assert only(doc) == [("国内生产总值", "增长5.5%左右", None), ("城镇调查失业率", "控制在5.5%以内", None)]


def test_quoted_slogans_and_old_values_stay_out_of_targets() -> None:
    doc = plan("一、任务\n为建设“五个某城”提供支撑。将小规模纳税人增值税起征点从月销售额10万元提高到15万元。")
    assert only(doc) == [("小规模纳税人增值税起征点", "提高到15万元", None)]


def test_the_thing_counted_may_be_named_in_an_earlier_clause() -> None:
    doc = plan("一、任务\n引导支持企事业单位建设科普展示，到2025年，建成1个以上并向社会开放。")
    assert only(doc) == [("引导支持企事业单位建设科普展示", "1个以上", 2025)]


def test_a_level_never_pairs_with_a_rate_of_change() -> None:
    a = find_targets(plan("一、目标\n到2025年，全社会研发经费投入强度达到2.5%。"))
    b = find_targets(plan("一、目标\n到2025年，全社会研发经费投入年均增长7%以上。"))
    assert all(not (c.a and c.b) for c in pair_targets(a, b))


def test_a_fact_of_a_past_year_is_not_a_target() -> None:
    doc = plan("一、回顾\n2015年是收官之年。国内生产总值年均增长7.8%。\n二、目标\n到2020年，国内生产总值增长6.5%。")
    assert only(doc) == [("国内生产总值", "增长6.5%", 2020)]


def test_hard_wrapped_paragraphs_are_read_as_one() -> None:
    filler = "坚持以人民为中心的发展思想，全面提升公民科学素质，推动科普工作高质量发展，" * 4
    paragraph = filler + "各级政府每年至少召开1次全民科学素质工作会议，" + filler
    width = 24
    cut = paragraph.index("全民科学素质工作会议") + 2  # wrap inside the object
    start = cut % width
    wrapped = [paragraph[:start]] + [paragraph[i : i + width] for i in range(start, len(paragraph), width)]
    doc = plan("一、任务\n" + "\n".join(wrapped) + "。")
    found = [(t.indicator, t.value, t.per_year) for t in find_targets(doc)]
    assert found == [("各级政府召开全民科学素质工作会议", "至少1次", True)]


def test_ranges_old_values_and_enumerations() -> None:
    doc = plan(
        "一、目标\n今年发展的主要预期目标是：国内生产总值增长6.5%－7%。突出了以下六个方面。"
        "城乡居民医保财政补助由每人380元提高到420元。"
    )
    assert only(doc) == [("国内生产总值", "增长6.5%－7%", None), ("城乡居民医保财政补助", "提高到420元", None)]


def test_goal_lists_carry_and_goals_reached_are_facts() -> None:
    doc = plan(
        "一、回顾\n城镇新增就业1312万人，超过全年预期目标。\n"
        "二、目标\n今年发展主要预期目标是：国内生产总值增长5.5%左右；城镇新增就业1100万人以上。"
    )
    assert only(doc) == [("国内生产总值", "增长5.5%左右", None), ("城镇新增就业", "1100万人以上", None)]


def test_a_number_no_float_holds_has_no_value() -> None:
    """A 400-digit numeral is infinite as a float, and JSON has no infinity: the target
    keeps its value as written, with no number (the output stays valid JSON)."""
    import json

    from plandiff.pipeline import compare
    from plandiff.render.json import render_json

    plan = f"一、总体要求\n到2025年，人数达到{'9' * 400}人。\n"
    text = text_from_bytes(plan.encode(), name="a.txt")
    comparison = compare(text, text)
    (target,) = comparison.a.metadata.targets
    assert target.number is None and target.value.endswith("9人")

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    json.loads(render_json(comparison), parse_constant=refuse)
