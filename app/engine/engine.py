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

import time
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Literal

from app.catalog.configuration import Context, Selection
from app.catalog.evaluate import Choices
from app.catalog.model import Catalog
from app.catalog.selection import ResolvedSelection, SelectionError, resolve
from app.engine.answers import Count, Offer, Offers, Options, Reason, Repair, Validation
from app.engine.bdd import Budget
from app.engine.build import build_problem
from app.engine.cache import Cache, Entry, content_key
from app.engine.circuit import Circuit
from app.engine.compiled import Progress, compile_entry, with_circuit
from app.engine.explain import Explainer
from app.engine.expressions import holds
from app.engine.inputs import offers_wanted, preference_weight, price_budget
from app.engine.limits import COMPLETION_WORK, SECONDS, Clock, Limits
from app.engine.linear import property_weights
from app.engine.masks import context_masks, selection_masks
from app.engine.mdd import Allowed, BoolArray, Mdd
from app.engine.method import Method, MethodName
from app.engine.methods import method_for
from app.engine.optimize import CompletionQuestion, Objective, Optimizer
from app.engine.problem import Constraint, Problem
from app.engine.reasons import LocalDiagram, exclusions
from app.engine.repairs import RepairQuestion
from app.engine.search import SatSearch
from app.engine.solvers import Solvers
from app.engine.terms import Terms, single_values
from app.pricing import price

