"""Why options are excluded and why a selection cannot hold: single rules first, else minimal conflicts.

A single rule's local diagram explains most exclusions (`reasons.exclusions`); the rest get a
minimal conflict from the SAT side, as many as the reasons budget pays for, so which options get a
concrete reason depends on the question alone. Conflicts found are kept in a small memo.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from app.engine.answers import Conflict, Reason
from app.engine.conflicts import Conflict as SatConflict
from app.engine.conflicts import SolverBudgetError
from app.engine.limits import Clock, Limits, searches
from app.engine.mdd import Allowed, BoolArray
from app.engine.problem import Problem
from app.engine.reasons import Exclusion, LocalDiagram, exclusions
from app.engine.search import SatSearch
from app.engine.terms import Terms, single_values

COMBINATION = "excluded by a combination of rules with the choices made"
"""The reason of an exclusion no single rule explains when the work budget left it unexplained."""
MEMO = 4096
"""The most minimal conflicts kept between questions."""

Excluded = dict[str, dict[str, list[Reason]]]
"""Per attribute, per excluded option, its reasons."""


class Explainer:
    """Reasons for exclusions and the conflict of an impossible selection, for one product."""

    def __init__(self, problem: Problem, locals_: list[LocalDiagram], search: Callable[[], SatSearch]) -> None:
        self.problem = problem
        self.locals = locals_
        self.terms = Terms(problem)
        self._search = search
        self._explained: dict[tuple[tuple[tuple[int, int], ...], ...], SatConflict | None] = {}

    def reasons(
        self,
        allowed: Allowed,
        masks: dict[int, BoolArray],
        undecided: dict[int, frozenset[int]],
        locale: str,
        limits: Limits,
        clock: Clock,
        narrowed: list[str],
    ) -> Excluded:
        """Per excluded option, the single rules that exclude it, else a minimal conflict (as the budget allows)."""
        found: dict[tuple[int, int], list[Reason]] = {}
        for exclusion in exclusions(self.locals, allowed, self.problem):
            reason = self.reason(exclusion, locale)
            for position in exclusion.positions:
                found.setdefault((exclusion.var, position), []).append(reason)
        result: Excluded = {}
        unexplained: list[tuple[str, str, int, int]] = []
        for attribute, indices in self.problem.attribute_vars.items():
            for var in indices:
                for position in np.flatnonzero(~masks[var]).tolist():
                    option = self.terms.value_id(var, position)
                    if option is None or position in undecided.get(var, ()):
                        continue
                    reasons = found.get((var, position))
                    if reasons is None:
                        unexplained.append((attribute, option, var, position))
                    result.setdefault(attribute, {})[option] = reasons or [Reason(None, COMBINATION, ())]
        if unexplained:
            self._explain(result, unexplained, allowed, locale, limits, clock, narrowed)
        return result

    def _explain(
        self,
        result: Excluded,
        unexplained: list[tuple[str, str, int, int]],
        allowed: Allowed,
        locale: str,
        limits: Limits,
        clock: Clock,
        narrowed: list[str],
    ) -> None:
        """Minimal conflicts for the first exclusions no single rule explains, as many as `limits.reasons` pays.

        Every one counts against the budget, found in the memo or not, so which options get a
        concrete reason depends on the question alone, not on what this engine was asked before.
        """
        fixed, hard = self.fixed_and_given(allowed)
        cnf = self._search().cnf
        paid = searches(limits.reasons, cnf.top, len(cnf.activation))
        for attribute, option, var, position in unexplained[:paid]:
            if clock.expired():
                narrowed.append(clock.cut("reasons") + f'; the other options say "{COMBINATION}"')
                return
            result[attribute][option] = self.combination(var, position, fixed, hard, locale, limits.conflicts)

    def combination(
        self, var: int, position: int, fixed: dict[int, int], hard: dict[int, int], locale: str, conflicts: int
    ) -> list[Reason]:
        """Why a value is out when no single rule excludes it: a minimal conflict with it (within `conflicts`)."""
        soft = {v: p for v, p in fixed.items() if v not in hard and v != var}
        soft[var] = position
        key = (tuple(sorted(soft.items())), tuple(sorted(hard.items())))
        if key not in self._explained:
            try:
                conflict = self._search().finder.explain(soft, hard, conflicts)
            except SolverBudgetError:
                return [Reason(None, COMBINATION, ())]
            if len(self._explained) >= MEMO:
                self._explained.clear()
            self._explained[key] = conflict
        conflict = self._explained[key]
        if conflict is None:
            return [Reason(None, COMBINATION, ())]
        choices = self._labels(conflict, hard, var)
        constraints = self.problem.constraints
        return [
            Reason(constraints[c].rule, self.terms.describe(constraints[c], locale), choices)
            for c in conflict.constraints
        ]

    def reason(self, exclusion: Exclusion, locale: str) -> Reason:
        """A single rule's exclusion as a reason: its message and the choices it rests on."""
        constraint = exclusion.constraint
        return Reason(constraint.rule, self.terms.describe(constraint, locale), self.terms.names(exclusion.choices))

    def _labels(self, conflict: SatConflict, given: dict[int, int], skip: int | None = None) -> tuple[str, ...]:
        """The choices of a conflict (but `skip`), and the given context its constraints test."""
        scoped = [var for var in given if any(var in self.locals[c].scope for c in conflict.constraints)]
        return self.terms.names([*(var for var in conflict.choices if var != skip), *scoped])

    def fixed_and_given(self, allowed: Allowed) -> tuple[dict[int, int], dict[int, int]]:
        """The variables fixed to one value, and those of them the customer did not choose (context, date)."""
        fixed = single_values(allowed)
        return fixed, {var: p for var, p in fixed.items() if self.problem.variables[var].attribute is None}

    def conflict(self, allowed: Allowed, locale: str, conflicts: int, narrowed: list[str]) -> Conflict:
        """A minimal set of the choices and rules that cannot hold together (empty when too hard to find)."""
        fixed, hard = self.fixed_and_given(allowed)
        soft = {var: p for var, p in fixed.items() if var not in hard}
        try:
            found = self._search().finder.explain(soft, hard, conflicts)
        except SolverBudgetError:
            narrowed.append("conflict: too hard to explain within the work budget")
            return Conflict((), ())
        if found is None:
            return Conflict((), ())
        rules = tuple(self.terms.rule_ref(self.problem.constraints[c], locale) for c in found.constraints)
        return Conflict(self._labels(found, hard), rules)
