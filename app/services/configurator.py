"""The configurator: one product's engine (compiled once per process), its page state from a selection.

`configure` turns the choices a page sent into everything the page shows: each attribute's
options with valid / not valid and the reasons, the conflict and its repairs when the
selection is impossible, how many configurations there are in all and still match, and the
price of what is chosen so far.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision

from app.catalog import Catalog, Product
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.text import localize
from app.engine.answers import Offer, Options
from app.engine.cache import content_key
from app.engine.engine import Engine
from app.errors import TailorError
from app.pricing import PriceBreakdown, PricingError, price


@dataclass(frozen=True)
class PageState:
    """What the configurator page shows for one selection."""

    catalog: Catalog
    product: Product
    choices: dict[str, Choice]
    answer: Options
    total: int
    breakdown: PriceBreakdown | None
    problems: list[str]
    missing: tuple[str, ...] = ()
    """Attributes still to choose before the configuration can be ordered (their ids)."""
    offers: list[Offer] | None = None
    """"Complete it for me": the best configuration and alternatives (None when not asked)."""
    budget: Decimal | None = None
    context: dict[str, str] | None = None
    """The customer context the answers used (tier, region)."""
    designs: Designs | None = None
    """How many designs the product's `designs` modules make on their own (the seeds' 1,485,000 jeans)."""


@dataclass(frozen=True)
class Designs:
    """Distinct combinations of the choices in `modules` (ids), whatever the later modules add."""

    count: int
    modules: tuple[str, ...]


_ENGINES: dict[str, Engine] = {}
_KEYS: dict[tuple[int, str], tuple[Catalog, str]] = {}


def _key(catalog: Catalog, product_id: str) -> str:
    """The content key of a loaded catalog's product, hashed once per catalog object (catalogs never change)."""
    found = _KEYS.get((id(catalog), product_id))
    if found is None or found[0] is not catalog:
        found = (catalog, content_key(catalog, product_id))
        _KEYS[(id(catalog), product_id)] = found
    return found[1]


def engine_for(catalog: Catalog, product_id: str) -> Engine:
    """The product's engine, opened once per process (compiled once per catalog version, on disk)."""
    key = _key(catalog, product_id)
    if key not in _ENGINES:
        _ENGINES[key] = Engine.open(catalog, product_id)
        _settle()
    return _ENGINES[key]


def _settle() -> None:
    """Set what is loaded so far (catalogs, engines) aside from the garbage collector.

    An engine is a large graph of objects that lives as long as the process; without this, every
    full collection walks it again, and a page answer that meets one waits 100 ms or more (Megane).
    """
    gc.collect()
    gc.freeze()


_TOTALS: dict[tuple[str, date], int] = {}
_DESIGNS: dict[tuple[str, date], Designs | None] = {}


def _total(catalog: Catalog, product_id: str, on: date) -> int:
    """Configurations in all on `on` (counted once per catalog version and day)."""
    key = (_key(catalog, product_id), on)
    if key not in _TOTALS:
        _TOTALS[key] = int(engine_for(catalog, product_id).count({}, {}, on).count or 0)
    return _TOTALS[key]


def _designs(catalog: Catalog, product_id: str, on: date) -> Designs | None:
    """The designs the product's `designs` modules make, counted once per catalog version and day (None
    when it names none, or the count is not exact within a second)."""
    key = (_key(catalog, product_id), on)
    if key not in _DESIGNS:
        product = catalog.product(product_id)
        first = [module for module in product.modules if module.id in product.designs]
        found = None
        if first and len(first) < len(product.modules):
            attributes = [attribute.id for module in first for attribute in module.attributes]
            counted = engine_for(catalog, product_id).count({}, {}, on, project=attributes, seconds=1.0)
            if counted.exact and counted.count:
                found = Designs(int(counted.count), tuple(module.id for module in first))
        _DESIGNS[key] = found
    return _DESIGNS[key]


