"""The bikes catalog: valid builds for each kind of rider, and the rule each bad build breaks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.catalog import Catalog, Product
from tests.catalog.shipped import ON, Changes, broken, load_shipped, quote

ORDINARY = {"tier": "ordinary", "segment": "commuter", "region": "es", "channel": "web"}
COMMUTER_PEDELEC: Changes = {
    "drive_class": "pedelec",
    "motor": "mid_250",
    "battery": "wh_500",
    "accessories": ["rack", "panniers", "fenders", "lights", "kickstand"],
    "fitting_session": "yes",
    "service": "care_plan",
    "payment": "finance_24",
}
"""A 2,547-euro commuter e-bike of 20.3 kg, financed over 24 months."""
SPEED_PEDELEC: Changes = {
    "drive_class": "speed_pedelec",
    "motor": "mid_500",
    "battery": "wh_625",
    "accessories": ["lights", "mirror", "lock"],
}
"""A speed pedelec with the road kit and a battery of 625 Wh for its 500 W motor."""
LOADED_PEDELEC: Changes = {
    "drive_class": "pedelec",
    "frame_material": "steel",
    "motor": "hub_250",
    "battery": "wh_750",
    "accessories": ["range_extender", "rack", "child_seat", "fenders", "lock"],
}
"""A family pedelec of 28.3 kg: over the 25 kg limit."""


@pytest.fixture(scope="module")
def catalog(catalog_dir: Path) -> Catalog:
    return load_shipped(catalog_dir, "bikes")


@pytest.fixture(scope="module")
def bike(catalog: Catalog) -> Product:
    return catalog.product("bike")


@pytest.mark.parametrize(
    ("changes", "context", "on", "expected"),
    [
        pytest.param({}, ORDINARY, ON, [], id="defaults: aluminium city bike"),
        pytest.param(COMMUTER_PEDELEC, {**ORDINARY, "tier": "grow"}, ON, [], id="commuter pedelec"),
        pytest.param(
            {**SPEED_PEDELEC, "service": "premium", "payment": "company_lease_36"},
            {**ORDINARY, "tier": "retain", "segment": "corporate", "region": "de"},
            ON,
            [],
            id="leased speed pedelec",
        ),
        pytest.param(
            {
                "rider_height": 198,
                "frame_size": 64,
                "frame_material": "titanium",
                "drive_class": "pedelec",
                "motor": "mid_250",
                "battery": "wh_400",
                "handlebar": "drop",
                "handlebar_width": 44,
            },
            ORDINARY,
            ON,
            [],
            id="tall rider, titanium, drop bar",
        ),
        pytest.param(
            {"rider_height": 150, "frame_size": 44, "wheel_size": "650b", "frame_type": "step_through"},
            ORDINARY,
            ON,
            [],
            id="small rider, step-through",
        ),
        pytest.param(LOADED_PEDELEC, ORDINARY, ON, ["pedelec_weight"], id="over-weight pedelec"),
        pytest.param({"rider_height": 190, "frame_size": 48}, ORDINARY, ON, ["frame_not_too_small"]),
        pytest.param({"rider_height": 155, "frame_size": 54}, ORDINARY, ON, ["frame_not_too_large"]),
        pytest.param({"rider_height": 150, "frame_size": 44}, ORDINARY, ON, ["wheels_for_frame"], id="700c on 44"),
        pytest.param({"rider_height": 195, "frame_size": 62, "wheel_size": "26in"}, ORDINARY, ON, ["wheels_for_frame"]),
        pytest.param(
            {"frame_material": "carbon", "drive_class": "pedelec", "motor": "hub_250", "battery": "wh_400"},
            ORDINARY,
            ON,
            ["motor_for_material"],
            id="carbon with a hub motor",
        ),
        pytest.param(
            {"drive_class": "pedelec", "motor": "mid_500", "battery": "wh_625"},
            ORDINARY,
            ON,
            ["pedelec_250_w"],
            id="500 W pedelec",
        ),
        pytest.param({**SPEED_PEDELEC, "battery": "wh_500"}, ORDINARY, ON, ["battery_for_motor"], id="500 Wh, 500 W"),
        pytest.param(
            {**SPEED_PEDELEC, "battery": "wh_500", "accessories": ["lights", "mirror", "range_extender"]},
            ORDINARY,
            ON,
            [],
            id="500 Wh and an extender for 500 W",
        ),
        pytest.param({"service": "premium"}, ORDINARY, ON, ["premium_for_retain"], id="premium, ordinary"),
        pytest.param(SPEED_PEDELEC, {**ORDINARY, "region": "ie"}, ON, ["speed_pedelec_regions"], id="Ireland"),
        pytest.param({"payment": "company_lease_36"}, ORDINARY, ON, ["company_lease_corporate"], id="lease, commuter"),
        pytest.param({"payment": "finance_24"}, ORDINARY, ON, ["financing_minimum"], id="financing under 1,500"),
        pytest.param(
            COMMUTER_PEDELEC, {**ORDINARY, "tier": "below_zero"}, ON, ["financing_by_tier"], id="financing, below zero"
        ),
        pytest.param({"accessories": ["child_seat"]}, ORDINARY, ON, ["rack_carries_load"], id="child seat, no rack"),
        pytest.param({"accessories": ["rack", "child_seat", "panniers"]}, ORDINARY, ON, ["child_seat_or_panniers"]),
        pytest.param({"frame_material": "carbon", "accessories": ["rack"]}, ORDINARY, ON, ["carbon_no_rack"]),
        pytest.param({"handlebar": "drop"}, ORDINARY, ON, ["drop_bar_width"], id="62 cm drop bar"),
        pytest.param({"handlebar_width": 44}, ORDINARY, ON, ["flat_bar_width"], id="44 cm flat bar"),
        pytest.param(
            {"frame_type": "step_through", "handlebar": "drop", "handlebar_width": 44},
            ORDINARY,
            ON,
            ["step_through_bars"],
            id="step-through with drop bar",
        ),
        pytest.param({"drive_class": "pedelec"}, ORDINARY, ON, ["assisted_needs_motor"], id="pedelec, no motor"),
        pytest.param(
            {"motor": "hub_250", "battery": "wh_400"}, ORDINARY, ON, ["acoustic_no_motor"], id="motor, no assistance"
        ),
        pytest.param({**SPEED_PEDELEC, "motor": "mid_250"}, ORDINARY, ON, ["speed_pedelec_motor"]),
        pytest.param({**SPEED_PEDELEC, "accessories": ["lights"]}, ORDINARY, ON, ["speed_pedelec_road_kit"]),
        pytest.param({"battery": "wh_400"}, ORDINARY, ON, ["battery_needs_motor"], id="battery, no motor"),
        pytest.param(
            {"drive_class": "pedelec", "motor": "hub_250", "accessories": ["range_extender"]},
            ORDINARY,
            ON,
            ["extender_needs_battery"],
            id="extender, no battery",
        ),
        pytest.param(
            {"accessories": ["gps_tracker"]},
            ORDINARY,
            date(2026, 5, 31),
            ["accessories: option 'gps_tracker' of 'accessories' is not available on 2026-05-31"],
            id="GPS tracker before June 2026",
        ),
    ],
)
def test_configuration(bike: Product, changes: Changes, context: dict[str, str], on: date, expected: list[str]) -> None:
    assert broken(bike, changes, context, on) == expected


def test_the_commuter_pedelec_is_financed_at_a_profit(catalog: Catalog) -> None:
    breakdown = quote(catalog, COMMUTER_PEDELEC, {**ORDINARY, "tier": "grow"})

    assert breakdown.unit_subtotal == 254_700
    assert [rule.id for rule in breakdown.price_rules] == ["loyalty"]
    assert breakdown.payment is not None
    assert breakdown.payment.instalments == 24
    assert breakdown.payment.total_interest > 0
    assert breakdown.margin.amount > 0


def test_large_frames_are_priced_per_cm(catalog: Catalog) -> None:
    lines = quote(catalog, {"rider_height": 195, "frame_size": 64}, ORDINARY).lines

    assert [(line.formula, line.unit_price) for line in lines if line.kind == "formula"] == [("custom_frame", 10_000)]


@pytest.mark.parametrize(
    ("changes", "on", "quantity", "expected"),
    [
        pytest.param({}, ON, 2, {"family_and_fleet": 7990}, id="two bikes"),
        pytest.param(COMMUTER_PEDELEC, date(2027, 3, 15), 1, {"spring_ebike_2027": 25470}, id="spring e-bike days"),
        pytest.param({}, date(2027, 3, 15), 1, {}, id="no spring offer without a motor"),
        pytest.param(
            {"frame_material": "carbon", "fitting_session": "yes"}, ON, 1, {"free_fitting": 7900}, id="free fitting"
        ),
    ],
)
def test_price_rules(catalog: Catalog, changes: Changes, on: date, quantity: int, expected: dict[str, int]) -> None:
    breakdown = quote(catalog, changes, ORDINARY, on, quantity)

    assert {rule.id: rule.discount for rule in breakdown.price_rules} == expected


def test_the_750_wh_battery_has_a_new_year_price(catalog: Catalog) -> None:
    changes: Changes = {"drive_class": "pedelec", "motor": "mid_250", "battery": "wh_750"}

    def battery(on: date) -> int:
        return next(line.unit_price for line in quote(catalog, changes, ORDINARY, on).lines if line.option == "wh_750")

    assert (battery(ON), battery(date(2027, 2, 1)), battery(date(2027, 4, 1))) == (69_900, 62_900, 69_900)
