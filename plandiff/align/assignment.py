"""Optimal one-to-one matching: the assignment problem, solved exactly.

A small shortest-augmenting-path Hungarian solver (Kuhn–Munkres with potentials, the
O(n²m) form Jonker and Volgenant made popular) is all plans need: a block is rarely
bigger than 20×20, where this runs in well under a millisecond. scipy's
`linear_sum_assignment` would cost 0.45 s just to import, more than a whole comparison.

Large inputs never reach the dense solver as one block: `match_sparse` splits the
candidate graph into connected components and solves each exactly, falling back to
best-first greedy only for a component too big to solve densely (speedup).
"""

from __future__ import annotations

from collections.abc import Iterable

DENSE_BUDGET = 250_000
"""Components whose dense solve (rows·columns·min(rows, columns) steps) would cost
more than this are matched greedily (speedup): about 60×60, a fraction of a second."""


def max_weight_matching(weights: list[list[float]]) -> list[tuple[int, int]]:
    """The row→column pairs of greatest total weight, one-to-one; zero-weight pairs dropped.

    Args:
        weights: a rectangular matrix of non-negative weights; 0 means "do not pair".

    Returns:
        (row, column) pairs with positive weight, in row order.
    """
    if not weights or not weights[0]:
        return []
    rows, cols = len(weights), len(weights[0])
    if rows > cols:
        transposed = [[weights[r][c] for r in range(rows)] for c in range(cols)]
        return sorted((r, c) for c, r in _solve_min([[-w for w in row] for row in transposed]) if weights[r][c] > 0)
    return [(r, c) for r, c in _solve_min([[-w for w in row] for row in weights]) if weights[r][c] > 0]


def _solve_min(cost: list[list[float]]) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows ≤ columns), 1-based potentials."""
    n, m = len(cost), len(cost[0])
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: the row assigned to column j (1-based), 0 = free
    way = [0] * (m + 1)
    for row in range(1, n + 1):
        owner[0] = row
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = owner[j0]
            costs = cost[i0 - 1]
            ui0 = u[i0]
            delta, j1 = inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    reduced = costs[j - 1] - ui0 - v[j]
                    if reduced < minv[j]:
                        minv[j], way[j] = reduced, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    return sorted((owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j])


def match_sparse(edges: Iterable[tuple[int, int, float]]) -> list[tuple[int, int]]:
    """Maximum-weight one-to-one matching over a sparse set of (a, b, weight) edges.

    Each connected component of the candidate graph is solved exactly with the dense
    solver; a component too large for it is matched best-first (speedup).
    """
    graph: dict[tuple[str, int], list[tuple[int, int, float]]] = {}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    kept = [(a, b, w) for a, b, w in edges if w > 0]
    for a, b, _ in kept:
        ra, rb = find(("a", a)), find(("b", b))
        if ra != rb:
            parent[ra] = rb
    for edge in kept:
        graph.setdefault(find(("a", edge[0])), []).append(edge)
    pairs: list[tuple[int, int]] = []
    for component in graph.values():
        pairs.extend(_match_component(component))
    return sorted(pairs)


def _match_component(edges: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    rows = sorted({a for a, _, _ in edges})
    cols = sorted({b for _, b, _ in edges})
    if len(edges) == 1:
        return [(edges[0][0], edges[0][1])]
    if len(rows) * len(cols) * min(len(rows), len(cols)) > DENSE_BUDGET:
        return _greedy(edges)
    row_at = {a: i for i, a in enumerate(rows)}
    col_at = {b: j for j, b in enumerate(cols)}
    matrix = [[0.0] * len(cols) for _ in rows]
    for a, b, w in edges:
        matrix[row_at[a]][col_at[b]] = max(matrix[row_at[a]][col_at[b]], w)
    return [(rows[r], cols[c]) for r, c in max_weight_matching(matrix)]


def _greedy(edges: list[tuple[int, int, float]]) -> list[tuple[int, int]]:
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for a, b, _ in sorted(edges, key=lambda e: (-e[2], e[0], e[1])):
        if a not in used_a and b not in used_b:
            used_a.add(a)
            used_b.add(b)
            pairs.append((a, b))
    return pairs
