"""Repairs: the smallest sets of earlier choices to change so that a new pick can hold.

On the compiled diagram, a repair is a path from the root to the end whose cost counts the
layers where it leaves an earlier choice (the new pick, the context and the date may not be
left). One backward pass with numpy gives the cheapest cost at every node; walking forward
along cheapest edges gives one repair with its new values. Costs are ranked fewest changes
first, then the customer's priorities (leaving a high-priority choice costs more), then the
price difference of the changed choices. The d4 circuit answers the same way (`on_circuit`:
cheapest edge at OR nodes, sums at AND nodes). Alternatives come from asking again with one choice
of an earlier repair made untouchable, so every repair returned changes a different set.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from app.engine.circuit import Circuit
from app.engine.mdd import Mdd

CHANGE = 10**15
PRIORITY = 10**9
PRICE_CAP = PRIORITY - 1
INFINITE = np.iinfo(np.int64).max // 4

Int64Array = NDArray[np.int64]


@dataclass(frozen=True)
class Repair:
    """Change variable -> new value position for each entry of `changes`; `cost` ranks repairs."""

    changes: tuple[tuple[int, int], ...]
    cost: int

    @property
    def size(self) -> int:
        """How many earlier choices the repair changes."""
        return len(self.changes)


@dataclass
class RepairQuestion:
    """Choices that may change (`soft`), values that may not (`hard`), and how to rank changes.

    `priority[var]` is the extra cost of changing that variable; `price[var][position]` is the
    list price of each value, so the price difference of a change can be counted.
    """

    soft: dict[int, int]
    hard: dict[int, int]
    priority: dict[int, int]
    price: dict[int, list[int]]


def value_costs(
    question: RepairQuestion,
    var: int,
    size: int,
    frozen: frozenset[int] = frozenset(),
    banned: frozenset[tuple[int, int]] = frozenset(),
) -> Int64Array:
    """The cost of giving variable `var` each of its values (INFINITE where it may not take it).

    `frozen` soft choices may not change; `banned` (variable, value) changes may not be made.
    """
    cost = np.zeros(size, dtype=np.int64)
    if var in question.hard or var in frozen:
        keep = question.hard.get(var, question.soft.get(var))
        cost[:] = INFINITE
        cost[keep] = 0
    elif var in question.soft:
        chosen = question.soft[var]
        prices = question.price.get(var)
        for position in range(size):
            if position == chosen:
                continue
            if (var, position) in banned:
                cost[position] = INFINITE
                continue
            delta = abs(prices[position] - prices[chosen]) if prices else 0
            cost[position] = CHANGE + question.priority.get(var, 0) * PRIORITY + min(delta, PRICE_CAP)
    return cost


def edge_costs(mdd: Mdd, question: RepairQuestion, limits: Limit = (frozenset(), frozenset())) -> list[Int64Array]:
    """Per layer, the cost of taking each value."""
    frozen, banned = limits
    sizes = zip(mdd.order, mdd.domain_sizes, strict=True)
    return [value_costs(question, var, size, frozen, banned) for var, size in sizes]


def cheapest(mdd: Mdd, costs: list[Int64Array]) -> tuple[int, dict[int, int]] | None:
    """The cheapest total cost and one cheapest path (variable -> value position), or None."""
    below = np.zeros(1, dtype=np.int64)
    totals: list[Int64Array] = []
    for i in range(len(mdd.layers) - 1, -1, -1):
        layer = mdd.layers[i]
        edge_total = np.minimum(costs[i][layer.value] + below[layer.dst], INFINITE)
        node_total = np.full(layer.nodes, INFINITE, dtype=np.int64)
        np.minimum.at(node_total, layer.src, edge_total)
        totals.append(edge_total)
        below = node_total
    totals.reverse()
    if mdd.is_empty() or below[0] >= INFINITE:
        return None
    path: dict[int, int] = {}
    node = 0
    for i, layer in enumerate(mdd.layers):
        candidates = np.flatnonzero(layer.src == node)
        edge = candidates[np.argmin(totals[i][candidates])]
        path[mdd.order[i]] = int(layer.value[edge])
        node = int(layer.dst[edge])
    return int(below[0]), path


Limit = tuple[frozenset[int], frozenset[tuple[int, int]]]
"""Soft choices that may not change, and (variable, value) changes that may not be made."""
Cheapest = Callable[[Limit], tuple[int, dict[int, int]] | None]
"""One cheapest repair within a limit: (cost, variable -> value), or None."""


def on_diagram(mdd: Mdd, question: RepairQuestion) -> Cheapest:
    """Cheapest repairs found on the compiled diagram."""
    return lambda limits: cheapest(mdd, edge_costs(mdd, question, limits))


def on_circuit(circuit: Circuit, question: RepairQuestion) -> Cheapest:
    """Cheapest repairs found on the d4 circuit (only the chosen variables' values cost anything)."""
    sizes = circuit.domain_sizes
    starts = np.cumsum([0, *sizes])
    asked = sorted(set(question.soft) | set(question.hard))

    def find(limits: Limit) -> tuple[int, dict[int, int]] | None:
        frozen, banned = limits
        costs = np.zeros(int(starts[-1]), dtype=np.int64)
        for var in asked:
            costs[starts[var] : starts[var + 1]] = value_costs(question, var, sizes[var], frozen, banned)
        return circuit.cheapest(costs, INFINITE)

    return find


def repairs(find: Cheapest, question: RepairQuestion, wanted: int = 3) -> list[Repair]:
    """Up to `wanted` cheapest different repairs, best first.

    Each repair found leads to more questions: with one of its changed choices kept (other sets
    of changes) and with one of its new values banned (the same choices changed another way).
    """
    found: dict[tuple[tuple[int, int], ...], Repair] = {}
    queue: list[Limit] = [(frozenset(), frozenset())]
    tried: set[Limit] = set()
    while queue and len(found) < wanted * 3 and len(tried) < wanted * 8:
        limits = queue.pop(0)
        if limits in tried:
            continue
        tried.add(limits)
        result = find(limits)
        if result is None:
            continue
        cost, path = result
        changes = tuple((var, path[var]) for var in sorted(question.soft) if path[var] != question.soft[var])
        if changes and changes not in found:
            found[changes] = Repair(changes, cost)
        frozen, banned = limits
        queue.extend((frozen | {var}, banned) for var, _ in changes)
        queue.extend((frozen, banned | {change}) for change in changes)
    return sorted(found.values(), key=lambda repair: (repair.cost, repair.changes))[:wanted]
