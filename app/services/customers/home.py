"""The reps' home, its customers to call: valuable customers (tiers "retain" and "grow") who left a draft
unfinished and who may be contacted, most valuable first.

A draft is unfinished while the customer has ordered nothing of its product since it was last touched.
Contactable is decided as the 360 decides it: on a channel (e-mail, SMS, phone, post) some purpose is
allowed by the record in force for that channel, else by the one for every channel ("any"). Value is
the current value of the customer's newest tier record.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import exists, func
from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.text import Text
from app.models import Consent, Customer, Order, OrderLine, SavedConfiguration, TierRecord
from app.models.consents import CONSENT_CHANNELS, PURPOSES
from app.services.catalogs.in_force import catalog_in_force_or_none

VALUABLE = ("retain", "grow")
LEADS_MOST = 20
CANDIDATES_MOST = 200
"""Most drafts read before the consent check (most valuable customers first)."""
CHANNELS = tuple(channel for channel in CONSENT_CHANNELS if channel != "any")


@dataclass(frozen=True)
class Lead:
    """A valuable customer, their current value, their newest unfinished draft (with its product's label in
    the catalog in force; None when the product is gone), how many drafts, and the channels they allow."""

    customer: Customer
    value_minor: int
    draft: SavedConfiguration
    drafts: int
    channels: list[str]
    label: Text | None = None


def valuable_with_drafts(*, session: Session, limit: int = LEADS_MOST) -> list[Lead]:
    """Up to `limit` valuable, contactable customers with an unfinished draft, most valuable first."""
    newest = select(TierRecord.customer_id, func.max(TierRecord.id).label("newest")).group_by(
        col(TierRecord.customer_id)
    ).subquery()  # fmt: skip
    ordered_since = exists().where(
        col(Order.customer_id) == col(SavedConfiguration.customer_id), col(Order.status) == "placed",
        col(Order.placed_at) >= col(SavedConfiguration.updated_at), col(OrderLine.order_id) == col(Order.id),
        col(OrderLine.product_id) == col(SavedConfiguration.product_id),
    )  # fmt: skip
    rows = session.exec(
        select(SavedConfiguration, Customer, func.coalesce(TierRecord.current_value_minor, 0))
        .join(Customer, col(Customer.id) == col(SavedConfiguration.customer_id))
        .join(newest, newest.c.customer_id == col(Customer.id), isouter=True)
        .join(TierRecord, col(TierRecord.id) == newest.c.newest, isouter=True)
        .where(col(SavedConfiguration.draft).is_(True), col(Customer.tier).in_(VALUABLE),
               col(Customer.erased_at).is_(None), col(Customer.merged_into_id).is_(None), ~ordered_since)
        .order_by(func.coalesce(TierRecord.current_value_minor, 0).desc(), col(Customer.id),
                  col(SavedConfiguration.updated_at).desc(), col(SavedConfiguration.id).desc())
        .limit(CANDIDATES_MOST)
    ).all()  # fmt: skip
    firsts: dict[int, tuple[SavedConfiguration, Customer, int, int]] = {}
    for draft, customer, value in rows:
        owner = int(customer.id or 0)
        held = firsts.get(owner)
        firsts[owner] = (held[0], customer, int(value), held[3] + 1) if held else (draft, customer, int(value), 1)
    channels = contact_channels(session=session, customer_ids=list(firsts))
    leads = [Lead(customer, value, draft, count, channels[owner])
             for owner, (draft, customer, value, count) in firsts.items() if channels.get(owner)][:limit]  # fmt: skip
    catalogs: dict[str, Catalog | None] = {}
    return [replace(lead, label=_label(session, catalogs, lead.draft)) for lead in leads]


def _label(session: Session, catalogs: dict[str, Catalog | None], draft: SavedConfiguration) -> Text | None:
    """The label of the draft's product in the catalog in force (None when the catalog or product is gone)."""
    catalog = catalog_in_force_or_none(session=session, catalog_id=draft.catalog_id, seen=catalogs)
    product = catalog.product_index.get(draft.product_id) if catalog is not None else None
    return product.label if product is not None else None


def contact_channels(*, session: Session, customer_ids: list[int]) -> dict[int, list[str]]:
    """Per customer, the channels on which some purpose is allowed (the records in force decide)."""
    if not customer_ids:
        return {}
    rows = session.exec(
        select(Consent).where(col(Consent.customer_id).in_(customer_ids))
        .order_by(col(Consent.recorded_at), col(Consent.id))
    ).all()  # fmt: skip
    in_force: dict[int, dict[tuple[str, str], bool]] = {owner: {} for owner in customer_ids}
    for row in rows:
        in_force[row.customer_id][(row.channel, row.purpose)] = row.granted
    found: dict[int, list[str]] = {}
    for owner, records in in_force.items():
        found[owner] = [channel for channel in CHANNELS if any(_allowed(records, channel, p) for p in PURPOSES)]
    return found


def _allowed(records: dict[tuple[str, str], bool], channel: str, purpose: str) -> bool:
    """The record in force for the channel decides, else the one for every channel, else no."""
    return records.get((channel, purpose), records.get(("any", purpose), False))
