"""The outbox: e-mail queued in the caller's transaction and delivered by the worker over SMTP.

`queue_message` adds a row to the caller's session and, once that transaction commits, enqueues
a delivery job; a rollback leaves nothing to send. `deliver_due` claims due messages (PostgreSQL:
`FOR UPDATE SKIP LOCKED`; SQLite: one conditional UPDATE, which SQLite runs alone), so two workers
never take the same one, then sends them and records each outcome. The periodic sweep calls it
too, so a message whose enqueue failed still goes out. Logs carry message ids and counts only:
messages hold private links, so bodies, subjects and addresses are never logged.
"""

from __future__ import annotations

import logging
import re
import smtplib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Table, and_, delete, event, func, or_, update
from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, col, select

from app.config import Settings, get_settings
from app.mail.compose import Attachment, check_address, check_header, compose
from app.mail.smtp import describe, refused_for_good, smtp_connection
from app.models.base import utcnow
from app.models.outbox import MAX_ATTACHMENT, OutboxAttachment, OutboxMessage

logger = logging.getLogger(__name__)

TABLE: Table = OutboxMessage.__table__  # type: ignore[attr-defined]
LONGEST_WAIT = timedelta(days=1)
"""The backoff between tries stops growing here."""
CONTENT_TYPE = re.compile(r"[a-z]+/[a-z0-9.+-]+")
_PENDING = "outbox_delivery_pending"
"""Key in `Session.info`: the session's transaction queued mail, to be announced to the worker on commit."""


def queue_message(
    *,
    session: Session,
    to: str,
    subject: str,
    text: str,
    html: str | None = None,
    kind: str,
    locale: str = "en",
    customer_id: int | None = None,
    attachments: Sequence[Attachment] = (),
) -> OutboxMessage:
    """Add an e-mail to the caller's transaction (not committed); the worker is told once it commits.

    `attachments` are (filename, content type, bytes), each at most `MAX_ATTACHMENT` bytes (ValueError otherwise).
    """
    message = OutboxMessage.model_validate(
        {"kind": kind, "to_address": check_address(to), "subject": check_header(subject), "body_text": text,
         "body_html": html, "locale": check_header(locale), "customer_id": customer_id}
    )  # fmt: skip
    files = [_attachment(*attachment) for attachment in attachments]
    session.add(message)
    session.flush()
    session.add_all(OutboxAttachment(message_id=int(message.id or 0), filename=filename, content_type=content_type,
                                     content=content) for filename, content_type, content in files)  # fmt: skip
    if files:
        session.flush()
    _announce_on_commit(session)
    logger.debug("outbox message %s queued", message.id)
    return message


def _attachment(filename: str, content_type: str, content: bytes) -> Attachment:
    """One attachment checked: a plain file name, a `type/subtype` content type, at most `MAX_ATTACHMENT` bytes."""
    if not filename.strip() or "/" in filename or "\\" in filename or len(filename) > 200:
        raise ValueError("an attachment needs a plain file name")
    if not CONTENT_TYPE.fullmatch(content_type):
        raise ValueError("an attachment needs a content type such as application/pdf")
    if len(content) > MAX_ATTACHMENT:
        raise ValueError(f"an attachment may not be larger than {MAX_ATTACHMENT} bytes")
    return check_header(filename), content_type, bytes(content)


def attachments_of(*, session: Session, message_id: int) -> list[Attachment]:
    """The files of one message, in the order they were queued."""
    rows = session.exec(
        select(OutboxAttachment).where(OutboxAttachment.message_id == message_id).order_by(col(OutboxAttachment.id))
    ).all()
    return [(row.filename, row.content_type, bytes(row.content)) for row in rows]


def deliver_due(*, session: Session, limit: int = 50, now: datetime | None = None) -> int:
    """Send up to `limit` due messages over SMTP and record each outcome (commits `session`); the number sent."""
    settings = get_settings()
    now = now or utcnow()
    claimed = claim_due(session=session, limit=limit, now=now, lease=_lease(settings, limit))
    if not claimed:
        return 0
    sent = _send_all(session, settings, claimed, now)
    logger.info("outbox: %d sent, %d not sent of %d claimed", sent, len(claimed) - sent, len(claimed))
    return sent


def forget_messages(*, session: Session, customer_id: int | None, addresses: Iterable[str]) -> int:
    """Delete a person's messages, by customer or by address (erasure; in the caller's transaction); how many."""
    lowered = sorted({address.strip().lower() for address in addresses if address.strip()})
    conditions: list[Any] = []
    if customer_id is not None:
        conditions.append(TABLE.c.customer_id == customer_id)
    if lowered:
        conditions.append(func.lower(TABLE.c.to_address).in_(lowered))
    if not conditions:
        return 0
    doomed = select(TABLE.c.id).where(or_(*conditions))
    session.exec(delete(OutboxAttachment).where(col(OutboxAttachment.message_id).in_(doomed)))
    result = session.exec(delete(TABLE).where(or_(*conditions)))
    return int(result.rowcount)


