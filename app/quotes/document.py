"""A quote document: everything the customer's quote shows, in their language, built from the pure quote.

`quote_document` takes a priced `Quote`, its `QuoteTotals` and the catalog products its lines are
configured on, and says each line the way the customer reads it: the product's label, the
configuration as "Attribute: Option" pairs (numbers per locale with their unit), the service level
and payment plan, the list prices and each discount by name, the line net and the payment plan's
schedule on it. Catalog texts are localized here; Tailor's own words (headings, sentences) are said
by the renderer (`app.services.quotes.pdf`). Money is integer minor units of `currency`, formatted
by the renderer. The document is for the customer: it carries no cost or margin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Literal, TypeVar

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict, Field, field_validator

from app.catalog.attributes import Attribute, Numeric, YesNo
from app.catalog.configuration import Choice
from app.catalog.model import Product
from app.catalog.text import localize
from app.i18n import LOCALES
from app.pricing.breakdown import PaymentPlan
from app.quotes.errors import QuoteError
from app.quotes.lines import LineTotals, QuoteLine
from app.quotes.totals import Quote, QuoteTotals


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentChoice(_Frozen):
    """One configured attribute: its label and the choice in words ("Waist", "32 in"); `yes` for a ticked yes/no."""

    attribute: str
    value: str = ""
    yes: bool = False


class DocumentDiscount(_Frozen):
    """A discount on a line, by kind: the catalog's price rules (`names`), a volume break, the rep's line
    discount (a `percent` or an amount `per_unit`) or the line's share of the quote discount (`percent`)."""

    kind: Literal["catalog", "volume", "line", "quote"]
    amount: int = Field(gt=0)
    names: tuple[str, ...] = ()
    percent: Decimal | None = None
    per_unit: int | None = None


class DocumentInstalment(_Frozen):
    """One monthly payment of a plan: `payment` = `interest` + `principal`; `balance` is left after it."""

    number: int
    payment: int
    interest: int
    principal: int
    balance: int


class PaymentRun(_Frozen):
    """Consecutive monthly payments of the same amount: months `first` to `last`, `payment` each."""

    first: int
    last: int
    payment: int


class DocumentPlan(_Frozen):
    """A line's payment plan on its net: down payment, then `instalments` monthly payments, plus a fee."""

    label: str
    amount: int
    down_payment_percent: Decimal
    down_payment: int
    instalments: int
    apr: Decimal
    instalment_amount: int
    fee: int
    total_interest: int
    total_cost: int
    schedule: tuple[DocumentInstalment, ...]

    def runs(self) -> tuple[PaymentRun, ...]:
        """The schedule as runs of equal payments (months 1-23 at 95.41, month 24 at 95.38), in order."""
        runs: list[PaymentRun] = []
        for row in self.schedule:
            if runs and runs[-1].payment == row.payment and runs[-1].last == row.number - 1:
                runs[-1] = runs[-1].model_copy(update={"last": row.number})
            else:
                runs.append(PaymentRun(first=row.number, last=row.number, payment=row.payment))
        return tuple(runs)


class DocumentLine(_Frozen):
    """A line as the customer reads it.

    `list` = `unit_list` × `quantity` + `service_fee`; `net` = `list` − the discounts' amounts.
    """

    position: int
    product: str
    configuration: tuple[DocumentChoice, ...]
    service: str | None
    payment: str | None
    quantity: int
    unit_list: int
    service_fee: int
    list: int
    discounts: tuple[DocumentDiscount, ...]
    net: int
    plan: DocumentPlan | None

    @property
    def discount(self) -> int:
        return sum(discount.amount for discount in self.discounts)


class DocumentTotals(_Frozen):
    """The quote's money for the customer: list, each discount kind and net (never cost or margin)."""

    list: int
    catalog_discount: int
    volume_discount: int
    line_discount: int
    quote_discount: int
    quote_discount_percent: Decimal | None
    net: int

    @property
    def discount(self) -> int:
        return self.catalog_discount + self.volume_discount + self.line_discount + self.quote_discount


class ServiceTerm(_Frozen):
    """What a chosen service level promises, from its catalog option."""

    label: str
    description: str
    response_hours: int
    annual_fee: int


