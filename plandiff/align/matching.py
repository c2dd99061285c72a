"""Which section pairs with which: the matching passes over the section trees.

1. Level by level, top down, one optimal one-to-one assignment per level. A pair whose
   parents are already linked gets a bonus, so a section stays under its matched parent
   when it can, yet may move to another parent on strong evidence alone.
2. After each level, unmatched sections whose text reappears inside an already matched
   section become the extra parts of a merge (A side) or split (B side).
3. Bottom up, an unmatched parent whose children went under one section on the other
   side is linked to it (plainly, or as a merge/split when that one is taken).
4. A last pass pairs leftovers across levels (指导思想 as a top-level part in one plan,
   under 总体要求 in the other) when title and text agree strongly.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..model import Document
from .assignment import match_sparse
from .similarity import Profile, containment, pair_score, title_similarity

THRESHOLD = 0.4
"""Lowest score for a pair whose parents are not linked (a move to another part)."""
PARENT_BONUS = 0.18
"""Added when the parents are linked (top-level parts count as linked): within a
matched part 0.22 is enough."""
POSITION_BONUS = 0.04
"""At most this much for the same relative place among linked siblings (breaks ties)."""
CROSS_LEVEL_THRESHOLD = 0.5
"""A pair across heading levels needs this score and a similar title."""
MERGE_CONTAINMENT = 0.5
"""An unmatched section is part of a merge or split when this share of its text is in
the other side's section ..."""
MERGE_MARGIN = 0.2
"""... that much more of it than in the section's own partner (else it is only a
similar sibling, not a part that was folded in) ..."""
MERGE_SHARE = 0.2
"""... and it makes up this share of the section it went into (a sentence lifted
into a long section is not a merge)."""
DENSE_PAIRS = 4096
"""Up to this many pairs per level, every pair is scored; beyond it, candidates come
from shared terms and nearby positions (speedup)."""
POSTING_CAP = 40
"""Terms in more sections than this are too common to propose candidates (speedup)."""
TOP_CANDIDATES = 6


@dataclass
class Matching:
    """The links found so far, as sets of index pairs into the two documents."""

    a: Document
    b: Document
    prof_a: dict[int, Profile]
    prof_b: dict[int, Profile]
    forbidden: set[tuple[int, int]] = field(default_factory=set)
    fixed_a: set[int] = field(default_factory=set)
    """A sections no pass may link (pinned unmatched, or pinned to something)."""
    fixed_b: set[int] = field(default_factory=set)
    pairs: dict[int, int] = field(default_factory=dict)
    """The one-to-one core: A index → B index."""
    partner_b: dict[int, int] = field(default_factory=dict)
    """The reverse of `pairs`."""
    merges: list[tuple[int, int]] = field(default_factory=list)
    """Extra (A, B) links whose B section is already in `pairs` (B side borrowed)."""
    splits: list[tuple[int, int]] = field(default_factory=list)
    """Extra (A, B) links whose A section is already in `pairs` (A side borrowed)."""
    scores: dict[tuple[int, int], float] = field(default_factory=dict)

    def link(self, x: int, y: int, score: float) -> None:
        self.pairs[x] = y
        self.partner_b[y] = x
        self.scores[(x, y)] = score

    def free_a(self, x: int) -> bool:
        return x not in self.pairs and x not in self.fixed_a and all(x != m for m, _ in self.merges)

    def free_b(self, y: int) -> bool:
        return y not in self.partner_b and y not in self.fixed_b and all(y != s for _, s in self.splits)

    def linked(self, x: int | None, y: int | None) -> bool:
        """True when the two sections are in some link (both None: the document roots)."""
        if x is None or y is None:
            return x is None and y is None
        return self.pairs.get(x) == y or (x, y) in self.merges or (x, y) in self.splits


def match_sections(m: Matching) -> None:
    """Run all passes, filling `m`."""
    levels = sorted(({p.level for p in m.prof_a.values()} | {p.level for p in m.prof_b.values()}) - {0})
    for level in levels:
        _match_level(m, level)
        _absorb_by_content(m, level)
    for level in reversed(levels):
        _absorb_by_children(m, level)
    _match_across_levels(m)


