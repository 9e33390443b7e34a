"""Answer a customer's quote request: the rep picks it up and gets a quote for that customer, with the
configuration they asked about as its first line when it is still complete and valid on the catalog in
force (priced in the customer's context, never the rep's)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from app.errors import TailorError
from app.models import Account, Quote, SavedConfiguration
from app.services.catalogs.shelf import published_catalog
from app.services.configurator.page import parse_choices
from app.services.configurator.saved import by_share_code
from app.services.quotes.requests import pick_quote_request
from app.services.quotes.store import add_line, create_quote, quote_of


@dataclass(frozen=True)
class Answered:
    """The quote opened for the request, and the requested configuration when it could not be added as is."""

    quote: Quote
    asked: SavedConfiguration | None
    problem: TailorError | None = None


def answer_request(*, session: Session, interaction_id: int, rep: Account) -> Answered:
    """Pick the request up (409 when another rep has it) and open the customer's quote with its configuration."""
    picked = pick_quote_request(session=session, interaction_id=interaction_id, rep_email=rep.email)
    quote = create_quote(session=session, customer_id=picked.customer_id, owner=rep, request_id=picked.id)
    code = str(picked.links.get("configuration") or "")
    if not code:
        return Answered(quote, None)
    asked = by_share_code(session=session, code=code)
    try:
        catalog = published_catalog(session=session, catalog_id=asked.catalog_id)
        product = catalog.product(asked.product_id)
        parsed = parse_choices(product, _pairs(asked.choices))
        if parsed.problems:
            raise parsed.problems[0]
        add_line(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep,
                 catalog_id=catalog.id, product_id=product.id, choices=parsed.choices)  # fmt: skip
    except TailorError as error:
        return Answered(quote_of(session=session, quote_id=int(quote.id or 0)), asked, error)
    return Answered(quote_of(session=session, quote_id=int(quote.id or 0)), None)


def _pairs(choices: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (key, str(value))
        for key, choice in choices.items()
        for value in (choice if isinstance(choice, list) else [choice])
    ]
