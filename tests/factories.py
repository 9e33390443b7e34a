"""Small builders shared by the tests: a demo shop catalog written as YAML, with chosen price rules; customers,
their accounts, measurements told in a shop and consent to personalisation."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import yaml
from sqlmodel import Session, col, select

from app.catalog import Catalog, load_catalog_text
from app.catalog.configuration import Choice, Context, Selection
from app.models import Account, Customer, OutboxMessage
from app.pricing import PriceBreakdown, price
from app.services.accounts.sign_up import confirm_sign_up, request_sign_up
from app.services.catalogs.shelf import load_shelf
from app.services.configurator.page import engine_for
from app.services.customers.consent import record_consent
from app.services.customers.needs import Source, record_need
from app.services.customers.records import Key, identify

MAY = date(2025, 5, 1)
"""The default pricing date of the tests: no dated price or seasonal promotion in force."""

SHOP_YAML = """
id: shop
currency: EUR
locales: [en, es]
context:
  tier: [retain, grow, ordinary]
products:
  - id: jeans
    label: {en: Custom jeans, es: Vaqueros a medida}
    base_price: 5000
    base_cost: 2000
    modules:
      - id: style
        attributes:
          - id: cut
            kind: one_of
            label: Cut
            options:
              - {id: classic, label: Classic}
              - {id: boot, label: {en: Boot cut, es: Bota}, price: 500, cost: 200}
              - id: flare
                label: Flare
                price: 800
                cost: 300
                prices:
                  - {price: 600, valid_from: 2025-06-01, valid_to: 2025-06-30}
              - {id: retro, label: Retro, price: 900, valid_to: 2024-12-31}
      - id: size
        attributes:
          - id: waist
            kind: numeric
            label: Waist
            min: 26
            max: 48
            step: 0.5
            unit: in
            price_formula:
              - {id: large_waist, label: Large waist, per_unit: 125, cost_per_unit: 45, above: 40}
      - id: extras
        attributes:
          - id: addons
            kind: many_of
            label: Add-ons
            options:
              - {id: rivets, label: Copper rivets, price: 300, cost: 100}
              - {id: embroidery, label: Embroidery, price: 1250, cost: 400}
              - {id: patch, label: Leather patch, price: 199, cost: 50}
          - id: gift_wrap
            kind: yes_no
            label: Gift wrap
            price: 350
            cost: 100
      - id: service
        attributes:
          - id: care
            kind: one_of
            role: service
            label: Care plan
            options:
              - {id: no_care, label: No care plan, none: true}
              - id: basic
                label: Basic care
                service: {annual_fee: 1000, response_hours: 72, annual_cost: 400}
              - id: premium
                label: Premium care
                service: {annual_fee: 3000, response_hours: 24, annual_cost: 1000}
      - id: payment
        attributes:
          - id: plan
            kind: one_of
            role: payment
            label: Payment plan
            options:
              - {id: pay_now, label: Pay now, none: true}
              - id: monthly12
                label: 12 months at 12 %
                payment: {instalments: 12, apr: 12}
              - id: interest_free
                label: 3 months interest-free
                payment: {instalments: 3, fee: 500}
              - id: down20
                label: 20 % down, 12 months at 12 %
                payment: {instalments: 12, apr: 12, down_payment_percent: 20}
"""

PRICE_RULES: dict[str, str] = {
    "loyalty": "{id: loyalty, kind: tier_discount, label: Loyalty, discounts: {retain: 10, grow: 5}}",
    "expired": "{id: expired, kind: tier_discount, label: Old loyalty, discounts: {retain: 50}, valid_to: 2024-12-31}",
    "bulk": "{id: bulk, kind: volume, label: Volume, breaks: [{min_quantity: 3, percent: 5}, "
    "{min_quantity: 10, percent: 12.5}]}",
    "summer": "{id: summer, kind: promotion, label: Summer sale, percent: 20, valid_from: 2025-07-01, "
    "valid_to: 2025-08-31, when: {attribute: cut, in: [boot, flare]}}",
    "embroidery_deal": "{id: embroidery_deal, kind: promotion, label: 5 off embroidery, amount: 500, "
    "targets: [addons], when: {attribute: addons, equals: embroidery}}",
    "addons_half": "{id: addons_half, kind: promotion, label: Half-price add-ons, percent: 50, targets: [addons]}",
    "patch_coupon": "{id: patch_coupon, kind: promotion, label: Add-on coupon, amount: 500, targets: [addons]}",
    "big_coupon": "{id: big_coupon, kind: promotion, label: Big coupon, amount: 100000}",
    "care_half": "{id: care_half, kind: promotion, label: Care at half price, percent: 50, targets: [care]}",
    "grow_welcome": "{id: grow_welcome, kind: promotion, label: Welcome, amount: 250, "
    "when: {context: tier, equals: grow}}",
}
"""Price rules by id, as catalog YAML, to put on the shop's product in any order."""


