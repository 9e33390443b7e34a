"""The configurator session on the customer's timeline: started, conflicts met, saved, priced,
ordered, asked for a quote. Abandoned is read off the timeline: a start with no save or order after it.

Page views come often, so a "started", "conflict" or "priced" event is written at most once per
customer, product and day (and per rule for conflicts, per total for prices): the timeline says
what happened, not every click.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.models import Customer, Interaction
from app.models.base import utcnow
from app.services.timeline import record_interaction

EVENTS = ("started", "conflict", "saved", "priced", "ordered", "quote")
ENDINGS = ("saved", "ordered", "quote")


def note(*, session: Session, customer: Customer, product_id: str, event: str, summary: str, detail: str = "") -> bool:
    """Record one configurator event (deduplicated per day for started, conflict and priced); whether it was new."""
    if event not in EVENTS:
        raise ValueError(f"unknown configurator event '{event}'")
    links = {"product": product_id, "event": event, **({"detail": detail} if detail else {})}
    if event in ("started", "conflict", "priced") and _seen_today(session, int(customer.id or 0), links):
        return False
    record_interaction(session=session, customer_id=int(customer.id or 0), channel="web", kind="configurator",
                       summary=summary, links=links)  # fmt: skip
    return True


def _seen_today(session: Session, customer_id: int, links: dict[str, str]) -> bool:
    since = utcnow() - timedelta(days=1)
    rows = session.exec(
        select(Interaction).where(
            Interaction.customer_id == customer_id,
            Interaction.kind == "configurator",
            col(Interaction.occurred_at) >= since,
        )
    ).all()
    return any(row.links == links for row in rows)


def abandoned(*, session: Session, customer_id: int, before: datetime | None = None) -> list[Interaction]:
    """Configurator starts with nothing saved, ordered or asked for the same product after them."""
    cutoff = before or utcnow() - timedelta(hours=2)
    rows = session.exec(
        select(Interaction)
        .where(Interaction.customer_id == customer_id, Interaction.kind == "configurator")
        .order_by(col(Interaction.occurred_at))
    ).all()
    open_starts: dict[str, Interaction] = {}
    for row in rows:
        product, event = row.links.get("product"), row.links.get("event")
        if event == "started" and product not in open_starts:
            open_starts[str(product)] = row
        elif event in ENDINGS:
            open_starts.pop(str(product), None)
    return [row for row in open_starts.values() if row.occurred_at < cutoff]
