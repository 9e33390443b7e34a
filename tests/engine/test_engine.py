"""The engine façade on the shipped catalogs: options with reasons, conflicts, counts, completion, cache."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.catalog import load_catalog, load_catalog_text
from app.catalog.evaluate import Choices, check_configuration
from app.catalog.selection import SelectionError
from app.engine.bdd import Budget
from app.engine.cache import Cache
from app.engine.engine import Engine
from app.engine.masks import ContextError
from tests.catalog.test_evaluate import CATALOG
from tests.conftest import CATALOG_DIR

ON = date(2026, 6, 1)
JEANS = load_catalog(CATALOG_DIR / "jeans.yaml")
STYLE_AND_SIZE = ["fit", "opening", "closure", "bagginess", "seat", "waist", "inseam"]


@pytest.fixture(scope="module")
def jeans() -> Engine:
    return Engine.open(JEANS)


def test_counts_in_total_under_a_selection_and_projected(jeans: Engine) -> None:
    assert jeans.count({}, {}, ON).count == 824_365_296
    assert jeans.count({}, {}, ON, project=STYLE_AND_SIZE).count == 1_485_000
    assert jeans.count({}, {}, ON, project=["fit"]).count == 5
    with_hem = jeans.count({"addons": ["turn_up_hem"]}, {}, ON).count
    assert 0 < with_hem < 824_365_296


def test_excluded_options_carry_the_rules_own_messages(jeans: Engine) -> None:
    answer = jeans.options({}, {}, ON)
    assert "express" not in answer.valid["service"]
    assert [r.message for r in answer.excluded["service"]["express"]] == [
        "Express care is for our most valued customers."
    ]
    gold = jeans.options({}, {"tier": "retain"}, ON)
    assert "express" in gold.valid["service"]
    short = jeans.options({"inseam": Decimal("28")}, {}, ON)
    assert "turn_up_hem" not in short.valid["addons"]
    reasons = short.excluded["addons"]["turn_up_hem"]
    assert reasons[0].message == "A turn-up hem needs an inseam of 30 in or more."
    assert reasons[0].choices == ("inseam",)


def test_every_valid_option_completes_and_every_hidden_one_cannot(jeans: Engine) -> None:
    selection: Choices = {"inseam": Decimal("28"), "fit": "relaxed"}
    answer = jeans.options(selection, {}, ON)
    for attribute, values in answer.valid.items():
        if attribute == "addons":
            continue
        for value in values:
            assert jeans.count({**selection, attribute: value}, {}, ON).count > 0, (attribute, value)
        for option in answer.excluded.get(attribute, {}):
            value = Decimal(option) if attribute in ("seat", "waist", "inseam") else option
            assert jeans.count({**selection, attribute: value}, {}, ON).count == 0, (attribute, option)


def test_a_chosen_attribute_lists_what_it_could_switch_to(jeans: Engine) -> None:
    answer = jeans.options({"addons": ["turn_up_hem"]}, {}, ON)
    assert all(value >= 30 for value in answer.valid["inseam"])  # type: ignore[operator]
    assert len(answer.valid["fit"]) == 5


def test_a_clash_gets_a_minimal_conflict_and_three_ranked_repairs(jeans: Engine) -> None:
    selection: Choices = {"inseam": Decimal("28"), "fit": "tapered", "addons": ["turn_up_hem"]}
    answer = jeans.options(selection, {}, ON)
    assert answer.count == 0
    assert answer.conflict is not None
    assert answer.conflict.choices == ("inseam", "addons")
    assert [r.rule for r in answer.conflict.rules] == ["hem_needs_inseam"]
    assert len(answer.repairs) >= 3
    assert answer.without == "addons"
    assert "turn_up_hem" in answer.excluded["addons"]
    sizes = [len(repair.changes) for repair in answer.repairs]
    assert sizes == sorted(sizes)
    assert sizes[0] == 1
    for repair in answer.repairs:
        assert repair.selection["addons"] == ["turn_up_hem"]
        assert jeans.count(repair.selection, {}, ON).count > 0


def test_repairs_follow_the_customers_priorities() -> None:
    bikes = Engine.open(load_catalog_text(CATALOG))
    selection: Choices = {"material": "carbon", "extras": ["rack"]}
    plain = bikes.options(selection, {"tier": "ordinary"}, ON, latest="material")
    assert plain.repairs
    assert list(plain.repairs[0].changes) == ["extras"]


def test_completion_is_valid_priced_within_budget_and_diverse(jeans: Engine) -> None:
    offers = jeans.complete({"fit": "relaxed"}, {}, ON, k=3)
    assert len(offers) == 3
    product = JEANS.product()
    for offer in offers:
        assert check_configuration(product, offer.choices, {}, ON) == []
        assert offer.choices["fit"] == "relaxed"
        assert offer.total > 0
    assert offers[0].list_price <= min(offer.list_price for offer in offers)
    assert all(offer.differs for offer in offers[1:])
    preferred = jeans.complete({}, {}, ON, preferences={("opening", "flare"): 10}, objective="fit", k=1)
    assert preferred[0].choices["opening"] == "flare"
    assert jeans.complete({}, {}, ON, budget=100, k=1) == []


def test_validate_names_the_broken_rules(jeans: Engine) -> None:
    best = jeans.complete({}, {}, ON, k=1)[0].choices
    assert jeans.validate(best, {}, ON).valid
    broken = jeans.validate({**best, "inseam": Decimal("28"), "addons": ["turn_up_hem"]}, {}, ON)
    assert not broken.valid
    assert [r.rule for r in broken.broken] == ["hem_needs_inseam"]
    partial = jeans.validate({"fit": "relaxed"}, {}, ON)
    assert not partial.valid
    assert "waist" in partial.missing


def test_search_method_gives_the_same_answers(jeans: Engine) -> None:
    search = Engine.open(JEANS, method="search")
    assert search.method == "search"
    selections: list[Choices] = [{}, {"inseam": Decimal("28")}, {"fit": "tapered", "service": "care_plan"}]
    for selection in selections:
        expected = jeans.options(selection, {}, ON)
        found = search.options(selection, {}, ON)
        assert found.valid == expected.valid
        assert found.excluded.keys() == expected.excluded.keys()
    clash: Choices = {"inseam": Decimal("28"), "addons": ["turn_up_hem"]}
    found = search.options(clash, {}, ON)
    assert found.conflict == jeans.options(clash, {}, ON).conflict
    assert [r.changes for r in found.repairs] == [r.changes for r in jeans.options(clash, {}, ON).repairs]
    small = load_catalog_text(CATALOG)
    assert Engine.open(small, method="search").count({}, {}, ON).count == Engine.open(small).count({}, {}, ON).count


def test_compiled_once_then_read_from_the_cache(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    first = Engine.open(JEANS, cache=cache)
    again = Engine.open(JEANS, cache=cache)
    assert first.compile_seconds is not None
    assert again.compile_seconds is None
    assert len(list(tmp_path.glob("*.npz"))) == 1
    assert again.count({}, {}, ON).count == first.count({}, {}, ON).count


def test_a_diagram_past_its_budget_falls_back_to_the_circuit(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    hard = Engine.open(JEANS, cache=cache, budget=Budget(nodes=100))
    assert hard.method == "circuit"
    assert hard.fallback == "the diagram grew past 100 BDD nodes"
    assert hard.count({}, {}, ON).count == 824_365_296
    assert Engine.open(JEANS, cache=cache, budget=Budget(nodes=100, seconds=600)).compile_seconds is None
    hem: Choices = {"addons": ["turn_up_hem"]}
    assert hard.options(hem, {}, ON).valid == Engine.open(JEANS).options(hem, {}, ON).valid


def test_a_compile_past_both_budgets_falls_back_to_search(tmp_path: Path) -> None:
    cache = Cache(tmp_path)
    none = Budget(nodes=100, circuit_seconds=0.0)
    hard = Engine.open(JEANS, cache=cache, budget=none)
    assert hard.method == "search"
    assert hard.fallback == "the diagram grew past 100 BDD nodes; the circuit was not tried"
    assert Engine.open(JEANS, cache=cache, budget=none).compile_seconds is None
    assert Engine.open(JEANS, cache=cache, budget=Budget(nodes=1_000_000)).method == "diagram"
    hem: Choices = {"addons": ["turn_up_hem"]}
    assert hard.options(hem, {}, ON).valid == Engine.open(JEANS, cache=cache).options(hem, {}, ON).valid


def test_bad_input_is_named(jeans: Engine) -> None:
    with pytest.raises(SelectionError, match="unknown option 'flare' for attribute 'fit'"):
        jeans.options({"fit": "flare"}, {}, ON)
    with pytest.raises(SelectionError, match="unknown attribute 'colour'"):
        jeans.count({}, {}, ON, project=["colour"])
    with pytest.raises(ContextError, match="unknown context key 'mood'"):
        jeans.options({}, {"mood": "happy"}, ON)
    with pytest.raises(SelectionError, match="unknown option 'tulip'"):
        jeans.complete({}, {}, ON, preferences={("opening", "tulip"): 1})


def test_why_explains_one_exclusion_on_demand(jeans: Engine) -> None:
    selection: Choices = {"inseam": Decimal("28")}
    reasons = jeans.why(selection, {}, ON, "addons", "turn_up_hem")
    assert [r.rule for r in reasons] == ["hem_needs_inseam"]
    assert jeans.why(selection, {}, ON, "fit", "relaxed") == []


def test_a_rule_that_always_holds_is_no_conflict() -> None:
    # Found by hypothesis: a rule with an empty scope compiles to a diagram without layers (true).
    text = """\
id: always
products:
  - id: p
    modules:
      - id: m1
        attributes:
          - {id: a, kind: one_of, options: [{id: x, properties: {w: 1}}, {id: y}]}
          - {id: m, kind: many_of, options: [{id: u}, {id: v}]}
    rules:
      - {id: any_count, kind: cardinality, attribute: m, min: 0, message: any number}
      - {id: light, kind: linear, terms: [{property: w}], op: "<=", rhs: 0, message: too heavy}
"""
    engine = Engine.open(load_catalog_text(text))
    answer = engine.options({"a": "x"}, {}, ON)
    assert answer.conflict is not None
    assert answer.conflict.choices == ("a",)
    assert [r.rule for r in answer.conflict.rules] == ["light"]
    assert engine.count({}, {}, ON).count == 4
