"""Which section pairs with which: the matching passes over the section trees.

1. Level by level, top down, one optimal one-to-one assignment per level. A pair whose
   parents are already linked gets a bonus, so a section stays under its matched parent
   when it can, yet may move to another parent on strong evidence alone. Leftovers that
   sit in the same gap between linked siblings on both sides are then paired on weaker
   evidence (the list's order vouches for them).
2. After each level, unmatched sections whose text reappears inside an already matched
   section become the extra parts of a merge (A side) or split (B side).
3. Bottom up, an unmatched parent whose children went under one section on the other
   side is linked to it (plainly, or as a merge/split when that one is taken).
4. Across levels: a leaf linked to a parent moves down to the parent's child when that
   child fits it far better, and leftovers are paired across levels (指导思想 as a
   top-level part in one plan, under 总体要求 in the other) when title and text agree.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain, pairwise
from operator import itemgetter

from ..model import Document
from .assignment import match_sparse
from .similarity import Profile, containment, pair_score, title_similarity

THRESHOLD = 0.4
"""Lowest score for a pair whose parents are not linked (a move to another part)."""
PARENT_BONUS = 0.17
"""Added when the parents are linked (top-level parts count as linked): within a
matched part 0.23 is enough."""
POSITION_BONUS = 0.02
"""At most this much for the same relative place among linked siblings (breaks ties)."""
GAP_THRESHOLD = 0.15
"""Lowest score for a pair that sits in the same gap between two linked siblings on
both sides (…农民 | 城镇劳动者 | 领导干部… against …农民 | 产业工人 | 领导干部…): the
list's order vouches for what the words alone leave in doubt."""
GAP_PAIRS = 36
"""Gaps with more pairs than this (6 × 6) are not filled: the order no longer vouches."""
CROSS_LEVEL_THRESHOLD = 0.4
"""A pair across heading levels needs this score and a similar title ..."""
CROSS_LEVEL_TITLE = 0.5
"""... at least this similar."""
TWIN_TITLE = 0.8
"""Titles this similar are twins: a section whose only twin sits at another level on the
other side (a plan that promotes its tasks to top-level parts) is linked to it first."""
TWIN_SCORE = 0.5
"""... when the texts agree too, ..."""
TWIN_MARGIN = 0.15
"""... and better by this much than any twin at its own level."""
TWIN_CAP = 8
"""Titles found in more sections than this on the other side are not looked at."""
DESCEND_GAIN = 0.2
"""A link moves from a parent to one of its children when the child fits the other
side's section this much better (指导思想 as a top-level part of one plan, linked at
first to the other's 指导思想、工作原则和发展目标, moves down to its (一)指导思想)."""
MERGE_CONTAINMENT = 0.35
"""An unmatched section is part of a merge or split when this share of its text is in
one section of the other side ...."""
MERGE_DOMINANCE = 1.5
"""... that many times the share in any other section there ..."""
MERGE_MARGIN = 0.12
"""... that much more of it than in the section's own partner (else it is only a
similar sibling, not a part that was folded in) ..."""
MERGE_SHARE = 0.2
"""... and it makes up this share of the section it went into (a sentence lifted
into a long section is not a merge) ..."""
MERGE_WHOLLY = 0.8
"""... unless this much of it is there: a short item kept whole inside a longer one."""
DENSE_PAIRS = 1024
"""Up to this many pairs per level, every pair is scored; beyond it, candidates come
from shared terms and nearby positions (speedup)."""
POSTING_REACH = 12
"""For a term in many sections, only this many occurrences on each side of the
section's relative place propose candidates (speedup)."""
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
    """Every pair score computed (and, for merge and split parts, the contained share)."""
    merged_a: set[int] = field(default_factory=set)
    """A sections that are extra parts of a merge."""
    merged_b: set[int] = field(default_factory=set)
    """B sections that received a merge."""
    split_a: set[int] = field(default_factory=set)
    """A sections that were split."""
    split_b: set[int] = field(default_factory=set)
    """B sections that are extra parts of a split."""
    extra: set[tuple[int, int]] = field(default_factory=set)
    """`merges` and `splits` together, for quick lookup."""
    places: dict[tuple[str, int], float] = field(default_factory=dict)
    """Cache of each section's relative place among its siblings."""
    text_keys: dict[str, dict[int, str]] = field(default_factory=dict)
    """Cache of each section's normalised own text (for telling identical links)."""
    key_terms: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    """Cache of each section's key terms (for candidates from shared terms)."""

    def link(self, x: int, y: int, score: float) -> None:
        self.pairs[x] = y
        self.partner_b[y] = x
        self.scores[(x, y)] = score

    def merge(self, x: int, y: int, share: float) -> None:
        """Record A's `x` as a further part folded into B's `y` (already linked)."""
        self.merges.append((x, y))
        self.extra.add((x, y))
        self.merged_a.add(x)
        self.merged_b.add(y)
        self.scores[(x, y)] = share

    def split(self, x: int, y: int, share: float) -> None:
        """Record B's `y` as a further part split off A's `x` (already linked)."""
        self.splits.append((x, y))
        self.extra.add((x, y))
        self.split_a.add(x)
        self.split_b.add(y)
        self.scores[(x, y)] = share

    def free_a(self, x: int) -> bool:
        return x not in self.pairs and x not in self.fixed_a and x not in self.merged_a

    def free_b(self, y: int) -> bool:
        return y not in self.partner_b and y not in self.fixed_b and y not in self.split_b

    def linked(self, x: int | None, y: int | None) -> bool:
        """True when the two sections are in some link (both None: the document roots)."""
        if x is None or y is None:
            return x is None and y is None
        return self.pairs.get(x) == y or (x, y) in self.extra


