"""The JSON API (documented at /api/docs): catalogs, their products, and prices for the caller.

A price is computed in the caller's customer context (the signed-in or recognised customer of
the session cookie, else an anonymous visitor on the web), by the same function the pages use,
so the API, the configurator and the order agree to the cent.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from app.catalog import Catalog
from app.catalog.configuration import Selection
from app.catalog.summary import summarize
from app.pricing import PriceBreakdown, price
from app.services.catalogs.shelf import published_shelf
from app.services.context import within
from app.web.deps import PublishedCatalog, PublishedProduct, SessionDep, ShopperDep
from app.web.forms import posted_choices

router = APIRouter(prefix="/api", tags=["catalogs"])


@router.get("/catalogs")
def list_catalogs(session: SessionDep) -> list[dict[str, Any]]:
    """A summary of every published catalog: products, attributes, options, rules."""
    return [summarize(catalog) for catalog in published_shelf(session=session).catalogs]


@router.get("/catalogs/{catalog_id}", response_model=Catalog, response_model_exclude_defaults=True)
def get_catalog(catalog: PublishedCatalog) -> Catalog:
    """One catalog document, as it was published."""
    return catalog


@router.get("/catalogs/{catalog_id}/products/{product_id}/price", response_model=PriceBreakdown)
def price_selection(
    request: Request, catalog: PublishedCatalog, product: PublishedProduct, shopper: ShopperDep
) -> PriceBreakdown:
    """The price of the selection in the query (`attribute=option`, many-of repeated) for the caller's context."""
    choices = posted_choices(product, request.query_params.multi_items())
    return price(catalog, Selection(product=product.id, choices=choices), within(catalog, shopper.context))
