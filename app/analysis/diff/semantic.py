"""The semantic diff of two versions of a product: configurations valid before and not after (and the
reverse) as exact counts, and options whose availability changed, per customer context group.

Counts come from three engines: the version before, the version after, and the combined product
(`combined.combined_product`) whose configurations are valid in both; "removed" is before minus
both, "added" after minus both. When the versions have different attributes, configurations are
compared on the attributes they share (projected counts, exact on the diagram).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from app.analysis.budget import Progress, quiet
from app.analysis.contexts import context_groups
from app.analysis.diff.combined import CombineError, combined_product
from app.analysis.results import ContextGroup, NotComputed, Tally
from app.catalog.model import Catalog, Product
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.engine.engine import Engine
from app.errors import TailorError


@dataclass
class ContextDelta:
    """What the new version does to one context group of a product (None: not computed, see `note`)."""

    group: ContextGroup
    before: Tally | None = None
    after: Tally | None = None
    both: Tally | None = None
    removed: int | None = None
    """Configurations valid before and not after."""
    added: int | None = None
    """Configurations valid after and not before."""
    unavailable: dict[str, list[str]] = field(default_factory=dict)
    """attribute -> options valid before (for an empty selection) and not after."""
    available: dict[str, list[str]] = field(default_factory=dict)
    """attribute -> options valid after and not before."""
    note: str | None = None


@dataclass
class ProductDiff:
    """The semantic diff of one product present in both versions."""

    product: str
    projected_on: tuple[str, ...] | None = None
    """The shared attributes configurations are compared on, when the versions' attributes differ."""
    groups: list[ContextDelta] = field(default_factory=list)
    not_computed: list[NotComputed] = field(default_factory=list)


def product_diff(
    before: Catalog,
    after: Catalog,
    product_id: str,
    on: date,
    *,
    cache: Cache | None = None,
    budget: Budget | None = None,
    progress: Progress = quiet,
) -> ProductDiff:
    """Counts of configurations removed and added, and availability changes, per context group."""
    result = ProductDiff(product_id)
    old, new = before.product(product_id), after.product(product_id)
    if not (old.in_force(on) and new.in_force(on)):
        result.not_computed.append(NotComputed("semantic diff", f"not in force on {on} in both versions", product_id))
        return result
    try:
        combined = _combined_catalog(before, after, combined_product(old, new, on))
    except CombineError as error:
        result.not_computed.append(NotComputed("semantic diff", str(error), product_id))
        return result
    if set(old.attribute_index) != set(new.attribute_index):
        result.projected_on = tuple(a for a in new.attribute_index if a in old.attribute_index)
    groups, complete = context_groups(combined, combined.products[0])
    if not complete:
        result.not_computed.append(NotComputed("context groups", "too many combinations of context values", product_id))
    engines = [Engine.open(c, product_id, cache=cache, budget=budget) for c in (before, after, combined)]
    try:
        for done, group in enumerate(groups):
            progress(f"comparing {group.describe()}", done, len(groups))
            result.groups.append(_delta(engines, group, on, result.projected_on))
    finally:
        for engine in engines:
            engine.close()
    return result


def _combined_catalog(before: Catalog, after: Catalog, product: Product) -> Catalog:
    """A catalog of the combined product, declaring the context values of either version."""
    context = {}
    for key in dict.fromkeys([*after.context, *before.context]):
        a, b = before.context.get(key), after.context.get(key)
        values = [] if (a is not None and not a) or (b is not None and not b) else [*(b or []), *(a or [])]
        context[key] = list(dict.fromkeys(values))
    catalog = after.model_copy(update={"products": [product], "context": context})
    catalog.__dict__.pop("product_index", None)
    return catalog


def _delta(engines: list[Engine], group: ContextGroup, on: date, project: tuple[str, ...] | None) -> ContextDelta:
    found = ContextDelta(group)
    context = group.representative
    shared = list(project) if project is not None else None
    try:
        tallies = [_tally(engine, context, on, shared) for engine in engines]
        valid = [engine.options({}, context, on).valid for engine in engines[:2]]
    except TailorError as error:
        found.note = error.message
        return found
    found.before, found.after, found.both = tallies
    if all(t.exact for t in tallies):
        found.removed = tallies[0].count - tallies[2].count
        found.added = tallies[1].count - tallies[2].count
    else:
        found.note = "; ".join(t.note for t in tallies if t.note) or "a count is not exact"
    for attribute in valid[0].keys() & valid[1].keys():
        was = [str(v) for v in valid[0][attribute]]
        now = [str(v) for v in valid[1][attribute]]
        if gone := [v for v in was if v not in now]:
            found.unavailable[attribute] = gone
        if new := [v for v in now if v not in was]:
            found.available[attribute] = new
    return found


def _tally(engine: Engine, context: dict[str, str], on: date, project: list[str] | None) -> Tally:
    counted = engine.count({}, context, on, project=project)
    return Tally(counted.count, counted.exact, counted.narrowed)
