"""The business connectivity catalog: bundles per segment and tier, and the rule each bad bundle breaks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from app.catalog import Catalog, Product
from tests.catalog.shipped import ON, Changes, broken, load_shipped, quote

SMB = {"tier": "ordinary", "segment": "smb", "region": "es", "channel": "web"}
ENTERPRISE = {"tier": "retain", "segment": "enterprise", "region": "pt", "channel": "field"}
PUBLIC = {"tier": "ordinary", "segment": "public_sector", "region": "es", "channel": "field"}
HEADQUARTERS: Changes = {
    "speed": "gbps_1",
    "seats": 150,
    "addons": ["managed_firewall", "sd_wan", "backup_4g", "static_ips", "ddos_protection"],
    "service": "dedicated_manager",
    "payment": "lease_36",
}
"""An enterprise head office: 1 Gbps for 150 users, SD-WAN, live in 53 days, leased."""
EVERYTHING: Changes = {
    "speed": "gbps_10",
    "addons": [
        "static_ips",
        "backup_4g",
        "managed_firewall",
        "sd_wan",
        "managed_wifi",
        "ddos_protection",
        "voice_trunk",
    ],
    "installation": "weekend",
    "site_survey": "yes",
}
"""Every add-on on a 10 Gbps line installed at the weekend: 94 days of work."""


@pytest.fixture(scope="module")
def catalog(catalog_dir: Path) -> Catalog:
    return load_shipped(catalog_dir, "business")


@pytest.fixture(scope="module")
def bundle(catalog: Catalog) -> Product:
    return catalog.product("connectivity")


@pytest.mark.parametrize(
    ("changes", "context", "on", "expected"),
    [
        pytest.param({}, SMB, ON, [], id="defaults: 600 Mbps fibre with a firewall"),
        pytest.param(HEADQUARTERS, ENTERPRISE, ON, [], id="enterprise head office"),
        pytest.param(
            {
                "access_type": "fixed_5g",
                "speed": "mbps_300",
                "seats": 5,
                "installation": "self_install",
                "service": "eight_hours",
                "payment": "quarterly",
            },
            {**SMB, "tier": "grow"},
            ON,
            [],
            id="shop on 5G, self-installed",
        ),
        pytest.param(
            {
                "speed": "gbps_10",
                "seats": 250,
                "installation": "out_of_hours",
                "site_survey": "yes",
                "service": "four_hours_24x7",
                "payment": "quarterly",
            },
            PUBLIC,
            ON,
            [],
            id="public-sector data centre",
        ),
        pytest.param({"access_type": "fixed_5g", "speed": "gbps_1"}, SMB, ON, ["line_speeds"], id="1 Gbps on 5G"),
        pytest.param({"speed": "mbps_300", "seats": 80}, SMB, ON, ["bandwidth_per_seat"], id="80 users on 300 Mbps"),
        pytest.param(
            {"seats": 60, "addons": ["sd_wan", "backup_4g"]}, SMB, ON, ["firewall_for_large_sites"], id="60 users"
        ),
        pytest.param({"addons": []}, SMB, ON, ["security_included"], id="no security"),
        pytest.param({"addons": ["sd_wan"]}, SMB, ON, ["sd_wan_needs_backup"]),
        pytest.param({"addons": ["ddos_protection"]}, SMB, ON, ["ddos_needs_static_ips"]),
        pytest.param(
            {"access_type": "fixed_5g", "addons": ["managed_firewall", "backup_4g"]}, SMB, ON, ["no_4g_backup_on_5g"]
        ),
        pytest.param({"installation": "self_install"}, SMB, ON, ["self_install_5g_only"], id="fibre, self-installed"),
        pytest.param({"installation": "weekend"}, SMB, ON, ["survey_before_special_windows"], id="weekend, no survey"),
        pytest.param(EVERYTHING, ENTERPRISE, ON, ["go_live_60_days"], id="94 days of work"),
        pytest.param(
            {"access_type": "fixed_5g", "service": "four_hours_24x7"}, SMB, ON, ["fast_repair_on_fibre"], id="4 h on 5G"
        ),
        pytest.param(
            {"service": "four_hours_24x7"},
            {**SMB, "tier": "below_zero"},
            ON,
            ["fast_repair_by_tier"],
            id="4 h, below 0",
        ),
        pytest.param(
            {"service": "dedicated_manager"},
            {**SMB, "tier": "retain"},
            ON,
            ["dedicated_manager_for_key_accounts"],
            id="manager, retained smb",
        ),
        pytest.param(
            {"service": "dedicated_manager"},
            {**ENTERPRISE, "tier": "ordinary"},
            ON,
            ["dedicated_manager_for_key_accounts"],
            id="manager, ordinary enterprise",
        ),
        pytest.param({"speed": "gbps_10"}, SMB, ON, ["ten_gig_for_large_organisations"], id="10 Gbps for smb"),
        pytest.param({"payment": "quarterly"}, {**SMB, "tier": "below_zero"}, ON, ["credit_by_tier"]),
        pytest.param(
            {"payment": "lease_36", "speed": "gbps_10"}, PUBLIC, ON, ["no_lease_for_public_sector"], id="public lease"
        ),
        pytest.param({"payment": "lease_36"}, SMB, ON, ["lease_minimum"], id="lease under 5,000"),
        pytest.param(
            {"addons": ["ddos_protection", "static_ips"]},
            SMB,
            date(2026, 8, 31),
            ["addons: option 'ddos_protection' of 'addons' is not available on 2026-08-31"],
            id="DDoS protection before September 2026",
        ),
    ],
)
def test_configuration(
    bundle: Product, changes: Changes, context: dict[str, str], on: date, expected: list[str]
) -> None:
    assert broken(bundle, changes, context, on) == expected


def test_extra_seats_are_priced_per_seat(catalog: Catalog) -> None:
    lines = quote(catalog, {"seats": 25}, SMB).lines

    assert [(line.formula, line.unit_price) for line in lines if line.kind == "formula"] == [("extra_seats", 162_000)]


@pytest.mark.parametrize(
    ("changes", "context", "on", "quantity", "expected"),
    [
        pytest.param({}, SMB, ON, 1, {}, id="one smb site"),
        pytest.param({}, SMB, ON, 3, {"multi_site": 65_040}, id="3 sites 5 %"),
        pytest.param({}, SMB, ON, 10, {"multi_site": 433_600}, id="10 sites 10 %"),
        pytest.param({}, PUBLIC, ON, 1, {"public_sector_framework": 34_688}, id="public sector 8 %"),
        pytest.param(
            {},
            {**PUBLIC, "tier": "retain"},
            ON,
            1,
            {"account_tier": 52_032, "public_sector_framework": 30_525},
            id="retained public body: 12 % then 8 %",
        ),
        pytest.param(
            {"addons": ["managed_firewall", "sd_wan", "backup_4g"]},
            SMB,
            date(2027, 2, 1),
            1,
            {"sd_wan_launch_2027": 30_000},
            id="SD-WAN launch offer",
        ),
    ],
)
def test_price_rules(
    catalog: Catalog, changes: Changes, context: dict[str, str], on: date, quantity: int, expected: dict[str, int]
) -> None:
    breakdown = quote(catalog, changes, context, on, quantity)

    assert {rule.id: rule.discount for rule in breakdown.price_rules} == expected


def test_the_firewall_has_a_2027_price(catalog: Catalog) -> None:
    def firewall(on: date) -> int:
        return next(line.unit_price for line in quote(catalog, {}, SMB, on).lines if line.option == "managed_firewall")

    assert (firewall(ON), firewall(date(2027, 1, 1))) == (140_400, 126_000)


def test_the_head_office_lease(catalog: Catalog) -> None:
    breakdown = quote(catalog, HEADQUARTERS, ENTERPRISE, quantity=1)

    assert (
        breakdown.unit_subtotal
        == 29_900 + 320_400 + 140 * 10_800 + 36_000 + 54_000 + 140_400 + 176_400 + 104_400 + 14_900
    )
    assert breakdown.service is not None
    assert breakdown.service.annual_fee == 240_000
    assert breakdown.payment is not None
    assert (breakdown.payment.instalments, breakdown.payment.apr) == (36, Decimal("6.5"))
    assert breakdown.margin.amount > 0
