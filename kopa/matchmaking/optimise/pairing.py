"""Pairing newcomers with mentors for a cycle: the assignment that maximises the total score.

Each mentor takes at most k newcomers (one k for all, or one per mentor), each newcomer at most one
mentor; only pairs with a positive score are proposed. Solved exactly as a min-cost flow (OR-Tools
SimpleMinCostFlow): source -> newcomer (capacity 1) -> mentor (capacity 1, cost -score) -> sink
(capacity k), and newcomer -> sink at cost 0 for a newcomer left without a mentor. Scores may be
fractional; they are scaled to whole thousandths for the solver, and the total is recomputed from
the original scores.

OR-Tools is imported inside `pair()` only, so web workers that never pair do not load it.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

SCALE = 1000  # scores are rounded to thousandths for the integer solver


@dataclass(frozen=True)
class Pair:
    newcomer: Hashable
    mentor: Hashable
    score: float


def pair(
    newcomers: Iterable,
    mentors: Iterable,
    scores: Mapping,
    k: int | Mapping,
) -> list:
    """The pairs (newcomer, mentor, score) of highest total score; `scores[(newcomer, mentor)]`.

    `k` is the most newcomers per mentor, or a mapping mentor -> that number (absent: 0).
    """
    from ortools.graph.python import min_cost_flow

    newcomers = list(dict.fromkeys(newcomers))
    mentors = list(dict.fromkeys(mentors))
    if not newcomers or not mentors:
        return []
    n_index = {n: i + 1 for i, n in enumerate(newcomers)}
    m_index = {m: len(newcomers) + 1 + j for j, m in enumerate(mentors)}
    source, sink = 0, len(newcomers) + len(mentors) + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    pair_arcs = {}
    for (newcomer, mentor), score in scores.items():
        if newcomer in n_index and mentor in m_index and score > 0:
            cost = -round(score * SCALE)
            if cost < 0:
                arc = flow.add_arc_with_capacity_and_unit_cost(
                    n_index[newcomer], m_index[mentor], 1, cost
                )
                pair_arcs[arc] = (newcomer, mentor, score)
    for i in n_index.values():
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
        flow.add_arc_with_capacity_and_unit_cost(i, sink, 1, 0)
    for mentor, j in m_index.items():
        cap = k.get(mentor, 0) if isinstance(k, Mapping) else k
        if cap < 0:
            raise ValueError(f"mentor {mentor}: k must not be negative")
        if cap:
            flow.add_arc_with_capacity_and_unit_cost(j, sink, int(cap), 0)
    flow.set_node_supply(source, len(newcomers))
    flow.set_node_supply(sink, -len(newcomers))
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    pairs = [Pair(*pair_arcs[arc]) for arc in pair_arcs if flow.flow(arc) > 0]
    order = {n: i for i, n in enumerate(newcomers)}
    pairs.sort(key=lambda p: order[p.newcomer])
    return pairs


def total_score(pairs: Iterable) -> float:
    return sum(p.score for p in pairs)
