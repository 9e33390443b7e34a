"""A rep's quotes by status (on SQLite and PostgreSQL): hers only, a manager's everyone's."""

from __future__ import annotations

from sqlmodel import Session

from app.services.quotes.listing import quotes_by_status
from tests.services.quotes.builders import quote_with_jeans, staff


def test_a_rep_sees_her_quotes_and_a_manager_everyones(session: Session) -> None:
    rita = staff(session, "rita@example.com", "rep")
    otto = staff(session, "otto@example.com", "rep")
    mine = quote_with_jeans(session, rita)
    quote_with_jeans(session, otto, customer_email="bea@example.com")
    groups = dict(quotes_by_status(session=session, owner=rita))
    assert [row.quote.id for row in groups["draft"]] == [mine.id]
    assert groups["draft"][0].customer == "Ana Ruiz"
    assert "superseded" not in groups
    everyone = dict(quotes_by_status(session=session, owner=None))
    assert len(everyone["draft"]) == 2
