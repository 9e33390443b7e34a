"""Compiling a `Problem` into one binary decision diagram with CUDD (through `dd.cudd`).

Each variable is written in ceil(log2(domain size)) bits, most significant first, its bits
grouped so they always stay together, variables starting in problem order (module by module,
then period and context). CUDD's group sifting then moves whole variables while the diagram
grows, so the final order is whatever keeps it small (4-5 times fewer nodes on the jeans and
BR4CP catalogs than the fixed order); `levels()` reads that order for the export. Bit codes
past the domain are forbidden. Every constraint is built as a BDD and conjoined; tables are
built column by column as a trie; linear constraints are built layer by layer on their
partial sums. A compile that grows past its node budget, or spends its reordering budget,
raises `CompileBudgetError`; those budgets decide (CUDD is deterministic, so the same catalog
gives the same outcome on any machine). Reordering is where a hard catalog's time goes without
the diagram growing (automotive01: 153 of 159 s in 28 reorderings of 990 variables, never past
112,000 live nodes), so its work is counted too: each reordering sifts every variable through
the order, a cost of about variables × live nodes. A time limit is kept only as a safety net,
and the error then says the clock ended the compile.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeAlias

from dd import cudd

from app.engine.expressions import And, Expr, In, Linear, Not, Or, Table, compare
from app.engine.problem import Problem
from app.errors import TailorError

Function: TypeAlias = Any
"""A `dd.cudd.Function` (the extension module carries no type information)."""


class CompileBudgetError(TailorError):
    """The compile ran past its node budget, or (`clock` True) its safety-net time limit."""

    def __init__(self, template: str, *, clock: bool = False, **values: object) -> None:
        super().__init__(template, **values)
        self.clock = clock


@dataclass
class Budget:
    """Limits on one compile: live BDD nodes (the budget that decides) and wall-clock seconds (the
    safety net); then seconds for the d4 circuit, also a safety net (its memory limit decides).

    `nodes` 0 skips the diagram and `circuit_seconds` 0 the circuit (tests and `Engine.open(method=...)`).
    """

    seconds: float = 300.0
    nodes: int = 5_000_000
    reordering: int = 100_000_000
    """Reordering work: for each reordering, the variables it sifts times the live nodes (counted once
    per constraint). Megane compiles with 11 million, BR4CP big with 49 million; automotive01 spends
    100 million in about 40 s (what the former 30 s limit gave on an idle machine) and would go on for
    hours."""
    circuit_seconds: float = 300.0
    """When the diagram runs past its budget: seconds for the d4 circuit (0 goes straight to search)."""


class BddCompiler:
    """Builds the BDD of a problem; `bits[var]` are the BDD variable names of each variable."""

    def __init__(
        self,
        problem: Problem,
        budget: Budget | None = None,
        progress: Callable[[int, int], None] | None = None,
        *,
        reorder: bool = True,
    ) -> None:
        self.problem = problem
        self.budget = budget or Budget()
        self.progress = progress
        self.manager = cudd.BDD()
        self.bits: list[list[str]] = []
        for variable in problem.variables:
            width = max(1, (len(variable.values) - 1).bit_length())
            names = [f"v{variable.index}_{b}" for b in range(width)]
            self.manager.declare(*names)
            self.bits.append(names)
        for names in self.bits:
            if len(names) > 1:
                self.manager.group({names[0]: len(names)})
        self.manager.configure(reordering=reorder)
        self._cubes: dict[tuple[int, int], Function] = {}
        self.built: dict[int, Function] = {}
        """Each constraint's own BDD by constraint index, as `compile` built it."""
        self._deadline = float("inf")
        self._reorderings = 0
        self.reordering_work = 0
        """Reordering work so far (see `Budget.reordering`)."""

    def compile(self) -> Function:
        """The conjunction of every constraint and every domain, or `CompileBudgetError`."""
        self._deadline = time.monotonic() + self.budget.seconds
        root = self.manager.true
        for variable in self.problem.variables:
            root &= self.domain(variable.index)
        exprs = [constraint.expr for constraint in self.problem.constraints]
        constraints = sorted(range(len(exprs)), key=lambda i: _first_var(exprs[i]))
        for done, index in enumerate(constraints, start=1):
            self.built[index] = self.build(self.problem.constraints[index].expr)
            root &= self.built[index]
            self._check()
            self._check_reordering()
            if self.progress is not None:
                self.progress(done, len(constraints))
        return root

    def levels(self, variables: Iterable[int]) -> list[int]:
        """`variables` sorted by where the diagram holds them now (their first bit's level)."""
        return sorted(variables, key=self._level)

    def _level(self, var: int) -> int:
        return min(int(self.manager.level_of_var(name)) for name in self.bits[var])

    def release(self) -> None:
        """Drop every cached BDD node so the manager can be freed (CUDD checks this on exit)."""
        self._cubes.clear()
        self.built.clear()

    def _check(self) -> None:
        if len(self.manager) > self.budget.nodes:
            raise CompileBudgetError("the diagram grew past {nodes:,} BDD nodes", nodes=self.budget.nodes)
        if time.monotonic() > self._deadline:
            limit = f"{self.budget.seconds:g} s"
            raise CompileBudgetError(
                "the diagram compile was cut short by its {limit} time limit", clock=True, limit=limit
            )

    def _check_reordering(self) -> None:
        """Count the reorderings since the last check; past `budget.reordering`, `CompileBudgetError`.

        Read once per constraint: CUDD's statistics take about half a millisecond to read.
        """
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # dd warns that the "mem" entry changed unit
            reorderings = int(self.manager.statistics()["n_reorderings"])
        if reorderings > self._reorderings:
            self.reordering_work += (reorderings - self._reorderings) * len(self.bits) * len(self.manager)
            self._reorderings = reorderings
        if self.reordering_work > self.budget.reordering:
            raise CompileBudgetError("the diagram's reordering ran past {steps:,} steps", steps=self.budget.reordering)

    def cube(self, var: int, position: int) -> Function:
        """The BDD of "variable `var` has the value at `position`"."""
        key = (var, position)
        if key not in self._cubes:
            names = self.bits[var]
            width = len(names)
            assignment = {name: bool((position >> (width - 1 - b)) & 1) for b, name in enumerate(names)}
            self._cubes[key] = self.manager.cube(assignment)
        return self._cubes[key]

    def domain(self, var: int) -> Function:
        """The BDD of "variable `var` has one of its values" (excludes unused bit codes)."""
        size = len(self.problem.variables[var].values)
        if size == 1 << len(self.bits[var]):
            return self.manager.true
        return self.in_(var, frozenset(range(size)))

    def in_(self, var: int, positions: frozenset[int]) -> Function:
        """The BDD of "variable `var` takes one of `positions`"."""
        result = self.manager.false
        for position in sorted(positions):
            result |= self.cube(var, position)
        return result

    def build(self, expr: Expr) -> Function:
        """The BDD of an expression."""
        if isinstance(expr, In):
            return self.in_(expr.var, expr.values)
        if isinstance(expr, And):
            result = self.manager.true
            for part in expr.parts:
                result &= self.build(part)
            return result
        if isinstance(expr, Or):
            result = self.manager.false
            for part in expr.parts:
                result |= self.build(part)
            return result
        if isinstance(expr, Not):
            return ~self.build(expr.part)
        if isinstance(expr, Table):
            return self._table(expr)
        return self._linear(expr)

    def _table(self, table: Table) -> Function:
        """Rows as a trie over the columns in diagram order: f = f(wildcard rows) | OR_v (x = v & f(rows with v))."""
        order = sorted(range(len(table.vars)), key=lambda k: self._level(table.vars[k]))
        rows = [tuple(row[k] for k in order) for row in table.rows]
        vars_ = [table.vars[k] for k in order]
        memo: dict[tuple[int, frozenset[tuple[int, ...]]], Function] = {}
        try:
            built = self._trie(vars_, frozenset(rows), 0, memo)
        finally:
            memo.clear()
        return built if table.allowed else ~built

    def _trie(
        self,
        vars_: list[int],
        rows: frozenset[tuple[int, ...]],
        column: int,
        memo: dict[tuple[int, frozenset[tuple[int, ...]]], Function],
    ) -> Function:
        """The rows' suffixes from `column` on; equal suffix sets are built once (shared subtries)."""
        if not rows:
            return self.manager.false
        if column == len(vars_):
            return self.manager.true
        key = (column, rows)
        if key in memo:
            return memo[key]
        by_value: dict[int, set[tuple[int, ...]]] = {}
        for row in rows:
            by_value.setdefault(row[0], set()).add(row[1:])
        anything = frozenset(by_value.pop(-1, ()))
        result = self._trie(vars_, anything, column + 1, memo)
        for position, matching in sorted(by_value.items()):
            result |= self.cube(vars_[column], position) & self._trie(vars_, frozenset(matching), column + 1, memo)
        memo[key] = result
        self._check()
        return result

    def _linear(self, linear: Linear) -> Function:
        """Layer by layer on the partial sums, one node per (term, partial sum) that the bounds leave open.

        When CUDD reorders, and so the order the diagram ends in, follows from the operations that
        reach its unique table and the moments nodes die: those are the same as building each node
        as `OR over weights (term has a value of that weight) & node(next term, partial + weight)`,
        in that order. Only what CUDD answers without its tables is left out (an AND or OR with a
        constant), and the Python around it is lean (weights grouped once per term, bounds inline).
        """
        terms = linear.terms
        op, rhs = linear.op, linear.rhs
        lows = [min(weights) for _, weights in terms]
        highs = [max(weights) for _, weights in terms]
        rest_low = [sum(lows[i:]) for i in range(len(terms) + 1)]
        rest_high = [sum(highs[i:]) for i in range(len(terms) + 1)]
        groups: list[tuple[int, list[tuple[int, list[int]]]]] = []
        for var, weights in terms:
            by_weight: dict[int, list[int]] = {}
            for position, weight in enumerate(weights):
                by_weight.setdefault(weight, []).append(position)
            groups.append((var, list(by_weight.items())))
        # `total op rhs` as `total <= most` (below) or `total >= least`, for the four orderings
        below = op in ("<=", "<")
        most = rhs - 1 if op == "<" else rhs
        least = rhs + 1 if op == ">" else rhs
        monotone = op in ("<=", "<", ">=", ">")
        true, false = self.manager.true, self.manager.false
        cubes, cube = self._cubes, self.cube
        memo: dict[tuple[int, int], Function] = {}

        def in_(var: int, positions: list[int]) -> Function:
            """`self.in_`, without its first OR (with false)."""
            result = None
            for position in positions:
                found = cubes.get((var, position))
                if found is None:
                    found = cube(var, position)
                result = found if result is None else result | found
            return result

        def node(i: int, partial: int) -> Function:
            if not monotone:
                decided = _decided(op, partial + rest_low[i], partial + rest_high[i], rhs)
                if decided is not None:
                    return true if decided else false
            elif below:
                if partial + rest_high[i] <= most:
                    return true
                if partial + rest_low[i] > most:
                    return false
            else:
                if partial + rest_low[i] >= least:
                    return true
                if partial + rest_high[i] < least:
                    return false
            key = (i, partial)
            found = memo.get(key)
            if found is not None:
                return found
            var, by_weight = groups[i]
            result = false
            for weight, positions in by_weight:
                part = in_(var, positions)
                child = node(i + 1, partial + weight)
                if child is true:
                    both = part
                elif child is false:
                    both = false
                else:
                    both = part & child
                part = child = None  # dropped before the OR, as the temporaries of `in_ & node` are
                if result is false:
                    result = both
                elif both is not false:
                    result = result | both
                both = None
            memo[key] = result
            if len(memo) % 1024 == 0:
                self._check()
            return result

        try:
            return node(0, 0)
        finally:
            memo.clear()  # the recursive closure is a reference cycle; it must not keep BDD nodes alive


def _decided(op: str, low: int, high: int, rhs: int) -> bool | None:
    """True or False when every total in [low, high] gives that answer to `total op rhs`, else None."""
    if op in ("<=", "<", ">=", ">"):
        at_low, at_high = compare(low, op, rhs), compare(high, op, rhs)  # type: ignore[arg-type]
        return at_low if at_low == at_high else None
    if low == high:
        return compare(low, op, rhs)  # type: ignore[arg-type]
    if rhs < low or rhs > high:
        return op == "!="
    return None


def _first_var(expr: Expr) -> int:
    from app.engine.expressions import variables

    found = variables(expr)
    return min(found) if found else 0
