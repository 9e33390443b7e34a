"""One to one: what Tailor knows about a signed-in customer, brought to the configurator.

Only with the customer's consent to personalisation: known needs whose key is an attribute
id prefill that attribute (when the value is one the attribute can take), each with where it
came from; the customer's tier and region become the context the catalog's eligibility rules
read; and measurements the customer states on the page go back into the needs profile, with
the configurator as their source.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlmodel import Session, col, select

from app.catalog import Product
from app.catalog.attributes import ManyOf, Numeric
from app.catalog.configuration import Choice
from app.models import Address, Customer, Need
from app.services.customers.consent import allowed
from app.services.customers.needs import Source, known_needs, record_need

SOURCE_WORDS = {
    "shop": "from your visit to the {place} shop on {day}",
    "web": "from what you told us on the web on {day}",
    "call_centre": "from your call with us on {day}",
    "field_visit": "from our visit on {day}",
    "email": "from your e-mail of {day}",
}
"""How a stated need's source reads, per channel (message ids: the page translates them)."""
INFERRED_WORDS = "from your earlier orders, up to {day}"
OTHER_WORDS = "from what you told us on {day}"


@dataclass(frozen=True)
class Known:
    """A prefilled choice and the need it came from."""

    choice: Choice
    need: Need

    @property
    def wording(self) -> tuple[str, str, date]:
        """Where it came from: a message id and its values (`place`, `day`)."""
        if not self.need.stated:
            message = INFERRED_WORDS
        else:
            message = SOURCE_WORDS.get(self.need.channel, OTHER_WORDS)
            if self.need.channel == "shop" and not self.need.place:
                message = OTHER_WORDS
        return message, self.need.place or "", self.need.recorded_at.date()

    @property
    def source(self) -> str:
        """Where it came from, in English ("from your visit to the Madrid shop on 3 May 2025")."""
        message, place, day = self.wording
        return message.format(place=place, day=f"{day:%-d %B %Y}")


def personalised(*, session: Session, customer: Customer) -> bool:
    """Whether the customer allows their data to be used to personalise (the consent decides)."""
    return allowed(session=session, customer_id=int(customer.id or 0), channel="any", purpose="personalisation")


def known_choices(*, session: Session, customer: Customer, product: Product) -> dict[str, Known]:
    """Per attribute, the choice the needs profile gives (empty without consent)."""
    if not personalised(session=session, customer=customer):
        return {}
    needs = known_needs(session=session, customer_id=int(customer.id or 0))
    found: dict[str, Known] = {}
    for attribute in product.attributes():
        need = needs.get(attribute.id)
        if need is None:
            continue
        choice = _fit(attribute, need.value)
        if choice is not None:
            found[attribute.id] = Known(choice, need)
    return found


def _fit(attribute: object, value: object) -> Choice | None:
    if isinstance(attribute, Numeric):
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            return None
        return number if attribute.min <= number <= attribute.max else None
    options = {option.id for option in getattr(attribute, "options", [])}
    if isinstance(attribute, ManyOf):
        return [v for v in value if v in options] if isinstance(value, list) else None
    return value if isinstance(value, str) and value in options else None


def customer_context(*, session: Session, customer: Customer) -> dict[str, str]:
    """The context the catalog rules read: tier, and region from the customer's first address."""
    context: dict[str, str] = {}
    if customer.tier:
        context["tier"] = customer.tier
    address = session.exec(select(Address).where(Address.customer_id == customer.id).order_by(col(Address.id))).first()
    if address is not None:
        context["region"] = address.country.lower()
    return context


def remember_stated(*, session: Session, customer: Customer, product: Product, choices: dict[str, Choice]) -> int:
    """Record measurements chosen on the page that the profile does not hold yet; how many were new."""
    if not personalised(session=session, customer=customer):
        return 0
    needs = known_needs(session=session, customer_id=int(customer.id or 0))
    added = 0
    for attribute in product.attributes():
        if not isinstance(attribute, Numeric) or attribute.id not in choices:
            continue
        value = choices[attribute.id]
        held = needs.get(attribute.id)
        if held is not None and held.stated and str(held.value) == str(value):
            continue
        record_need(session=session, customer_id=int(customer.id or 0), kind="measurement", key=attribute.id,
                    value=value, unit=attribute.unit, source=Source("web", place="configurator"))  # fmt: skip
        added += 1
    return added
