"""The engine's translation and compiled diagram agree with the plain-Python checker."""

from __future__ import annotations

import itertools
from datetime import date

import numpy as np

from app.catalog import load_catalog_text
from app.catalog.evaluate import Choices, check_configuration
from app.engine.bdd import BddCompiler
from app.engine.build import build_problem
from app.engine.expressions import holds
from app.engine.mdd import export
from app.engine.periods import period_index
from app.engine.problem import Problem
from tests.catalog.test_evaluate import CATALOG

PROBLEM = build_problem(load_catalog_text(CATALOG))
TIER = PROBLEM.variables[PROBLEM.context_vars["tier"]]
DAYS = (date(2026, 6, 1), date(2027, 1, 10))


def choices_of(problem: Problem, assignment: dict[int, int]) -> Choices:
    """The catalog choices an assignment of the problem's attribute variables stands for."""
    choices: Choices = {}
    for variable in problem.variables:
        if variable.attribute is None:
            continue
        value = variable.values[assignment[variable.index]]
        if variable.kind == "member":
            members = choices.setdefault(variable.attribute, [])
            assert isinstance(members, list)
            if value:
                members.append(str(variable.option))
        else:
            choices[variable.attribute] = value  # type: ignore[assignment]
    return choices


def assignments(problem: Problem, day: date, context: int) -> list[dict[int, int]]:
    """Every assignment of the attribute variables, with the period and the tier fixed."""
    free = [v.index for v in problem.variables if v.attribute is not None]
    domains = [range(len(problem.variables[var].values)) for var in free]
    fixed = {problem.period_var: period_index(problem.periods, day), TIER.index: context}
    return [{**fixed, **dict(zip(free, combo, strict=True))} for combo in itertools.product(*domains)]


def test_translation_agrees_with_checker_on_every_assignment() -> None:
    for day in DAYS:
        for position, tier in enumerate(TIER.values):
            context = {} if tier is None else {"tier": str(tier)}
            for assignment in assignments(PROBLEM, day, position)[::7]:
                engine = all(holds(c.expr, assignment) for c in PROBLEM.constraints)
                checker = not check_configuration(PROBLEM.product, choices_of(PROBLEM, assignment), context, day)
                assert engine == checker, choices_of(PROBLEM, assignment)


def test_compiled_diagram_counts_and_valid_values_match_brute_force() -> None:
    compiler = BddCompiler(PROBLEM)
    sizes = [len(v.values) for v in PROBLEM.variables]
    root = compiler.compile()
    mdd = export(root, compiler.levels(range(len(sizes))), compiler.bits, sizes)
    for day in DAYS:
        for position in range(len(TIER.values)):
            valid = [
                a for a in assignments(PROBLEM, day, position) if all(holds(c.expr, a) for c in PROBLEM.constraints)
            ]
            allowed: list[np.ndarray | None] = [None] * len(PROBLEM.variables)
            allowed[PROBLEM.period_var] = np.arange(len(PROBLEM.periods)) == period_index(PROBLEM.periods, day)
            allowed[TIER.index] = np.arange(len(TIER.values)) == position
            assert mdd.count(allowed) == len(valid)
            masks = mdd.valid_values(allowed)
            for variable in (v for v in PROBLEM.variables if v.attribute is not None):
                seen = {a[variable.index] for a in valid}
                assert set(np.flatnonzero(masks[variable.index]).tolist()) == seen
