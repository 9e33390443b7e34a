"""The outbox: written with the caller's transaction, sent over real SMTP, retried, never sent twice (both backends)."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from app.config import get_settings
from app.jobs import get_jobs
from app.models import Customer, OutboxMessage
from app.models.base import utcnow
from app.services.notifications.outbox import deliver_due, forget_messages, queue_message, retry_wait
from tests.mailbox import Inbox, free_port, settings_for, smtp_server, use_settings

SECRET_LINK = "https://tailor.example/verify/kJ8s-secret-token"


@pytest.fixture
def mail(db: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """A real SMTP server; the app's settings point at it, at the test's database and at a data folder of its own."""
    with smtp_server() as inbox, settings_for(db, inbox, tmp_path, monkeypatch):
        yield inbox


def queue(
    session: Session,
    to: str = "ana@example.com",
    number: int = 0,
    *,
    html: str | None = None,
    locale: str = "en",
    customer_id: int | None = None,
) -> OutboxMessage:
    """Queue one verification e-mail whose subject carries `number`."""
    return queue_message(
        session=session,
        to=to,
        subject=f"Confirm your e-mail ({number})",
        text=f"Open {SECRET_LINK} to confirm.",
        html=html,
        kind="verify_email",
        locale=locale,
        customer_id=customer_id,
    )


def count_rows(engine: Engine) -> int:
    with Session(engine) as other:
        return int(other.exec(select(func.count()).select_from(OutboxMessage)).one())


def run_queued_jobs() -> int:
    """Run every job waiting in the process's queue, as the worker would; how many ran."""
    huey = get_jobs().huey
    ran = 0
    while (task := huey.dequeue()) is not None:
        huey.execute(task)
        ran += 1
    return ran


def test_a_queued_message_is_written_with_the_callers_commit_and_delivered_after(
    session: Session, db: Engine, mail: Inbox
) -> None:
    customer = Customer(name="Ana Ruiz")
    session.add(customer)
    session.flush()
    message = queue(session, customer_id=customer.id, locale="es", html=f"<a href='{SECRET_LINK}'>confirm</a>")
    assert message.id is not None
    assert count_rows(db) == 0
    assert get_jobs().huey.pending_count() == 0
    session.commit()
    assert count_rows(db) == 1
    assert run_queued_jobs() == 1
    [email] = mail.wait_for(1)
    assert mail.recipients == [["ana@example.com"]]
    assert email["To"] == "ana@example.com"
    assert email["From"] == get_settings().mail_sender
    assert email["Subject"] == "Confirm your e-mail (0)"
    assert email["Date"] is not None
    assert email["Message-ID"].endswith("@tailor.localhost>")
    assert email["Content-Language"] == "es"
    assert SECRET_LINK in email.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "confirm</a>" in email.get_body(("html",)).get_content()  # type: ignore[union-attr]
    session.refresh(message)
    assert message.sent_at is not None
    assert message.attempts == 1


def test_a_rollback_delivers_nothing(session: Session, db: Engine, mail: Inbox) -> None:
    queue(session)
    session.rollback()
    session.commit()  # a later commit of the same session announces nothing either
    assert count_rows(db) == 0
    assert get_jobs().huey.pending_count() == 0
    assert deliver_due(session=session) == 0
    assert mail.messages == []


def test_a_failed_try_waits_longer_each_time_then_gives_up(
    session: Session, mail: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, smtp_port=free_port(), outbox_max_attempts=3)
    message = queue(session)
    session.commit()
    when, waits = utcnow(), []
    for attempt in (1, 2, 3):
        assert deliver_due(session=session, now=when) == 0
        session.refresh(message)
        assert message.attempts == attempt
        assert message.last_error is not None
        assert "ConnectionRefusedError" in message.last_error
        if attempt < 3:
            assert message.failed_at is None
            waits.append(message.next_attempt_at - when)
            assert deliver_due(session=session, now=message.next_attempt_at - timedelta(seconds=1)) == 0
            session.refresh(message)
            assert message.attempts == attempt  # not due before its time
            when = message.next_attempt_at
    assert waits[0] < waits[1]
    assert message.failed_at is not None
    assert deliver_due(session=session, now=when + timedelta(days=30)) == 0
    session.refresh(message)
    assert message.attempts == 3
    assert mail.messages == []


