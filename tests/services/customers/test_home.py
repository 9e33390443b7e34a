"""The reps' home, customers to call: valuable, contactable, with an unfinished draft (both DBs)."""

from __future__ import annotations

from sqlmodel import Session

from app.models import Customer, TierRecord
from app.services.catalogs.shelf import seed_catalogs
from app.services.configurator.saved import keep_draft
from app.services.customers.consent import record_consent
from app.services.customers.home import contact_channels, valuable_with_drafts
from app.services.customers.orders import Line, place_order
from tests.factories import complete_jeans, customer, shipped


def _valuable(session: Session, name: str, tier: str = "retain", value: int = 1000, *, draft: bool = True,
              channel: str | None = "email") -> int:  # fmt: skip
    found = customer(session, f"{name.lower()}@example.com", name)
    row = session.get(Customer, found)
    assert row is not None
    row.tier = tier
    session.add(TierRecord(customer_id=found, tier=tier, current_value_minor=value, strategic_value_minor=0,
                           cost_to_serve_minor=0))  # fmt: skip
    session.commit()
    if channel:
        record_consent(session=session, customer_id=found, channel=channel, purpose="marketing", granted=True,
                       where="shop", text_shown="Yes")  # fmt: skip
    if draft:
        keep_draft(session=session, catalog=shipped(), product_id="jeans", choices=complete_jeans(), customer_id=found)
    return found


def test_valuable_contactable_customers_with_a_draft_most_valuable_first(session: Session) -> None:
    grow = _valuable(session, "Gala", tier="grow", value=500)
    rich = _valuable(session, "Rita", value=9000, channel="any")
    _valuable(session, "Olga", tier="ordinary", value=99_000)
    _valuable(session, "Nora", value=50_000, draft=False)
    _valuable(session, "Sara", value=60_000, channel=None)
    leads = valuable_with_drafts(session=session)
    assert [lead.customer.id for lead in leads] == [rich, grow]
    assert leads[0].channels == ["email", "sms", "phone", "post"]
    assert (leads[1].channels, leads[1].value_minor, leads[1].draft.product_id) == (["email"], 500, "jeans")
    assert len(valuable_with_drafts(session=session, limit=1)) == 1
    assert leads[0].label is None, "no catalog is published in this database"
    seed_catalogs(session=session)
    assert valuable_with_drafts(session=session)[0].label == shipped().product("jeans").label


def test_an_order_of_the_product_finishes_the_draft_and_a_withdrawal_stops_contact(session: Session) -> None:
    ana = _valuable(session, "Ana")
    bea = _valuable(session, "Bea")
    place_order(session=session, customer_id=ana, lines=[Line("jeans", "1", "jeans", 9000, 3000)])
    assert [lead.customer.id for lead in valuable_with_drafts(session=session)] == [bea]
    record_consent(session=session, customer_id=bea, channel="email", purpose="marketing", granted=False,
                   where="call", text_shown="")  # fmt: skip
    assert valuable_with_drafts(session=session) == []
    assert contact_channels(session=session, customer_ids=[bea]) == {bea: []}
    assert contact_channels(session=session, customer_ids=[]) == {}
