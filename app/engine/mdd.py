"""A layered multi-valued decision diagram in numpy arrays, exported from the compiled BDD.

Layer i holds the diagram's nodes where variable `order[i]` is decided (the order the BDD
ended in after reordering); an edge (src, value, dst) says "at node src, value position
`value` of that variable leads to node dst of layer i + 1". Masks and answers are indexed by
problem variable, whatever the layer order.
Only edges that can still reach the true terminal are kept, so a node is alive exactly
when it has an outgoing edge. With that, every question behind a click is two passes:
nodes reachable from the root under the selection (forward) and nodes that reach the end
under the selection (backward); a value is valid when an edge carrying it joins the two.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from app.engine.bdd import Function

IntArray = NDArray[np.int32]
BoolArray = NDArray[np.bool_]
Allowed = Sequence[BoolArray | None]
"""Per problem variable: a mask of allowed value positions, or None when the variable is free."""


@dataclass
class Layer:
    """The edges of one layer and its node count."""

    nodes: int
    src: IntArray
    value: IntArray
    dst: IntArray


class Mdd:
    """The compiled catalog: layer i decides variable `order[i]`; node 0 of layer 0 is the root."""

    def __init__(self, layers: list[Layer], order: list[int], domain_sizes: list[int], empty: bool = False) -> None:
        self.layers = layers
        self.order = order
        self.domain_sizes = domain_sizes
        """Per layer, the domain size of its variable."""
        self.empty = empty or (bool(layers) and len(layers[0].src) == 0)
        self._small: bool | None = None
        """No configuration at all (a diagram without layers is the constant true unless this is set)."""

    @property
    def size(self) -> int:
        """Number of nodes in all layers."""
        return sum(layer.nodes for layer in self.layers)

    @property
    def edges(self) -> int:
        """Number of edges in all layers."""
        return sum(len(layer.src) for layer in self.layers)

    def is_empty(self) -> bool:
        """True when no configuration at all is valid."""
        return self.empty

    def _edge_ok(self, index: int, allowed: Allowed) -> BoolArray | None:
        mask = allowed[self.order[index]]
        return None if mask is None else mask[self.layers[index].value]

    def forward(self, allowed: Allowed) -> list[BoolArray]:
        """Per layer, the nodes reachable from the root through allowed values of earlier layers."""
        reach = [np.zeros(layer.nodes, dtype=bool) for layer in self.layers]
        reach.append(np.zeros(1, dtype=bool))
        if self.is_empty():
            return reach
        reach[0][0] = True
        for i, layer in enumerate(self.layers):
            ok = reach[i][layer.src]
            edge_ok = self._edge_ok(i, allowed)
            if edge_ok is not None:
                ok &= edge_ok
            reach[i + 1][layer.dst[ok]] = True
        return reach

    def backward(self, allowed: Allowed) -> list[BoolArray]:
        """Per layer, the nodes that reach the true terminal through allowed values of later layers."""
        alive = [np.zeros(layer.nodes, dtype=bool) for layer in self.layers]
        alive.append(np.ones(1, dtype=bool))
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            ok = alive[i + 1][layer.dst]
            edge_ok = self._edge_ok(i, allowed)
            if edge_ok is not None:
                ok &= edge_ok
            alive[i][layer.src[ok]] = True
        return alive

    def valid_values(self, allowed: Allowed) -> dict[int, BoolArray]:
        """Per variable, the values that some valid configuration has, given the other variables' masks."""
        return self._joined(self.forward(allowed), self.backward(allowed))

    def count(self, allowed: Allowed) -> int:
        """The exact number of valid configurations within the masks (Python integers, no overflow)."""
        return self._counts(allowed)[0]

    def count_and_valid_values(self, allowed: Allowed) -> tuple[int, dict[int, BoolArray]]:
        """`count` and `valid_values` together: the counting pass is also the backward pass."""
        total, below = self._counts(allowed)
        return total, self._joined(self.forward(allowed), [counts > 0 for counts in below])

    def _joined(self, reach: list[BoolArray], alive: list[BoolArray]) -> dict[int, BoolArray]:
        """Per variable, the values on an edge from a reached node to a live one."""
        result = {}
        for i, layer in enumerate(self.layers):
            ok = reach[i][layer.src] & alive[i + 1][layer.dst]
            mask = np.zeros(self.domain_sizes[i], dtype=bool)
            mask[layer.value[ok]] = True
            result[self.order[i]] = mask
        return result

    def _counts(self, allowed: Allowed) -> tuple[int, list[NDArray[Any]]]:
        """The count, and per layer the number of ways each node reaches the end within the masks.

        Counts fit in int64 when the unmasked total does (masks only remove paths); past 2^62 the
        pass runs on Python integers in object arrays.
        """
        if self.empty:
            return 0, [np.zeros(layer.nodes, dtype=np.int64) for layer in self.layers] + [np.zeros(1, np.int64)]
        if self._small is None:
            self._small = self._pass([None] * (max(self.order, default=-1) + 1), object)[0] < 2**62
        return self._pass(allowed, np.int64 if self._small else object)

    def _pass(self, allowed: Allowed, dtype: Any) -> tuple[int, list[NDArray[Any]]]:
        below: NDArray[Any] = np.ones(1, dtype=dtype)
        per_layer = [below]
        for i in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[i]
            counts: NDArray[Any] = np.zeros(layer.nodes, dtype=dtype)
            edge_ok = self._edge_ok(i, allowed)
            src, dst = (layer.src, layer.dst) if edge_ok is None else (layer.src[edge_ok], layer.dst[edge_ok])
            np.add.at(counts, src, below[dst])
            below = counts
            per_layer.append(below)
        per_layer.reverse()
        return (int(below[0]) if len(below) else 0), per_layer

    def arrays(self, prefix: str = "") -> dict[str, NDArray[np.int32]]:
        """The diagram as named integer arrays (for `np.savez`)."""
        arrays = {
            f"{prefix}domains": np.array(self.domain_sizes, dtype=np.int32),
            f"{prefix}order": np.array(self.order, dtype=np.int32),
            f"{prefix}nodes": np.array([layer.nodes for layer in self.layers], dtype=np.int32),
            f"{prefix}empty": np.array([int(self.empty)], dtype=np.int32),
        }
        for i, layer in enumerate(self.layers):
            arrays[f"{prefix}src{i}"], arrays[f"{prefix}value{i}"] = layer.src, layer.value
            arrays[f"{prefix}dst{i}"] = layer.dst
        return arrays

    @classmethod
    def from_arrays(cls, data: Mapping[str, NDArray[np.int32]], prefix: str = "") -> Mdd:
        """The diagram `arrays(prefix)` wrote."""
        nodes = data[f"{prefix}nodes"].tolist()
        layers = [
            Layer(nodes[i], data[f"{prefix}src{i}"], data[f"{prefix}value{i}"], data[f"{prefix}dst{i}"])
            for i in range(len(nodes))
        ]
        empty = bool(data[f"{prefix}empty"][0])
        return cls(layers, data[f"{prefix}order"].tolist(), data[f"{prefix}domains"].tolist(), empty)

    def save(self, path: Path) -> None:
        """Write the diagram to an `.npz` file."""
        np.savez(path, **self.arrays())  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path) -> Mdd:
        """Read a diagram written by `save`."""
        with np.load(path) as data:
            return cls.from_arrays(dict(data))


