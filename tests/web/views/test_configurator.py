"""The configurator page as one view: counts, problems, keeping it, the offers, the drawing."""

from __future__ import annotations

from urllib.parse import parse_qsl

from app.i18n import say
from app.web.views.configurator import configurator_view
from tests.web.views.conftest import State


def test_the_counts_name_the_design_modules(state: State) -> None:
    view = configurator_view(state("jeans", "jeans"), "es")
    assert view.counts.designs == 1_485_000
    assert view.counts.design_modules == ("Estilo", "Talla")
    assert view.counts.total == 824_365_296
    assert view.counts.exact
    assert configurator_view(state("bikes", "bike"), "en").counts.designs is None


def test_problems_are_said_in_the_page_language(state: State) -> None:
    view = configurator_view(state("jeans", "jeans", locale="es", inseam="long"), "es")
    assert len(view.problems) == 1
    assert "no es un número" in view.problems[0]


def test_keeping_it_waits_for_a_choice_and_names_what_is_missing(state: State) -> None:
    assert configurator_view(state("jeans", "jeans"), "en").keep is None
    assert configurator_view(state("jeans", "jeans", inseam="28", addons="turn_up_hem"), "en").keep is None
    keep = configurator_view(state("jeans", "jeans", fit="classic"), "en").keep
    assert keep is not None
    assert keep.order_query is None
    assert keep.missing > 4
    assert keep.more_missing
    assert keep.missing_labels.startswith("Leg opening, ")
    assert keep.missing_labels.count(", ") == 3


def test_a_complete_configuration_can_be_ordered(state: State) -> None:
    chosen = {"fit": "classic", "opening": "flare", "closure": "buttoned", "bagginess": "slim", "waist": "32",
              "seat": "38", "inseam": "32", "wash": "rinse", "gift_wrap": "no", "service": "standard",
              "payment": "pay_now"}  # fmt: skip
    keep = configurator_view(state("jeans", "jeans", **chosen), "en").keep
    assert keep is not None
    assert keep.missing == 0
    assert keep.order_query is not None
    assert dict(parse_qsl(keep.order_query)) == chosen


def test_three_offers_are_good_better_best_cheapest_first(state: State) -> None:
    assert configurator_view(state("jeans", "jeans"), "en").offers is None
    offers = configurator_view(state("jeans", "jeans", fit="classic", _complete="1", _budget="150"), "en").offers
    assert offers is not None
    assert len(offers) == 3
    assert [offer.rank for offer in offers] == [0, 1, 2]
    assert [offer.total for offer in offers] == sorted(offer.total for offer in offers)
    assert all(("fit", "classic") in parse_qsl(offer.query) for offer in offers)
    assert configurator_view(state("jeans", "jeans", _complete="1", _budget="1"), "en").offers == ()


def test_the_drawing_shows_only_what_it_draws(state: State) -> None:
    page = state("jeans", "jeans", locale="es", fit="tapered", wash="black", service="care_plan")
    view = configurator_view(page, "es")
    assert view.drawing is not None
    assert view.drawing.alt == "Vaqueros a medida: Cónico, Negro"
    assert (view.drawing.name, view.drawing.width, view.drawing.height) == ("jeans", 220, 330)
    assert view.drawing.caption == say("es", "Your jeans as chosen so far") != "Your jeans as chosen so far"
    assert dict(parse_qsl(view.drawing.query)) == {"fit": "tapered", "wash": "black"}
    assert configurator_view(state("bikes", "bike"), "en").drawing is None