def match_sections(m: Matching) -> None:
    """Run all passes, filling `m`."""
    levels = sorted(({p.level for p in m.prof_a.values()} | {p.level for p in m.prof_b.values()}) - {0})
    _anchor_title_twins_across_levels(m)
    for level in levels:
        _match_level(m, level)
        _absorb_by_content(m, level)
    for level in reversed(levels):
        _absorb_by_children(m, level)
    _descend_to_children(m)
    _match_across_levels(m)


# --- pass 0: title twins at different levels --------------------------------------------


def _anchor_title_twins_across_levels(m: Matching) -> None:
    """Link sections to a title twin at another level that fits clearly best.

    Levels are not comparable across plans: one city writes its tasks as (一)… under
    二、主要任务, another promotes them to 二、三、… parts. Matching level by level would
    pair the tasks with the other plan's items. A section with a near-identical title
    at another level, fitting it clearly better than any twin at its own level, is
    linked to it before the level passes.
    """
    twins_a = _title_twins(m.prof_a, m.prof_b)
    twins_b = _title_twins(m.prof_b, m.prof_a)
    edges = []
    for x, ys in twins_a.items():
        px = m.prof_a[x]
        same_level_x = _best_score(m, [(x, y) for y in ys if m.prof_b[y].level == px.level])
        for y in ys:
            py = m.prof_b[y]
            if py.level == px.level or (x, y) in m.forbidden or not (m.free_a(x) and m.free_b(y)):
                continue
            same_level_y = _best_score(m, [(t, y) for t in twins_b.get(y, ()) if m.prof_a[t].level == py.level])
            score = m.scores[(x, y)] = pair_score(px, py)
            if score >= max(TWIN_SCORE, same_level_x + TWIN_MARGIN, same_level_y + TWIN_MARGIN):
                edges.append((x, y, score))
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])


def _best_score(m: Matching, pairs: list[tuple[int, int]]) -> float:
    best = 0.0
    for x, y in pairs:
        if (x, y) not in m.scores:
            m.scores[(x, y)] = pair_score(m.prof_a[x], m.prof_b[y])
        best = max(best, m.scores[(x, y)])
    return best


