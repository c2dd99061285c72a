"""Words: the edits inside one modified clause, on word boundaries.

    word_edits(view_a, view_b, a0, a1, b0, b1) -> list[Edit]

diff-match-patch's line mode maps each distinct line to one character so its
character diff becomes a line diff; here each distinct jieba word gets a private-use
character, so the diff is a word diff. rapidfuzz computes the exact LCS edit script
over those characters in C++ (dmp's own `diff_main` is pure Python and times out on
long texts), and dmp's `diff_cleanupSemantic` then merges the coincidental one-word
equalities a reader does not want. This is the only module that imports
diff_match_patch.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from functools import lru_cache
from itertools import accumulate
from typing import Any, NamedTuple

from rapidfuzz.distance import Indel, Postfix, Prefix

from .clauses import QUADRATIC_CAP, code_of
from .ingest import Normalised
from .model import OpKind
from .tokens import cut


class Edit(NamedTuple):
    """One word-level step: spans in the views while computed, then in the originals."""

    op: OpKind
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@lru_cache(maxsize=1)
def _dmp() -> Any:
    from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

    return diff_match_patch()


def word_edits(view_a: Normalised, view_b: Normalised, a0: int, a1: int, b0: int, b1: int) -> list[Edit]:
    """Word-level edits turning A's [a0, a1) into B's [b0, b1).

    Tokens (jieba words of the compared views) become one character each, so the
    edit script and dmp's semantic cleanup work on words: changes fall on word
    boundaries instead of scattering over shared characters.

    Args:
        view_a: the compared form of A's piece (`ingest.normalise`, or the raw text
            with an identity map when strict).
        view_b: the same for B's piece.
        a0: where A's piece starts in A's original text; a1 where it ends.
        b0: where B's piece starts in B's original text; b1 where it ends.

    Returns:
        Edits in order whose spans, in original offsets, tile both pieces.
    """
    tokens_a, tokens_b = cut(view_a.text), cut(view_b.text)
    codes: dict[str, str] = {}
    chars_a = "".join([code_of(codes, t) for t in tokens_a])
    chars_b = "".join([code_of(codes, t) for t in tokens_b])
    if len(chars_a) * len(chars_b) <= QUADRATIC_CAP:
        diffs = _edit_script(chars_a, chars_b)
        _dmp().diff_cleanupSemantic(diffs)
    else:
        diffs = _long_edit_script(chars_a, chars_b)
    bounds_a = list(accumulate((len(t) for t in tokens_a), initial=0))
    bounds_b = list(accumulate((len(t) for t in tokens_b), initial=0))
    steps = _refine(_token_steps(diffs, bounds_a, bounds_b), view_a.text, view_b.text)
    to_a, to_b = _to_original(view_a, a1 - a0, a0), _to_original(view_b, b1 - b0, b0)
    return [Edit(s.op, to_a(s.a_start), to_a(s.a_end), to_b(s.b_start), to_b(s.b_end)) for s in steps]


def _edit_script(chars_a: str, chars_b: str) -> list[tuple[int, str]]:
    """The exact LCS edit script as dmp diffs (-1 delete, 0 equal, 1 insert).

    (speedup) rapidfuzz's bit-parallel LCS takes milliseconds where dmp's own
    diff_main would time out on long texts and return a degraded diff.
    """
    diffs = []
    for op in Indel.opcodes(chars_a, chars_b):
        if op.tag == "equal":
            diffs.append((0, chars_a[op.src_start : op.src_end]))
        elif op.tag == "delete":
            diffs.append((-1, chars_a[op.src_start : op.src_end]))
        else:
            diffs.append((1, chars_b[op.dest_start : op.dest_end]))
    return diffs


# --- beyond the cap: a paragraph of thousands of words with no sentence stop ----------

_CHUNK_CUT = 64
"""In a long piece, about one token boundary in this many is a chunk boundary."""
_CHUNK_MIN, _CHUNK_MAX = 8, 1024
"""Chunks are at least and at most this many tokens."""
_CLEANUP_GROUP = 1000
"""Beyond the cap, dmp's semantic cleanup (list edits in place: quadratic in the number
of diffs) runs on groups of about this many diffs, each ending at an equality."""


def _long_edit_script(chars_a: str, chars_b: str) -> list[tuple[int, str]]:
    """An edit script for token strings too long for the exact LCS, in near-linear time.

    Still exact in the sense that matters here (the equal parts are equal, the script
    rebuilds both sides), but coarser than the LCS: the common prefix and suffix are
    set aside; if what is left is within the cap it gets the exact LCS; otherwise
    both sides are cut into content-defined chunks (a boundary where a hash of the two
    tokens around it says so, so the same text is cut the same way on both sides),
    equal chunks are anchored by a diff of the chunk sequences, and each gap between
    anchors gets the exact LCS when within the cap, else is deleted and inserted whole.
    """
    prefix = Prefix.similarity(chars_a, chars_b)
    suffix = Postfix.similarity(chars_a[prefix:], chars_b[prefix:])
    middle_a, middle_b = chars_a[prefix : len(chars_a) - suffix], chars_b[prefix : len(chars_b) - suffix]
    diffs: list[tuple[int, str]] = [(0, chars_a[:prefix])] if prefix else []
    if len(middle_a) * len(middle_b) <= QUADRATIC_CAP:
        diffs.extend(_edit_script(middle_a, middle_b))
    else:
        diffs.extend(_chunked_script(middle_a, middle_b))
    if suffix:
        diffs.append((0, chars_a[len(chars_a) - suffix :]))
    diffs = _joined(diffs)
    out: list[tuple[int, str]] = []
    for group in _groups(diffs):
        _dmp().diff_cleanupSemantic(group)
        out.extend(group)
    return _joined(out)


def _chunked_script(chars_a: str, chars_b: str) -> list[tuple[int, str]]:
    ends_a, ends_b = _chunk_ends(chars_a), _chunk_ends(chars_b)
    chunks_a = [chars_a[s:e] for s, e in zip([0, *ends_a], ends_a, strict=False)]
    chunks_b = [chars_b[s:e] for s, e in zip([0, *ends_b], ends_b, strict=False)]
    codes: dict[str, str] = {}
    seq_a = "".join([code_of(codes, c) for c in chunks_a])
    seq_b = "".join([code_of(codes, c) for c in chunks_b])
    if len(seq_a) * len(seq_b) <= QUADRATIC_CAP:
        blocks: list[tuple[str, int, int, int, int]] = [
            (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(seq_a, seq_b)
        ]
    else:
        blocks = list(difflib.SequenceMatcher(None, seq_a, seq_b).get_opcodes())
    gaps: list[tuple[str, int, int, int, int]] = []
    for tag, i0, i1, j0, j1 in blocks:
        if tag != "equal" and gaps and gaps[-1][0] != "equal":
            i0, j0 = gaps.pop()[1::2]  # a delete next to an insert: one gap, diffed as one
        gaps.append((tag, i0, i1, j0, j1))
    starts_a, starts_b = [0, *ends_a], [0, *ends_b]
    diffs: list[tuple[int, str]] = []
    for tag, i0, i1, j0, j1 in gaps:
        part_a = chars_a[starts_a[i0] : starts_a[i1]]
        part_b = chars_b[starts_b[j0] : starts_b[j1]]
        if tag == "equal":
            diffs.append((0, part_a))
        elif len(part_a) * len(part_b) <= QUADRATIC_CAP:
            diffs.extend(_edit_script(part_a, part_b))
        else:
            diffs.extend([(-1, part_a), (1, part_b)])
    return [d for d in diffs if d[1]]


def _chunk_ends(chars: str) -> list[int]:
    """Content-defined chunk ends in a token string (the last is len(chars))."""
    o = list(map(ord, chars))
    ends: list[int] = []
    last = 0
    for k in range(1, len(o)):
        if k - last >= _CHUNK_MAX or (
            k - last >= _CHUNK_MIN and ((o[k - 1] * 1_000_003 ^ o[k]) * 2_654_435_761 >> 16) % _CHUNK_CUT == 0
        ):
            ends.append(k)
            last = k
    if len(chars) > last:
        ends.append(len(chars))
    return ends


def _joined(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Neighbouring diffs of one kind as one, empty ones dropped."""
    out: list[tuple[int, str]] = []
    for op, text in diffs:
        if not text:
            continue
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))
    return out


