"""Telling customers what a published version changed for them, once it is in force (never before).

`notify_in_force` (the worker runs it periodically) looks at every published version that has come
into force and is serving (compiled, see `in_force`) and whose customers were not told yet (and flags
the open quotes priced on an older version for their reps: `recheck_quotes`). Against
the version in force before it:
- a saved configuration (or unfinished draft) of a known customer that was valid and no longer is:
  purpose `personalisation` (the message is about what they configured, a use of their data they
  allowed; we do not send it to someone who did not), with a link to the configurator holding the
  choices after the nearest repair;
- a stated need (a preferred option, or a measurement) no configuration could meet before and the
  new version can: purpose `new_products` (it announces something new in the catalog).
Each goes by e-mail through the outbox, in the customer's language, only when `consent.allowed`
says so for channel `email` and that purpose, and is recorded on their timeline (an Interaction).
A `catalog_notice` row per version x customer x subject (unique) makes sure nothing goes twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.catalog import Catalog, Product
from app.catalog.labels import attribute_label, choice_label
from app.config import get_settings
from app.i18n import say
from app.models import CatalogNotice, CatalogPublication, CatalogVersion, Customer, Identifier, Need, SavedConfiguration
from app.models.base import utcnow
from app.services.catalogs.impact import meets, open_line
from app.services.catalogs.in_force import catalog_of_version, version_in_force
from app.services.context import customer_context
from app.services.customers.consent import allowed
from app.services.customers.timeline import record_interaction
from app.services.notifications.mails import link_to
from app.services.notifications.outbox import queue_message

REPAIR_PURPOSE = "personalisation"
NEED_PURPOSE = "new_products"
REPAIR_SUBJECT = "A configuration you saved needs a change"
REPAIR_TEXT = ("Hello {name},\n\nThe catalog changed and the configuration you saved ({product}) can no longer be "
               "made as it was: {reason}\n\nWe prepared the nearest one that can be made:\n\n{link}\n")  # fmt: skip
NEED_SUBJECT = "Something you asked for can now be made"
NEED_TEXT = "Hello {name},\n\nYou told us you wanted {need}. The catalog now has it:\n\n{link}\n"


def notify_in_force(*, session: Session, now: datetime | None = None) -> int:
    """Tell customers about every version that came into force and is serving; the e-mails queued."""
    moment = now or utcnow()
    waiting = session.exec(
        select(CatalogVersion, CatalogPublication)
        .join(CatalogPublication, col(CatalogPublication.version_id) == col(CatalogVersion.id))
        .where(CatalogVersion.status == "published", col(CatalogVersion.effective_from) <= moment,
               col(CatalogPublication.notified_at).is_(None))
        .order_by(col(CatalogVersion.id))
    ).all()  # fmt: skip
    sent = 0
    for version, publication in waiting:
        serving = version_in_force(session=session, catalog_id=version.catalog_id, on=moment)
        if serving is None or serving.number < version.number:
            continue  # not serving yet (its compile runs): the customers are told once it is
        if serving.number == version.number:
            sent += notify_version(session=session, version_id=version.id or 0)
            recheck_quotes(session=session, catalog_id=version.catalog_id)
        publication.notified_at = utcnow()
        session.add(publication)
        session.commit()
    return sent


def recheck_quotes(*, session: Session, catalog_id: str) -> int:
    """Flag the open quotes priced on an older version of `catalog_id` (see `app.services.quotes.revisions`)."""
    from app.services.quotes.revisions import recheck_open_quotes  # quotes read catalogs: import when used

    return recheck_open_quotes(session=session, catalog_id=catalog_id)


def notify_version(*, session: Session, version_id: int) -> int:
    """Tell the customers what version `version_id` changed against the one before it; the e-mails queued."""
    version = session.get(CatalogVersion, version_id)
    previous = _previous(session, version) if version is not None else None
    if version is None or previous is None:
        return 0
    before, after = catalog_of_version(previous), catalog_of_version(version)
    sent = 0
    for saved in _batches(session, select(SavedConfiguration).where(
            SavedConfiguration.catalog_id == version.catalog_id, col(SavedConfiguration.customer_id).is_not(None)),
            SavedConfiguration):  # fmt: skip
        sent += _about_configuration(session, version, (before, after), saved)
    for need in _batches(session, select(Need).where(col(Need.stated).is_(True)), Need):
        sent += _about_need(session, version, (before, after), need)
    return sent


def _about_configuration(session: Session, version: CatalogVersion, catalogs: tuple[Catalog, Catalog],
                         saved: SavedConfiguration) -> int:  # fmt: skip
    customer = session.get(Customer, saved.customer_id)
    if customer is None or customer.erased_at is not None:
        return 0
    context, locale = customer_context(session=session, customer=customer), _locale(customer)
    was, now = (open_line(catalog, saved.product_id, saved.choices, context, locale) for catalog in catalogs)
    if not was.valid or now.valid:
        return 0
    repaired = {**saved.choices, **now.repaired}
    path = _configurator(version.catalog_id, saved.product_id, repaired)
    values = {"product": saved.name or saved.product_id, "reason": now.broken}
    return _notice(session, version, customer, f"configuration:{saved.id}", REPAIR_PURPOSE,
                   (REPAIR_SUBJECT, REPAIR_TEXT, values), path)  # fmt: skip


def _about_need(session: Session, version: CatalogVersion, catalogs: tuple[Catalog, Catalog], need: Need) -> int:
    before, after = catalogs
    for product in after.products:
        if meets(after, product.id, need) and not meets(before, product.id, need):
            customer = session.get(Customer, need.customer_id)
            if customer is None or customer.erased_at is not None:
                return 0
            path = _configurator(version.catalog_id, product.id, {need.key: need.value})
            values = {"need": _need_words(product, need, _locale(customer))}
            return _notice(session, version, customer, f"need:{need.id}", NEED_PURPOSE,
                           (NEED_SUBJECT, NEED_TEXT, values), path)  # fmt: skip
    return 0


def _need_words(product: Product, need: Need, locale: str) -> str:
    """A need as the customer would say it, in their language: "Wash: Acid wash"."""
    return f"{attribute_label(product, need.key, locale)}: {choice_label(product, need.key, need.value, locale)}"


def _notice(session: Session, version: CatalogVersion, customer: Customer, subject: str, purpose: str,
            mail: tuple[str, str, dict[str, Any]], path: str) -> int:  # fmt: skip
    """Send one notice unless it was sent (or decided) already; recorded either way; 1 when an e-mail went."""
    key = (CatalogNotice.version_id == version.id, CatalogNotice.customer_id == customer.id,
           CatalogNotice.subject == subject)  # fmt: skip
    if session.exec(select(CatalogNotice.id).where(*key)).first() is not None:
        return 0
    address = _email(session, customer.id or 0)
    consented = allowed(session=session, customer_id=customer.id or 0, channel="email", purpose=purpose)
    send = consented and address is not None
    if send and address is not None:
        title, text, values = mail
        locale = _locale(customer)
        link = link_to(path)
        body = say(locale, text, name=customer.name, link=link, **values)
        queue_message(session=session, to=address, subject=say(locale, title), text=body, kind="catalog_notice",
                      locale=locale, customer_id=customer.id)  # fmt: skip
        record_interaction(session=session, customer_id=customer.id or 0, channel="email", kind="catalog_notice",
                           summary=say(locale, title)[:2000], commit=False,
                           links={"catalog": version.catalog_id, "version": version.number, "subject": subject,
                                  "purpose": purpose, "url": link})  # fmt: skip
    session.add(CatalogNotice(version_id=version.id or 0, customer_id=customer.id or 0, subject=subject, sent=send))
    try:
        session.commit()
    except IntegrityError:  # another worker told them at the same moment
        session.rollback()
        return 0
    return int(send)


def _previous(session: Session, version: CatalogVersion) -> CatalogVersion | None:
    """The version in force just before this one took effect."""
    moment = version.effective_from or utcnow()
    return session.exec(
        select(CatalogVersion)
        .where(CatalogVersion.catalog_id == version.catalog_id,
               col(CatalogVersion.status).in_(("published", "retired")), CatalogVersion.id != version.id,
               col(CatalogVersion.effective_from) <= moment, CatalogVersion.number < version.number)
        .order_by(col(CatalogVersion.effective_from).desc(), col(CatalogVersion.number).desc())
        .limit(1)
    ).first()  # fmt: skip


def _batches(session: Session, query: Any, model: Any) -> Iterator[Any]:
    """The rows of `query`, by id, `notice_batch` at a time."""
    last, size = 0, get_settings().notice_batch
    while True:
        rows = session.exec(query.where(model.id > last).order_by(model.id).limit(size)).all()
        yield from rows
        if len(rows) < size:
            return
        last = rows[-1].id


def _email(session: Session, customer_id: int) -> str | None:
    return session.exec(
        select(Identifier.value).where(Identifier.customer_id == customer_id, Identifier.kind == "email")
        .order_by(col(Identifier.id))
    ).first()  # fmt: skip


def _locale(customer: Customer) -> str:
    return (customer.locale or "en")[:2]


def _configurator(catalog_id: str, product_id: str, choices: dict[str, Any]) -> str:
    """The configurator's address holding `choices` (lists as repeated fields)."""
    pairs = [(key, str(item)) for key, value in choices.items()
             for item in (value if isinstance(value, list) else [value])]  # fmt: skip
    return f"/configure/{quote(catalog_id)}/{quote(product_id)}?{urlencode(pairs)}"
