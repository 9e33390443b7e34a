"""A compiled circuit for catalogs whose decision diagram runs past its budget.

Some catalogs (automotive01: 2,500 features) have no decision diagram of reasonable size in
any variable order, but the d4 compiler turns their clauses into a decision-DNNF circuit of
ten thousand nodes in a few seconds. A circuit has OR nodes whose branches exclude each
other, AND nodes whose parts share no variable, and edges that set literals on the way.

The clauses handed to d4 (`cnf.CnfEncoder`) give every helper variable exactly one value per
configuration (exactly-one by a ladder, each diagram node equivalent to its paths below), so
each model of the clauses is one configuration and every term of the circuit names every
value literal. With that, a click is two passes over the circuit, like the diagram's:
bottom-up, which nodes can still be satisfied when the masked-out values are blocked; top
down, which edges lie on a satisfying term; a value is valid when an edge on such a term
sets it (its own mask aside: a chosen attribute shows what it could switch to). Counting is
the same bottom-up pass with Python integers (sums at OR, products at AND). d4's output is read
by `nnf.parse_nnf`; the compile runs in a child process (`d4.compile_circuit`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from app.engine.mdd import Allowed, BoolArray
from app.errors import TailorError

IntArray = NDArray[np.int64]
OR, AND, TRUE, FALSE = 0, 1, 2, 3
KINDS = {"o": OR, "a": AND, "t": TRUE, "f": FALSE}


class CircuitError(TailorError):
    """The compile failed, ran past its limits, or gave a circuit these passes cannot use."""


@dataclass
class Circuit:
    """Nodes by `kind`, edges (src -> dst) sorted by the height of src, each with its literals.

    `lits[lit_start[e]:lit_start[e + 1]]` are edge e's literals, shifted by `offset` (so index
    `offset` is "no literal", never blocked); `value_lits` lists the shifted literal of every
    (variable, value position), variable by variable.
    """

    kind: NDArray[np.int8]
    src: IntArray
    dst: IntArray
    lit_start: IntArray
    lits: IntArray
    level_start: IntArray
    """Edges of height h are `level_start[h - 1]:level_start[h]` (height 0 nodes have no edges)."""
    value_lits: IntArray
    offset: int
    domain_sizes: list[int]

    def _flat(self, allowed: Allowed) -> BoolArray:
        """The masks end to end, in `value_lits` order (a free variable allows every value)."""
        parts = [
            np.ones(size, dtype=bool) if mask is None else mask
            for mask, size in zip(allowed, self.domain_sizes, strict=True)
        ]
        return np.concatenate(parts) if parts else np.zeros(0, dtype=bool)

    @property
    def nodes(self) -> int:
        """Number of nodes."""
        return len(self.kind)

    @property
    def edges(self) -> int:
        """Number of edges."""
        return len(self.src)

    def _blocked(self, allowed: Allowed) -> BoolArray:
        """Per shifted literal: True for a value literal whose value the masks leave out."""
        blocked = np.zeros(2 * self.offset + 1, dtype=bool)
        blocked[self.value_lits] = ~self._flat(allowed)
        return blocked

    def _blocked_lits(self, allowed: Allowed) -> tuple[BoolArray, IntArray]:
        """Per literal occurrence, whether the masks block it; per edge, how many of its literals they block."""
        occurrence = self._blocked(allowed)[self.lits]
        per_edge: IntArray = np.add.reduceat(occurrence.astype(np.int64), self.lit_start[:-1])
        return occurrence, per_edge

    @cached_property
    def _edge_of(self) -> IntArray:
        """Per literal occurrence, its edge."""
        return np.repeat(np.arange(self.edges, dtype=np.int64), np.diff(self.lit_start))

    @cached_property
    def _levels(self) -> list[tuple[int, int, IntArray, IntArray, BoolArray]]:
        """Per non-empty height, bottom-up: its edges `lo:hi`, where each source's run of edges starts
        (relative to `lo`), those sources, and which of them are AND nodes (the same for every pass)."""
        levels = []
        for h in range(1, len(self.level_start)):
            lo, hi = int(self.level_start[h - 1]), int(self.level_start[h])
            if lo == hi:
                continue
            src = self.src[lo:hi]
            starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
            heads = src[starts]
            levels.append((lo, hi, starts, heads, self.kind[heads] == AND))
        return levels

    def _satisfiable(self, bad: BoolArray) -> tuple[BoolArray, BoolArray]:
        """Per node, whether it can be satisfied; per edge, whether it can be taken."""
        sat = self.kind == TRUE
        sat |= self.kind == AND
        ok = np.zeros(self.edges, dtype=bool)
        for lo, hi, starts, heads, is_and in self._levels:
            edge_ok = ~bad[lo:hi] & sat[self.dst[lo:hi]]
            ok[lo:hi] = edge_ok
            any_ok = np.logical_or.reduceat(edge_ok, starts)
            all_ok = np.logical_and.reduceat(edge_ok, starts)
            sat[heads] = np.where(is_and, all_ok, any_ok)
        return sat, ok

    def valid_values(self, allowed: Allowed) -> dict[int, BoolArray]:
        """Per variable, the values some configuration has, keeping the other variables' masks.

        As with the diagram, a variable's own mask is not applied to it: for a chosen attribute
        these are the options it could switch to. A variable's literal sits on an edge whose
        context above and sub-circuit below never mention that variable again (d4 assigns a
        variable once per path; AND parts share none), so only the edge itself sees its mask.
        """
        return self._valid(*self._blocked_lits(allowed))

    def _valid(self, occurrence: BoolArray, blocked: IntArray) -> dict[int, BoolArray]:
        bad = blocked > 0
        sat, ok = self._satisfiable(bad)
        not_ok = np.bincount(self.src, weights=~ok, minlength=self.nodes)
        is_and = self.kind[self.src] == AND
        siblings_ok = ~is_and | (not_ok[self.src] - ~ok == 0)
        context = np.zeros(self.nodes, dtype=bool)
        context[0] = True
        for lo, hi, *_ in reversed(self._levels):
            passes = context[self.src[lo:hi]] & ~bad[lo:hi] & siblings_ok[lo:hi]
            context[self.dst[lo:hi][passes]] = True
        edge = self._edge_of
        on = context[self.src[edge]] & sat[self.dst[edge]] & siblings_ok[edge]
        on &= blocked[edge] - occurrence == 0
        valid = np.zeros(2 * self.offset + 1, dtype=bool)
        valid[self.lits[on]] = True
        flat = valid[self.value_lits]
        bounds = np.cumsum(self.domain_sizes)[:-1]
        return dict(enumerate(np.split(flat, bounds)))

    def count(self, allowed: Allowed) -> int:
        """The number of configurations keeping the masks, exactly."""
        return self._count(self._blocked_lits(allowed)[1] > 0)

    def count_and_valid_values(self, allowed: Allowed) -> tuple[int, dict[int, BoolArray]]:
        """`count` and `valid_values` with one look at the masks."""
        occurrence, blocked = self._blocked_lits(allowed)
        return self._count(blocked > 0), self._valid(occurrence, blocked)

    def _count(self, bad: BoolArray) -> int:
        """Level by level in Python integers (object arrays): sums at OR nodes, products at AND."""
        counts = np.zeros(self.nodes, dtype=object)
        counts[(self.kind == TRUE) | (self.kind == AND)] = 1
        for lo, hi, starts, heads, is_and in self._levels:
            values = np.where(bad[lo:hi], 0, counts[self.dst[lo:hi]])
            sums = np.add.reduceat(values, starts)
            products = np.multiply.reduceat(values, starts)
            counts[heads] = np.where(is_and, products, sums)
        return int(counts[0])

    @cached_property
    def _by_src(self) -> tuple[IntArray, IntArray]:
        """Edge indices ordered by source node, and those sources."""
        rank = np.argsort(self.src, kind="stable")
        return rank, self.src[rank]

    @cached_property
    def _flat_of_lit(self) -> IntArray:
        """Per shifted literal, its index in `value_lits` order (-1 for "no literal")."""
        flat = np.full(2 * self.offset + 1, -1, dtype=np.int64)
        flat[self.value_lits] = np.arange(len(self.value_lits))
        return flat

    def cheapest(self, costs: IntArray, infinite: int) -> tuple[int, dict[int, int]] | None:
        """The cheapest configuration when value k (in `value_lits` order) costs `costs[k]`.

        Costs of `infinite` or more forbid a value. Returns (total, variable -> value position),
        or None when every configuration takes a forbidden value. Bottom-up: an OR node costs
        its cheapest edge, an AND node the sum of its edges; top-down, the cheapest term.
        """
        flat = self._flat_of_lit[self.lits]
        occurrence = np.where(flat >= 0, costs[np.maximum(flat, 0)], 0)
        edge_inf = np.logical_or.reduceat(occurrence >= infinite, self.lit_start[:-1])
        edge_cost = np.add.reduceat(np.where(occurrence >= infinite, 0, occurrence), self.lit_start[:-1])
        total = np.where(self.kind == FALSE, infinite, 0).astype(np.int64)
        edge_total = np.zeros(self.edges, dtype=np.int64)
        for lo, hi, starts, heads, is_and in self._levels:
            below = total[self.dst[lo:hi]]
            inf = edge_inf[lo:hi] | (below >= infinite)
            edge_total[lo:hi] = np.where(inf, infinite, np.minimum(edge_cost[lo:hi] + below, infinite))
            lowest = np.minimum.reduceat(edge_total[lo:hi], starts)
            any_inf = np.logical_or.reduceat(edge_total[lo:hi] >= infinite, starts)
            summed = np.minimum(np.add.reduceat(np.where(inf, 0, edge_total[lo:hi]), starts), infinite)
            total[heads] = np.where(is_and, np.where(any_inf, infinite, summed), lowest)
        if total[0] >= infinite:
            return None
        return int(total[0]), self._term(edge_total)

    def _term(self, edge_total: IntArray) -> dict[int, int]:
        """The values of the cheapest term: cheapest edge at each OR node, every edge at AND nodes."""
        edge_rank, sorted_src = self._by_src
        chosen: list[int] = []
        stack = [0]
        seen: set[int] = set()
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            lo = int(np.searchsorted(sorted_src, node, side="left"))
            hi = int(np.searchsorted(sorted_src, node, side="right"))
            edges = edge_rank[lo:hi]
            if len(edges) == 0:
                continue
            if self.kind[node] == OR:
                edges = edges[[int(np.argmin(edge_total[edges]))]]
            chosen.extend(edges.tolist())
            stack.extend(self.dst[edges].tolist())
        term: dict[int, int] = {}
        bounds = np.cumsum([0, *self.domain_sizes])
        for edge in chosen:
            for lit in self.lits[self.lit_start[edge] : self.lit_start[edge + 1]].tolist():
                index = int(self._flat_of_lit[lit])
                if index >= 0:
                    var = int(np.searchsorted(bounds, index, side="right")) - 1
                    term[var] = index - int(bounds[var])
        return term

    def arrays(self, prefix: str) -> dict[str, NDArray[np.generic]]:
        """The circuit as named arrays (for the cache file)."""
        return {
            f"{prefix}kind": self.kind,
            f"{prefix}src": self.src,
            f"{prefix}dst": self.dst,
            f"{prefix}lit_start": self.lit_start,
            f"{prefix}lits": self.lits,
            f"{prefix}level_start": self.level_start,
            f"{prefix}value_lits": self.value_lits,
            f"{prefix}sizes": np.array([self.offset, *self.domain_sizes], dtype=np.int64),
        }

    @classmethod
    def from_arrays(cls, arrays: dict[str, NDArray[np.generic]], prefix: str) -> Circuit:
        """The circuit stored by `arrays`."""
        sizes = arrays[f"{prefix}sizes"].tolist()
        return cls(
            arrays[f"{prefix}kind"].astype(np.int8),
            arrays[f"{prefix}src"].astype(np.int64),
            arrays[f"{prefix}dst"].astype(np.int64),
            arrays[f"{prefix}lit_start"].astype(np.int64),
            arrays[f"{prefix}lits"].astype(np.int64),
            arrays[f"{prefix}level_start"].astype(np.int64),
            arrays[f"{prefix}value_lits"].astype(np.int64),
            int(sizes[0]),
            [int(size) for size in sizes[1:]],
        )