class PaymentTerm(_Frozen):
    """How a chosen payment plan is paid, from its catalog option (`apr` and down payment in percent)."""

    label: str
    description: str
    instalments: int
    apr: Decimal
    fee: int
    down_payment_percent: Decimal


class QuoteDocument(_Frozen):
    """A quote revision as sent to the customer, in `locale`; money in minor units of `currency`."""

    number: str = Field(min_length=1, max_length=64)
    revision: int = Field(ge=1)
    issued_on: date
    valid_until: date
    locale: str
    currency: str
    customer_name: str = Field(min_length=1)
    contact_name: str | None = None
    rep_name: str
    rep_email: str
    lines: tuple[DocumentLine, ...] = Field(min_length=1)
    totals: DocumentTotals
    services: tuple[ServiceTerm, ...] = ()
    payments: tuple[PaymentTerm, ...] = ()
    terms: str = ""

    @field_validator("locale")
    @classmethod
    def _known_locale(cls, locale: str) -> str:
        if locale not in LOCALES:
            raise ValueError(f"a document is written in one of {', '.join(LOCALES)}")
        return locale


Term = TypeVar("Term", ServiceTerm, PaymentTerm)


def quote_document(
    *,
    quote: Quote,
    totals: QuoteTotals,
    products: Mapping[str, Product],
    locale: str,
    number: str,
    revision: int,
    issued_on: date,
    valid_until: date,
    customer_name: str,
    rep_name: str,
    rep_email: str,
    contact_name: str | None = None,
    choices: Mapping[str, Mapping[str, Choice]] | None = None,
    terms: str = "",
) -> QuoteDocument:
    """The document of `quote` priced as `totals`, in `locale`.

    `products` are the catalog products by id (raises `QuoteError` for a line whose product is
    missing); `choices` are each line's configured choices by line key (the whole selection; a line
    without them is said from its priced breakdown, which leaves out unpriced choices).
    """
    lines = tuple(
        _line(
            position, line, line_totals, _product(products, line), quote, totals, locale, (choices or {}).get(line.key)
        )
        for position, (line, line_totals) in enumerate(zip(quote.lines, totals.lines, strict=True), start=1)
    )
    return QuoteDocument(
        number=number,
        revision=revision,
        issued_on=issued_on,
        valid_until=valid_until,
        locale=locale,
        currency=totals.currency,
        customer_name=customer_name,
        contact_name=contact_name,
        rep_name=rep_name,
        rep_email=rep_email,
        lines=lines,
        totals=DocumentTotals(
            list=totals.list,
            catalog_discount=totals.catalog_discount,
            volume_discount=totals.volume_discount,
            line_discount=totals.line_discount,
            quote_discount=totals.quote_discount,
            quote_discount_percent=quote.discount_percent,
            net=totals.net,
        ),
        services=_unique(_service_term(line, products[line.product], locale) for line in quote.lines),
        payments=_unique(_payment_term(line, products[line.product], locale) for line in quote.lines),
        terms=terms.strip(),
    )


def _product(products: Mapping[str, Product], line: QuoteLine) -> Product:
    found = products.get(line.product)
    if found is None:
        raise QuoteError(
            "Line {line}: product {product} is not in the quote's catalogs.", line=line.key, product=line.product
        )
    return found


def _line(
    position: int,
    line: QuoteLine,
    totals: LineTotals,
    product: Product,
    quote: Quote,
    quote_totals: QuoteTotals,
    locale: str,
    chosen: Mapping[str, Choice] | None,
) -> DocumentLine:
    breakdown = line.breakdown
    return DocumentLine(
        position=position,
        product=localize(product.label, locale) or product.id,
        configuration=configuration_words(product, chosen if chosen is not None else line.choices(), locale),
        service=localize(breakdown.service.label, locale) if breakdown.service else None,
        payment=localize(breakdown.payment.label, locale) if breakdown.payment else None,
        quantity=line.quantity,
        unit_list=line.unit_list,
        service_fee=line.service_fee,
        list=totals.list,
        discounts=_discounts(line, totals, product, quote, quote_totals, locale),
        net=totals.net,
        plan=_plan(totals.payment, locale),
    )


def configuration_words(product: Product, chosen: Mapping[str, object], locale: str) -> tuple[DocumentChoice, ...]:
    """The configured attributes in the product's step order, said in `locale`; service and payment
    plans, options that leave something out and a yes/no answered no are not listed."""
    said = (_said(attribute, chosen.get(attribute.id), locale) for attribute in product.attributes())
    return tuple(choice for choice in said if choice is not None)


