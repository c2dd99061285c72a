"""From matched index pairs to the `Link` records readers see.

Here each link gets its kind, confidence and evidence, the user's pins are resolved to
sections, and the links are put in reading order.
"""

from __future__ import annotations

from ..errors import PinsError
from ..ingest import normal_form
from ..model import Document, Link, LinkKind, Pin
from .matching import Matching
from .similarity import BODY_FLOOR, body_similarity, same_titles, shared_terms, title_similarity

# --- pins --------------------------------------------------------------------------


def resolve_pins(
    pins: tuple[Pin, ...], a: Document, b: Document, scope_a: set[int], scope_b: set[int], m: Matching
) -> list[tuple[int, int]]:
    """Apply the user's pins to `m` and return the forced (A, B) pairs in pin order.

    A pin names heading lines. Pinned pairs are taken out of the automatic passes,
    forbidden pairs are never proposed, and a pin with one side None keeps that
    section unmatched. Pins naming a section folded away by ``max_level`` are ignored.

    Raises:
        PinsError: a pin names a line where neither document has a heading.
    """
    forced: list[tuple[int, int]] = []
    for pin in pins:
        x = _section_at(a, pin.a_line, "A") if pin.a_line is not None else None
        y = _section_at(b, pin.b_line, "B") if pin.b_line is not None else None
        if (x is not None and x not in scope_a) or (y is not None and y not in scope_b):
            continue
        if pin.forbid:
            if x is not None and y is not None:
                m.forbidden.add((x, y))
            continue
        if x is not None:
            m.fixed_a.add(x)
        if y is not None:
            m.fixed_b.add(y)
        if x is not None and y is not None and (x, y) not in forced:
            forced.append((x, y))
    return forced


def _section_at(doc: Document, line: int, side: str) -> int:
    """The section whose heading is on `line` (a real heading before the matter)."""
    found = [s for s in doc.sections if s.line == line]
    if not found:
        raise PinsError(f"pin names line {line} of {side} ({doc.text.name}), where there is no section heading")
    return max(found, key=lambda s: s.level).index


