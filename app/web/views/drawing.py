"""The product's drawing beside the steps, and the small pictures beside its options."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from app.catalog import Product
from app.services.configurator import PageState
from app.web.drawings import drawn, drawn_query, has_drawing, leg_icon
from app.web.views.labels import choice_summary


@dataclass(frozen=True)
class DrawingView:
    """The drawing of what is chosen so far: which drawing, its address query and its text alternative."""

    name: str
    query: str
    alt: str


def drawing_view(state: PageState, locale: str) -> DrawingView | None:
    """The drawing of the page state (None for a product without one)."""
    if not has_drawing(state.product):
        return None
    alt = choice_summary(state.product, drawn(state.choices), locale)
    return DrawingView("jeans", drawn_query(state.choices), alt)


def option_icon(product: Product, attribute_id: str, option_id: str) -> Markup:
    """The small picture beside an option ('' when its product's drawing has none for it)."""
    return leg_icon(attribute_id, option_id) if has_drawing(product) else Markup("")
