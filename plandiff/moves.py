"""Moves: clauses deleted in one link that reappear among another link's inserts.

    find_moves(deleted, inserted) -> list[tuple[int, int]]

Identical keys pair first (a hash lookup); the rest pair when at least
`MOVE_SIMILAR` alike. Each deleted clause is compared only with the inserted clauses
sharing one of its rarest character bigrams (candidate blocking), so the cost stays
close to linear where comparing all pairs would be quadratic on big plans.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain

from rapidfuzz import process
from rapidfuzz.distance import Indel

MOVE_SIMILAR = 0.8
"""A deleted clause and an inserted one elsewhere at least this similar are one moved clause."""
MOVE_MIN_CHARS = 8
"""Shorter clauses (a bare heading, 略。) are too common to call a move."""
_STOP_GRAM = 64
"""A character bigram found in more inserted clauses than this says nothing about moves."""
_BLOCK_GRAMS = 6
"""How many of a clause's rarest bigrams choose its candidates."""


def find_moves(deleted: list[tuple[int, str]], inserted: list[tuple[int, str]]) -> list[tuple[int, int]]:
    """Pair deleted clauses with inserted clauses of other links.

    Args:
        deleted: (link index, key) of each wholly deleted clause, in order.
        inserted: (link index, key) of each wholly inserted clause, in order.

    Returns:
        (position in `deleted`, position in `inserted`) pairs, each clause in at most
        one, never two clauses of the same link.
    """
    if len({link for link, _ in deleted} | {link for link, _ in inserted}) < 2:
        return []  # (speedup) all in one link: nothing can have moved to another
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, (_, key) in enumerate(inserted):
        by_key[key].append(n)
    used: set[int] = set()
    pairs, rest = [], []
    for d, (link, key) in enumerate(deleted):
        match = next((n for n in by_key.get(key, ()) if n not in used and inserted[n][0] != link), None)
        if match is None:
            rest.append(d)
        else:
            pairs.append((d, match))
            used.add(match)
    return pairs + _similar(deleted, inserted, rest, used)


def _similar(
    deleted: list[tuple[int, str]], inserted: list[tuple[int, str]], rest: list[int], used: set[int]
) -> list[tuple[int, int]]:
    choices: list[str | None] = [None if n in used else key for n, (_, key) in enumerate(inserted)]
    grams_of = [_bigrams(key) if key is not None else set() for key in choices]
    frequency = Counter(chain.from_iterable(grams_of))  # (speedup) counted in C
    wanted = {d: _rarest(_bigrams(deleted[d][1]), frequency) for d in rest}
    blocks = _postings(grams_of, set().union(*wanted.values()))
    pairs = []
    for d in rest:
        link, key = deleted[d]
        pool = sorted(set().union(*(blocks[gram] for gram in wanted[d])))
        subset = [choices[n] for n in pool]
        for _, _, k in process.extract(
            key, subset, scorer=Indel.normalized_similarity, score_cutoff=MOVE_SIMILAR, limit=None
        ):
            n = pool[k]
            if inserted[n][0] != link and choices[n] is not None:
                pairs.append((d, n))
                choices[n] = None
                break
    return pairs


def _rarest(grams: set[str], frequency: Counter[str]) -> list[str]:
    """Candidates for a moved clause come from inserted clauses sharing one of its rarest bigrams.

    Two clauses 80% alike share most bigrams, so they nearly always share one of
    the few rarest (candidate blocking: linear where all pairs would be quadratic).
    Bigrams in more than `_STOP_GRAM` inserted clauses say nothing and are left out.
    """
    # (speedup) dict.get: a Counter's own lookup of an absent bigram calls __missing__ in Python
    usable = [(frequency.get(gram, 0), gram) for gram in grams]
    # Ties are broken by the bigram itself, never by the set's order, which depends on
    # the process's string hash seed: the same inputs must give the same moves every run.
    return [gram for count, gram in sorted(usable) if 0 < count <= _STOP_GRAM][:_BLOCK_GRAMS]


def _postings(grams_of: list[set[str]], wanted: set[str]) -> dict[str, list[int]]:
    """The inserted clauses holding each wanted bigram, in order (speedup: only the
    bigrams some deleted clause blocks on get a posting list)."""
    index: dict[str, list[int]] = defaultdict(list)
    for n, grams in enumerate(grams_of):
        for gram in grams & wanted:
            index[gram].append(n)
    return index


def _bigrams(key: str) -> set[str]:
    return {key[i : i + 2] for i in range(len(key) - 1)}  # (speedup) slicing beats map(str.__add__) by ~40%
