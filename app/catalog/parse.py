"""One parser for every way a selection arrives: form pairs, JSON and the CLI's `--select attr=value`.

Each turns its input into a `ResolvedSelection` (checked once; the engine, pricing and the drawing
take it as it is). A form is read leniently: a bad field is a located problem (`SelectionError`,
`where` = the attribute) and the rest is kept, and a number its attribute cannot take is a clash the
engine shows with the nearest values. JSON and the CLI are read strictly: the first bad value raises.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, Inexact, InvalidOperation, localcontext

from app.catalog.attributes import ManyOf, Numeric, OneOf, YesNo
from app.catalog.configuration import Choice
from app.catalog.evaluate import Choices
from app.catalog.model import Product
from app.catalog.selection import ResolvedSelection, SelectionError, resolve
from app.catalog.text import localize

MAX_NUMBER_TEXT = 32
"""Longest number a form field may carry (digits, sign and point): longer text is not a number we take."""
MAX_SHOWN = 40
"""The most characters of a bad value an error repeats."""


@dataclass(frozen=True)
class FormSelection:
    """A form's selection: the choices the catalog offers, a problem per bad field, numbers off their grid."""

    selection: ResolvedSelection
    problems: list[SelectionError] = field(default_factory=list)
    clashes: dict[str, tuple[Decimal, str]] = field(default_factory=dict)
    """Per numeric attribute, a number it cannot take (out of range or between steps) and the text typed."""

    @property
    def choices(self) -> Choices:
        """The choices kept, in the product's attribute order."""
        return self.selection.choices


def parse_form(
    product: Product,
    items: Iterable[tuple[str, str]],
    on: date,
    locale: str = "en",
    *,
    dated: bool = True,
    prefill: Mapping[str, Choice] | None = None,
) -> FormSelection:
    """Form fields (attribute id -> value, many-of repeated) as a selection, with a located problem per bad field.

    With `dated`, options not in force on `on` are problems too (an old link may name one). `prefill`
    gives typed choices (a known customer's) for attributes the form left empty: taken as they are,
    never turned into text and read back, and checked like the form's own."""
    sent: dict[str, list[str]] = {}
    for name, value in items:
        if value.strip():
            sent.setdefault(name, []).append(value.strip())
    choices: Choices = {}
    problems: list[SelectionError] = []
    clashes: dict[str, tuple[Decimal, str]] = {}
    for attribute in product.attributes():
        values = sent.get(attribute.id)
        typed = None if values else (prefill or {}).get(attribute.id)
        if not values and typed is None:
            continue
        if not values:
            values = [str(value) for value in typed] if isinstance(typed, list) else [str(typed)]
        label = localize(attribute.label, locale) or attribute.id
        if isinstance(attribute, Numeric):
            number = typed if isinstance(typed, Decimal) else read_number(values[-1])
            if number is None:
                problems.append(SelectionError("{attribute}: '{text}' is not a number", where=attribute.id,
                                               attribute=label, text=values[-1][:MAX_SHOWN]))  # fmt: skip
            elif on_grid(attribute, number):
                choices[attribute.id] = number
            else:
                clashes[attribute.id] = (number, values[-1])
            continue
        known = {option.id for option in attribute.options if not dated or option.in_force(on)}
        picked = values if isinstance(attribute, ManyOf) else values[-1:]
        unknown = [value for value in picked if value not in known]
        if unknown:
            problems.append(SelectionError("{attribute}: there is no option '{option}'", where=attribute.id,
                                           attribute=label, option=unknown[0][:MAX_SHOWN]))  # fmt: skip
        if isinstance(attribute, ManyOf):
            choices[attribute.id] = list(dict.fromkeys(value for value in values if value in known))
        elif not unknown:
            choices[attribute.id] = values[-1]
    return FormSelection(resolve(product, choices, on, dated=dated), problems, clashes)


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


def clash_message(attribute: Numeric, number: Decimal, locale: str) -> SelectionError:
    """Why a typed number cannot be taken: out of range, or between two of the attribute's values."""
    label = localize(attribute.label, locale) or attribute.id
    if not attribute.min <= number <= attribute.max:
        return SelectionError("{attribute}: {number} is outside {low} to {high}", where=attribute.id, attribute=label,
                              number=number, low=attribute.min, high=attribute.max)  # fmt: skip
    return SelectionError("{attribute}: {number} is not one of its values ({low} to {high}, in steps of {step})",
                          where=attribute.id, attribute=label, number=number, low=attribute.min, high=attribute.max,
                          step=attribute.step)  # fmt: skip


def parse_json(product: Product, data: Mapping[str, object], on: date) -> ResolvedSelection:
    """A JSON object of choices (option id, list of ids, or number per attribute) as a checked selection."""
    choices: Choices = {}
    for attribute_id, value in data.items():
        if isinstance(value, bool) or not isinstance(value, str | int | float | list):
            raise SelectionError("attribute '{attribute}' takes an option, a list or a number, not '{value}'",
                                 where=attribute_id, attribute=attribute_id, value=str(value)[:MAX_SHOWN])  # fmt: skip
        choices[attribute_id] = _json_choice(value)
    return resolve(product, choices, on)


def _json_choice(value: str | int | float | list[object]) -> Choice:
    if isinstance(value, list):
        return [str(item) for item in value]
    return value if isinstance(value, str) else Decimal(str(value))


def parse_selects(product: Product, texts: list[str]) -> Choices:
    """`attr=option` texts as choices: many-of options merge (a,b or repeated), numbers become `Decimal`.

    Only the shape is checked here; unknown attributes and options are left to `resolve`."""
    choices: Choices = {}
    for text in texts:
        attribute_id, value = split_pair(text, "--select", "attribute=option")
        attribute = product.attribute_index.get(attribute_id)
        if isinstance(attribute, ManyOf):
            previous = choices.get(attribute_id, [])
            assert isinstance(previous, list)
            choices[attribute_id] = [*previous, *_many(attribute, value)]
        elif attribute_id in choices:
            raise SelectionError("--select {text}: attribute '{attribute}' is already selected and takes one value",
                                 where=attribute_id, text=text, attribute=attribute_id)  # fmt: skip
        elif isinstance(attribute, Numeric):
            choices[attribute_id] = _cli_number(text, attribute_id, value)
        elif not value or (attribute is not None and "," in value):
            raise SelectionError("--select {text}: give one option of '{attribute}'", where=attribute_id, text=text,
                                 attribute=attribute_id)  # fmt: skip
        else:
            choices[attribute_id] = value
    return choices


def split_pair(text: str, flag: str, shape: str) -> tuple[str, str]:
    """`key=value` split and stripped, else `SelectionError` naming the flag and the expected shape."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise SelectionError("{flag} {text}: expected {shape}", where=flag, flag=flag, text=text, shape=shape)
    return key.strip(), value.strip()


def _many(attribute: ManyOf | OneOf | YesNo, value: str) -> list[str]:
    if value in {option.id for option in attribute.options}:
        return [value]
    return [part.strip() for part in value.split(",") if part.strip()]


def _cli_number(text: str, attribute_id: str, value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise SelectionError("--select {text}: '{value}' is not a number", where=attribute_id, text=text,
                             value=value) from None  # fmt: skip
