"""From a catalog product to a finite-domain problem: variables, domains and constraints.

Variables, in this order (which is also the decision-diagram layer order): the product's
attributes module by module, then the period, then one per customer-context key. The period
and the context are fixed by every question; kept last, they cost the diagram little. A one-of,
yes/no or numeric attribute is one variable whose values are its options (or numbers); a
many-of attribute is one yes/no "member" variable per option, so any subset can be chosen.
Each catalog rule becomes one `Constraint` carrying the rule's id and message; structural
facts (option dates, many-of counts) become constraints without a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from app.catalog.base import Dated
from app.catalog.model import Catalog, Product
from app.catalog.text import Text
from app.engine.expressions import Expr, In, implies
from app.engine.periods import Period, in_force_periods

Value = str | Decimal | bool | None
Kind = Literal["period", "context", "one_of", "yes_no", "numeric", "member"]
NOT_GIVEN = None
"""The value of a context variable when the context does not give that key."""
OTHER = "*other*"
"""The value of a context variable for a value no rule mentions (keys declared without values)."""


@dataclass(frozen=True)
class Variable:
    """One decision: its position, name, kind, the attribute (and option) it stands for, its values."""

    index: int
    name: str
    kind: Kind
    values: tuple[Value, ...]
    attribute: str | None = None
    option: str | None = None
    module: str | None = None

    def position(self, value: Value) -> int:
        """The position of `value` in the domain (ValueError when it is not there)."""
        return self.values.index(value)


@dataclass(frozen=True)
class Constraint:
    """One constraint; `rule` is the catalog rule's id, None for structural constraints."""

    id: str
    expr: Expr
    rule: str | None = None
    message: Text | None = None


@dataclass
class Problem:
    """The finite-domain problem of one product of one catalog version."""

    catalog: Catalog
    product: Product
    periods: list[Period]
    variables: list[Variable] = field(default_factory=list)
    constraints: list[Constraint] = field(default_factory=list)
    context_vars: dict[str, int] = field(default_factory=dict)
    attribute_vars: dict[str, list[int]] = field(default_factory=dict)

    period_var: int = -1
    """The index of the period variable."""

    def add_variable(self, name: str, kind: Kind, values: tuple[Value, ...], **where: str | None) -> int:
        """Append a variable and return its index."""
        variable = Variable(len(self.variables), name, kind, values, **where)
        self.variables.append(variable)
        return variable.index

    def attribute_variables(self, attributes: list[str] | None = None) -> list[int]:
        """The variables of the attributes (all of them when None), in order."""
        names = attributes if attributes is not None else list(self.attribute_vars)
        return [var for name in names for var in self.attribute_vars[name]]

    def var_of(self, attribute: str, option: str | None = None) -> Variable:
        """The variable of a one-of/yes-no/numeric attribute, or of one member of a many-of."""
        for index in self.attribute_vars[attribute]:
            variable = self.variables[index]
            if variable.kind != "member" or variable.option == option:
                return variable
        raise KeyError(f"{attribute}:{option}")


def in_force(problem: Problem, dated: Dated, expr: Expr) -> Expr:
    """`expr` when `dated` is in force in every period, else only in the periods it is in force."""
    if dated.valid_from is None and dated.valid_to is None:
        return expr
    periods = in_force_periods(problem.periods, dated)
    return implies(In(problem.period_var, periods), expr)
