"""The goods: the product base, the chosen priced options and the formula lines, with their cost.

Each line is priced per unit and multiplied by the quantity. An option's price is the one in
force on the date (`Option.price_on`, so dated prices win); `none` options and a yes/no `no`
add nothing, a yes/no `yes` carries the attribute's price, and options whose price is 0 get
no line. A numeric attribute gets one line per non-zero `PriceFormula.amount` of its value.
"""

from __future__ import annotations

from datetime import date

from app.catalog.attributes import Numeric, PriceFormula
from app.catalog.model import Product
from app.catalog.options import Option
from app.catalog.selection import Chosen
from app.pricing.breakdown import PriceLine


def goods_lines(product: Product, chosen: list[Chosen], quantity: int, on: date) -> list[PriceLine]:
    """The base line first, then the option and formula lines in the product's attribute order."""
    label = product.label or product.id
    base = product.base_price
    lines = [PriceLine(kind="base", label=label, unit_price=base, amount=base * quantity, net_amount=base * quantity)]
    for item in chosen:
        if isinstance(item.attribute, Numeric):
            assert item.value is not None
            formulas = [formula for formula in item.attribute.price_formula if formula.amount(item.value)]
            lines.extend(_formula_line(item, formula, quantity) for formula in formulas)
        else:
            priced = [option for option in item.options if not option.none and option.price_on(on)]
            lines.extend(_option_line(item, option, quantity, on) for option in priced)
    return lines


def goods_unit_cost(product: Product, chosen: list[Chosen]) -> int:
    """The cost of one unit: base cost, chosen options' costs and formula cost lines."""
    cost = product.base_cost
    for item in chosen:
        if isinstance(item.attribute, Numeric):
            assert item.value is not None
            cost += sum(formula.cost(item.value) for formula in item.attribute.price_formula)
        else:
            cost += sum(option.cost for option in item.options)
    return cost


def _option_line(item: Chosen, option: Option, quantity: int, on: date) -> PriceLine:
    unit_price = option.price_on(on)
    return PriceLine(
        kind="option",
        attribute=item.attribute.id,
        option=option.id,
        label=option.label or option.id,
        unit_price=unit_price,
        amount=unit_price * quantity,
        net_amount=unit_price * quantity,
    )


def _formula_line(item: Chosen, formula: PriceFormula, quantity: int) -> PriceLine:
    assert item.value is not None
    unit_price = formula.amount(item.value)
    return PriceLine(
        kind="formula",
        attribute=item.attribute.id,
        formula=formula.id,
        value=item.value,
        label=formula.label or item.attribute.label or formula.id,
        unit_price=unit_price,
        amount=unit_price * quantity,
        net_amount=unit_price * quantity,
    )
