"""The demo gives the unmet-needs backlog something to show: rules met, numbers out of range, abandoned
starts and quote requests, read by the backlog as it reads real configurator events."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlmodel import Session

from app.demo.backlog import WEEKS
from app.demo.population import DAYS, START, generate, load_demo
from app.models import Interaction, SavedConfiguration
from app.services.catalogs.backlog import unmet_backlog
from app.services.customers.value import recompute
from tests.demo.test_population import CATALOGS


def test_the_demo_backlog_is_deterministic_and_ends_with_the_demo() -> None:
    first, second = generate(CATALOGS, people=90, seed=5), generate(CATALOGS, people=90, seed=5)
    assert first.tables[SavedConfiguration] == second.tables[SavedConfiguration]
    kinds = ("configurator", "quote_request")
    events = [row["occurred_at"] for row in first.tables[Interaction] if row["kind"] in kinds]
    assert events
    end = START + timedelta(days=DAYS)
    assert all(end - timedelta(weeks=WEEKS, days=1) <= at <= end for at in events)


def test_the_backlog_reads_every_kind_of_item_from_the_demo(session: Session) -> None:
    load_demo(session=session, catalogs=CATALOGS, people=240, seed=3)
    recompute(session=session)
    items = unmet_backlog(session=session, since=START)
    kinds = Counter(item.kind for item in items)
    assert set(kinds) == {"rule", "bound", "abandoned", "quote"}, kinds
    bound = next(item for item in items if item.kind == "bound")
    assert bound.numbers
    assert any(item.value_minor > 0 for item in items)
    assert items == sorted(items, key=lambda i: (-i.value_minor, -i.customers, i.key))


def test_demo_companies_that_allow_it_are_in_the_backlog_too(session: Session) -> None:
    load_demo(session=session, catalogs=CATALOGS, people=240, seed=3)
    items = unmet_backlog(session=session, since=START)
    assert any("company" in item.by_segment for item in items)
    typed = [str(n) for item in items for n in item.numbers]
    assert typed
    assert not [text for text in typed if "E" in text]  # numbers as a customer types them