Picks = Choices | ResolvedSelection
"""A selection as choices (checked on the way in) or already resolved (checked once, when it was parsed)."""


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
        diagrams = [local.mdd for local in self.locals]
        self.solvers = Solvers(problem, diagrams, [self.mdd] if self.mdd is not None else diagrams)
        """The SAT and CP-SAT sides, built on first use (conflicts for every method)."""
        self.answers_by: Method = method_for(self.mdd, self.circuit, self.solvers)
        """The method every question that depends on how the product is held goes to, chosen once."""
        self.terms = Terms(problem)
        self.explainer = Explainer(problem, self.locals, lambda: self.search)

    @property
    def method(self) -> MethodName:
        """ "diagram" or "circuit" when a compiled form answers, "search" when both compiles were too hard."""
        return self.answers_by.name

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
        self.solvers.close()

    # ---- inputs

    def masks(self, choices: Picks, context: dict[str, str], on: date) -> tuple[Choices, list[BoolArray | None]]:
        """The checked choices and the masks of the selection, context and date (errors name the bad input).

        A `ResolvedSelection` was checked when it was parsed, so it is not checked again.
        """
        if not isinstance(choices, ResolvedSelection):
            choices = resolve(self.product, choices, on)
        elif choices.product.id != self.product.id:
            raise SelectionError(
                "the selection is of product '{other}', not '{product}'",
                where="product",
                other=choices.product.id,
                product=self.product.id,
            )
        checked = choices.choices
        return checked, selection_masks(self.problem, checked, context_masks(self.problem, context, on))

    @property
    def search(self) -> SatSearch:
        """The SAT side (built on first use): conflicts for every method, everything for search."""
        return self.solvers.search

    def optimizer(self, on: date) -> Optimizer:
        """The CP-SAT model of the period `on` falls in (built on first use)."""
        return self.solvers.optimizer(on)

    # ---- questions

    def options(
        self,
        choices: Picks,
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
        masks, count, exact, narrowed, undecided = self.answers_by.state(allowed, limits, clock)
        answer = Options(self.terms.valid(masks), {}, count, exact, method=self.method, narrowed=narrowed)
        if self._impossible(allowed, count, exact, limits, answer.narrowed):
            answer.count, answer.count_exact = 0, True
            answer.conflict = self.explainer.conflict(allowed, locale, limits.conflicts, answer.narrowed)
            answer.repairs = self._repairs(checked, allowed, on, latest, priorities or {}, clock, answer.narrowed)
            if checked:
                # Options are shown as they were before the clashing pick, so the way back is visible.
                answer.without = latest if latest in checked else list(checked)[-1]
                earlier = {a: c for a, c in checked.items() if a != answer.without}
                allowed = selection_masks(self.problem, earlier, context_masks(self.problem, context, on))
                masks, _, _, more, undecided = self.answers_by.state(allowed, limits, clock)
                answer.valid = self.terms.valid(masks)
                answer.narrowed.extend(more)
        answer.excluded = self.explainer.reasons(allowed, masks, undecided, locale, limits, clock, answer.narrowed)
        return answer

    def _impossible(self, allowed: Allowed, count: int, exact: bool, limits: Limits, narrowed: list[str]) -> bool:
        """Whether no configuration keeps the masks: from the count when it decides, else by one solver call."""
        if exact or count:
            return count == 0
        feasible = self.search.feasible(allowed, limits.conflicts)
        if feasible is None:
            narrowed.append("conflict: too hard to decide within the work budget whether the choices can hold")
            return False
        return not feasible

    def why(
        self,
        choices: Picks,
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
        var, position = self.terms.preference(attribute, option)
        masks = self.answers_by.valid_values(allowed, limits)
        if masks[var][position]:
            return []
        for exclusion in exclusions(self.locals, allowed, self.problem):
            if exclusion.var == var and position in exclusion.positions:
                return [self.explainer.reason(exclusion, locale)]
        fixed, hard = self.explainer.fixed_and_given(allowed)
        return self.explainer.combination(var, position, fixed, hard, locale, limits.conflicts)

    def validate(self, choices: Picks, context: dict[str, str], on: date, locale: str = "en") -> Validation:
        """Whether a full configuration is valid; else the rules it breaks and the attributes it leaves out."""
        checked, allowed = self.masks(choices, context, on)
        missing = tuple(a.id for a in self.product.attributes() if a.id not in checked)
        if missing:
            return Validation(False, (), missing)
        assignment = single_values(allowed)
        constraints = self.problem.constraints
        broken = tuple(self.terms.rule_ref(c, locale) for c in constraints if not holds(c.expr, assignment))
        return Validation(not broken, broken, ())

    def count(
        self,
        choices: Picks,
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
        for attribute in project or []:
            if attribute not in self.problem.attribute_vars:
                raise SelectionError(
                    "unknown attribute '{attribute}' on product '{product}'",
                    attribute=attribute,
                    product=self.product.id,
                )
        counted = None if project is None else self.problem.attribute_variables(project)
        return self.answers_by.count(allowed, counted, seconds, solutions)

    def complete(
        self,
        choices: Picks,
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
        limit = price_budget(budget)
        offers_wanted(k)
        weights = {self.terms.preference(a, o): preference_weight(a, o, w) for (a, o), w in (preferences or {}).items()}
        question = CompletionQuestion(
            single_values(allowed), weights, limit, objective, k - 1, work=work, seconds=seconds
        )
        completions = self.answers_by.complete(question, on, allowed, k)
        offers = Offers(narrowed=completions.narrowed)
        for completion in completions.found:
            configuration = self.terms.choices_of(completion.values)
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
        """The cheapest ways to keep the latest pick, changing the fewest earlier choices."""
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
        result = []
        for repair in self.answers_by.repairs(question, on, clock, narrowed):
            values = dict(fixed)
            values.update(repair.changes)
            after = self.terms.choices_of(tuple(values.get(v, 0) for v in range(len(self.problem.variables))))
            selection = {attribute: after[attribute] for attribute in checked}
            changes = {a: selection[a] for a in checked if selection[a] != checked[a]}
            difference = sum(
                question.price[var][position] - question.price[var][soft[var]]
                for var, position in repair.changes
                if var in question.price
            )
            result.append(Repair(changes, selection, difference))
        return result

    def describe(self, constraint: Constraint, locale: str = "en") -> str:
        """A constraint in words: the rule's own message, or a sentence for a catalog structure fact."""
        return self.terms.describe(constraint, locale)


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
