"""Diff: each link of an `Alignment` → a `ClauseDiff`: ops over both original texts.

    diff_alignment(alignment, strict=False) -> tuple[ClauseDiff, ...]
    diff_link(alignment, index, strict=False) -> ClauseDiff

Three levels, coarse to fine:

1. clauses (`plandiff.clauses`): each side's text is cut into sentences and list
   items and the clauses are paired in order by similarity, so a lightly edited
   clause is *modified*, not removed plus added;
2. words: inside a modified clause, jieba tokens are mapped to one character each
   (diff-match-patch's line-mode trick), rapidfuzz gives the exact LCS edit script
   over those characters, and diff-match-patch's semantic cleanup makes it readable;
   a changed word that only grew (加强 → 大力加强) shows just the added part;
3. moves: a clause deleted in one link that reappears among another link's inserts
   is marked ``moved_to``/``moved_from`` instead of removed and added.

Noise is not news: clauses are compared by their normal form (`ingest.normal_form`:
punctuation width, spaces inside Chinese text, line breaks), and web chrome lines
(`Text.chrome`) never pair or count; ``strict=True`` compares the raw text instead.
Every op is a pair of spans into the originals, and a link's ops rebuild both its
texts exactly (docs/diff.md).
"""

from __future__ import annotations

import difflib
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .clauses import Unit, align_clauses, code_of, split_clauses
from .ingest import Normalised, normal_form, normalise, physical_lines, wrap_width
from .model import Alignment, ClauseDiff, Document, Op, OpKind, Section, Span, Text
from .tokens import cut

MOVE_SIMILAR = 0.8
"""A deleted clause and an inserted one elsewhere at least this similar are one moved clause."""
MOVE_MIN_CHARS = 8
"""Shorter clauses (a bare heading, 略。) are too common to call a move."""
_STOP_GRAM = 64
"""A character bigram found in more inserted clauses than this says nothing about moves."""
_BLOCK_GRAMS = 6


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
    steps = [_diff_spans(*sides, span_a, span_b) for span_a, span_b in link_spans(alignment)]
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
        return piece if self.strict else normal_form(piece)

    def is_chrome(self, span: Span) -> bool:
        """True when the clause lies inside a line of web-page or PDF chrome."""
        if not self.chrome:
            return False
        piece = self.original[span.start : span.end]
        start = span.start + len(piece) - len(piece.lstrip())
        end = span.start + len(piece.rstrip())
        k = bisect_right(self.chrome_starts, start) - 1
        return k >= 0 and self.chrome[k].start <= start and end <= self.chrome[k].end

    def view(self, start: int, end: int) -> Normalised:
        """The text compared word by word: normalised, or the raw text when strict."""
        piece = self.original[start:end]
        return Normalised(piece, None) if self.strict else normalise(piece)


