"""Ordering from the configurator (on SQLite and PostgreSQL): a complete configuration is ordered once
per form, a known customer's order is noted on their timeline, and the receipt names the products."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from app.catalog.configuration import Context
from app.catalog.text import localize
from app.errors import TailorError
from app.models import Customer, OrderLine
from app.services.catalogs.documents import document_of, hash_of
from app.services.catalogs.shelf import published_catalog
from app.services.catalogs.versions import publish
from app.services.configurator.checkout import OrderForm, order_configured, receipt_of
from app.services.customers.timeline import timeline
from app.services.idempotency import new_key
from tests.factories import complete_jeans, customer, shipped

CATALOG = shipped()
WEB = Context(values={"channel": "web"})


def jeans_form(who: Customer | None, key: str) -> OrderForm:
    return OrderForm(catalog=CATALOG, product=CATALOG.product("jeans"), choices=complete_jeans(), context=WEB,
                     customer=who, idempotency_key=key)  # fmt: skip


def test_a_known_customer_orders_once_per_form(session: Session) -> None:
    ana = session.get(Customer, customer(session))
    assert ana is not None
    key = new_key()

    def order() -> int:
        placed = order_configured(session=session, form=jeans_form(ana, key))
        return int(placed.order.id or 0)

    first = order()
    assert order() == first
    assert "ordered" in [e.links.get("event") for e in timeline(session=session, customer_id=int(ana.id or 0))]
    receipt = receipt_of(session=session, order_id=first, locale="es")
    assert receipt is not None
    assert receipt.names["jeans"]
    assert receipt_of(session=session, order_id=10**9, locale="en") is None


def test_a_visitor_must_say_who_the_order_is_for(session: Session) -> None:
    with pytest.raises(TailorError, match="name: tell us who the order is for"):
        order_configured(session=session, form=jeans_form(None, new_key()))


def test_an_order_line_keeps_its_catalog_version_and_the_receipt_reads_it(session: Session) -> None:
    ana = session.get(Customer, customer(session))
    assert ana is not None
    catalog = published_catalog(session=session, catalog_id="jeans")
    form = OrderForm(catalog=catalog, product=catalog.product("jeans"), choices=complete_jeans(), context=WEB,
                     customer=ana, idempotency_key=new_key())  # fmt: skip
    placed = order_configured(session=session, form=form)
    line = session.exec(select(OrderLine).where(OrderLine.order_id == placed.order.id)).one()
    assert line.catalog_hash == hash_of(catalog)
    renamed = document_of(catalog)
    renamed["products"][0]["label"] = {"en": "Renamed jeans"}
    publish(session=session, catalog_id="jeans", document=renamed)
    receipt = receipt_of(session=session, order_id=int(placed.order.id or 0), locale="en")
    assert receipt is not None
    assert receipt.names["jeans"] == localize(catalog.product("jeans").label, "en")
