"""Sending a quote from the reps' console and the customer's link page (SQLite and PostgreSQL): e-mail with the
PDF under consent or the link shown once to the rep, accept and reject with CSRF, roles, unknown tokens."""

from __future__ import annotations

import io
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, Order, OutboxAttachment, Quote
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import quote_of
from app.web.views.quote_sending import panel
from tests.services.quotes.builders import quote_with_jeans
from tests.services.quotes.sending_builders import allow_email
from tests.web.accounts import account, csrf, mailed_message
from tests.web.reps_roles import assert_only_reps

LINK = re.compile(r'value="https?://[^"/]+(/quotes/[A-Za-z0-9_-]+)"')


def rep_and_quote(app_on: FastAPI, db: Engine, email: str = "rui@tailor.example",
                  consent: bool = False) -> tuple[TestClient, int]:  # fmt: skip
    client = account(app_on, db, email, "rep")
    with Session(db) as session:
        rep = session.exec(select(Account).where(Account.email == email)).one()
        quote = quote_with_jeans(session, rep, quantity=2)
        if consent:
            allow_email(session, quote.customer_id)
        return client, int(quote.id or 0)


def version_of(db: Engine, quote_id: int) -> int:
    with Session(db) as session:
        return quote_of(session=session, quote_id=quote_id).version


def send(client: TestClient, db: Engine, quote_id: int) -> object:
    data = {"_csrf": csrf(client, "/signin"), "version": str(version_of(db, quote_id))}
    return client.post(f"/reps/quotes/{quote_id}/send", data=data)


def test_with_consent_the_quote_goes_by_email_with_its_pdf(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db, consent=True)
    page = send(rep, db, quote_id)
    assert page.status_code == 200, page.text  # type: ignore[attr-defined]
    assert "Sent by e-mail to ana@example.com" in page.text  # type: ignore[attr-defined]
    assert "/quotes/" not in LINK.pattern or not LINK.search(page.text)  # type: ignore[attr-defined]
    message = mailed_message(db, "ana@example.com", "quote")
    with Session(db) as session:
        files = session.exec(select(OutboxAttachment).where(OutboxAttachment.message_id == message.id)).all()
    assert [file.content_type for file in files] == ["application/pdf"]
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(files[0].content)).pages)
    assert "Ana Ruiz" in text


