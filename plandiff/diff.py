"""Diff: each link of an `Alignment` → a `ClauseDiff`: ops over both original texts.

    diff_alignment(alignment, strict=False) -> tuple[ClauseDiff, ...]
    diff_link(alignment, index, strict=False) -> ClauseDiff

Three levels, coarse to fine:

1. clauses (`plandiff.clauses`): each side's text is cut into sentences and list
   items and the clauses are paired in order by similarity, so a lightly edited
   clause is *modified*, not removed plus added;
2. words (`plandiff.words`): inside a modified clause, jieba tokens are mapped to
   one character each (diff-match-patch's line-mode trick), rapidfuzz gives the exact
   LCS edit script over those characters, and diff-match-patch's semantic cleanup
   makes it readable; a word that only grew (加强 → 大力加强) shows just the added part;
3. moves (`plandiff.moves`): a clause deleted in one link that reappears among
   another link's inserts is marked ``moved_to``/``moved_from``.

Noise is not news: clauses are compared by their normal form (`ingest.normal_form`:
punctuation width, spaces inside Chinese text, line breaks), and web chrome lines
(`Text.chrome`) never pair or count; ``strict=True`` compares the raw text instead.
Every op is a pair of spans into the originals, and a link's ops rebuild both its
texts exactly (docs/diff.md).
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import zip_longest

from .clauses import Unit, align_clauses, split_clauses
from .ingest import Normalised, is_blank, layout, normal_form, normalise
from .model import Alignment, ClauseDiff, Document, Op, OpKind, Section, Span, Text
from .moves import MOVE_MIN_CHARS, find_moves
from .words import word_edits


def diff_alignment(alignment: Alignment, strict: bool = False) -> tuple[ClauseDiff, ...]:
    """Diff every link of `alignment`.

    Args:
        alignment: the links between the sections of two documents.
        strict: show differences that are only normalisation (punctuation width,
            spaces, line breaks, web chrome) as changes.

    Returns:
        One `ClauseDiff` per link, in the order of `alignment.links`.
    """
    sides = _Side.of(alignment.a.text, strict), _Side.of(alignment.b.text, strict)
    ahead = _steps_ahead(*sides)
    steps = [
        ahead.pop((span_a, span_b), []) or _diff_spans(*sides, span_a, span_b)
        for span_a, span_b in link_spans(alignment)
    ]
    ahead.clear()  # guesses no link took: their memory back
    _mark_moves(steps)
    return tuple(_finish(index, ops, *sides) for index, ops in enumerate(steps))


def diff_link(alignment: Alignment, index: int, strict: bool = False) -> ClauseDiff:
    """Diff one link alone: as `diff_alignment` but without moves (they need every link)."""
    sides = _Side.of(alignment.a.text, strict), _Side.of(alignment.b.text, strict)
    span_a, span_b = link_spans(alignment)[index]
    return _finish(index, _diff_spans(*sides, span_a, span_b), *sides)


def link_spans(alignment: Alignment) -> list[tuple[Span, Span]]:
    """The text each link diffs on each side; over all links each side's spans tile its text.

    A section runs to its `end`, or to `Document.subtree_end` when none of its
    children has a link (the aligner linked only down to ``max_level``; the subtree's
    text is this record's). A side that is None, or names a section an earlier link
    already holds (the `borrowed` parts of a split or merge), gets an empty span
    where that side's text has reached.
    """
    spans: list[tuple[Span, Span]] = []
    per_side = []
    for document, indexes in (
        (alignment.a, [x.a for x in alignment.links]),
        (alignment.b, [x.b for x in alignment.links]),
    ):
        linked = {i for i in indexes if i is not None}
        seen: set[int] = set()
        position = 0
        side: list[Span] = []
        for index in indexes:
            if index is None or index in seen:
                if index is not None:
                    section = document.sections[index]
                    position = _end(document, section, linked)
                side.append(Span(position, position))
                continue
            seen.add(index)
            section = document.sections[index]
            side.append(Span(section.start, _end(document, section, linked)))
            position = side[-1].end
        per_side.append(side)
    spans.extend(zip(per_side[0], per_side[1], strict=True))
    return spans


def _end(document: Document, section: Section, linked: set[int]) -> int:
    if section.children and not any(child in linked for child in section.children):
        return document.subtree_end(section)
    return section.end


# --- one side's text ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class _Side:
    """One document's text with what clause cutting and noise checks need."""

    original: str
    strict: bool
    wrap: int | None
    chrome: tuple[Span, ...]
    chrome_starts: list[int] = field(default_factory=list)

    @staticmethod
    def of(text: Text, strict: bool) -> _Side:
        return _side(text, strict)

    def key(self, span: Span) -> str:
        """What the clause is compared by: its normal form, or the raw text when strict."""
        piece = self.original[span.start : span.end]
        return piece if self.strict else _clause_key(piece)

    def is_chrome(self, span: Span) -> bool:
        """True when the clause lies inside a line of web-page or PDF chrome."""
        k = bisect_right(self.chrome_starts, span.end) - 1
        if k < 0 or self.chrome[k].end <= span.start:
            return False  # (speedup) no chrome line overlaps the clause
        piece = self.original[span.start : span.end]
        start = span.start + len(piece) - len(piece.lstrip())
        end = span.start + len(piece.rstrip())
        k = bisect_right(self.chrome_starts, start) - 1
        return k >= 0 and self.chrome[k].start <= start and end <= self.chrome[k].end

    def view(self, start: int, end: int) -> Normalised:
        """The text compared word by word: normalised, or the raw text when strict."""
        piece = self.original[start:end]
        return Normalised(piece, None) if self.strict else normalise(piece)


@lru_cache(maxsize=4096)
def _clause_key(piece: str) -> str:
    """`normal_form` of a clause, cached (speedup): most clauses of two versions of a
    plan are the same text, so one side's work serves the other (a link's two sides
    are cut one after the other, so a small cache suffices)."""
    return normal_form(piece)


@lru_cache(maxsize=8)
def _side(text: Text, strict: bool) -> _Side:
    chrome = tuple(sorted(text.chrome, key=lambda s: s.start))
    return _Side(
        original=text.original,
        strict=strict,
        wrap=layout(text.original).wrap,
        chrome=chrome,
        chrome_starts=[s.start for s in chrome],
    )


# --- ops under construction -------------------------------------------------------------


@dataclass(slots=True)
class _Step:
    """An op being built: mutable while moves are marked."""

    op: OpKind
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    key: str = ""
    """For a whole deleted or inserted clause: its key, to find it moved elsewhere."""
    noise: bool = False
    """A chrome or blank clause: never a change unless strict."""
    moved_to: int | None = None
    moved_from: int | None = None


def _diff_spans(side_a: _Side, side_b: _Side, span_a: Span, span_b: Span) -> list[_Step]:
    """The steps turning A's span into B's: clauses paired, modified ones diffed by word."""
    clauses_a, real_a, keys_a = _clauses(side_a, span_a.start, span_a.end)
    clauses_b, real_b, keys_b = _clauses(side_b, span_b.start, span_b.end)
    units = align_clauses(keys_a, keys_b, _joinable(real_a), _joinable(real_b))
    emit = _Emitter(side_a, side_b, clauses_a, clauses_b, span_a.start, span_b.start)
    for unit in units:
        emit.unit(unit, [real_a[i] for i in unit.a], [real_b[j] for j in unit.b], keys_a, keys_b)
    emit.noise_before(len(clauses_a), len(clauses_b))
    return emit.steps


@lru_cache(maxsize=1 << 16)
def _clauses(side: _Side, start: int, end: int) -> tuple[tuple[Span, ...], list[int], list[str]]:
    """The clauses of ``side.original[start:end]``, with the indexes and keys of the real
    ones. Cached: `work_ahead` cuts every section before the links are known (speedup);
    the lists are shared, so they are never changed."""
    clauses = split_clauses(side.original, start, end, side.wrap)
    return (clauses, *_real_clauses(side, clauses))


def work_ahead(a: Document, b: Document, strict: bool, max_level: int | None) -> Iterator[None]:
    """Diff work done before the links are known, one section (or pair) per step.

    The CLI runs these steps while a child process aligns (`pipeline.compare`). First
    each section of both documents is cut into clauses (`_clauses`); the two documents'
    sections are interleaved, so a clause both plans share is normalised once while it
    is still in `_clause_key`'s cache. Then the pairs of sections the aligner will most
    likely link (`_likely_pairs`) are diffed, for `diff_alignment` to take
    (`_steps_ahead`); a pair it does not link only cost time the wait had.
    """
    sides = _side(a.text, strict), _side(b.text, strict)
    for pair in zip_longest(a.sections, b.sections):
        for side, document, section in zip(sides, (a, b), pair, strict=True):
            if section is not None and (max_level is None or section.level <= max_level):
                _clauses(side, *_expected_span(document, section, max_level))
        yield
    ahead = _steps_ahead(*sides)
    for x, y in _likely_pairs(a, b, max_level):
        span_a = Span(*_expected_span(a, a.sections[x], max_level))
        span_b = Span(*_expected_span(b, b.sections[y], max_level))
        ahead[(span_a, span_b)] = _diff_spans(*sides, span_a, span_b)
        yield


def _expected_span(document: Document, section: Section, max_level: int | None) -> tuple[int, int]:
    """The span `link_spans` gives a linked section whose children have links (at
    ``max_level``, whose children have none: to its subtree's end)."""
    folded = section.level == max_level and section.children
    return section.start, document.subtree_end(section) if folded else section.end


def _likely_pairs(a: Document, b: Document, max_level: int | None) -> Iterator[tuple[int, int]]:
    """Each section of A with the section of B of the same level and title (front with
    front matter, back with back) nearest to its relative place: most links of two
    versions of a plan are of that kind, and a title repeated through the plan still
    finds its copy nearby."""
    places: dict[str, tuple[list[float], list[int]]] = {}
    for section in b.sections:
        if max_level is None or section.level <= max_level:
            at, ids = places.setdefault(_title_key(section), ([], []))
            at.append(section.index / len(b.sections))
            ids.append(section.index)
    for section in a.sections:
        found = places.get(_title_key(section))
        if found is None or (max_level is not None and section.level > max_level):
            continue
        at, ids = found
        place = section.index / len(a.sections)
        k = bisect_right(at, place)
        nearest = min((j for j in (k - 1, k) if 0 <= j < len(at)), key=lambda j: abs(at[j] - place))
        yield section.index, ids[nearest]


def _title_key(section: Section) -> str:
    front = section.level == 0 and section.index == 0
    return f"{section.level} {front:d} {normal_form(section.title)}"


@lru_cache(maxsize=4)
def _steps_ahead(side_a: _Side, side_b: _Side) -> dict[tuple[Span, Span], list[_Step]]:
    """The steps `work_ahead` computed for pairs of spans, for the next `diff_alignment`:
    each taken once (moves and finishing change steps in place), the rest then dropped."""
    return {}


def _real_clauses(side: _Side, clauses: tuple[Span, ...]) -> tuple[list[int], list[str]]:
    """Indexes and keys of the clauses that take part in pairing (not blank, not chrome)."""
    indexes, keys = [], []
    for i, span in enumerate(clauses):
        key = side.key(span)
        if side.strict or (key and not side.is_chrome(span)):
            indexes.append(i)
            keys.append(key)
    return indexes, keys


def _joinable(indexes: list[int]) -> list[bool]:
    """joinable[k]: real clauses k and k+1 are neighbours in the text."""
    return [b == a + 1 for a, b in zip(indexes, indexes[1:], strict=False)] + [False]


class _Emitter:
    """Turns units of paired clauses into steps, keeping both sides in text order."""

    def __init__(
        self, side_a: _Side, side_b: _Side, clauses_a: tuple[Span, ...], clauses_b: tuple[Span, ...], a: int, b: int
    ) -> None:
        self.side_a, self.side_b = side_a, side_b
        self.clauses_a, self.clauses_b = clauses_a, clauses_b
        self.next_a = self.next_b = 0
        """The first clause of each side not yet emitted."""
        self.pos_a, self.pos_b = a, b
        self.steps: list[_Step] = []

    def unit(self, unit: Unit, at_a: list[int], at_b: list[int], keys_a: list[str], keys_b: list[str]) -> None:
        self.noise_before(at_a[0] if at_a else self.next_a, at_b[0] if at_b else self.next_b)
        a0, a1 = self._range(self.clauses_a, at_a, self.pos_a)
        b0, b1 = self._range(self.clauses_b, at_b, self.pos_b)
        if unit.kind == "delete":
            key = keys_a[unit.a[0]]
            self.steps.append(_Step("delete", a0, a1, b0, b0, key=key if len(key) >= MOVE_MIN_CHARS else ""))
        elif unit.kind == "insert":
            key = keys_b[unit.b[0]]
            self.steps.append(_Step("insert", a0, a0, b0, b1, key=key if len(key) >= MOVE_MIN_CHARS else ""))
        elif unit.kind == "equal" or self._same(unit, keys_a, keys_b, a0, a1, b0, b1):
            self.steps.append(_Step("equal", a0, a1, b0, b1))
        else:
            views = self.side_a.view(a0, a1), self.side_b.view(b0, b1)
            self.steps.extend(_Step(*edit) for edit in word_edits(*views, a0, a1, b0, b1))
        self._advance(at_a, at_b, a1, b1)

    def _same(self, unit: Unit, keys_a: list[str], keys_b: list[str], a0: int, a1: int, b0: int, b1: int) -> bool:
        """True when a modified unit differs only by normalisation (a split of one clause
        in two by a line break, say)."""
        if len(unit.a) == len(unit.b) == 1:
            return keys_a[unit.a[0]] == keys_b[unit.b[0]]
        return self.side_a.key(Span(a0, a1)) == self.side_b.key(Span(b0, b1))

    @staticmethod
    def _range(clauses: tuple[Span, ...], at: list[int], position: int) -> tuple[int, int]:
        return (clauses[at[0]].start, clauses[at[-1]].end) if at else (position, position)

    def _advance(self, at_a: list[int], at_b: list[int], a1: int, b1: int) -> None:
        if at_a:
            self.next_a, self.pos_a = at_a[-1] + 1, a1
        if at_b:
            self.next_b, self.pos_b = at_b[-1] + 1, b1

    def noise_before(self, stop_a: int, stop_b: int) -> None:
        """Emit the skipped (blank or chrome) clauses of each side that come before these.

        The same chrome line on both sides (a site footer) is equal; the rest are
        deletes and inserts marked as noise, which never count as a change.
        """
        noise_a, noise_b = range(self.next_a, max(self.next_a, stop_a)), range(self.next_b, max(self.next_b, stop_b))
        if not noise_a and not noise_b:
            return  # (speedup) the usual case: no skipped clause
        keys_a = [self.side_a.key(self.clauses_a[i]) for i in noise_a]
        keys_b = [self.side_b.key(self.clauses_b[j]) for j in noise_b]
        matcher = difflib.SequenceMatcher(None, keys_a, keys_b, autojunk=False)
        for tag, i0, i1, j0, j1 in (
            matcher.get_opcodes() if keys_a and keys_b else [("", 0, len(keys_a), 0, len(keys_b))]
        ):
            if tag == "equal":
                for i, j in zip(noise_a[i0:i1], noise_b[j0:j1], strict=True):
                    a, b = self.clauses_a[i], self.clauses_b[j]
                    self.steps.append(_Step("equal", a.start, a.end, b.start, b.end))
                    self.pos_a, self.pos_b = a.end, b.end
                continue
            for i in noise_a[i0:i1]:
                span = self.clauses_a[i]
                self.steps.append(_Step("delete", span.start, span.end, self.pos_b, self.pos_b, noise=True))
                self.pos_a = span.end
            for j in noise_b[j0:j1]:
                span = self.clauses_b[j]
                self.steps.append(_Step("insert", self.pos_a, self.pos_a, span.start, span.end, noise=True))
                self.pos_b = span.end
        self.next_a, self.next_b = max(self.next_a, stop_a), max(self.next_b, stop_b)


# --- moves ------------------------------------------------------------------------------


def _mark_moves(steps: list[list[_Step]]) -> None:
    """Mark whole deleted clauses that reappear among another link's inserts (`moves`)."""
    deleted = [(link, s) for link, ops in enumerate(steps) for s in ops if s.op == "delete" and s.key]
    inserted = [(link, s) for link, ops in enumerate(steps) for s in ops if s.op == "insert" and s.key]
    keyed = ([(link, s.key) for link, s in deleted], [(link, s.key) for link, s in inserted])
    for d, n in find_moves(*keyed):
        (from_link, gone), (to_link, came) = deleted[d], inserted[n]
        gone.moved_to, came.moved_from = to_link, from_link


# --- finishing ----------------------------------------------------------------------------


def _finish(index: int, steps: list[_Step], side_a: _Side, side_b: _Side) -> ClauseDiff:
    """The link's final ops: neighbours of one kind merged, blank noise folded into equal text."""
    changed = any(_substantive(s, side_a, side_b) for s in steps)
    steps = _fold_blanks(steps, side_a, side_b)
    ops: list[Op] = []
    run: list[_Step] = []
    for step in steps:
        if run and not _mergeable(run[-1], step):
            ops.extend(_merged(run, side_a, side_b))
            run = []
        run.append(step)
    ops.extend(_merged(run, side_a, side_b))
    return ClauseDiff(link=index, ops=tuple(ops), changed=changed)


def _substantive(step: _Step, side_a: _Side, side_b: _Side) -> bool:
    """A real change: not equal, not chrome, and (unless strict) not whitespace alone.

    Whitespace can survive normalisation between two ASCII letters or digits, so a
    copy hard-wrapped inside 2035 differs by a space the reader should not be shown
    as news.
    """
    if step.op == "equal" or step.noise:
        return False
    return side_a.strict or not _blank(step, side_a, side_b)


def _fold_blanks(steps: list[_Step], side_a: _Side, side_b: _Side) -> list[_Step]:
    """Blank noise (whitespace only) joins a neighbouring equal step, where it changes nothing."""
    if side_a.strict:
        return steps
    out: list[_Step] = []
    pending: list[_Step] = []
    for step in steps:
        if step.noise and _blank(step, side_a, side_b):
            if out and out[-1].op == "equal":
                _extend(out[-1], step)
            else:
                pending.append(step)
            continue
        if step.op == "equal" and pending:
            for blank in pending:
                _extend_front(step, blank)
            pending = []
        else:
            out.extend(pending)
            pending = []
        out.append(step)
    return out + pending


def _blank(step: _Step, side_a: _Side, side_b: _Side) -> bool:
    return is_blank(side_a.original[step.a_start : step.a_end] + side_b.original[step.b_start : step.b_end])


def _extend(step: _Step, blank: _Step) -> None:
    step.a_end, step.b_end = max(step.a_end, blank.a_end), max(step.b_end, blank.b_end)


def _extend_front(step: _Step, blank: _Step) -> None:
    if blank.a_end > blank.a_start:
        step.a_start = min(step.a_start, blank.a_start)
    if blank.b_end > blank.b_start:
        step.b_start = min(step.b_start, blank.b_start)


def _mergeable(left: _Step, right: _Step) -> bool:
    return (
        left.op == right.op
        and (left.moved_to, left.moved_from) == (right.moved_to, right.moved_from)
        and left.moved_to is None
        and left.moved_from is None
    )


def _merged(run: list[_Step], side_a: _Side, side_b: _Side) -> list[Op]:
    """One op for a run of same-kind steps, or the steps themselves when merging equal
    text would join two ASCII words across dropped whitespace (normal forms differ)."""
    if not run:
        return []
    first, last = run[0], run[-1]
    merged = _Step(
        first.op,
        first.a_start,
        last.a_end,
        first.b_start,
        last.b_end,
        moved_to=first.moved_to,
        moved_from=first.moved_from,
    )
    if (
        len(run) > 1
        and merged.op == "equal"
        and _risky(run, side_a, side_b)
        and not _equal_text(merged, side_a, side_b)
    ):
        return [_op(s) for s in run]
    return [_op(merged)]


def _risky(run: list[_Step], side_a: _Side, side_b: _Side) -> bool:
    """True when joining the run's texts could change their normal form: some join
    falls in whitespace between two ASCII letters or digits (which `normal_form`
    keeps as one space). Elsewhere the normal form of a join is the join of the
    normal forms, so the check can be skipped (speedup)."""
    for left in run[:-1]:
        if _ascii_gap(side_a.original, left.a_end) or _ascii_gap(side_b.original, left.b_end):
            return True
    return False


def _ascii_gap(text: str, position: int) -> bool:
    before, after = position, position
    while before > 0 and text[before - 1].isspace():
        before -= 1
    while after < len(text) and text[after].isspace():
        after += 1
    if before == after or before == 0 or after == len(text):
        return False
    return text[before - 1].isascii() and text[before - 1].isalnum() and text[after].isascii() and text[after].isalnum()


def _equal_text(step: _Step, side_a: _Side, side_b: _Side) -> bool:
    return side_a.key(Span(step.a_start, step.a_end)) == side_b.key(Span(step.b_start, step.b_end))


def _op(step: _Step) -> Op:
    return Op(step.op, step.a_start, step.a_end, step.b_start, step.b_end, step.moved_to, step.moved_from)
