"""Compiling one product: its diagram and every constraint's local diagram.

When the diagram runs past its budget, the circuit (`circuit`, compiled by d4 from the local
diagrams' clauses) takes its place; when that fails too, the entry has neither and the
engine answers by search.
"""

from __future__ import annotations

from collections.abc import Callable

from app.engine.bdd import BddCompiler, Budget, CompileBudgetError
from app.engine.cache import Entry
from app.engine.circuit import Circuit, CircuitError, compile_circuit
from app.engine.cnf import CnfEncoder
from app.engine.mdd import Mdd, export
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
        locals_ = [d.mdd for d in local_diagrams(problem, local_compiler)]
        local_compiler.release()
        return Entry(None, locals_, budget.seconds, _circuit(problem, locals_, sizes, budget), budget.circuit_seconds)
    mdd = export(root, compiler.levels(range(len(sizes))), compiler.bits, sizes)
    del root
    locals_ = [diagram.mdd for diagram in local_diagrams(problem, compiler)]
    compiler.release()
    return Entry(mdd, locals_, budget.seconds)


def with_circuit(problem: Problem, entry: Entry, budget: Budget) -> Entry:
    """`entry` with the circuit compiled too (when asked for beside a diagram, as tests do)."""
    sizes = [len(variable.values) for variable in problem.variables]
    circuit = _circuit(problem, entry.locals, sizes, budget)
    return Entry(entry.mdd, entry.locals, entry.budget_seconds, circuit, budget.circuit_seconds)


def _circuit(problem: Problem, locals_: list[Mdd], sizes: list[int], budget: Budget) -> Circuit | None:
    """The d4 circuit of the problem, or None when it fails or runs past `budget.circuit_seconds`."""
    if budget.circuit_seconds <= 0:
        return None
    try:
        return compile_circuit(CnfEncoder(problem, locals_).encode(), sizes, budget.circuit_seconds)
    except CircuitError:
        return None
