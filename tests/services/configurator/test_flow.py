"""A configurator click around the page state (on SQLite and PostgreSQL): a known customer's fresh page
is prefilled and says where they stopped; saving keeps their measurements and notes it; a saved
configuration reopens priced for whoever looks."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from app.catalog.configuration import Context
from app.models import Customer
from app.services.configurator.flow import open_configurator, reopen_saved, save_configured
from app.services.configurator.saved import keep_draft
from app.services.customers.timeline import timeline
from tests.factories import customer, measured, personalisation, shipped

CATALOG = shipped()
WEB = Context(values={"channel": "web"})


def known(session: Session) -> Customer:
    who = customer(session)
    personalisation(session, who)
    measured(session, who, "waist", 34)
    found = session.get(Customer, who)
    assert found is not None
    return found


def test_a_known_customer_starts_from_their_profile_and_their_draft(session: Session) -> None:
    ana = known(session)
    keep_draft(session=session, catalog=CATALOG, product_id="jeans", choices={"fit": "relaxed"},
               customer_id=int(ana.id or 0))  # fmt: skip
    opened = open_configurator(session=session, catalog=CATALOG, product_id="jeans", items=[], customer=ana,
                               context=WEB, locale="en")  # fmt: skip
    assert opened.fresh
    assert opened.state.choices["waist"] == Decimal(34)
    assert opened.stopped is not None
    assert opened.stopped.choices == {"fit": "relaxed"}
    chosen = open_configurator(session=session, catalog=CATALOG, product_id="jeans", items=[("fit", "classic")],
                               customer=ana, context=WEB, locale="en")  # fmt: skip
    assert not chosen.fresh
    assert chosen.known == {}
    assert "waist" not in chosen.state.choices
    visitor = open_configurator(session=session, catalog=CATALOG, product_id="jeans", items=[], customer=None,
                                context=WEB, locale="en")  # fmt: skip
    assert visitor.state.choices == {}
    assert visitor.stopped is None


def test_saving_notes_it_and_the_code_reopens_it(session: Session) -> None:
    ana = known(session)
    product = CATALOG.product("jeans")
    code = save_configured(session=session, catalog=CATALOG, product=product, choices={"waist": Decimal(33)},
                           visitor=None, customer=ana, name="Mine")  # fmt: skip
    events = timeline(session=session, customer_id=int(ana.id or 0))
    assert [e.links.get("event") for e in events] == ["saved"]
    reopened = reopen_saved(session=session, code=code, private=True, context=WEB, locale="en")
    assert reopened.state.choices == {"waist": Decimal(33)}
    assert not reopened.outdated
