"""Selections as form fields and back: what the configurator's links and forms carry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlencode

from app.catalog import Product
from app.catalog.attributes import Numeric
from app.catalog.configuration import Choice
from app.services.configurator.page import clash_message, parse_choices


def choice_pairs(choices: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A selection as form fields: (attribute, value) pairs, many-of options repeated."""
    return [
        (attribute, str(value))
        for attribute, choice in choices.items()
        for value in (choice if isinstance(choice, list) else [choice])
    ]


def query_of(choices: Mapping[str, Any]) -> str:
    """The URL query of a selection (many-of options repeated)."""
    return urlencode(choice_pairs(choices))


def posted_choices(product: Product, items: Iterable[tuple[str, object]], locale: str = "en") -> dict[str, Choice]:
    """The choices a POSTed form carries (422 naming the first bad field)."""
    parsed = parse_choices(product, [(k, str(v)) for k, v in items], locale)
    if parsed.problems:
        raise parsed.problems[0]
    for attribute_id, (number, _) in parsed.clashes.items():
        attribute = product.attribute_index[attribute_id]
        assert isinstance(attribute, Numeric)
        raise clash_message(attribute, number, locale)
    return parsed.choices
