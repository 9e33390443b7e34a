"""BG/NBD and Gamma-Gamma: the published CDNOW fits, plain-Python oracles, and input errors.

The CDNOW sample is read as data from the installed `lifetimes` distribution; its code is never
imported. The oracles re-implement the papers' formulas with `math` only: the likelihoods with
`math.lgamma`, eq. 10 as printed (no Euler transformation) with a direct series for 2F1.
"""

from __future__ import annotations

import csv
import importlib.metadata
import math
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from app.value.lifetime import (
    BgNbd,
    GammaGamma,
    ValueInputError,
    fit_bgnbd,
    fit_gamma_gamma,
    lifetime_value,
)

PUBLISHED_BGNBD = BgNbd(r=0.243, alpha=4.414, a=0.793, b=2.426)
PUBLISHED_GG = GammaGamma(p=6.25, q=3.74, gamma=15.44)
Rfm = tuple[list[float], list[float], list[float]]
CUSTOMERS: list[tuple[float, float, float]] = [
    (0, 0.0, 38.86),
    (1, 1.71, 38.86),
    (2, 30.43, 38.86),
    (7, 29.43, 38.86),
    (10, 34.14, 38.86),
    (3, 5.0, 20.0),
]
"""(frequency, recency, T) in weeks: CDNOW customers 3, 2, 1, 6, 17 and one made up."""


def dataset(name: str) -> dict[str, list[float]]:
    """A CDNOW file of the lifetimes distribution, column by column (skip when it is not installed)."""
    try:
        distribution = importlib.metadata.distribution("lifetimes")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the lifetimes distribution (source of the CDNOW data files) is not installed")
    path = Path(str(distribution.locate_file(f"lifetimes/datasets/{name}")))
    if not path.is_file():
        pytest.skip(f"the CDNOW data file {path} is missing")
    with path.open(newline="") as file:
        rows = list(csv.DictReader(file))
    return {column: [float(row[column]) for row in rows] for column in rows[0]}


@pytest.fixture(scope="module")
def summary() -> dict[str, list[float]]:
    return dataset("cdnow_customers_summary.csv")


@pytest.fixture(scope="module")
def spend() -> dict[str, list[float]]:
    """x (repeat purchases) and zbar (their mean value, dollars) of the 2357 CDNOW customers."""
    return dataset("cdnow_customers_summary_with_transactions.csv")


@pytest.fixture(scope="module")
def bgnbd(summary: dict[str, list[float]]) -> BgNbd:
    return fit_bgnbd(summary["frequency"], summary["recency"], summary["T"])


@pytest.fixture(scope="module")
def gg(spend: dict[str, list[float]]) -> GammaGamma:
    return fit_gamma_gamma(spend["x"], spend["zbar"])


def test_fit_bgnbd_reproduces_cdnow(summary: dict[str, list[float]], bgnbd: BgNbd) -> None:
    assert len(summary["frequency"]) == 2357
    for name in ("r", "alpha", "a", "b"):
        assert abs(getattr(bgnbd, name) - getattr(PUBLISHED_BGNBD, name)) < 0.001, name


def test_fit_gamma_gamma_reproduces_cdnow(spend: dict[str, list[float]], gg: GammaGamma) -> None:
    assert sum(x > 0 for x in spend["x"]) == 946
    for name in ("p", "q", "gamma"):
        assert abs(getattr(gg, name) - getattr(PUBLISHED_GG, name)) < 0.01, name


@pytest.mark.parametrize("factor", [0.99, 1.01])
def test_bgnbd_optimum_beats_perturbed_parameters(summary: dict[str, list[float]], bgnbd: BgNbd, factor: float) -> None:
    data = (summary["frequency"], summary["recency"], summary["T"])
    best = bgnbd.log_likelihood(*data).sum()
    for name in ("r", "alpha", "a", "b"):
        moved = BgNbd(**{**vars(bgnbd), name: getattr(bgnbd, name) * factor})
        assert moved.log_likelihood(*data).sum() < best, name


@pytest.mark.parametrize("factor", [0.99, 1.01])
def test_gamma_gamma_optimum_beats_perturbed_parameters(
    spend: dict[str, list[float]], gg: GammaGamma, factor: float
) -> None:
    best = gg.log_likelihood(spend["x"], spend["zbar"]).sum()
    for name in ("p", "q", "gamma"):
        moved = GammaGamma(**{**vars(gg), name: getattr(gg, name) * factor})
        assert moved.log_likelihood(spend["x"], spend["zbar"]).sum() < best, name


