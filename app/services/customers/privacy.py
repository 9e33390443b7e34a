"""Export everything held on a customer, and erasure: anonymisation that keeps order totals.

`HOLDS` says, for every table of the schema, how it holds a person and what erasure does with
it; a test walks the schema and fails when a table is missing here. Erasure removes or blanks
every personal datum (names, date of birth, identifiers, addresses, contacts, needs, consents,
saved configurations and drafts, what interactions say, the choices in order lines, which hold
body measurements, the e-mail typed on orders, the account and its sessions, links and
sign-in tries, e-mails waiting in the outbox, duplicate-review pairs and what merges kept) in
one transaction, and keeps the rows accounting needs: orders with their totals and costs,
interaction costs and dates, tier history. The customer row stays, marked erased, so
references still resolve and nothing can find, sign in as or contact them again.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, or_, update
from sqlmodel import Session, SQLModel, col, select

from app.errors import ConflictError, NotFoundError
from app.keys import keyed_hash
from app.models import (
    Account,
    Address,
    AuthorityPolicyRecord,
    CatalogApproval,
    CatalogEdit,
    CatalogVersion,
    Consent,
    Contact,
    Customer,
    DuplicateCandidate,
    EmailToken,
    Identifier,
    Interaction,
    Merge,
    Need,
    Order,
    OrderLine,
    OutboxMessage,
    Quote,
    QuoteApproval,
    QuoteLine,
    SavedConfiguration,
    SignInAttempt,
    TierRecord,
    WebSession,
)
from app.models.base import utcnow
from app.services.notifications.outbox import forget_messages

ERASED = "erased"
HOLDS = {
    "customer": "the person: exported; names and birth date blanked, marked erased",
    "identifier": "exported; deleted",
    "address": "exported; deleted",
    "contact": "exported; deleted",
    "need": "exported; deleted",
    "consent": "exported; deleted",
    "saved_configuration": "exported; deleted",
    "interaction": "exported; what it says blanked (cost and date kept for the cost to serve)",
    "orders": "exported; the contact e-mail blanked (totals kept for accounting)",
    "order_line": "exported; choices (body measurements) blanked",
    "tier_record": "exported; kept (tier history: no personal datum beyond the customer id)",
    "duplicate_candidate": "exported; deleted",
    "merge": "exported; what it kept to undo blanked",
    "account": "exported without the password hash; deleted",
    "web_session": "exported (when, not the token); deleted",
    "email_token": "exported (purpose and dates); deleted",
    "sign_in_attempt": "keyed hash of the e-mail only; deleted",
    "outbox_message": "exported (kind, subject, dates); deleted",
    "idempotent_request": "no personal datum: form keys and the ids of what they made",
    "catalog": "no personal datum: catalogs",
    "catalog_analysis": "no personal datum: an analysis or diff of catalog content, keyed by its hash",
    "catalog_version": "the author's account id, set to none when that account is erased",
    "catalog_edit": "the editor's account id, set to none when that account is erased (the edit stays)",
    "catalog_publication": "no personal datum: a published version's compile progress",
    "catalog_approval": "the asking and deciding accounts' ids, set to none when that account is erased",
    "catalog_notice": "kept (which version told the customer id about which configuration or need id, so nothing "
    "goes twice; no personal datum beyond the customer id)",
    "quote": "exported; open ones expired, the terms, the rep's reason and the customer's link blanked (totals "
    "kept for accounting)",
    "quote_line": "exported; choices, context and price breakdown (body measurements) blanked",
    "quote_approval": "the reason and comment blanked when the customer is erased; the accounts' ids set to none "
    "when that account is erased",
    "authority_policy": "the saving admin's account id, set to none when that account is erased",
    "outbox_attachment": "deleted with its message (a quote's PDF)",
    "alembic_version": "the schema's version",
}
"""Per table: how it holds a person, and what export and erasure do with it."""


def _plain(row: SQLModel, *, without: tuple[str, ...] = ()) -> dict[str, Any]:
    data = row.model_dump(exclude=set(without))
    return {key: value.isoformat() if isinstance(value, date | datetime) else value for key, value in data.items()}


def export_customer(*, session: Session, customer_id: int) -> dict[str, Any]:
    """Everything held on the customer, as JSON-ready data (dates in ISO 8601; no secret or its hash)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=customer_id)
    orders = session.exec(select(Order).where(Order.customer_id == customer_id).order_by(col(Order.placed_at))).all()
    order_ids = [order.id for order in orders]
    lines = session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(order_ids))).all() if order_ids else []

    def rows(model: type[SQLModel], *where: Any, without: tuple[str, ...] = ()) -> list[dict[str, Any]]:
        return [_plain(row, without=without) for row in session.exec(select(model).where(*where)).all()]

    return {
        "customer": _plain(customer),
        "account": rows(Account, Account.customer_id == customer_id, without=("password_hash",)),
        "sessions": rows(WebSession, WebSession.customer_id == customer_id, without=("token_hash",)),
        "identifiers": rows(Identifier, Identifier.customer_id == customer_id),
        "addresses": rows(Address, Address.customer_id == customer_id),
        "contacts": rows(Contact, or_(col(Contact.company_id) == customer_id, col(Contact.person_id) == customer_id)),
        "orders": [
            {**_plain(order), "lines": [_plain(line) for line in lines if line.order_id == order.id]}
            for order in orders
        ],
        "interactions": rows(Interaction, Interaction.customer_id == customer_id),
        "saved_configurations": rows(
            SavedConfiguration, SavedConfiguration.customer_id == customer_id, without=("resume_hash", "visitor_hash")
        ),
        "needs": rows(Need, Need.customer_id == customer_id),
        "consents": rows(Consent, Consent.customer_id == customer_id),
        "tiers": rows(TierRecord, TierRecord.customer_id == customer_id),
        "duplicate_candidates": rows(
            DuplicateCandidate,
            or_(col(DuplicateCandidate.left_id) == customer_id, col(DuplicateCandidate.right_id) == customer_id),
        ),
        "merges": rows(Merge, or_(col(Merge.survivor_id) == customer_id, col(Merge.merged_id) == customer_id)),
        "links_sent": rows(
            EmailToken, EmailToken.customer_id == customer_id, without=("token_hash", "payload", "address_hash")
        ),
        "quotes": [
            {
                **_plain(quote, without=("accept_token_hash",)),
                "lines": rows(QuoteLine, QuoteLine.quote_id == quote.id, without=("breakdown",)),
            }
            for quote in session.exec(select(Quote).where(Quote.customer_id == customer_id)).all()
        ],
        "emails": rows(OutboxMessage, OutboxMessage.customer_id == customer_id, without=("body_text", "body_html")),
    }


