"""Projected counts: how many distinct combinations of some attributes valid configurations have.

The diagram is rebuilt bottom-up as a BDD in a fresh CUDD manager, layer by layer under the
selection's masks; a layer of a variable not counted contributes the OR of its children (it is
quantified away as it is built), a counted variable's layer its value cubes. Only the layers from
the first counted one to the last are rebuilt, and only on nodes the root reaches that reach the
end: below them a node is true or false, above them the root is the OR of the nodes it reaches
(the diagram's own forward and backward passes). The result,
exported back over the counted variables, is counted exactly with Python integers (CUDD's own
count is a double).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from dd import cudd

from app.engine.mdd import Allowed, Mdd, export

MEMORY = 2**28
"""The fresh manager's memory estimate: CUDD's default (1 GiB) sizes tables that take 25-50 ms to set
up, more than most projections take to build."""


def projected_count(mdd: Mdd, allowed: Allowed, counted: set[int]) -> int:
    """The number of distinct value combinations of the `counted` variables among valid configurations."""
    if mdd.is_empty():
        return 0
    layers = [i for i, var in enumerate(mdd.order) if var in counted]
    if not layers:
        return int(mdd.backward(allowed)[0][0])
    manager = cudd.BDD(memory_estimate=MEMORY)
    manager.configure(reordering=False)
    bits: dict[int, list[str]] = {}
    for var, size in zip(mdd.order, mdd.domain_sizes, strict=True):
        if var in counted:
            width = max(1, (size - 1).bit_length())
            bits[var] = [f"p{var}_{b}" for b in range(width)]
            manager.declare(*bits[var])
    first, last = layers[0], layers[-1]
    reach, alive = mdd.forward(allowed), mdd.backward(allowed)
    below: list[Any] = [manager.true if ok else manager.false for ok in alive[last + 1].tolist()]
    cubes: dict[tuple[int, int], Any] = {}
    for i in range(last, first - 1, -1):
        layer, var = mdd.layers[i], mdd.order[i]
        mask = allowed[var]
        ok = reach[i][layer.src] & alive[i + 1][layer.dst]
        if mask is not None:
            ok &= mask[layer.value]
        nodes = [manager.false] * layer.nodes
        sources, values, targets = layer.src[ok].tolist(), layer.value[ok].tolist(), layer.dst[ok].tolist()
        if var in bits:
            for src, value, dst in zip(sources, values, targets, strict=True):
                cube = cubes.get((var, value))
                if cube is None:
                    cube = cubes[(var, value)] = _cube(manager, bits[var], value)
                nodes[src] = nodes[src] | (below[dst] & cube)
        else:
            for src, dst in dict.fromkeys(zip(sources, targets, strict=True)):
                nodes[src] = nodes[src] | below[dst]
        below = nodes
    root = manager.false
    for node in np.flatnonzero(reach[first]).tolist():
        root = root | below[node]
    cubes.clear()
    if root == manager.false:
        return 0
    order = [var for var in mdd.order if var in bits]
    sizes = [0] * (max(mdd.order) + 1)
    for var, size in zip(mdd.order, mdd.domain_sizes, strict=True):
        sizes[var] = size
    every: list[list[str]] = [bits.get(var, []) for var in range(len(sizes))]
    projected = export(root, order, every, sizes)
    del root, below
    return projected.count([None] * len(sizes))


def _cube(manager: Any, names: list[str], position: int) -> Any:
    width = len(names)
    return manager.cube({name: bool((position >> (width - 1 - b)) & 1) for b, name in enumerate(names)})
