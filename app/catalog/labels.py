"""Catalog things said the way people read them: labels in a language, numbers per locale (pages and e-mails)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from babel.numbers import format_decimal

from app.catalog import Product
from app.catalog.attributes import Attribute, Numeric
from app.catalog.text import localize


def attribute_label(product: Product, attribute_id: str, locale: str) -> str:
    """The label of one attribute of `product` in `locale` (its id when it has none or is unknown)."""
    attribute = product.attribute_index.get(attribute_id)
    return (localize(attribute.label, locale) if attribute else None) or attribute_id


def attribute_labels(product: Product, attribute_ids: Iterable[str], locale: str) -> str:
    """The labels of these attributes of `product` in `locale`, as a list in words ("Waist, Inseam")."""
    return ", ".join(attribute_label(product, attribute_id, locale) for attribute_id in attribute_ids)


def module_labels(product: Product, module_ids: Iterable[str], locale: str) -> list[str]:
    """The labels of these modules of `product` in `locale`."""
    labels = {module.id: localize(module.label, locale) or module.id for module in product.modules}
    return [labels.get(module_id, module_id) for module_id in module_ids]


def choice_label(product: Product, attribute_id: str, choice: object, locale: str) -> str:
    """A choice as the page says it: option labels in `locale` ("Boot cut, Zip fly"), numbers per locale."""
    attribute = product.attribute_index.get(attribute_id)
    labels = {o.id: localize(o.label, locale) or o.id for o in getattr(attribute, "options", [])}
    if isinstance(choice, str):
        return labels.get(choice, choice)
    if isinstance(choice, list | tuple | set | frozenset):
        return ", ".join(labels.get(str(c), str(c)) for c in choice)
    if isinstance(choice, int | float | Decimal):
        return str(format_decimal(choice, locale=locale))
    return str(choice)


def choice_summary(product: Product, choices: Mapping[str, object], locale: str) -> str:
    """The product and what is chosen, in words, in the order of the steps ("Custom jeans: Classic, Boot cut, ...")."""
    said = [_said_choice(product, a, choices[a.id], locale) for a in product.attributes() if choices.get(a.id)]
    name = localize(product.label, locale) or product.id
    return f"{name}: {', '.join(s for s in said if s)}" if any(said) else name


def _said_choice(product: Product, attribute: Attribute, choice: object, locale: str) -> str:
    """One choice in a summary: an option by its label, a number with what it measures ("Waist 32 in")."""
    said = choice_label(product, attribute.id, choice, locale)
    if isinstance(attribute, Numeric):
        unit = f" {attribute.unit}" if attribute.unit else ""
        return f"{localize(attribute.label, locale) or attribute.id} {said}{unit}"
    return said
