"""Checking a selection against the catalog once, before it is priced or configured.

The product must exist and be in force on the date. Every choice must name a known attribute
and, for that attribute's kind, known options in force on the date (one id for one-of and
yes/no, a list of distinct ids for many-of) or a number that is one of a numeric attribute's
values. Rules between options are not checked: that is the engine's job. Anything else raises
`SelectionError` naming the product, attribute or option (`where` says which field). What passes
is a `ResolvedSelection`, which the engine, pricing and the drawing take without checking again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from app.catalog.attributes import Attribute, ManyOf, Numeric, OptionAttribute
from app.catalog.configuration import Choice, Selection
from app.catalog.evaluate import Choices
from app.catalog.model import Catalog, Product
from app.catalog.options import Option
from app.errors import NotFoundError, TailorError


class SelectionError(TailorError):
    """A product, attribute, option or value that the catalog does not offer; the message names it.

    `where` is the field the error is about: an attribute id, `product`, or another input's name.
    """

    def __init__(self, template: str, *, where: str | None = None, **values: object) -> None:
        super().__init__(template, **values)
        self.where = where


class UnknownProductError(SelectionError, NotFoundError):
    """A product id the catalog does not have."""


@dataclass(frozen=True)
class Chosen:
    """One attribute's checked choice: its chosen options in document order, or its number."""

    attribute: Attribute
    options: tuple[Option, ...] = ()
    value: Decimal | None = None


@dataclass(frozen=True)
class ResolvedSelection:
    """A selection checked once against one product on one date: its choices in the order they were made.

    `chosen` is in the product's attribute order (how prices list them); `choices` in the order given
    (the last one is the latest pick).
    """

    product: Product
    chosen: tuple[Chosen, ...]
    on: date
    order: tuple[str, ...] = ()
    quantity: int = 1
    choices: Choices = field(init=False, compare=False)

    def __post_init__(self) -> None:
        made = as_choices(list(self.chosen))
        order = self.order or tuple(made)
        object.__setattr__(self, "choices", {attribute: made[attribute] for attribute in order})

    def completed(self) -> ResolvedSelection:
        """The selection with every many-of left out counted as chosen empty (a form sends nothing for it)."""
        given = {item.attribute.id: item for item in self.chosen}
        chosen = tuple(
            given.get(attribute.id, Chosen(attribute))
            for attribute in self.product.attributes()
            if attribute.id in given or isinstance(attribute, ManyOf)
        )
        empty = tuple(item.attribute.id for item in chosen if item.attribute.id not in given)
        return replace(self, chosen=chosen, order=(*self.choices, *empty))


def resolve_product(catalog: Catalog, product_id: str | None, on: date) -> Product:
    """The product to price: the one named, or the first; it must be in force on `on`."""
    if product_id is not None and product_id not in catalog.product_index:
        known = ", ".join(catalog.product_index)
        raise UnknownProductError(
            "unknown product '{product}' (products: {known})", where="product", product=product_id, known=known
        )
    product = catalog.product(product_id)
    if not product.in_force(on):
        raise SelectionError("product '{product}' is not available on {on}", where="product", product=product.id, on=on)
    return product


def resolve_selection(catalog: Catalog, selection: Selection, on: date) -> ResolvedSelection:
    """The selection checked: its product in force on `on`, and every choice (`SelectionError` names the first bad)."""
    product = resolve_product(catalog, selection.product, on)
    return resolve(product, selection.choices, on, selection.quantity)


def resolve(
    product: Product, choices: Choices, on: date, quantity: int = 1, *, dated: bool = True
) -> ResolvedSelection:
    """The choices checked against the product on `on` (the product's own dates are not checked here).

    Without `dated`, options out of force on `on` pass too (a form read with no date)."""
    chosen = tuple(resolve_choices(product, choices, on, dated=dated))
    return ResolvedSelection(product, chosen, on, tuple(choices), quantity)


def resolve_choices(product: Product, choices: Choices, on: date, *, dated: bool = True) -> list[Chosen]:
    """The checked choices, in the product's attribute order (attributes not chosen are left out)."""
    for attribute_id in choices:
        if attribute_id not in product.attribute_index:
            raise SelectionError(
                "unknown attribute '{attribute}' on product '{product}'",
                where=attribute_id,
                attribute=attribute_id,
                product=product.id,
            )
    return [
        _resolve(attribute, choices[attribute.id], on if dated else None)
        for attribute in product.attributes()
        if attribute.id in choices
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


def _resolve(attribute: Attribute, choice: Choice, on: date | None) -> Chosen:
    if isinstance(attribute, Numeric):
        return Chosen(attribute, value=_number(attribute, choice))
    ids = _option_ids(attribute, choice)
    options = {option.id: option for option in attribute.options}
    for option_id in ids:
        option = options.get(option_id)
        if option is None:
            raise SelectionError(
                "unknown option '{option}' for attribute '{attribute}'",
                where=attribute.id,
                option=option_id,
                attribute=attribute.id,
            )
        if on is not None and not option.in_force(on):
            raise SelectionError(
                "option '{option}' of attribute '{attribute}' is not available on {on}",
                where=attribute.id,
                option=option_id,
                attribute=attribute.id,
                on=on,
            )
    return Chosen(attribute, options=tuple(option for option in attribute.options if option.id in ids))


def _option_ids(attribute: OptionAttribute, choice: Choice) -> list[str]:
    where = attribute.id
    if isinstance(attribute, ManyOf):
        if not isinstance(choice, list):
            raise SelectionError(
                "attribute '{attribute}' takes a list of options, not '{choice}'",
                where=where,
                attribute=where,
                choice=choice,
            )
        repeated = sorted({option_id for option_id in choice if choice.count(option_id) > 1})
        if repeated:
            raise SelectionError(
                "option '{option}' of attribute '{attribute}' is chosen more than once",
                where=where,
                option=repeated[0],
                attribute=where,
            )
        return choice
    if isinstance(choice, list):
        raise SelectionError("attribute '{attribute}' takes one option, not a list", where=where, attribute=where)
    if isinstance(choice, Decimal):
        raise SelectionError(
            "attribute '{attribute}' takes an option, not the number {number}",
            where=where,
            attribute=where,
            number=choice,
        )
    return [choice]


def _number(attribute: Numeric, choice: Choice) -> Decimal:
    where = attribute.id
    if isinstance(choice, list):
        raise SelectionError("attribute '{attribute}' takes a number, not a list", where=where, attribute=where)
    try:
        value = Decimal(choice)
    except InvalidOperation:
        raise SelectionError(
            "attribute '{attribute}' takes a number, not '{text}'", where=where, attribute=where, text=choice
        ) from None
    if not value.is_finite() or not attribute.contains(value):
        raise SelectionError(
            "{number} is not a value of attribute '{attribute}' ({low}..{high} in steps of {step})",
            where=where,
            number=choice,
            attribute=where,
            low=attribute.min,
            high=attribute.max,
            step=attribute.step,
        )
    return value
