"""Rules: constraints between options, each with an id and a message a customer can read.

Kinds:
- `requires`: when `if` holds, `then` must hold ("Flare legs need an inseam of 30 in or more").
- `excludes`: when `if` holds, `then` must not hold.
- `table`: the listed attributes must take one of the `allowed` tuples, or none of the
  `forbidden` ones; `*` in a tuple matches any value.
- `linear`: sum of `coef` × term `op` `rhs`, optionally only when `if` holds. A term is a
  numeric attribute's value, or a named option property summed over the chosen options
  (`price` and `cost` are the options' list price and unit cost, plus formula lines and the
  product's base).
- `cardinality`: how many of `options` (default: all) a many-of attribute may have chosen.
- `eligibility`: options matching `options` are offered only to customers whose context
  matches `when` ("Express service is for Gold customers").
A rule is in force between its optional `valid_from` and `valid_to` dates.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, model_validator

from app.catalog.base import CatalogModel, Dated
from app.catalog.conditions import Condition
from app.catalog.errors import ProblemValueError
from app.catalog.ids import Id, OptionId
from app.catalog.numbers import Count, Number
from app.catalog.text import Text

Tuples = list[list[OptionId | Decimal]] | str
"""Table rows: a list of lists, or one text block with one whitespace-separated row a line."""


class RuleBase(Dated):
    """What every rule has: an id and the message shown when it excludes something."""

    id: Id
    message: Text
    description: Text | None = None


class Requires(RuleBase):
    """When `if` holds, `then` must hold; without `if`, `then` always holds."""

    kind: Literal["requires"]
    if_: Condition | None = Field(default=None, alias="if")
    then: Condition


class Excludes(RuleBase):
    """When `if` holds, `then` must not hold."""

    kind: Literal["excludes"]
    if_: Condition = Field(alias="if")
    then: Condition


class Table(RuleBase):
    """A compatibility table over `attributes`: `allowed` or `forbidden` tuples."""

    kind: Literal["table"]
    attributes: list[Id] = Field(min_length=1)
    allowed: Tuples | None = None
    forbidden: Tuples | None = None

    @model_validator(mode="after")
    def _one_list(self) -> Table:
        if (self.allowed is None) == (self.forbidden is None):
            raise ProblemValueError("give exactly one of 'allowed' or 'forbidden'")
        return self

    def rows(self) -> list[list[str]]:
        """The tuples as lists of text values (numbers written as in the document)."""
        tuples = self.allowed if self.allowed is not None else self.forbidden
        assert tuples is not None
        if isinstance(tuples, str):
            return [line.split() for line in tuples.splitlines() if line.strip()]
        return [[str(value) for value in row] for row in tuples]


class Term(CatalogModel):
    """`coef` × a numeric attribute's value, or × an option property summed over choices.

    `attributes` limits a property sum to some attributes (default: the whole product).
    """

    coef: Number = Decimal(1)
    attribute: Id | None = None
    property: Id | None = None
    attributes: list[Id] | None = None

    @model_validator(mode="after")
    def _one_source(self) -> Term:
        if (self.attribute is None) == (self.property is None):
            raise ProblemValueError("a term needs exactly one of 'attribute' or 'property'")
        if self.attributes is not None and self.property is None:
            raise ProblemValueError("'attributes' only limits a 'property' term")
        return self


class Linear(RuleBase):
    """`sum(terms) op rhs` (seat >= waist + 2; total weight_kg <= 15), optionally conditional."""

    kind: Literal["linear"]
    if_: Condition | None = Field(default=None, alias="if")
    terms: list[Term] = Field(min_length=1)
    op: Literal["<=", ">=", "==", "<", ">", "!="]
    rhs: Number


class Cardinality(RuleBase):
    """Between `min` and `max` of `options` (default: all) of a many-of attribute are chosen."""

    kind: Literal["cardinality"]
    attribute: Id
    options: list[OptionId] | None = None
    min: Count = 0
    max: Count | None = None

    @model_validator(mode="after")
    def _bounds(self) -> Cardinality:
        if self.max is not None and self.max < self.min:
            raise ProblemValueError("bad range: max {max} is below min {min}", max=self.max, min=self.min)
        return self


class Eligibility(RuleBase):
    """Choices matching `options` are offered only when the customer context matches `when`."""

    kind: Literal["eligibility"]
    options: Condition
    when: Condition


def rule_conditions(rule: RuleBase) -> list[Condition]:
    """Every condition a rule tests, in document order (tables and cardinalities have none)."""
    if isinstance(rule, Requires):
        return [c for c in (rule.if_, rule.then) if c is not None]
    if isinstance(rule, Excludes):
        return [rule.if_, rule.then]
    if isinstance(rule, Linear):
        return [rule.if_] if rule.if_ is not None else []
    if isinstance(rule, Eligibility):
        return [rule.options, rule.when]
    return []


Rule = Annotated[Requires | Excludes | Table | Linear | Cardinality | Eligibility, Field(discriminator="kind")]
