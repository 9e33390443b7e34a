"""A product compiled once: its problem and its decision diagram, asked by every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from app.catalog.evaluate import Choices
from app.catalog.model import Catalog
from app.engine.bdd import BddCompiler, Budget
from app.engine.masks import context_masks, selection_masks
from app.engine.mdd import Mdd, export
from app.engine.problem import Problem, build_problem
from app.engine.reasons import Exclusion, LocalDiagram, exclusions, local_diagrams

Value = str | Decimal


@dataclass
class CompiledProduct:
    """One product of one catalog version, with its diagram and how long the compile took."""

    problem: Problem
    mdd: Mdd
    locals: list[LocalDiagram]
    compile_seconds: float

    @classmethod
    def compile(
        cls,
        catalog: Catalog,
        product_id: str | None = None,
        *,
        budget: Budget | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> CompiledProduct:
        """Build the problem and its diagram; raises `CompileBudgetError` past the budget."""
        started = time.perf_counter()
        problem = build_problem(catalog, product_id)
        compiler = BddCompiler(problem, budget, progress)
        root = compiler.compile()
        sizes = [len(v.values) for v in problem.variables]
        mdd = export(root, compiler.levels(range(len(sizes))), compiler.bits, sizes)
        del root
        locals_ = local_diagrams(problem, compiler)
        compiler.release()
        return cls(problem, mdd, locals_, time.perf_counter() - started)

    def valid_values(self, choices: Choices, context: dict[str, str], on: date) -> dict[str, list[Value]]:
        """Per attribute, the options (or numbers) some valid configuration has, keeping the other choices."""
        allowed = selection_masks(self.problem, choices, context_masks(self.problem, context, on))
        masks = self.mdd.valid_values(allowed)
        result: dict[str, list[Value]] = {}
        for attribute, indices in self.problem.attribute_vars.items():
            values: list[Value] = []
            for index in indices:
                variable = self.problem.variables[index]
                positions = np.flatnonzero(masks[index]).tolist()
                if variable.kind == "member":
                    if 1 in positions:
                        values.append(str(variable.option))
                else:
                    values.extend(variable.values[p] for p in positions)  # type: ignore[misc]
            result[attribute] = values
        return result

    def count(self, choices: Choices, context: dict[str, str], on: date) -> int:
        """The exact number of valid configurations that keep every choice made."""
        allowed = selection_masks(self.problem, choices, context_masks(self.problem, context, on))
        return self.mdd.count(allowed)

    def exclusions(self, choices: Choices, context: dict[str, str], on: date) -> list[Exclusion]:
        """The single-constraint exclusions under this selection and context."""
        allowed = selection_masks(self.problem, choices, context_masks(self.problem, context, on))
        return exclusions(self.locals, allowed, self.problem)
