"""The search-based method, for catalogs whose diagram runs past the compile budget.

The same questions as the diagram, answered with an incremental SAT solver (CaDiCaL) under
assumptions. Valid values: one solve per value not yet seen in an earlier solution, so every
solution found marks all of its values valid at once; the free attributes share one set of
assumptions and each chosen attribute is asked with every other choice kept. Counts enumerate
solutions with blocking clauses over the variables counted. Every question has a deadline:
past it the answer says it is narrowed (values not decided, a count that is only a lower
bound) instead of running on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from app.engine.cnf import Cnf
from app.engine.conflicts import ConflictFinder
from app.engine.mdd import Allowed, BoolArray


@dataclass(frozen=True)
class SearchValues:
    """Per variable, values known valid; `undecided` lists values the deadline left open."""

    masks: dict[int, BoolArray]
    undecided: dict[int, frozenset[int]]

    @property
    def narrowed(self) -> bool:
        """True when the deadline left some value undecided."""
        return any(self.undecided.values())


@dataclass(frozen=True)
class SearchCount:
    """A count: exact, or (when `exact` is False) a lower bound reached by the deadline."""

    count: int
    exact: bool


def fixed_values(allowed: Allowed) -> dict[int, list[int]]:
    """Per constrained variable, its allowed value positions."""
    return {var: np.flatnonzero(mask).tolist() for var, mask in enumerate(allowed) if mask is not None}


class SearchMethod:
    """The SAT side of one product: valid values, counts and feasibility, each with a deadline."""

    def __init__(self, cnf: Cnf, domain_sizes: list[int]) -> None:
        self.cnf = cnf
        self.finder = ConflictFinder(cnf)
        self.domain_sizes = domain_sizes

    def close(self) -> None:
        """Free the solver."""
        self.finder.close()

    def _assumptions(self, fixed: dict[int, list[int]], skip: int | None = None) -> list[int]:
        """Every constraint on, and each masked variable (but `skip`) kept off its disallowed values."""
        units: list[int] = []
        for var, positions in fixed.items():
            if var == skip:
                continue
            if len(positions) == 1:
                units.append(self.cnf.value_lit[var][positions[0]])
            else:
                blocked = set(range(self.domain_sizes[var])) - set(positions)
                units.extend(-self.cnf.value_lit[var][p] for p in sorted(blocked))
        return units + list(self.cnf.activation)

    def _model(self, assumptions: list[int]) -> set[int] | None:
        solver = self.finder.solver
        if not solver.solve(assumptions=assumptions):
            return None
        return {lit for lit in (solver.get_model() or []) if lit > 0}

    def feasible(self, allowed: Allowed) -> bool:
        """Whether some configuration keeps every mask."""
        assumptions = self._assumptions(fixed_values(allowed))
        return self._model(assumptions) is not None

    def valid_values(self, allowed: Allowed, seconds: float) -> SearchValues:
        """Per variable, the values some valid configuration has, keeping the other variables' masks."""
        deadline = time.monotonic() + seconds
        fixed = fixed_values(allowed)
        masks = {var: np.zeros(size, dtype=bool) for var, size in enumerate(self.domain_sizes)}
        undecided: dict[int, frozenset[int]] = {}
        free = [var for var in range(len(self.domain_sizes)) if var not in fixed]
        groups: list[tuple[int | None, list[int]]] = [(None, free)] + [(var, [var]) for var in fixed]
        for skip, variables in groups:
            assumptions = self._assumptions(fixed, skip)
            seen = {var: np.zeros(self.domain_sizes[var], dtype=bool) for var in variables}
            for var in variables:
                for position in range(self.domain_sizes[var]):
                    if seen[var][position]:
                        continue
                    if time.monotonic() > deadline:
                        undecided[var] = undecided.get(var, frozenset()) | {position}
                        continue
                    model = self._model([*assumptions, self.cnf.value_lit[var][position]])
                    if model is None:
                        continue
                    for other in variables:
                        lits = self.cnf.value_lit[other]
                        for p, lit in enumerate(lits):
                            if lit in model:
                                seen[other][p] = True
            for var in variables:
                masks[var] = seen[var]
        return SearchValues(masks, undecided)

    def count(self, allowed: Allowed, counted: list[int], seconds: float) -> SearchCount:
        """The number of distinct valid combinations of the `counted` variables, by enumeration."""
        deadline = time.monotonic() + seconds
        assumptions = self._assumptions(fixed_values(allowed))
        selector = int(self.finder.solver.nof_vars()) + 1
        solver = self.finder.solver
        found = 0
        exact = True
        while True:
            if time.monotonic() > deadline:
                exact = False
                break
            model = self._model([*assumptions, selector])
            if model is None:
                break
            found += 1
            block = [-lit for var in counted for lit in self.cnf.value_lit[var] if lit in model]
            solver.add_clause([-selector, *block])
        solver.add_clause([-selector])
        return SearchCount(found, exact)
