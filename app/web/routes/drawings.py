"""The jeans drawing as an SVG image: `/configure/CATALOG/PRODUCT/drawing.svg?CHOICES`.

Only products with a drawing have one (the jeans); the address holds the choices the drawing
shows, so each look is drawn once per process and cached by the browser for a day.
"""

from __future__ import annotations

import json
from functools import lru_cache

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.errors import NotFoundError
from app.web.deps import Locale, PublishedProduct
from app.web.drawings import DRAWN, drawn, has_drawing
from app.web.forms import posted_choices
from app.web.templating import choice_summary, drawing_macros

router = APIRouter(include_in_schema=False)


@router.get("/configure/{catalog_id}/{product_id}/drawing.svg", name="drawing")
def drawing(request: Request, product: PublishedProduct, product_id: str, locale: Locale) -> Response:
    """The product as chosen so far, as SVG (404 for a product without a drawing, 422 for bad choices)."""
    if not has_drawing(product):
        raise NotFoundError("product '{product}' has no drawing", product=product_id)
    items = [(key, value) for key, value in request.query_params.multi_items() if key in DRAWN]
    shown = drawn(posted_choices(product, items))
    label = choice_summary(product, shown, locale)
    svg = _svg(json.dumps(shown, sort_keys=True, default=str), label)
    return Response(svg, media_type="image/svg+xml", headers={"cache-control": "public, max-age=86400"})


@lru_cache(maxsize=4096)
def _svg(choices: str, label: str) -> str:
    """One look of the jeans, drawn once."""
    return str(drawing_macros().jeans(json.loads(choices), label=label, uid="jeans"))
