"""The catalog document: products made of modules of attributes, with rules and price rules."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from functools import cached_property
from typing import Literal

from pydantic import Field

from app.catalog.attributes import Attribute
from app.catalog.base import CatalogModel, Dated
from app.catalog.drawing import Drawing
from app.catalog.ids import Id
from app.catalog.numbers import Number, Price
from app.catalog.price_rules import PriceRule
from app.catalog.rules import Rule
from app.catalog.text import Locale, Text


class Module(CatalogModel):
    """Attributes shown together (style, size, add-ons, service, payment)."""

    id: Id
    label: Text | None = None
    description: Text | None = None
    attributes: list[Attribute] = Field(min_length=1)


class Product(Dated):
    """A base product customers configure; its price starts at `base_price`."""

    id: Id
    label: Text | None = None
    description: Text | None = None
    image: str | None = None
    base_price: Price = 0
    base_cost: Price = 0
    base_properties: dict[Id, Number] = Field(default_factory=dict)
    modules: list[Module] = Field(min_length=1)
    designs: list[Id] = Field(default_factory=list)
    """Modules whose combinations make the product's designs (the seeds' 30 styles x 49,500 sizes of
    jeans): the configurator counts them apart from everything the other modules add."""
    drawing: Drawing | None = None
    """The picture of the product as chosen, and the attributes that feed it (None: no picture)."""
    rules: list[Rule] = Field(default_factory=list)
    price_rules: list[PriceRule] = Field(default_factory=list)

    def attributes(self) -> Iterator[Attribute]:
        """Every attribute, module by module, in document order."""
        for module in self.modules:
            yield from module.attributes

    @cached_property
    def attribute_index(self) -> dict[str, Attribute]:
        """Attributes by id."""
        return {attribute.id: attribute for attribute in self.attributes()}

    def base_value(self, name: str) -> Decimal:
        """Property `name` of the base product: `price` and `cost` are its base price and cost."""
        if name == "price":
            return Decimal(self.base_price)
        if name == "cost":
            return Decimal(self.base_cost)
        return self.base_properties.get(name, Decimal(0))

    def attribute(self, attribute_id: str) -> Attribute:
        """The attribute with this id (KeyError when there is none)."""
        return self.attribute_index[attribute_id]


class Catalog(CatalogModel):
    """One catalog version: everything that can be sold, in `currency` minor units.

    `context` declares the customer-context keys rules may test and their allowed values
    (`tier: [retain, grow, ordinary, below_zero]`); an empty list allows any value.
    """

    format: Literal[1] = 1
    id: Id
    version: str = "1"
    label: Text | None = None
    description: Text | None = None
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    locales: list[Locale] = Field(default_factory=lambda: ["en"], min_length=1)
    context: dict[Id, list[str]] = Field(default_factory=dict)
    products: list[Product] = Field(min_length=1)

    @cached_property
    def product_index(self) -> dict[str, Product]:
        """Products by id."""
        return {product.id: product for product in self.products}

    def product(self, product_id: str | None = None) -> Product:
        """The product with this id, or the first product when `product_id` is None."""
        if product_id is None:
            return self.products[0]
        return self.product_index[product_id]
