"""The configurator: one product's engine (compiled once per process), its page state from a selection.

`configure` turns the choices a page sent into everything the page shows: each attribute's
options with valid / not valid and the reasons, the conflict and its repairs when the
selection is impossible, how many configurations there are in all and still match, and the
price of what is chosen so far.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from babel.numbers import get_currency_precision

from app.catalog import Catalog, Product
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.configuration import Choice, Context, today
from app.catalog.parse import FormSelection, parse_form, read_number
from app.catalog.parse import clash_message as clash_message
from app.catalog.selection import ResolvedSelection
from app.engine.answers import Conflict, Offer, Options, Repair, RuleRef
from app.engine.cache import content_key
from app.engine.engine import Engine
from app.errors import NotFoundError, TailorError
from app.pricing import PriceBreakdown, PricingError, price
from app.services.context import within


@dataclass(frozen=True)
class PageState:
    """What the configurator page shows for one selection."""

    catalog: Catalog
    product: Product
    choices: dict[str, Choice]
    answer: Options
    total: int
    breakdown: PriceBreakdown | None
    problems: list[TailorError]
    """What is wrong with the form's fields (typed errors: the page says them in its language)."""
    missing: tuple[str, ...] = ()
    """Attributes still to choose before the configuration can be ordered (their ids)."""
    offers: list[Offer] | None = None
    """"Complete it for me": the best configuration and alternatives (None when not asked)."""
    budget: Decimal | None = None
    context: dict[str, str] | None = None
    """The customer context the answers used (tier, region)."""
    designs: Designs | None = None
    """How many designs the product's `designs` modules make on their own (the seeds' 1,485,000 jeans)."""
    typed: dict[str, str] = field(default_factory=dict)
    """Numbers typed that their attribute cannot take (they make the clash), as typed."""
    take_back: dict[str, Choice] | None = None
    """With a clash: the selection without the clashing pick (always a way out)."""
    clash: TailorError | None = None
    """The typed number that makes the clash, said as an error (None when a rule makes it)."""


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


ContextKey = tuple[str, tuple[tuple[str, str], ...], date]
_TOTALS: dict[ContextKey, int] = {}
_DESIGNS: dict[ContextKey, Designs | None] = {}


def _context_key(catalog: Catalog, product_id: str, context: Context) -> ContextKey:
    return _key(catalog, product_id), tuple(sorted(context.values.items())), context.on


def _total(catalog: Catalog, product_id: str, context: Context) -> int:
    """Configurations in all for this customer context (counted once per catalog version and context).

    Counted under the same context as "still match", so the two mean the same thing and the
    count of what still matches never exceeds it.
    """
    key = _context_key(catalog, product_id, context)
    if key not in _TOTALS:
        _TOTALS[key] = int(engine_for(catalog, product_id).count({}, dict(context.values), context.on).count or 0)
    return _TOTALS[key]


def _designs(catalog: Catalog, product_id: str, context: Context) -> Designs | None:
    """The designs the product's `designs` modules make for this context, counted once per catalog version and
    context (None when it names none, or the count is not exact)."""
    key = _context_key(catalog, product_id, context)
    if key not in _DESIGNS:
        product = catalog.product(product_id)
        first = [module for module in product.modules if module.id in product.designs]
        found = None
        if first and len(first) < len(product.modules):
            attributes = [attribute.id for module in first for attribute in module.attributes]
            engine = engine_for(catalog, product_id)
            counted = engine.count({}, dict(context.values), context.on, project=attributes, seconds=1.0)
            if counted.exact and counted.count:
                found = Designs(int(counted.count), tuple(module.id for module in first))
        _DESIGNS[key] = found
    return _DESIGNS[key]


def product_of(catalog: Catalog, product_id: str) -> Product:
    """The catalog's product `product_id` (404 when it has none)."""
    product = catalog.product_index.get(product_id)
    if product is None:
        raise NotFoundError("catalog '{catalog}' has no product '{product}'", catalog=catalog.id, product=product_id)
    return product


MAX_BUDGET = Decimal(10) ** 9
"""The largest "complete it for me" budget, in currency units (well inside int64 minor units)."""


def parse_choices(
    product: Product,
    items: Iterable[tuple[str, str]],
    locale: str = "en",
    on: date | None = None,
    prefill: Mapping[str, Choice] | None = None,
) -> FormSelection:
    """Form fields (and typed prefilled choices) as a selection with a located problem per bad field.

    With `on`, options not in force that day are problems too (an old link may name one)."""
    return parse_form(product, items, on or today(), locale, dated=on is not None, prefill=prefill)


