"""The engine: one product of one catalog version, answering every configuration question.

`Engine.open` finds the product's compiled diagram in the on-disk cache (by content hash) or
compiles it; a diagram past its budget gives way to a d4 circuit (`circuit`: valid options
and exact counts as fast, for catalogs no diagram fits), and when that fails too the engine
is left on the search-based method (SAT and CP-SAT), which gives the same answers, more
slowly, and says when a limit narrowed one.
Budgets that can change an answer count work (`limits`), so a question gets the same answer on
an idle machine and a busy one; the clock only ends a question that runs away, and the answer
then says so.
The questions: valid options with reasons (`options`), `validate`, conflicts with ranked
repairs (part of `options` when the selection is impossible), `count` (in total, under a
selection, projected on attributes) and optimal completion with alternatives (`complete`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Literal

import numpy as np

from app.catalog.attributes import ManyOf, Numeric
from app.catalog.configuration import Context, Selection
from app.catalog.evaluate import Choices
from app.catalog.model import Catalog
from app.catalog.selection import SelectionError, as_choices, resolve_choices
from app.catalog.text import localize
from app.engine.answers import Conflict, Count, Offer, Offers, Options, Reason, Repair, RuleRef, Validation, Value
from app.engine.bdd import Budget
from app.engine.cache import Cache, Entry, content_key
from app.engine.circuit import Circuit
from app.engine.cnf import CnfEncoder
from app.engine.compiled import Progress, compile_entry, with_circuit
from app.engine.conflicts import Conflict as SatConflict
from app.engine.conflicts import SolverBudgetError
from app.engine.expressions import holds
from app.engine.hints import diagram_hints
from app.engine.limits import (
    COMPLETION_WORK,
    CONFLICTS,
    COUNT_WORK,
    OPTIONS_COUNT_WORK,
    SECONDS,
    Clock,
    Limits,
    searches,
    solutions_paid,
)
from app.engine.linear import property_weights
from app.engine.masks import context_masks, numeric_position, selection_masks
from app.engine.mdd import Allowed, BoolArray, Mdd
from app.engine.optimize import CompletionQuestion, CutShortError, Objective, Optimizer
from app.engine.periods import period_index
from app.engine.problem import Constraint, Problem, build_problem
from app.engine.projection import projected_count
from app.engine.reasons import Exclusion, LocalDiagram, exclusions
from app.engine.repairs import Limit, RepairQuestion, on_circuit, on_diagram, repairs
from app.engine.search import SearchCount, SearchMethod
from app.pricing import price

Method = Literal["diagram", "circuit", "search"]
State = tuple[dict[int, BoolArray], int, bool, list[str], dict[int, frozenset[int]]]
COMBINATION = "excluded by a combination of rules with the choices made"
"""The reason of an exclusion no single rule explains when the work budget left it unexplained."""
MAX_MINOR_UNITS = 2**63 - 1
"""The largest list-price budget a completion takes (int64, what CP-SAT's integers hold)."""
MAX_WEIGHT = 1_000_000
"""The largest preference weight, either sign (the fit objective scales weights by a million)."""
MAX_OFFERS = 20
"""The most offers one completion gives."""


class Engine:
    """Answers questions on one product; build it with `Engine.open`."""

    def __init__(self, problem: Problem, entry: Entry, compile_seconds: float | None = None) -> None:
        self.problem = problem
        self.catalog: Catalog = problem.catalog
        self.product = problem.product
        self.mdd: Mdd | None = entry.mdd
        self.circuit: Circuit | None = entry.circuit if entry.mdd is None else None
        self.locals = [
            LocalDiagram(constraint, tuple(local.order), local)
            for constraint, local in zip(problem.constraints, entry.locals, strict=True)
        ]
        self.compile_seconds = compile_seconds
        """Seconds this process spent compiling (None when the cache had it)."""
        self.fallback: str | None = entry.fallback or None if entry.mdd is None else None
        """Why the diagram does not answer (its node budget, the clock that cut its compile short, or the
        method asked for), and why the circuit does not either when the search answers; None with a diagram."""
        self._search: SearchMethod | None = None
        self._optimizers: dict[int, Optimizer] = {}
        self._explained: dict[tuple[tuple[tuple[int, int], ...], ...], SatConflict | None] = {}

    @property
    def method(self) -> Method:
        """ "diagram" or "circuit" when a compiled form answers, "search" when both compiles were too hard."""
        if self.mdd is not None:
            return "diagram"
        return "circuit" if self.circuit is not None else "search"

    @classmethod
    def open(
        cls,
        catalog: Catalog,
        product_id: str | None = None,
        *,
        cache: Cache | None = None,
        budget: Budget | None = None,
        progress: Progress | None = None,
        method: Literal["auto", "circuit", "search"] = "auto",
    ) -> Engine:
        """The engine of one product: from the cache, or compiled now (and cached) within `budget`.

        `method` "circuit" skips the diagram, "search" both compiled forms (tests compare them).
        """
        problem = build_problem(catalog, product_id)
        cache = cache or Cache()
        budget = budget or Budget()
        wanted = {
            "auto": budget,
            "circuit": Budget(seconds=budget.seconds, nodes=0, circuit_seconds=budget.circuit_seconds),
            "search": Budget(seconds=budget.seconds, nodes=0, circuit_seconds=0.0),
        }[method]
        key = content_key(catalog, problem.product.id)
        entry = cache.read(key)
        compiled: float | None = None
        if entry is None or _worth_compiling(entry, wanted, method):
            with cache.lock(key):
                entry = cache.read(key)
                if entry is None or _worth_compiling(entry, wanted, method):
                    started = time.perf_counter()
                    if entry is not None and entry.mdd is not None:
                        entry = with_circuit(problem, entry, wanted)
                    else:
                        entry = compile_entry(problem, wanted, progress)
                    compiled = time.perf_counter() - started
                    cache.write(key, entry)
        if method != "auto":
            circuit = entry.circuit if method == "circuit" else None
            entry = replace(entry, mdd=None, circuit=circuit, fallback=f"the {method} method was asked for")
        return cls(problem, entry, compiled)

    def close(self) -> None:
        """Free the SAT solver."""
        if self._search is not None:
            self._search.close()

    # ---- inputs

    def masks(self, choices: Choices, context: dict[str, str], on: date) -> tuple[Choices, list[BoolArray | None]]:
        """The checked choices and the masks of the selection, context and date (errors name the bad input)."""
        checked = as_choices(resolve_choices(self.product, choices, on))
        checked = {attribute: checked[attribute] for attribute in choices}
        return checked, selection_masks(self.problem, checked, context_masks(self.problem, context, on))

    @property
    def search(self) -> SearchMethod:
        """The SAT side (built on first use): conflicts for both methods, everything for search."""
        if self._search is None:
            sizes = [len(variable.values) for variable in self.problem.variables]
            diagrams = [local.mdd for local in self.locals]
            self._search = SearchMethod(CnfEncoder(self.problem, diagrams).encode(), sizes)
        return self._search

    def optimizer(self, on: date) -> Optimizer:
        """The CP-SAT model of the period `on` falls in (built on first use)."""
        period = period_index(self.problem.periods, on)
        if period not in self._optimizers:
            diagrams = [self.mdd] if self.mdd is not None else [local.mdd for local in self.locals]
            self._optimizers[period] = Optimizer(self.problem, on, diagrams)
        return self._optimizers[period]

    # ---- questions

    def options(
        self,
        choices: Choices,
        context: dict[str, str],
        on: date,
        *,
        latest: str | None = None,
        priorities: dict[str, int] | None = None,
        locale: str = "en",
        limits: Limits | None = None,
    ) -> Options:
        """Valid options with reasons and the count; with the conflict and repairs when the selection is impossible."""
        limits = limits or Limits()
        clock = Clock(limits.seconds)
        checked, allowed = self.masks(choices, context, on)
        masks, count, exact, narrowed, undecided = self._state(allowed, limits, clock)
        answer = Options(self._valid(masks), {}, count, exact, method=self.method, narrowed=narrowed)
        if self._impossible(allowed, count, exact, limits, answer.narrowed):
            answer.count, answer.count_exact = 0, True
            answer.conflict = self._conflict(allowed, locale, limits.conflicts, answer.narrowed)
            answer.repairs = self._repairs(checked, allowed, on, latest, priorities or {}, clock, answer.narrowed)
            if checked:
                # Options are shown as they were before the clashing pick, so the way back is visible.
                answer.without = latest if latest in checked else list(checked)[-1]
                earlier = {a: c for a, c in checked.items() if a != answer.without}
                allowed = selection_masks(self.problem, earlier, context_masks(self.problem, context, on))
                masks, _, _, more, undecided = self._state(allowed, limits, clock)
                answer.valid = self._valid(masks)
                answer.narrowed.extend(more)
        answer.excluded = self._reasons(allowed, masks, undecided, locale, limits, clock, answer.narrowed)
        return answer

    def _state(self, allowed: Allowed, limits: Limits, clock: Clock) -> State:
        """Valid value masks, the count, whether it is exact, what a limit narrowed, values left open."""
        if self.mdd is not None:
            count, masks = self.mdd.count_and_valid_values(allowed)
            return masks, count, True, [], {}
        if self.circuit is not None:
            count, masks = self.circuit.count_and_valid_values(allowed)
            return masks, count, True, [], {}
        narrowed = []
        found = self.search.valid_values(allowed, limits.conflicts, clock)
        if found.cut_short:
            narrowed.append(clock.cut("valid options") + "; undecided options are left out")
        elif found.narrowed:
            narrowed.append("valid options: too hard within the work budget; undecided options are left out")
        most = solutions_paid(limits.solutions, OPTIONS_COUNT_WORK, self.search.cnf.top)
        counted = self.search.count(allowed, self._attribute_vars(), most, limits.conflicts, clock)
        if not counted.exact:
            narrowed.append(_count_note(counted, clock))
        return found.masks, counted.count, counted.exact, narrowed, found.undecided

    def _impossible(self, allowed: Allowed, count: int, exact: bool, limits: Limits, narrowed: list[str]) -> bool:
        """Whether no configuration keeps the masks: from the count when it decides, else by one solver call."""
        if exact or count:
            return count == 0
        feasible = self.search.feasible(allowed, limits.conflicts)
        if feasible is None:
            narrowed.append("conflict: too hard to decide within the work budget whether the choices can hold")
            return False
        return not feasible

    def _valid_values(self, allowed: Allowed, limits: Limits) -> dict[int, BoolArray]:
        """Valid value masks from whichever method answers."""
        if self.mdd is not None:
            return self.mdd.valid_values(allowed)
        if self.circuit is not None:
            return self.circuit.valid_values(allowed)
        return self.search.valid_values(allowed, limits.conflicts, Clock(limits.seconds)).masks

    def why(
        self,
        choices: Choices,
        context: dict[str, str],
        on: date,
        attribute: str,
        option: str,
        locale: str = "en",
        limits: Limits | None = None,
    ) -> list[Reason]:
        """Why `option` of `attribute` is not valid under the selection: the rules and choices (empty if valid)."""
        limits = limits or Limits()
        _, allowed = self.masks(choices, context, on)
        var, position = self._preference(attribute, option)
        masks = self._valid_values(allowed, limits)
        if masks[var][position]:
            return []
        for exclusion in exclusions(self.locals, allowed, self.problem):
            if exclusion.var == var and position in exclusion.positions:
                return [self._reason(exclusion, locale)]
        fixed, hard = self._fixed_and_given(allowed)
        return self._combination(var, position, fixed, hard, locale, limits.conflicts)

    def validate(self, choices: Choices, context: dict[str, str], on: date, locale: str = "en") -> Validation:
        """Whether a full configuration is valid; else the rules it breaks and the attributes it leaves out."""
        checked, allowed = self.masks(choices, context, on)
        missing = tuple(a.id for a in self.product.attributes() if a.id not in checked)
        if missing:
            return Validation(False, (), missing)
        assignment = single_values(allowed)
        broken = tuple(self._rule_ref(c, locale) for c in self.problem.constraints if not holds(c.expr, assignment))
        return Validation(not broken, broken, ())

    def count(
        self,
        choices: Choices,
        context: dict[str, str],
        on: date,
        project: list[str] | None = None,
        seconds: float = SECONDS,
        solutions: int | None = None,
    ) -> Count:
        """Valid configurations keeping the choices, exactly; projected: distinct combinations of `project`.

        The compiled methods count exactly. The search method enumerates at most `solutions` (None: as
        many as `limits.COUNT_WORK` pays for on this catalog; work, so the same outcome on any machine),
        past which the count is a lower bound; `seconds` is only its safety net. `Count.narrowed` says
        which limit made a count inexact.
        """
        _, allowed = self.masks(choices, context, on)
        if project is not None:
            for attribute in project:
                if attribute not in self.problem.attribute_vars:
                    raise SelectionError(f"unknown attribute '{attribute}' on product '{self.product.id}'")
        counted = self._attribute_vars() if project is None else self._attribute_vars(project)
        if self.mdd is not None:
            if project is None:
                return Count(self.mdd.count(allowed))
            return Count(projected_count(self.mdd, allowed, set(counted)))
        if self.circuit is not None and project is None:
            return Count(self.circuit.count(allowed))
        clock = Clock(seconds)
        most = solutions_paid(solutions, COUNT_WORK, self.search.cnf.top)
        found = self.search.count(allowed, counted, most, CONFLICTS, clock)
        return Count(found.count) if found.exact else Count(found.count, False, _count_note(found, clock))

    def complete(
        self,
        choices: Choices,
        context: dict[str, str],
        on: date,
        *,
        preferences: dict[tuple[str, str], int] | None = None,
        budget: int | Decimal | None = None,
        objective: Objective = "price",
        k: int = 3,
        seconds: float = SECONDS,
        work: float = COMPLETION_WORK,
    ) -> Offers:
        """The best configuration keeping the choices and up to k-1 diverse alternatives, each priced.

        `budget` caps the list price, in minor units; `work` is CP-SAT deterministic time for all
        offers together, `seconds` only the safety net. `Offers.narrowed` says what a limit left out.
        """
        _, allowed = self.masks(choices, context, on)
        limit = _price_budget(budget)
        if not 1 <= k <= MAX_OFFERS:
            raise SelectionError("k {k} is not a number of offers from 1 to {most}", k=k, most=MAX_OFFERS)
        weights = {self._preference(a, o): _weight(a, o, w) for (a, o), w in (preferences or {}).items()}
        question = CompletionQuestion(
            single_values(allowed), weights, limit, objective, k - 1, work=work, seconds=seconds
        )
        optimizer = self.optimizer(on)
        hints = diagram_hints(self.mdd, optimizer.scores(question), allowed, k) if self.mdd is not None else None
        completions = optimizer.complete(question, hints)
        offers = Offers(narrowed=completions.narrowed)
        for completion in completions.found:
            configuration = self._choices_of(completion.values)
            breakdown = price(
                self.catalog,
                Selection(product=self.product.id, choices=configuration),
                Context(values=context, on=on),
            )
            best = offers[0].choices if offers else configuration
            differs = tuple(a for a in configuration if configuration[a] != best.get(a))
            offers.append(
                Offer(
                    configuration,
                    completion.price,
                    breakdown.total,
                    breakdown.margin.amount,
                    completion.fit,
                    completion.optimal,
                    differs,
                )
            )
        return offers

    # ---- answers in catalog terms

    def _attribute_vars(self, attributes: list[str] | None = None) -> list[int]:
        names = attributes if attributes is not None else list(self.problem.attribute_vars)
        return [var for name in names for var in self.problem.attribute_vars[name]]

    def _valid(self, masks: dict[int, BoolArray]) -> dict[str, list[Value]]:
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

    def _label(self, var: int) -> str | None:
        """The name a choice goes by in answers: the attribute id, `context:KEY`, or None for the date."""
        variable = self.problem.variables[var]
        if variable.attribute is not None:
            return variable.attribute
        return variable.name if variable.kind == "context" else None

    def _value_id(self, var: int, position: int) -> str | None:
        """The option id (or number) an excluded value stands for; None for a many-of's "not chosen"."""
        variable = self.problem.variables[var]
        if variable.kind == "member":
            return str(variable.option) if position == 1 else None
        return str(variable.values[position])

    def _reasons(
        self,
        allowed: Allowed,
        masks: dict[int, BoolArray],
        undecided: dict[int, frozenset[int]],
        locale: str,
        limits: Limits,
        clock: Clock,
        narrowed: list[str],
    ) -> dict[str, dict[str, list[Reason]]]:
        """Per excluded option, the single rules that exclude it, else a minimal conflict (as the budget allows)."""
        found: dict[tuple[int, int], list[Reason]] = {}
        for exclusion in exclusions(self.locals, allowed, self.problem):
            reason = self._reason(exclusion, locale)
            for position in exclusion.positions:
                found.setdefault((exclusion.var, position), []).append(reason)
        result: dict[str, dict[str, list[Reason]]] = {}
        unexplained: list[tuple[str, str, int, int]] = []
        for attribute, indices in self.problem.attribute_vars.items():
            for var in indices:
                for position in np.flatnonzero(~masks[var]).tolist():
                    option = self._value_id(var, position)
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
        result: dict[str, dict[str, list[Reason]]],
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
        fixed, hard = self._fixed_and_given(allowed)
        cnf = self.search.cnf
        paid = searches(limits.reasons, cnf.top, len(cnf.activation))
        for attribute, option, var, position in unexplained[:paid]:
            if clock.expired():
                narrowed.append(clock.cut("reasons") + f'; the other options say "{COMBINATION}"')
                return
            result[attribute][option] = self._combination(var, position, fixed, hard, locale, limits.conflicts)

    def _combination(
        self, var: int, position: int, fixed: dict[int, int], hard: dict[int, int], locale: str, conflicts: int
    ) -> list[Reason]:
        """Why a value is out when no single rule excludes it: a minimal conflict with it (within `conflicts`)."""
        soft = {v: p for v, p in fixed.items() if v not in hard and v != var}
        soft[var] = position
        key = (tuple(sorted(soft.items())), tuple(sorted(hard.items())))
        if key not in self._explained:
            try:
                conflict = self.search.finder.explain(soft, hard, conflicts)
            except SolverBudgetError:
                return [Reason(None, COMBINATION, ())]
            if len(self._explained) >= 4096:
                self._explained.clear()
            self._explained[key] = conflict
        conflict = self._explained[key]
        if conflict is None:
            return [Reason(None, COMBINATION, ())]
        choices = self._labels(conflict, hard, var)
        return [
            Reason(self.problem.constraints[c].rule, self.describe(self.problem.constraints[c], locale), choices)
            for c in conflict.constraints
        ]

    def _reason(self, exclusion: Exclusion, locale: str) -> Reason:
        """A single rule's exclusion as a reason: its message and the choices it rests on."""
        return Reason(
            exclusion.constraint.rule, self.describe(exclusion.constraint, locale), self._names(exclusion.choices)
        )

    def _names(self, variables: Iterable[int]) -> tuple[str, ...]:
        """The names the variables go by in answers, each once, in order (the date has none)."""
        return tuple(dict.fromkeys(label for var in variables if (label := self._label(var)) is not None))

    def _labels(self, conflict: SatConflict, given: dict[int, int], skip: int | None = None) -> tuple[str, ...]:
        """The choices of a conflict (but `skip`), and the given context its constraints test."""
        scoped = [var for var in given if any(var in self.locals[c].scope for c in conflict.constraints)]
        return self._names([*(var for var in conflict.choices if var != skip), *scoped])

    def _fixed_and_given(self, allowed: Allowed) -> tuple[dict[int, int], dict[int, int]]:
        """The variables fixed to one value, and those of them the customer did not choose (context, date)."""
        fixed = single_values(allowed)
        return fixed, {var: p for var, p in fixed.items() if self.problem.variables[var].attribute is None}

    def _conflict(self, allowed: Allowed, locale: str, conflicts: int, narrowed: list[str]) -> Conflict:
        """A minimal set of the choices and rules that cannot hold together (empty when too hard to find)."""
        fixed, hard = self._fixed_and_given(allowed)
        soft = {var: p for var, p in fixed.items() if var not in hard}
        try:
            found = self.search.finder.explain(soft, hard, conflicts)
        except SolverBudgetError:
            narrowed.append("conflict: too hard to explain within the work budget")
            return Conflict((), ())
        if found is None:
            return Conflict((), ())
        return Conflict(
            self._labels(found, hard),
            tuple(self._rule_ref(self.problem.constraints[c], locale) for c in found.constraints),
        )

    def _repairs(
        self,
        checked: Choices,
        allowed: Allowed,
        on: date,
        latest: str | None,
        priorities: dict[str, int],
        clock: Clock,
        narrowed: list[str],
    ) -> list[Repair]:
        if not checked:
            return []
        latest = latest if latest in checked else list(checked)[-1]
        keep = set(self.problem.attribute_vars[latest])
        fixed = single_values(allowed)
        hard = {var: p for var, p in fixed.items() if var in keep or self.problem.variables[var].attribute is None}
        soft = {var: p for var, p in fixed.items() if var not in hard}
        weights, _ = property_weights(self.problem, "price", on)
        question = RepairQuestion(
            soft,
            hard,
            {var: priorities.get(str(self.problem.variables[var].attribute), 0) for var in soft},
            {var: [int(w) for w in weights[var]] for var in soft if var in weights},
        )
        if self.mdd is not None:
            found = repairs(on_diagram(self.mdd, question), question)
        elif self.circuit is not None:
            found = repairs(on_circuit(self.circuit, question), question)
        else:
            found = repairs(self._search_repairs(question, on, clock, narrowed), question)
        result = []
        for repair in found:
            values = dict(fixed)
            values.update(repair.changes)
            after = self._choices_of(tuple(values.get(v, 0) for v in range(len(self.problem.variables))))
            selection = {attribute: after[attribute] for attribute in checked}
            changes = {a: selection[a] for a in checked if selection[a] != checked[a]}
            difference = sum(
                question.price[var][position] - question.price[var][soft[var]]
                for var, position in repair.changes
                if var in question.price
            )
            result.append(Repair(changes, selection, difference))
        return result

    def _search_repairs(
        self, question: RepairQuestion, on: date, clock: Clock, narrowed: list[str]
    ) -> Callable[[Limit], tuple[int, dict[int, int]] | None]:
        """Cheapest repairs by CP-SAT, each solve within its work; once the clock ends one, no more are looked for."""
        optimizer = self.optimizer(on)
        cut: list[str] = []

        def find(limits: Limit) -> tuple[int, dict[int, int]] | None:
            if cut:
                return None
            try:
                return optimizer.cheapest_repair(question, limits, clock)
            except CutShortError as error:
                cut.append(str(error))
                narrowed.append(str(error))
                return None

        return find

    def _choices_of(self, values: tuple[int, ...]) -> Choices:
        """A complete assignment as catalog choices (numbers as `Decimal`, many-of as option lists)."""
        choices: Choices = {}
        for attribute, indices in self.problem.attribute_vars.items():
            first = self.problem.variables[indices[0]]
            if first.kind == "member":
                choices[attribute] = [str(self.problem.variables[v].option) for v in indices if values[v] == 1]
            else:
                choices[attribute] = first.values[values[indices[0]]]  # type: ignore[assignment]
        return choices

    def _preference(self, attribute_id: str, option: str) -> tuple[int, int]:
        attribute = self.product.attribute_index.get(attribute_id)
        if attribute is None:
            raise SelectionError(f"unknown attribute '{attribute_id}' on product '{self.product.id}'")
        if isinstance(attribute, ManyOf):
            if option not in {o.id for o in attribute.options}:
                raise SelectionError(f"unknown option '{option}' for attribute '{attribute_id}'")
            return self.problem.var_of(attribute_id, option).index, 1
        variable = self.problem.var_of(attribute_id)
        if isinstance(attribute, Numeric):
            try:
                number = Decimal(option)
            except ArithmeticError:
                raise SelectionError(f"attribute '{attribute_id}' takes a number, not '{option}'") from None
            return variable.index, numeric_position(self.problem, variable, number)
        if option not in variable.values:
            raise SelectionError(f"unknown option '{option}' for attribute '{attribute_id}'")
        return variable.index, variable.values.index(option)

    def _rule_ref(self, constraint: Constraint, locale: str) -> RuleRef:
        return RuleRef(constraint.rule, self.describe(constraint, locale))

    def describe(self, constraint: Constraint, locale: str = "en") -> str:
        """A constraint in words: the rule's own message, or a sentence for a catalog structure fact."""
        if constraint.message is not None:
            return localize(constraint.message, locale)
        kind, _, rest = constraint.id.partition(":")
        if kind == "rule":
            return f"rule '{rest}'"
        if kind == "product":
            return f"'{self.product.id}' is not available on this date"
        if kind == "dates":
            attribute, _, option = rest.partition(":")
            return f"option '{option}' of '{attribute}' is not available on this date"
        attribute, _, bound = rest.partition(":")
        many = self.product.attribute_index[attribute]
        assert isinstance(many, ManyOf)
        if bound == "min":
            return f"choose at least {many.min_count} options of '{attribute}'"
        return f"choose at most {many.max_count} options of '{attribute}'"


def single_values(allowed: Allowed) -> dict[int, int]:
    """The variables the masks fix to one value, with that value's position."""
    return {var: int(np.flatnonzero(m)[0]) for var, m in enumerate(allowed) if m is not None and m.sum() == 1}


def _worth_compiling(entry: Entry, budget: Budget, method: str) -> bool:
    """A cached "too hard" entry is tried again only with a bigger budget (a circuit only when asked for).

    A diagram that ran past its work budgets is tried again only with bigger ones (it would run past
    the same budgets again); one the clock cut short, also with more seconds.
    """
    if method == "circuit":
        return entry.circuit is None and budget.circuit_seconds > entry.circuit_seconds
    if entry.mdd is not None:
        return False
    if budget.nodes > entry.budget_nodes or budget.reordering > entry.budget_reordering:
        return True
    if entry.cut_short and budget.seconds > entry.budget_seconds:
        return True
    return entry.circuit is None and budget.circuit_seconds > entry.circuit_seconds


def _count_note(counted: SearchCount, clock: Clock) -> str:
    """What made a search count a lower bound: the clock, or the work budget."""
    if counted.cut_short:
        return clock.cut(f"count: at least {counted.count:,}")
    return f"count: at least {counted.count:,}, more than the search enumerates within the work budget"


def _price_budget(budget: object) -> int | None:
    """A list-price budget as whole minor units from 0 to `MAX_MINOR_UNITS`, else `SelectionError`."""
    if budget is None:
        return None
    whole = _whole_number(budget)
    if whole is None or not 0 <= whole <= MAX_MINOR_UNITS:
        raise SelectionError(
            "budget {budget} is not a whole number of minor units from 0 to {most}", budget=budget, most=MAX_MINOR_UNITS
        )
    return whole


def _weight(attribute: str, option: str, weight: object) -> int:
    """A preference weight as a whole number within `MAX_WEIGHT` either way, else `SelectionError`."""
    whole = _whole_number(weight)
    if whole is None or abs(whole) > MAX_WEIGHT:
        raise SelectionError(
            "the weight {weight} of '{attribute}={option}' is not a whole number from -{most} to {most}",
            weight=weight,
            attribute=attribute,
            option=option,
            most=MAX_WEIGHT,
        )
    return whole


def _whole_number(number: object) -> int | None:
    """`number` as an int when it is a finite whole number of moderate size (int, Decimal or float), else None.

    The size is checked first and without the decimal context (`copy_abs`, which cannot overflow),
    so a Decimal like 1E+999999999 is neither expanded nor an arithmetic error.
    """
    if isinstance(number, bool):
        return None
    if isinstance(number, int):
        return number
    if isinstance(number, Decimal):
        if not number.is_finite() or number.copy_abs() > 2**64 or number != number.to_integral_value():
            return None
        return int(number)
    if isinstance(number, float) and math.isfinite(number) and number.is_integer() and abs(number) <= 2**64:
        return int(number)
    return None
