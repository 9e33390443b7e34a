"""The steps of the configurator page: each option chosen or not, possible or not and why, in the page's language."""

from __future__ import annotations

from decimal import Decimal

from markupsafe import Markup

from app.catalog import Catalog
from app.engine.answers import Options, Reason
from app.web.views.steps import ChoiceField, NumberField, StepInputs, choice_field, number_field, steps
from tests.web.views.conftest import State


def no_icon(attribute_id: str, option_id: str) -> Markup:
    return Markup("")


def fields_of(inputs: StepInputs) -> dict[str, ChoiceField | NumberField]:
    return {field.id: field for step in steps(inputs) for field in step.fields}


def inputs_of(state: State, locale: str = "en", **fields: str | list[str]) -> StepInputs:
    page = state("jeans", "jeans", locale=locale, **fields)
    return StepInputs(page.product, page.answer, page.choices, page.typed, locale, {}, no_icon)


def test_each_module_is_a_numbered_step_in_the_page_language(state: State) -> None:
    built = steps(inputs_of(state, locale="es"))
    assert [(step.number, step.label) for step in built][:2] == [(1, "Estilo"), (2, "Talla")]
    assert built[0].fields[0].label == "Corte de pierna"


def test_the_chosen_option_is_chosen_and_nothing_else(state: State) -> None:
    fit = fields_of(inputs_of(state, fit="tapered"))["fit"]
    assert isinstance(fit, ChoiceField)
    assert [option.id for option in fit.options if option.chosen] == ["tapered"]
    assert not fit.nothing_chosen
    assert not fit.many
    opening = fields_of(inputs_of(state, fit="tapered"))["opening"]
    assert isinstance(opening, ChoiceField)
    assert opening.nothing_chosen


def test_an_excluded_option_is_disabled_with_the_rules_message(state: State) -> None:
    addons = fields_of(inputs_of(state, inseam="28"))["addons"]
    assert isinstance(addons, ChoiceField)
    assert addons.many
    hem = {option.id: option for option in addons.options}["turn_up_hem"]
    assert not hem.enabled
    assert not hem.chosen
    assert hem.reasons == ("A turn-up hem needs an inseam of 30 in or more.",)
    assert hem.more_reasons == 0
    assert all(option.enabled and not option.reasons for option in addons.options if option.id != "turn_up_hem")


def test_a_chosen_option_stays_enabled_even_when_the_engine_excludes_it(shipped: dict[str, Catalog]) -> None:
    product = shipped["jeans"].product("jeans")
    answer = Options(valid={"fit": []}, excluded={}, count=0)
    inputs = StepInputs(product, answer, {"fit": "classic"}, {}, "en", {}, no_icon)
    fit = choice_field(product.attribute("fit"), inputs)
    assert [(o.id, o.enabled) for o in fit.options if o.chosen] == [("classic", True)]
    assert not any(o.enabled for o in fit.options if not o.chosen)
    assert all(o.reasons == () for o in fit.options)


def test_two_reasons_are_said_and_the_rest_counted(shipped: dict[str, Catalog]) -> None:
    product = shipped["jeans"].product("jeans")
    reasons = [Reason(f"r{i}", f"Rule {i}.", ("fit",)) for i in range(5)]
    answer = Options(valid={"fit": ["classic"]}, excluded={"fit": {"relaxed": reasons}}, count=1)
    icon = lambda attribute, option: Markup(f"<i>{attribute}-{option}</i>")  # noqa: E731
    fit = choice_field(product.attribute("fit"), StepInputs(product, answer, {}, {}, "en", {}, icon))
    relaxed = fit.options[0]
    assert (relaxed.id, relaxed.enabled, relaxed.reasons, relaxed.more_reasons) == (
        "relaxed",
        False,
        ("Rule 0.", "Rule 1."),
        3,
    )
    assert relaxed.icon == Markup("<i>fit-relaxed</i>")


def test_prices_are_the_option_prices_in_minor_units(state: State) -> None:
    wash = fields_of(inputs_of(state))["wash"]
    assert isinstance(wash, ChoiceField)
    assert any(option.price > 0 for option in wash.options)
    assert all(isinstance(option.price, int) for option in wash.options)


def test_a_number_field_is_bounded_by_what_is_possible_now(state: State) -> None:
    inseam = fields_of(inputs_of(state, addons="turn_up_hem"))["inseam"]
    assert isinstance(inseam, NumberField)
    assert inseam.numeric
    assert inseam.unit == "in"
    assert inseam.low == "30.0"
    assert inseam.high == inseam.possible[-1]
    assert not inseam.listed
    assert inseam.value == ""
    assert not inseam.invalid


def test_a_number_it_cannot_take_is_kept_as_typed_and_marked(state: State) -> None:
    waist = fields_of(inputs_of(state, waist="99"))["waist"]
    assert isinstance(waist, NumberField)
    assert (waist.value, waist.invalid) == ("99", True)


def test_a_chosen_number_is_the_value_and_nothing_possible_keeps_the_range(shipped: dict[str, Catalog]) -> None:
    product = shipped["jeans"].product("jeans")
    answer = Options(valid={"waist": []}, excluded={}, count=0)
    inputs = StepInputs(product, answer, {"waist": Decimal("32")}, {}, "en", {"waist": "from your last order"}, no_icon)
    waist = number_field(product.attribute("waist"), inputs)  # type: ignore[arg-type]
    assert (waist.value, waist.possible, waist.listed) == ("32", (), True)
    assert (waist.low, waist.high) == (str(product.attribute("waist").min), str(product.attribute("waist").max))  # type: ignore[union-attr]
    assert waist.known == "from your last order"
