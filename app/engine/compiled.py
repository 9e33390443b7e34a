"""Compiling one product: its diagram and every constraint's local diagram.

When the diagram runs past its budget, the circuit (`circuit`, compiled by d4 from the local
diagrams' clauses) takes its place; when that fails too, the entry has neither and the
engine answers by search. The entry says why (`Entry.fallback`), and whether the diagram's
work budgets (nodes, reordering) decided it, the same on any machine, or its safety-net time
limit did.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from app.engine.bdd import BddCompiler, Budget, CompileBudgetError
from app.engine.cache import Entry
from app.engine.circuit import Circuit, CircuitError
from app.engine.cnf import CnfEncoder
from app.engine.d4 import compile_circuit
from app.engine.mdd import Mdd, export
from app.engine.problem import Problem
from app.engine.reasons import local_diagrams

Progress = Callable[[int, int], None]
"""Called with (constraints done, constraints in all) while a compile runs."""


def compile_entry(problem: Problem, budget: Budget, progress: Progress | None = None) -> Entry:
    """The diagram and local diagrams of `problem`; the diagram is None when it ran past `budget`."""
    sizes = [len(variable.values) for variable in problem.variables]
    if budget.nodes <= 0:
        return _fallback(problem, budget, sizes, "the diagram was not tried", cut_short=False)
    compiler = BddCompiler(problem, budget, progress)
    try:
        root = compiler.compile()
    except CompileBudgetError as error:
        compiler.release()
        return _fallback(problem, budget, sizes, str(error), cut_short=error.clock)
    mdd = export(root, compiler.levels(range(len(sizes))), compiler.bits, sizes)
    del root
    locals_ = [diagram.mdd for diagram in local_diagrams(problem, compiler)]
    compiler.release()
    return Entry(mdd, locals_, budget.seconds, budget_nodes=budget.nodes, budget_reordering=budget.reordering)


def _fallback(problem: Problem, budget: Budget, sizes: list[int], why: str, *, cut_short: bool) -> Entry:
    """The entry of a product without a diagram: its local diagrams, and the circuit when d4 compiles one."""
    # Each constraint alone is small, so the local diagrams get the default node budget, whatever the diagram had.
    local_compiler = BddCompiler(problem, Budget(seconds=float("inf"), nodes=max(budget.nodes, Budget().nodes)))
    locals_ = [d.mdd for d in local_diagrams(problem, local_compiler)]
    local_compiler.release()
    circuit, failed = _circuit(problem, locals_, sizes, budget)
    fallback = why if circuit is not None else f"{why}; {failed}"
    tried = (budget.seconds, circuit, budget.circuit_seconds, budget.nodes, budget.reordering)
    return Entry(None, locals_, *tried, cut_short, fallback)


def with_circuit(problem: Problem, entry: Entry, budget: Budget) -> Entry:
    """`entry` with the circuit compiled too (when asked for beside a diagram, as tests do)."""
    sizes = [len(variable.values) for variable in problem.variables]
    circuit, _ = _circuit(problem, entry.locals, sizes, budget)
    return replace(entry, circuit=circuit, circuit_seconds=budget.circuit_seconds)


def _circuit(problem: Problem, locals_: list[Mdd], sizes: list[int], budget: Budget) -> tuple[Circuit | None, str]:
    """The d4 circuit of the problem, or None and why (it failed, or ran past `budget.circuit_seconds`)."""
    if budget.circuit_seconds <= 0:
        return None, "the circuit was not tried"
    try:
        return compile_circuit(CnfEncoder(problem, locals_).encode(), sizes, budget.circuit_seconds), ""
    except CircuitError as error:
        return None, str(error)
