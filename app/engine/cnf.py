"""The problem as clauses for an incremental SAT solver (Glucose through python-sat).

Each variable value is one literal, exactly one per variable. A constraint with its local
decision diagram is encoded from the diagram: one literal per node, for each edge the clauses
"node and value -> the child" and "value and child -> node", and for each node "node -> one
of its edges' values", so a node's literal is true exactly when the configuration is one of
its paths below. That is as small as the diagram and lets unit propagation do the work (price sums in cents, which
pseudo-Boolean encodings turn into millions of clauses, stay small). Without a diagram,
expressions get one literal each (Tseitin) and a linear constraint a pseudo-Boolean encoding,
only in the direction the translation uses (its literal implies the sum). Every constraint has
an activation literal, so a solve under assumptions can switch constraints on and off, which
is what minimal conflict explanations need. With diagrams, every helper literal (ladder steps
of exactly-one, diagram nodes) is fixed by the values, so the models of the clauses are the
configurations one to one: what the d4 compiler (`circuit`) needs to count them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pysat.card import CardEnc
from pysat.card import EncType as CardType
from pysat.formula import IDPool
from pysat.pb import EncType as PbType
from pysat.pb import PBEnc

from app.engine.expressions import And, Expr, In, Linear, Not, Or, Table
from app.engine.mdd import Mdd
from app.engine.problem import Problem


@dataclass
class Cnf:
    """Clauses over value literals `value_lit[var][position]` and constraint activation literals."""

    clauses: list[list[int]] = field(default_factory=list)
    value_lit: list[list[int]] = field(default_factory=list)
    activation: list[int] = field(default_factory=list)
    top: int = 0


class CnfEncoder:
    """Encodes one problem; `encode()` returns the `Cnf`."""

    def __init__(self, problem: Problem, diagrams: Sequence[Mdd] | None = None) -> None:
        self.problem = problem
        self.diagrams = diagrams
        self.pool = IDPool()
        self.cnf = Cnf()
        self._true = self._id("true")
        self.cnf.clauses.append([self._true])

    def encode(self) -> Cnf:
        """Clauses for every domain and every constraint (each behind its activation literal)."""
        for variable in self.problem.variables:
            lits = [self._id(("v", variable.index, p)) for p in range(len(variable.values))]
            self.cnf.value_lit.append(lits)
            self.cnf.clauses.append(list(lits))
            self._at_most_one(lits)
        for index, constraint in enumerate(self.problem.constraints):
            active = self._id(("a", index))
            self.cnf.activation.append(active)
            if self.diagrams is not None:
                self.cnf.clauses.append([-active, self.diagram(self.diagrams[index])])
            else:
                self.cnf.clauses.append([-active, self.literal(constraint.expr)])
        self.cnf.top = int(self.pool.top)
        return self.cnf

    def _at_most_one(self, lits: list[int]) -> None:
        """Pairwise for small domains, else a ladder: helper i is true exactly when one of lits[:i+1] is."""
        if len(lits) <= 6:
            self.cnf.clauses.extend(CardEnc.atmost(lits, 1, vpool=self.pool, encoding=CardType.pairwise).clauses)
            return
        before = lits[0]
        for lit in lits[1:]:
            self.cnf.clauses.append([-lit, -before])
            if lit == lits[-1]:
                break
            step = self._id()
            self.cnf.clauses.extend([[-step, before, lit], [step, -before], [step, -lit]])
            before = step

    def diagram(self, mdd: Mdd) -> int:
        """A literal that implies the configuration is a path of `mdd` (a local diagram)."""
        if mdd.is_empty():
            return -self._true
        below: list[int] = [self._true]
        for i in range(len(mdd.layers) - 1, -1, -1):
            layer, var = mdd.layers[i], mdd.order[i]
            nodes = [self._id() for _ in range(layer.nodes)]
            edges: dict[tuple[int, int], int] = {}
            for src, value, dst in zip(layer.src.tolist(), layer.value.tolist(), layer.dst.tolist(), strict=True):
                edges[(src, value)] = dst
            lits = self.cnf.value_lit[var]
            values: dict[int, list[int]] = {}
            for (src, value), dst in edges.items():
                values.setdefault(src, []).append(lits[value])
                if below[dst] != self._true:
                    self.cnf.clauses.append([-nodes[src], -lits[value], below[dst]])
                    self.cnf.clauses.append([nodes[src], -lits[value], -below[dst]])
                else:
                    self.cnf.clauses.append([nodes[src], -lits[value]])
            for node, node_lit in enumerate(nodes):
                self.cnf.clauses.append([-node_lit, *values.get(node, [])])
            below = nodes
        return below[0]

    def _id(self, key: object = None) -> int:
        return int(self.pool.id(key))

    def literal(self, expr: Expr) -> int:
        """A literal that implies `expr` (and is implied by it, except for linear parts)."""
        if isinstance(expr, In):
            return self._or([self.cnf.value_lit[expr.var][p] for p in sorted(expr.values)])
        if isinstance(expr, Not):
            return -self.literal(expr.part)
        if isinstance(expr, And):
            return -self._or([-self.literal(part) for part in expr.parts])
        if isinstance(expr, Or):
            return self._or([self.literal(part) for part in expr.parts])
        if isinstance(expr, Table):
            return self._table(expr)
        return self._linear(expr)

    def _or(self, lits: list[int]) -> int:
        if not lits:
            return -self._true
        if len(lits) == 1:
            return lits[0]
        out = self._id()
        self.cnf.clauses.append([-out, *lits])
        self.cnf.clauses.extend([[out, -lit] for lit in lits])
        return out

    def _table(self, table: Table) -> int:
        rows = []
        for row in table.rows:
            cells = [self.cnf.value_lit[var][cell] for var, cell in zip(table.vars, row, strict=True) if cell != -1]
            rows.append(-self._or([-lit for lit in cells]) if cells else self._true)
        any_row = self._or(rows)
        return any_row if table.allowed else -any_row

    def _linear(self, linear: Linear) -> int:
        out = self._id()
        if linear.op == "!=":
            below = Linear(linear.terms, "<", linear.rhs)
            above = Linear(linear.terms, ">", linear.rhs)
            self.cnf.clauses.append([-out, self._linear(below), self._linear(above)])
            return out
        bounds = {
            "<=": [("<=", linear.rhs)],
            "<": [("<=", linear.rhs - 1)],
            ">=": [(">=", linear.rhs)],
            ">": [(">=", linear.rhs + 1)],
            "==": [("<=", linear.rhs), (">=", linear.rhs)],
        }[linear.op]
        for op, bound in bounds:
            self._pb(linear, op, bound, out)
        return out

    def _pb(self, linear: Linear, op: str, bound: int, guard: int) -> None:
        """Clauses for `guard -> sum op bound`, with `op` "<=" or ">=".

        A ">=" is turned into "<=" by negating weights; each variable's least weight is then
        subtracted from its weights and from the bound, so every weight left is positive.
        """
        sign = 1 if op == "<=" else -1
        limit = sign * bound
        lits: list[int] = []
        weights: list[int] = []
        for var, var_weights in linear.terms:
            signed = [sign * weight for weight in var_weights]
            least = min(signed)
            limit -= least
            for position, weight in enumerate(signed):
                if weight > least:
                    lits.append(self.cnf.value_lit[var][position])
                    weights.append(weight - least)
        if limit < 0:
            self.cnf.clauses.append([-guard])
            return
        if sum(weights) <= limit:
            return
        encoded = PBEnc.leq(lits, weights, limit, vpool=self.pool, encoding=PbType.best, conditionals=[guard])
        self.cnf.clauses.extend(encoded.clauses)
