"""One function decides whether a use or a contact is allowed: newest record per channel, then "any"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from app.errors import TailorError
from app.services.customers.consent import allowed, consents, record_consent
from tests.factories import customer

TEXT = "Send me offers by e-mail. You can stop them at any time on the 'my data' page."
DAY = datetime(2026, 5, 3, 10, 0, tzinfo=UTC)


def test_no_record_means_no(session: Session) -> None:
    ana = customer(session)
    assert not allowed(session=session, customer_id=ana, channel="email", purpose="marketing")


def test_grant_then_withdrawal_newest_wins_and_history_stays(session: Session) -> None:
    ana = customer(session)
    record_consent(
        session=session,
        customer_id=ana,
        channel="email",
        purpose="marketing",
        granted=True,
        where="web sign-up",
        text_shown=TEXT,
        at=DAY,
    )
    assert allowed(session=session, customer_id=ana, channel="email", purpose="marketing")
    assert not allowed(session=session, customer_id=ana, channel="sms", purpose="marketing")
    assert not allowed(session=session, customer_id=ana, channel="email", purpose="marketing", at=DAY - timedelta(1))
    record_consent(
        session=session,
        customer_id=ana,
        channel="email",
        purpose="marketing",
        granted=False,
        where="my data page",
        text_shown="Stop e-mail offers",
        at=DAY + timedelta(days=30),
    )
    assert not allowed(session=session, customer_id=ana, channel="email", purpose="marketing")
    assert allowed(session=session, customer_id=ana, channel="email", purpose="marketing", at=DAY + timedelta(1))
    in_force = consents(session=session, customer_id=ana)
    assert not in_force[("email", "marketing")].granted


def test_any_channel_applies_unless_the_channel_says_otherwise(session: Session) -> None:
    ana = customer(session)
    record_consent(
        session=session,
        customer_id=ana,
        channel="any",
        purpose="personalisation",
        granted=True,
        where="shop",
        text_shown="Use what I tell you to suggest products that fit me.",
        at=DAY,
    )
    assert allowed(session=session, customer_id=ana, channel="any", purpose="personalisation")
    assert allowed(session=session, customer_id=ana, channel="phone", purpose="personalisation")
    record_consent(
        session=session,
        customer_id=ana,
        channel="phone",
        purpose="personalisation",
        granted=False,
        where="call",
        text_shown="",
        at=DAY + timedelta(1),
    )
    assert not allowed(session=session, customer_id=ana, channel="phone", purpose="personalisation")
    assert allowed(session=session, customer_id=ana, channel="post", purpose="personalisation")


@pytest.mark.parametrize(
    ("channel", "purpose", "text", "message"),
    [
        ("fax", "marketing", TEXT, "unknown consent channel 'fax'"),
        ("email", "selling", TEXT, "unknown consent purpose 'selling'"),
        ("email", "marketing", " ", "text the customer was shown"),
    ],
)
def test_bad_consents_are_refused(session: Session, channel: str, purpose: str, text: str, message: str) -> None:
    ana = customer(session)
    with pytest.raises(TailorError, match=message):
        record_consent(
            session=session,
            customer_id=ana,
            channel=channel,
            purpose=purpose,
            granted=True,
            where="web",
            text_shown=text,
        )