def shop_data(*rule_ids: str) -> dict[str, Any]:
    """The shop catalog as data, its product carrying the named `PRICE_RULES` in this order."""
    data: dict[str, Any] = yaml.safe_load(SHOP_YAML)
    data["products"][0]["price_rules"] = [yaml.safe_load(PRICE_RULES[rule_id]) for rule_id in rule_ids]
    return data


def shop_yaml(*rule_ids: str) -> str:
    """The shop catalog as YAML text, with the named price rules."""
    return yaml.safe_dump(shop_data(*rule_ids), sort_keys=False, allow_unicode=True)


def shop_catalog(*rule_ids: str) -> Catalog:
    """The shop catalog, loaded through the real loader, with the named price rules."""
    return load_catalog_text(shop_yaml(*rule_ids), "shop.yaml")


def price_of(
    catalog: Catalog,
    choices: dict[str, Choice] | None = None,
    *,
    quantity: int = 1,
    on: date = MAY,
    tier: str | None = None,
) -> PriceBreakdown:
    """Price `choices` on the shop's product for a customer of `tier` (None: no tier known)."""
    selection = Selection(choices=choices or {}, quantity=quantity)
    return price(catalog, selection, Context(values={"tier": tier} if tier else {}, on=on))


def customer(session: Session, email: str = "ana@example.com", name: str = "Ana Ruiz", kind: str = "person") -> int:
    """A customer's id, found or created by e-mail."""
    found: Customer = identify(session=session, keys=[Key("email", email)], source="web", name=name, kind=kind).customer
    assert found.id is not None
    return found.id


def account(
    session: Session, email: str = "ada@example.com", password: str = "a long enough secret", name: str = "Ada",
    consents: frozenset[str] = frozenset(),
) -> Account:  # fmt: skip
    """An account made the way a person makes one: sign-up, then the link e-mailed to them (from the outbox)."""
    request_sign_up(session=session, name=name, email=email, password=password, consents=set(consents),
                    address="test")  # fmt: skip
    message = session.exec(
        select(OutboxMessage).where(OutboxMessage.to_address == email.lower()).order_by(col(OutboxMessage.id).desc())
    ).first()
    assert message is not None
    token = re.search(r"/signup/confirm/([A-Za-z0-9_-]+)", message.body_text)
    assert token
    return confirm_sign_up(session=session, token=token.group(1)).account


TOLD = datetime(2025, 5, 3, tzinfo=UTC)
"""When the tests' customers told a shop their measurements."""
FILL_IN = "Use what I tell you to fill in my choices"
"""The words a customer is shown when they allow personalisation."""


def measured(
    session: Session,
    customer_id: int,
    key: str = "waist",
    value: float = 32,
    *,
    place: str | None = "Madrid",
    at: datetime | None = TOLD,
) -> None:
    """A measurement (in inches) the customer told a shop at `place`."""
    record_need(session=session, customer_id=customer_id, kind="measurement", key=key, value=value, unit="in",
                source=Source("shop", place=place), at=at)  # fmt: skip


def personalisation(
    session: Session, customer_id: int, granted: bool = True, *, where: str = "shop", words: str = FILL_IN
) -> None:
    """The customer's answer to "use what I tell you to fill in my choices" (on every channel)."""
    record_consent(session=session, customer_id=customer_id, channel="any", purpose="personalisation",
                   granted=granted, where=where, text_shown=words)  # fmt: skip


def shipped(catalog_id: str = "jeans") -> Catalog:
    """One of the shipped catalogs (catalog/*.yaml)."""
    from tests.conftest import CATALOG_DIR

    return next(c for c in load_shelf(CATALOG_DIR).catalogs if c.id == catalog_id)


def complete_jeans() -> dict[str, Choice]:
    """The cheapest complete configuration of the shipped jeans, from a classic fit."""
    catalog = shipped()
    return dict(engine_for(catalog, "jeans").complete({"fit": "classic"}, {}, date.today(), k=1)[0].choices)
