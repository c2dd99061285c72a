"""Diff: each link → `ClauseDiff`. (Placeholder: whole sections; the clause diff
replaces this module.)"""

from __future__ import annotations

from .ingest import normal_form
from .model import Alignment, ClauseDiff, Op


def diff_alignment(alignment: Alignment, strict: bool = False) -> tuple[ClauseDiff, ...]:
    diffs = []
    for i, link in enumerate(alignment.links):
        sa = alignment.a.sections[link.a] if link.a is not None else None
        sb = alignment.b.sections[link.b] if link.b is not None else None
        a0, a1 = (sa.start, sa.end) if sa else (0, 0)
        b0, b1 = (sb.start, sb.end) if sb else (0, 0)
        ta, tb = alignment.a.text.original[a0:a1], alignment.b.text.original[b0:b1]
        if sa and sb and normal_form(ta) == normal_form(tb):
            ops = (Op("equal", a0, a1, b0, b1),)
        else:
            ops = tuple(o for o in (Op("delete", a0, a1, b0, b0), Op("insert", a1, a1, b0, b1)) if o.a_end > o.a_start or o.b_end > o.b_start)
        diffs.append(ClauseDiff(link=i, ops=ops, changed=any(o.op != "equal" for o in ops)))
    return tuple(diffs)