def test_fit_takes_the_data_time_unit(summary: dict[str, list[float]], bgnbd: BgNbd) -> None:
    days = fit_bgnbd(summary["frequency"], [7 * t for t in summary["recency"]], [7 * t for t in summary["T"]])
    assert days.alpha == pytest.approx(7 * bgnbd.alpha, rel=1e-4)
    assert (days.r, days.a, days.b) == pytest.approx((bgnbd.r, bgnbd.a, bgnbd.b), rel=1e-4)


def lbeta(u: float, v: float) -> float:
    return math.lgamma(u) + math.lgamma(v) - math.lgamma(u + v)


def plain_bgnbd_log_likelihood(model: BgNbd, x: float, t_x: float, age: float) -> float:
    """Eq. 6 of the BG/NBD paper."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    head = math.lgamma(r + x) - math.lgamma(r) + r * math.log(alpha) - lbeta(a, b)
    still = math.exp(head + lbeta(a, b + x) - (r + x) * math.log(alpha + age))
    gone = math.exp(head + lbeta(a + 1, b + x - 1) - (r + x) * math.log(alpha + t_x)) if x > 0 else 0.0
    return math.log(still + gone)


def series_2f1(a: float, b: float, c: float, z: float) -> float:
    """Gauss's hypergeometric series, summed until the terms stop mattering (|z| < 1)."""
    term = total = 1.0
    for n in range(100_000):
        term *= (a + n) * (b + n) / ((c + n) * (n + 1)) * z
        total += term
        if abs(term) < 1e-17 * abs(total):
            return total
    raise AssertionError("the series did not converge")


def plain_alive(model: BgNbd, x: float, t_x: float, age: float) -> float:
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    return 1 / (1 + (a / (b + x - 1) * ((alpha + age) / (alpha + t_x)) ** (r + x) if x > 0 else 0.0))


def plain_expected(model: BgNbd, t: float, x: float, t_x: float, age: float) -> float:
    """Eq. 10 as printed."""
    r, alpha, a, b = model.r, model.alpha, model.a, model.b
    hyper = series_2f1(r + x, b + x, a + b + x - 1, t / (alpha + age + t))
    body = 1 - ((alpha + age) / (alpha + age + t)) ** (r + x) * hyper
    return float((a + b + x - 1) / (a - 1) * body * plain_alive(model, x, t_x, age))


def columns(customers: list[tuple[float, float, float]]) -> Rfm:
    return [c[0] for c in customers], [c[1] for c in customers], [c[2] for c in customers]


def test_log_likelihood_matches_plain_python() -> None:
    got = PUBLISHED_BGNBD.log_likelihood(*columns(CUSTOMERS))
    want = [plain_bgnbd_log_likelihood(PUBLISHED_BGNBD, *customer) for customer in CUSTOMERS]
    assert got == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize("t", [1.0, 39.0, 78.0])
def test_expected_purchases_match_plain_python(t: float) -> None:
    got = PUBLISHED_BGNBD.expected_purchases(t, *columns(CUSTOMERS))
    want = [plain_expected(PUBLISHED_BGNBD, t, *customer) for customer in CUSTOMERS]
    assert got == pytest.approx(want, rel=1e-9)


def test_expected_purchases_of_cdnow_customer_1_as_published() -> None:
    """The paper's example: x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks."""
    assert PUBLISHED_BGNBD.expected_purchases(39, [2], [30.43], [38.86])[0] == pytest.approx(1.226, abs=5e-4)
    assert PUBLISHED_BGNBD.expected_purchases(0, [2], [30.43], [38.86])[0] == 0


def test_probability_alive() -> None:
    got = PUBLISHED_BGNBD.probability_alive(*columns(CUSTOMERS))
    assert got == pytest.approx([plain_alive(PUBLISHED_BGNBD, *customer) for customer in CUSTOMERS], rel=1e-12)
    assert PUBLISHED_BGNBD.probability_alive([0, 0], [0, 0], [1, 100]).tolist() == [1.0, 1.0]
    assert ((got > 0) & (got <= 1)).all()


def plain_gg_log_likelihood(model: GammaGamma, x: float, m: float) -> float:
    p, q, gamma = model.p, model.q, model.gamma
    head = math.lgamma(p * x + q) - math.lgamma(p * x) - math.lgamma(q) + q * math.log(gamma)
    return head + (p * x - 1) * math.log(m) + p * x * math.log(x) - (p * x + q) * math.log(gamma + m * x)


def test_gamma_gamma_log_likelihood_matches_plain_python() -> None:
    x, m = [0, 1, 2, 7], [0.0, 11.77, 22.35, 73.74]
    got = PUBLISHED_GG.log_likelihood(x, m)
    assert got == pytest.approx(
        [plain_gg_log_likelihood(PUBLISHED_GG, *c) for c in zip(x[1:], m[1:], strict=True)], rel=1e-12
    )


