"""Candidate pairs of duplicate records and the clusters they join (connected components)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CandidatePair:
    """Two records that may be one person: `probability` in [0, 1], `match_weight` in bits (log2 odds).

    In a dedupe `left_id < right_id`; in a link `left_id` is from `records` and `right_id` from `link_with`.
    """

    left_id: str
    right_id: str
    probability: float
    match_weight: float


def clusters(pairs: Iterable[CandidatePair], threshold: float = 0.9) -> list[frozenset[str]]:
    """Groups of ids joined by pairs with probability >= `threshold` (connected components), largest first.

    Ids are one namespace: in a link of two sources, ids that occur in both are taken as one record.
    """
    parent: dict[str, str] = {}

    def root(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for pair in pairs:
        if pair.probability >= threshold:
            parent[root(pair.left_id)] = root(pair.right_id)
    groups: dict[str, set[str]] = {}
    for node in parent:
        groups.setdefault(root(node), set()).add(node)
    return sorted((frozenset(group) for group in groups.values()), key=lambda g: (-len(g), min(g)))
