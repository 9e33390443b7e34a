"""Quote requests (on SQLite and PostgreSQL): kept with the configuration and the price shown, retried
posts find the first request, and one rep picks each up."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from app.catalog.configuration import Context
from app.errors import ConflictError, NotFoundError, TailorError
from app.services.configurator.checkout import OrderForm
from app.services.idempotency import new_key
from app.services.quotes.requests import (
    QuoteRequest,
    customer_names,
    open_quote_requests,
    pick_quote_request,
    request_quote,
)
from tests.factories import complete_jeans, shipped

WEB = Context(values={"channel": "web"})


def ask(session: Session, key: str, name: str = "Ana Ruiz", message: str = "For a wedding") -> QuoteRequest:
    form = OrderForm(catalog=shipped(), product=shipped().product("jeans"), choices=complete_jeans(), context=WEB,
                     customer=None, name=name, email="ana@example.com", idempotency_key=key)  # fmt: skip
    return request_quote(session=session, form=form, message=message, visitor=None)


def test_a_request_is_queued_priced_and_picked_once(session: Session) -> None:
    key = new_key()
    asked = ask(session, key)
    again = ask(session, key)
    queue = open_quote_requests(session=session)
    assert [i.id for i in queue] == [asked.interaction.id] == [again.interaction.id]
    assert asked.breakdown is not None
    assert asked.resume_code
    assert "For a wedding" in queue[0].summary
    assert customer_names(session=session, ids=[queue[0].customer_id]) == {queue[0].customer_id: "Ana Ruiz"}
    picked = pick_quote_request(session=session, interaction_id=int(queue[0].id or 0), rep_email="rep@example.com")
    assert picked.resolution == "picked up by rep@example.com"
    assert picked.who == "rep@example.com", "the rep who took it is the person on our side"
    assert open_quote_requests(session=session) == []
    with pytest.raises(ConflictError):
        pick_quote_request(session=session, interaction_id=int(queue[0].id or 0), rep_email="other@example.com")
    with pytest.raises(NotFoundError):
        pick_quote_request(session=session, interaction_id=10**9, rep_email="rep@example.com")


def test_a_visitor_must_say_who_they_are_and_keep_it_short(session: Session) -> None:
    with pytest.raises(TailorError, match="name: tell us who the quote is for"):
        ask(session, new_key(), name=" ")
    with pytest.raises(TailorError, match="message: at most"):
        ask(session, new_key(), message="x" * 5000)
