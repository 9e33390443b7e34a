"""The product's drawing beside the steps, as its catalog names it."""

from __future__ import annotations

from dataclasses import dataclass

from app.catalog.labels import choice_summary
from app.i18n import say
from app.services.configurator.page import PageState
from app.web.drawings import PICTURES, drawing_of, drawn, drawn_query


@dataclass(frozen=True)
class DrawingView:
    """The drawing of what is chosen so far: which drawing, its address query, size (px), text alternative, caption."""

    name: str
    query: str
    width: int
    height: int
    alt: str
    caption: str


def drawing_view(state: PageState, locale: str) -> DrawingView | None:
    """The drawing of the page state (None for a product without one)."""
    drawing = drawing_of(state.product)
    if drawing is None:
        return None
    picture = PICTURES[drawing.name]
    alt = choice_summary(state.product, drawn(state.product, state.choices), locale)
    return DrawingView(drawing.name, drawn_query(state.product, state.choices), picture.width, picture.height, alt,
                       say(locale, picture.caption))  # fmt: skip
