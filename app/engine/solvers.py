"""The solvers every method leans on: SAT for conflicts (and everything, for search), CP-SAT per period."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.engine.cnf import CnfEncoder
from app.engine.mdd import Mdd
from app.engine.optimize import Optimizer
from app.engine.periods import period_index
from app.engine.problem import Problem
from app.engine.search import SatSearch


class Solvers:
    """The SAT solver (conflicts for every method) and one CP-SAT model per period, built on first use."""

    def __init__(self, problem: Problem, locals_: Sequence[Mdd], diagrams: Sequence[Mdd]) -> None:
        self.problem = problem
        self._locals = list(locals_)
        self._diagrams = list(diagrams)
        self._search: SatSearch | None = None
        self._optimizers: dict[int, Optimizer] = {}

    @property
    def search(self) -> SatSearch:
        """The SAT side, on the constraints' local diagrams."""
        if self._search is None:
            sizes = [len(variable.values) for variable in self.problem.variables]
            structural = frozenset(i for i, c in enumerate(self.problem.constraints) if c.rule is None)
            self._search = SatSearch(CnfEncoder(self.problem, self._locals).encode(), sizes, structural)
        return self._search

    def optimizer(self, on: date) -> Optimizer:
        """The CP-SAT model of the period `on` falls in."""
        period = period_index(self.problem.periods, on)
        if period not in self._optimizers:
            self._optimizers[period] = Optimizer(self.problem, on, self._diagrams)
        return self._optimizers[period]

    def close(self) -> None:
        """Free the SAT solver."""
        if self._search is not None:
            self._search.close()