# --- pass 1: one level -------------------------------------------------------------


def _match_level(m: Matching, level: int) -> None:
    xs = [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]
    ys = [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]
    if not xs or not ys:
        return
    edges = []
    for x, y in _candidates(m, xs, ys):
        score = pair_score(m.prof_a[x], m.prof_b[y])
        weight = score + _structure_bonus(m, x, y) - THRESHOLD
        if weight > 0 and (x, y) not in m.forbidden:
            edges.append((x, y, weight))
            m.scores[(x, y)] = score
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])


def _structure_bonus(m: Matching, x: int, y: int) -> float:
    sa, sb = m.a.sections[x], m.b.sections[y]
    if not m.linked(sa.parent, sb.parent):
        return 0.0
    return PARENT_BONUS + POSITION_BONUS * (1.0 - abs(_sibling_place(m.a, x) - _sibling_place(m.b, y)))


def _sibling_place(doc: Document, index: int) -> float:
    """Relative place 0..1 of a section among its siblings."""
    section = doc.sections[index]
    siblings = doc.sections[section.parent].children if section.parent is not None else [s.index for s in doc.roots]
    if len(siblings) < 2:
        return 0.5
    return siblings.index(index) / (len(siblings) - 1) if index in siblings else 0.5


def _candidates(m: Matching, xs: list[int], ys: list[int]) -> set[tuple[int, int]]:
    """The pairs worth scoring: all of them when few, else blocks, shared terms and neighbours."""
    if len(xs) * len(ys) <= DENSE_PAIRS:
        return {(x, y) for x in xs for y in ys}
    pairs = _sibling_candidates(m, xs, ys) | _term_candidates(m, xs, ys) | _position_candidates(xs, ys)
    return pairs


def _sibling_candidates(m: Matching, xs: list[int], ys: list[int]) -> set[tuple[int, int]]:
    by_parent: dict[int | None, list[int]] = {}
    for y in ys:
        by_parent.setdefault(m.b.sections[y].parent, []).append(y)
    pairs = set()
    for x in xs:
        parent = m.a.sections[x].parent
        if parent is None:
            continue
        for target in _linked_b(m, parent):
            siblings = by_parent.get(target, [])
            if len(siblings) <= 64:
                pairs.update((x, y) for y in siblings)
    return pairs


def _linked_b(m: Matching, x: int) -> list[int]:
    targets = [m.pairs[x]] if x in m.pairs else []
    return targets + [b for a, b in m.merges + m.splits if a == x]


def _term_candidates(m: Matching, xs: list[int], ys: list[int]) -> set[tuple[int, int]]:
    postings: dict[str, list[int]] = {}
    for y in ys:
        for term in _key_terms(m.prof_b[y]):
            postings.setdefault(term, []).append(y)
    pairs = set()
    for x in xs:
        hits: Counter[int] = Counter()
        for term in _key_terms(m.prof_a[x]):
            posting = postings.get(term, ())
            if len(posting) <= POSTING_CAP:
                hits.update(posting)
        pairs.update((x, y) for y, _ in hits.most_common(TOP_CANDIDATES))
    return pairs


def _key_terms(p: Profile) -> list[str]:
    """The title grams and the heaviest body terms: what a candidate must share."""
    body = sorted(p.body, key=p.body.__getitem__, reverse=True)[:8]
    return list(p.title_grams) + body


def _position_candidates(xs: list[int], ys: list[int], reach: int = 2) -> set[tuple[int, int]]:
    """Pairs at about the same relative place in reading order (for repeated text)."""
    pairs = set()
    scale = (len(ys) - 1) / max(1, len(xs) - 1)
    for i, x in enumerate(xs):
        centre = round(i * scale)
        for j in range(max(0, centre - reach), min(len(ys), centre + reach + 1)):
            pairs.add((x, ys[j]))
    return pairs


# --- pass 2: merges and splits from content ---------------------------------------------


