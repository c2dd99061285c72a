"""Clauses: a section's own text cut into sentences and list items, and the clauses
of two sections paired in order.

    split_clauses(text, start, end, wrap=None) -> tuple[Span, ...]
    align_clauses(keys_a, keys_b, joinable_a, joinable_b) -> list[Unit]

A clause ends after 。！？； (with the quotes and brackets that close it) or at a
line break; the whitespace after the end belongs to the clause, so clauses tile the
section and none but a leading one is blank. In a hard-wrapped copy (PDF, e-mail) a
line break inside a sentence is not an end.

Pairing is in two steps, both order-preserving. Clauses whose keys (their normal
form) are identical are anchored first, by an exact LCS. Between anchors, clauses
are paired by similarity with a weighted chain (a DP over candidate pairs), so a
lightly edited clause is *modified* rather than removed and added; a clause split
in two (or two merged into one) pairs as one unit, which also absorbs a sentence
broken differently by line wrapping.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq, Postfix, Prefix

from .ingest import LINE_BREAK
from .model import Span
from .numbering import find_marker

# A clause ends after a run of sentence marks and the closers that follow them, or at
# a line break; either way the whitespace after it (line break, next indentation)
# stays with it.
_CLAUSE_END = re.compile(rf"[。！？；!?;]+[”’」』）)】》\"']*\s*|(?:{LINE_BREAK.pattern})\s*")
_LINE_END_MARK = re.compile(r"[。！？；：:;!?」』”）)】]$")

SIMILAR = 0.5
"""Two clauses at least this similar (Indel ratio of their normal forms) may pair as
one modified clause; below it they show as removed plus added."""
_CANDIDATE = 0.3
"""Pairs this similar are looked at as parts of a split or merged clause."""
_FULL_GAP = 40_000
"""Gaps of at most this many clause pairs are compared all against all; larger ones
only within a band around the diagonal (candidate blocking keeps growth linear)."""
_BAND = 24
_EXACT_LCS_LIMIT = 4_000_000
"""Above this many clause pairs the exact LCS (bit-parallel, but with a matrix of
n·m/64 words to trace back) gives way to difflib's hashed matcher."""
QUADRATIC_CAP = 16_000_000
"""The most character pairs (len(x)·len(y)) handed to a quadratic routine (rapidfuzz's
bit-parallel LCS: ~1 ms, and 2 MB of traceback for an edit script). Clauses of real
plans are a few hundred characters (the seeds' longest: 337), far below; only a
paragraph with no sentence stop (thousands of characters) goes beyond, and then
`similarity` (here) and `words` switch to bounded, near-linear work."""
_WINDOW = 4_000
"""Beyond the cap, two clauses are compared window by window (windows of about this
many characters, so each pair of windows is within the cap)."""


def split_clauses(text: str, start: int, end: int, wrap: int | None = None) -> tuple[Span, ...]:
    """Cut ``text[start:end]`` into clauses that tile it.

    Args:
        text: the whole original text (offsets are kept absolute).
        start: where the piece starts.
        end: where it ends (exclusive).
        wrap: the column at which a hard-wrapped copy broke its lines
            (`ingest.wrap_width`), or None; a line that long with no closing mark
            continues on the next line, which is then the same clause.

    Returns:
        Non-empty spans, in order, covering [start, end) exactly.
    """
    spans: list[Span] = []
    clause_start = start
    for match in _CLAUSE_END.finditer(text, start, end):
        cut = match.end()
        if match.group()[0] in "\r\n" and _continues(text, match.start(), cut, end, wrap):
            continue
        if cut > clause_start:
            spans.append(Span(clause_start, cut))
            clause_start = cut
    if clause_start < end:
        spans.append(Span(clause_start, end))
    return tuple(spans)


def _continues(text: str, line_end: int, next_start: int, end: int, wrap: int | None) -> bool:
    """True when a line break only wraps a sentence (a hard-wrapped copy).

    The whole physical line is measured, also when a clause began in its middle.
    """
    if wrap is None or next_start >= end:
        return False
    line_start = max(text.rfind("\n", 0, line_end), text.rfind("\r", 0, line_end)) + 1
    line = text[line_start:line_end].strip()
    if len(line) < wrap - 3 or _LINE_END_MARK.search(line):
        return False
    next_break = LINE_BREAK.search(text, next_start, end)
    return find_marker(text[next_start : next_break.start() if next_break else end]) is None


