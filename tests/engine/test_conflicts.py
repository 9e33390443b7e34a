"""Minimal conflicts: the choices and rules found cannot hold together, and each one is needed."""

from __future__ import annotations

from app.catalog import load_catalog_text
from app.engine.build import build_problem
from app.engine.cnf import CnfEncoder
from app.engine.conflicts import ConflictFinder
from tests.catalog.test_evaluate import CATALOG

PROBLEM = build_problem(load_catalog_text(CATALOG))
VARS = {variable.name: variable for variable in PROBLEM.variables}
HARD = {PROBLEM.period_var: 0, VARS["context:tier"].index: VARS["context:tier"].position("ordinary")}


def fix(**choices: object) -> dict[int, int]:
    return {VARS[name].index: VARS[name].position(value) for name, value in choices.items()}  # type: ignore[arg-type]


def test_feasible_selection_has_no_conflict() -> None:
    finder = ConflictFinder(CnfEncoder(PROBLEM).encode())
    assert finder.explain(fix(material="carbon"), HARD) is None


def test_conflict_is_minimal() -> None:
    finder = ConflictFinder(CnfEncoder(PROBLEM).encode())
    fixed = fix(material="carbon", bell="yes", **{"extras:rack": True})
    conflict = finder.explain(fixed, HARD)
    assert conflict is not None
    assert [PROBLEM.variables[v].name for v in conflict.choices] == ["material", "extras:rack"]
    assert [PROBLEM.constraints[i].rule for i in conflict.constraints] == ["carbon_no_rack"]
    for left_out in conflict.choices:
        rest = {v: p for v, p in fixed.items() if v in conflict.choices and v != left_out}
        assert finder.feasible(rest, HARD)


def test_conflict_with_the_customer_context() -> None:
    finder = ConflictFinder(CnfEncoder(PROBLEM).encode())
    conflict = finder.explain(fix(service="express"), HARD)
    assert conflict is not None
    assert [PROBLEM.variables[v].name for v in conflict.choices] == ["service"]
    assert [PROBLEM.constraints[i].rule for i in conflict.constraints] == ["express_retain"]