def configure(
    catalog: Catalog,
    product_id: str,
    items: Iterable[tuple[str, str]],
    context: Context,
    locale: str = "en",
    prefill: Mapping[str, Choice] | None = None,
) -> PageState:
    """The page state for the choices the form sent (bad fields are reported, never a 500).

    `_complete=1` asks for "complete it for me" (three offers), within `_budget` (in currency units) if given.
    `context` is what is known about the customer (tier, segment, region, channel, date: see
    `services.context`): the catalog's eligibility rules and prices use it, and so do the counts.
    A number the attribute cannot take is shown as a clash with the nearest values as repairs.
    """
    context = within(catalog, context)
    known, on = dict(context.values), context.on
    product = product_of(catalog, product_id)
    items = list(items)
    parsed = parse_choices(product, items, locale, on, prefill)
    selection, problems = parsed.selection, list[TailorError](parsed.problems)
    choices = dict(selection.choices)
    controls = dict(items)
    budget = _budget(controls.get("_budget", ""), problems)
    engine = engine_for(catalog, product_id)
    answer = engine.options(selection, known, on, locale=locale)
    if parsed.clashes and answer.conflict is None:
        answer = _number_clash(product, choices, parsed.clashes, answer, locale)
    elif parsed.clashes:
        problems.extend(_clash_problems(product, parsed.clashes, locale))
    if answer.conflict is not None and not answer.repairs:
        answer.repairs = _other_repairs(engine, selection, known, on, answer, locale)
    breakdown = None
    if answer.conflict is None:
        try:
            breakdown = price(catalog, selection, context)
        except PricingError as error:
            problems.append(error)
    total = _total(catalog, product_id, context)
    designs = _designs(catalog, product_id, context)
    offers = None
    if controls.get("_complete") and answer.conflict is None:
        minor = None if budget is None else int(budget.scaleb(get_currency_precision(catalog.currency)))
        offers = engine.complete(selection, known, on, budget=minor, objective="price" if budget else "fit", k=3)
    missing = () if answer.conflict else engine.validate(selection.completed(), known, on).missing
    typed = {attribute: text for attribute, (_, text) in parsed.clashes.items()}
    take_back = _take_back(choices, answer, parsed.clashes)
    clash = None
    if answer.without in parsed.clashes:
        attribute = product.attribute_index[answer.without]
        assert isinstance(attribute, Numeric)
        clash = clash_message(attribute, parsed.clashes[answer.without][0], locale)
    return PageState(catalog, product, choices, answer, total, breakdown, problems, missing, offers, budget, known,
                     designs, typed, take_back, clash)  # fmt: skip


def _number_clash(
    product: Product, choices: dict[str, Choice], clashes: dict[str, tuple[Decimal, str]], answer: Options, locale: str
) -> Options:
    """The answer for numbers the attributes cannot take: a conflict, and the nearest possible values as repairs."""
    attribute_id, (number, _) = next(iter(clashes.items()))
    attribute = product.attribute_index[attribute_id]
    assert isinstance(attribute, Numeric)
    message = clash_message(attribute, number, locale)
    possible = [Decimal(str(value)) for value in answer.valid.get(attribute_id, [])]
    below = [value for value in possible if value < number]
    above = [value for value in possible if value > number]
    nearest = sorted({*below[-1:], *above[:1]}, key=lambda value: (abs(value - number), value))
    repairs = [Repair({attribute_id: value}, {**choices, attribute_id: value}, 0) for value in nearest]
    conflict = Conflict((attribute_id,), (RuleRef(None, message.message),))
    return replace(answer, conflict=conflict, repairs=repairs, without=attribute_id, count=0, count_exact=True)


def _clash_problems(product: Product, clashes: dict[str, tuple[Decimal, str]], locale: str) -> list[TailorError]:
    """Numbers the attributes cannot take, said as problems (when a rule clash is shown first)."""
    found: list[TailorError] = []
    for attribute_id, (number, _) in clashes.items():
        attribute = product.attribute_index[attribute_id]
        assert isinstance(attribute, Numeric)
        found.append(clash_message(attribute, number, locale))
    return found


def _other_repairs(
    engine: Engine, selection: ResolvedSelection, known: dict[str, str], on: date, answer: Options, locale: str
) -> list[Repair]:
    """When keeping the clashing pick leaves no repair, the repairs that keep another pick of the clash instead
    (so a clash always comes with a way out that changes as little as possible)."""
    others = (
        [
            attribute
            for attribute in answer.conflict.choices
            if attribute in selection.choices and attribute != answer.without
        ]
        if answer.conflict
        else []
    )
    for attribute in others:
        found = engine.options(selection, known, on, latest=attribute, locale=locale).repairs
        if found:
            return found
    return []


def _take_back(
    choices: dict[str, Choice], answer: Options, clashes: dict[str, tuple[Decimal, str]]
) -> dict[str, Choice] | None:
    """The selection without the clashing pick (None without a conflict)."""
    if answer.conflict is None or answer.without is None:
        return None
    if answer.without not in choices and answer.without not in clashes:
        return None
    return {attribute: choice for attribute, choice in choices.items() if attribute != answer.without}


def complete_choices(product: Product, choices: dict[str, Choice]) -> dict[str, Choice]:
    """The choices with every many-of left unticked counted as chosen empty (a form sends nothing for it)."""
    filled = dict(choices)
    for attribute in product.attributes():
        if isinstance(attribute, ManyOf) and attribute.id not in filled:
            filled[attribute.id] = []
    return filled


def _budget(text: str, problems: list[TailorError]) -> Decimal | None:
    if not text.strip():
        return None
    amount = read_number(text)
    if amount is None:
        problems.append(TailorError("budget: '{text}' is not an amount", text=text.strip()[:40]))
        return None
    if not 0 < amount <= MAX_BUDGET:
        shown = f"{amount:f}"[:40]
        problems.append(TailorError("budget: {amount} must be more than 0 and at most {most}", amount=shown,
                                    most=f"{MAX_BUDGET:f}"))  # fmt: skip
        return None
    return amount
