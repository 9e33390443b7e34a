"""Helpers for the tests of the shipped catalogs: default completions, broken rules, prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from app.catalog import Catalog, Product, load_catalog
from app.catalog.attributes import ManyOf
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.evaluate import Choices, check_configuration
from app.pricing import PriceBreakdown, price

SHIPPED = ("jeans", "bikes", "business")
"""The catalogs the project ships; every other file in catalog/ is only checked to load."""

ON = date(2026, 12, 1)
"""The default date of these tests: no seasonal promotion in force, every dated option on sale."""

Changes = dict[str, str | list[str] | int | float | Decimal]
"""Choices as tests write them: numbers may be int or float (turned into `Decimal`)."""


def load_shipped(catalog_dir: Path, name: str) -> Catalog:
    """One shipped catalog, through the real loader."""
    return load_catalog(catalog_dir / f"{name}.yaml")


def defaults(product: Product) -> Choices:
    """Every attribute at its catalog default; the shipped catalogs give one for each attribute."""
    choices: Choices = {}
    for attribute in product.attributes():
        if isinstance(attribute, ManyOf):
            choices[attribute.id] = list(attribute.default)
        else:
            assert attribute.default is not None, f"attribute '{attribute.id}' has no default"
            choices[attribute.id] = attribute.default
    return choices


def configure(product: Product, changes: Changes | None = None) -> Choices:
    """The defaults with `changes` applied."""
    return {**defaults(product), **{key: _choice(value) for key, value in (changes or {}).items()}}


def _choice(value: str | list[str] | int | float | Decimal) -> Choice:
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    return value


def broken(product: Product, changes: Changes, context: dict[str, str], on: date = ON) -> list[str]:
    """Ids of the rules the completed configuration breaks ('attribute: message' for bad choices)."""
    violations = check_configuration(product, configure(product, changes), context, on)
    return [violation.rule or f"{violation.attribute}: {violation.message}" for violation in violations]


def quote(
    catalog: Catalog, changes: Changes, context: dict[str, str], on: date = ON, quantity: int = 1
) -> PriceBreakdown:
    """The price of the completed configuration of the catalog's first product."""
    product = catalog.product()
    selection = Selection(product=product.id, choices=configure(product, changes), quantity=quantity)
    return price(catalog, selection, Context(values=context, on=on))
