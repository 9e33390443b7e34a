"""The catalog: products, modules, attributes, options, rules and price rules (pure core)."""

from app.catalog.errors import CatalogError, CatalogIssue
from app.catalog.loader import load_catalog, load_catalog_text
from app.catalog.model import Catalog, Module, Product

__all__ = ["Catalog", "CatalogError", "CatalogIssue", "Module", "Product", "load_catalog", "load_catalog_text"]
