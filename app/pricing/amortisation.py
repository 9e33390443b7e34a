"""Payment plans: a down payment, then equal monthly instalments by standard amortisation.

Rounding, all in `Decimal` to 50 significant digits and never float:
- down payment = total × down_payment_percent / 100, rounded half-up to minor units;
- the monthly rate r is apr / 12 / 100, kept as the exact fraction apr / 1200;
- instalment A = P·r / (1 − (1 + r)^−n) (A = P / n when apr is 0), rounded half-up;
- each month, interest = balance × r rounded half-up, and the payment is A, but never more
  than balance + interest (so a tiny loan stops early instead of going below zero);
- the last payment is whatever is left (balance + interest), so the balance ends at exactly 0.
Total interest is the sum of the monthly interests; total cost = down payment + payments + fee.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext

from app.catalog.options import PaymentTerms
from app.pricing.breakdown import Instalment, Label, PaymentPlan
from app.pricing.money import PRECISION, percent_of, round_half_up


def instalment_amount(principal: int, apr: Decimal, months: int) -> int:
    """The monthly instalment A for `principal` minor units over `months`, rounded half-up."""
    with localcontext() as context:
        context.prec = PRECISION
        if apr == 0:
            return round_half_up(Decimal(principal) / months)
        rate = apr / 1200
        return round_half_up(principal * rate / (1 - (1 + rate) ** -months))


def monthly_interest(balance: int, apr: Decimal) -> int:
    """A month's interest on `balance` minor units: balance × apr / 1200, rounded half-up."""
    with localcontext() as context:
        context.prec = PRECISION
        return round_half_up(balance * apr / 1200)


def amortise(principal: int, apr: Decimal, months: int) -> list[Instalment]:
    """The monthly schedule paying off `principal` minor units, the last payment absorbing rounding."""
    amount = instalment_amount(principal, apr, months)
    balance = principal
    schedule = []
    for number in range(1, months + 1):
        interest = monthly_interest(balance, apr)
        payment = balance + interest if number == months else min(amount, balance + interest)
        balance -= payment - interest
        schedule.append(
            Instalment(number=number, payment=payment, interest=interest, principal=payment - interest, balance=balance)
        )
    return schedule


def payment_plan(total: int, terms: PaymentTerms, *, attribute: str, option: str, label: Label) -> PaymentPlan:
    """The plan paying `total` minor units on `terms`: down payment, schedule, interest and cost."""
    down_payment = percent_of(total, terms.down_payment_percent)
    financed = total - down_payment
    schedule = amortise(financed, terms.apr, terms.instalments)
    total_interest = sum(row.interest for row in schedule)
    with localcontext() as context:
        context.prec = PRECISION
        monthly_rate = (terms.apr / 1200).quantize(Decimal("1e-12"), rounding=ROUND_HALF_UP)
    return PaymentPlan(
        attribute=attribute,
        option=option,
        label=label,
        amount=total,
        down_payment_percent=terms.down_payment_percent,
        down_payment=down_payment,
        financed=financed,
        instalments=terms.instalments,
        apr=terms.apr,
        monthly_rate=monthly_rate,
        instalment_amount=instalment_amount(financed, terms.apr, terms.instalments),
        schedule=schedule,
        total_interest=total_interest,
        fee=terms.fee,
        total_cost=down_payment + sum(row.payment for row in schedule) + terms.fee,
    )