@lru_cache(maxsize=8)
def _side(text: Text, strict: bool) -> _Side:
    chrome = tuple(sorted(text.chrome, key=lambda s: s.start))
    return _Side(
        original=text.original,
        strict=strict,
        wrap=wrap_width(text.original, physical_lines(text.original)),
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
    clauses_a = split_clauses(side_a.original, span_a.start, span_a.end, side_a.wrap)
    clauses_b = split_clauses(side_b.original, span_b.start, span_b.end, side_b.wrap)
    real_a, keys_a = _real_clauses(side_a, clauses_a)
    real_b, keys_b = _real_clauses(side_b, clauses_b)
    units = align_clauses(keys_a, keys_b, _joinable(real_a), _joinable(real_b))
    emit = _Emitter(side_a, side_b, clauses_a, clauses_b, span_a.start, span_b.start)
    for unit in units:
        emit.unit(unit, [real_a[i] for i in unit.a], [real_b[j] for j in unit.b], keys_a, keys_b)
    emit.noise_before(len(clauses_a), len(clauses_b))
    return emit.steps


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
            self.steps.extend(word_steps(self.side_a, self.side_b, a0, a1, b0, b1))
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


# --- words ------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _dmp() -> Any:
    from diff_match_patch import diff_match_patch  # type: ignore[import-untyped]

    return diff_match_patch()


def word_steps(side_a: _Side, side_b: _Side, a0: int, a1: int, b0: int, b1: int) -> list[_Step]:
    """Word-level steps turning A's [a0, a1) into B's [b0, b1).

    Tokens (jieba words of the normalised text) become one character each, so the
    edit script and dmp's semantic cleanup work on words: changes fall on word
    boundaries instead of scattering over shared characters.
    """
    view_a, view_b = side_a.view(a0, a1), side_b.view(b0, b1)
    tokens_a, tokens_b = cut(view_a.text), cut(view_b.text)
    codes: dict[str, str] = {}
    chars_a = "".join([code_of(codes, t) for t in tokens_a])
    chars_b = "".join([code_of(codes, t) for t in tokens_b])
    diffs = _edit_script(chars_a, chars_b)
    _dmp().diff_cleanupSemantic(diffs)
    bounds_a = list(accumulate((len(t) for t in tokens_a), initial=0))
    bounds_b = list(accumulate((len(t) for t in tokens_b), initial=0))
    steps = _refine(_token_steps(diffs, bounds_a, bounds_b), view_a.text, view_b.text)
    to_a, to_b = _to_original(view_a, a1 - a0, a0), _to_original(view_b, b1 - b0, b0)
    return [_Step(s.op, to_a(s.a_start), to_a(s.a_end), to_b(s.b_start), to_b(s.b_end)) for s in steps]


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


def _token_steps(diffs: list[tuple[int, str]], bounds_a: list[int], bounds_b: list[int]) -> list[_Step]:
    """dmp diffs over token characters → steps over the normalised texts' characters."""
    steps, i, j = [], 0, 0
    kinds: dict[int, OpKind] = {0: "equal", -1: "delete", 1: "insert"}
    for op, chars in diffs:
        di = len(chars) if op <= 0 else 0
        dj = len(chars) if op >= 0 else 0
        steps.append(_Step(kinds[op], bounds_a[i], bounds_a[i + di], bounds_b[j], bounds_b[j + dj]))
        i, j = i + di, j + dj
    return steps


def _refine(steps: list[_Step], text_a: str, text_b: str) -> list[_Step]:
    """Each run of changes between equal steps, as one delete and one insert, trimmed.

    A word that only grew or shrank is one token against another for jieba
    (加强 vs 大力加强); when one side is the other's prefix plus suffix, the shared
    part is equal and only the rest changes, so the reader sees 大力 inserted.
    """
    out: list[_Step] = []
    run: list[_Step] = []
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


def _trim(a0: int, a1: int, b0: int, b1: int, text_a: str, text_b: str) -> list[_Step]:
    deleted, inserted = text_a[a0:a1], text_b[b0:b1]
    prefix = suffix = 0
    if deleted and inserted:
        prefix = _common_prefix(deleted, inserted)
        limit = min(len(deleted), len(inserted)) - prefix
        suffix = _common_prefix(deleted[::-1], inserted[::-1], limit)
        if prefix + suffix not in (len(deleted), len(inserted)):
            prefix = suffix = 0
    steps = [
        _Step("equal", a0, a0 + prefix, b0, b0 + prefix),
        _Step("delete", a0 + prefix, a1 - suffix, b0 + prefix, b0 + prefix),
        _Step("insert", a1 - suffix, a1 - suffix, b0 + prefix, b1 - suffix),
        _Step("equal", a1 - suffix, a1, b1 - suffix, b1),
    ]
    return [s for s in steps if s.a_end > s.a_start or s.b_end > s.b_start]


def _common_prefix(x: str, y: str, limit: int | None = None) -> int:
    n = min(len(x), len(y)) if limit is None else limit
    k = 0
    while k < n and x[k] == y[k]:
        k += 1
    return k


def _to_original(view: Normalised, length: int, base: int) -> Any:
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


# --- moves ------------------------------------------------------------------------------


def _mark_moves(steps: list[list[_Step]]) -> None:
    """Pair whole deleted clauses with whole inserted ones in other links.

    Identical keys pair first (a hash lookup); the rest by similarity, comparing
    each deleted clause only with the inserted clauses sharing the most character
    bigrams with it (blocking keeps this close to linear on big plans).
    """
    deleted = [(link, s) for link, ops in enumerate(steps) for s in ops if s.op == "delete" and s.key]
    inserted = [(link, s) for link, ops in enumerate(steps) for s in ops if s.op == "insert" and s.key]
    if len({link for link, _ in deleted} | {link for link, _ in inserted}) < 2:
        return  # (speedup) all in one link: nothing can have moved to another
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, (_, step) in enumerate(inserted):
        by_key[step.key].append(n)
    used: set[int] = set()
    rest = []
    for link, step in deleted:
        match = next((n for n in by_key.get(step.key, ()) if n not in used and inserted[n][0] != link), None)
        if match is None:
            rest.append((link, step))
        else:
            _pair(link, step, inserted[match], used, match)
    _mark_similar(rest, inserted, used)


def _mark_similar(deleted: list[tuple[int, _Step]], inserted: list[tuple[int, _Step]], used: set[int]) -> None:
    choices: list[str | None] = [None if n in used else step.key for n, (_, step) in enumerate(inserted)]
    blocks = _rare_bigram_index(choices)
    for link, step in deleted:
        pool = _block(step.key, blocks)
        subset = [choices[n] for n in pool]
        for _, _, k in process.extract(
            step.key, subset, scorer=Indel.normalized_similarity, score_cutoff=MOVE_SIMILAR, limit=None
        ):
            n = pool[k]
            if inserted[n][0] != link and choices[n] is not None:
                _pair(link, step, inserted[n], used, n)
                choices[n] = None
                break


def _rare_bigram_index(choices: list[str | None]) -> dict[str, list[int]]:
    """Inserted clauses by character bigram, without the bigrams too common to block on."""
    index: dict[str, list[int]] = defaultdict(list)
    for n, key in enumerate(choices):
        for gram in _bigrams(key or ""):
            index[gram].append(n)
    return {gram: postings for gram, postings in index.items() if len(postings) <= _STOP_GRAM}


def _block(key: str, index: dict[str, list[int]]) -> list[int]:
    """Candidates for a moved clause: inserted clauses sharing one of its rarest bigrams.

    Two clauses 80% alike share most bigrams, so they nearly always share one of
    the few rarest (candidate blocking: linear where all pairs would be quadratic).
    """
    postings = [p for g in _bigrams(key) if (p := index.get(g)) is not None]
    postings.sort(key=len)
    return sorted(set().union(*postings[:_BLOCK_GRAMS]))


def _bigrams(key: str) -> set[str]:
    return set(map(str.__add__, key, key[1:]))  # (speedup) the loop runs in C


def _pair(link: int, step: _Step, other: tuple[int, _Step], used: set[int], n: int) -> None:
    other_link, other_step = other
    step.moved_to, other_step.moved_from = other_link, link
    used.add(n)


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
    return not (side_a.original[step.a_start : step.a_end] + side_b.original[step.b_start : step.b_end]).strip()


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