def export(root: Function, order: list[int], bits: list[list[str]], domain_sizes: list[int]) -> Mdd:
    """Turn the compiled BDD into layers of value edges, following complement edges by hand.

    `order` lists the variables to export in the BDD's level order; `bits[var]` are a variable's
    BDD variable names, most significant first, and `domain_sizes[var]` its domain size.
    """
    manager = root.bdd
    false = manager.false
    frontier: dict[int, tuple[int, Function]] = {} if root == false else {int(root): (0, root)}
    layers: list[Layer] = []
    for var in order:
        names = bits[var]
        width = len(names)
        walk = sorted(((manager.level_of_var(name), width - 1 - b, name) for b, name in enumerate(names)))
        steps = [(shift, name) for _, shift, name in walk]
        next_frontier: dict[int, tuple[int, Function]] = {}
        src: list[int] = []
        value: list[int] = []
        dst: list[int] = []
        for node_index, function in frontier.values():
            for position in range(domain_sizes[var]):
                child = _follow(function, steps, position)
                if child == false:
                    continue
                key = int(child)
                if key not in next_frontier:
                    next_frontier[key] = (len(next_frontier), child)
                src.append(node_index)
                value.append(position)
                dst.append(next_frontier[key][0])
        layers.append(Layer(len(frontier), _array(src), _array(value), _array(dst)))
        frontier = next_frontier
    return Mdd(layers, list(order), [domain_sizes[var] for var in order], empty=root == false)


def _follow(function: Function, steps: list[tuple[int, str]], position: int) -> Function:
    node = function
    for shift, name in steps:
        if node.var != name:
            continue
        child = node.high if (position >> shift) & 1 else node.low
        node = ~child if node.negated else child
    return node


def _array(values: list[int]) -> IntArray:
    return np.array(values, dtype=np.int32)