def erase_customer(*, session: Session, customer_id: int) -> Customer:
    """Anonymise the customer (see the module docstring); erasing twice is refused (409)."""
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFoundError("no customer {number}", number=customer_id)
    if customer.erased_at is not None:
        raise ConflictError("customer {number} was already erased on {day}", number=customer_id,
                          day=f"{customer.erased_at:%Y-%m-%d}")  # fmt: skip
    emails = set(session.exec(select(Identifier.value).where(Identifier.customer_id == customer_id,
                                                             Identifier.kind == "email")).all())  # fmt: skip
    _forget_account(session, customer_id, emails)
    for model in (Identifier, Address, Need, Consent, SavedConfiguration):
        session.execute(delete(model).where(col(model.customer_id) == customer_id))
    session.execute(
        delete(Contact).where(or_(col(Contact.company_id) == customer_id, col(Contact.person_id) == customer_id))
    )
    session.execute(
        delete(DuplicateCandidate).where(
            or_(col(DuplicateCandidate.left_id) == customer_id, col(DuplicateCandidate.right_id) == customer_id)
        )
    )
    for merge in session.exec(
        select(Merge).where(or_(col(Merge.survivor_id) == customer_id, col(Merge.merged_id) == customer_id))
    ).all():
        merge.moved, merge.merged_by = {ERASED: True}, ERASED
    _blank_history(session, customer_id)
    customer.name = f"erased customer {customer_id}"
    customer.given_name = customer.family_name = customer.locale = None
    customer.date_of_birth = None
    customer.erased_at = utcnow()
    session.commit()
    session.refresh(customer)
    return customer


