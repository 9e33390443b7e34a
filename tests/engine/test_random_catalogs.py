"""Random small catalogs of every rule kind: the compiled engine agrees with brute-force enumeration."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.catalog import Catalog
from app.catalog.attributes import ManyOf
from app.catalog.configuration import Context, Selection
from app.catalog.evaluate import Choices, check_configuration
from app.engine.engine import Engine
from app.pricing import price
from tests.engine.clock import loaded
from tests.engine.random_catalogs import ON, TIERS, all_configurations, catalogs, valid_configurations, value_key


def agrees(configuration: Choices, selection: Choices, ignore: str | None = None) -> bool:
    """Whether the configuration keeps every selected choice (except the ignored attribute's)."""
    return all(value_key(configuration[k]) == value_key(v) for k, v in selection.items() if k != ignore)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from([*TIERS, None]), data=st.data())
def test_counts_and_valid_values_match_brute_force(catalog: Catalog, tier: str | None, data: st.DataObject) -> None:
    counts_and_valid_values_match(Engine.open(catalog), catalog, tier, data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from([*TIERS, None]), data=st.data())
def test_circuit_counts_and_valid_values_match_brute_force(
    catalog: Catalog, tier: str | None, data: st.DataObject
) -> None:
    engine = Engine.open(catalog, method="circuit")
    assert engine.method == "circuit"
    counts_and_valid_values_match(engine, catalog, tier, data)


def counts_and_valid_values_match(compiled: Engine, catalog: Catalog, tier: str | None, data: st.DataObject) -> None:
    """Total and selected counts and every attribute's valid values, against brute force."""
    context = {} if tier is None else {"tier": tier}
    valid = valid_configurations(catalog, context)
    assert compiled.count({}, context, ON).count == len(valid)
    product = catalog.product()
    fixed = data.draw(st.sampled_from([a.id for a in product.attributes() if not isinstance(a, ManyOf)]))
    selection: Choices = {fixed: data.draw(st.sampled_from([c[fixed] for c in valid]))} if valid else {}
    matching = [c for c in valid if agrees(c, selection)]
    assert compiled.count(selection, context, ON).count == len(matching)
    answer = compiled.options(selection, context, ON).valid
    for attribute in product.attributes():
        keep = [c[attribute.id] for c in valid if agrees(c, selection, attribute.id)]
        if isinstance(attribute, ManyOf):
            expected: set[object] = {option for chosen in keep if isinstance(chosen, list) for option in chosen}
        else:
            expected = {value_key(chosen) for chosen in keep}
        assert {value_key(v) for v in answer[attribute.id]} == expected, attribute.id


def feasible(catalog: Catalog, context: dict[str, str], part: Choices, rules: set[str] | None = None) -> bool:
    """Whether a configuration keeps `part`, by brute force; with `rules`, only those rules count."""
    product = catalog.product()
    for configuration in all_configurations(catalog):
        if not agrees(configuration, part):
            continue
        broken = check_configuration(product, configuration, context, ON)
        if all(v.rule is not None and rules is not None and v.rule not in rules for v in broken):
            return True
    return False


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from(TIERS), data=st.data())
def test_conflicts_and_repairs_match_brute_force(catalog: Catalog, tier: str, data: st.DataObject) -> None:
    conflicts_and_repairs_match(Engine.open(catalog), catalog, tier, data)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from(TIERS), data=st.data())
def test_circuit_conflicts_and_repairs_match_brute_force(catalog: Catalog, tier: str, data: st.DataObject) -> None:
    conflicts_and_repairs_match(Engine.open(catalog, method="circuit"), catalog, tier, data)


