"""A hand-made `Comparison` for the renderer tests.

Built from two tiny plans with links, ops and a summary written out by hand, so
the golden files change only when a renderer changes, not when the aligner, the
clause diff or the priority finder is improved. It holds one of everything a
renderer must show: an unchanged section, a word inserted inside a clause, a
clause replaced, a clause moved to another section, a renamed section, an added
and a removed section, priorities, a changed target, and document text full of
rich and markdown markup.
"""

from __future__ import annotations

from plandiff.ingest import text_from_bytes
from plandiff.model import (
    Alignment,
    ClauseDiff,
    Comparison,
    Document,
    Link,
    Op,
    Options,
    Priority,
    Rename,
    Section,
    Summary,
    TargetChange,
)
from plandiff.structure import parse_document

TEXT_A = """\
关于印发示例市科普规划（2016-2020年）的通知
一、总体要求
坚持创新发展。加强科普基地建设。推进科普信息化。
二、主要任务
（一）实施青少年科学素质行动
开展科学教育，比例达到10%。
（二）[bold]旧任务[/bold]
取消的任务*重点*。
三、保障措施
加强组织领导。
"""

TEXT_B = """\
关于印发示例市科普规划（2021-2025年）的通知
一、总体要求
坚持创新发展。大力加强科普基地建设。
二、重点任务
（一）实施青少年科学素质行动
开展科学教育，比例达到15%。推进科普信息化。
（二）<ins>新增</ins>任务
新增的“科学辟谣平台”。
三、保障措施
加强组织领导。
"""

Step = tuple[str, str, str]
"""(op, text in A, text in B) — one op, written as the texts it spans."""


def document(text: str, name: str) -> Document:
    return parse_document(text_from_bytes(text.encode("utf-8"), name=name))


def section(doc: Document, title: str) -> Section:
    matches = [s for s in doc.sections if title in s.title]
    assert len(matches) == 1, f"no single section titled {title!r}"
    return matches[0]


def ops(doc_a: Document, doc_b: Document, a: Section | None, b: Section | None, steps: list[tuple]) -> tuple[Op, ...]:
    """Ops from texts, with offsets counted from each section's start; checks they tile it."""
    pa = a.start if a else 0
    pb = b.start if b else 0
    out = []
    for step in steps:
        kind, ta, tb = step[:3]
        moved_to = step[3] if len(step) > 3 and kind == "delete" else None
        moved_from = step[3] if len(step) > 3 and kind == "insert" else None
        assert doc_a.text.original[pa : pa + len(ta)] == ta, (ta, doc_a.text.original[pa : pa + len(ta)])
        assert doc_b.text.original[pb : pb + len(tb)] == tb, (tb, doc_b.text.original[pb : pb + len(tb)])
        out.append(Op(kind, pa, pa + len(ta), pb, pb + len(tb), moved_to, moved_from))
        pa, pb = pa + len(ta), pb + len(tb)
    assert a is None or pa == a.end, "A ops do not cover the section"
    assert b is None or pb == b.end, "B ops do not cover the section"
    return tuple(out)


def whole(doc: Document, s: Section) -> str:
    return doc.own_text(s)


def make_comparison() -> Comparison:
    doc_a, doc_b = document(TEXT_A, "a.txt"), document(TEXT_B, "b.txt")
    front_a, front_b = doc_a.sections[0], doc_b.sections[0]
    gen_a, gen_b = section(doc_a, "总体要求"), section(doc_b, "总体要求")
    task_a, task_b = section(doc_a, "主要任务"), section(doc_b, "重点任务")
    youth_a, youth_b = section(doc_a, "青少年"), section(doc_b, "青少年")
    old = section(doc_a, "旧任务")
    new = doc_b.sections[youth_b.index + 1]
    guard_a, guard_b = section(doc_a, "保障措施"), section(doc_b, "保障措施")

    links = (
        Link(front_a.index, front_b.index, "same", 1.0),
        Link(gen_a.index, gen_b.index, "same", 0.95, ("科普", "基地")),
        Link(task_a.index, task_b.index, "renamed", 0.8, ("任务",)),
        Link(youth_a.index, youth_b.index, "same", 0.9, ("青少年", "科学")),
        Link(old.index, None, "same", 0.7),
        Link(None, new.index, "same", 0.6),
        Link(guard_a.index, guard_b.index, "same", 1.0),
    )
    fa, fb = whole(doc_a, front_a), whole(doc_b, front_b)
    diffs_ops = [
        ops(
            doc_a,
            doc_b,
            front_a,
            front_b,
            [
                ("equal", "关于印发示例市科普规划（", "关于印发示例市科普规划（"),
                ("delete", "2016-2020", ""),
                ("insert", "", "2021-2025"),
                (
                    "equal",
                    fa[len("关于印发示例市科普规划（2016-2020") :],
                    fb[len("关于印发示例市科普规划（2021-2025") :],
                ),
            ],
        ),
        ops(
            doc_a,
            doc_b,
            gen_a,
            gen_b,
            [
                ("equal", "一、总体要求\n坚持创新发展。", "一、总体要求\n坚持创新发展。"),
                ("insert", "", "大力"),
                ("equal", "加强科普基地建设。", "加强科普基地建设。"),
                ("delete", "推进科普信息化。", "", 3),
                ("equal", "\n", "\n"),
            ],
        ),
        ops(
            doc_a,
            doc_b,
            task_a,
            task_b,
            [
                ("equal", "二、", "二、"),
                ("delete", "主要", ""),
                ("insert", "", "重点"),
                ("equal", "任务\n", "任务\n"),
            ],
        ),
        ops(
            doc_a,
            doc_b,
            youth_a,
            youth_b,
            [
                (
                    "equal",
                    "（一）实施青少年科学素质行动\n开展科学教育，比例达到",
                    "（一）实施青少年科学素质行动\n开展科学教育，比例达到",
                ),
                ("delete", "10", ""),
                ("insert", "", "15"),
                ("equal", "%。", "%。"),
                ("insert", "", "推进科普信息化。", 1),
                ("equal", "\n", "\n"),
            ],
        ),
        ops(doc_a, doc_b, old, None, [("delete", whole(doc_a, old), "")]),
        ops(doc_a, doc_b, None, new, [("insert", "", whole(doc_b, new))]),
        ops(doc_a, doc_b, guard_a, guard_b, [("equal", whole(doc_a, guard_a), whole(doc_b, guard_b))]),
    ]
    diffs = tuple(ClauseDiff(link=i, ops=o, changed=any(op.op != "equal" for op in o)) for i, o in enumerate(diffs_ops))
    target_a, target_b = doc_a.metadata.targets[0], doc_b.metadata.targets[0]
    summary = Summary(
        added=(Priority("科学辟谣平台", "b", new.index, new.line, new.start, 1.5, "clause"),),
        removed=(Priority("[bold]旧任务[/bold]", "a", old.index, old.line, old.start, 1.2, "section"),),
        targets=(TargetChange("比例", target_a, target_b),),
        renames=(Rename(task_a.index, task_b.index, 2),),
        counts={
            "matched": 5,
            "same": 4,
            "renamed": 1,
            "moved": 0,
            "split": 0,
            "merged": 0,
            "added": 1,
            "removed": 1,
            "changed": 4,
            "unchanged": 1,
        },
    )
    return Comparison(Alignment(doc_a, doc_b, links), diffs, summary, Options())
