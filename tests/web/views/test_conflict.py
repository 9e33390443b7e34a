"""The conflict panel: the rules' messages or the typed number's error, ways out that apply, taking a pick back."""

from __future__ import annotations

from urllib.parse import parse_qsl

from app.web.forms import choice_pairs
from app.web.views.conflict import conflict_view
from tests.web.views.conftest import State


def test_no_conflict_no_panel(state: State) -> None:
    assert conflict_view(state("jeans", "jeans", inseam="28"), "en") is None


def test_a_rule_clash_says_the_rule_and_offers_ways_out(state: State) -> None:
    page = state("jeans", "jeans", inseam="28", addons="turn_up_hem")
    view = conflict_view(page, "en")
    assert view is not None
    assert view.messages == ("A turn-up hem needs an inseam of 30 in or more.",)
    assert len(view.repairs) >= 3
    first = view.repairs[0]
    assert parse_qsl(first.query) == choice_pairs(page.answer.repairs[0].selection)
    assert all(change.attribute for repair in view.repairs for change in repair.changes)


def test_the_clashing_pick_can_be_taken_back(state: State) -> None:
    view = conflict_view(state("jeans", "jeans", locale="es", inseam="28", addons="turn_up_hem"), "es")
    assert view is not None
    assert view.take_back is not None
    assert (view.take_back.attribute, view.take_back.choice) == ("Extras", "Bajo vuelto")
    assert parse_qsl(view.take_back.query) == [("inseam", "28")]


def test_a_number_between_values_is_the_clash_said_as_an_error(state: State) -> None:
    view = conflict_view(state("jeans", "jeans", waist="32.3"), "en")
    assert view is not None
    assert len(view.messages) == 1
    assert view.messages[0].startswith("Waist: 32.3 is not one of its values")
    assert view.take_back is not None
    assert view.take_back.choice == "32.3"
    assert [change.attribute for repair in view.repairs for change in repair.changes] == ["Waist", "Waist"]