def _title_twins(mine: dict[int, Profile], theirs: dict[int, Profile]) -> dict[int, list[int]]:
    """For each section, the other side's sections with a near-identical title core.

    Twins share the title's rarest gram, so only sections holding it are compared (speedup).
    """
    index: dict[str, list[int]] = {}
    for j, p in theirs.items():
        if p.level > 0:
            for gram in p.title_grams:
                index.setdefault(gram, []).append(j)
    twins: dict[int, list[int]] = {}
    for i, p in mine.items():
        if p.level == 0 or not p.title_grams:
            continue
        # the heaviest gram, ties to the greatest: (weight, gram) pairs compared in C (speedup)
        rarest = max(zip(p.title_grams.values(), p.title_grams, strict=True))[1]
        holders = index.get(rarest, [])
        if len(holders) > TWIN_CAP:  # a title repeated that often names no one section (speedup)
            continue
        found = [j for j in holders if title_similarity(p, theirs[j]) >= TWIN_TITLE]
        if found:
            twins[i] = found
    return twins


# --- pass 1: one level -------------------------------------------------------------


def _match_level(m: Matching, level: int) -> None:
    xs = [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]
    ys = [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]
    if not xs or not ys:
        return
    edges = []
    for x, y in sorted(_candidates(m, xs, ys)):  # (speedup) one section's pairs in a row stay in cache
        score = pair_score(m.prof_a[x], m.prof_b[y])
        weight = score + _structure_bonus(m, x, y) - THRESHOLD
        m.scores[(x, y)] = score
        if weight > 0 and (x, y) not in m.forbidden:
            edges.append((x, y, weight))
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])
    _fill_gaps(m, level)


def _fill_gaps(m: Matching, level: int) -> None:
    """Pair leftovers that sit between the same two linked siblings on both sides."""
    edges = []
    for kids_a, kids_b in _sibling_lists(m, level):
        anchors = _anchors(m, kids_a, kids_b)
        for (i1, j1), (i2, j2) in pairwise(anchors):
            gap_a = [x for x in kids_a[i1 + 1 : i2] if m.free_a(x)]
            gap_b = [y for y in kids_b[j1 + 1 : j2] if m.free_b(y)]
            if len(gap_a) * len(gap_b) > GAP_PAIRS:  # a gap that wide says nothing of order
                continue
            for x in gap_a:
                for y in gap_b:
                    score = m.scores.get((x, y))
                    if score is None:
                        score = m.scores[(x, y)] = pair_score(m.prof_a[x], m.prof_b[y])
                    if score > GAP_THRESHOLD and (x, y) not in m.forbidden:
                        edges.append((x, y, score - GAP_THRESHOLD))
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])


def _sibling_lists(m: Matching, level: int) -> list[tuple[list[int], list[int]]]:
    """For each linked pair of parents (the roots count), their children at `level`."""

    def kids(doc: Document, profiles: dict[int, Profile], parent: int | None) -> list[int]:
        ids = doc.sections[parent].children if parent is not None else [s.index for s in doc.roots]
        if not ids:
            return []  # (speedup) most linked sections are leaves
        return [i for i in ids if i in profiles and profiles[i].level == level]

    parents = [(None, None), *m.pairs.items(), *m.merges, *m.splits]
    return [(kids(m.a, m.prof_a, x), kids(m.b, m.prof_b, y)) for x, y in parents]


def _anchors(m: Matching, kids_a: list[int], kids_b: list[int]) -> list[tuple[int, int]]:
    """Positions of linked sibling pairs that keep their order, between two interior fences."""
    place_b = {y: j for j, y in enumerate(kids_b)}
    anchors, last_j = [], -1
    for i, x in enumerate(kids_a):
        j = place_b.get(m.pairs.get(x, -1))
        if j is not None and j > last_j:
            anchors.append((i, j))
            last_j = j
    return anchors


