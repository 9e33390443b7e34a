"""A product's drawing: which picture of the product as chosen, and the attribute that feeds each thing it shows.

In a catalog file:

    drawing:
      name: jeans
      attributes: {fit: fit, opening: opening, wash: wash, waist: waist, addons: addons}

`name` is one of `DRAWINGS`; each key of `attributes` is something that drawing shows and its
value the id of the product's attribute whose choice it shows. What is left out is drawn as the
drawing's default. The pictures themselves belong to the web (`templates/_drawings.html`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from pydantic import Field

from app.catalog.base import CatalogModel
from app.catalog.errors import Loc, Message
from app.catalog.ids import Id

DRAWINGS: dict[str, tuple[str, ...]] = {
    "jeans": ("fit", "opening", "bagginess", "closure", "wash", "waist", "seat", "inseam", "addons", "gift_wrap"),
}
"""The drawings there are, each with what it shows (leg cut, opening, ... for the jeans)."""


class Drawing(CatalogModel):
    """The product's drawing: its `name` (one of `DRAWINGS`) and, per thing it shows, the attribute id feeding it."""

    name: Id
    attributes: dict[Id, Id] = Field(min_length=1)

    def shown(self, choices: Mapping[str, object]) -> dict[str, object]:
        """The choices made that the drawing shows, by what it shows (unchosen and empty ones left out)."""
        return {
            shows: choices[attribute]
            for shows, attribute in self.attributes.items()
            if choices.get(attribute) not in (None, "", [], ())
        }


def drawing_problems(drawing: Drawing | None, attribute_ids: set[str], product_id: str, loc: Loc) -> Iterator[
    tuple[Loc, str]
]:  # fmt: skip
    """Problems with a product's drawing: an unknown drawing, something it does not show, an unknown attribute."""
    if drawing is None:
        return
    shows = DRAWINGS.get(drawing.name)
    if shows is None:
        yield (
            (*loc, "name"),
            Message(
                "unknown drawing '{name}' (expected {expected})",
                name=drawing.name,
                expected=", ".join(sorted(DRAWINGS)),
            ),
        )
        return
    for shown, attribute in drawing.attributes.items():
        if shown not in shows:
            yield (
                (*loc, "attributes", shown),
                Message(
                    "drawing '{name}' shows no '{shown}' (it shows {shows})",
                    name=drawing.name,
                    shown=shown,
                    shows=", ".join(shows),
                ),
            )
        elif attribute not in attribute_ids:
            yield (
                (*loc, "attributes", shown),
                Message(
                    "unknown attribute '{attribute}' in product '{product}'", attribute=attribute, product=product_id
                ),
            )
