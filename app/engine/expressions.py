"""The engine's constraint language: a small expression tree over finite-domain variables.

Every rule of a catalog becomes one expression over variables identified by their index, and
values identified by their position in the variable's domain. Three back ends read it: the
decision-diagram compiler, the SAT encoder and the CP-SAT model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Op = Literal["<=", ">=", "==", "<", ">", "!="]


@dataclass(frozen=True)
class In:
    """Variable `var` takes one of the value positions in `values`."""

    var: int
    values: frozenset[int]


@dataclass(frozen=True)
class And:
    """Every part holds (an empty And is true)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Or:
    """Some part holds (an empty Or is false)."""

    parts: tuple[Expr, ...]


@dataclass(frozen=True)
class Not:
    """The part does not hold."""

    part: Expr


@dataclass(frozen=True)
class Linear:
    """`sum(weights[var][value position]) op rhs`, with integer weights (scaled from decimals)."""

    terms: tuple[tuple[int, tuple[int, ...]], ...]
    op: Op
    rhs: int


@dataclass(frozen=True)
class Table:
    """`vars` take one of the `rows` (allowed) or none of them (forbidden); -1 matches any value."""

    vars: tuple[int, ...]
    rows: tuple[tuple[int, ...], ...]
    allowed: bool


Expr = In | And | Or | Not | Linear | Table
TRUE: Expr = And(())
FALSE: Expr = Or(())


def implies(condition: Expr, consequence: Expr) -> Expr:
    """`condition` -> `consequence`, simplified when either side is a constant."""
    if condition == TRUE:
        return consequence
    if condition == FALSE or consequence == TRUE:
        return TRUE
    return Or((negate(condition), consequence))


def negate(expr: Expr) -> Expr:
    """The negation of `expr`, without double negations."""
    if isinstance(expr, Not):
        return expr.part
    if expr == TRUE:
        return FALSE
    if expr == FALSE:
        return TRUE
    return Not(expr)


def variables(expr: Expr) -> frozenset[int]:
    """The variables an expression mentions."""
    if isinstance(expr, In):
        return frozenset((expr.var,))
    if isinstance(expr, And | Or):
        return frozenset().union(*(variables(part) for part in expr.parts))
    if isinstance(expr, Not):
        return variables(expr.part)
    if isinstance(expr, Linear):
        return frozenset(var for var, _ in expr.terms)
    return frozenset(expr.vars)


def holds(expr: Expr, assignment: dict[int, int]) -> bool:
    """Evaluate `expr` on a complete assignment (variable -> value position)."""
    if isinstance(expr, In):
        return assignment[expr.var] in expr.values
    if isinstance(expr, And):
        return all(holds(part, assignment) for part in expr.parts)
    if isinstance(expr, Or):
        return any(holds(part, assignment) for part in expr.parts)
    if isinstance(expr, Not):
        return not holds(expr.part, assignment)
    if isinstance(expr, Linear):
        total = sum(weights[assignment[var]] for var, weights in expr.terms)
        return compare(total, expr.op, expr.rhs)
    matched = any(
        all(cell == -1 or assignment[var] == cell for var, cell in zip(expr.vars, row, strict=True))
        for row in expr.rows
    )
    return matched == expr.allowed


def compare(left: int, op: Op, right: int) -> bool:
    """`left op right` for the six comparison operators."""
    if op == "<=":
        return left <= right
    if op == ">=":
        return left >= right
    if op == "==":
        return left == right
    if op == "<":
        return left < right
    if op == ">":
        return left > right
    return left != right
