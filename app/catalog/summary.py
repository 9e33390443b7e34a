"""A short description of a catalog: what `tailor catalog check` prints when all is well."""

from __future__ import annotations

from typing import Any

from app.catalog.attributes import Numeric
from app.catalog.model import Catalog
from app.catalog.text import localize


def summarize(catalog: Catalog) -> dict[str, Any]:
    """Counts of products, modules, attributes, options (numeric values too) and rules."""
    products = []
    for product in catalog.products:
        attributes = list(product.attributes())
        options = sum(a.size if isinstance(a, Numeric) else len(a.options) for a in attributes)
        products.append(
            {
                "id": product.id,
                "label": localize(product.label) or product.id,
                "modules": len(product.modules),
                "attributes": len(attributes),
                "options": options,
                "rules": len(product.rules),
                "rule_kinds": sorted({rule.kind for rule in product.rules}),
                "price_rules": len(product.price_rules),
            }
        )
    return {"catalog": catalog.id, "version": catalog.version, "currency": catalog.currency, "products": products}
