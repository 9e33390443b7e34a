"""Budgets that decide answers count work; the clock only cuts a question short, and the answer says so.

A loaded machine is simulated by a clock that jumps forward each time it is read, so no test
here depends on how fast the machine running it is.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import patch

import pytest

from app.catalog import load_catalog, load_catalog_text
from app.catalog.evaluate import Choices, check_configuration
from app.catalog.selection import SelectionError
from app.engine.answers import Options, Reason
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.engine.engine import Engine
from app.engine.explain import COMBINATION
from app.engine.limits import OPTIONS_COUNT_WORK, SECONDS, Clock, Limits, search_cost, searches
from app.engine.masks import context_masks, selection_masks
from app.web.errors import status_of
from tests.catalog.test_evaluate import CATALOG
from tests.conftest import CATALOG_DIR
from tests.engine.clock import JumpingClock, loaded

ON = date(2026, 6, 1)
BIKES = load_catalog(CATALOG_DIR / "bikes.yaml")
JEANS = load_catalog(CATALOG_DIR / "jeans.yaml")
SMALL = load_catalog_text(CATALOG)
CLASH: Choices = {"handlebar_width": Decimal("62"), "battery": "wh_400"}
"""A bikes selection with five exclusions only a combination of rules explains."""
UNEXPLAINED = [Reason(None, COMBINATION, ())]


@pytest.fixture(scope="module")
def bikes() -> Engine:
    return Engine.open(BIKES)


def combinations(answer: Options) -> set[tuple[str, str]]:
    """The excluded options whose reason is "a combination of rules" (none found)."""
    return {
        (a, o) for a, options in answer.excluded.items() for o, reasons in options.items() if reasons == UNEXPLAINED
    }


def test_the_clash_needs_minimal_conflicts(bikes: Engine) -> None:
    none = bikes.options(CLASH, {}, ON, limits=Limits(reasons=0))
    assert len(combinations(none)) == 5
    assert none.narrowed == []
    full = bikes.options(CLASH, {}, ON)
    assert combinations(full) == set()
    for attribute, option in combinations(none):
        assert full.excluded[attribute][option] == bikes.why(CLASH, {}, ON, attribute, option)


def test_reasons_are_the_same_on_a_loaded_machine(bikes: Engine) -> None:
    calm = bikes.options(CLASH, {}, ON)
    with loaded(0.02):  # each reading 20 ms later: the old 10 ms reason budget was gone at once
        busy = Engine.open(BIKES).options(CLASH, {}, ON)
    assert busy.narrowed == []
    assert busy.excluded == calm.excluded
    assert busy.valid == calm.valid


def test_a_safety_net_that_fires_says_so_and_changes_nothing_else(bikes: Engine) -> None:
    calm = bikes.options(CLASH, {}, ON)
    with loaded(1000.0):
        cut = Engine.open(BIKES).options(CLASH, {}, ON)
    limit = f"{SECONDS:g} s time limit"
    assert cut.narrowed == [f'reasons: cut short by the {limit}; the other options say "{COMBINATION}"']
    assert (cut.valid, cut.count) == (calm.valid, calm.count)
    for attribute, options in calm.excluded.items():
        for option, reasons in options.items():
            assert cut.excluded[attribute][option] in (reasons, UNEXPLAINED)


def test_a_tiny_safety_net_gives_the_same_reasons_unless_it_says_it_cut_them_short(bikes: Engine) -> None:
    large = bikes.options(CLASH, {}, ON, limits=Limits(seconds=1e9))
    tiny = bikes.options(CLASH, {}, ON, limits=Limits(seconds=1e-9))
    assert tiny.excluded == large.excluded or any("cut short by the 1e-09 s time limit" in n for n in tiny.narrowed)


def test_the_reason_budget_counts_searches_whatever_the_engine_was_asked_before() -> None:
    cnf = Engine.open(BIKES).search.cnf
    budget = Limits(reasons=2 * search_cost(cnf.top, len(cnf.activation)))  # two searches
    assert searches(budget.reasons, cnf.top, len(cnf.activation)) == 2
    used = Engine.open(BIKES)
    used.options(CLASH, {}, ON)  # every minimal conflict of the clash is now in its memo
    again = used.options(CLASH, {}, ON, limits=budget)
    fresh = Engine.open(BIKES).options(CLASH, {}, ON, limits=budget)
    assert len(combinations(fresh)) == 3
    assert combinations(again) == combinations(fresh)


def test_a_search_count_is_exact_or_a_lower_bound_by_work_alone() -> None:
    search = Engine.open(JEANS, method="search")
    few = search.count({}, {}, ON, solutions=10)
    assert (few.count, few.exact) == (11, False)
    assert few.narrowed == "count: at least 11, more than the search enumerates within the work budget"
    with loaded(0.01):
        assert search.count({}, {}, ON, solutions=10) == few
    with loaded(1000.0):
        cut = search.count({}, {}, ON, solutions=10)
    assert not cut.exact
    assert cut.narrowed == f"count: at least 0: cut short by the {SECONDS:g} s time limit"


def test_a_projected_count_by_search_is_exact_on_a_loaded_machine(tmp_path: Path) -> None:
    # The configurator shows a product's designs only when this count is exact (count(..., seconds=1.0)).
    diagram = Engine.open(SMALL, cache=Cache(tmp_path))
    circuit = Engine.open(SMALL, cache=Cache(tmp_path), method="circuit")
    project = ["frame", "material"]
    expected = diagram.count({}, {"tier": "retain"}, ON, project=project)
    with loaded(0.01):
        found = circuit.count({}, {"tier": "retain"}, ON, project=project, seconds=1.0)
    assert found == expected
    assert found.exact


def test_search_options_are_the_same_on_a_loaded_machine() -> None:
    selection: Choices = {"inseam": Decimal("28")}
    search = Engine.open(JEANS, method="search")
    calm = search.options(selection, {}, ON, limits=Limits(seconds=1e9))
    with loaded(0.0001):
        busy = Engine.open(JEANS, method="search").options(selection, {}, ON, limits=Limits(seconds=1e9))
    assert (busy.valid, busy.excluded, busy.count) == (calm.valid, calm.excluded, calm.count)
    assert busy.narrowed == calm.narrowed
    lower = OPTIONS_COUNT_WORK // search.search.cnf.top + 1  # the solutions the work pays for, and one more
    assert calm.narrowed == [f"count: at least {lower:,}, more than the search enumerates within the work budget"]
    with loaded(1000.0):
        cut = Engine.open(JEANS, method="search").options(selection, {}, ON)
    limit = f"{SECONDS:g} s time limit"
    assert cut.narrowed[0] == f"valid options: cut short by the {limit}; undecided options are left out"


def test_completions_are_decided_by_work_and_a_clock_cut_says_so() -> None:
    jeans = Engine.open(JEANS)
    first = jeans.complete({"fit": "relaxed"}, {}, ON, k=3)
    again = Engine.open(JEANS).complete({"fit": "relaxed"}, {}, ON, k=3)
    assert first == again
    assert first.narrowed == []
    assert all(offer.optimal for offer in first)
    cut = jeans.complete({"fit": "relaxed"}, {}, ON, k=3, seconds=0.0)
    assert cut.narrowed == ["completion: cut short by the 0 s time limit"]
    for offer in cut:
        assert check_configuration(JEANS.product(), offer.choices, {}, ON) == []


def test_search_repairs_cut_short_by_the_clock_say_so() -> None:
    search = Engine.open(JEANS, method="search")
    clash: Choices = {"inseam": Decimal("28"), "addons": ["turn_up_hem"]}
    calm = search.options(clash, {}, ON, limits=Limits(seconds=1e9))
    assert len(calm.repairs) >= 3
    assert not any("repairs" in note for note in calm.narrowed)
    with loaded(1000.0):
        cut = search.options(clash, {}, ON)
    assert cut.conflict == calm.conflict
    assert cut.repairs == []
    assert f"repairs: cut short by the {SECONDS:g} s time limit" in cut.narrowed


def test_a_diagram_past_its_reordering_work_falls_back_whatever_the_clock_says(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with loaded(0.001):
        hard = Engine.open(JEANS, cache=cache, budget=Budget(reordering=100_000))
    assert hard.method == "circuit"
    assert hard.fallback == "the diagram's reordering ran past 100,000 steps"
    assert Engine.open(JEANS, cache=cache, budget=Budget(reordering=100_000, seconds=900)).compile_seconds is None
    assert Engine.open(JEANS, cache=cache).method == "diagram"


def test_a_diagram_compile_the_clock_cut_short_says_so_and_is_tried_again(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    with patch("app.engine.bdd.time", SimpleNamespace(monotonic=JumpingClock(1000.0))):  # the compile's clock only
        cut = Engine.open(JEANS, cache=cache, budget=Budget(seconds=30.0))
    assert cut.method == "circuit"
    assert cut.fallback == "the diagram compile was cut short by its 30 s time limit"
    assert Engine.open(JEANS, cache=cache, budget=Budget(seconds=30.0)).compile_seconds is None
    assert Engine.open(JEANS, cache=cache, budget=Budget(seconds=60.0)).method == "diagram"


@pytest.mark.parametrize(
    "budget",
    [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("-Infinity"), float("nan"), float("inf"),
     2**63, -1, Decimal("0.5"), 1.5, Decimal("1E+999999999"), "12000", True],
)  # fmt: skip
def test_a_budget_that_is_not_whole_minor_units_in_int64_is_refused(budget: object) -> None:
    with pytest.raises(SelectionError, match="is not a whole number of minor units from 0 to 9223372036854775807") as e:
        Engine.open(JEANS).complete({}, {}, ON, budget=budget, k=1)  # type: ignore[arg-type]
    assert status_of(e.value) == 422


@pytest.mark.parametrize("budget", [10**17, 1e17, Decimal("1E+17"), 2**63 - 1])
def test_a_large_whole_budget_is_taken(budget: int | float | Decimal) -> None:
    offers = Engine.open(JEANS).complete({}, {}, ON, budget=budget, k=1)  # type: ignore[arg-type]
    assert offers
    assert offers[0].list_price <= budget


def test_preference_weights_and_offer_counts_out_of_range_are_refused() -> None:
    jeans = Engine.open(JEANS)
    with pytest.raises(SelectionError, match="weight 10000000 of 'opening=flare' is not a whole number"):
        jeans.complete({}, {}, ON, preferences={("opening", "flare"): 10**7}, objective="fit")
    with pytest.raises(SelectionError, match="k 0 is not a number of offers from 1 to 20"):
        jeans.complete({}, {}, ON, k=0)


OFF_GRID = Decimal("32.0000000000000000000000000001")
"""Within 26..47, not on the step grid; to 28 digits it is 32, so a rounding check lets it through."""


def test_a_number_off_the_grid_is_named_with_the_values_allowed() -> None:
    jeans = Engine.open(JEANS)
    message = r"32.0000000000000000000000000001 is not a value of attribute 'waist' \(26..47 in steps of 1\)"
    for question in (jeans.options, jeans.count, jeans.validate):
        with pytest.raises(SelectionError, match=message) as e:
            question({"waist": OFF_GRID}, {}, ON)
        assert status_of(e.value) == 422
    with pytest.raises(SelectionError, match=message):
        jeans.complete({"waist": OFF_GRID}, {}, ON)
    with pytest.raises(SelectionError, match=message):
        jeans.why({}, {}, ON, "waist", str(OFF_GRID))
    for text in ("sNaN", "NaN", "Infinity"):
        with pytest.raises(SelectionError, match=f"{text} is not a value of attribute 'waist'"):
            jeans.why({}, {}, ON, "waist", text)


def test_the_masks_refuse_a_number_off_the_grid_whatever_checked_it_before() -> None:
    problem = Engine.open(JEANS).problem
    base = context_masks(problem, {}, ON)
    with pytest.raises(SelectionError, match=r"is not a value of attribute 'waist' \(26..47 in steps of 1\)"):
        selection_masks(problem, {"waist": OFF_GRID}, base)
    with pytest.raises(SelectionError, match="'waist'"):
        selection_masks(problem, {"waist": "32"}, base)


def test_a_clock_reads_its_deadline() -> None:
    with loaded(1.0):
        clock = Clock(2.5)
        assert not clock.expired()
        assert clock.left() == pytest.approx(0.5)
        assert clock.expired()
    assert clock.cut("count") == "count: cut short by the 2.5 s time limit"