def product_of(catalog: Catalog, product_id: str) -> Product:
    """The catalog's product `product_id` (404 when it has none)."""
    product = catalog.product_index.get(product_id)
    if product is None:
        raise TailorError("catalog '{catalog}' has no product '{product}'", 404, catalog=catalog.id, product=product_id)
    return product


def parse_choices(product: Product, items: Iterable[tuple[str, str]]) -> tuple[dict[str, Choice], list[str]]:
    """Form fields (attribute id -> value, many-of repeated) as choices, with a message per bad field."""
    sent: dict[str, list[str]] = {}
    for name, value in items:
        if value.strip():
            sent.setdefault(name, []).append(value.strip())
    choices: dict[str, Choice] = {}
    problems: list[str] = []
    for attribute in product.attributes():
        values = sent.get(attribute.id)
        if not values:
            continue
        label = localize(attribute.label, "en") or attribute.id
        if isinstance(attribute, ManyOf):
            choices[attribute.id] = list(dict.fromkeys(values))
        elif isinstance(attribute, Numeric):
            try:
                number = Decimal(values[-1])
            except InvalidOperation:
                problems.append(f"{label}: '{values[-1]}' is not a number")
                continue
            if not attribute.min <= number <= attribute.max:
                problems.append(f"{label}: {number} is outside {attribute.min} to {attribute.max}")
                continue
            choices[attribute.id] = number
        else:
            known = {option.id for option in attribute.options}
            if values[-1] not in known:
                problems.append(f"{label}: there is no option '{values[-1]}'")
                continue
            choices[attribute.id] = values[-1]
    return choices, problems


def configure(
    catalog: Catalog,
    product_id: str,
    items: Iterable[tuple[str, str]],
    on: date,
    context: dict[str, str] | None = None,
    locale: str = "en",
) -> PageState:
    """The page state for the choices the form sent (bad fields are reported, never a 500).

    `_complete=1` asks for "complete it for me" (three offers), within `_budget` (in currency units) if given.
    `context` is what is known about the customer (tier, region): the catalog's eligibility rules use it.
    """
    known = {key: value for key, value in (context or {}).items() if key in catalog.context}
    product = product_of(catalog, product_id)
    items = list(items)
    choices, problems = parse_choices(product, items)
    controls = dict(items)
    budget = _budget(controls.get("_budget", ""), problems)
    engine = engine_for(catalog, product_id)
    answer = engine.options(choices, known, on, locale=locale)
    breakdown = None
    if answer.conflict is None:
        try:
            breakdown = price(catalog, Selection(product=product_id, choices=choices), Context(on=on, values=known))
        except PricingError as error:
            problems.append(error.message)
    total = _total(catalog, product_id, on)
    designs = _designs(catalog, product_id, on)
    offers = None
    if controls.get("_complete") and answer.conflict is None:
        minor = None if budget is None else int(budget.scaleb(get_currency_precision(catalog.currency)))
        offers = engine.complete(choices, known, on, budget=minor, objective="price" if budget else "fit", k=3)
    missing = () if answer.conflict else engine.validate(complete_choices(product, choices), known, on).missing
    return PageState(catalog, product, choices, answer, total, breakdown, problems, missing, offers, budget, known,
                     designs)  # fmt: skip


def complete_choices(product: Product, choices: dict[str, Choice]) -> dict[str, Choice]:
    """The choices with every many-of left unticked counted as chosen empty (a form sends nothing for it)."""
    filled = dict(choices)
    for attribute in product.attributes():
        if isinstance(attribute, ManyOf) and attribute.id not in filled:
            filled[attribute.id] = []
    return filled


def _budget(text: str, problems: list[str]) -> Decimal | None:
    if not text.strip():
        return None
    try:
        amount = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        problems.append(f"budget: '{text}' is not an amount")
        return None
    if amount <= 0:
        problems.append(f"budget: {amount} must be more than 0")
        return None
    return amount
