"""The configurator: one product's engine (compiled once per process), its page state from a selection.

`configure` turns the choices a page sent into everything the page shows: each attribute's
options with valid / not valid and the reasons, the conflict and its repairs when the
selection is impossible, how many configurations there are in all and still match, and the
price of what is chosen so far.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal, Inexact, InvalidOperation, localcontext

from babel.numbers import get_currency_precision

from app.catalog import Catalog, Product
from app.catalog.attributes import ManyOf, Numeric, OneOf, YesNo
from app.catalog.configuration import Choice, Context, Selection
from app.catalog.text import localize
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


MAX_NUMBER_TEXT = 32
"""Longest number a form field may carry (digits, sign and point): longer text is not a number we take."""
MAX_BUDGET = Decimal(10) ** 9
"""The largest "complete it for me" budget, in currency units (well inside int64 minor units)."""


@dataclass(frozen=True)
class Parsed:
    """A form's choices: the ones the catalog offers, problems per field, and numbers off the attribute's values."""

    choices: dict[str, Choice]
    problems: list[TailorError]
    clashes: dict[str, tuple[Decimal, str]]
    """Per numeric attribute, a number it cannot take (out of range or between steps) and the text typed."""


def parse_choices(
    product: Product, items: Iterable[tuple[str, str]], locale: str = "en", on: date | None = None
) -> Parsed:
    """Form fields (attribute id -> value, many-of repeated) as choices, with a message per bad field.

    With `on`, options not in force that day are problems too (an old link may name one)."""
    sent: dict[str, list[str]] = {}
    for name, value in items:
        if value.strip():
            sent.setdefault(name, []).append(value.strip())
    parsed = Parsed({}, [], {})
    for attribute in product.attributes():
        values = sent.get(attribute.id)
        if not values:
            continue
        label = localize(attribute.label, locale) or attribute.id
        if isinstance(attribute, ManyOf):
            known = _offered(attribute, on)
            unknown = [value for value in values if value not in known]
            if unknown:
                parsed.problems.append(TailorError("{attribute}: there is no option '{option}'", attribute=label,
                                                   option=unknown[0][:40]))  # fmt: skip
            parsed.choices[attribute.id] = list(dict.fromkeys(value for value in values if value in known))
        elif isinstance(attribute, Numeric):
            _number(attribute, values[-1], label, parsed)
        else:
            known = _offered(attribute, on)
            if values[-1] not in known:
                parsed.problems.append(TailorError("{attribute}: there is no option '{option}'", attribute=label,
                                                   option=values[-1][:40]))  # fmt: skip
                continue
            parsed.choices[attribute.id] = values[-1]
    return parsed


def _offered(attribute: OneOf | ManyOf | YesNo, on: date | None) -> set[str]:
    """The option ids of the attribute (in force on `on`, when given)."""
    return {option.id for option in attribute.options if on is None or option.in_force(on)}


def _number(attribute: Numeric, text: str, label: str, parsed: Parsed) -> None:
    """One numeric field: a value, a clash (a number the attribute cannot take), or a problem."""
    number = read_number(text)
    if number is None:
        parsed.problems.append(TailorError("{attribute}: '{text}' is not a number", attribute=label, text=text[:40]))
    elif on_grid(attribute, number):
        parsed.choices[attribute.id] = number
    else:
        parsed.clashes[attribute.id] = (number, text)


def read_number(text: str) -> Decimal | None:
    """A finite decimal number typed in a form (a comma may stand for the point); None when it is not one."""
    text = text.strip().replace(",", ".")
    if not text or len(text) > MAX_NUMBER_TEXT or not all(c in "0123456789.+-eE" for c in text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number.adjusted()) < MAX_NUMBER_TEXT else None


def on_grid(attribute: Numeric, number: Decimal) -> bool:
    """Whether `number` is exactly one of the attribute's values (exact arithmetic, whatever its digits)."""
    if not attribute.min <= number <= attribute.max:
        return False
    with localcontext() as exact:
        exact.prec = 4 * MAX_NUMBER_TEXT
        exact.traps[Inexact] = True
        try:
            return (number - attribute.min) % attribute.step == 0
        except Inexact:
            return False


def clash_message(attribute: Numeric, number: Decimal, locale: str) -> TailorError:
    """Why a typed number cannot be taken: out of range, or between two of the attribute's values."""
    label = localize(attribute.label, locale) or attribute.id
    if not attribute.min <= number <= attribute.max:
        return TailorError("{attribute}: {number} is outside {low} to {high}", attribute=label, number=number,
                           low=attribute.min, high=attribute.max)  # fmt: skip
    return TailorError("{attribute}: {number} is not one of its values ({low} to {high}, in steps of {step})",
                       attribute=label, number=number, low=attribute.min, high=attribute.max,
                       step=attribute.step)  # fmt: skip


def configure(
    catalog: Catalog,
    product_id: str,
    items: Iterable[tuple[str, str]],
    context: Context,
    locale: str = "en",
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
    parsed = parse_choices(product, items, locale, on)
    choices, problems = parsed.choices, parsed.problems
    controls = dict(items)
    budget = _budget(controls.get("_budget", ""), problems)
    engine = engine_for(catalog, product_id)
    answer = engine.options(choices, known, on, locale=locale)
    if parsed.clashes and answer.conflict is None:
        answer = _number_clash(product, choices, parsed.clashes, answer, locale)
    elif parsed.clashes:
        problems.extend(_clash_problems(product, parsed.clashes, locale))
    if answer.conflict is not None and not answer.repairs:
        answer.repairs = _other_repairs(engine, choices, known, on, answer, locale)
    breakdown = None
    if answer.conflict is None:
        try:
            breakdown = price(catalog, Selection(product=product_id, choices=choices), context)
        except PricingError as error:
            problems.append(error)
    total = _total(catalog, product_id, context)
    designs = _designs(catalog, product_id, context)
    offers = None
    if controls.get("_complete") and answer.conflict is None:
        minor = None if budget is None else int(budget.scaleb(get_currency_precision(catalog.currency)))
        offers = engine.complete(choices, known, on, budget=minor, objective="price" if budget else "fit", k=3)
    missing = () if answer.conflict else engine.validate(complete_choices(product, choices), known, on).missing
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
    found = []
    for attribute_id, (number, _) in clashes.items():
        attribute = product.attribute_index[attribute_id]
        assert isinstance(attribute, Numeric)
        found.append(clash_message(attribute, number, locale))
    return found


def _other_repairs(
    engine: Engine, choices: dict[str, Choice], known: dict[str, str], on: date, answer: Options, locale: str
) -> list[Repair]:
    """When keeping the clashing pick leaves no repair, the repairs that keep another pick of the clash instead
    (so a clash always comes with a way out that changes as little as possible)."""
    others = (
        [attribute for attribute in answer.conflict.choices if attribute in choices and attribute != answer.without]
        if answer.conflict
        else []
    )
    for attribute in others:
        found = engine.options(choices, known, on, latest=attribute, locale=locale).repairs
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
