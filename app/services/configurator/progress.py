"""The configurator session on the customer's timeline: started, conflicts met, saved, priced,
ordered, asked for a quote. Abandoned is read off the timeline: a start with no save or order after it.

Page views come often, so a "started", "conflict" or "priced" event is written at most once per
customer, product and day (and per rule for conflicts, per total for prices): the timeline says
what happened, not every click.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.catalog import Catalog
from app.catalog.text import localize
from app.models import Customer, Interaction
from app.models.base import utcnow
from app.pricing.money import format_money
from app.services.configurator.page import PageState
from app.services.configurator.saved import keep_draft
from app.services.customers.timeline import record_interaction

EVENTS = ("started", "conflict", "saved", "priced", "ordered", "quote")
ENDINGS = ("saved", "ordered", "quote")
SAYS = {
    "started": "Started configuring {product}",
    "conflict": "Met a conflict configuring {product}: {rules}",
    "saved": "Saved a configuration of {product}",
    "priced": "Priced {product}: {total}",
    "ordered": "Ordered from the configurator (order {order})",
    "quote": "Asked for a quote for {product}",
}
"""What each event says, as a message template; its values are kept with the event (`links["says"]`)
and the template is translated when the timeline is shown."""


def note(
    *, session: Session, customer: Customer, product_id: str, event: str, values: dict[str, str], detail: str = ""
) -> bool:
    """Record one configurator event (deduplicated per day for started, conflict and priced); whether it was new."""
    if event not in EVENTS:
        raise ValueError(f"unknown configurator event '{event}'")
    links: dict[str, object] = {"product": product_id, "event": event, **({"detail": detail} if detail else {})}
    if event in ("started", "conflict", "priced") and _seen_today(session, int(customer.id or 0), links):
        return False
    record_interaction(session=session, customer_id=int(customer.id or 0), channel="web", kind="configurator",
                       summary=SAYS[event].format(**values), links={**links, "says": values})  # fmt: skip
    return True


def told(interaction: Interaction) -> tuple[str, dict[str, str]]:
    """What a timeline event says, as (template, values); rows written before events kept their values
    say their English summary as it is."""
    values = interaction.links.get("says")
    event = interaction.links.get("event")
    if interaction.kind == "configurator" and isinstance(values, dict) and event in SAYS:
        return SAYS[str(event)], {str(k): str(v) for k, v in values.items()}
    return interaction.summary, {}


def _seen_today(session: Session, customer_id: int, links: dict[str, object]) -> bool:
    since = utcnow() - timedelta(days=1)
    rows = session.exec(
        select(Interaction).where(
            Interaction.customer_id == customer_id,
            Interaction.kind == "configurator",
            col(Interaction.occurred_at) >= since,
        )
    ).all()
    return any({k: v for k, v in row.links.items() if k != "says"} == links for row in rows)


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


def record_progress(*, session: Session, customer: Customer, catalog: Catalog, state: PageState, fresh: bool) -> None:
    """What a known customer did on the configurator: the session on their timeline (started, conflicts
    met, complete prices shown) and, once they chose something, their draft of the product."""
    label = localize(state.product.label, "en") or state.product.id
    product_id = state.product.id
    note(session=session, customer=customer, product_id=product_id, event="started", values={"product": label})
    if state.answer.conflict is not None:
        met = state.answer.conflict.rules
        rules = ", ".join(rule.rule or "structure" for rule in met)
        said = " ".join(rule.message for rule in met)
        note(session=session, customer=customer, product_id=product_id, event="conflict", detail=rules,
             values={"product": label, "rules": said})  # fmt: skip
    elif state.breakdown is not None and not state.missing:
        total = format_money(state.breakdown.total, state.breakdown.currency, "en")
        note(session=session, customer=customer, product_id=product_id, event="priced", detail=total,
             values={"product": label, "total": total})  # fmt: skip
    if not fresh and not state.problems:
        keep_draft(session=session, catalog=catalog, product_id=product_id, choices=state.choices,
                   customer_id=int(customer.id or 0))  # fmt: skip
