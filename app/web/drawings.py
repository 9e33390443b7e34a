"""The jeans drawing as an image of its own (`templates/_drawings.html`, served as SVG).

The configurator's fragment only links to it (`<img src=...>`), so an option change answers as
fast as before and the browser fetches, and caches, each look of the jeans once. Only the
choices the drawing shows go into its address.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from app.catalog import Product
from app.web.forms import query_of
from app.web.templating import get_templates

DRAWINGS = {"jeans"}
"""The products that have a drawing (their ids)."""
DRAWN = ("fit", "opening", "bagginess", "closure", "wash", "waist", "seat", "inseam", "addons", "gift_wrap")
"""The jeans' choices the drawing shows; the others do not change it."""


def drawn(choices: Mapping[str, object]) -> dict[str, object]:
    """The choices the drawing shows, of those made."""
    return {name: choices[name] for name in DRAWN if choices.get(name) not in (None, "", [], ())}


def drawn_query(choices: Mapping[str, object]) -> str:
    """The query of the drawing's address for these choices."""
    return query_of(drawn(choices))


def has_drawing(product: Product) -> bool:
    """Whether the product has a drawing."""
    return product.id in DRAWINGS


@lru_cache(maxsize=256)
def leg_icon(attribute_id: str, option_id: str) -> Markup:
    """The one-leg icon beside a fit, bagginess or opening option ('' for other attributes)."""
    macros = drawing_macros()
    if attribute_id == "opening":
        return Markup(macros.opening_icon(option_id))
    if attribute_id in ("fit", "bagginess"):
        return Markup(macros.fit_icon(option_id))
    return Markup("")


def drawing_macros() -> Any:
    """The macros of `templates/_drawings.html` (jeans, opening_icon, fit_icon, product_icon)."""
    return get_templates().env.get_template("_drawings.html").module
