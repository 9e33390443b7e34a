"""Compiling one product: its diagram (unless the budget runs out) and every constraint's local diagram."""

from __future__ import annotations

from collections.abc import Callable

from app.engine.bdd import BddCompiler, Budget, CompileBudgetError
from app.engine.cache import Entry
from app.engine.mdd import export
from app.engine.problem import Problem
from app.engine.reasons import local_diagrams

Progress = Callable[[int, int], None]
"""Called with (constraints done, constraints in all) while a compile runs."""


def compile_entry(problem: Problem, budget: Budget, progress: Progress | None = None) -> Entry:
    """The diagram and local diagrams of `problem`; the diagram is None when it ran past `budget`."""
    sizes = [len(variable.values) for variable in problem.variables]
    compiler = BddCompiler(problem, budget, progress)
    try:
        root = compiler.compile()
    except CompileBudgetError:
        compiler.release()
        del compiler
        local_compiler = BddCompiler(problem, Budget(seconds=float("inf"), nodes=budget.nodes))
        entry = Entry(None, [d.mdd for d in local_diagrams(problem, local_compiler)], budget.seconds)
        local_compiler.release()
        return entry
    mdd = export(root, compiler.levels(range(len(sizes))), compiler.bits, sizes)
    del root
    locals_ = [diagram.mdd for diagram in local_diagrams(problem, compiler)]
    compiler.release()
    return Entry(mdd, locals_, budget.seconds)
