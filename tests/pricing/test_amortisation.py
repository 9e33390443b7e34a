"""Payment plans checked against schedules computed by hand, row by row."""

from __future__ import annotations

from decimal import Decimal

from app.catalog.options import PaymentTerms
from app.pricing.amortisation import amortise, instalment_amount, monthly_interest, payment_plan

# 1,000.00 EUR at 12 % APR over 12 months: r = 1 % a month, A = 100000 × 0.01 / (1 − 1.01^−12)
# = 8884.88... -> 88.85. Each row: interest = balance × 1 % rounded half-up (921.15 -> 9.21,
# 841.51 -> 8.42, ...), principal = 88.85 − interest; the last payment is the balance left plus
# its interest (87.96 + 0.88 -> 88.84), so the balance ends at exactly 0.
HAND_SCHEDULE = [
    # number, payment, interest, principal, balance
    (1, 8885, 1000, 7885, 92115),
    (2, 8885, 921, 7964, 84151),
    (3, 8885, 842, 8043, 76108),
    (4, 8885, 761, 8124, 67984),
    (5, 8885, 680, 8205, 59779),
    (6, 8885, 598, 8287, 51492),
    (7, 8885, 515, 8370, 43122),
    (8, 8885, 431, 8454, 34668),
    (9, 8885, 347, 8538, 26130),
    (10, 8885, 261, 8624, 17506),
    (11, 8885, 175, 8710, 8796),
    (12, 8884, 88, 8796, 0),
]


def _rows(principal: int, apr: str, months: int) -> list[tuple[int, int, int, int, int]]:
    return [
        (r.number, r.payment, r.interest, r.principal, r.balance) for r in amortise(principal, Decimal(apr), months)
    ]


def test_instalment_by_standard_amortisation() -> None:
    assert instalment_amount(100000, Decimal(12), 12) == 8885


def test_schedule_matches_the_hand_computed_one() -> None:
    assert _rows(100000, "12", 12) == HAND_SCHEDULE
    assert sum(row[2] for row in HAND_SCHEDULE) == 6619


def test_interest_rounds_half_up() -> None:
    assert monthly_interest(50, Decimal(12)) == 1  # 0.50 cent
    assert monthly_interest(49, Decimal(12)) == 0  # 0.49 cent


def test_an_apr_with_an_endless_monthly_rate_keeps_the_exact_fraction() -> None:
    # 7.9 % / 12 = 0.658333...% a month: 30000 × 7.9 / 1200 = 197.5 exactly, a tie that rounds up.
    assert monthly_interest(30000, Decimal("7.9")) == 198


def test_zero_apr_splits_evenly_and_the_last_payment_absorbs_the_rounding() -> None:
    assert instalment_amount(5300, Decimal(0), 3) == 1767
    assert _rows(5300, "0", 3) == [(1, 1767, 0, 1767, 3533), (2, 1767, 0, 1767, 1766), (3, 1766, 0, 1766, 0)]


def test_a_tiny_loan_stops_early_instead_of_going_negative() -> None:
    assert [row[1] for row in _rows(6, "0", 10)] == [1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert _rows(6, "0", 10)[-1][4] == 0


def test_nothing_financed() -> None:
    assert _rows(0, "12", 3) == [(1, 0, 0, 0, 0), (2, 0, 0, 0, 0), (3, 0, 0, 0, 0)]


def test_plan_with_a_down_payment() -> None:
    # 20 % of 51.99 = 10.398 -> 10.40 down; 41.59 financed at 1 % a month: A = 3.6952... -> 3.70.
    terms = PaymentTerms(instalments=12, apr=Decimal(12), down_payment_percent=Decimal(20))
    plan = payment_plan(5199, terms, attribute="plan", option="down20", label="Down")
    assert (plan.amount, plan.down_payment, plan.financed, plan.instalment_amount) == (5199, 1040, 4159, 370)
    assert (plan.schedule[-1].payment, plan.total_interest, plan.total_cost) == (364, 275, 5474)
    assert sum(row.principal for row in plan.schedule) == plan.financed
    assert plan.monthly_rate == Decimal("0.010000000000")


def test_interest_free_plan_with_a_fee() -> None:
    plan = payment_plan(5300, PaymentTerms(instalments=3, fee=500), attribute="plan", option="free", label="Free")
    assert [row.payment for row in plan.schedule] == [1767, 1767, 1766]
    assert (plan.total_interest, plan.fee, plan.total_cost, plan.down_payment) == (0, 500, 5800, 0)
