"""Why a selection is impossible: a minimal set of choices and rules that cannot hold together.

The SAT solver (Glucose through python-sat) is asked under assumptions: the context and the date (always kept), each
choice's value literal, and each constraint's activation literal. When no configuration
exists, the solver's core names a subset of choices and constraints; dropping members one by
one while the rest stays impossible shrinks it to an irreducible set: take away any one
choice or rule and the others can hold.
"""

from __future__ import annotations

from dataclasses import dataclass

from pysat.solvers import Solver

from app.engine.cnf import Cnf
from app.engine.limits import CONFLICTS
from app.errors import TailorError

SOLVER = "glucose4"
"""Glucose follows the phases it is given (the search method steers it to unseen values): on
automotive01 all valid values take 0.36 s with it, 1.6 s with CaDiCaL 1.9.5 and 0.57 s with MiniSat."""


@dataclass(frozen=True)
class Conflict:
    """Variables whose chosen values conflict, and the constraints (by index) that make them."""

    choices: tuple[int, ...]
    constraints: tuple[int, ...]


class SolverBudgetError(TailorError):
    """A solver call spent its budget of conflicts without an answer."""


def solve(solver: Solver, assumptions: list[int], conflicts: int) -> bool:
    """Whether the clauses hold under `assumptions`, within `conflicts` conflicts (else `SolverBudgetError`)."""
    solver.conf_budget(conflicts)
    found = solver.solve_limited(assumptions=assumptions)
    if found is None:
        raise SolverBudgetError("a solver call ran past {conflicts:,} conflicts", conflicts=conflicts)
    return bool(found)


class ConflictFinder:
    """One incremental solver per compiled product, reused for every question."""

    def __init__(self, cnf: Cnf, structural: frozenset[int] = frozenset()) -> None:
        self.cnf = cnf
        self.solver = Solver(name=SOLVER, bootstrap_with=cnf.clauses)
        self._owner: dict[int, tuple[str, int]] = {lit: ("constraint", i) for i, lit in enumerate(cnf.activation)}
        self._structural = [lit for i, lit in enumerate(cnf.activation) if i in structural]
        """The activation of the constraints no rule states (many-of counts, dates): they always hold."""

    def close(self) -> None:
        """Free the solver."""
        self.solver.delete()

    def feasible(self, fixed: dict[int, int], hard: dict[int, int], conflicts: int = CONFLICTS) -> bool:
        """Whether some configuration keeps every fixed and hard value with every constraint on."""
        return solve(self.solver, self._lits(hard) + self._lits(fixed) + self.cnf.activation, conflicts)

    def explain(self, fixed: dict[int, int], hard: dict[int, int], conflicts: int = CONFLICTS) -> Conflict | None:
        """An irreducible conflict among the fixed values and the constraints, or None if feasible.

        The choices and rules are made irreducible with the structural constraints always on (they hold in
        every configuration, so dropping one is no way out); then the structural constraints that set
        takes are added, each one needed (a many-of count the choices pass is part of the reason)."""
        base = self._lits(hard)
        owner = dict(self._owner)
        owner.update({self.cnf.value_lit[var][pos]: ("choice", var) for var, pos in fixed.items()})
        structural = set(self._structural)
        candidates = self._lits(fixed) + [lit for lit in self.cnf.activation if lit not in structural]
        if solve(self.solver, base + self._structural + candidates, conflicts):
            return None
        core = [lit for lit in (self.solver.get_core() or []) if lit in owner and lit not in structural]
        kept = self._irreducible(base + self._structural, core, owner, conflicts)
        if solve(self.solver, base + kept, conflicts):  # the structure is part of the reason
            kept += self._irreducible(base + kept, self._structural, owner, conflicts)
        choices = sorted(owner[lit][1] for lit in kept if owner[lit][0] == "choice")
        constraints = sorted(owner[lit][1] for lit in kept if owner[lit][0] == "constraint")
        return Conflict(tuple(choices), tuple(constraints))

    def _irreducible(self, base: list[int], core: list[int], owner: dict[int, tuple[str, int]],
                     conflicts: int) -> list[int]:  # fmt: skip
        """The literals of `core` that stay needed, by deletion: `base` + them is infeasible, and without
        any one of them it is feasible."""
        kept: list[int] = []
        pending = list(core)
        while pending:
            trial = pending.pop()
            if solve(self.solver, base + kept + pending, conflicts):
                kept.append(trial)
            else:
                smaller = set(self.solver.get_core() or [])
                pending = [lit for lit in pending if lit in smaller]
                kept = [lit for lit in kept if lit in smaller or lit not in owner]
        return kept

    def _lits(self, values: dict[int, int]) -> list[int]:
        return [self.cnf.value_lit[var][pos] for var, pos in values.items()]