def _absorb_by_content(m: Matching, level: int) -> None:
    """Unmatched sections whose text is inside a matched section of the same level."""
    taken = [(x, y) for x, y in m.pairs.items() if m.prof_a[x].level == level]
    if not taken:
        return
    split_a = {x for x, _ in m.splits}
    merged_b = {y for _, y in m.merges}
    for x in [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]:
        best = _best_container(m.prof_a[x], [(m.prof_b[y], m.prof_a[px]) for px, y in taken if px not in split_a], m.forbidden, x, side="a")
        if best is not None:
            m.merges.append((x, best))
            m.scores[(x, best)] = containment(m.prof_a[x], m.prof_b[best])
    for y in [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]:
        best = _best_container(m.prof_b[y], [(m.prof_a[px], m.prof_b[py]) for px, py in taken if py not in merged_b], m.forbidden, y, side="b")
        if best is not None:
            m.splits.append((best, y))
            m.scores[(best, y)] = containment(m.prof_b[y], m.prof_a[best])


def _best_container(part: Profile, options: list[tuple[Profile, Profile]], forbidden: set[tuple[int, int]], index: int, side: str) -> int | None:
    """The matched section holding most of `part`'s text, if clearly more than its partner does.

    Args:
        options: (container on the other side, the container's partner on this side).
    """
    best, best_share = None, MERGE_CONTAINMENT
    for container, partner in options:
        pair = (index, container.index) if side == "a" else (container.index, index)
        if pair in forbidden:
            continue
        share = containment(part, container)
        if share < best_share or share - containment(part, partner) < MERGE_MARGIN:
            continue
        if containment(container, part) >= MERGE_SHARE:
            best, best_share = container.index, share
    return best


# --- pass 3: parents from their children ---------------------------------------------


def _absorb_by_children(m: Matching, level: int) -> None:
    for x in [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]:
        kids = [c for c in m.a.sections[x].children if c in m.prof_a]
        target = _common_parent(m.b, [m.pairs[c] for c in kids if c in m.pairs], len(kids))
        if target is None or target not in m.prof_b or (x, target) in m.forbidden or target in m.fixed_b:
            continue
        if m.free_b(target):
            m.link(x, target, pair_score(m.prof_a[x], m.prof_b[target]))
        elif target in m.partner_b and m.partner_b[target] not in {a for a, _ in m.splits}:
            m.merges.append((x, target))
            m.scores[(x, target)] = containment(m.prof_a[x], m.prof_b[target])
    for y in [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]:
        kids = [c for c in m.b.sections[y].children if c in m.prof_b]
        target = _common_parent(m.a, [m.partner_b[c] for c in kids if c in m.partner_b], len(kids))
        if target is None or target not in m.prof_a or (target, y) in m.forbidden or target in m.fixed_a:
            continue
        if m.free_a(target):
            m.link(target, y, pair_score(m.prof_a[target], m.prof_b[y]))
        elif target in m.pairs and m.pairs[target] not in {b for _, b in m.merges}:
            m.splits.append((target, y))
            m.scores[(target, y)] = containment(m.prof_b[y], m.prof_a[target])


def _common_parent(doc: Document, partners: list[int], children: int) -> int | None:
    """The parent most of these partners share, when it holds at least half the children."""
    parents = Counter(doc.sections[p].parent for p in partners)
    parents.pop(None, None)
    if not parents:
        return None
    parent, count = parents.most_common(1)[0]
    return parent if count >= 2 and 2 * count >= children else None


# --- pass 4: across levels ------------------------------------------------------------


def _match_across_levels(m: Matching) -> None:
    xs = [i for i, p in m.prof_a.items() if p.level > 0 and m.free_a(i)]
    ys = [j for j, p in m.prof_b.items() if p.level > 0 and m.free_b(j)]
    if not xs or not ys:
        return
    edges = []
    for x, y in _candidates(m, xs, ys):
        px, py = m.prof_a[x], m.prof_b[y]
        if px.level == py.level or (x, y) in m.forbidden or title_similarity(px, py) < 0.5:
            continue
        score = pair_score(px, py)
        if score > CROSS_LEVEL_THRESHOLD:
            edges.append((x, y, score - CROSS_LEVEL_THRESHOLD))
            m.scores[(x, y)] = score
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])
