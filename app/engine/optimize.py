"""Optimal completion with OR-Tools CP-SAT: the best configuration and diverse alternatives.

The model is Boolean: one literal per variable value, exactly one per variable, and the
constraints as decision diagrams (the compiled product's diagram, or each constraint's local
one for the search method: node literals with "node and value -> child" clauses, as small as
the diagrams; without diagrams, one reified literal per constraint expression), solved with
the settings measured fastest for this encoding (one worker, presolve and probing off).
The selection, context and date are fixed;
the objective is lowest list price, best fit to weighted preferences, or highest margin;
preferences always count, and a budget caps the list price. Alternatives must differ from
every earlier answer in at least `min_difference` attributes.

Solves are limited by CP-SAT's deterministic time (a count of work, reproducible with one
worker and the fixed seed), so the same question gets the same offers on any machine; a
wall-clock limit is set too, but only as a safety net, and an answer it ends says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from ortools.sat.python import cp_model

from app.engine.expressions import And, Expr, In, Linear, Not, Or, Table
from app.engine.limits import COMPLETION_WORK, CUT_SHORT, REPAIR_WORK, SECONDS, Clock
from app.engine.linear import property_weights
from app.engine.mdd import Mdd
from app.engine.problem import Problem
from app.engine.repairs import INFINITE, Limit, RepairQuestion, value_costs
from app.errors import TailorError

Objective = Literal["price", "fit", "margin"]
Lit = Any
"""A CP-SAT Boolean literal (a variable or its negation)."""
FIT_SCALE = 1_000_000
"""With the fit objective, one unit of preference weight outweighs this many cents of price."""


@dataclass
class CompletionQuestion:
    """Fixed values, weighted preferred values, an optional list-price budget and the objective."""

    fixed: dict[int, int]
    preferences: dict[tuple[int, int], int] = field(default_factory=dict)
    budget: int | None = None
    objective: Objective = "price"
    alternatives: int = 2
    min_difference: int = 1
    work: float = COMPLETION_WORK
    """CP-SAT deterministic time for the best answer and all alternatives together."""
    seconds: float = SECONDS
    """The safety net: wall-clock seconds for the whole question."""


@dataclass(frozen=True)
class Completion:
    """One complete assignment (value position per variable), its list price, margin and fit."""

    values: tuple[int, ...]
    price: int
    margin: int
    fit: int
    optimal: bool


@dataclass
class Completions:
    """The completions found, best first, and what cut the question short (empty when nothing did)."""

    found: list[Completion]
    narrowed: list[str] = field(default_factory=list)


class Optimizer:
    """Builds the Boolean CP-SAT model of a problem; `complete()` answers one question."""

    def __init__(self, problem: Problem, on: date, diagrams: Sequence[Mdd] | None = None) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.lits = [
            [self.model.new_bool_var(f"{v.index}={p}") for p in range(len(v.values))] for v in problem.variables
        ]
        for lits in self.lits:
            self.model.add_exactly_one(lits)
        if diagrams is None:
            for constraint in problem.constraints:
                self.model.add_bool_or([self._literal(constraint.expr)])
        else:
            for diagram in diagrams:
                self._add_diagram(diagram)
        price, price_base = property_weights(problem, "price", on)
        cost, cost_base = property_weights(problem, "cost", on)
        self.price_weights, self.cost_weights = price, cost
        self.price_expr = self._sum(price, price_base)
        self.margin_expr = self._sum(price, price_base) - self._sum(cost, cost_base)

    def _add_diagram(self, mdd: Mdd) -> None:
        """The configuration is a path of `mdd`: node literals, "node and value -> child" for each edge,
        and "node -> one of its edges' values" (with exactly one value per variable, that is all)."""
        model = self.model
        if mdd.is_empty():
            model.add_bool_or([])
            return
        if not mdd.layers:
            return  # a rule that always holds (a many-of with no bounds) constrains nothing
        below: list[Lit | None] = [None]
        for i in range(len(mdd.layers) - 1, -1, -1):
            layer, var = mdd.layers[i], mdd.order[i]
            nodes: list[Lit | None] = [model.new_bool_var("node") for _ in range(layer.nodes)]
            edges = {
                (src, value): dst
                for src, value, dst in zip(layer.src.tolist(), layer.value.tolist(), layer.dst.tolist(), strict=True)
            }
            values: dict[int, list[Lit]] = {}
            for (src, value), dst in edges.items():
                node_lit, value_lit = nodes[src], self.lits[var][value]
                assert node_lit is not None
                values.setdefault(src, []).append(value_lit)
                if below[dst] is not None:
                    model.add_bool_or([node_lit.negated(), value_lit.negated(), below[dst]])
            for node, node_lit in enumerate(nodes):
                assert node_lit is not None
                model.add_bool_or([node_lit.negated(), *values.get(node, [])])
            below = nodes
        root = below[0]
        assert root is not None
        model.add_bool_or([root])

    def _sum(self, weights: dict[int, list[Decimal]], base: Decimal) -> cp_model.LinearExpr:
        terms = [int(w) * self.lits[var][p] for var, ws in weights.items() for p, w in enumerate(ws) if w]
        return cp_model.LinearExpr.sum(terms) + int(base)

    def _literal(self, expr: Expr) -> Lit:
        model = self.model
        if isinstance(expr, In):
            return self._any([self.lits[expr.var][p] for p in sorted(expr.values)])
        if isinstance(expr, Not):
            return self._literal(expr.part).negated()
        if isinstance(expr, Or):
            return self._any([self._literal(part) for part in expr.parts])
        if isinstance(expr, And):
            return self._any([self._literal(part).negated() for part in expr.parts]).negated()
        if isinstance(expr, Table):
            rows = []
            for row in expr.rows:
                cells = [self.lits[v][c] for v, c in zip(expr.vars, row, strict=True) if c != -1]
                rows.append(self._any([cell.negated() for cell in cells]).negated())
            found = self._any(rows)
            return found if expr.allowed else found.negated()
        out = model.new_bool_var("linear")
        total = cp_model.LinearExpr.sum(
            [w * self.lits[var][p] for var, ws in expr.terms for p, w in enumerate(ws) if w]
        )
        _add_comparison(model, total, expr, out)
        return out

    def _any(self, lits: list[Lit]) -> Lit:
        out = self.model.new_bool_var("or")
        if not lits:
            self.model.add(out == 0)
            return out
        self.model.add_bool_or(lits).only_enforce_if(out)
        for lit in lits:
            self.model.add_implication(lit, out)
        return out

    def scores(self, question: CompletionQuestion) -> dict[int, list[int]]:
        """Per variable, each value's share of the objective, to be minimised (for solution hints)."""
        result: dict[int, list[int]] = {}
        for var, lits in enumerate(self.lits):
            price = [int(w) for w in self.price_weights.get(var, [0] * len(lits))]
            cost = [int(w) for w in self.cost_weights.get(var, [0] * len(lits))]
            fit = [question.preferences.get((var, p), 0) for p in range(len(lits))]
            if question.objective == "price":
                result[var] = [price[p] * 1000 - fit[p] for p in range(len(lits))]
            elif question.objective == "margin":
                result[var] = [-(price[p] - cost[p]) * 1000 - fit[p] for p in range(len(lits))]
            else:
                result[var] = [price[p] - fit[p] * FIT_SCALE for p in range(len(lits))]
        return result

    def complete(self, question: CompletionQuestion, hints: list[dict[int, int]] | None = None) -> Completions:
        """The best completion and up to `alternatives` diverse others, best first.

        `hints` are complete assignments to start each solve from (the i-th for the i-th answer);
        with them, CP-SAT has a good answer at once and spends its work improving or proving it.
        Each solve gets the work the earlier ones left.
        """
        model = self._completion_model(question)
        answer = Completions([])
        clock = Clock(question.seconds)
        work = question.work
        for index in range(1 + question.alternatives):
            if work <= 0:
                break
            model.clear_hints()  # type: ignore[no-untyped-call]
            if hints is not None and index < len(hints):
                for var, position in hints[index].items():
                    for p, lit in enumerate(self.lits[var]):
                        model.add_hint(lit, p == position)
            solver, status = _solve(model, work, clock)
            work -= solver.deterministic_time
            if _stopped_by_clock(solver, status, work):
                answer.narrowed.append(clock.cut("completion"))
            if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                if status == cp_model.UNKNOWN and not answer.narrowed and not answer.found:
                    answer.narrowed.append("completion: no configuration found within the work budget")
                break
            found = self._completion(solver, question, status == cp_model.OPTIMAL)
            answer.found.append(found)
            self._differ(model, found, question.min_difference)
            if answer.narrowed:
                break
        return answer

    def _completion_model(self, question: CompletionQuestion) -> cp_model.CpModel:
        """The model with the question's fixed values, budget and objective."""
        model = self.model.clone()
        for var, position in question.fixed.items():
            model.add(self.lits[var][position] == 1)
        if question.budget is not None:
            model.add(self.price_expr <= question.budget)
        fit = cp_model.LinearExpr.sum([weight * self.lits[var][p] for (var, p), weight in question.preferences.items()])
        if question.objective == "price":
            model.minimize(self.price_expr * 1000 - fit)
        elif question.objective == "margin":
            model.maximize(self.margin_expr * 1000 + fit)
        else:
            model.maximize(fit * FIT_SCALE - self.price_expr)
        return model

    def cheapest_repair(
        self, question: RepairQuestion, limits: Limit, clock: Clock, work: float = REPAIR_WORK
    ) -> tuple[int, dict[int, int]] | None:
        """The cheapest repair under the repair costs, by CP-SAT (the search-based method's repairs).

        None when there is none, or none was found within `work`; `CutShortError` when the clock ended it.
        """
        model = self.model.clone()
        terms = []
        for var, lits in enumerate(self.lits):
            if var not in question.hard and var not in question.soft:
                continue
            costs = value_costs(question, var, len(lits), *limits)
            for position, lit in enumerate(lits):
                if costs[position] >= INFINITE:
                    model.add(lit == 0)
                elif costs[position]:
                    terms.append(int(costs[position]) * lit)
        model.minimize(cp_model.LinearExpr.sum(terms))
        solver, status = _solve(model, work, clock)
        if _stopped_by_clock(solver, status, work - solver.deterministic_time):
            raise CutShortError(CUT_SHORT, what="repairs", seconds=clock.seconds)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        path = {var: next(p for p, lit in enumerate(lits) if solver.value(lit)) for var, lits in enumerate(self.lits)}
        return int(solver.objective_value), path

    def _completion(self, solver: cp_model.CpSolver, question: CompletionQuestion, optimal: bool) -> Completion:
        values = tuple(next(p for p, lit in enumerate(lits) if solver.value(lit)) for lits in self.lits)
        fit = sum(w for (var, p), w in question.preferences.items() if values[var] == p)
        return Completion(
            values,
            int(solver.value(self.price_expr)),
            int(solver.value(self.margin_expr)),
            fit,
            optimal,
        )

    def _differ(self, model: cp_model.CpModel, answer: Completion, at_least: int) -> None:
        attributes = [var for var, v in enumerate(self.problem.variables) if v.attribute is not None]
        same = [self.lits[var][answer.values[var]] for var in attributes]
        model.add(cp_model.LinearExpr.sum(same) <= len(same) - at_least)


