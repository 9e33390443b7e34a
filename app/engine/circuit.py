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
the same bottom-up pass with Python integers (sums at OR, products at AND). The compile runs
in a child process with a memory limit, since d4 cannot be interrupted and on some catalogs
(Renault Megane, on plain clauses) grows without bound. The memory limit is the budget that
decides (d4 uses the same memory for the same clauses on any machine); the time limit is only
a safety net, and its error says it cut the compile short.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from app.engine.cnf import Cnf
from app.engine.mdd import Allowed, BoolArray

IntArray = NDArray[np.int64]
OR, AND, TRUE, FALSE = 0, 1, 2, 3
KINDS = {"o": OR, "a": AND, "t": TRUE, "f": FALSE}
MEMORY = 4 << 30
"""Bytes the compiling child process may use."""


class CircuitError(Exception):
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


def parse_nnf(text: str, cnf: Cnf, domain_sizes: list[int]) -> Circuit:
    """The circuit of d4's NNF text ("o|a|t|f ID 0" node lines, "SRC DST LIT... 0" edge lines)."""
    kinds: dict[int, int] = {}
    edge_lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        head = line[:1]
        if head in KINDS:
            parts = line.split()
            if len(parts) != 3 or not parts[1].isdigit():
                raise CircuitError(f"circuit line {number}: not a node: {line!r}")
            kinds[int(parts[1])] = KINDS[head]
        elif head.isdigit():
            if not line.rstrip().endswith(" 0"):
                raise CircuitError(f"circuit line {number}: an edge must end with 0: {line!r}")
            edge_lines.append(line)
        elif line.strip() and head != "c":
            raise CircuitError(f"circuit line {number}: not a node or an edge: {line!r}")
    if 1 not in kinds:
        raise CircuitError("circuit has no root node")
    try:
        tokens = np.array(" ".join(edge_lines).split(), dtype=np.int64)
    except ValueError as error:
        raise CircuitError(f"circuit edges: {error}") from error
    ends = np.flatnonzero(tokens == 0)
    starts = np.r_[0, ends[:-1] + 1].astype(np.int64) if len(ends) else np.zeros(0, dtype=np.int64)
    if len(ends) != len(edge_lines) or np.any(ends - starts < 2):
        raise CircuitError("circuit edges: each needs a source, a target and a closing 0")
    ids = np.array(sorted(kinds), dtype=np.int64)
    kind = np.array([kinds[node] for node in ids.tolist()], dtype=np.int8)
    parent_ids, child_ids = tokens[starts], tokens[starts + 1]
    parents, children = np.searchsorted(ids, parent_ids), np.searchsorted(ids, child_ids)
    for found, asked in ((parents, parent_ids), (children, child_ids)):
        missing = (found >= len(ids)) | (ids[np.minimum(found, len(ids) - 1)] != asked)
        if missing.any():
            raise CircuitError(f"circuit edges name nodes it does not declare: {asked[missing][:5].tolist()}")
    height = _heights(len(ids), parents, children)
    order = np.lexsort((parents, height[parents]))
    src, dst = parents[order], children[order]
    # Only value literals set true matter to the passes (see the module docstring): the rest are dropped.
    offset = cnf.top
    value_lits = np.array([lit + offset for row in cnf.value_lit for lit in row], dtype=np.int64)
    is_value = np.zeros(2 * offset + 1, dtype=bool)
    is_value[value_lits] = True
    is_lit = np.ones(len(tokens), dtype=bool)
    is_lit[starts] = is_lit[starts + 1] = is_lit[ends] = False
    positions = np.flatnonzero(is_lit)
    edge_of = np.searchsorted(ends, positions)
    shifted = tokens[positions] + offset
    if np.any((shifted < 0) | (shifted > 2 * offset)):
        raise CircuitError("circuit edges set literals of variables the clauses do not have")
    keep = is_value[shifted]
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    kept_edges, kept_lits = rank[edge_of[keep]], shifted[keep]
    # every edge gets one more "no literal" entry, so none is empty
    all_edges = np.r_[kept_edges, np.arange(len(order))]
    all_lits = np.r_[kept_lits, np.full(len(order), offset)]
    by_edge = np.argsort(all_edges, kind="stable")
    lits = all_lits[by_edge].astype(np.int64)
    lit_start = np.r_[0, np.cumsum(np.bincount(all_edges, minlength=len(order)))].astype(np.int64)
    levels = int(height.max()) if len(height) else 0
    level_start = np.searchsorted(height[src], np.arange(1, levels + 2), side="left").astype(np.int64)
    return Circuit(kind, src, dst, lit_start, lits, level_start, value_lits, offset, domain_sizes)


def _heights(nodes: int, parents: IntArray, children: IntArray) -> IntArray:
    """Per node, 0 for a leaf, else one more than its highest child: leaves peeled level by level."""
    height = np.full(nodes, -1, dtype=np.int64)
    remaining = np.bincount(parents, minlength=nodes)
    frontier = remaining == 0
    level = 0
    while frontier.any():
        height[frontier] = level
        into = frontier[children]
        remaining -= np.bincount(parents[into], minlength=nodes)
        frontier = (remaining == 0) & (height < 0)
        level += 1
    if np.any(height < 0):
        raise CircuitError("circuit has a cycle")
    return height


def compile_circuit(cnf: Cnf, domain_sizes: list[int], seconds: float, memory: int = MEMORY) -> Circuit:
    """Compile the clauses (every constraint on) with d4 in a child process; CircuitError past the limits."""
    with tempfile.TemporaryDirectory(prefix="tailor-d4-") as folder:
        source, target = Path(folder) / "problem.cnf", Path(folder) / "circuit.nnf"
        clauses = [*cnf.clauses, *([lit] for lit in cnf.activation)]
        with source.open("w") as stream:
            stream.write(f"p cnf {cnf.top} {len(clauses)}\n")
            stream.writelines(" ".join(map(str, clause)) + " 0\n" for clause in clauses)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "app.engine.circuit_child", str(source), str(target)],
                capture_output=True,
                timeout=seconds,
                preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory)),
                env={**os.environ, "PYTHONPATH": _root()},
                check=False,
            )
        except subprocess.TimeoutExpired as error:
            raise CircuitError(f"the circuit compile was cut short by its {seconds:g} s time limit") from error
        if done.returncode != 0 or not target.is_file():
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
            raise CircuitError(f"circuit compile failed: {detail[0]}")
        lines = target.read_text().split("\n", 1)
    expected = int(lines[0])
    circuit = parse_nnf(lines[1] if len(lines) > 1 else "", cnf, domain_sizes)
    if circuit.count([None] * len(domain_sizes)) != expected:
        raise CircuitError("circuit is not smooth over the value literals; its counts would be wrong")
    return circuit


def _root() -> str:
    return str(Path(__file__).resolve().parents[2])
