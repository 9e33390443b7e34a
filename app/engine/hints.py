"""Starting points for the optimiser, read off the compiled diagram.

On the diagram, the configuration with the least additive objective is a cheapest path (one
backward pass); alternatives are cheapest paths that pay a penalty for every value an earlier
answer used, so each differs from the others. CP-SAT starts from these hints: it has a good
answer at once and spends its time limit improving it (a budget or diversity constraint can
make a hint infeasible; it is then only a starting point).
"""

from __future__ import annotations

import numpy as np

from app.engine.mdd import Allowed, Mdd
from app.engine.repairs import INFINITE, cheapest

PENALTY = 10**12


def diagram_hints(mdd: Mdd, scores: dict[int, list[int]], allowed: Allowed, count: int) -> list[dict[int, int]]:
    """Up to `count` complete assignments within the masks: the cheapest, then penalised alternatives."""
    hints: list[dict[int, int]] = []
    for _ in range(count):
        costs = []
        for var, size in zip(mdd.order, mdd.domain_sizes, strict=True):
            cost = np.array(scores.get(var, [0] * size), dtype=np.int64)
            cost -= cost.min(initial=0)
            mask = allowed[var]
            if mask is not None:
                cost[~mask] = INFINITE
            for hint in hints:
                if mask is None and cost[hint[var]] < INFINITE:
                    cost[hint[var]] += PENALTY // max(1, len(mdd.order))
            costs.append(cost)
        found = cheapest(mdd, costs)
        if found is None:
            break
        hints.append(found[1])
    return hints
