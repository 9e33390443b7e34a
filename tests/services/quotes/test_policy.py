"""The discount authority policy (on SQLite and PostgreSQL): the default until an admin saves one, read from a
form with the wrong field named, and saved by admins only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlmodel import Session

from app.errors import ForbiddenError, TailorError
from app.services.quotes.policy import DEFAULT_POLICY, authority_policy, policy_from_form, save_policy
from tests.services.quotes.builders import staff


def _form(**changes: str) -> dict[str, str]:
    values = {}
    for tier, limits in DEFAULT_POLICY.tiers.items():
        values[f"{tier}.max_discount_percent"] = str(limits.max_discount_percent)
        values[f"{tier}.margin_floor_percent"] = str(limits.margin_floor_percent)
    return {**values, **changes}


def test_an_admin_saves_a_policy_and_it_is_in_force(session: Session) -> None:
    assert authority_policy(session=session) == DEFAULT_POLICY
    admin = staff(session, "ada@example.com", "admin")
    rep = staff(session, "rita@example.com", "rep")
    policy = policy_from_form(_form(**{"retain.max_discount_percent": "20,5"}))
    with pytest.raises(ForbiddenError):
        save_policy(session=session, policy=policy, actor=rep)
    save_policy(session=session, policy=policy, actor=admin)
    assert authority_policy(session=session).tiers["retain"].max_discount_percent == Decimal("20.5")


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("grow.max_discount_percent", "lots", "grow.max_discount_percent: 'lots' is not a percent"),
        ("grow.max_discount_percent", "-1", "grow.max_discount_percent: a percent between"),
        ("ordinary.margin_floor_percent", "101", "ordinary.margin_floor_percent: a percent between"),
        ("retain.margin_floor_percent", "1.234", "retain.margin_floor_percent: a percent between"),
    ],
)
def test_a_bad_field_is_named(field: str, text: str, message: str) -> None:
    with pytest.raises(TailorError, match=message):
        policy_from_form(_form(**{field: text}))
