"""The demo population loads into an empty database, deterministically, and its tiers recompute."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlmodel import Session, col

from app.demo.population import generate, load_demo
from app.models import Customer, Identifier, Order
from app.services.catalogs.shelf import load_shelf
from app.services.customers.records import Key, identify
from app.services.customers.value import recompute
from tests.conftest import CATALOG_DIR

CATALOGS = list(load_shelf(CATALOG_DIR).catalogs)


def test_demo_is_deterministic() -> None:
    first, second = generate(CATALOGS, people=60, seed=3), generate(CATALOGS, people=60, seed=3)
    assert first.tables[Order] == second.tables[Order]
    assert first.tables[Customer] == second.tables[Customer]


def test_demo_loads_once_and_everything_in_it_works(session: Session) -> None:
    written = load_demo(session=session, catalogs=CATALOGS, people=150, seed=3)
    assert written > 150  # people, companies and planted duplicates
    assert load_demo(session=session, catalogs=CATALOGS, people=150, seed=3) == 0
    orders = session.execute(select(func.count()).select_from(Order)).scalar_one()
    assert orders > 150
    email = session.execute(select(col(Identifier.value)).where(col(Identifier.kind) == "email")).scalars().first()
    assert email is not None
    found = identify(session=session, keys=[Key("email", email)], source="web")
    assert not found.created
    fresh = identify(session=session, keys=[Key("email", "new.visitor@example.com")], source="web")
    assert fresh.created  # ids continue after the bulk-written ones
    result = recompute(session=session)
    assert sum(result.tiers.values()) == written + 1
    assert set(result.tiers) <= {"retain", "grow", "ordinary", "below_zero"}
