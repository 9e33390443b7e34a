"""The configurator's steps: each module with its attributes, each option chosen or not, possible or not and why.

Built from the page state (`PageState`): what the engine answered (valid values, the reasons an
option is excluded) and what is chosen or typed. The templates in `templates/configure/` only
lay these out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from app.catalog import Product
from app.catalog.attributes import Attribute, ManyOf, Numeric
from app.catalog.configuration import Choice
from app.catalog.text import localize
from app.engine.answers import Options, Reason

SHOWN_REASONS = 2
"""Reasons said beside a disabled option; the others are counted ("and 3 more rules")."""
LISTED_VALUES = 12
"""A numeric attribute lists its possible values when there are fewer than this many."""

Icon = Callable[[str, str], Markup]
"""The small picture beside an option (attribute id, option id -> SVG, or '' for none)."""


@dataclass(frozen=True)
class OptionView:
    """One option of a one-of or many-of attribute, as the page shows it; `price` in minor units."""

    id: str
    label: str
    chosen: bool
    enabled: bool
    reasons: tuple[str, ...]
    """Why it is not possible (the first `SHOWN_REASONS` rule messages); empty when enabled."""
    more_reasons: int
    """How many more rules exclude it than are said."""
    price: int
    icon: Markup


@dataclass(frozen=True)
class ChoiceField:
    """A one-of, yes/no or many-of attribute: radio buttons ("Not chosen" first) or check boxes."""

    id: str
    label: str
    many: bool
    nothing_chosen: bool
    options: tuple[OptionView, ...]
    known: str | None = None
    """Where a prefilled choice came from, in the page's language (None when not prefilled)."""
    numeric = False


@dataclass(frozen=True)
class NumberField:
    """A numeric attribute: a number field within what is possible now; numbers as they are written."""

    id: str
    label: str
    unit: str | None
    low: str
    high: str
    step: str
    value: str
    invalid: bool
    """Whether the value is a number typed that the attribute cannot take."""
    possible: tuple[str, ...]
    """The values possible now, in order (empty when none fits)."""
    listed: bool
    """Whether the page lists the possible values one by one (a few of them)."""
    known: str | None = None
    numeric = True


AttributeField = ChoiceField | NumberField
"""One attribute as the page asks for it."""


@dataclass(frozen=True)
class StepView:
    """One module of the product as a numbered step (from 1)."""

    number: int
    label: str
    fields: tuple[AttributeField, ...]


@dataclass(frozen=True)
class StepInputs:
    """What the steps are built from: the engine's answer, the choices made and numbers typed."""

    product: Product
    answer: Options
    choices: Mapping[str, Choice]
    typed: Mapping[str, str]
    locale: str
    sources: Mapping[str, str]
    icon: Icon


def steps(inputs: StepInputs) -> tuple[StepView, ...]:
    """The product's modules as steps, each attribute as its field."""
    return tuple(
        StepView(
            number,
            localize(module.label, inputs.locale) or module.id,
            tuple(field(attribute, inputs) for attribute in module.attributes),
        )
        for number, module in enumerate(inputs.product.modules, start=1)
    )


def field(attribute: Attribute, inputs: StepInputs) -> AttributeField:
    """One attribute's field."""
    if isinstance(attribute, Numeric):
        return number_field(attribute, inputs)
    return choice_field(attribute, inputs)


def number_field(attribute: Numeric, inputs: StepInputs) -> NumberField:
    """A numeric attribute's field: bounds are the values possible now (the attribute's range when none is)."""
    possible = tuple(str(value) for value in inputs.answer.valid.get(attribute.id, []))
    chosen = inputs.choices.get(attribute.id)
    value = str(chosen) if chosen is not None else inputs.typed.get(attribute.id, "")
    return NumberField(
        id=attribute.id,
        label=localize(attribute.label, inputs.locale) or attribute.id,
        unit=attribute.unit,
        low=possible[0] if possible else str(attribute.min),
        high=possible[-1] if possible else str(attribute.max),
        step=str(attribute.step),
        value=value,
        invalid=attribute.id in inputs.typed,
        possible=possible,
        listed=len(possible) < LISTED_VALUES,
        known=inputs.sources.get(attribute.id),
    )


def choice_field(attribute: Attribute, inputs: StepInputs) -> ChoiceField:
    """A one-of, yes/no or many-of attribute's field: every option, chosen or not, possible or not and why."""
    many = isinstance(attribute, ManyOf)
    chosen = inputs.choices.get(attribute.id)
    valid = {str(value) for value in inputs.answer.valid.get(attribute.id, [])}
    excluded = inputs.answer.excluded.get(attribute.id, {})
    options = []
    for option in getattr(attribute, "options", []):
        checked = chosen == option.id or (many and isinstance(chosen, list) and option.id in chosen)
        enabled = option.id in valid or checked
        reasons = [] if enabled else excluded.get(option.id, [])
        options.append(
            OptionView(
                option.id,
                localize(option.label, inputs.locale) or option.id,
                checked,
                enabled,
                _said(reasons),
                max(len(reasons) - SHOWN_REASONS, 0),
                option.price,
                inputs.icon(attribute.id, option.id),
            )
        )
    return ChoiceField(
        id=attribute.id,
        label=localize(attribute.label, inputs.locale) or attribute.id,
        many=many,
        nothing_chosen=chosen is None,
        options=tuple(options),
        known=inputs.sources.get(attribute.id),
    )


def _said(reasons: list[Reason]) -> tuple[str, ...]:
    """The reasons said beside a disabled option."""
    return tuple(reason.message for reason in reasons[:SHOWN_REASONS])