def conflicts_and_repairs_match(engine: Engine, catalog: Catalog, tier: str, data: st.DataObject) -> None:
    """The conflict is minimal and the repairs change the fewest earlier choices, against brute force."""
    context = {"tier": tier}
    product = catalog.product()
    singles = [a for a in product.attributes() if not isinstance(a, ManyOf)]
    picked = data.draw(st.lists(st.sampled_from(singles), min_size=2, max_size=3, unique_by=lambda a: a.id))
    selection: Choices = {}
    for attribute in picked:
        values = [c[attribute.id] for c in all_configurations(catalog)]
        selection[attribute.id] = data.draw(st.sampled_from(values))
    answer = engine.options(selection, context, ON)
    possible = feasible(catalog, context, selection)
    event("selection possible" if possible else "conflict")
    assert (answer.conflict is None) == possible
    if answer.conflict is None:
        return
    latest = list(selection)[-1]
    chosen = {a: selection[a] for a in answer.conflict.choices if a in selection}
    rules = {r.rule for r in answer.conflict.rules if r.rule is not None}
    assert not feasible(catalog, context, chosen)
    for left_out in chosen:
        assert feasible(catalog, context, {a: v for a, v in chosen.items() if a != left_out}, rules)
    # repairs: the fewest earlier choices changed, by brute force over every valid configuration
    valid = [c for c in valid_configurations(catalog, context) if agrees(c, {latest: selection[latest]})]
    earlier = [a for a in selection if a != latest]
    fewest = min((sum(value_key(c[a]) != value_key(selection[a]) for a in earlier) for c in valid), default=None)
    if fewest is None:
        assert answer.repairs == []
        return
    assert answer.repairs, "a repair exists"
    assert len(answer.repairs[0].changes) == fewest
    sizes = [len(repair.changes) for repair in answer.repairs]
    assert sizes == sorted(sizes)
    for repair in answer.repairs:
        assert value_key(repair.selection[latest]) == value_key(selection[latest])
        assert feasible(catalog, context, repair.selection)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from(TIERS), data=st.data())
def test_cheapest_completion_matches_brute_force(catalog: Catalog, tier: str, data: st.DataObject) -> None:
    context = {"tier": tier}
    engine = Engine.open(catalog)
    product = catalog.product()
    valid = valid_configurations(catalog, context)
    fixed = data.draw(st.sampled_from([a.id for a in product.attributes() if not isinstance(a, ManyOf)]))
    selection: Choices = {fixed: data.draw(st.sampled_from([c[fixed] for c in valid]))} if valid else {}
    matching = [c for c in valid if agrees(c, selection)]
    offers = engine.complete(selection, context, ON, k=3)
    assert bool(offers) == bool(matching)
    if not offers:
        return
    prices = [list_price(catalog, c, context) for c in matching]
    assert offers[0].list_price == min(prices)
    seen = []
    for offer in offers:
        assert check_configuration(product, offer.choices, context, ON) == []
        assert agrees(offer.choices, selection)
        assert offer.list_price == list_price(catalog, offer.choices, context)
        assert offer.list_price >= offers[0].list_price
        key = {a: value_key(v) for a, v in offer.choices.items()}
        assert key not in seen
        seen.append(key)
    budget = data.draw(st.sampled_from(prices))
    within = engine.complete(selection, context, ON, budget=budget, k=1)
    assert within
    assert within[0].list_price <= budget


def list_price(catalog: Catalog, choices: Choices, context: dict[str, str]) -> int:
    """The list price by the pricing module: the goods subtotal of one unit."""
    breakdown = price(catalog, Selection(choices=choices), Context(values=context, on=ON))
    return breakdown.unit_subtotal


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from(TIERS), data=st.data())
def test_every_reason_excludes_its_option_as_the_choices_grow(catalog: Catalog, tier: str, data: st.DataObject) -> None:
    """Each excluded option's reasons (rules and the choices they rest on) really rule it out, by brute
    force, click after click on one engine: reasons found earlier and reused must still hold."""
    context = {"tier": tier}
    engine, busy = Engine.open(catalog), Engine.open(catalog)
    product = catalog.product()
    singles = [a for a in product.attributes() if not isinstance(a, ManyOf)]
    picked = data.draw(st.lists(st.sampled_from(singles), min_size=1, max_size=3, unique_by=lambda a: a.id))
    values = {a.id: {str(c[a.id]): c[a.id] for c in all_configurations(catalog)} for a in singles}
    selection: Choices = {}
    for attribute in picked:
        answer = engine.options(selection, context, ON)
        with loaded(0.02):  # the same clicks on a loaded machine get the same reasons
            again = busy.options(selection, context, ON)
        assert (again.excluded, again.narrowed) == (answer.excluded, [])
        for attribute_id, options in answer.excluded.items():
            if isinstance(product.attribute_index[attribute_id], ManyOf):
                continue
            for option, reasons in options.items():
                rules = {r.rule for r in reasons if r.rule is not None}
                used = {a for r in reasons for a in r.choices if a in selection and a != attribute_id}
                part = {**{a: selection[a] for a in used}, attribute_id: values[attribute_id][option]}
                assert not feasible(catalog, context, part, rules), (attribute_id, option, reasons)
                event("a reason with earlier choices" if used else "a reason on its own")
        if not answer.valid[attribute.id]:
            return
        selection[attribute.id] = data.draw(st.sampled_from(answer.valid[attribute.id]))
