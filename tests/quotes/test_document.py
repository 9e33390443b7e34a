"""The quote document: each line in the customer's words, its discounts named, its plan's schedule, no cost."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from app.quotes.document import (
    DocumentChoice,
    DocumentInstalment,
    DocumentPlan,
    PaymentRun,
    QuoteDocument,
    quote_document,
)
from app.quotes.errors import QuoteError
from app.quotes.totals import quote_totals
from tests.quotes.documents import ISSUED, VALID, products, sample_document, sample_quote


def pairs(choices: tuple[DocumentChoice, ...]) -> list[tuple[str, str]]:
    return [(c.attribute, "yes" if c.yes else c.value) for c in choices]


def test_each_line_is_said_in_spanish_in_the_products_step_order() -> None:
    jeans, bike, connectivity = sample_document(locale="es").lines
    assert (jeans.position, jeans.product, jeans.quantity) == (1, "Vaqueros a medida", 2)
    assert pairs(jeans.configuration) == [
        ("Corte de pierna", "Clásico"),
        ("Bajo de la pierna", "Corte bota"),
        ("Cierre", "Botones"),
        ("Holgura", "Normal"),
        ("Cadera", "40 in"),
        ("Cintura", "33 in"),
        ("Largo de entrepierna", "32 in"),
        ("Lavado", "Lavado a la piedra"),
        ("Extras", "Iniciales bordadas"),
        ("Envoltorio de regalo", "yes"),
    ]
    assert (jeans.service, jeans.payment) == ("Plan de cuidado", "3 plazos sin intereses")
    assert ("Accesorios", "Portabultos trasero, Luces") in pairs(bike.configuration)
    assert ("Altura del ciclista", "178 cm") in pairs(bike.configuration)
    assert bike.payment == "Financiación a 24 meses al 7,9 % TAE"
    assert ("Puestos de usuario", "25") in pairs(connectivity.configuration)


def test_portuguese_and_english_say_the_same_line_in_their_words() -> None:
    pt = sample_document(locale="pt").lines[0]
    en = sample_document(locale="en").lines[0]
    assert pt.product == "Calças de ganga à medida"
    assert en.product == "Custom jeans"
    assert ("Gift wrap", "yes") in pairs(en.configuration)
    assert [c.attribute for c in pt.configuration][:2] == ["Corte da perna", "Boca da perna"]


def test_service_and_payment_plans_are_not_repeated_as_configuration() -> None:
    for line in sample_document().lines:
        assert not {"Nivel de servicio", "Plan de pago"} & {c.attribute for c in line.configuration}


def test_discounts_are_named_by_kind_and_add_up_to_the_line() -> None:
    document = sample_document(locale="es")
    jeans, bike, _ = document.lines
    assert [(d.kind, d.names, d.percent) for d in jeans.discounts] == [
        ("catalog", ("Descuento de cliente fiel",), None),
        ("volume", ("Descuento por varios pares",), Decimal(5)),
        ("quote", (), Decimal(2)),
    ]
    assert [(d.kind, d.percent) for d in bike.discounts] == [
        ("catalog", None),
        ("line", Decimal(5)),
        ("quote", Decimal(2)),
    ]
    for line in document.lines:
        assert line.net == line.list - line.discount
        assert line.list == line.unit_list * line.quantity + line.service_fee
    totals = document.totals
    assert totals.net == sum(line.net for line in document.lines) == totals.list - totals.discount
    assert totals.quote_discount_percent == Decimal(2)


def test_the_document_matches_the_quotes_totals_and_shows_no_cost() -> None:
    quote = sample_quote()
    totals = quote_totals(quote)
    document = sample_document()
    assert [(line.list, line.net) for line in document.lines] == [(t.list, t.net) for t in totals.lines]
    assert (document.totals.list, document.totals.net) == (totals.list, totals.net)
    dumped = document.model_dump_json()
    assert 'cost"' not in dumped.replace("total_cost", "")
    assert "margin" not in dumped


def test_each_plan_is_on_the_line_net_with_its_schedule() -> None:
    jeans, bike, connectivity = sample_document().lines
    assert jeans.plan is not None
    assert bike.plan is not None
    assert (jeans.plan.amount, jeans.plan.instalments) == (jeans.net, 3)
    assert sum(row.principal for row in bike.plan.schedule) == bike.net - bike.plan.down_payment
    assert [row.number for row in bike.plan.schedule] == list(range(1, 25))
    assert bike.plan.schedule[-1].balance == 0
    assert connectivity.plan is not None
    assert connectivity.plan.instalments == 1


def plan(*payments: int) -> DocumentPlan:
    rows = tuple(
        DocumentInstalment(number=n, payment=p, interest=0, principal=p, balance=0) for n, p in enumerate(payments, 1)
    )
    total = sum(payments)
    return DocumentPlan(
        label="Plan", amount=total, down_payment_percent=Decimal(0), down_payment=0, instalments=len(rows),
        apr=Decimal(0), instalment_amount=payments[0], fee=0, total_interest=0, total_cost=total, schedule=rows,
    )  # fmt: skip


def test_a_schedule_reads_as_runs_of_equal_payments() -> None:
    assert plan(100, 100, 100, 98).runs() == (
        PaymentRun(first=1, last=3, payment=100),
        PaymentRun(first=4, last=4, payment=98),
    )
    assert plan(5).runs() == (PaymentRun(first=1, last=1, payment=5),)
    assert plan(7, 8, 7).runs() == tuple(PaymentRun(first=n, last=n, payment=p) for n, p in ((1, 7), (2, 8), (3, 7)))


def test_terms_come_from_the_chosen_catalog_options_once_each() -> None:
    document = sample_document(6, locale="es")
    assert [term.label for term in document.services] == [
        "Plan de cuidado",
        "Plan de mantenimiento",
        "Reparación en 4 horas, 24x7",
    ]
    care = document.services[1]
    assert (care.response_hours, care.annual_fee) == (48, 9900)
    assert care.description == "Dos revisiones al año y reparaciones en 48 horas."
    assert [(term.label, term.instalments, term.apr) for term in document.payments] == [
        ("3 plazos sin intereses", 3, Decimal(0)),
        ("Financiación a 24 meses al 7,9 % TAE", 24, Decimal("7.9")),
        ("Pago por adelantado", 1, Decimal(0)),
    ]
    assert document.terms == "Entrega en Calle Mayor 1, Madrid, en dos semanas."


def test_the_identity_of_the_quote_is_kept() -> None:
    document = sample_document()
    assert (document.number, document.revision, document.issued_on, document.valid_until) == (
        "Q-2025-0042",
        2,
        ISSUED,
        VALID,
    )
    assert (document.customer_name, document.contact_name, document.rep_email) == (
        "Ruiz Textiles S.L.",
        "Ana Ruiz",
        "rui.costa@tailor.example",
    )
    assert document.currency == "EUR"


def document_of(**changes: object) -> QuoteDocument:
    quote = sample_quote()
    arguments: dict[str, object] = {
        "quote": quote, "totals": quote_totals(quote), "products": products(), "locale": "es", "number": "Q-1",
        "revision": 1, "issued_on": ISSUED, "valid_until": VALID, "customer_name": "Ana", "rep_name": "Rui",
        "rep_email": "rui@example.com",
    }  # fmt: skip
    return quote_document(**{**arguments, **changes})  # type: ignore[arg-type]


def test_without_the_selection_a_line_is_said_from_its_priced_breakdown() -> None:
    jeans = document_of().lines[0]
    # free choices (a classic fit, a boot cut, the measures) have no line in a breakdown; priced ones do
    assert pairs(jeans.configuration) == [
        ("Cierre", "Botones"),
        ("Lavado", "Lavado a la piedra"),
        ("Extras", "Iniciales bordadas"),
        ("Envoltorio de regalo", "yes"),
    ]


def test_a_line_whose_product_is_missing_is_refused_by_name() -> None:
    with pytest.raises(QuoteError) as raised:
        document_of(products={"jeans": products()["jeans"]})
    assert raised.value.values == {"line": "l2", "product": "bike"}


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValidationError, match="locale"):
        document_of(locale="de")
