"""A neutral feature model: the tree and the cross-tree formulas that UVL and FeatureIDE share.

Both readers build a `FeatureModel`; one converter (`tree.py`) turns it into a catalog.
A feature has groups of children: `mandatory` (each child is in exactly when its parent is),
`optional` (any of them), `alternative` (exactly one), `or` (at least one) and `cardinality`
(between `low` and `high`, `None` meaning any number). Prices are in the currency's major
units (euros), as the sources write them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

GroupKind = Literal["mandatory", "optional", "alternative", "or", "cardinality"]


@dataclass
class Feature:
    """One feature: its name as the source writes it, its child groups, and what it carries."""

    name: str
    groups: list[Group] = field(default_factory=list)
    description: str | None = None
    price: Decimal | None = None
    line: int | None = None


@dataclass
class Group:
    """Children of a feature under one group kind; `low`..`high` only for `cardinality`."""

    kind: GroupKind
    children: list[Feature]
    low: int = 0
    high: int | None = None


@dataclass(frozen=True)
class Ref:
    """The named feature is selected."""

    name: str


@dataclass(frozen=True)
class Not:
    """The operand does not hold."""

    operand: Expr


@dataclass(frozen=True)
class _Joined:
    """Operands under one connective that takes any number of them (`And`, `Or`)."""

    operands: tuple[Expr, ...]


@dataclass(frozen=True)
class And(_Joined):
    """Every operand holds."""


@dataclass(frozen=True)
class Or(_Joined):
    """At least one operand holds."""


@dataclass(frozen=True)
class _Pair:
    """Two operands under one connective (`Implies`, `Iff`)."""

    left: Expr
    right: Expr


@dataclass(frozen=True)
class Implies(_Pair):
    """When `left` holds, `right` holds."""


@dataclass(frozen=True)
class Iff(_Pair):
    """`left` holds exactly when `right` holds."""


Expr = Ref | Not | And | Or | Implies | Iff


@dataclass
class CrossTree:
    """A cross-tree constraint: its place among the source's constraints (1-based) and its line."""

    expr: Expr
    number: int
    line: int | None = None


@dataclass
class FeatureModel:
    """A whole model: the root feature, the constraints, and notes on what was not read."""

    root: Feature
    constraints: list[CrossTree] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    label: str | None = None

    def features(self) -> list[Feature]:
        """Every feature, depth first, in source order."""
        found: list[Feature] = []
        stack = [self.root]
        while stack:
            feature = stack.pop()
            found.append(feature)
            stack.extend(child for group in reversed(feature.groups) for child in reversed(group.children))
        return found


def conjunction(parts: list[Expr]) -> Expr:
    """`parts` joined by `and`, nested conjunctions spliced in (`a & (b & c)` is `a & b & c`)."""
    return And(tuple(_splice(And, parts)))


def disjunction(parts: list[Expr]) -> Expr:
    """`parts` joined by `or`, nested disjunctions spliced in."""
    return Or(tuple(_splice(Or, parts)))


def _splice(kind: type[And] | type[Or], parts: list[Expr]) -> list[Expr]:
    spliced: list[Expr] = []
    for part in parts:
        spliced.extend(part.operands if isinstance(part, kind) else (part,))
    return spliced


def references(expr: Expr) -> list[str]:
    """The feature names a formula mentions, in order of first appearance."""
    if isinstance(expr, Ref):
        return [expr.name]
    if isinstance(expr, Not):
        return references(expr.operand)
    parts = expr.operands if isinstance(expr, And | Or) else (expr.left, expr.right)
    return list(dict.fromkeys(name for part in parts for name in references(part)))


def render(expr: Expr) -> str:
    """The formula in words: `GPS and not Basic`, parentheses around nested compounds."""
    if isinstance(expr, Ref):
        return expr.name
    if isinstance(expr, Not):
        return f"not {_nested(expr.operand)}"
    if isinstance(expr, And | Or):
        word = " and " if isinstance(expr, And) else " or "
        return word.join(_nested(part) for part in expr.operands)
    word = " requires " if isinstance(expr, Implies) else " if and only if "
    return _nested(expr.left) + word + _nested(expr.right)


def _nested(expr: Expr) -> str:
    text = render(expr)
    return text if isinstance(expr, Ref | Not) else f"({text})"


def message(expr: Expr) -> str:
    """A sentence a customer can read for a cross-tree constraint."""
    if isinstance(expr, Implies) and isinstance(expr.right, Not):
        return f"{_nested(expr.left)} excludes {_nested(expr.right.operand)}"
    if isinstance(expr, Implies | Iff):
        return render(expr)
    if isinstance(expr, Not) and isinstance(expr.operand, And):
        return f"Not together: {', '.join(_nested(part) for part in expr.operand.operands)}"
    return f"Required: {render(expr)}"
