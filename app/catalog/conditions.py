"""Conditions over attributes and customer context, used by rules and price rules.

An attribute condition tests one attribute with exactly one operator:
`equals`, `not_equals`, `in`, `not_in` (option ids, or numbers for numeric attributes) or
`lt`, `le`, `gt`, `ge` (numeric attributes only). On a many-of attribute, `equals: x` means
"x is among the chosen options", `in: [x, y]` means "any of them is chosen" and `not_in` "none is".
A context condition tests a customer-context key (tier, segment, region, channel) with
`equals`, `in` or `not_in`; a key missing from the context never equals anything.
`all`, `any` and `not` combine conditions.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, model_validator

from app.catalog.base import CatalogModel
from app.catalog.errors import ProblemValueError
from app.catalog.ids import Id

Scalar = str | int | Decimal
"""An option id or a number; resolved against the attribute's kind when the catalog is checked."""

AttributeOperator = Literal["equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge"]
NUMERIC_OPERATORS: frozenset[str] = frozenset({"lt", "le", "gt", "ge"})


class AttributeCondition(CatalogModel):
    """`{attribute: waist, ge: 30}` or `{attribute: opening, in: [flare, wide]}`."""

    attribute: Id
    equals: Scalar | None = None
    not_equals: Scalar | None = None
    in_: list[Scalar] | None = Field(default=None, alias="in", min_length=1)
    not_in: list[Scalar] | None = Field(default=None, min_length=1)
    lt: Decimal | None = None
    le: Decimal | None = None
    gt: Decimal | None = None
    ge: Decimal | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> AttributeCondition:
        used = [name for name in _OPERATOR_FIELDS if getattr(self, name) is not None]
        if len(used) != 1:
            names = ", ".join(_OPERATOR_NAMES)
            raise ProblemValueError("give exactly one operator ({names}); found {count}", names=names, count=len(used))
        return self

    @property
    def operator(self) -> AttributeOperator:
        """The operator this condition uses, by its document name (`in`, not `in_`)."""
        return self.operation[0]

    @property
    def operand(self) -> Any:
        """The value (or list of values) the operator compares with."""
        return self.operation[1]

    @property
    def operation(self) -> tuple[AttributeOperator, Any]:
        """The operator and its value, found in one pass (rule checks read them by the thousand)."""
        fields = self.__dict__
        for field_name, name in _OPERATORS:
            value = fields[field_name]
            if value is not None:
                return name, value
        raise AssertionError("validated conditions have an operator")


_OPERATOR_FIELDS = ("equals", "not_equals", "in_", "not_in", "lt", "le", "gt", "ge")
_OPERATOR_NAMES = ("equals", "not_equals", "in", "not_in", "lt", "le", "gt", "ge")
_OPERATORS: tuple[tuple[str, AttributeOperator], ...] = tuple(zip(_OPERATOR_FIELDS, _OPERATOR_NAMES, strict=True))  # type: ignore[arg-type]


class ContextCondition(CatalogModel):
    """`{context: tier, in: [retain]}`: a test on a value given at configuration time."""

    context: Id
    equals: str | None = None
    in_: list[str] | None = Field(default=None, alias="in", min_length=1)
    not_in: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_operator(self) -> ContextCondition:
        used = [v for v in (self.equals, self.in_, self.not_in) if v is not None]
        if len(used) != 1:
            raise ProblemValueError("give exactly one operator (equals, in, not_in); found {count}", count=len(used))
        return self

    def holds(self, context: dict[str, str]) -> bool:
        """True when the context satisfies this condition (a missing key equals nothing)."""
        value = context.get(self.context)
        if self.equals is not None:
            return value == self.equals
        if self.in_ is not None:
            return value in self.in_
        assert self.not_in is not None
        return value not in self.not_in


class AllOf(CatalogModel):
    """Every listed condition holds."""

    all: list[Condition] = Field(min_length=1)


class AnyOf(CatalogModel):
    """At least one listed condition holds."""

    any: list[Condition] = Field(min_length=1)


class NotOf(CatalogModel):
    """The condition does not hold."""

    not_: Condition = Field(alias="not")


# Tags name the union members in error paths; they differ from the keys so paths stay unambiguous.
_TAG_BY_KEY = {
    "attribute": "attribute-condition",
    "context": "context-condition",
    "all": "all-of",
    "any": "any-of",
    "not": "not-of",
}
CONDITION_TAGS = frozenset(_TAG_BY_KEY.values())


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key, tag in _TAG_BY_KEY.items():
            if key in value:
                return tag
        return None
    for model, tag in _TAG_BY_MODEL:
        if isinstance(value, model):
            return tag
    return None


_TAG_BY_MODEL: list[tuple[type, str]] = []

Condition = Annotated[
    Annotated[AttributeCondition, Tag("attribute-condition")]
    | Annotated[ContextCondition, Tag("context-condition")]
    | Annotated[AllOf, Tag("all-of")]
    | Annotated[AnyOf, Tag("any-of")]
    | Annotated[NotOf, Tag("not-of")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition needs one of the keys: attribute, context, all, any, not",
    ),
]

_TAG_BY_MODEL.extend(
    [
        (AttributeCondition, "attribute-condition"),
        (ContextCondition, "context-condition"),
        (AllOf, "all-of"),
        (AnyOf, "any-of"),
        (NotOf, "not-of"),
    ]
)
AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()


def walk(condition: Condition) -> list[AttributeCondition | ContextCondition]:
    """All the atomic conditions inside `condition`, in document order."""
    if isinstance(condition, AttributeCondition | ContextCondition):
        return [condition]
    if isinstance(condition, AllOf):
        return [atom for part in condition.all for atom in walk(part)]
    if isinstance(condition, AnyOf):
        return [atom for part in condition.any for atom in walk(part)]
    return walk(condition.not_)