def _structure_bonus(m: Matching, x: int, y: int) -> float:
    sa, sb = m.a.sections[x], m.b.sections[y]
    if not m.linked(sa.parent, sb.parent):
        return 0.0
    return PARENT_BONUS + POSITION_BONUS * (1.0 - abs(_place(m, "a", x) - _place(m, "b", y)))


def _place(m: Matching, side: str, index: int) -> float:
    """Relative place 0..1 of a section among its siblings (cached per document)."""
    if not m.places:
        for name, doc in (("a", m.a), ("b", m.b)):
            groups = [[s.index for s in doc.roots]] + [list(s.children) for s in doc.sections if s.children]
            for siblings in groups:
                for i, sibling in enumerate(siblings):
                    m.places[(name, sibling)] = i / (len(siblings) - 1) if len(siblings) > 1 else 0.5
    return m.places.get((side, index), 0.5)


def _candidates(m: Matching, xs: list[int], ys: list[int], from_b: bool = False) -> set[tuple[int, int]]:
    """The (A, B) pairs worth scoring: all of them when few, else blocks, shared terms and
    neighbours, proposed for each section of A's `xs` (or, with `from_b`, for each of B's
    `ys`: when few B parts look for their place among many A sections, proposing from the
    many side would score every part against a share of all of them)."""
    if len(xs) * len(ys) <= DENSE_PAIRS:
        return {(x, y) for x in xs for y in ys}
    if from_b:
        flipped = _sibling_candidates(m, ys, xs, "b") | _term_candidates(m, ys, xs, "b") | _position_candidates(ys, xs)
        return {(x, y) for y, x in flipped}
    return _sibling_candidates(m, xs, ys, "a") | _term_candidates(m, xs, ys, "a") | _position_candidates(xs, ys)


def _sibling_candidates(m: Matching, qs: list[int], ts: list[int], side: str) -> set[tuple[int, int]]:
    """(q, t) pairs: each section of `qs` (on `side`) with the other side's `ts` under
    the section its parent is linked to."""
    mine, theirs = (m.a, m.b) if side == "a" else (m.b, m.a)
    by_parent: dict[int | None, list[int]] = {}
    for t in ts:
        by_parent.setdefault(theirs.sections[t].parent, []).append(t)
    linked = _links_of(m, side)
    pairs: set[tuple[int, int]] = set()
    for q in qs:
        parent = mine.sections[q].parent
        if parent is None:
            continue
        for target in linked.get(parent, ()):
            siblings = by_parent.get(target, [])
            if len(siblings) <= 64:
                pairs.update((q, t) for t in siblings)
    return pairs


def _links_of(m: Matching, side: str) -> dict[int, list[int]]:
    """Each linked section of `side` → the other side's sections it is linked to.

    Built once per call (speedup): looking the merge and split parts up one parent at a
    time went through all of them for every parent.
    """
    linked: dict[int, list[int]] = {}
    one_to_one = m.pairs if side == "a" else m.partner_b
    for x, y in one_to_one.items():
        linked[x] = [y]
    for x, y in m.extra:
        key, value = (x, y) if side == "a" else (y, x)
        linked.setdefault(key, []).append(value)
    return linked


def _term_candidates(m: Matching, qs: list[int], ts: list[int], side: str) -> set[tuple[int, int]]:
    """(q, t) pairs sharing key terms, for each section of `qs` (on `side`); for a common
    term only its occurrences nearest the section's relative place are looked at, so
    repeated text stays near-linear."""
    other = "b" if side == "a" else "a"
    postings: dict[str, list[int]] = {}
    for j, t in enumerate(ts):
        for term in _key_terms(m, other, t):
            postings.setdefault(term, []).append(j)
    scale = len(ts) / max(1, len(qs))
    pairs: set[tuple[int, int]] = set()
    for i, q in enumerate(qs):
        centre = i * scale
        found = []
        for term in _key_terms(m, side, q):
            posting = postings.get(term)
            if posting is None:
                continue
            if len(posting) > POSTING_REACH * 2:
                at = bisect_left(posting, centre)
                posting = posting[max(0, at - POSTING_REACH) : at + POSTING_REACH]
            found.append(posting)
        hits = Counter(chain.from_iterable(found))  # (speedup) one C-level count per section
        # most_common(n) without its Python heap (speedup): the same order, ties first-seen first
        best = sorted(hits.items(), key=itemgetter(1), reverse=True)[:TOP_CANDIDATES]
        pairs.update((q, ts[j]) for j, _ in best)
    return pairs


