"""The pictures of the catalog's drawings (`templates/_drawings.html`), the product's served as an SVG image.

A product names its drawing and the attributes that feed it in its catalog (`drawing:`, see
`app/catalog/drawing.py`); here each drawing has its picture: a macro of the same name, its
size, its caption and the small icons beside the options of what it shows. The configurator's
fragment only links to the picture (`<img src=...>`), so an option change answers as fast as
before and the browser fetches, and caches, each look once. Only the choices the drawing shows
go into its address.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markupsafe import Markup

from app.catalog import Product
from app.catalog.drawing import Drawing
from app.web.forms import query_of
from app.web.templating import get_templates


@dataclass(frozen=True)
class Picture:
    """How one drawing is drawn: its macro (the drawing's name), its size in px, its caption (a message to
    translate) and the icon macro beside the options of each thing it shows that has one."""

    caption: str
    width: int
    height: int
    icons: Mapping[str, str] = field(default_factory=dict)


PICTURES = {
    "jeans": Picture("Your jeans as chosen so far", 220, 330,
                     {"fit": "fit_icon", "bagginess": "fit_icon", "opening": "opening_icon"}),
}  # fmt: skip
"""The picture of each drawing a catalog may name (`app.catalog.drawing.DRAWINGS`)."""


def drawing_of(product: Product) -> Drawing | None:
    """The product's drawing (None when it has none, or none this app can draw)."""
    drawing = product.drawing
    return drawing if drawing is not None and drawing.name in PICTURES else None


def has_drawing(product: Product) -> bool:
    """Whether the product has a drawing."""
    return drawing_of(product) is not None


def drawn(product: Product, choices: Mapping[str, object]) -> dict[str, object]:
    """The choices the product's drawing shows, of those made, by attribute id."""
    drawing = drawing_of(product)
    fed = drawing.attributes.values() if drawing else ()
    return {attribute: choices[attribute] for attribute in fed if choices.get(attribute) not in (None, "", [], ())}


def drawn_query(product: Product, choices: Mapping[str, object]) -> str:
    """The query of the drawing's address for these choices."""
    return query_of(drawn(product, choices))


def draw(drawing: Drawing, choices: Mapping[str, object], label: str) -> str:
    """The drawing of these choices as SVG, its text alternative `label` (each look drawn once per process)."""
    return _draw(drawing.name, json.dumps(drawing.shown(choices), sort_keys=True, default=str), label)


@lru_cache(maxsize=4096)
def _draw(name: str, shown: str, label: str) -> str:
    return str(getattr(drawing_macros(), name)(json.loads(shown), label=label, uid=name))


def option_icon(product: Product, attribute_id: str, option_id: str) -> Markup:
    """The small picture beside an option ('' unless its attribute feeds something the drawing shows with one)."""
    drawing = drawing_of(product)
    if drawing is None:
        return Markup("")
    icons = PICTURES[drawing.name].icons
    macros = [icons[shown] for shown, fed in drawing.attributes.items() if fed == attribute_id and shown in icons]
    return _icon(macros[0], option_id) if macros else Markup("")


@lru_cache(maxsize=256)
def _icon(macro: str, option_id: str) -> Markup:
    return Markup(getattr(drawing_macros(), macro)(option_id))


def drawing_macros() -> Any:
    """The macros of `templates/_drawings.html` (jeans, opening_icon, fit_icon, product_icon)."""
    return get_templates().env.get_template("_drawings.html").module
