"""Demo data for the unmet-needs backlog: what some customers met on the configurator in the demo's last
weeks and could not get.

Each chosen customer starts configuring a product of the catalogs and then meets a few of its rules
(a handful of rules are met far more often, as in a real shop), types a number just out of a numeric
attribute's range (a waist of 48 where 47 is the largest), and either leaves (an abandoned start) or
asks a person for a quote. The events are written as the configurator writes them
(`app.services.configurator.progress`), so the backlog reads them as it reads real ones.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.catalog.attributes import Numeric
from app.catalog.model import Catalog, Product
from app.catalog.text import localize
from app.models import Interaction, SavedConfiguration
from app.models.base import json_ready
from app.services.configurator.progress import SAYS

SHARE = 0.12
"""Share of the people who met something the catalog would not give them."""
WEEKS = 8
"""The backlog's events fall in the demo's last `WEEKS` weeks."""


def unmet_needs(rows: Any, rng: random.Random, people: list[int], pool: list[tuple[Catalog, str, Any]],
                end: datetime) -> None:  # fmt: skip
    """Configurator sessions that met rules and bounds, some abandoned, some ending in a quote request,
    for a share of `people`, before `end` (rows added to `rows`, a `population.Rows`)."""
    products = {(catalog.id, product.id): (catalog, product) for catalog, product_id, _ in pool
                for product in catalog.products if product.id == product_id}  # fmt: skip
    if not products:
        return
    keys = sorted(products)
    for who in rng.sample(people, int(len(people) * SHARE)):
        catalog, product = products[rng.choice(keys)]
        at = end - timedelta(days=rng.randrange(WEEKS * 7), hours=rng.randint(1, 12))
        _session(rows, rng, who, catalog, product, at, pool)


def _session(rows: Any, rng: random.Random, who: int, catalog: Catalog, product: Product, at: datetime,
             pool: list[tuple[Catalog, str, Any]]) -> None:  # fmt: skip
    label = localize(product.label, "en") or product.id
    _event(rows, who, at, product.id, "started", {"product": label})
    rules = product.rules
    if rules:
        met = [rules[min(int(rng.expovariate(0.6)), len(rules) - 1)] for _ in range(rng.randint(1, 2))]
        ids = ", ".join(dict.fromkeys(rule.id for rule in met))
        said = " ".join(localize(rule.message, "en") for rule in met)
        _event(rows, who, at + timedelta(minutes=2), product.id, "conflict", {"product": label, "rules": said}, ids)
    numeric = [a for a in product.attributes() if isinstance(a, Numeric)]
    if numeric and rng.random() < 0.5:
        attribute = numeric[0] if rng.random() < 0.7 else rng.choice(numeric)
        number = _out_of_range(rng, attribute)
        _event(rows, who, at + timedelta(minutes=4), product.id, "clash",
               {"product": label, "attribute": attribute.id, "number": number}, f"{attribute.id}={number}")  # fmt: skip
    if rng.random() < 0.25:
        _quote(rows, rng, who, catalog, product.id, label, at + timedelta(minutes=9), pool)


def _out_of_range(rng: random.Random, attribute: Numeric) -> str:
    """A number one to three steps past the attribute's largest (or, now and then, below its smallest)."""
    steps = Decimal(rng.randint(1, 3)) * attribute.step
    number = attribute.min - steps if rng.random() < 0.2 else attribute.max + steps
    return str(int(number)) if number == number.to_integral_value() else format(number.normalize(), "f")


def _event(rows: Any, who: int, at: datetime, product_id: str, event: str, says: dict[str, str],
           detail: str = "") -> None:  # fmt: skip
    """One configurator event on the customer's timeline, as `progress.note` writes it."""
    links: dict[str, object] = {"product": product_id, "event": event, **({"detail": detail} if detail else {})}
    rows.add(Interaction, customer_id=who, channel="web", kind="configurator", occurred_at=at,
             summary=SAYS[event].format(**says)[:2000], who=None, place=None, cost_minor=0, complaint=False,
             satisfaction=None, resolution=None, resolved_at=None, links={**links, "says": says})  # fmt: skip


def _quote(rows: Any, rng: random.Random, who: int, catalog: Catalog, product_id: str, label: str, at: datetime,
           pool: list[tuple[Catalog, str, Any]]) -> None:  # fmt: skip
    """The session ends in a quote request for a configuration of the product (kept as a saved one)."""
    offers = [offer for c, p, offer in pool if c.id == catalog.id and p == product_id]
    offer = rng.choice(offers)
    number = len(rows.tables.get(SavedConfiguration, [])) + 1
    code = f"demo{number:08d}"
    rows.add(SavedConfiguration, share_code=code, resume_hash=hashlib.sha256(code.encode()).hexdigest(),
             visitor_hash=None, customer_id=who, catalog_id=catalog.id, catalog_version=catalog.version,
             catalog_hash=None, product_id=product_id, name="", draft=False, choices=json_ready(offer.choices),
             created_at=at, updated_at=at)  # fmt: skip
    _event(rows, who, at, product_id, "quote", {"product": label})
    rows.add(Interaction, customer_id=who, channel="web", kind="quote_request", occurred_at=at,
             summary=f"Asked for a quote for {label}", who=None, place=None, cost_minor=0, complaint=False,
             satisfaction=None, resolution=None, resolved_at=None,
             links={"configuration": code, "price_minor": offer.total, "currency": catalog.currency})  # fmt: skip
