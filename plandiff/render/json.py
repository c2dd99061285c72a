"""`plandiff A B --format json`: the comparison as the JSON contract of docs/json.md.

Keys come out in a fixed order (dicts are built in that order and never sorted),
so scripts and diffs of two runs stay stable. Texts are sliced from the originals:
joining a record's ``a`` texts gives text_A[start:end] exactly, and likewise for B.
"""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import Comparison, Document, Op, Priority, Rename, Section, TargetChange
from .common import SideSpan, record_spans
from .outline import metadata_data

FORMAT_VERSION = 1
"""Bumped when a key changes meaning or goes away (adding keys does not bump it)."""


FAST_JSON_CHARS = 300_000
"""From this many characters (A and B together) orjson writes the JSON. The standard
library's encoder indents in pure Python (its C encoder cannot indent): 0.5 s of a
3 M-character pair's ~10 s, where orjson takes 0.12 s for the same text. Below this
size its import (~6 ms) would cost more than it saves."""


def render_json(comparison: Comparison, summary_only: bool = False) -> str:
    """The comparison as pretty-printed JSON (UTF-8 text, Chinese kept as is).

    Args:
        comparison: what `plandiff.compare` returned.
        summary_only: leave out each record's ``changes`` (``--summary``).
    """
    data = comparison_data(comparison, summary_only)
    if len(comparison.a.text.original) + len(comparison.b.text.original) >= FAST_JSON_CHARS:
        fast = fast_dumps(data)
        if fast is not None:
            return fast
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def fast_dumps(data: dict[str, Any]) -> str | None:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` and a newline, written by orjson;
    None where the two might differ.

    They differ on floats under 1e-4, which orjson writes as 0.00001 or 1e-7 where json
    writes 1e-05 and 1e-07: output holding ``0.0000`` or ``e-`` anywhere (in a number, or
    by chance in the text) is left to json. orjson refuses integers beyond 64 bits and
    lone surrogates, and writes NaN and infinities as null (json writes NaN and Infinity,
    which are not JSON); plandiff's numbers are offsets, rounded scores and numbers read
    from digits, never one of those.
    """
    import orjson

    try:
        out = orjson.dumps(data, option=orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE)
    except orjson.JSONEncodeError:
        return None
    if b"0.0000" in out or b"e-" in out:
        return None
    return out.decode()


def comparison_data(comparison: Comparison, summary_only: bool = False) -> dict[str, Any]:
    """The comparison as plain data, in the contract's key order."""
    return {
        "version": FORMAT_VERSION,
        "plandiff": __version__,
        "a": file_data(comparison.a),
        "b": file_data(comparison.b),
        "options": {"strict": comparison.options.strict, "level": comparison.options.max_level},
        "changed": comparison.changed,
        "sections": sections_data(comparison, summary_only),
        "summary": summary_data(comparison),
    }


def file_data(document: Document) -> dict[str, Any]:
    text = document.text
    return {
        "file": text.name,
        "encoding": text.encoding,
        "format": text.source_format,
        "length": len(text.original),
        "lines": len(text.line_starts),
    }


def sections_data(comparison: Comparison, summary_only: bool) -> list[dict[str, Any]]:
    records = []
    spans = record_spans(comparison)
    for index, link in enumerate(comparison.alignment.links):
        a_span, b_span = spans[index]
        record: dict[str, Any] = {
            "status": link.status,
            "kind": link.kind,
            "confidence": link.confidence,
            "evidence": list(link.evidence),
            "pinned": link.pinned,
            "changed": comparison.diffs[index].changed,
            "a": _side(a_span),
            "b": _side(b_span),
        }
        if not summary_only:
            record["changes"] = [_op(comparison, op) for op in comparison.diffs[index].ops if _has_text(op)]
        records.append(record)
    return records


def _side(span: SideSpan | None) -> dict[str, Any] | None:
    if span is None:
        return None
    section = span.section
    return {
        "line": section.line,
        "heading": heading(section),
        "level": section.level,
        "start": span.start,
        "end": span.end,
        "borrowed": span.borrowed,
    }


def _has_text(op: Op) -> bool:
    return op.a_end > op.a_start or op.b_end > op.b_start


def _op(comparison: Comparison, op: Op) -> dict[str, Any]:
    data: dict[str, Any] = {"op": op.op}
    if op.op in ("equal", "delete"):
        data["a"] = comparison.a.text.original[op.a_start : op.a_end]
    if op.op in ("equal", "insert"):
        data["b"] = comparison.b.text.original[op.b_start : op.b_end]
    if op.moved_to is not None:
        data["moved_to"] = op.moved_to
    if op.moved_from is not None:
        data["moved_from"] = op.moved_from
    return data


def heading(section: Section) -> str:
    """The heading as data: marker and title (at most 40 characters), or the matter's role."""
    if section.level == 0:
        return "front matter" if section.index == 0 else "back matter"
    return section.heading.strip()


def summary_data(comparison: Comparison) -> dict[str, Any]:
    summary = comparison.summary
    return {
        "added": [_priority(comparison, p) for p in summary.added],
        "removed": [_priority(comparison, p) for p in summary.removed],
        "targets": [_target(t) for t in summary.targets],
        "renames": [_rename(comparison, r) for r in summary.renames],
        "counts": dict(summary.counts),
        "metadata": {"a": metadata_data(comparison.a.metadata), "b": metadata_data(comparison.b.metadata)},
    }


def _priority(comparison: Comparison, priority: Priority) -> dict[str, Any]:
    document = comparison.a if priority.side == "a" else comparison.b
    return {
        "text": priority.text,
        "line": priority.line,
        "section": heading(document.sections[priority.section]),
        "score": priority.score,
        "source": priority.source,
    }


def _target(change: TargetChange) -> dict[str, Any]:
    a, b = change.a, change.b
    return {
        "indicator": change.indicator,
        "a": a.value if a else None,
        "b": b.value if b else None,
        "a_line": a.line if a else None,
        "b_line": b.line if b else None,
        "a_year": a.year if a else None,
        "b_year": b.year if b else None,
    }


def _rename(comparison: Comparison, rename: Rename) -> dict[str, Any]:
    sa, sb = comparison.a.sections[rename.a], comparison.b.sections[rename.b]
    return {
        "a": heading(sa),
        "b": heading(sb),
        "a_line": sa.line,
        "b_line": sb.line,
        "record": rename.link,
    }