def test_a_failed_try_is_sent_when_the_server_is_back(
    session: Session, mail: Inbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    use_settings(monkeypatch, smtp_port=free_port())
    message = queue(session)
    session.commit()
    assert deliver_due(session=session) == 0
    session.refresh(message)
    use_settings(monkeypatch, smtp_port=mail.port)
    assert deliver_due(session=session, now=message.next_attempt_at) == 1
    session.refresh(message)
    assert (message.attempts, message.failed_at) == (2, None)
    assert message.sent_at is not None
    assert len(mail.messages) == 1


def test_a_failed_enqueue_loses_nothing(
    session: Session, mail: Inbox, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    use_settings(monkeypatch, queue_url=f"redis://127.0.0.1:{free_port()}/0")  # a broker that is down
    queue(session)
    session.commit()  # the caller's transaction stands
    assert "could not enqueue a delivery; the sweep will send it" in caplog.text
    assert deliver_due(session=session) == 1  # what the worker's periodic sweep does
    assert len(mail.messages) == 1


def test_a_recipient_refused_for_good_is_given_up_at_once(session: Session, mail: Inbox) -> None:
    mail.refuse.add("nobody@example.com")
    refused = queue(session, to="nobody@example.com", number=1)
    accepted = queue(session, to="ana@example.com", number=2)
    session.commit()
    assert deliver_due(session=session) == 1
    session.refresh(refused)
    session.refresh(accepted)
    assert refused.failed_at is not None
    assert refused.last_error == "SMTPRecipientsRefused 550"
    assert accepted.sent_at is not None
    assert mail.recipients == [["ana@example.com"]]


def test_workers_at_once_never_send_one_message_twice(session: Session, db: Engine, mail: Inbox) -> None:
    for number in range(40):
        queue(session, number=number)
    session.commit()
    failures: list[BaseException] = []

    def work() -> None:
        try:
            with Session(db) as own:
                while deliver_due(session=own, limit=3):
                    pass
        except BaseException as error:  # reported by the test, not lost in the thread
            failures.append(error)

    workers = [threading.Thread(target=work) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    subjects = Counter(str(email["Subject"]) for email in mail.messages)
    assert sorted(subjects) == sorted(f"Confirm your e-mail ({number})" for number in range(40))
    assert set(subjects.values()) == {1}
    unsent = select(func.count()).select_from(OutboxMessage).where(col(OutboxMessage.sent_at).is_(None))
    assert session.exec(unsent).one() == 0


def test_a_claim_skips_messages_another_worker_holds(session: Session, db: Engine, mail: Inbox) -> None:
    if db.dialect.name != "postgresql":
        pytest.skip("row locks are PostgreSQL's: SQLite runs one writer at a time, so a claim there never overlaps")
    held, free = queue(session, number=1), queue(session, number=2)
    session.commit()
    with Session(db) as other_worker:
        other_worker.exec(select(OutboxMessage).where(OutboxMessage.id == held.id).with_for_update()).one()
        sent: list[int] = []

        def deliver() -> None:
            with Session(db) as own:
                sent.append(deliver_due(session=own))

        claim = threading.Thread(target=deliver)
        claim.start()
        claim.join(timeout=120)  # a claim that waited on the lock instead of skipping it would still be running
        assert not claim.is_alive(), "the claim waited for the other worker's lock"
        assert sent == [1]
        assert [email["Subject"] for email in mail.messages] == ["Confirm your e-mail (2)"]
        other_worker.rollback()
    assert deliver_due(session=session) == 1
    assert len(mail.messages) == 2
    session.refresh(free)
    assert free.attempts == 1


def test_forget_messages_deletes_a_persons_messages_by_customer_and_by_address(session: Session) -> None:
    ana = Customer(name="Ana Ruiz")
    session.add(ana)
    session.flush()
    queue(session, to="ana.work@example.com", customer_id=ana.id)
    queue(session, to="Ana@Example.com")
    kept = queue(session, to="bo@example.com")
    session.commit()
    assert forget_messages(session=session, customer_id=ana.id, addresses=["ana@example.com"]) == 2
    session.commit()
    assert [row.id for row in session.exec(select(OutboxMessage))] == [kept.id]
    assert forget_messages(session=session, customer_id=None, addresses=[]) == 0


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"to": "ana@example.com\r\nBcc: everyone@example.com"}, "not a single e-mail address"),
        ({"to": "Ana <ana@example.com>"}, "not a single e-mail address"),
        ({"to": "ana@example.com, bo@example.com"}, "not a single e-mail address"),
        ({"to": "not an address"}, "not a single e-mail address"),
        ({"subject": "Hello\nBcc: everyone@example.com"}, "line breaks"),
        ({"subject": "x" * 201}, "at most 200 characters"),
        ({"kind": "k" * 51}, "at most 50 characters"),
    ],
)
def test_queue_message_refuses_what_cannot_be_sent_as_asked(
    session: Session, change: dict[str, str], problem: str
) -> None:
    arguments = {"to": "ana@example.com", "subject": "Hello", "text": "Hi", "kind": "verify_email", **change}
    with pytest.raises(ValueError, match=problem):
        queue_message(session=session, **arguments)  # type: ignore[arg-type]


def test_no_log_record_holds_the_address_the_subject_or_the_body(
    session: Session, mail: Inbox, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    mail.refuse.add("refused@example.com")
    queue(session, to="ana@example.com")
    queue(session, to="refused@example.com")
    session.commit()
    run_queued_jobs()
    use_settings(monkeypatch, smtp_port=free_port())
    queue(session, to="bo@example.com")
    session.commit()
    deliver_due(session=session)
    ours = [record for record in caplog.records if not record.name.startswith("mail.log")]  # not the test's server
    logged = "\n".join(logging.Formatter().format(record) for record in ours)  # tracebacks included
    assert "outbox message 1 sent" in logged
    assert "outbox message 3: try 1 failed" in logged
    for secret in ("ana@example.com", "refused@example.com", "bo@example.com", "Confirm your e-mail", SECRET_LINK):
        assert secret not in logged


def test_the_wait_after_a_failure_doubles_up_to_a_day() -> None:
    settings = get_settings()
    waits = [retry_wait(settings, attempts) for attempts in range(1, 40)]
    assert waits[0] == timedelta(seconds=settings.outbox_retry_seconds)
    assert waits[1] == 2 * waits[0]
    assert waits == sorted(waits)
    assert waits[-1] == timedelta(days=1)
