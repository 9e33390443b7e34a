"""The quote PDF: a real PDF whose text says the quote in the customer's language, money to the cent."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from app.services.quotes.pdf import quote_html, quote_pdf
from tests.quotes.documents import sample_document


def pdf_text(pdf: bytes) -> str:
    """The PDF's text, line breaks and runs of spaces made one space (no-break spaces kept, as Babel writes them)."""
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"[ \n]+", " ", " ".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def spanish() -> bytes:
    return quote_pdf(sample_document(locale="es"))


@pytest.fixture(scope="module")
def spanish_text(spanish: bytes) -> str:
    return pdf_text(spanish)


def test_it_is_a_pdf_titled_with_the_quote_number(spanish: bytes) -> None:
    assert spanish.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(spanish))
    assert len(reader.pages) >= 1
    assert reader.metadata is not None
    assert reader.metadata.title == "Presupuesto Q-2025-0042"
    assert reader.metadata.author == "Rui Costa"


def test_it_names_the_customer_the_rep_and_the_revision(spanish_text: str) -> None:
    for said in (
        "Ruiz Textiles S.L.",
        "A la atención de Ana Ruiz",
        "Rui Costa",
        "rui.costa@tailor.example",
        "Número Q-2025-0042",
        "Revisión 2",
        "Fecha de emisión 2 de mayo de 2025",
    ):
        assert said in spanish_text


def test_each_lines_configuration_is_in_spanish_words(spanish_text: str) -> None:
    for said in (
        "Vaqueros a medida",
        "Corte de pierna: Clásico",
        "Cintura: 33 in",
        "Extras: Iniciales bordadas",
        "Envoltorio de regalo: Sí",
        "Bicicleta a medida",
        "Accesorios: Portabultos trasero, Luces",
        "Altura del ciclista: 178 cm",
        "Paquete de conectividad para empresas",
        "Puestos de usuario: 25",
        "Nivel de servicio: Plan de mantenimiento",
        "Plan de pago: Financiación a 24 meses al 7,9 % TAE",
    ):
        assert said in spanish_text


def test_prices_and_discounts_are_spanish_money_to_the_cent(spanish_text: str) -> None:
    for said in (
        "2 111,50\xa0€ 238,00\xa0€",  # quantity, unit price, amount of the jeans
        "1 2.315,00\xa0€ 2.414,00\xa0€",
        "Descuento del catálogo (Descuento de cliente fiel) −185,20\xa0€",
        "Descuento por volumen (Descuento por varios pares, 5\xa0%) −10,04\xa0€",
        "Su descuento del 5\xa0% −106,49\xa0€",
        "Parte del descuento del presupuesto del 2\xa0% −40,47\xa0€",
        "Total de la línea 2.081,84\xa0€",
        "Precio de tarifa 8.524,00\xa0€",
        "Total 7.479,80\xa0€",
    ):
        assert said in spanish_text
    assert "margen" not in spanish_text.lower()


def test_the_schedule_of_each_plan_is_printed(spanish_text: str) -> None:
    for said in (
        "Línea 2: Financiación a 24 meses al 7,9 % TAE",
        "24 cuotas mensuales de 94,06\xa0€ al 7,9\xa0% TAE. Intereses: 175,64\xa0€.",
        "Meses 1 a 23, cada uno 94,06\xa0€",
        "Mes 24 94,10\xa0€",
        "Coste total 2.257,48\xa0€",
        "3 cuotas mensuales sin intereses de 67,28\xa0€.",
        "Comisión del plan 1,95\xa0€",
    ):
        assert said in spanish_text


def test_validity_and_terms_close_the_quote(spanish_text: str) -> None:
    for said in (
        "Este presupuesto es válido hasta el 1 de junio de 2025.",
        "Plan de mantenimiento: respondemos en 48 horas; 99,00\xa0€ al año",
        "Dos revisiones al año y reparaciones en 48 horas.",
        "3 plazos sin intereses: 3 cuotas mensuales sin intereses más una comisión de 1,95\xa0€.",
        "Pago por adelantado: pago completo con el pedido.",
        "Entrega en Calle Mayor 1, Madrid, en dos semanas.",
    ):
        assert said in spanish_text


def test_an_english_customer_reads_english_money() -> None:
    html = quote_html(sample_document(locale="en"))
    assert '<html lang="en">' in html
    assert "Your discount of 5%" in html
    assert "€7,479.80" in html
    assert "This quote is valid until 1 June 2025." in html


def test_a_portuguese_customer_reads_portuguese_money() -> None:
    html = quote_html(sample_document(locale="pt"))
    assert "O seu desconto de 5%" in html
    assert "7\xa0479,80\xa0€" in html


def test_the_page_fetches_nothing() -> None:
    html = quote_html(sample_document())
    assert not re.search(r"<(link|img|script)\b|\bsrc=|url\(", html)


def test_a_plain_quote_leaves_out_what_it_does_not_have() -> None:
    plain = sample_document(1, locale="en", line_percent=None, quote_percent=None)
    html = quote_html(plain.model_copy(update={"contact_name": None, "terms": ""}))
    assert "Quote discount" not in html
    assert "Your discount" not in html
    assert "For the attention of" not in html
    assert "3 interest-free monthly payments of" in html


def test_names_are_escaped() -> None:
    document = sample_document().model_copy(update={"customer_name": "Ruiz & <Hijos>"})
    assert "Ruiz &amp; &lt;Hijos&gt;" in quote_html(document)
