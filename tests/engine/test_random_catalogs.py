"""Random small catalogs of every rule kind: the compiled engine agrees with brute-force enumeration."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog import Catalog
from app.catalog.attributes import ManyOf
from app.catalog.evaluate import Choices
from app.engine.engine import Engine
from tests.engine.random_catalogs import ON, TIERS, catalogs, valid_configurations, value_key


def agrees(configuration: Choices, selection: Choices, ignore: str | None = None) -> bool:
    """Whether the configuration keeps every selected choice (except the ignored attribute's)."""
    return all(value_key(configuration[k]) == value_key(v) for k, v in selection.items() if k != ignore)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalog=catalogs(), tier=st.sampled_from([*TIERS, None]), data=st.data())
def test_counts_and_valid_values_match_brute_force(catalog: Catalog, tier: str | None, data: st.DataObject) -> None:
    context = {} if tier is None else {"tier": tier}
    compiled = Engine.open(catalog)
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
