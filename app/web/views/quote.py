"""The quote page's view model: each line said in the page's language with its money, and the totals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from app.catalog import Product
from app.catalog.text import localize
from app.quotes.document import DocumentChoice, configuration_words
from app.quotes.lines import LineTotals
from app.services.quotes.priced import PricedQuote
from app.web.forms import query_of


@dataclass(frozen=True)
class LineRow:
    """One line as the rep reads it: what it is, how many, the discount she gave, and its money."""

    key: str
    position: int
    catalog_id: str
    product_id: str
    product: str
    version: str
    words: tuple[DocumentChoice, ...]
    service: str
    payment: str
    quantity: int
    discount_percent: str
    discount_per_unit: str
    unit_price: int
    totals: LineTotals | None
    query: str
    """The line's choices as a configurator address query (to change its configuration)."""


def line_rows(*, priced: PricedQuote, locale: str) -> list[LineRow]:
    """Every line of the quote, in order, with its totals when the quote could be priced."""
    totals = {line.key: line for line in priced.totals.lines} if priced.totals else {}
    rows = []
    for line in priced.lines:
        product = priced.product_of(line)
        words = configuration_words(product, line.choices, locale)
        rows.append(
            LineRow(
                key=line.key,
                position=line.position + 1,
                catalog_id=line.catalog_id,
                product_id=line.product_id,
                product=localize(product.label, locale) or product.id,
                version=line.catalog_version,
                words=words,
                service=_role_label(product, line.choices, "service", locale),
                payment=_role_label(product, line.choices, "payment", locale),
                quantity=line.quantity,
                discount_percent=line.discount_percent or "",
                discount_per_unit=_units(line.discount_per_unit),
                unit_price=int(line.breakdown.get("total", 0)),
                totals=totals.get(line.key),
                query=query_of(line.choices),
            )
        )
    return rows


def _role_label(product: Product, choices: dict[str, object], role: str, locale: str) -> str:
    """The label of the chosen service level or payment plan (empty when none is chosen)."""
    for attribute in product.attributes():
        if getattr(attribute, "role", None) == role and choices.get(attribute.id):
            options = {option.id: option for option in getattr(attribute, "options", [])}
            chosen = options.get(str(choices[attribute.id]))
            return (localize(chosen.label, locale) or chosen.id) if chosen else str(choices[attribute.id])
    return ""


def _units(minor: int | None) -> str:
    """A per-unit discount in major units as typed back into the form ("12.50"); empty when none."""
    return "" if minor is None else f"{Decimal(minor) / 100:.2f}"
