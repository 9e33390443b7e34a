"""Checking a selection against the catalog before it is priced or configured.

The product must exist and be in force on the date. Every choice must name a known attribute
and, for that attribute's kind, known options in force on the date (one id for one-of and
yes/no, a list of distinct ids for many-of) or a number that is one of a numeric attribute's
values. Rules between options are not checked: that is the engine's job. Anything else raises
`SelectionError` naming the product, attribute or option.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from app.catalog.attributes import Attribute, ManyOf, Numeric, OptionAttribute
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices
from app.catalog.model import Catalog, Product
from app.catalog.options import Option
from app.errors import NotFoundError, TailorError


class SelectionError(TailorError):
    """A product, attribute, option or value that the catalog does not offer; the message names it."""


class UnknownProductError(SelectionError, NotFoundError):
    """A product id the catalog does not have."""


@dataclass(frozen=True)
class Chosen:
    """One attribute's checked choice: its chosen options in document order, or its number."""

    attribute: Attribute
    options: tuple[Option, ...] = ()
    value: Decimal | None = None


def resolve_product(catalog: Catalog, product_id: str | None, on: date) -> Product:
    """The product to price: the one named, or the first; it must be in force on `on`."""
    if product_id is not None and product_id not in catalog.product_index:
        known = ", ".join(catalog.product_index)
        raise UnknownProductError(f"unknown product '{product_id}' (products: {known})")
    product = catalog.product(product_id)
    if not product.in_force(on):
        raise SelectionError(f"product '{product.id}' is not available on {on}")
    return product


def resolve_choices(product: Product, choices: Choices, on: date) -> list[Chosen]:
    """The checked choices, in the product's attribute order (attributes not chosen are left out)."""
    for attribute_id in choices:
        if attribute_id not in product.attribute_index:
            raise SelectionError(f"unknown attribute '{attribute_id}' on product '{product.id}'")
    return [
        _resolve(attribute, choices[attribute.id], on) for attribute in product.attributes() if attribute.id in choices
    ]


def as_choices(chosen: list[Chosen]) -> Choices:
    """The checked choices in the form conditions are evaluated on (numbers as `Decimal`)."""
    result: Choices = {}
    for item in chosen:
        if item.value is not None:
            result[item.attribute.id] = item.value
        elif isinstance(item.attribute, ManyOf):
            result[item.attribute.id] = [option.id for option in item.options]
        else:
            result[item.attribute.id] = item.options[0].id
    return result


def _resolve(attribute: Attribute, choice: Choice, on: date) -> Chosen:
    if isinstance(attribute, Numeric):
        return Chosen(attribute, value=_number(attribute, choice))
    ids = _option_ids(attribute, choice)
    options = {option.id: option for option in attribute.options}
    for option_id in ids:
        option = options.get(option_id)
        if option is None:
            raise SelectionError(f"unknown option '{option_id}' for attribute '{attribute.id}'")
        if not option.in_force(on):
            raise SelectionError(f"option '{option_id}' of attribute '{attribute.id}' is not available on {on}")
    return Chosen(attribute, options=tuple(option for option in attribute.options if option.id in ids))


def _option_ids(attribute: OptionAttribute, choice: Choice) -> list[str]:
    if isinstance(attribute, ManyOf):
        if not isinstance(choice, list):
            raise SelectionError(f"attribute '{attribute.id}' takes a list of options, not '{choice}'")
        repeated = sorted({option_id for option_id in choice if choice.count(option_id) > 1})
        if repeated:
            raise SelectionError(f"option '{repeated[0]}' of attribute '{attribute.id}' is chosen more than once")
        return choice
    if isinstance(choice, list):
        raise SelectionError(f"attribute '{attribute.id}' takes one option, not a list")
    if isinstance(choice, Decimal):
        raise SelectionError(f"attribute '{attribute.id}' takes an option, not the number {choice}")
    return [choice]


def _number(attribute: Numeric, choice: Choice) -> Decimal:
    if isinstance(choice, list):
        raise SelectionError(f"attribute '{attribute.id}' takes a number, not a list")
    try:
        value = Decimal(choice)
    except InvalidOperation:
        raise SelectionError(f"attribute '{attribute.id}' takes a number, not '{choice}'") from None
    if not value.is_finite() or not attribute.contains(value):
        raise SelectionError(
            f"{choice} is not a value of attribute '{attribute.id}' "
            f"({attribute.min}..{attribute.max} in steps of {attribute.step})"
        )
    return value
