"""A quote's revisions from the reps' console: revise a sent quote, compare two revisions side by side,
the flag of a newer catalog version and the requote (both databases); who may do what."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from app.models import Account, Quote
from app.services.catalogs.notices import notify_in_force
from app.services.catalogs.publishing import publish_version
from app.services.quotes.store import change_line, lines_of, quote_of
from tests.factories import complete_jeans
from tests.services.catalogs.publishing_data import jeans_draft, managers
from tests.services.catalogs.test_impact import knees_only_on_classic
from tests.services.quotes.builders import add, quote_with_jeans
from tests.services.quotes.test_revisions import knees_jeans, sent
from tests.web.accounts import account, csrf


def _rep(db: Engine, email: str) -> Account:
    with Session(db) as session:
        return session.exec(select(Account).where(Account.email == email)).one()


def _sent_quote(db: Engine, email: str = "rita@example.com") -> Quote:
    """A quote of the rep `email` with one jeans line, marked sent on its row (the send part is another's)."""
    with Session(db) as session:
        return sent(session, quote_with_jeans(session, _rep(db, email)))


def _revise(client: TestClient, quote: Quote) -> object:
    return client.post(f"/reps/quotes/{quote.id}/revise", data={"_csrf": csrf(client, "/signin"),
                                                                "version": str(quote.version)},
                       follow_redirects=False)  # fmt: skip


def test_revising_from_the_page_and_the_two_revisions_side_by_side(app_on: FastAPI, db: Engine) -> None:
    rita = account(app_on, db, "rita@example.com", "rep")
    quote = _sent_quote(db)
    page = rita.get(f"/reps/quotes/{quote.id}/revisions")
    assert page.status_code == 200
    assert "Revise" in page.text
    assert "Nothing changed between these revisions." in page.text
    revised = _revise(rita, quote)
    assert revised.status_code == 303  # type: ignore[attr-defined]
    with Session(db) as session:
        second = session.exec(select(Quote).where(Quote.root_id == quote.root_id, Quote.revision == 2)).one()
        assert revised.headers["location"] == f"/reps/quotes/{second.id}"  # type: ignore[attr-defined]
        assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "superseded"
        key = lines_of(session=session, quote_id=second.id or 0)[0].key
        rep = _rep(db, "rita@example.com")
        change_line(session=session, quote_id=second.id or 0, version=second.version, actor=rep, key=key,
                    quantity="3", discount_percent="5")  # fmt: skip
        fresh = quote_of(session=session, quote_id=second.id or 0)
        add(session, fresh, _rep(db, "rita@example.com"), {**complete_jeans(), "wash": "stonewash"})
    compared = rita.get(f"/reps/quotes/{second.id}/revisions")
    assert compared.status_code == 200
    text = compared.text
    assert "Revision 1" in text
    assert "Revision 2" in text
    assert '<tr class="differ"><th scope="row">Quantity</th>' in text
    assert "5%" in text  # the new line discount
    assert "added" in text  # the stonewash line
    assert "Totals that moved" in text
    assert "€" in text
    again = rita.get(f"/reps/quotes/{second.id}/revisions?a=2&b=1")
    assert again.status_code == 200
    spanish = rita.get(f"/reps/quotes/{second.id}/revisions", headers={"Accept-Language": "es"})
    assert spanish.status_code == 200
    assert _revise(rita, quote).status_code == 409  # type: ignore[attr-defined]  # superseded: not again


def test_the_flag_of_a_newer_version_and_the_requote(app_on: FastAPI, db: Engine) -> None:
    rita = account(app_on, db, "rita@example.com", "rep")
    with Session(db) as session:
        quote = quote_with_jeans(session, _rep(db, "rita@example.com"))
        add(session, quote, _rep(db, "rita@example.com"), knees_jeans())
        author, _ = managers(session)
        draft = jeans_draft(session, base_price=9999)
        knees_only_on_classic(session, draft)
        publish_version(session=session, version_id=draft, author_id=author)
        notify_in_force(session=session)
        quote = quote_of(session=session, quote_id=int(quote.id or 0))
    page = rita.get(f"/reps/quotes/{quote.id}/revisions")
    assert "Catalog version 2 is in force" in page.text
    assert "Line 2: Custom jeans" in page.text
    assert "Nearest repair:" in page.text
    assert "Unit price" in page.text
    token = csrf(rita, f"/reps/quotes/{quote.id}/revisions")
    refused = rita.post(f"/reps/quotes/{quote.id}/requote", data={"_csrf": token, "version": str(quote.version),
                                                                  "repair": "0"})  # fmt: skip
    assert refused.status_code == 422
    assert "line 2" in refused.text
    bad = rita.post(f"/reps/quotes/{quote.id}/requote", data={"_csrf": token, "version": "x"})
    assert bad.status_code == 422
    assert "version" in bad.text
    done = rita.post(f"/reps/quotes/{quote.id}/requote", data={"_csrf": token, "version": str(quote.version)},
                     follow_redirects=False)  # fmt: skip
    assert done.status_code == 303
    assert done.headers["location"] == f"/reps/quotes/{quote.id}"
    with Session(db) as session:
        assert quote_of(session=session, quote_id=int(quote.id or 0)).recheck is None
    assert "is in force" not in rita.get(f"/reps/quotes/{quote.id}/revisions").text


def test_who_may_revise_requote_and_read(app_on: FastAPI, db: Engine) -> None:
    rita = account(app_on, db, "rita@example.com", "rep")
    otto = account(app_on, db, "otto@example.com", "rep")
    shopper = account(app_on, db, "cora@example.com", "customer")
    quote = _sent_quote(db)
    page = f"/reps/quotes/{quote.id}/revisions"
    anonymous = TestClient(app_on)
    assert anonymous.get(page).status_code == 401
    assert shopper.get(page).status_code == 403
    assert otto.get(page).status_code == 200  # every rep reads
    assert "Revise" not in otto.get(page).text
    for action in ("revise", "requote"):
        url = f"/reps/quotes/{quote.id}/{action}"
        fields = {"version": str(quote.version)}
        assert anonymous.post(url, data={"_csrf": csrf(anonymous, "/signin"), **fields}).status_code == 401
        assert shopper.post(url, data={"_csrf": csrf(shopper, "/signin"), **fields}).status_code == 403
        assert otto.post(url, data={"_csrf": csrf(otto, "/signin"), **fields}).status_code == 403
        assert rita.post(url, data=fields).status_code == 403  # the owner, without the CSRF token
        unknown = otto.post(f"/reps/quotes/999999/{action}", data={"_csrf": csrf(otto, "/signin"), **fields})
        assert unknown.status_code == 404
    assert otto.get("/reps/quotes/999999/revisions").status_code == 404
    assert otto.get(f"{page}?a=7").status_code == 404
    assert otto.get(f"{page}?a=x").status_code == 422
    with Session(db) as session:
        assert quote_of(session=session, quote_id=int(quote.id or 0)).status == "sent"  # nothing was done


def test_the_quote_page_shows_the_revisions_and_the_revise_button(app_on: FastAPI, db: Engine) -> None:
    rita = account(app_on, db, "rita@example.com", "rep")
    quote = _sent_quote(db)
    page = rita.get(f"/reps/quotes/{quote.id}")
    assert page.status_code == 200
    assert 'id="revisions-h"' in page.text
    assert f'action="http://testserver/reps/quotes/{quote.id}/revise"' in page.text