def test_without_consent_the_rep_gets_the_link_and_the_customer_accepts_once(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    page = send(rep, db, quote_id)
    assert page.status_code == 200  # type: ignore[attr-defined]
    assert page.headers["Referrer-Policy"] == "no-referrer"  # type: ignore[attr-defined]
    found = LINK.search(page.text)  # type: ignore[attr-defined]
    assert found, "the rep sees the customer's link"
    path = found.group(1)
    customer = TestClient(app_on)
    shown = customer.get(path)
    assert shown.status_code == 200
    assert shown.headers["Referrer-Policy"] == "no-referrer"
    assert "Ana Ruiz" in shown.text
    assert "Accept and order" in shown.text
    assert customer.post(f"{path}/accept", data={}).status_code == 403  # no CSRF token
    token = csrf(customer, path)
    accepted = customer.post(f"{path}/accept", data={"_csrf": token}, follow_redirects=False)
    assert accepted.status_code == 303
    assert accepted.headers["location"].endswith(path)
    with Session(db) as session:
        quote = session.get(Quote, quote_id)
        assert quote is not None
        assert quote.status == "accepted"
        order = session.get(Order, quote.order_id)
        assert order is not None
        priced = priced_quote(session=session, quote=quote)
        assert priced.totals is not None
        assert order.total_minor == priced.totals.net
    after = customer.get(path)
    assert f"Your order number is {order.id}" in after.text
    assert "Accept and order" not in after.text
    again = customer.post(f"{path}/accept", data={"_csrf": token}, follow_redirects=False)
    assert again.status_code == 303
    with Session(db) as session:
        assert len(session.exec(select(Order)).all()) == 1


def test_the_customer_may_reject_with_a_reason_in_their_language(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    with Session(db) as session:
        from app.models import Customer

        quote = quote_of(session=session, quote_id=quote_id)
        customer_row = session.get(Customer, quote.customer_id)
        assert customer_row is not None
        customer_row.locale = "es"
        session.add(customer_row)
        session.commit()
    found = LINK.search(send(rep, db, quote_id).text)  # type: ignore[attr-defined]
    assert found
    path = found.group(1)
    customer = TestClient(app_on)
    shown = customer.get(path)
    assert '<html lang="es">' in shown.text
    assert "Rechazar el presupuesto" in shown.text
    token = csrf(customer, path)
    too_long = customer.post(f"{path}/reject", data={"_csrf": token, "reason": "x" * 1001})
    assert too_long.status_code == 422
    assert "motivo" in too_long.text.lower()
    done = customer.post(f"{path}/reject", data={"_csrf": token, "reason": "Caro"}, follow_redirects=False)
    assert done.status_code == 303
    with Session(db) as session:
        assert quote_of(session=session, quote_id=quote_id).status == "rejected"
    assert "Ha rechazado este presupuesto" in customer.get(path).text
    refused = customer.post(f"{path}/accept", data={"_csrf": token})
    assert refused.status_code == 409
    assert "ya no se puede aceptar" in refused.text  # rejected, said in Spanish


def test_an_unknown_link_is_a_plain_404(app_on: FastAPI, db: Engine) -> None:
    client = TestClient(app_on)
    for path in ("/quotes/nope", "/quotes/" + "A" * 43):
        page = client.get(path)
        assert page.status_code == 404
        assert "There is no such quote." in page.text
    token = csrf(client, "/signin")
    assert client.post("/quotes/nope/accept", data={"_csrf": token}).status_code == 404
    assert client.post("/quotes/nope/reject", data={"_csrf": token}).status_code == 404


def test_reps_only_other_reps_read_the_pdf_but_do_not_send(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    assert_only_reps(
        app_on, db,
        lambda c: c.get(f"/reps/quotes/{quote_id}/pdf"),
        lambda c: c.post(f"/reps/quotes/{quote_id}/send", data={"_csrf": csrf(c, "/signin"), "version": "1"}),
    )  # fmt: skip
    other = account(app_on, db, "otto@tailor.example", "rep")
    pdf = other.get(f"/reps/quotes/{quote_id}/pdf")
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    with Session(db) as session:
        root = quote_of(session=session, quote_id=quote_id).root_id
    assert pdf.headers["content-disposition"] == f'attachment; filename="quote-{root}-r1.pdf"'
    assert pdf.content.startswith(b"%PDF-")
    assert send(other, db, quote_id).status_code == 403  # type: ignore[attr-defined]
    assert rep.post(f"/reps/quotes/{quote_id}/send", data={"version": "1"}).status_code == 403  # no CSRF
    token = csrf(rep, "/signin")
    assert rep.post("/reps/quotes/999999/send", data={"_csrf": token, "version": "1"}).status_code == 404
    assert rep.get("/reps/quotes/999999/pdf").status_code == 404
    bad = rep.post(f"/reps/quotes/{quote_id}/send", data={"_csrf": token, "version": "two"})
    assert bad.status_code == 422
    assert "version" in bad.text
    stale = rep.post(f"/reps/quotes/{quote_id}/send", data={"_csrf": token, "version": "1"})
    assert stale.status_code == 409


def test_the_panel_says_what_the_rep_may_do(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    with Session(db) as session:
        quote = quote_of(session=session, quote_id=quote_id)
        me = session.exec(select(Account).where(Account.email == "rui@tailor.example")).one()
        before = panel(session=session, quote=quote, priced=priced_quote(session=session, quote=quote), me=me)
    assert before["send_may"] is True
    assert before["send_mail"] is None
    send(rep, db, quote_id)
    with Session(db) as session:
        quote = quote_of(session=session, quote_id=quote_id)
        me = session.exec(select(Account).where(Account.email == "rui@tailor.example")).one()
        after = panel(session=session, quote=quote, priced=priced_quote(session=session, quote=quote), me=me)
    assert after["send_may"] is False
    assert after["send_mail"] == "link"
    assert after["send_status"] == "sent"


def test_a_different_signed_in_customer_may_answer_with_the_link(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    found = LINK.search(send(rep, db, quote_id).text)  # type: ignore[attr-defined]
    assert found
    path = found.group(1)
    someone = account(app_on, db, "bea@example.com", "customer")  # not the quote's customer: the link is the key
    accepted = someone.post(f"{path}/accept", data={"_csrf": csrf(someone, path)}, follow_redirects=False)
    assert accepted.status_code == 303
    with Session(db) as session:
        quote = quote_of(session=session, quote_id=quote_id)
        order = session.get(Order, quote.order_id)
        assert order is not None
        assert order.customer_id == quote.customer_id  # the order is the quote's customer's


def test_the_panel_on_the_quote_page(app_on: FastAPI, db: Engine) -> None:
    rep, quote_id = rep_and_quote(app_on, db)
    page = rep.get(f"/reps/quotes/{quote_id}")
    assert page.status_code == 200
    assert f'action="http://testserver/reps/quotes/{quote_id}/send"' in page.text
    assert f"/reps/quotes/{quote_id}/pdf" in page.text
    assert "Send the quote" in page.text
    send(rep, db, quote_id)
    after = rep.get(f"/reps/quotes/{quote_id}")
    assert "Send the quote" not in after.text
    assert "Sent without e-mail" in after.text