def _groups(diffs: list[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    groups: list[list[tuple[int, str]]] = [[]]
    for diff in diffs:
        groups[-1].append(diff)
        if diff[0] == 0 and len(groups[-1]) >= _CLEANUP_GROUP:
            groups.append([])
    return [g for g in groups if g]


def _token_steps(diffs: list[tuple[int, str]], bounds_a: list[int], bounds_b: list[int]) -> list[Edit]:
    """dmp diffs over token characters → steps over the normalised texts' characters."""
    steps: list[Edit] = []
    i = j = 0
    kinds: dict[int, OpKind] = {0: "equal", -1: "delete", 1: "insert"}
    for op, chars in diffs:
        di = len(chars) if op <= 0 else 0
        dj = len(chars) if op >= 0 else 0
        steps.append(Edit(kinds[op], bounds_a[i], bounds_a[i + di], bounds_b[j], bounds_b[j + dj]))
        i, j = i + di, j + dj
    return steps


def _refine(steps: list[Edit], text_a: str, text_b: str) -> list[Edit]:
    """Each run of changes between equal steps, as one delete and one insert, trimmed.

    A word that only grew or shrank is one token against another for jieba
    (加强 vs 大力加强); when one side is the other's prefix plus suffix, the shared
    part is equal and only the rest changes, so the reader sees 大力 inserted.
    """
    out: list[Edit] = []
    run: list[Edit] = []
    for step in [*steps, None]:
        if step is not None and step.op != "equal":
            run.append(step)
            continue
        if run:
            out.extend(_trim(run[0].a_start, run[-1].a_end, run[0].b_start, run[-1].b_end, text_a, text_b))
            run = []
        if step is not None:
            out.append(step)
    return out


def _trim(a0: int, a1: int, b0: int, b1: int, text_a: str, text_b: str) -> list[Edit]:
    deleted, inserted = text_a[a0:a1], text_b[b0:b1]
    prefix = suffix = 0
    if deleted and inserted:
        prefix = _common_prefix(deleted, inserted)
        limit = min(len(deleted), len(inserted)) - prefix
        suffix = _common_prefix(deleted[::-1], inserted[::-1], limit)
        if prefix + suffix not in (len(deleted), len(inserted)):
            prefix = suffix = 0
    steps = [
        Edit("equal", a0, a0 + prefix, b0, b0 + prefix),
        Edit("delete", a0 + prefix, a1 - suffix, b0 + prefix, b0 + prefix),
        Edit("insert", a1 - suffix, a1 - suffix, b0 + prefix, b1 - suffix),
        Edit("equal", a1 - suffix, a1, b1 - suffix, b1),
    ]
    return [s for s in steps if s.a_end > s.a_start or s.b_end > s.b_start]


def _common_prefix(x: str, y: str, limit: int | None = None) -> int:
    n = min(len(x), len(y)) if limit is None else limit
    k = 0
    while k < n and x[k] == y[k]:
        k += 1
    return k


def _to_original(view: Normalised, length: int, base: int) -> Callable[[int], int]:
    """A map from positions in the view to offsets in the original text.

    The ends map to the ends, so the whitespace `normalise` dropped before the first
    character or after the last still belongs to the piece; whitespace dropped in the
    middle goes with the character before it.
    """
    last = len(view.text)

    def to_original(k: int) -> int:
        if k <= 0:
            return base
        if k >= last:
            return base + length
        return base + view.to_original(k)

    return to_original