def claim_due(*, session: Session, limit: int, now: datetime, lease: timedelta) -> list[OutboxMessage]:
    """Take up to `limit` due messages for `lease` (committed), so no other worker takes them meanwhile.

    The messages come back as copies, in no session: as they were when claimed.
    """
    due = _due(now)
    if session.exec(select(TABLE.c.id).where(due).limit(1)).first() is None:
        return []  # nothing to take: no write at all (an idle worker looks every few seconds)
    oldest = select(TABLE.c.id).where(due).order_by(TABLE.c.next_attempt_at, TABLE.c.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        oldest = oldest.with_for_update(skip_locked=True)
    taken = session.exec(
        update(TABLE).where(TABLE.c.id.in_(oldest), due).values(next_attempt_at=now + lease).returning(TABLE.c.id)
    )
    ids = sorted(int(row[0]) for row in taken)
    session.commit()
    if not ids:
        return []
    rows = session.connection().execute(TABLE.select().where(TABLE.c.id.in_(ids)).order_by(TABLE.c.id)).mappings()
    return [OutboxMessage.model_validate(dict(row)) for row in rows]


def _due(now: datetime) -> Any:
    return and_(TABLE.c.sent_at.is_(None), TABLE.c.failed_at.is_(None), TABLE.c.next_attempt_at <= now)


def _lease(settings: Settings, limit: int) -> timedelta:
    """Long enough for every SMTP command of a whole batch to time out (about four a message, four to connect)."""
    return timedelta(seconds=settings.smtp_timeout * 4 * (limit + 1))


def _email(row: OutboxMessage, sender: str, now: datetime, attachments: Sequence[Attachment] = ()) -> EmailMessage:
    key = f"outbox-{row.id}.{row.created_at:%Y%m%d%H%M%S%f}"
    return compose(sender=sender, to=row.to_address, subject=row.subject, text=row.body_text, html=row.body_html,
                   locale=row.locale, date=now, key=key, attachments=attachments)  # fmt: skip


MESSAGE_FAILURES = (
    smtplib.SMTPRecipientsRefused,
    smtplib.SMTPResponseException,
    smtplib.SMTPNotSupportedError,
    ValueError,
)
"""Failures of one message (refused, or not writable as e-mail); any other error is the connection's."""


def _send_all(session: Session, settings: Settings, claimed: list[OutboxMessage], now: datetime) -> int:
    """Send over one connection; a failure of the connection itself counts against every message left."""
    sent = 0
    left = list(claimed)
    try:
        with smtp_connection(settings) as smtp:
            while left:
                message = left[0]
                try:
                    files = attachments_of(session=session, message_id=int(message.id or 0))
                    session.rollback()  # end the read: no transaction stays open while SMTP talks
                    smtp.send_message(_email(message, settings.mail_sender, now, files))
                except MESSAGE_FAILURES as error:
                    _record_failure(session, settings, message, error, now)
                else:
                    _record_sent(session, message, now)
                    sent += 1
                left.pop(0)
    except OSError as error:
        for message in left:
            _record_failure(session, settings, message, error, now)
    return sent


def _record_sent(session: Session, message: OutboxMessage, now: datetime) -> None:
    session.exec(update(TABLE).where(TABLE.c.id == message.id).values(sent_at=now, attempts=message.attempts + 1))
    session.commit()
    logger.info("outbox message %s sent", message.id)


def _record_failure(
    session: Session, settings: Settings, message: OutboxMessage, error: Exception, now: datetime
) -> None:
    attempts = message.attempts + 1
    values: dict[str, Any] = {"attempts": attempts, "last_error": describe(error)}
    if refused_for_good(error) or attempts >= settings.outbox_max_attempts:
        values["failed_at"] = now
        logger.warning("outbox message %s given up after %d tries (%s)", message.id, attempts, values["last_error"])
    else:
        values["next_attempt_at"] = now + retry_wait(settings, attempts)
        logger.warning("outbox message %s: try %d failed (%s)", message.id, attempts, values["last_error"])
    session.exec(update(TABLE).where(TABLE.c.id == message.id).values(**values))
    session.commit()


def retry_wait(settings: Settings, attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: the first wait, doubled per further try, up to a day."""
    seconds = settings.outbox_retry_seconds * 2 ** min(attempts - 1, 32)
    return min(timedelta(seconds=seconds), LONGEST_WAIT)


def _announce_on_commit(session: Session) -> None:
    session.info[_PENDING] = True
    if not event.contains(session, "after_commit", _after_commit):
        event.listen(session, "after_commit", _after_commit)
        event.listen(session, "after_soft_rollback", _after_rollback)


def _after_commit(session: Session) -> None:
    if not session.info.pop(_PENDING, False):
        return
    from app.jobs import get_jobs  # here, not above: the jobs import this service

    try:
        get_jobs().deliver_outbox()
    except Exception:  # the periodic sweep sends it a few seconds later instead
        logger.warning("outbox: could not enqueue a delivery; the sweep will send it", exc_info=True)


def _after_rollback(session: Session, previous_transaction: SessionTransaction) -> None:
    if not previous_transaction.nested:
        session.info.pop(_PENDING, None)