# --- pairing -----------------------------------------------------------------------

UnitKind = Literal["equal", "modified", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Unit:
    """Clauses of A and of B that the pairing puts together (indexes into the key lists)."""

    kind: UnitKind
    a: tuple[int, ...]
    b: tuple[int, ...]


def align_clauses(keys_a: list[str], keys_b: list[str], joinable_a: list[bool], joinable_b: list[bool]) -> list[Unit]:
    """Pair two sections' clauses in order.

    Args:
        keys_a: the comparison key of each clause of A (its normal form).
        keys_b: the same for B.
        joinable_a: joinable_a[i] says clause i and i+1 of A are adjacent in the text
            (nothing skipped between them), so they may pair as one unit.
        joinable_b: the same for B.

    Returns:
        Units in order, each clause of both sides in exactly one: ``equal`` (same key),
        ``modified`` (one or two clauses of each side, similar), ``delete``, ``insert``.
    """
    units: list[Unit] = []
    for tag, i0, i1, j0, j1 in _exact_blocks(keys_a, keys_b):
        if tag == "equal":
            units.extend(Unit("equal", (i,), (j,)) for i, j in zip(range(i0, i1), range(j0, j1), strict=True))
        else:
            units.extend(_pair_gap(keys_a, keys_b, joinable_a, joinable_b, i0, i1, j0, j1))
    return units


def _exact_blocks(keys_a: list[str], keys_b: list[str]) -> list[tuple[str, int, int, int, int]]:
    """Equal runs and the gaps between them, as (tag, i0, i1, j0, j1), covering both lists.

    A longest common subsequence of clauses often has rivals of the same length (two
    swapped lines: either can stay), and the solver's tie-break depends on which side
    is A, so comparing B with A would not mirror A with B. Both directions are solved
    and the one keeping more text equal is taken (then the smaller sequence of kept
    clauses): the same choice whichever side is A, and the longer text stays equal.
    """
    if len(keys_a) * len(keys_b) > _EXACT_LCS_LIMIT:
        matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
        return [(t if t == "equal" else "gap", *rest) for t, *rest in matcher.get_opcodes()]  # type: ignore[misc]
    codes: dict[str, str] = {}
    a = "".join([code_of(codes, k) for k in keys_a])
    b = "".join([code_of(codes, k) for k in keys_b])
    runs = _equal_runs(a, b)
    if sum(i1 - i0 for i0, i1, _, _ in runs) < min(len(a), len(b)):  # a choice may have been made
        mirrored = [(i0, i1, j0, j1) for j0, j1, i0, i1 in _equal_runs(b, a)]
        if mirrored != runs and _kept(mirrored, keys_a) < _kept(runs, keys_a):  # (speedup) mostly equal
            runs = mirrored
    return _blocks(runs, len(a), len(b))


def _equal_runs(a: str, b: str) -> list[tuple[int, int, int, int]]:
    return [(op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Indel.opcodes(a, b) if op.tag == "equal"]


def _kept(runs: list[tuple[int, int, int, int]], keys_a: list[str]) -> tuple[int, list[str]]:
    """Sort key of a choice of equal runs: more text kept first, then the kept clauses."""
    kept = [keys_a[i] for i0, i1, _, _ in runs for i in range(i0, i1)]
    return -sum(map(len, kept)), kept


def _blocks(runs: list[tuple[int, int, int, int]], len_a: int, len_b: int) -> list[tuple[str, int, int, int, int]]:
    """The equal runs with the gaps between them (a gap may be empty on one side)."""
    blocks: list[tuple[str, int, int, int, int]] = []
    i = j = 0
    for i0, i1, j0, j1 in runs:
        if i0 > i or j0 > j:
            blocks.append(("gap", i, i0, j, j0))
        blocks.append(("equal", i0, i1, j0, j1))
        i, j = i1, j1
    if i < len_a or j < len_b:
        blocks.append(("gap", i, len_a, j, len_b))
    return blocks


def code_of(codes: dict[str, str], key: str) -> str:
    """The one character standing for `key` in `codes` (dmp line mode's trick).

    Codes are private-use characters: 6,400 in the BMP, then plane 15 and 16's 131,068,
    so no real text character can collide with one.
    """
    code = codes.get(key)
    if code is None:
        n = len(codes)
        code = codes[key] = chr(0xE000 + n if n < 6400 else 0xF0000 + n - 6400)
    return code


@dataclass(frozen=True, slots=True)
class _Candidate:
    i0: int
    i1: int
    j0: int
    j1: int
    """Inclusive clause ranges on both sides."""
    weight: float


def _pair_gap(
    keys_a: list[str],
    keys_b: list[str],
    joinable_a: list[bool],
    joinable_b: list[bool],
    i0: int,
    i1: int,
    j0: int,
    j1: int,
) -> list[Unit]:
    """Units for the clauses A[i0:i1] and B[j0:j1], which share no exact anchor."""
    candidates = _candidates(keys_a, keys_b, joinable_a, joinable_b, i0, i1, j0, j1) if i1 > i0 and j1 > j0 else []
    units: list[Unit] = []
    i, j = i0, j0
    for c in _best_chain(candidates):
        units.extend(_unpaired(i, c.i0, j, c.j0))
        units.append(Unit("modified", tuple(range(c.i0, c.i1 + 1)), tuple(range(c.j0, c.j1 + 1))))
        i, j = c.i1 + 1, c.j1 + 1
    units.extend(_unpaired(i, i1, j, j1))
    return units


def _unpaired(i0: int, i1: int, j0: int, j1: int) -> list[Unit]:
    return [Unit("delete", (i,), ()) for i in range(i0, i1)] + [Unit("insert", (), (j,)) for j in range(j0, j1)]


def _candidates(
    keys_a: list[str],
    keys_b: list[str],
    joinable_a: list[bool],
    joinable_b: list[bool],
    i0: int,
    i1: int,
    j0: int,
    j1: int,
) -> list[_Candidate]:
    """Pairs (and split/merged pairs) of clauses similar enough to be one modified clause."""
    out: list[_Candidate] = []
    full = (i1 - i0) * (j1 - j0) <= _FULL_GAP
    slope = (j1 - j0) / (i1 - i0)
    longest_b = max(len(k) for k in keys_b[j0:j1])
    for i in range(i0, i1):
        lo, hi = (j0, j1) if full else _band(i - i0, slope, j0, j1)
        if len(keys_a[i]) * longest_b <= QUADRATIC_CAP:
            found = process.extract(
                keys_a[i], keys_b[lo:hi], scorer=Indel.normalized_similarity, score_cutoff=_CANDIDATE, limit=None
            )
        else:
            found = _extract_long(keys_a[i], keys_b[lo:hi])
        for _, score, offset in found:
            j = lo + offset
            if score >= SIMILAR:
                out.append(_Candidate(i, i, j, j, _weight(score, keys_a[i], keys_b[j])))
            out.extend(_joined(keys_a, keys_b, joinable_a, joinable_b, i, j, i0, i1, j0, j1))
    return out


def _extract_long(key: str, choices: list[str]) -> list[tuple[str, float, int]]:
    """`process.extract` for an over-long clause: the same (choice, score, index) triples,
    best first, scored by `similarity` so that no pair costs more than linear time."""
    found = [(choice, similarity(key, choice, _CANDIDATE), n) for n, choice in enumerate(choices)]
    found = [x for x in found if x[1] >= _CANDIDATE]
    found.sort(key=lambda x: -x[1])
    return found


def similarity(x: str, y: str, cutoff: float = 0.0) -> float:
    """Indel similarity of `x` and `y` (2·LCS / (len x + len y)), 0 when below `cutoff`.

    Exact (rapidfuzz) within `QUADRATIC_CAP`; beyond it the common prefix and suffix
    are set aside (exact) and the rest is compared in proportional windows of about
    `_WINDOW` characters, whose LCSs joined are a common subsequence: a lower bound,
    close to the truth for an edited copy, in time linear in the length.
    """
    if len(x) * len(y) <= QUADRATIC_CAP:
        return Indel.normalized_similarity(x, y, score_cutoff=cutoff)
    total = len(x) + len(y)
    if 2 * min(len(x), len(y)) < cutoff * total:
        return 0.0
    prefix = Prefix.similarity(x, y)
    x, y = x[prefix:], y[prefix:]
    suffix = Postfix.similarity(x, y)
    x, y = x[: len(x) - suffix], y[: len(y) - suffix]
    common = prefix + suffix
    if len(x) * len(y) <= QUADRATIC_CAP:
        common += LCSseq.similarity(x, y)
    elif x and y:
        windows = -(-max(len(x), len(y)) // _WINDOW)
        for k in range(windows):
            part_x = x[k * len(x) // windows : (k + 1) * len(x) // windows]
            part_y = y[k * len(y) // windows : (k + 1) * len(y) // windows]
            common += LCSseq.similarity(part_x, part_y)
    score = 2 * common / total
    return score if score >= cutoff else 0.0


def _band(offset: int, slope: float, j0: int, j1: int) -> tuple[int, int]:
    centre = j0 + int(offset * slope)
    return max(j0, centre - _BAND), min(j1, centre + _BAND + 1)


def _joined(
    keys_a: list[str],
    keys_b: list[str],
    joinable_a: list[bool],
    joinable_b: list[bool],
    i: int,
    j: int,
    i0: int,
    i1: int,
    j0: int,
    j1: int,
) -> list[_Candidate]:
    """A clause of one side against two adjacent clauses of the other (a split or merge)."""
    out = []
    shapes = ((i, i, j, j + 1), (i, i, j - 1, j), (i, i + 1, j, j), (i - 1, i, j, j))
    for a0, a1, b0, b1 in shapes:
        if a0 < i0 or b0 < j0 or a1 >= i1 or b1 >= j1:
            continue
        if (a1 > a0 and not joinable_a[a0]) or (b1 > b0 and not joinable_b[b0]):
            continue
        left, right = "".join(keys_a[a0 : a1 + 1]), "".join(keys_b[b0 : b1 + 1])
        score = similarity(left, right, SIMILAR)
        if score >= SIMILAR:
            out.append(_Candidate(a0, a1, b0, b1, _weight(score, left, right)))
    return out


def _weight(score: float, left: str, right: str) -> float:
    """What pairing these clauses is worth: how similar, times how much text it explains."""
    return (score - SIMILAR + 0.01) * (len(left) + len(right))


def _best_chain(candidates: list[_Candidate]) -> list[_Candidate]:
    """The heaviest chain of candidates increasing on both sides (no overlaps, no crossing).

    A sweep over A with a Fenwick tree of prefix maxima over B: O(k log k) for k
    candidates, where the all-pairs DP would be quadratic in the clauses.
    """
    if not candidates:
        return []
    candidates = sorted(candidates, key=lambda c: (c.i0, c.j0))
    size = max(c.j1 for c in candidates) + 2
    tree: list[tuple[float, int]] = [(0.0, -1)] * (size + 1)
    best: list[tuple[float, int]] = []
    by_end = sorted(range(len(candidates)), key=lambda k: candidates[k].i1)
    added = 0
    for c in candidates:
        while added < len(by_end) and candidates[by_end[added]].i1 < c.i0:
            done = by_end[added]
            # Sorted by start, a candidate ending before c starts is already scored.
            _update(tree, candidates[done].j1 + 1, (best[done][0], done))
            added += 1
        prior, back = _query(tree, c.j0)
        best.append((prior + c.weight, back))
    k = max(range(len(best)), key=lambda n: best[n][0])
    chain = []
    while k != -1:
        chain.append(candidates[k])
        k = best[k][1]
    return chain[::-1]


def _update(tree: list[tuple[float, int]], position: int, value: tuple[float, int]) -> None:
    """Record `value` at 1-based `position` (a B clause index + 1) in the prefix-max tree."""
    while position < len(tree):
        if value[0] > tree[position][0]:
            tree[position] = value
        position += position & -position


def _query(tree: list[tuple[float, int]], limit: int) -> tuple[float, int]:
    """The best recorded value at positions 1..limit (candidates ending before B clause `limit`)."""
    result = (0.0, -1)
    while limit > 0:
        if tree[limit][0] > result[0]:
            result = tree[limit]
        limit -= limit & -limit
    return result
