"""Small builders for the quote service tests: a rep, a manager, a customer and a quote with lines."""

from __future__ import annotations

from sqlmodel import Session

from app.catalog.configuration import Choice
from app.models import Account, Quote
from app.services.accounts.roles import set_role
from app.services.quotes.store import add_line, create_quote, quote_of
from tests.factories import account, complete_jeans, customer


def staff(session: Session, email: str, role: str) -> Account:
    """A signed-up account given `role` by an admin."""
    account(session, email=email, name=email.split("@")[0].title())
    return set_role(session=session, email=email, role=role)


def quote_with_jeans(
    session: Session, rep: Account, quantity: int = 1, customer_email: str = "ana@example.com"
) -> Quote:
    """A draft quote for a customer with one line of the cheapest complete jeans."""
    owner = customer(session, email=customer_email)
    quote = create_quote(session=session, customer_id=owner, owner=rep)
    add(session, quote, rep, complete_jeans(), quantity)
    return quote_of(session=session, quote_id=int(quote.id or 0))


def add(session: Session, quote: Quote, rep: Account, choices: dict[str, Choice], quantity: int = 1,
        catalog: str = "jeans", product: str = "jeans") -> None:  # fmt: skip
    """Add a line to the quote as it is now."""
    fresh = quote_of(session=session, quote_id=int(quote.id or 0))
    add_line(session=session, quote_id=int(fresh.id or 0), version=fresh.version, actor=rep, catalog_id=catalog,
             product_id=product, choices=choices, quantity=quantity)  # fmt: skip
