"""The configurator page as one view: the counts, the steps, the conflict, the drawing, keeping it, the offers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from app.catalog.labels import attribute_labels, module_labels
from app.i18n import said
from app.services.configurator.page import PageState
from app.web.drawings import option_icon
from app.web.forms import query_of
from app.web.views.conflict import ConflictView, conflict_view
from app.web.views.drawing import DrawingView, drawing_view
from app.web.views.steps import StepInputs, StepView, steps

MISSING_SAID = 4
"""Attributes still to choose named in the "to order" hint; more are shown as an ellipsis."""
RANKED = 3
"""Offers named Good, Better, Best when there are exactly this many."""


@dataclass(frozen=True)
class Counts:
    """How many configurations there are for this customer, and how many still match the choices."""

    total: int
    matching: int
    exact: bool
    designs: int | None
    """The designs of the product's `designs` modules on their own (None when it names none)."""
    design_modules: tuple[str, ...]
    """The labels of those modules, in the page's language."""


@dataclass(frozen=True)
class OfferView:
    """One "complete it for me" offer: total in minor units, the query that takes it, what differs."""

    total: int
    query: str
    differs: str
    rank: int | None
    """0, 1, 2 for Good, Better, Best (None when the offers are not three: they are numbered)."""
    number: int


@dataclass(frozen=True)
class KeepView:
    """The "keep it" panel: shown once something is chosen without a clash."""

    order_query: str | None
    """The order page's query (None while attributes are still to choose)."""
    missing: int
    missing_labels: str
    more_missing: bool


@dataclass(frozen=True)
class ConfiguratorView:
    """Everything the configurator page shows for one page state, ready to lay out."""

    counts: Counts
    problems: tuple[str, ...]
    """What is wrong with the form's fields, in the page's language."""
    steps: tuple[StepView, ...]
    conflict: ConflictView | None
    drawing: DrawingView | None
    keep: KeepView | None
    offers: tuple[OfferView, ...] | None
    """None when "complete it for me" was not asked; empty when nothing fits."""


def configurator_view(state: PageState, locale: str, sources: Mapping[str, str] | None = None) -> ConfiguratorView:
    """The configurator page of `state` in `locale`; `sources` says where prefilled choices came from."""
    product = state.product
    inputs = StepInputs(
        product,
        state.answer,
        state.choices,
        state.typed,
        locale,
        sources or {},
        lambda attribute, option: option_icon(product, attribute, option),
    )
    return ConfiguratorView(
        counts=counts(state, locale),
        problems=tuple(said(locale, problem) for problem in state.problems),
        steps=steps(inputs),
        conflict=conflict_view(state, locale),
        drawing=drawing_view(state, locale),
        keep=keep(state, locale),
        offers=offers(state, locale),
    )


def counts(state: PageState, locale: str) -> Counts:
    """The counts in the page's heading."""
    designs = state.designs
    return Counts(
        total=state.total,
        matching=state.answer.count or 0,
        exact=state.answer.count_exact,
        designs=designs.count if designs else None,
        design_modules=tuple(module_labels(state.product, designs.modules, locale)) if designs else (),
    )


def keep(state: PageState, locale: str) -> KeepView | None:
    """The "keep it" panel (None until something is chosen, and while the choices clash)."""
    if not state.choices or state.answer.conflict:
        return None
    missing = state.missing
    return KeepView(
        order_query=None if missing else query_of(state.choices),
        missing=len(missing),
        missing_labels=attribute_labels(state.product, missing[:MISSING_SAID], locale),
        more_missing=len(missing) > MISSING_SAID,
    )


def offers(state: PageState, locale: str) -> tuple[OfferView, ...] | None:
    """The offers, cheapest first (None when not asked)."""
    if state.offers is None:
        return None
    ranked = len(state.offers) == RANKED
    return tuple(
        OfferView(
            offer.total,
            query_of(offer.choices),
            attribute_labels(state.product, offer.differs, locale),
            index if ranked else None,
            index + 1,
        )
        for index, offer in enumerate(sorted(state.offers, key=lambda offer: offer.total))
    )