class CutShortError(TailorError):
    """The clock (the safety net, not the work budget) ended a solve; the message says what it cut short."""


def _solve(model: cp_model.CpModel, work: float, clock: Clock) -> tuple[cp_model.CpSolver, Any]:
    """Solve within `work` deterministic time, and the clock's time left as a safety net."""
    solver = _solver(work, clock.left())
    status = solver.solve(model)
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError(f"CP-SAT model invalid: {model.validate()}")
    return solver, status


def _stopped_by_clock(solver: cp_model.CpSolver, status: Any, work_left: float) -> bool:
    """Whether a solve ended unproven with work still left: only the wall-clock limit stops it then."""
    return status in (cp_model.FEASIBLE, cp_model.UNKNOWN) and work_left > 0


def _solver(work: float, seconds: float) -> cp_model.CpSolver:
    """A CP-SAT solver with the settings measured fastest for the Boolean encoding, deterministic.

    One worker and the default fixed seed make a solve reproducible; `max_deterministic_time`
    is the budget that decides, `max_time_in_seconds` only the safety net.
    """
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 1
    solver.parameters.cp_model_presolve = False
    solver.parameters.max_deterministic_time = max(0.0, work)
    solver.parameters.max_time_in_seconds = max(0.0, seconds)
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.symmetry_level = 0
    return solver


def _add_comparison(model: cp_model.CpModel, total: cp_model.LinearExpr, expr: Linear, out: Lit) -> None:
    rhs = expr.rhs
    if expr.op == "<=":
        model.add(total <= rhs).only_enforce_if(out)
    elif expr.op == "<":
        model.add(total < rhs).only_enforce_if(out)
    elif expr.op == ">=":
        model.add(total >= rhs).only_enforce_if(out)
    elif expr.op == ">":
        model.add(total > rhs).only_enforce_if(out)
    elif expr.op == "==":
        model.add(total == rhs).only_enforce_if(out)
    else:
        model.add(total != rhs).only_enforce_if(out)