def _said(attribute: Attribute, choice: object, locale: str) -> DocumentChoice | None:
    if choice is None or choice == "" or getattr(attribute, "role", None) is not None:
        return None
    name = localize(attribute.label, locale) or attribute.id
    picked = [str(c) for c in choice] if isinstance(choice, list | tuple | set | frozenset) else [str(choice)]
    if isinstance(attribute, YesNo):
        return DocumentChoice(attribute=name, yes=True) if "yes" in picked else None
    if isinstance(attribute, Numeric):
        unit = f" {attribute.unit}" if attribute.unit else ""
        return DocumentChoice(attribute=name, value=f"{format_decimal(Decimal(picked[0]), locale=locale)}{unit}")
    options = {option.id: option for option in getattr(attribute, "options", [])}
    words = [
        localize(options[c].label, locale) or c if c in options else c
        for c in picked
        if not (c in options and options[c].none)
    ]
    return DocumentChoice(attribute=name, value=", ".join(words)) if words else None


def _discounts(
    line: QuoteLine, totals: LineTotals, product: Product, quote: Quote, quote_totals: QuoteTotals, locale: str
) -> tuple[DocumentDiscount, ...]:
    rules = tuple(localize(rule.label, locale) or rule.id for rule in line.breakdown.price_rules)
    volume = next((v for v in quote_totals.volumes if v.product == line.product), None)
    labels = {rule.id: localize(rule.label, locale) or rule.id for rule in product.price_rules}
    own = line.discount
    found = [
        ("catalog", totals.catalog_discount, rules, None, None),
        ("volume", totals.volume_discount, (labels.get(volume.rule, volume.rule),) if volume else (),
         volume.percent if volume else None, None),
        ("line", totals.line_discount, (), own.percent if own else None, own.amount_per_unit if own else None),
        ("quote", totals.quote_discount, (), quote.discount_percent, None),
    ]  # fmt: skip
    return tuple(
        DocumentDiscount(kind=kind, amount=amount, names=names, percent=percent, per_unit=per_unit)
        for kind, amount, names, percent, per_unit in found
        if amount > 0
    )


def _plan(plan: PaymentPlan | None, locale: str) -> DocumentPlan | None:
    if plan is None:
        return None
    return DocumentPlan(
        label=localize(plan.label, locale) or plan.option,
        amount=plan.amount,
        down_payment_percent=plan.down_payment_percent,
        down_payment=plan.down_payment,
        instalments=plan.instalments,
        apr=plan.apr,
        instalment_amount=plan.instalment_amount,
        fee=plan.fee,
        total_interest=plan.total_interest,
        total_cost=plan.total_cost,
        schedule=tuple(
            DocumentInstalment(
                number=i.number, payment=i.payment, interest=i.interest, principal=i.principal, balance=i.balance
            )
            for i in plan.schedule
        ),
    )


def _description(product: Product, attribute_id: str, option_id: str, locale: str) -> str:
    attribute = product.attribute_index.get(attribute_id)
    options = {option.id: option for option in getattr(attribute, "options", [])}
    option = options.get(option_id)
    return localize(option.description, locale) if option is not None else ""


def _service_term(line: QuoteLine, product: Product, locale: str) -> ServiceTerm | None:
    service = line.breakdown.service
    if service is None:
        return None
    return ServiceTerm(
        label=localize(service.label, locale) or service.option,
        description=_description(product, service.attribute, service.option, locale),
        response_hours=service.response_hours,
        annual_fee=service.annual_fee,
    )


def _payment_term(line: QuoteLine, product: Product, locale: str) -> PaymentTerm | None:
    plan = line.breakdown.payment
    if plan is None:
        return None
    return PaymentTerm(
        label=localize(plan.label, locale) or plan.option,
        description=_description(product, plan.attribute, plan.option, locale),
        instalments=plan.instalments,
        apr=plan.apr,
        fee=plan.fee,
        down_payment_percent=plan.down_payment_percent,
    )


def _unique(terms: Iterable[Term | None]) -> tuple[Term, ...]:
    """The terms once each, in the order of the lines that chose them."""
    return tuple(dict.fromkeys(term for term in terms if term is not None))
