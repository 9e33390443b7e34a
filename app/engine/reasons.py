"""Why an option is not valid: the rules that exclude it on their own, and the choices they use.

Each constraint is also compiled alone, into a small diagram over just the variables it
mentions. Under the customer's selection and context, a value that a constraint's own
diagram cannot reach is excluded by that constraint; the choices it rests on are the
selected variables in its scope. Exclusions that only a combination of rules produces are
explained by `conflicts` (minimal sets of rules and choices), not here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from app.engine.bdd import BddCompiler
from app.engine.expressions import variables
from app.engine.mdd import Allowed, BoolArray, Mdd, export
from app.engine.problem import Constraint, Problem

MEMO_SIZE = 4096


@dataclass(frozen=True)
class LocalDiagram:
    """One constraint compiled alone over its `scope` (problem variable indices, in diagram order)."""

    constraint: Constraint
    scope: tuple[int, ...]
    mdd: Mdd
    memo: dict[tuple[bytes | None, ...], list[tuple[int, frozenset[int]]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    """Answers by the scope's masks: a click changes few scopes, so most diagrams answer from here."""

    def excluded(self, allowed: Allowed, problem: Problem) -> list[tuple[int, frozenset[int]]]:
        """(attribute variable, value positions) this constraint alone excludes under the masks."""
        key = tuple(None if (mask := allowed[var]) is None else mask.tobytes() for var in self.scope)
        found = self.memo.get(key)
        if found is None:
            local = self.mdd.valid_values(allowed)
            found = []
            for var in self.scope:
                if problem.variables[var].attribute is None:
                    continue
                missing = frozenset(np.flatnonzero(~local[var]).tolist())
                if missing:
                    found.append((var, missing))
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[key] = found
        return found


def local_diagrams(problem: Problem, compiler: BddCompiler) -> list[LocalDiagram]:
    """Compile every constraint on its own (cheap: each mentions few variables)."""
    diagrams = []
    sizes = [len(variable.values) for variable in problem.variables]
    for index, constraint in enumerate(problem.constraints):
        root = compiler.built[index] if index in compiler.built else compiler.build(constraint.expr)
        for var in variables(constraint.expr):
            root &= compiler.domain(var)
        scope = compiler.levels(variables(constraint.expr))
        diagrams.append(LocalDiagram(constraint, tuple(scope), export(root, scope, compiler.bits, sizes)))
    return diagrams


@dataclass(frozen=True)
class Exclusion:
    """Constraint `constraint` excludes these value positions of variable `var` given `choices`."""

    constraint: Constraint
    var: int
    positions: frozenset[int]
    choices: tuple[int, ...]


def exclusions(diagrams: list[LocalDiagram], allowed: Allowed, problem: Problem) -> list[Exclusion]:
    """Every (constraint, attribute variable, values) exclusion under the masks."""
    found: list[Exclusion] = []
    for diagram in diagrams:
        excluded = diagram.excluded(allowed, problem)
        if not excluded:
            continue
        fixed = tuple(sorted(var for var in diagram.scope if _fixed(allowed[var])))
        for var, missing in excluded:
            choices = tuple(v for v in fixed if v != var)
            found.append(Exclusion(diagram.constraint, var, missing, choices))
    return found


def _fixed(mask: BoolArray | None) -> bool:
    return mask is not None and int(mask.sum()) == 1