def _key_terms(m: Matching, side: str, index: int) -> list[str]:
    """The title grams and the heaviest body terms: what a candidate must share.

    Cached per section (speedup): every pass that looks for candidates asks again.
    """
    key = (side, index)
    terms = m.key_terms.get(key)
    if terms is None:
        p = (m.prof_a if side == "a" else m.prof_b)[index]
        body = sorted(p.body, key=p.body.__getitem__, reverse=True)[:8]
        terms = m.key_terms[key] = list(p.title_grams) + body
    return terms


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
    """Unmatched sections whose text went mostly into one matched section of the same level."""
    xs = [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]
    ys = [j for j, p in m.prof_b.items() if p.level == level and j in m.partner_b]
    for x, y, share in _containers(m.prof_a, m.prof_b, _candidates(m, xs, ys)):
        partner = m.partner_b.get(y)
        if (
            partner is not None
            and partner not in m.split_a
            and (x, y) not in m.forbidden
            and _absorbed(m.prof_a[x], m.prof_b[y], m.prof_a[partner], share)
        ):
            m.merge(x, y, share)
    xs = [i for i, p in m.prof_a.items() if p.level == level and i in m.pairs]
    ys = [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]
    for y, x, share in _containers(m.prof_b, m.prof_a, {(y, x) for x, y in _candidates(m, xs, ys, from_b=True)}):
        partner = m.pairs.get(x)
        if (
            partner is not None
            and partner not in m.merged_b
            and (x, y) not in m.forbidden
            and _absorbed(m.prof_b[y], m.prof_a[x], m.prof_b[partner], share)
        ):
            m.split(x, y, share)


def _containers(
    parts: dict[int, Profile], wholes: dict[int, Profile], pairs: set[tuple[int, int]]
) -> list[tuple[int, int, float]]:
    """For each part, the matched section holding most of its text (and that share),
    when it clearly stands out among the matched sections of its level.

    A part whose words are spread evenly over many sections (the genre's common
    vocabulary) has no container; one whose words gather in one section has.
    """
    shares: dict[int, list[tuple[float, int]]] = {}
    for part, whole in sorted(pairs):  # (speedup) one part's wholes in a row stay in cache
        shares.setdefault(part, []).append((containment(parts[part], wholes[whole]), whole))
    found = []
    for part, options in sorted(shares.items()):
        options.sort(reverse=True)
        best, whole = options[0]
        runner_up = options[1][0] if len(options) > 1 else 0.0
        if best >= MERGE_CONTAINMENT and best >= MERGE_DOMINANCE * runner_up:
            found.append((part, whole, best))
    return found


def _absorbed(part: Profile, whole: Profile, partner: Profile, share: float) -> bool:
    """True when `part` adds to `whole` (`share` of it found there, as `_containers`
    computed it) what `whole`'s own partner does not already say."""
    if share - containment(part, partner) < MERGE_MARGIN:
        return False
    return share >= MERGE_WHOLLY or containment(whole, part) >= MERGE_SHARE


# --- pass 3: parents from their children ---------------------------------------------


