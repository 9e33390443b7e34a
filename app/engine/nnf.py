"""Reading d4's NNF text into a `Circuit`: node and edge lines, heights, and the value literals kept.

d4 writes "o|a|t|f ID 0" node lines and "SRC DST LIT... 0" edge lines. Edges are sorted by the
height of their source so the circuit's passes run level by level; only literals that set a
value of a catalog variable are kept (the passes ignore helper variables, see `circuit`).
"""

from __future__ import annotations

import numpy as np

from app.engine.circuit import KINDS, Circuit, CircuitError, IntArray
from app.engine.cnf import Cnf


def parse_nnf(text: str, cnf: Cnf, domain_sizes: list[int]) -> Circuit:
    """The circuit of d4's NNF text ("o|a|t|f ID 0" node lines, "SRC DST LIT... 0" edge lines)."""
    kinds: dict[int, int] = {}
    edge_lines: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        head = line[:1]
        if head in KINDS:
            parts = line.split()
            if len(parts) != 3 or not parts[1].isdigit():
                raise CircuitError("circuit line {number}: not a node: {line!r}", number=number, line=line)
            kinds[int(parts[1])] = KINDS[head]
        elif head.isdigit():
            if not line.rstrip().endswith(" 0"):
                raise CircuitError("circuit line {number}: an edge must end with 0: {line!r}", number=number, line=line)
            edge_lines.append(line)
        elif line.strip() and head != "c":
            raise CircuitError("circuit line {number}: not a node or an edge: {line!r}", number=number, line=line)
    if 1 not in kinds:
        raise CircuitError("circuit has no root node")
    try:
        tokens = np.array(" ".join(edge_lines).split(), dtype=np.int64)
    except ValueError as error:
        raise CircuitError("circuit edges: {error}", error=error) from error
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
            raise CircuitError(
                "circuit edges name nodes it does not declare: {nodes}", nodes=asked[missing][:5].tolist()
            )
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
