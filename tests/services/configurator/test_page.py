"""The configurator page state: options, problems said as typed errors, the price, and one engine per product."""

from __future__ import annotations

import pytest

from app.catalog.configuration import Context
from app.errors import NotFoundError, TailorError
from app.services.configurator.page import configure, engine_for, parse_choices, product_of
from app.web.forms import choice_pairs
from tests.factories import complete_jeans, shipped

CATALOG = shipped()
WEB = Context(values={"channel": "web"})


def test_a_complete_selection_is_priced_with_nothing_missing() -> None:
    state = configure(CATALOG, "jeans", choice_pairs(complete_jeans()), WEB)
    assert state.problems == []
    assert state.missing == ()
    assert state.breakdown is not None
    assert state.breakdown.total > 0


def test_bad_fields_are_typed_problems_never_a_crash() -> None:
    state = configure(CATALOG, "jeans", [("fit", "nope"), ("waist", "wide")], WEB)
    assert all(isinstance(problem, TailorError) for problem in state.problems)
    assert {p.template for p in state.problems} == {
        "{attribute}: there is no option '{option}'",
        "{attribute}: '{text}' is not a number",
    }
    parsed = parse_choices(CATALOG.product("jeans"), [("fit", "classic")], "en")
    assert parsed.choices == {"fit": "classic"}


def test_products_are_found_and_engines_are_built_once() -> None:
    assert product_of(CATALOG, "jeans").id == "jeans"
    with pytest.raises(NotFoundError):
        product_of(CATALOG, "nope")
    assert engine_for(CATALOG, "jeans") is engine_for(CATALOG, "jeans")
