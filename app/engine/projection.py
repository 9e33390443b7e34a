"""Projected counts: how many distinct combinations of some attributes valid configurations have.

The diagram is rebuilt bottom-up as a BDD in a fresh CUDD manager, layer by layer under the
selection's masks; a layer of a variable not counted contributes the OR of its children (it is
quantified away as it is built), a counted variable's layer its value cubes. The result,
exported back over the counted variables, is counted exactly with Python integers (CUDD's own
count is a double).
"""

from __future__ import annotations

from typing import Any

from dd import cudd

from app.engine.mdd import Allowed, Mdd, export


def projected_count(mdd: Mdd, allowed: Allowed, counted: set[int]) -> int:
    """The number of distinct value combinations of the `counted` variables among valid configurations."""
    if mdd.is_empty():
        return 0
    manager = cudd.BDD()
    manager.configure(reordering=False)
    bits: dict[int, list[str]] = {}
    for var, size in zip(mdd.order, mdd.domain_sizes, strict=True):
        if var in counted:
            width = max(1, (size - 1).bit_length())
            bits[var] = [f"p{var}_{b}" for b in range(width)]
            manager.declare(*bits[var])
    below: list[Any] = [manager.true]
    for i in range(len(mdd.layers) - 1, -1, -1):
        layer, var = mdd.layers[i], mdd.order[i]
        mask = allowed[var]
        nodes = [manager.false] * layer.nodes
        for src, value, dst in zip(layer.src.tolist(), layer.value.tolist(), layer.dst.tolist(), strict=True):
            if mask is not None and not mask[value]:
                continue
            child = below[dst]
            if var in bits:
                child = child & _cube(manager, bits[var], value)
            nodes[src] = nodes[src] | child
        below = nodes
    root = below[0]
    if root == manager.false or not bits:
        return 0 if root == manager.false else 1
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
