"""The search-based method, for catalogs whose diagram runs past the compile budget.

The same questions as the diagram, answered with an incremental SAT solver (Glucose) under
assumptions. Valid values: one solve per value not yet seen in an earlier solution, with the
solver's phases steered to the values not seen yet, so every solution found marks as many new
values valid as it can; the free attributes share one set of
assumptions and each chosen attribute is asked with every other choice kept. Counts enumerate
solutions with blocking clauses over the variables counted, in a solver of their own. Work
budgets (conflicts per solver call, solutions per count) decide where an answer stops, so it
is the same on any machine; the clock of the question is only a safety net. Either way the
answer says it is narrowed (values not decided, a count that is only a lower bound) and which
limit did it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from pysat.solvers import Solver

from app.engine.cnf import Cnf
from app.engine.conflicts import SOLVER, ConflictFinder, SolverBudgetError, solve
from app.engine.limits import Clock
from app.engine.mdd import Allowed, BoolArray


@dataclass(frozen=True)
class SearchValues:
    """Per variable, values known valid; `undecided` lists values a limit left open.

    `cut_short` is True when the clock (not the work budget) left some of them open.
    """

    masks: dict[int, BoolArray]
    undecided: dict[int, frozenset[int]]
    cut_short: bool = False

    @property
    def narrowed(self) -> bool:
        """True when a limit left some value undecided."""
        return any(self.undecided.values())


@dataclass(frozen=True)
class SearchCount:
    """A count: exact, or (when `exact` is False) a lower bound; `cut_short` when the clock ended it."""

    count: int
    exact: bool
    cut_short: bool = False


def fixed_values(allowed: Allowed) -> dict[int, list[int]]:
    """Per constrained variable, its allowed value positions."""
    return {var: np.flatnonzero(mask).tolist() for var, mask in enumerate(allowed) if mask is not None}


class SatSearch:
    """The SAT side of one product: valid values, counts and feasibility, each within its budgets."""

    def __init__(self, cnf: Cnf, domain_sizes: list[int], structural: frozenset[int] = frozenset()) -> None:
        self.cnf = cnf
        self.finder = ConflictFinder(cnf, structural)
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

    def feasible(self, allowed: Allowed, conflicts: int) -> bool | None:
        """Whether some configuration keeps every mask (None when the solver call spent its conflicts)."""
        try:
            return solve(self.finder.solver, self._assumptions(fixed_values(allowed)), conflicts)
        except SolverBudgetError:
            return None

    def valid_values(self, allowed: Allowed, conflicts: int, clock: Clock) -> SearchValues:
        """Per variable, the values some valid configuration has, keeping the other variables' masks.

        Each value not yet seen is one solver call of at most `conflicts` conflicts; a value whose
        call spends them, and every value left when the clock runs out, is undecided.
        """
        fixed = fixed_values(allowed)
        masks = {var: np.zeros(size, dtype=bool) for var, size in enumerate(self.domain_sizes)}
        undecided: dict[int, frozenset[int]] = {}
        free = [var for var in range(len(self.domain_sizes)) if var not in fixed]
        groups: list[tuple[int | None, list[int]]] = [(None, free)] + [(var, [var]) for var in fixed]
        cut_short = False
        for skip, variables in groups:
            lits = np.array([lit for var in variables for lit in self.cnf.value_lit[var]], dtype=np.int64)
            seen = np.zeros(len(lits), dtype=bool)
            asked = np.zeros(len(lits), dtype=bool)
            if not cut_short:
                cut_short = self._probe(self._assumptions(fixed, skip), lits, seen, asked, conflicts, clock)
            start = 0
            for var in variables:
                size = self.domain_sizes[var]
                masks[var] = seen[start : start + size].copy()
                left = frozenset(np.flatnonzero(~seen[start : start + size] & ~asked[start : start + size]).tolist())
                if left:
                    undecided[var] = left
                start += size
        return SearchValues(masks, undecided, cut_short)

    def _probe(
        self,
        assumptions: list[int],
        lits: NDArray[np.int64],
        seen: BoolArray,
        asked: BoolArray,
        conflicts: int,
        clock: Clock,
    ) -> bool:
        """Mark in `seen` the literals some model has, one solver call per literal not seen yet; True if cut short."""
        solver = self.finder.solver
        for k in range(len(lits)):
            if seen[k]:
                continue
            if clock.expired():
                return True
            solver.set_phases(lits[~seen].tolist())
            try:
                found = solve(solver, [*assumptions, int(lits[k])], conflicts)
            except SolverBudgetError:
                continue  # left undecided: not seen, not asked
            asked[k] = True
            if found:
                model = np.array(solver.get_model(), dtype=np.int64)
                seen |= model[lits - 1] > 0
        return False

    def count(self, allowed: Allowed, counted: list[int], solutions: int, conflicts: int, clock: Clock) -> SearchCount:
        """The number of distinct valid combinations of the `counted` variables, by enumeration.

        Exact when the enumeration ends within `solutions` solutions (each found within `conflicts`
        conflicts, in a fresh solver, so the outcome depends on the question alone); else a lower bound.
        """
        assumptions = self._assumptions(fixed_values(allowed))
        counted_lits = np.array([lit for var in counted for lit in self.cnf.value_lit[var]], dtype=np.int64)
        found = 0
        with Solver(name=SOLVER, bootstrap_with=self.cnf.clauses) as solver:
            while True:
                if clock.expired():
                    return SearchCount(found, False, cut_short=True)
                try:
                    if not solve(solver, assumptions, conflicts):
                        return SearchCount(found, True)
                except SolverBudgetError:
                    return SearchCount(found, False)
                if found == solutions:
                    return SearchCount(found + 1, False)  # one more than the budget exists
                found += 1
                model = np.array(solver.get_model(), dtype=np.int64)
                solver.add_clause((-counted_lits[model[counted_lits - 1] > 0]).tolist())
