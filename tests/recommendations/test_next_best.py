"""Next-best offer (pure core): who the peers are, what is offered, why, in which order, and consent."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.recommendations.next_best import (
    NO_CONSENT,
    NO_TIER,
    TOO_FEW,
    WHY_NEED,
    WHY_TIER,
    Buyer,
    Item,
    facets_of,
    items_of,
    next_best,
)

JEANS = Item("jeans", "jeans")
BIKE = Item("bikes", "bike")
BUTTONS = Item("jeans", "jeans", "closure", "buttoned")
WIDE = Item("jeans", "jeans", "opening", "wide")
COMMUTING = ("use", "commuting")


def buyer(number: int, *bought: Item, tier: str | None = "retain", facets: tuple[tuple[str, str], ...] = (COMMUTING,),
          allows: bool = True) -> Buyer:  # fmt: skip
    return Buyer(number, tier, frozenset(facets), frozenset(bought), allows)


def test_facets_are_categorical_needs_case_blind_and_lists_split() -> None:
    needs = [("use", "use", " Commuting "), ("measurement", "waist", 32), ("preference", "colours", ["Blue", "black"]),
             ("plan", "plan", 12), ("budget", "budget_eur", "200"), ("use", "story", "x" * 101)]  # fmt: skip
    assert facets_of(needs) == {("use", "commuting"), ("colours", "blue"), ("colours", "black")}


def test_a_bought_configuration_is_its_product_and_its_text_options() -> None:
    items = items_of("jeans", "jeans", {"closure": "buttoned", "addons": ["lining", "rivets"], "waist": 32, "x": ""})
    assert items == {
        JEANS,
        BUTTONS,
        Item("jeans", "jeans", "addons", "lining"),
        Item("jeans", "jeans", "addons", "rivets"),
    }


def test_products_not_bought_and_options_of_products_bought_are_offered_with_why() -> None:
    ana = buyer(1, JEANS)
    peers = [buyer(2, JEANS, BUTTONS, BIKE), buyer(3, JEANS, BUTTONS, BIKE), buyer(4, JEANS, BIKE), buyer(5, JEANS)]
    found = next_best(ana, peers)
    assert [offer.item for offer in found.offers] == [BIKE, BUTTONS]
    bike = found.offers[0]
    assert (bike.buyers, bike.peers, bike.share) == (3, 4, 75)
    assert bike.why == (WHY_NEED, {"share": 75, "count": 4, "tier": "retain", "need": "use: commuting"})
    assert JEANS not in [offer.item for offer in found.offers], "never what they already bought"


def test_options_of_products_they_never_bought_are_not_offered_apart() -> None:
    found = next_best(buyer(1), [buyer(2, JEANS, WIDE), buyer(3, JEANS, WIDE)])
    assert [offer.item for offer in found.offers] == [JEANS]


def test_peers_share_the_tier_and_a_need_and_are_never_the_customer() -> None:
    ana = buyer(1, JEANS)
    others = [buyer(1, BIKE), buyer(1, BIKE), buyer(2, BIKE, tier="grow"), buyer(3, BIKE, tier="grow"),
              buyer(4, BIKE, facets=(("use", "racing"),)), buyer(5, BIKE, facets=(("use", "racing"),))]  # fmt: skip
    assert next_best(ana, others).offers == []


def test_one_buyer_is_never_enough() -> None:
    found = next_best(buyer(1, JEANS), [buyer(2, JEANS, BIKE), buyer(3, JEANS)])
    assert found.offers == []
    assert (found.reason, found.values) == (TOO_FEW, {"count": 2})
    assert [o.item for o in next_best(buyer(1, JEANS), [buyer(2, BIKE)], min_support=1).offers] == [BIKE]


def test_without_needs_the_whole_tier_is_compared_and_the_why_says_so() -> None:
    ana = buyer(1, facets=())
    found = next_best(ana, [buyer(2, BIKE), buyer(3, BIKE, facets=())])
    assert found.offers[0].why == (WHY_TIER, {"share": 100, "count": 2, "tier": "retain"})


def test_each_item_is_offered_once_with_the_group_where_most_bought_it() -> None:
    ana = buyer(1, facets=(COMMUTING, ("use", "touring")))
    touring = (("use", "touring"),)
    peers = [buyer(2, BIKE), buyer(3, BIKE), buyer(4), buyer(5, BIKE, facets=touring), buyer(6, BIKE, facets=touring)]
    found = next_best(ana, peers)
    assert len(found.offers) == 1
    assert (found.offers[0].need, found.offers[0].share) == (("use", "touring"), 100)


def test_no_consent_or_no_tier_gives_nothing_with_the_reason() -> None:
    peers = [buyer(2, BIKE), buyer(3, BIKE)]
    assert next_best(buyer(1, allows=False), peers).reason == NO_CONSENT
    assert next_best(buyer(1, tier=None), peers).reason == NO_TIER
    assert next_best(buyer(1, allows=False), peers).offers == []


def test_peers_who_do_not_allow_are_not_counted_at_all() -> None:
    peers = [buyer(2, BIKE), buyer(3, BIKE), buyer(4, allows=False), buyer(5, BIKE, allows=False)]
    offer = next_best(buyer(1), peers).offers[0]
    assert (offer.buyers, offer.peers) == (2, 2)


def test_limit_and_what_may_be_offered() -> None:
    peers = [buyer(n, JEANS, BIKE, Item("c", "mug")) for n in (2, 3)]
    assert len(next_best(buyer(1), peers, limit=2).offers) == 2
    assert [o.item for o in next_best(buyer(1), peers, offerable=lambda i: i != BIKE).offers] == [
        Item("c", "mug"),
        JEANS,
    ]


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({BIKE: 3, JEANS: 2}, [BIKE, JEANS]),  # larger share first
        ({BIKE: 2, JEANS: 2}, [BIKE, JEANS]),  # ties: by ids ("bikes" < "jeans")
        ({JEANS: 2, Item("a", "z"): 2}, [Item("a", "z"), JEANS]),
    ],
)
def test_order_table(counts: dict[Item, int], expected: list[Item]) -> None:
    peers = [buyer(10 + n, *[item for item, count in counts.items() if n < count]) for n in range(4)]
    assert [o.item for o in next_best(buyer(1), peers).offers] == expected


ITEMS = [JEANS, BIKE, BUTTONS, WIDE, Item("c", "mug")]
FACETS = [COMMUTING, ("use", "racing"), ("colour", "blue")]
buyers = st.builds(
    Buyer,
    customer_id=st.integers(1, 30),
    tier=st.sampled_from(["retain", "grow", None]),
    facets=st.frozensets(st.sampled_from(FACETS), max_size=2),
    bought=st.frozensets(st.sampled_from(ITEMS), max_size=4),
    allows=st.booleans(),
)


@settings(max_examples=200, deadline=None)
@given(customer=buyers, others=st.lists(buyers, max_size=12))
def test_any_input_orders_deterministically_and_respects_consent(customer: Buyer, others: list[Buyer]) -> None:
    found = next_best(customer, others, limit=10)
    assert found == next_best(customer, list(reversed(others)), limit=10), "the order of the input does not matter"
    shares = [(-o.buyers / o.peers, -o.buyers) for o in found.offers]
    assert shares == sorted(shares)
    assert len({o.item for o in found.offers}) == len(found.offers)
    for offer in found.offers:
        assert offer.buyers >= 2
        assert offer.item not in customer.bought
    refusing = [Buyer(o.customer_id, o.tier, o.facets, o.bought | frozenset(ITEMS), False) for o in others]
    assert next_best(customer, others + refusing, limit=10) == found, "peers who refuse change nothing"
    if not customer.allows:
        assert found.offers == []
        assert found.reason == NO_CONSENT
