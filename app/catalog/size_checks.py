"""Checks that a product stays within the sizes the engine and the pricing are built for.

The limits and their reasons are in `app.catalog.limits`; each problem is `(loc, message)`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from app.catalog.attributes import Attribute, Numeric, YesNo
from app.catalog.errors import Loc, Message
from app.catalog.limits import MAX_ATTRIBUTES, MAX_PRICE, MAX_PRODUCT_VALUES

Problem = tuple[Loc, str]
TOO_LARGE = "price line too large: {per_unit} × {units} = {highest} at {max} (a price line is at most {limit})"


def product_size_problems(modules: list[list[Attribute | None]], loc: Loc) -> Iterator[Problem]:
    """Too many attributes, or too many values of all of them together, in one product."""
    attributes = [attribute for module in modules for attribute in module if attribute is not None]
    if len(attributes) > MAX_ATTRIBUTES:
        yield (
            (*loc, "modules"),
            Message(
                "too many attributes: {count} (a product has at most {limit})",
                count=f"{len(attributes):,}",
                limit=f"{MAX_ATTRIBUTES:,}",
            ),
        )
    values = sum(domain_size(attribute) for attribute in attributes)
    if values > MAX_PRODUCT_VALUES:
        yield (
            (*loc, "modules"),
            Message(
                "too many values: its attributes have {count} together (a product has at most {limit})",
                count=f"{values:,}",
                limit=f"{MAX_PRODUCT_VALUES:,}",
            ),
        )


def domain_size(attribute: Attribute) -> int:
    """How many values an attribute has, counted without listing them."""
    if isinstance(attribute, Numeric):
        return attribute.size
    if isinstance(attribute, YesNo):
        return 2
    return len(attribute.options)


def formula_problems(attribute: Numeric, loc: Loc) -> Iterator[Problem]:
    """Price formula lines that could pass `MAX_PRICE` at the attribute's largest value."""
    for index, formula in enumerate(attribute.price_formula):
        units = max(Decimal(0), attribute.max - formula.above)
        for name, per_unit in (("per_unit", formula.per_unit), ("cost_per_unit", formula.cost_per_unit)):
            highest = per_unit * units
            if highest > MAX_PRICE:
                yield (
                    (*loc, "price_formula", index, name),
                    Message(
                        TOO_LARGE,
                        per_unit=f"{per_unit:,}",
                        units=units,
                        highest=f"{highest:,}",
                        max=attribute.max,
                        limit=f"{MAX_PRICE:,}",
                    ),
                )
