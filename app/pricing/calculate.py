"""`price()`: the price of a selection on a date, for a customer, line by line.

Order of application (all money in integer minor units of the catalog currency):
1. the goods, per unit: the product's base price, each chosen priced option at its price in
   force on the context date, and each numeric attribute's formula lines; the unit subtotal
   is their sum, and every line and the subtotal are multiplied by the quantity;
2. the price rules in force on the date, in document order, each on what the ones before it
   left (see `app.pricing.rules`): by default the goods only; the service fee only when a
   rule targets the service attribute;
3. the service fee: the chosen service level's first-year annual fee, charged once per order
   with it and included in the total;
4. the total = discounted goods + (discounted) service fee;
5. the margin = total − (unit cost × quantity + the service's first-year cost);
6. the payment plan, on the total (see `app.pricing.amortisation`).
"""

from __future__ import annotations

from typing import Literal, NamedTuple

from app.catalog.configuration import Context, Selection
from app.catalog.model import Catalog, Product
from app.catalog.options import Option, ServiceTerms
from app.catalog.selection import Chosen, ResolvedSelection, SelectionError, as_choices, resolve_selection
from app.errors import NotFoundError
from app.pricing.amortisation import payment_plan
from app.pricing.breakdown import Margin, PaymentPlan, PriceBreakdown, ServiceFee
from app.pricing.errors import PricingError, PricingNotFoundError
from app.pricing.lines import goods_lines, goods_unit_cost
from app.pricing.money import ratio_percent
from app.pricing.rules import Bucket, apply_price_rules


class _Picked(NamedTuple):
    """The chosen option of a service or payment attribute."""

    attribute: str
    option: Option


def price(catalog: Catalog, selection: Selection | ResolvedSelection, context: Context) -> PriceBreakdown:
    """Price a complete or partial selection; raises `PricingError` for anything unknown or out of range.

    A `ResolvedSelection` was checked when it was parsed (on the context's date) and is not checked again.
    """
    resolved = selection if isinstance(selection, ResolvedSelection) else _resolved(catalog, selection, context)
    product, chosen, quantity = resolved.product, list(resolved.chosen), resolved.quantity
    lines = goods_lines(product, chosen, quantity, context.on)
    service = _picked(chosen, "service")
    line_buckets = [Bucket(line.attribute, False, line.amount) for line in lines]
    fee_buckets = [Bucket(service.attribute, True, _service_terms(service).annual_fee)] if service else []
    applied = apply_price_rules(
        product.price_rules, line_buckets + fee_buckets, choices=as_choices(chosen), context=context, quantity=quantity
    )
    lines = [line.model_copy(update={"net_amount": b.remaining}) for line, b in zip(lines, line_buckets, strict=True)]
    total = sum(bucket.remaining for bucket in line_buckets + fee_buckets)
    return PriceBreakdown(
        currency=catalog.currency,
        product=product.id,
        on=context.on,
        quantity=quantity,
        lines=lines,
        unit_subtotal=sum(line.unit_price for line in lines),
        subtotal=sum(line.amount for line in lines),
        price_rules=applied,
        discount=sum(rule.discount for rule in applied),
        service=_service_fee(service, fee_buckets[0].remaining) if service else None,
        total=total,
        margin=_margin(product, chosen, quantity, service, total),
        payment=_payment(chosen, total),
    )


def _resolved(catalog: Catalog, selection: Selection, context: Context) -> ResolvedSelection:
    """The selection checked against the catalog on the context's date, its errors as pricing errors."""
    try:
        return resolve_selection(catalog, selection, context.on)
    except SelectionError as error:
        kind = PricingNotFoundError if isinstance(error, NotFoundError) else PricingError
        raise kind(error.template, **error.values) from None


def _picked(chosen: list[Chosen], role: Literal["service", "payment"]) -> _Picked | None:
    """The one chosen option carrying `role` terms (None when there is none)."""
    found = [
        _Picked(item.attribute.id, option)
        for item in chosen
        for option in item.options
        if getattr(option, role) is not None
    ]
    assert len(found) <= 1, "the catalog check allows one one-of attribute per role"
    return found[0] if found else None


def _service_terms(service: _Picked) -> ServiceTerms:
    assert service.option.service is not None
    return service.option.service


def _service_fee(service: _Picked, net_amount: int) -> ServiceFee:
    terms = _service_terms(service)
    return ServiceFee(
        attribute=service.attribute,
        option=service.option.id,
        label=service.option.label or service.option.id,
        response_hours=terms.response_hours,
        annual_fee=terms.annual_fee,
        net_amount=net_amount,
    )


def _margin(product: Product, chosen: list[Chosen], quantity: int, service: _Picked | None, revenue: int) -> Margin:
    unit_cost = goods_unit_cost(product, chosen)
    service_cost = _service_terms(service).annual_cost if service else 0
    cost = unit_cost * quantity + service_cost
    return Margin(
        revenue=revenue,
        goods_unit_cost=unit_cost,
        goods_cost=unit_cost * quantity,
        service_cost=service_cost,
        cost=cost,
        amount=revenue - cost,
        percent=ratio_percent(revenue - cost, revenue),
    )


def _payment(chosen: list[Chosen], total: int) -> PaymentPlan | None:
    plan = _picked(chosen, "payment")
    if plan is None:
        return None
    assert plan.option.payment is not None
    label = plan.option.label or plan.option.id
    return payment_plan(total, plan.option.payment, attribute=plan.attribute, option=plan.option.id, label=label)
