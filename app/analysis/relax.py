"""What relaxing one rule or one numeric bound would add, and the changed document a draft starts from.

A relaxation is either a rule removed from a product, or a numeric attribute's range widened to
cover the numbers customers asked for (the step kept, so the widened range stays on the same grid).
Its gain is exact where the engine counts exactly: configurations of the relaxed product minus
configurations of the product as it is, in one customer context on one date. Removing a rule or
widening a range never takes a configuration away, so the gain is never negative.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from app.analysis.results import Location, Tally
from app.catalog import Catalog, load_catalog_text
from app.catalog.errors import Loc
from app.engine.engine import Engine

RelaxKind = Literal["rule", "bound"]


@dataclass(frozen=True)
class Relaxation:
    """One change to a product: remove rule `rule`, or widen numeric attribute `attribute` to cover `numbers`."""

    kind: RelaxKind
    product: str
    rule: str | None = None
    attribute: str | None = None
    numbers: tuple[Decimal, ...] = ()

    @property
    def key(self) -> str:
        """A stable key for the change (`rule:shirt/no_green`, `bound:jeans/waist`)."""
        return f"{self.kind}:{self.product}/{self.rule if self.kind == 'rule' else self.attribute}"


def remove_rule(product: str, rule: str) -> Relaxation:
    """The relaxation removing `rule` from `product`."""
    return Relaxation("rule", product, rule=rule)


def widen_bound(product: str, attribute: str, numbers: Sequence[Decimal]) -> Relaxation:
    """The relaxation widening numeric `attribute` of `product` to take every one of `numbers`."""
    return Relaxation("bound", product, attribute=attribute, numbers=tuple(sorted(set(numbers))))


def locate(document: dict[str, Any], change: Relaxation) -> Location:
    """Where the change applies in the document (the rule, or the numeric attribute)."""
    p, product = _product(document, change.product)
    if change.kind == "rule":
        r = next(i for i, rule in enumerate(product.get("rules") or []) if rule.get("id") == change.rule)
        return Location(change.product, ("products", p, "rules", r), rule=change.rule)
    path, _ = _attribute(document, change)
    return Location(change.product, path, attribute=change.attribute)


def relaxed_document(document: dict[str, Any], change: Relaxation) -> dict[str, Any]:
    """A copy of the catalog document with the change made (the original is left as it is)."""
    changed = copy.deepcopy(document)
    if change.kind == "rule":
        _, product = _product(changed, change.product)
        product["rules"] = [rule for rule in product.get("rules") or [] if rule.get("id") != change.rule]
        return changed
    _, attribute = _attribute(changed, change)
    low, high = widened_range(
        Decimal(str(attribute["min"])),
        Decimal(str(attribute["max"])),
        Decimal(str(attribute.get("step", 1))),
        change.numbers,
    )
    attribute["min"], attribute["max"] = _plain(low), _plain(high)
    return changed


def widened_range(low: Decimal, high: Decimal, step: Decimal, numbers: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """`low..high` widened on its step grid until it takes every number (off-grid numbers: the next step out)."""
    for number in numbers:
        while number < low:
            low -= step
        while number > high:
            high += step
    return low, high


def gain(document: dict[str, Any], change: Relaxation, context: dict[str, str], on: date) -> Tally:
    """Configurations the change adds to its product in `context` on `on` (exact unless the engine could not count)."""
    before = Engine.open(_loaded(document), change.product).count({}, context, on)
    after = Engine.open(_loaded(relaxed_document(document, change)), change.product).count({}, context, on)
    added = max(after.count - before.count, 0)
    if before.exact and after.exact:
        return Tally(added)
    return Tally(added, exact=False, note=before.narrowed or after.narrowed or "count: too hard")


def _loaded(document: dict[str, Any]) -> Catalog:
    """The catalog of a document (dates and decimals as YAML reads them are written as their text)."""
    return load_catalog_text(json.dumps(document, default=str))


def _product(document: dict[str, Any], product_id: str) -> tuple[int, dict[str, Any]]:
    products = document.get("products") or []
    return next((i, p) for i, p in enumerate(products) if p.get("id") == product_id)


def _attribute(document: dict[str, Any], change: Relaxation) -> tuple[Loc, dict[str, Any]]:
    p, product = _product(document, change.product)
    for m, module in enumerate(product.get("modules") or []):
        for a, attribute in enumerate(module.get("attributes") or []):
            if attribute.get("id") == change.attribute:
                if attribute.get("kind") != "numeric":
                    raise ValueError(f"attribute '{change.attribute}' is not numeric")
                return ("products", p, "modules", m, "attributes", a), attribute
    raise KeyError(f"no attribute '{change.attribute}' on product '{change.product}'")


def _plain(number: Decimal) -> int | float:
    """A number as JSON keeps it: whole numbers as int."""
    return int(number) if number == number.to_integral_value() else float(number)
