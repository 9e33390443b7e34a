"""The search-based method, for catalogs whose diagram runs past the compile budget.

The same questions as the diagram, answered with an incremental SAT solver (Glucose) under
assumptions. Valid values: one solve per value not yet seen in an earlier solution, with the
solver's phases steered to the values not seen yet, so every solution found marks as many new
values valid as it can; the free attributes share one set of
assumptions and each chosen attribute is asked with every other choice kept. Counts enumerate
solutions with blocking clauses over the variables counted, in a solver of their own. Every question has a deadline:
past it the answer says it is narrowed (values not decided, a count that is only a lower
bound) instead of running on.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from pysat.solvers import Solver

from app.engine.cnf import Cnf
from app.engine.conflicts import SOLVER, ConflictFinder
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
            lits = np.array([lit for var in variables for lit in self.cnf.value_lit[var]], dtype=np.int64)
            seen = np.zeros(len(lits), dtype=bool)
            asked = np.zeros(len(lits), dtype=bool)
            for k in range(len(lits)):
                if seen[k]:
                    continue
                if time.monotonic() > deadline:
                    break
                asked[k] = True
                self.finder.solver.set_phases(lits[~seen].tolist())
                if self.finder.solver.solve(assumptions=[*assumptions, int(lits[k])]):
                    model = np.array(self.finder.solver.get_model(), dtype=np.int64)
                    seen |= model[lits - 1] > 0
            start = 0
            for var in variables:
                size = self.domain_sizes[var]
                masks[var] = seen[start : start + size].copy()
                left = frozenset(np.flatnonzero(~seen[start : start + size] & ~asked[start : start + size]).tolist())
                if left:
                    undecided[var] = left
                start += size
        return SearchValues(masks, undecided)

    def count(self, allowed: Allowed, counted: list[int], seconds: float) -> SearchCount:
        """The number of distinct valid combinations of the `counted` variables, by enumeration."""
        deadline = time.monotonic() + seconds
        assumptions = self._assumptions(fixed_values(allowed))
        counted_lits = np.array([lit for var in counted for lit in self.cnf.value_lit[var]], dtype=np.int64)
        found = 0
        exact = True
        with Solver(name=SOLVER, bootstrap_with=self.cnf.clauses) as solver:
            while True:
                if time.monotonic() > deadline:
                    exact = False
                    break
                if not solver.solve(assumptions=assumptions):
                    break
                found += 1
                model = np.array(solver.get_model(), dtype=np.int64)
                solver.add_clause((-counted_lits[model[counted_lits - 1] > 0]).tolist())
        return SearchCount(found, exact)
