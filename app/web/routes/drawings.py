"""A product's drawing as an SVG image: `/configure/CATALOG/PRODUCT/drawing.svg?CHOICES`.

Only products whose catalog names a drawing have one (the jeans); the address holds the choices
the drawing shows, so each look is drawn once per process and cached by the browser for a day.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.catalog.labels import choice_summary
from app.errors import NotFoundError
from app.web.deps import Locale, PublishedProduct
from app.web.drawings import draw, drawing_of, drawn
from app.web.forms import posted_choices

router = APIRouter(include_in_schema=False)


@router.get("/configure/{catalog_id}/{product_id}/drawing.svg", name="drawing")
def drawing(request: Request, product: PublishedProduct, product_id: str, locale: Locale) -> Response:
    """The product as chosen so far, as SVG (404 for a product without a drawing, 422 for bad choices)."""
    shown = drawing_of(product)
    if shown is None:
        raise NotFoundError("product '{product}' has no drawing", product=product_id)
    fed = set(shown.attributes.values())
    items = [(key, value) for key, value in request.query_params.multi_items() if key in fed]
    choices = drawn(product, posted_choices(product, items))
    svg = draw(shown, choices, choice_summary(product, choices, locale))
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "public, max-age=86400"})
