"""The three methods behind `method.Method`: the compiled diagram, the d4 circuit, and search.

Every method leans on `solvers.Solvers` (the SAT side for conflicts, CP-SAT for completions).
The diagram answers everything but completions from its own passes;
the circuit too, but for projected counts, which it leaves to search; search answers with SAT
and CP-SAT under work budgets and says when a limit narrowed an answer.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from app.engine.answers import Count
from app.engine.circuit import Circuit
from app.engine.hints import diagram_hints
from app.engine.limits import CONFLICTS, COUNT_WORK, OPTIONS_COUNT_WORK, Clock, Limits, solutions_paid
from app.engine.mdd import Allowed, BoolArray, Mdd
from app.engine.method import Method, MethodName, State
from app.engine.optimize import CompletionQuestion, Completions, CutShortError
from app.engine.projection import projected_count
from app.engine.repairs import Limit, Repair, RepairQuestion, on_circuit, on_diagram, repairs
from app.engine.search import SearchCount
from app.engine.solvers import Solvers


class BySearch:
    """Answers with SAT (valid values, counts) and CP-SAT (repairs, completions) within work budgets."""

    name: MethodName = "search"

    def __init__(self, solvers: Solvers) -> None:
        self.solvers = solvers

    def state(self, allowed: Allowed, limits: Limits, clock: Clock) -> State:
        """Valid values and a count within the work budgets, saying which limit narrowed them."""
        search = self.solvers.search
        narrowed = []
        found = search.valid_values(allowed, limits.conflicts, clock)
        if found.cut_short:
            narrowed.append(clock.cut("valid options") + "; undecided options are left out")
        elif found.narrowed:
            narrowed.append("valid options: too hard within the work budget; undecided options are left out")
        most = solutions_paid(limits.solutions, OPTIONS_COUNT_WORK, search.cnf.top)
        counted = search.count(allowed, self.solvers.problem.attribute_variables(), most, limits.conflicts, clock)
        if not counted.exact:
            narrowed.append(count_note(counted, clock))
        return State(found.masks, counted.count, counted.exact, narrowed, found.undecided)

    def valid_values(self, allowed: Allowed, limits: Limits) -> dict[int, BoolArray]:
        """Valid values within the conflict budget (undecided ones left out)."""
        return self.solvers.search.valid_values(allowed, limits.conflicts, Clock(limits.seconds)).masks

    def count(self, allowed: Allowed, counted: list[int] | None, seconds: float, solutions: int | None) -> Count:
        """Distinct combinations by enumeration, a lower bound past the solutions the work pays for."""
        search = self.solvers.search
        clock = Clock(seconds)
        most = solutions_paid(solutions, COUNT_WORK, search.cnf.top)
        variables = counted if counted is not None else self.solvers.problem.attribute_variables()
        found = search.count(allowed, variables, most, CONFLICTS, clock)
        return Count(found.count) if found.exact else Count(found.count, False, count_note(found, clock))

    def repairs(self, question: RepairQuestion, on: date, clock: Clock, narrowed: list[str]) -> list[Repair]:
        """Cheapest repairs by CP-SAT, each solve within its work; once the clock ends one, no more are looked for."""
        optimizer = self.solvers.optimizer(on)
        cut: list[str] = []

        def find(limit: Limit) -> tuple[int, dict[int, int]] | None:
            if cut:
                return None
            try:
                return optimizer.cheapest_repair(question, limit, clock)
            except CutShortError as error:
                cut.append(str(error))
                narrowed.append(str(error))
                return None

        return repairs(find, question)

    def complete(self, question: CompletionQuestion, on: date, allowed: Allowed, k: int) -> Completions:
        """The best completions by CP-SAT."""
        return self.solvers.optimizer(on).complete(question)


class Passes(Protocol):
    """What a compiled form answers exactly from its own passes (the diagram and the circuit both do)."""

    def valid_values(self, allowed: Allowed) -> dict[int, BoolArray]: ...

    def count(self, allowed: Allowed) -> int: ...

    def count_and_valid_values(self, allowed: Allowed) -> tuple[int, dict[int, BoolArray]]: ...


class _Compiled:
    """The questions every compiled form answers the same way: exactly, from its passes."""

    def __init__(self, passes: Passes) -> None:
        self.passes = passes

    def state(self, allowed: Allowed, limits: Limits, clock: Clock) -> State:
        """Exact valid values and count, in two passes."""
        count, masks = self.passes.count_and_valid_values(allowed)
        return State(masks, count, True, [], {})

    def valid_values(self, allowed: Allowed, limits: Limits) -> dict[int, BoolArray]:
        """Exact valid values."""
        return self.passes.valid_values(allowed)


class OnDiagram(_Compiled):
    """Answers from the compiled diagram's passes; completions by CP-SAT, started from diagram hints."""

    name: MethodName = "diagram"

    def __init__(self, mdd: Mdd, solvers: Solvers) -> None:
        super().__init__(mdd)
        self.mdd = mdd
        self.solvers = solvers

    def count(self, allowed: Allowed, counted: list[int] | None, seconds: float, solutions: int | None) -> Count:
        """The exact count, or the exact projected count."""
        if counted is None:
            return Count(self.mdd.count(allowed))
        return Count(projected_count(self.mdd, allowed, set(counted)))

    def repairs(self, question: RepairQuestion, on: date, clock: Clock, narrowed: list[str]) -> list[Repair]:
        """Cheapest repairs as cheapest paths."""
        return repairs(on_diagram(self.mdd, question), question)

    def complete(self, question: CompletionQuestion, on: date, allowed: Allowed, k: int) -> Completions:
        """The best completions by CP-SAT, hinted with the diagram's best paths."""
        optimizer = self.solvers.optimizer(on)
        return optimizer.complete(question, diagram_hints(self.mdd, optimizer.scores(question), allowed, k))


class OnCircuit(_Compiled):
    """Answers from the d4 circuit's passes; projected counts and completions by search."""

    name: MethodName = "circuit"

    def __init__(self, circuit: Circuit, solvers: Solvers) -> None:
        super().__init__(circuit)
        self.circuit = circuit
        self.by_search = BySearch(solvers)

    def count(self, allowed: Allowed, counted: list[int] | None, seconds: float, solutions: int | None) -> Count:
        """The exact count; a projected one by search."""
        if counted is None:
            return Count(self.circuit.count(allowed))
        return self.by_search.count(allowed, counted, seconds, solutions)

    def repairs(self, question: RepairQuestion, on: date, clock: Clock, narrowed: list[str]) -> list[Repair]:
        """Cheapest repairs as cheapest terms."""
        return repairs(on_circuit(self.circuit, question), question)

    def complete(self, question: CompletionQuestion, on: date, allowed: Allowed, k: int) -> Completions:
        """The best completions by CP-SAT."""
        return self.by_search.complete(question, on, allowed, k)


def method_for(mdd: Mdd | None, circuit: Circuit | None, solvers: Solvers) -> Method:
    """The method that answers: the diagram when there is one, else the circuit, else search."""
    if mdd is not None:
        return OnDiagram(mdd, solvers)
    if circuit is not None:
        return OnCircuit(circuit, solvers)
    return BySearch(solvers)


def count_note(counted: SearchCount, clock: Clock) -> str:
    """What made a search count a lower bound: the clock, or the work budget."""
    if counted.cut_short:
        return clock.cut(f"count: at least {counted.count:,}")
    return f"count: at least {counted.count:,}, more than the search enumerates within the work budget"