def _absorb_by_children(m: Matching, level: int) -> None:
    for x in [i for i, p in m.prof_a.items() if p.level == level and m.free_a(i)]:
        kids = [c for c in m.a.sections[x].children if c in m.prof_a]
        target = _common_parent(m.b, [m.pairs[c] for c in kids if c in m.pairs], len(kids))
        if target is None or target not in m.prof_b or (x, target) in m.forbidden or target in m.fixed_b:
            continue
        if m.free_b(target):
            m.link(x, target, pair_score(m.prof_a[x], m.prof_b[target]))
        elif target in m.partner_b and m.partner_b[target] not in m.split_a:
            m.merge(x, target, containment(m.prof_a[x], m.prof_b[target]))
    for y in [j for j, p in m.prof_b.items() if p.level == level and m.free_b(j)]:
        kids = [c for c in m.b.sections[y].children if c in m.prof_b]
        target = _common_parent(m.a, [m.partner_b[c] for c in kids if c in m.partner_b], len(kids))
        if target is None or target not in m.prof_a or (target, y) in m.forbidden or target in m.fixed_a:
            continue
        if m.free_a(target):
            m.link(target, y, pair_score(m.prof_a[target], m.prof_b[y]))
        elif target in m.pairs and m.pairs[target] not in m.merged_b:
            m.split(target, y, containment(m.prof_b[y], m.prof_a[target]))


def _common_parent(doc: Document, partners: list[int], children: int) -> int | None:
    """The parent most of these partners share, when it holds at least half the children."""
    parents = Counter(doc.sections[p].parent for p in partners)
    parents.pop(None, None)
    if not parents:
        return None
    parent, count = parents.most_common(1)[0]
    return parent if count >= 2 and 2 * count >= children else None


# --- pass 4: across levels ------------------------------------------------------------


def _descend_to_children(m: Matching) -> None:
    """Relink a section from a parent to that parent's child when the child fits it far better."""
    for x, y in list(m.pairs.items()):
        if x in m.fixed_a or y in m.fixed_b or x in m.split_a or y in m.merged_b:
            continue
        current = m.scores.get((x, y), 0.0)
        kids_a = [c for c in m.a.sections[x].children if c in m.prof_a and m.free_a(c)]
        better = _better_child(m, kids_a, y, "a", current)
        if better is not None:
            del m.pairs[x], m.partner_b[y]
            m.link(better, y, m.scores[(better, y)])
            continue
        kids_b = [c for c in m.b.sections[y].children if c in m.prof_b and m.free_b(c)]
        better = _better_child(m, kids_b, x, "b", current)
        if better is not None:
            del m.pairs[x], m.partner_b[y]
            m.link(x, better, m.scores[(x, better)])


def _better_child(m: Matching, kids: list[int], other: int, side: str, current: float) -> int | None:
    """The child that fits `other` (on the far side) best, if by `DESCEND_GAIN` more than its parent."""
    best, best_score = None, max(CROSS_LEVEL_THRESHOLD, current + DESCEND_GAIN)
    for kid in kids:
        x, y = (kid, other) if side == "a" else (other, kid)
        if (x, y) in m.forbidden or title_similarity(m.prof_a[x], m.prof_b[y]) < CROSS_LEVEL_TITLE:
            continue
        score = m.scores[(x, y)] = pair_score(m.prof_a[x], m.prof_b[y])
        if score >= best_score:
            best, best_score = kid, score
    return best


def _match_across_levels(m: Matching) -> None:
    xs = [i for i, p in m.prof_a.items() if p.level > 0 and m.free_a(i)]
    ys = [j for j, p in m.prof_b.items() if p.level > 0 and m.free_b(j)]
    if not xs or not ys:
        return
    edges = []
    for x, y in sorted(_candidates(m, xs, ys)):  # (speedup) cache locality, as in _match_level
        px, py = m.prof_a[x], m.prof_b[y]
        if px.level == py.level or (x, y) in m.forbidden or title_similarity(px, py) < CROSS_LEVEL_TITLE:
            continue
        score = pair_score(px, py)
        if score > CROSS_LEVEL_THRESHOLD:
            edges.append((x, y, score - CROSS_LEVEL_THRESHOLD))
            m.scores[(x, y)] = score
    for x, y in match_sparse(edges):
        m.link(x, y, m.scores[(x, y)])
