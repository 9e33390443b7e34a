"""A quote of the shipped catalogs made into a document: jeans, an e-bike and business connectivity.

Shared by the document and PDF tests and by `bench.quotes` (which repeats the three lines).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from functools import cache

from app.catalog import Catalog
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.model import Product
from app.pricing import price
from app.quotes.document import QuoteDocument, quote_document
from app.quotes.lines import LineDiscount, QuoteLine
from app.quotes.totals import Quote, quote_totals
from app.quotes.volume import volume_rules_of
from tests.factories import MAY, shipped

ISSUED = date(2025, 5, 2)
VALID = date(2025, 6, 1)

JEANS: dict[str, Choice] = {
    "fit": "classic",
    "opening": "boot_cut",
    "closure": "buttoned",
    "bagginess": "regular",
    "seat": Decimal(40),
    "waist": Decimal(33),
    "inseam": Decimal(32),
    "wash": "stonewash",
    "addons": ["initials"],
    "gift_wrap": "yes",
    "service": "care_plan",
    "payment": "pay_in_3",
}
BIKE: dict[str, Choice] = {
    "rider_height": Decimal(178),
    "frame_size": Decimal(54),
    "handlebar": "flat",
    "frame_material": "aluminium",
    "frame_type": "diamond",
    "wheel_size": "700c",
    "drive_class": "pedelec",
    "motor": "mid_250",
    "battery": "wh_500",
    "accessories": ["rack", "lights"],
    "service": "care_plan",
    "payment": "finance_24",
}
CONNECTIVITY: dict[str, Choice] = {
    "access_type": "fibre",
    "speed": "mbps_600",
    "seats": Decimal(25),
    "addons": ["static_ips"],
    "installation": "business_hours",
    "service": "four_hours_24x7",
    "payment": "upfront",
}
SAMPLE: tuple[tuple[str, str, dict[str, Choice], int], ...] = (
    ("jeans", "jeans", JEANS, 2),
    ("bikes", "bike", BIKE, 1),
    ("business", "connectivity", CONNECTIVITY, 1),
)
"""(catalog, product, choices, quantity) of each sample line."""


@cache
def catalogs() -> dict[str, Catalog]:
    return {catalog_id: shipped(catalog_id) for catalog_id in ("jeans", "bikes", "business")}


def products() -> dict[str, Product]:
    """The sample's catalog products by product id."""
    return {product: catalogs()[catalog].product(product) for catalog, product, _, _ in SAMPLE}


def priced(catalog_id: str, choices: Mapping[str, Choice], key: str, quantity: int, tier: str = "retain") -> QuoteLine:
    """One line: `choices` priced at quantity 1 on `MAY` for a customer of `tier`, `quantity` units."""
    selection = Selection(choices=dict(choices), quantity=1)
    breakdown = price(catalogs()[catalog_id], selection, Context(values={"tier": tier}, on=MAY))
    return QuoteLine(key=key, breakdown=breakdown, quantity=quantity)


def sample_quote(lines: int = 3, *, line_percent: str | None = "5", quote_percent: str | None = "2") -> Quote:
    """`lines` lines cycling through the sample; the second gets a `line_percent` line discount."""
    made = []
    for n in range(lines):
        catalog_id, _, choices, quantity = SAMPLE[n % len(SAMPLE)]
        line = priced(catalog_id, choices, f"l{n + 1}", quantity)
        if n == 1 and line_percent:
            line = line.model_copy(update={"discount": LineDiscount(percent=Decimal(line_percent))})
        made.append(line)
    rules = {product: rule for c in catalogs().values() for product, rule in volume_rules_of(c).items()}
    return Quote(
        lines=tuple(made),
        on=MAY,
        volume_rules=rules,
        discount_percent=Decimal(quote_percent) if quote_percent else None,
    )


def sample_document(lines: int = 3, locale: str = "es", **quote_options: str | None) -> QuoteDocument:
    """The sample quote's document for Ana Ruiz of Ruiz Textiles, from rep Rui Costa."""
    quote = sample_quote(lines, **quote_options)
    return quote_document(
        quote=quote,
        totals=quote_totals(quote),
        products=products(),
        locale=locale,
        number="Q-2025-0042",
        revision=2,
        issued_on=ISSUED,
        valid_until=VALID,
        customer_name="Ruiz Textiles S.L.",
        contact_name="Ana Ruiz",
        rep_name="Rui Costa",
        rep_email="rui.costa@tailor.example",
        choices={line.key: SAMPLE[n % len(SAMPLE)][2] for n, line in enumerate(quote.lines)},
        terms="Entrega en Calle Mayor 1, Madrid, en dos semanas.",
    )
