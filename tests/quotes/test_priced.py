"""A quote of configurations priced by `app.pricing.price` (one unit each), end to end."""

from __future__ import annotations

from app.quotes.totals import Quote, quote_totals
from app.quotes.volume import volume_rules_of
from tests.factories import MAY, price_of, shop_catalog
from tests.quotes.builders import line

SHOP = shop_catalog("loyalty", "bulk")


def test_a_quote_of_priced_configurations() -> None:
    # a retained customer: 10 % loyalty on each unit; 3 jeans over two lines reach the 5 % break.
    boot = price_of(SHOP, {"cut": "boot", "care": "basic", "plan": "interest_free"}, tier="retain")
    classic = price_of(SHOP, {"cut": "classic"}, tier="retain")
    quote = Quote(lines=(line("a", boot, 2), line("b", classic, 1)), on=MAY, volume_rules=volume_rules_of(SHOP))
    totals = quote_totals(quote)
    # a: 2 × 5500 + 1000 care = 12000; loyalty 2 × 550; bulk 5 % of 9900 = 495; net 10405, cost 4800.
    # b: 5000; loyalty 500; bulk 5 % of 4500 = 225; net 4275, cost 2000.
    assert [(item.list, item.catalog_discount, item.volume_discount, item.net, item.cost) for item in totals.lines] == [
        (12000, 1100, 495, 10405, 4800),
        (5000, 500, 225, 4275, 2000),
    ]
    assert (totals.list, totals.net, totals.margin) == (17000, 14680, 7880)
    plan = totals.lines[0].payment
    assert plan is not None
    assert (plan.amount, plan.instalments, plan.fee, plan.total_cost) == (10405, 3, 500, 10905)
    assert [(v.rule, v.quantity, v.discount) for v in totals.volumes] == [("bulk", 3, 720)]
