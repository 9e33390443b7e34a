"""The conflict panel: why the choices do not go together, the ways out, and taking the clashing pick back."""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog.labels import attribute_label, choice_label
from app.i18n import said
from app.services.configurator.page import PageState
from app.web.forms import query_of


@dataclass(frozen=True)
class Change:
    """One attribute a way out changes, and to what ('' for nothing chosen)."""

    attribute: str
    choice: str


@dataclass(frozen=True)
class RepairView:
    """One way out: the changes, the address query of the repaired selection, and the price difference
    (minor units, 0 when none is known)."""

    changes: tuple[Change, ...]
    query: str
    price_difference: int


@dataclass(frozen=True)
class TakeBack:
    """Taking the clashing pick back: what it was ("Extras", "Turn-up hem") and the query without it."""

    attribute: str
    choice: str
    query: str


@dataclass(frozen=True)
class ConflictView:
    """Why the choices clash (rule messages, or the typed number's error, in the page's language)."""

    messages: tuple[str, ...]
    repairs: tuple[RepairView, ...]
    take_back: TakeBack | None


def conflict_view(state: PageState, locale: str) -> ConflictView | None:
    """The conflict panel of the page state (None when the choices go together)."""
    answer, product = state.answer, state.product
    if answer.conflict is None:
        return None
    if state.clash is not None:
        messages: tuple[str, ...] = (said(locale, state.clash),)
    else:
        messages = tuple(rule.message for rule in answer.conflict.rules)
    repairs = tuple(
        RepairView(
            tuple(
                Change(attribute_label(product, attribute, locale), choice_label(product, attribute, choice, locale))
                for attribute, choice in repair.changes.items()
            ),
            query_of(repair.selection),
            repair.price_difference,
        )
        for repair in answer.repairs
    )
    return ConflictView(messages, repairs, _take_back(state, locale))


def _take_back(state: PageState, locale: str) -> TakeBack | None:
    """The way back: the selection without the clashing pick (None when there is nothing to take back)."""
    without = state.answer.without
    if state.take_back is None or without is None:
        return None
    choice = state.typed.get(without) or choice_label(state.product, without, state.choices[without], locale)
    return TakeBack(attribute_label(state.product, without, locale), choice, query_of(state.take_back))
