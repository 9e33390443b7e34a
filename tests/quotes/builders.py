"""Small builders for quote tests: a unit price breakdown made directly, with exact numbers."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from app.catalog.options import PaymentTerms
from app.catalog.price_rules import Volume, VolumeBreak
from app.pricing.amortisation import payment_plan
from app.pricing.breakdown import Margin, PriceBreakdown, PriceLine, ServiceFee
from app.quotes.lines import LineDiscount, QuoteLine

ON = date(2026, 5, 1)


def unit(
    base: int,
    options: dict[str, tuple[str, int]] | None = None,
    *,
    product: str = "jeans",
    currency: str = "EUR",
    catalog_discount: int = 0,
    unit_cost: int = 0,
    service: tuple[int, int] | None = None,
    plan_months: int | None = None,
) -> PriceBreakdown:
    """One unit of `product`: a base line, option lines `{attribute: (option, price)}`, the first line
    lowered by `catalog_discount`; `service` = (annual fee, annual cost); a 0 % plan of `plan_months`."""
    lines = [PriceLine(kind="base", label=product, unit_price=base, amount=base, net_amount=base - catalog_discount)]
    for attribute, (option, amount) in (options or {}).items():
        lines.append(
            PriceLine(
                kind="option",
                attribute=attribute,
                option=option,
                label=option,
                unit_price=amount,
                amount=amount,
                net_amount=amount,
            )
        )
    fee, fee_cost = service or (0, 0)
    subtotal = sum(line.amount for line in lines)
    total = subtotal - catalog_discount + fee
    terms = PaymentTerms(instalments=plan_months) if plan_months else None
    return PriceBreakdown(
        currency=currency,
        product=product,
        on=ON,
        quantity=1,
        lines=lines,
        unit_subtotal=subtotal,
        subtotal=subtotal,
        price_rules=[],
        discount=catalog_discount,
        service=ServiceFee(
            attribute="care", option="pro", label="Pro", response_hours=24, annual_fee=fee, net_amount=fee
        )
        if service
        else None,
        total=total,
        margin=Margin(
            revenue=total,
            goods_unit_cost=unit_cost,
            goods_cost=unit_cost,
            service_cost=fee_cost,
            cost=unit_cost + fee_cost,
            amount=total - unit_cost - fee_cost,
            percent=None,
        ),
        payment=payment_plan(total, terms, attribute="plan", option="p", label="Plan") if terms else None,
    )


def line(
    key: str,
    breakdown: PriceBreakdown,
    quantity: int = 1,
    *,
    percent: str | None = None,
    per_unit: int | None = None,
) -> QuoteLine:
    discount = None
    if percent is not None or per_unit is not None:
        discount = LineDiscount(percent=Decimal(percent) if percent else None, amount_per_unit=per_unit)
    return QuoteLine(key=key, breakdown=breakdown, quantity=quantity, discount=discount)


def volume(*breaks: tuple[int, str], rule: str = "bulk", targets: list[str] | None = None) -> Volume:
    """A catalog volume rule with `(min_quantity, percent)` breaks."""
    return Volume(
        kind="volume",
        id=rule,
        label="Bulk",
        targets=targets,
        breaks=[VolumeBreak(min_quantity=q, percent=Decimal(p)) for q, p in breaks],
    )
