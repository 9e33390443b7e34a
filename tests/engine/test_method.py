"""Every method (diagram, circuit, search) gives the brute-force answers on small random catalogs."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog import Catalog, load_catalog_text
from app.catalog.attributes import ManyOf, OneOf
from app.catalog.evaluate import Choices
from app.catalog.selection import resolve
from app.engine.engine import Engine
from app.engine.limits import Clock, Limits
from app.engine.masks import context_masks, selection_masks
from app.engine.method import Method
from app.engine.methods import BySearch, OnCircuit, OnDiagram
from tests.engine.random_catalogs import ON, TIERS, catalogs, valid_configurations, value_key
from tests.engine.test_random_catalogs import agrees, list_price

METHODS = ["auto", "circuit", "search"]
KINDS = {"auto": OnDiagram, "circuit": OnCircuit, "search": BySearch}


def opened(catalog: Catalog, method: str) -> Engine:
    """The catalog's engine on `method` ("auto" answers by the diagram on these small catalogs)."""
    engine = Engine.open(catalog, method=method)  # type: ignore[arg-type]
    assert isinstance(engine.answers_by, KINDS[method])
    return engine


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from([*TIERS, None]), data=st.data())
@pytest.mark.parametrize("method", METHODS)
def test_state_and_count_match_brute_force(
    method: str, catalog: Catalog, tier: str | None, data: st.DataObject
) -> None:
    engine = opened(catalog, method)
    answers: Method = engine.answers_by
    context = {} if tier is None else {"tier": tier}
    valid = valid_configurations(catalog, context)
    product = catalog.product()
    fixed = data.draw(st.sampled_from([a.id for a in product.attributes() if not isinstance(a, ManyOf)]))
    selection: Choices = {fixed: data.draw(st.sampled_from([c[fixed] for c in valid]))} if valid else {}
    allowed = selection_masks(engine.problem, selection, context_masks(engine.problem, context, ON))
    state = answers.state(allowed, Limits(), Clock(60.0))
    matching = [c for c in valid if agrees(c, selection)]
    assert (state.configurations, state.exact, state.narrowed) == (len(matching), True, [])
    assert answers.count(allowed, None, 60.0, None).count == len(matching)
    projected = engine.problem.attribute_variables([fixed])
    assert answers.count(allowed, projected, 60.0, None).count == len({value_key(c[fixed]) for c in matching})
    valid_now = engine.terms.valid(state.masks)
    again = engine.terms.valid(answers.valid_values(allowed, Limits()))
    for attribute in product.attributes():
        keep = [c[attribute.id] for c in valid if agrees(c, selection, attribute.id)]
        if isinstance(attribute, ManyOf):
            expected: set[object] = {option for chosen in keep if isinstance(chosen, list) for option in chosen}
        else:
            expected = {value_key(chosen) for chosen in keep}
        assert {value_key(v) for v in valid_now[attribute.id]} == expected, attribute.id
        assert {value_key(v) for v in again[attribute.id]} == expected, attribute.id


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from(TIERS))
@pytest.mark.parametrize("method", METHODS)
def test_cheapest_completion_and_repairs_match_brute_force(method: str, catalog: Catalog, tier: str) -> None:
    engine = opened(catalog, method)
    context = {"tier": tier}
    valid = valid_configurations(catalog, context)
    offers = engine.complete({}, context, ON, k=1)
    assert bool(offers) == bool(valid)
    if valid:
        assert offers[0].list_price == min(list_price(catalog, c, context) for c in valid)
    one_ofs = [a for a in catalog.product().attributes() if isinstance(a, OneOf)]
    for first, second in itertools.permutations(one_ofs[:3], 2):
        for a, b in itertools.product(first.options, second.options):
            selection: Choices = {first.id: a.id, second.id: b.id}
            if any(agrees(c, selection) for c in valid):
                continue
            answer = engine.options(selection, context, ON)
            keeping = [c for c in valid if agrees(c, {second.id: b.id})]
            assert answer.conflict is not None
            assert bool(answer.repairs) == bool(keeping)
            for repair in answer.repairs:
                assert repair.selection[second.id] == b.id
                assert any(agrees(c, repair.selection) for c in valid)
            return


CARDINALITY_ALWAYS_HOLDS = """
id: extras
products:
  - id: p
    base_price: 1000
    modules:
      - id: m
        attributes:
          - id: size
            kind: one_of
            options: [{id: s, price: 0}, {id: l, price: 300}]
          - id: extras
            kind: many_of
            options: [{id: bag, price: 200}, {id: belt, price: 100}]
    rules:
      - id: any-extras
        kind: cardinality
        attribute: extras
        min: 0
        message: any number of extras
"""


@pytest.mark.parametrize("method", METHODS)
def test_a_rule_that_always_holds_completes_on_every_method(method: str) -> None:
    """A rule whose diagram has no layers (it always holds) adds nothing to the CP-SAT model."""
    engine = Engine.open(load_catalog_text(CARDINALITY_ALWAYS_HOLDS), method=method)  # type: ignore[arg-type]
    offers = engine.complete({}, {}, ON, k=2)
    assert offers[0].choices == {"size": "s", "extras": []}
    assert offers[0].list_price == 1000
    assert engine.count({}, {}, ON).count == 8


def test_a_resolved_selection_gets_the_answers_of_its_choices() -> None:
    catalog = load_catalog_text(CARDINALITY_ALWAYS_HOLDS)
    engine = Engine.open(catalog)
    choices: Choices = {"extras": ["bag"], "size": "l"}
    resolved = resolve(catalog.product(), choices, ON)
    assert engine.options(resolved, {}, ON) == engine.options(choices, {}, ON)
    assert engine.count(resolved, {}, ON) == engine.count(choices, {}, ON)
    assert engine.validate(resolved, {}, ON) == engine.validate(choices, {}, ON)
    assert engine.complete(resolved, {}, ON, k=1) == engine.complete(choices, {}, ON, k=1)
