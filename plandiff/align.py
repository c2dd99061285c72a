"""Align: two Documents → `Alignment`. (Placeholder: exact titles only; the real
aligner replaces this module.)"""

from __future__ import annotations

from .ingest import normal_form
from .model import Alignment, Document, Link, Pin


def align(a: Document, b: Document, pins: tuple[Pin, ...] = (), max_level: int | None = None) -> Alignment:
    by_title: dict[tuple[int, str], list[int]] = {}
    for s in b.sections:
        by_title.setdefault((s.level, normal_form(s.title)), []).append(s.index)
    links: list[Link] = []
    used: set[int] = set()
    for s in a.sections:
        candidates = [i for i in by_title.get((s.level, normal_form(s.title)), []) if i not in used]
        if candidates:
            used.add(candidates[0])
            links.append(Link(s.index, candidates[0]))
        else:
            links.append(Link(s.index, None, confidence=0.0))
    links.extend(Link(None, s.index, confidence=0.0) for s in b.sections if s.index not in used)
    return Alignment(a=a, b=b, links=tuple(links))