def apply_forced(m: Matching, forced: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """Record pinned pairs in `m`: the first pin of a section is its one-to-one link,
    further pins on it become split or merge parts. Returns the pinned pairs."""
    for x, y in forced:
        taken_a = x in m.pairs or x in m.merged_a
        taken_b = y in m.partner_b or y in m.split_b
        if not taken_a and not taken_b:
            m.link(x, y, 1.0)
        elif x in m.pairs and not taken_b and m.pairs[x] not in m.merged_b:
            m.split(x, y, 1.0)
        elif y in m.partner_b and not taken_a and m.partner_b[y] not in m.split_a:
            m.merge(x, y, 1.0)
        else:
            a_line, b_line = m.a.sections[x].line, m.b.sections[y].line
            raise PinsError(
                f"pins link line {a_line} of A and line {b_line} of B, but that makes one section both "
                "split and merged; pin a split or a merge, not both"
            )
    return set(forced)


# --- records -----------------------------------------------------------------------


def build_links(m: Matching, scope_a: list[int], scope_b: list[int], pinned: set[tuple[int, int]]) -> tuple[Link, ...]:
    """Every in-scope section of both documents in exactly one non-borrowed link, in reading order."""
    # The part that comes first in reading order owns the shared section's text.
    split_owner: dict[int, int] = {}
    for x, y in [*m.pairs.items(), *m.splits]:
        if x in m.split_a:
            split_owner[x] = min(y, split_owner.get(x, y))
    merge_owner: dict[int, int] = {}
    for x, y in [*m.pairs.items(), *m.merges]:
        if y in m.merged_b:
            merge_owner[y] = min(x, merge_owner.get(y, x))
    records: dict[tuple[int | None, int | None], Link] = {}
    reordered = _reordered_roots(m)
    for x, y in [*m.pairs.items(), *m.merges, *m.splits]:
        if x in split_owner:
            records[(x, y)] = _link(m, x, y, "split", pinned, split_owner[x] != y, reordered)
        elif y in merge_owner:
            records[(x, y)] = _link(m, x, y, "merged", pinned, merge_owner[y] != x, reordered)
        else:
            records[(x, y)] = _link(m, x, y, None, pinned, False, reordered)
    linked_a = set(m.pairs) | m.merged_a
    linked_b = set(m.partner_b) | m.split_b
    removed = [x for x in scope_a if x not in linked_a]
    added = [y for y in scope_b if y not in linked_b]
    best_a, best_b = _best_scores(m)
    for x in removed:
        records[(x, None)] = Link(
            x, None, kind="same", confidence=_unmatched_confidence(best_a.get(x, 0.0)), pinned=x in m.fixed_a
        )
    for y in added:
        records[(None, y)] = Link(
            None, y, kind="same", confidence=_unmatched_confidence(best_b.get(y, 0.0)), pinned=y in m.fixed_b
        )
    return reading_order(list(records.values()), removed)


def _link(
    m: Matching,
    x: int,
    y: int,
    group: LinkKind | None,
    pinned: set[tuple[int, int]],
    borrowed: bool,
    reordered: set[int],
) -> Link:
    is_pinned = (x, y) in pinned
    return Link(
        a=x,
        b=y,
        kind=group or _kind(m, x, y, reordered),
        confidence=1.0 if is_pinned else _confidence(m, x, y, group),
        evidence=shared_terms(m.prof_a[x], m.prof_b[y]),
        pinned=is_pinned,
        borrowed=borrowed,
    )


def _kind(m: Matching, x: int, y: int, reordered: set[int]) -> LinkKind:
    sa, sb = m.a.sections[x], m.b.sections[y]
    if sa.level == 0 or sb.level == 0:
        return "same"
    if not m.linked(sa.parent, sb.parent):
        return "moved"
    if sa.parent is None and x in reordered:
        return "moved"
    if sa.style == sb.style == "article":
        return "same"  # an article (第X条) has no title: its "title" is its first sentence
    return "same" if same_titles(m.prof_a[x].same_key, m.prof_b[y].same_key) else "renamed"


def _reordered_roots(m: Matching) -> set[int]:
    """Top-level A sections whose partners break B's order (outside the longest run in order)."""
    roots = [(x, m.pairs[x]) for x in sorted(m.pairs) if m.a.sections[x].parent is None and m.a.sections[x].level > 0]
    keep = _longest_increasing([y for _, y in roots])
    return {x for i, (x, _) in enumerate(roots) if i not in keep}


def _longest_increasing(values: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []  # tails[k]: position of the smallest end of a run of length k + 1
    back: list[int] = [-1] * len(values)
    for i, value in enumerate(values):
        k = _bisect_tails(values, tails, value)
        if k > 0:
            back[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    kept = set()
    i = tails[-1] if tails else -1
    while i != -1:
        kept.add(i)
        i = back[i]
    return kept


def _bisect_tails(values: list[int], tails: list[int], value: int) -> int:
    """The first run length whose smallest end is not below `value`."""
    lo, hi = 0, len(tails)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[tails[mid]] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _confidence(m: Matching, x: int, y: int, group: LinkKind | None) -> float:
    """1 for identical text and for front/back matter (paired by role); for a split or
    merge part, the share of the part's text found in the whole; otherwise title and
    body evidence combined as independent witnesses (either one strong suffices)."""
    px, py = m.prof_a[x], m.prof_b[y]
    if px.level == 0 or py.level == 0 or _identical(m, x, y):
        return 1.0
    if (x, y) in m.extra:
        return round(min(0.99, m.scores[(x, y)]), 3)
    title = 0.9 * title_similarity(px, py)
    body = body_similarity(px, py) if min(px.body_mass, py.body_mass) >= BODY_FLOOR else 0.0
    return round(min(0.99, 1.0 - (1.0 - title) * (1.0 - body)), 3)


def _identical(m: Matching, x: int, y: int) -> bool:
    """Same subtree text once normalised, numbering markers aside."""
    # (speedup) different words: not identical. dict's C-level == (Counter's own is a
    # Python loop); the same answer here, since a count is never zero.
    if not dict.__eq__(m.prof_a[x].counts, m.prof_b[y].counts):
        return False
    return _subtree_keys(m, "a", x) == _subtree_keys(m, "b", y)


def _subtree_keys(m: Matching, side: str, index: int) -> list[str]:
    """The normalised own text, marker removed, of each section of the subtree."""
    doc = m.a if side == "a" else m.b
    keys = m.text_keys.setdefault(side, {})
    out = []
    end = doc.subtree_end(doc.sections[index])
    for position in range(index, len(doc.sections)):  # (speedup) no copy of the tail
        section = doc.sections[position]
        if section.start >= end and section.index != index:
            break
        if section.index not in keys:
            keys[section.index] = normal_form(doc.slice(section.start + len(section.marker), section.end))
        out.append(keys[section.index])
    return out


def _best_scores(m: Matching) -> tuple[dict[int, float], dict[int, float]]:
    """The best score any candidate pair got, per A and per B section."""
    best_a: dict[int, float] = {}
    best_b: dict[int, float] = {}
    for (x, y), score in m.scores.items():
        best_a[x] = max(score, best_a.get(x, 0.0))
        best_b[y] = max(score, best_b.get(y, 0.0))
    return best_a, best_b


def _unmatched_confidence(best: float) -> float:
    """How sure we are that nothing matches: 1 minus the best score of any candidate
    (merge and split shares included)."""
    return round(1.0 - min(0.99, best), 3)


# --- order ---------------------------------------------------------------------------


def reading_order(links: list[Link], removed: list[int]) -> tuple[Link, ...]:
    """B's reading order, each removed A section right after the link of the A section before it.

    Links are placed by their B section (a split's parts where B has them, a merge's
    parts together at B's section); an A section with no partner follows the last link
    of the A section that precedes it, so both documents read top to bottom as far as
    the alignment allows. Sort keys are tuples: a removed section's key is the key of
    the last matched A section before it plus its own index, so it sorts right after
    that link and after the removed sections before it.
    """
    keys: dict[Link, tuple[int, ...]] = {}
    last_of_a: dict[int, tuple[int, ...]] = {}
    for link in links:
        if link.b is not None:
            keys[link] = (link.b, int(link.borrowed), -1 if link.a is None else link.a)
            if link.a is not None:
                last_of_a[link.a] = max(last_of_a.get(link.a, keys[link]), keys[link])
    removed_set = set(removed)
    by_a = {link.a: link for link in links if link.b is None}
    base: tuple[int, ...] = (-1,)
    for x in sorted(set(last_of_a) | removed_set):
        if x in removed_set:
            keys[by_a[x]] = (*base, x)
        else:
            base = last_of_a[x]
    return tuple(sorted(links, key=keys.__getitem__))