def _forget_account(session: Session, customer_id: int, emails: set[str]) -> None:
    """The account, every session (each ends now), links, sign-in tries and e-mails of the person."""
    accounts = session.exec(select(Account).where(Account.customer_id == customer_id)).all()
    emails |= {account.email for account in accounts}
    session.execute(delete(WebSession).where(col(WebSession.customer_id) == customer_id))
    for account in accounts:
        session.execute(delete(WebSession).where(col(WebSession.account_id) == account.id))
        session.execute(
            update(CatalogVersion).where(col(CatalogVersion.author_id) == account.id).values(author_id=None)
        )
        session.execute(update(CatalogEdit).where(col(CatalogEdit.account_id) == account.id).values(account_id=None))
        for column in (CatalogApproval.requested_by, CatalogApproval.decided_by):
            session.execute(update(CatalogApproval).where(col(column) == account.id).values({column: None}))
        for column in (QuoteApproval.requested_by, QuoteApproval.decided_by):
            session.execute(update(QuoteApproval).where(col(column) == account.id).values({column: None}))
        session.execute(update(Quote).where(col(Quote.owner_id) == account.id).values(owner_id=None))
        session.execute(
            update(AuthorityPolicyRecord).where(col(AuthorityPolicyRecord.saved_by) == account.id).values(saved_by=None)
        )
        session.delete(account)
    hashes = [keyed_hash("sign-in account", email) for email in emails]
    if hashes:
        session.execute(delete(SignInAttempt).where(col(SignInAttempt.account_hash).in_(hashes)))
    session.execute(
        delete(EmailToken).where(or_(col(EmailToken.customer_id) == customer_id, col(EmailToken.email).in_(emails)))
    )
    forget_messages(session=session, customer_id=customer_id, addresses=emails)
    session.flush()


def _blank_history(session: Session, customer_id: int) -> None:
    """What interactions say, the choices in order lines and the e-mail typed on orders."""
    for interaction in session.exec(select(Interaction).where(Interaction.customer_id == customer_id)).all():
        interaction.summary, interaction.who, interaction.place = ERASED, None, None
        interaction.resolution = ERASED if interaction.resolution else None
        interaction.links = {}
    order_ids = list(session.exec(select(Order.id).where(Order.customer_id == customer_id)).all())
    if order_ids:
        session.execute(update(Order).where(col(Order.id).in_(order_ids)).values(contact_email=None))
        for line in session.exec(select(OrderLine).where(col(OrderLine.order_id).in_(order_ids))).all():
            line.choices = {}
    _blank_quotes(session, customer_id)


def _blank_quotes(session: Session, customer_id: int) -> None:
    """Open quotes expire; what they say about the person is blanked (totals stay)."""
    quotes = session.exec(select(Quote).where(Quote.customer_id == customer_id)).all()
    for quote in quotes:
        if quote.status in ("draft", "pending_approval", "approved", "sent"):
            quote.status = "expired"
        quote.terms, quote.reason, quote.accept_token_hash = "", "", None
        session.add(quote)
    ids = [quote.id for quote in quotes]
    if ids:
        session.execute(
            update(QuoteLine).where(col(QuoteLine.quote_id).in_(ids)).values(choices={}, context={}, breakdown={})
        )
        session.execute(
            update(QuoteApproval).where(col(QuoteApproval.quote_id).in_(ids)).values(reason=ERASED, comment=ERASED)
        )
