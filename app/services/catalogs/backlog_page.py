"""The unmet-needs backlog as the workspace shows it: every item placed in the catalog version in force
(with the address of its rule or attribute there), what relaxing one would add, and a draft started
from one item.

The filter is bounded (a period out of `PERIODS`, a known tier and segment) so every page asks a
question of a known size. What a relaxation adds is counted in the web channel (and the tier filtered
on, when there is one) today, and kept per content hash, change and context: the row asks it once.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from threading import Lock
from typing import Any
from urllib.parse import quote

from sqlmodel import Session

from app.analysis.relax import Relaxation, gain, relaxed_document
from app.analysis.results import Tally
from app.catalog.configuration import Context, today
from app.errors import ConflictError, NotFoundError, TailorError
from app.models import CatalogVersion
from app.models.base import utcnow
from app.services.catalogs.backlog import NO_TIER, BacklogItem, located, unmet_backlog
from app.services.catalogs.in_force import catalog_of_version, version_in_force, versions_in_force
from app.services.catalogs.versions import create_draft, version_of
from app.services.context import within
from app.value.tiers import TIERS as VALUE_TIERS

PERIODS = (30, 90, 365, 1095)
"""The periods (days back from now) the backlog can be read over."""
TIERS = (*VALUE_TIERS, NO_TIER)
SEGMENTS = ("person", "company")
VALUE_CURRENCY = "EUR"
"""The currency customer values are kept in."""
MAX_WIDEN_STEPS = 200
"""Most steps a bound may be widened by on one row (numbers further out are not a customer's size)."""
_GAINS: OrderedDict[tuple[Any, ...], Tally] = OrderedDict()
_GAINS_LOCK = Lock()
CACHED_GAINS = 512


@dataclass(frozen=True)
class BacklogFilter:
    """Which part of the backlog to read: one catalog or all, over `days`, one tier or segment or all."""

    catalog: str | None = None
    days: int = 90
    tier: str | None = None
    segment: str | None = None

    def __post_init__(self) -> None:
        if self.days not in PERIODS:
            raise TailorError("the period must be one of {periods} days", periods=", ".join(map(str, PERIODS)))
        if self.tier is not None and self.tier not in TIERS:
            raise TailorError("no tier '{tier}'", tier=self.tier[:50])
        if self.segment is not None and self.segment not in SEGMENTS:
            raise TailorError("no segment '{segment}'", segment=self.segment[:50])


@dataclass(frozen=True)
class BacklogRow:
    """One backlog item in the catalog version in force: its catalog, that version, the address of its
    rule, attribute or product there, and (bounds) the range in force."""

    item: BacklogItem
    catalog_id: str
    version_id: int
    link: str
    range: tuple[Decimal, Decimal] | None = None


@dataclass(frozen=True)
class RelaxAnswer:
    """What relaxing one item adds: configurations (in `context`, on `on`); the change made."""

    key: str
    change: Relaxation
    added: Tally
    context: dict[str, str]
    on: date


def backlog_rows(*, session: Session, wanted: BacklogFilter) -> list[BacklogRow]:
    """The backlog items of the catalogs in force (or one of them), most valuable first, each placed in its
    catalog's version in force (a catalog that is not in force: not found)."""
    versions = _in_force(session, wanted.catalog)
    items = unmet_backlog(session=session, since=utcnow() - timedelta(days=wanted.days), tier=wanted.tier,
                          segment=wanted.segment)  # fmt: skip
    rows: list[BacklogRow] = []
    for version in versions:
        taken = {row.item.key for row in rows}
        for item in located([i for i in items if i.key not in taken], version.document):
            rows.append(BacklogRow(item, version.catalog_id, version.id or 0, _link(version.id or 0, item),
                                   _range(version.document, item)))  # fmt: skip
    return sorted(rows, key=lambda r: (-r.item.value_minor, -r.item.customers, r.catalog_id, r.item.key))


def relax_answer(
    *, session: Session, catalog_id: str, key: str, numbers: tuple[Decimal, ...], tier: str | None = None
) -> RelaxAnswer:
    """What relaxing the backlog item `key` of the catalog in force would add (`numbers`: a bound's numbers asked)."""
    version = _in_force(session, catalog_id)[0]
    item = _item_of_key(version.document, key)
    if item.kind == "bound":
        item.numbers = _checked_numbers(version.document, item, numbers)
    change = item.relaxation
    if change is None:
        raise ConflictError("'{key}' is not a rule or a bound: there is nothing to relax", key=key[:300])
    context = within(
        catalog_of_version(version), Context(values={"channel": "web", **({"tier": tier} if tier else {})})
    )
    on = today()
    cache_key = (version.content_hash, change, tuple(sorted(context.values.items())), on)
    with _GAINS_LOCK:
        found = _GAINS.get(cache_key)
    if found is None:
        found = gain(version.document, change, context.values, on)
        with _GAINS_LOCK:
            _GAINS[cache_key] = found
            while len(_GAINS) > CACHED_GAINS:
                _GAINS.popitem(last=False)
    return RelaxAnswer(key, change, found, context.values, on)


def draft_from_backlog(*, session: Session, wanted: BacklogFilter, key: str, author_id: int | None) -> CatalogVersion:
    """A new draft of the catalog from its version in force with backlog item `key` relaxed, its notes naming
    the item (not found: no such rule or bound; conflict: no longer in the backlog, or nothing to relax)."""
    if wanted.catalog is None:
        raise TailorError("say which catalog the draft is of")
    version = _in_force(session, wanted.catalog)[0]
    known = _item_of_key(version.document, key)
    row = next((r for r in backlog_rows(session=session, wanted=wanted) if r.item.key == known.key), None)
    if row is None:
        raise ConflictError("'{key}' is no longer in the backlog: reload the page", key=key[:300])
    change = row.item.relaxation
    if change is None:
        raise ConflictError("'{key}' is not a rule or a bound: there is nothing to relax", key=key[:300])
    document = relaxed_document(version.document, change)
    notes = f"From the unmet-needs backlog ({wanted.days} days): {describe(row, document)}"
    return create_draft(session=session, catalog_id=wanted.catalog, document=document, author_id=author_id,
                        notes=notes)  # fmt: skip


def describe(row: BacklogRow, relaxed: dict[str, Any]) -> str:
    """The change in words, with who asked for it (for a draft's notes)."""
    item = row.item
    asked = f"{item.customers} customers, value {item.value_minor / 100:.2f} {VALUE_CURRENCY}"
    if item.kind == "rule":
        return f"rule '{item.rule}' removed from product '{item.product}' ({asked} met it)"
    wider = _range(relaxed, item)
    numbers = ", ".join(str(n) for n in item.numbers)
    span = f"{wider[0]}–{wider[1]}" if wider else "?"
    return f"'{item.attribute}' of product '{item.product}' widened to {span} (asked {numbers}; {asked})"


def _in_force(session: Session, catalog_id: str | None) -> list[CatalogVersion]:
    """The versions in force now: of every catalog, or of `catalog_id` (not found when none is)."""
    if catalog_id is not None:
        found = version_in_force(session=session, catalog_id=catalog_id)
        if found is None:
            raise NotFoundError("no catalog '{catalog}'", catalog=catalog_id[:100])
        return [version_of(session=session, catalog_id=catalog_id, number=found.number)]
    return [
        version_of(session=session, catalog_id=v.catalog_id, number=v.number)
        for v in versions_in_force(session=session)
    ]


def _item_of_key(document: dict[str, Any], key: str) -> BacklogItem:
    """The backlog item a key names in the document: a rule, a numeric attribute, or a product (else not found)."""
    for product in document.get("products") or []:
        pid = str(product.get("id"))
        candidates = [BacklogItem("abandoned", pid), BacklogItem("quote", pid)]
        candidates += [BacklogItem("rule", pid, rule=str(rule.get("id"))) for rule in product.get("rules") or []]
        candidates += [
            BacklogItem("bound", pid, attribute=str(attribute.get("id")))
            for module in product.get("modules") or []
            for attribute in module.get("attributes") or []
            if attribute.get("kind") == "numeric"
        ]
        found = next((c for c in candidates if c.key == key), None)
        if found is not None:
            return found
    raise NotFoundError("no backlog item '{key}' in this catalog", key=key[:300])


def _checked_numbers(document: dict[str, Any], item: BacklogItem, numbers: tuple[Decimal, ...]) -> tuple[Decimal, ...]:
    """The numbers asked of a bound, when there are some and they lie within `MAX_WIDEN_STEPS` of its range."""
    attribute = _attribute(document, item)
    low, high = Decimal(str(attribute["min"])), Decimal(str(attribute["max"]))
    step = Decimal(str(attribute.get("step", 1)))
    if not numbers or any(not n.is_finite() for n in numbers):
        raise TailorError("say which numbers were asked")
    below, above = max((low - min(numbers)) / step, Decimal(0)), max((max(numbers) - high) / step, Decimal(0))
    if below + above > MAX_WIDEN_STEPS:
        raise TailorError("the numbers asked are too far from the range {low}–{high}", low=low, high=high)
    return tuple(sorted(set(numbers)))


def _attribute(document: dict[str, Any], item: BacklogItem) -> dict[str, Any]:
    product = next(p for p in document.get("products") or [] if p.get("id") == item.product)
    return next(
        a
        for module in product.get("modules") or []
        for a in module.get("attributes") or []
        if a.get("id") == item.attribute
    )


def _range(document: dict[str, Any], item: BacklogItem) -> tuple[Decimal, Decimal] | None:
    """A bound's range in the document (None for other items)."""
    if item.kind != "bound":
        return None
    attribute = _attribute(document, item)
    return Decimal(str(attribute["min"])), Decimal(str(attribute["max"]))


def _link(version_id: int, item: BacklogItem) -> str:
    """The workspace address of the item's rule, attribute or product in a version."""
    base = f"/workspace/versions/{version_id}/products/{quote(item.product, safe='')}"
    if item.kind == "rule" and item.rule is not None:
        return f"{base}/rules/{quote(item.rule, safe='')}"
    if item.kind == "bound" and item.attribute is not None:
        return f"{base}/attributes/{quote(item.attribute, safe='')}"
    return base