def test_expected_spend_weighs_population_mean_against_own_mean() -> None:
    p, q, gamma = PUBLISHED_GG.p, PUBLISHED_GG.q, PUBLISHED_GG.gamma
    population = p * gamma / (q - 1)
    x, m = np.array([0, 1, 5, 50]), np.array([0.0, 11.77, 30.0, 80.0])
    weight = (q - 1) / (p * x + q - 1)
    want = weight * population + (1 - weight) * m
    assert PUBLISHED_GG.expected_spend(x, m) == pytest.approx(want, rel=1e-12)
    assert PUBLISHED_GG.expected_spend([0], [0])[0] == pytest.approx(35.22, abs=0.01)


def test_lifetime_value_sums_discounted_monthly_margins() -> None:
    x, t_x, age = columns(CUSTOMERS)
    m = [0.0, 11.77, 22.35, 73.74, 40.0, 20.0]
    spend = PUBLISHED_GG.expected_spend(x, m)
    want = np.zeros(len(x))
    for month in range(1, 13):
        bought = PUBLISHED_BGNBD.expected_purchases(month * 4.345, x, t_x, age)
        earlier = PUBLISHED_BGNBD.expected_purchases((month - 1) * 4.345, x, t_x, age)
        want += (bought - earlier) * spend * 0.3 / 1.01**month
    got = lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, x, t_x, age, m, margin=Decimal("0.3"))
    assert got == pytest.approx(want, rel=1e-12)
    shorter = lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, x, t_x, age, m, months=6, margin=0.3)
    undiscounted = lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, x, t_x, age, m, margin=0.3, monthly_discount=0)
    assert ((shorter < got) & (got < undiscounted)).all()
    assert lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, x, t_x, age, m, margin=0).tolist() == [0.0] * len(x)


BAD_RFM = [
    (([1, -1, 0], [1, 0, 0], [2, 2, 2]), "frequency", 1),
    (([1, 1.5], [1, 1], [2, 2]), "frequency", 1),
    (([1, 1, 1], [1, 1, float("nan")], [2, 2, 2]), "recency", 2),
    (([1, 1], [2, 5], [3, 4]), "recency", 1),
    (([0, 1], [1, 1], [2, 2]), "recency", 0),
    (([1, 1], [1, 1], [2, -2]), "T", 1),
    (([1, 2], [1], [2, 2]), "recency", None),
    (([1, 2], [1, 1], [2, 2, 2]), "T", None),
    (([], [], []), "frequency", None),
]


@pytest.mark.parametrize(("data", "argument", "row"), BAD_RFM)
def test_bad_rfm_input_names_argument_and_row(data: Rfm, argument: str, row: int | None) -> None:
    x, t_x, age = data
    calls: list[Callable[[], object]] = [
        lambda: fit_bgnbd(x, t_x, age),
        lambda: PUBLISHED_BGNBD.probability_alive(x, t_x, age),
        lambda: PUBLISHED_BGNBD.expected_purchases(1.0, x, t_x, age),
        lambda: lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, x, t_x, age, [1.0] * len(x), margin=0.3),
    ]
    for call in calls:
        with pytest.raises(ValueError, match=rf"^{argument}{'' if row is None else f' row {row}'}:") as caught:
            call()
        assert isinstance(caught.value, ValueInputError)
        assert (caught.value.argument, caught.value.row, type(caught.value)) == (argument, row, ValueInputError)


@pytest.mark.parametrize(
    ("data", "argument", "row"),
    [
        (([1, 2], [10.0, 0.0]), "monetary", 1),
        (([1, 2], [10.0, -3.0]), "monetary", 1),
        (([1, 2, 3], [10.0, 5.0]), "monetary", None),
        (([0, 0], [0.0, 0.0]), "frequency", None),
    ],
)
def test_bad_spend_input_names_argument_and_row(data: tuple[list[float], ...], argument: str, row: int | None) -> None:
    with pytest.raises(ValueInputError, match=rf"^{argument}{'' if row is None else f' row {row}'}:"):
        fit_gamma_gamma(*data)


@pytest.mark.parametrize(
    ("settings", "argument"),
    [({"months": 0}, "months"), ({"margin": float("inf")}, "margin"), ({"weeks_per_month": 0}, "weeks_per_month")],
)
def test_bad_horizon_names_the_setting(settings: dict[str, float], argument: str) -> None:
    options: dict[str, float] = {"margin": 0.3, **settings}
    with pytest.raises(ValueInputError, match=rf"^{argument}:"):
        lifetime_value(PUBLISHED_BGNBD, PUBLISHED_GG, [1], [1], [2], [10], **options)  # type: ignore[arg-type]


def test_negative_horizon_is_refused() -> None:
    with pytest.raises(ValueInputError, match=r"^t:"):
        PUBLISHED_BGNBD.expected_purchases(-1, [1], [1], [2])
