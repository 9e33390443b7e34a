"""The approval panel of the quote page: the verdict's reasons in words (per locale), the requests so far,
and whether the ask form shows (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

from sqlmodel import Session

from app.quotes.authority import DISCOUNT_ABOVE, Reason
from app.services.quotes.priced import priced_quote
from app.services.quotes.store import change_line, lines_of, quote_of
from app.web.templating import get_templates
from app.web.views.quote_approvals import limit_text, panel, percent
from tests.services.quotes.builders import quote_with_jeans, staff


def test_a_limit_is_said_with_the_tier_translated_and_the_percents_as_the_locale_writes_them() -> None:
    reason = Reason(limit="discount", template=DISCOUNT_ABOVE,
                    values={"tier": "below_zero", "percent": Decimal("12.50"), "limit": Decimal("3.00"),
                            "over": Decimal("9.50")})  # fmt: skip
    assert limit_text("en", reason) == (
        "A discount of 12.5% is above the 3% a rep may give a customer of tier below zero, by 9.5 points."
    )
    assert "12,5" in limit_text("es", reason)
    assert limit_text("pt", reason.model_dump(mode="json")) == limit_text("pt", reason), "as kept in the approval"
    assert limit_text("en", {"template": "Odd {nothing}", "values": {}}) == "Odd {nothing}"
    assert percent("x") == "x"
    assert percent(Decimal("-4.25"), "es") == "-4,25"


def test_the_panel_offers_the_ask_form_to_the_owner_of_a_draft_above_authority(session: Session) -> None:
    rep = staff(session, "rita@example.com", "rep")
    other = staff(session, "otto@example.com", "rep")
    quote = quote_with_jeans(session, rep)
    within = panel(session=session, quote=quote, priced=priced_quote(session=session, quote=quote), me=rep)
    assert within["approval_within"]
    assert not within["approval_can_ask"]
    assert within["approval_verdict"] == []
    key = lines_of(session=session, quote_id=int(quote.id or 0))[0].key
    change_line(session=session, quote_id=int(quote.id or 0), version=quote.version, actor=rep, key=key,
                quantity="1", discount_percent="30")  # fmt: skip
    above = quote_of(session=session, quote_id=int(quote.id or 0))
    priced = priced_quote(session=session, quote=above)
    mine = panel(session=session, quote=above, priced=priced, me=rep)
    assert mine["approval_can_ask"]
    assert not mine["approval_within"]
    assert next(reason.limit for reason in mine["approval_verdict"]) == "discount"
    assert not panel(session=session, quote=above, priced=priced, me=other)["approval_can_ask"]
    html = (
        get_templates()
        .env.get_template("reps/quotes/_approval.html")
        .render(quote=above, priced=priced, me=rep, csrf="ab12", locale="es", url_for=lambda *a, **k: "/x", **mine)
    )
    assert "supera el 8% que un comercial puede dar a un cliente del nivel" in html
    assert 'name="version" value="' + str(above.version) + '"' in html
    assert "Pedir a un responsable comercial" in html
