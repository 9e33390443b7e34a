"""The JSON API (documented at /api/docs): catalogs and their products."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException

from app.catalog import Catalog
from app.catalog.summary import summarize
from app.config import get_settings
from app.services.catalogs import cached_shelf

router = APIRouter(prefix="/api", tags=["catalogs"])


@router.get("/catalogs")
def list_catalogs() -> list[dict[str, Any]]:
    """A summary of every published catalog: products, attributes, options, rules."""
    return [summarize(catalog) for catalog in cached_shelf(get_settings().catalog_dir).catalogs]


@router.get("/catalogs/{catalog_id}", response_model=Catalog, response_model_exclude_defaults=True)
def get_catalog(catalog_id: str) -> Catalog:
    """One catalog document, as it was published."""
    for catalog in cached_shelf(get_settings().catalog_dir).catalogs:
        if catalog.id == catalog_id:
            return catalog
    raise HTTPException(status_code=404, detail=f"no catalog '{catalog_id}'")
