"""Demo data: a deterministic, believable population for `tailor serve --demo` and the benchmarks.

A few thousand people and some companies (with contacts and their buying roles), three years
of orders of configurations of the shipped catalogs (drawn from a repeat-buying process like
the one BG/NBD models: each customer buys at their own rate until they drop out), interactions
on every channel with their costs, complaints, needs told in shops, consents with the text
shown, and duplicates planted across channels (the same person again, from the call centre,
with a typo and another identifier), and in the last weeks what some of them met on the configurator
and could not get (`app.demo.backlog`). Rows are written in bulk with explicit ids.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import Session, SQLModel, col

from app.catalog.model import Catalog
from app.demo.backlog import unmet_needs
from app.engine.engine import Engine
from app.models import (
    Address,
    Consent,
    Contact,
    Customer,
    Identifier,
    Interaction,
    Need,
    Order,
    OrderLine,
    SavedConfiguration,
)
from app.models.base import json_ready

GIVEN = (
    "Ana",
    "Lucía",
    "María",
    "Carmen",
    "Sofía",
    "Inês",
    "Beatriz",
    "João",
    "Pedro",
    "Miguel",
    "Javier",
    "Pablo",
    "Diego",
    "Carlos",
    "Tiago",
    "Rui",
    "Laura",
    "Elena",
    "Marta",
    "Sara",
    "Hugo",
    "Daniel",
    "Rita",
    "Alba",
)
FAMILY = (
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Silva",
    "Santos",
    "Ferreira",
    "Oliveira",
    "Costa",
    "Romero",
    "Navarro",
    "Torres",
    "Ramos",
    "Gil",
    "Serrano",
    "Molina",
)
CITIES = (
    ("Madrid", "28"),
    ("Barcelona", "08"),
    ("Valencia", "46"),
    ("Sevilla", "41"),
    ("Bilbao", "48"),
    ("Zaragoza", "50"),
    ("Málaga", "29"),
    ("Lisboa", "1"),
    ("Porto", "4"),
)
STREETS = ("Calle Mayor", "Gran Vía", "Calle Real", "Avenida de la Constitución", "Rua Augusta", "Calle del Sol")
COMPANY = ("Talleres", "Distribuciones", "Servicios", "Logística", "Consultores", "Transportes")
CHANNEL_COST = {"web": 0, "email": 10, "sms": 5, "call_centre": 350, "shop": 600, "field_visit": 4500}
"""What one contact costs us, in cents."""
CONSENT_TEXT = {
    "personalisation": "Use what I tell you and what I buy to suggest products that fit me.",
    "marketing": "Send me offers by e-mail. I can stop them at any time on the 'my data' page.",
    "new_products": "Tell me when there is a new product I may like.",
}  # fmt: skip
START = datetime(2023, 12, 1, tzinfo=UTC)
DAYS = 3 * 365


@dataclass
class Rows:
    """Rows per table, in insert order."""

    tables: dict[type[SQLModel], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[SQLModel], **values: Any) -> int:
        rows = self.tables.setdefault(model, [])
        values["id"] = len(rows) + 1
        rows.append(values)
        return int(values["id"])


def offers(catalogs: list[Catalog], rng: random.Random, per_product: int = 12) -> list[tuple[Catalog, str, Any]]:
    """A pool of priced, valid configurations per product (completed by the engine with random tastes)."""
    pool: list[tuple[Catalog, str, Any]] = []
    for catalog in catalogs:
        for product in catalog.products:
            engine = Engine.open(catalog, product.id)
            attributes = [a for a in product.attributes() if hasattr(a, "options")]
            for _ in range(max(1, per_product // 3)):
                likes = {}
                for attribute in rng.sample(attributes, min(3, len(attributes))):
                    option = rng.choice(attribute.options)
                    likes[(attribute.id, option.id)] = rng.randint(1, 5)
                found = engine.complete({}, {}, START.date(), preferences=likes, objective="fit", k=3)
                pool.extend((catalog, product.id, offer) for offer in found)
            engine.close()
    return pool


def generate(catalogs: list[Catalog], people: int = 3000, companies: int = 60, seed: int = 7) -> Rows:
    """The demo population as rows (deterministic for a seed)."""
    rng = random.Random(seed)
    pool = offers(catalogs, rng)
    rows = Rows()
    persons = [_person(rows, rng, k) for k in range(people)]
    firms = []
    for k in range(companies):
        firm = _customer(rows, START, kind="company", name=f"{rng.choice(COMPANY)} {rng.choice(FAMILY)} {k + 1} S.L.")
        _identifier(rows, firm, "account", f"B{10_000_000 + k}", "field_visit", START)
        firms.append(firm)
        if k % 2 == 0:  # half the companies let us use what they buy to suggest (no draw: the rest stays the same)
            words = CONSENT_TEXT["personalisation"]
            rows.add(Consent, customer_id=firm, channel="any", purpose="personalisation", granted=True,
                     recorded_at=START, where="account opening", text_shown=words)  # fmt: skip
        for role, person in zip(("decides", "influences", "uses", "uses"), rng.sample(persons, 4), strict=True):
            rows.add(Contact, company_id=firm, person_id=person, role=role, title=None)
        _history(rows, rng, firm, pool, business=True)
    for person in persons:
        _history(rows, rng, person, pool, business=False)
    for person in rng.sample(persons, people // 30):
        _duplicate(rows, rng, person)
    unmet_needs(rows, random.Random(seed + 1), persons + firms, pool, START + timedelta(days=DAYS))
    return rows


def _person(rows: Rows, rng: random.Random, k: int) -> int:
    given, family = rng.choice(GIVEN), f"{rng.choice(FAMILY)} {rng.choice(FAMILY)}"
    born = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    joined = START + timedelta(days=rng.randrange(DAYS // 2))
    who = _customer(rows, joined, kind="person", name=f"{given} {family}", given_name=given, family_name=family,
                    date_of_birth=born, locale=rng.choice(("es", "es", "pt", "en")))  # fmt: skip
    email = f"{_ascii(given)}.{_ascii(family.split()[0])}{k}@example.com"
    _identifier(rows, who, "email", email, "web", joined)
    for kind, share, value, source in (
        ("phone", 0.6, f"+346{10_000_000 + k:08d}", "call_centre"),
        ("loyalty", 0.4, f"LC-{100_000 + k}", "shop"),
    ):
        if rng.random() < share:
            _identifier(rows, who, kind, value, source, joined)
    city, province = rng.choice(CITIES)
    street = f"{rng.choice(STREETS)} {rng.randint(1, 120)}"
    postcode = f"{province}{rng.randint(0, 999):03d}" if len(province) == 2 else f"{province}{rng.randint(0, 9999):04d}"
    _home(rows, who, street, city, postcode, "PT" if city in ("Lisboa", "Porto") else "ES")
    for purpose, share in (("personalisation", 0.7), ("marketing", 0.5), ("new_products", 0.3)):
        if rng.random() < share:
            rows.add(
                Consent,
                customer_id=who,
                channel="any" if purpose == "personalisation" else "email",
                purpose=purpose,
                granted=True,
                recorded_at=joined,
                where="web sign-up",
                text_shown=CONSENT_TEXT[purpose],
            )
    return who


def _history(rows: Rows, rng: random.Random, who: int, pool: list[tuple[Catalog, str, Any]], business: bool) -> None:
    """Orders at the customer's own rate until they drop out, with the interactions around them."""
    rate = rng.gammavariate(0.6, 1 / 0.02)  # orders per year
    drop = rng.betavariate(0.8, 2.5)
    day = rng.randrange(DAYS // 2)
    candidates = [o for o in pool if (o[0].id == "business") == business] or pool
    while day < DAYS:
        at = START + timedelta(days=day, hours=rng.randint(9, 20))
        channel = rng.choice(("web", "web", "shop", "call_centre")) if not business else "field_visit"
        catalog, product, offer = rng.choice(candidates)
        order = rows.add(
            Order,
            customer_id=who,
            placed_at=at,
            channel=channel,
            currency=catalog.currency,
            total_minor=offer.total,
            cost_minor=offer.total - offer.margin,
            status="placed",
        )
        rows.add(
            OrderLine,
            order_id=order,
            catalog_id=catalog.id,
            catalog_version=catalog.version,
            product_id=product,
            choices=json_ready(offer.choices),
            quantity=1,
            price_minor=offer.total,
            cost_minor=offer.total - offer.margin,
            returned=0,
        )
        visit = rows.add(
            Interaction,
            customer_id=who,
            channel=channel,
            kind="order",
            occurred_at=at,
            summary=f"Ordered {product}",
            who=None,
            place=None,
            cost_minor=CHANNEL_COST[channel],
            complaint=False,
            satisfaction=None,
            resolution=None,
            resolved_at=None,
            links={"order": order},
        )
        if channel == "shop" and product == "jeans":
            rows.add(
                Need,
                customer_id=who,
                kind="measurement",
                key="waist",
                value=json_ready(offer.choices.get("waist")),
                unit="in",
                stated=True,
                confidence=1.0,
                channel="shop",
                interaction_id=visit,
                recorded_by="shop assistant",
                place=rng.choice(CITIES)[0],
                recorded_at=at,
            )
        if rng.random() < 0.05:
            later = at + timedelta(days=rng.randint(3, 20))
            rows.add(
                Interaction,
                customer_id=who,
                channel="call_centre",
                kind="complaint",
                occurred_at=later,
                summary="The delivery was late",
                who="call centre",
                place=None,
                cost_minor=CHANNEL_COST["call_centre"],
                complaint=True,
                satisfaction=rng.randint(1, 5),
                resolution="Refunded the delivery fee",
                resolved_at=later + timedelta(days=2),
                links={"order": order},
            )
        if rng.random() < drop:
            return
        day += max(1, int(rng.expovariate(max(rate, 0.05) / 365)))


def _duplicate(rows: Rows, rng: random.Random, original: int) -> None:
    """The same person again, met on the phone: a typo in the name, a new identifier, same birth date."""
    source = rows.tables[Customer][original - 1]
    given = source["given_name"]
    typo = given[:-1] + rng.choice("aeiou") if len(given) > 3 else given
    family = source["family_name"]
    when = source["created_at"] + timedelta(days=rng.randint(30, 400))
    twin = _customer(rows, when, kind="person", name=f"{typo} {family}", given_name=typo, family_name=family,
                     date_of_birth=source["date_of_birth"], locale=source["locale"])  # fmt: skip
    _identifier(rows, twin, "phone", f"+347{20_000_000 + original:08d}", "call_centre", when)
    home = next(a for a in rows.tables[Address] if a["customer_id"] == original)
    _home(rows, twin, home["street"], home["city"], home["postcode"], home["country"])


def _customer(rows: Rows, at: datetime, **values: Any) -> int:
    """A new customer (first version, created and last changed `at`); returns its id."""
    return rows.add(Customer, **values, created_at=at, updated_at=at, version=1)


def _identifier(rows: Rows, who: int, kind: str, value: str, source: str, at: datetime) -> None:
    """An identifier of customer `who` (on no particular channel), recorded `at`."""
    rows.add(Identifier, customer_id=who, kind=kind, channel="", value=value, source=source, created_at=at)


def _home(rows: Rows, who: int, street: str, city: str, postcode: str, country: str) -> None:
    """The home address of customer `who` (no region)."""
    rows.add(Address, customer_id=who, kind="home", street=street, city=city, postcode=postcode, region=None,
             country=country)  # fmt: skip


def _ascii(text: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return plain.lower().replace(" ", "")


def load_demo(*, session: Session, catalogs: list[Catalog], people: int = 3000, seed: int = 7) -> int:
    """Write the demo population into an empty database (refused when customers exist); returns people written."""
    if session.execute(select(func.count()).select_from(Customer)).scalar_one():
        return 0
    rows = generate(catalogs, people=people, seed=seed)
    for model in (Customer, Identifier, Address, Contact, Consent, Order, OrderLine, Interaction, Need,
                  SavedConfiguration):  # fmt: skip
        table = rows.tables.get(model, [])
        for start in range(0, len(table), 5000):
            session.execute(insert(model), table[start : start + 5000])
    if session.get_bind().dialect.name == "postgresql":
        for written in rows.tables:
            name = written.__tablename__
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'(SELECT COALESCE(MAX(id), 1) FROM "{name}"))'
                )
            )
    session.commit()
    return len(rows.tables[Customer])


def live_customers(*, session: Session) -> int:
    """How many customers are neither merged nor erased."""
    query = select(func.count()).select_from(Customer).where(col(Customer.merged_into_id).is_(None))
    return int(session.execute(query).scalar_one())
