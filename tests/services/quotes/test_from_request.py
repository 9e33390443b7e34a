"""Answering a quote request (on SQLite and PostgreSQL): the rep's quote is for the customer who asked, with
what they asked about as its first line when it is complete and valid, priced in their context."""

from __future__ import annotations

from sqlmodel import Session

from app.catalog.configuration import Context
from app.services.configurator.checkout import OrderForm
from app.services.idempotency import new_key
from app.services.quotes.from_request import answer_request
from app.services.quotes.requests import request_quote
from app.services.quotes.store import lines_of
from tests.factories import complete_jeans, shipped
from tests.services.quotes.builders import staff


def _ask(session: Session, choices: dict) -> int:  # type: ignore[type-arg]
    form = OrderForm(catalog=shipped(), product=shipped().product("jeans"), choices=choices,
                     context=Context(values={"channel": "web"}), customer=None, name="Firm", email="firm@example.com",
                     idempotency_key=new_key())  # fmt: skip
    return int(request_quote(session=session, form=form, message="", visitor=None).interaction.id or 0)


def test_a_complete_request_becomes_the_first_line(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    answered = answer_request(session=session, interaction_id=_ask(session, complete_jeans()), rep=rep)
    assert answered.asked is None
    lines = lines_of(session=session, quote_id=int(answered.quote.id or 0))
    assert [line.product_id for line in lines] == ["jeans"]
    assert answered.quote.owner_id == rep.id
    assert answered.quote.request_id is not None


def test_an_unfinished_request_is_left_for_the_rep_to_complete(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    answered = answer_request(session=session, interaction_id=_ask(session, {"fit": "classic"}), rep=rep)
    assert answered.asked is not None
    assert answered.asked.choices == {"fit": "classic"}
    assert answered.problem is not None
    assert lines_of(session=session, quote_id=int(answered.quote.id or 0)) == []
