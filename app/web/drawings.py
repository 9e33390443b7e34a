"""The jeans drawing as an image of its own (`templates/_drawings.html`, served as SVG).

The configurator's fragment only links to it (`<img src=...>`), so an option change answers as
fast as before and the browser fetches, and caches, each look of the jeans once. Only the
choices the drawing shows go into its address.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.catalog import Product
from app.web.forms import query_of

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
