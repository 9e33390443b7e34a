"""Next-best offer: products, and options of products, this customer has not bought that customers like
them bought, each with why.

Who counts as "like them" (the peers):
- the same value tier as the customer, never the customer themself;
- sharing a need with them: a need facet is one (key, value) of a categorical need (kinds "use",
  "preference", "plan", with a text value or a list of texts; each text of a list is its own facet),
  compared case-blind. Measurements and budgets are numbers that never match exactly and say too much
  about a person, so they are no facet. A customer with no categorical need is compared with their
  whole tier instead (and the why says so);
- only peers who allow their data to be used (`allows` is the consent the service decided; a peer
  who does not allow it is not counted at all, not even in the group sizes).

What is offered: a product of which the customer bought nothing; or, of a product they bought, an
option (attribute, option) they never had. Each item is judged in every peer group (one per facet the
customer has) and offered with the group where the largest share of peers bought it; it needs at least
`min_support` distinct buyers in that group, so no offer ever reveals what one other person bought.

Ranking: the share of the group (exact fraction, larger first), then the number of buyers, then the
item's ids (catalog, product, attribute, option) and the facet, so equal inputs give equal answers.
Nothing is offered (with the reason) when the customer does not allow their data to be used or has no
tier yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import NamedTuple

FACET_KINDS = ("use", "preference", "plan")
"""Need kinds whose values say what a customer needs (compared between customers)."""
MIN_SUPPORT = 2
"""Fewest distinct peers who bought an item for it to be offered (one buyer would be one person's data)."""
LONGEST_FACET = 100
"""Longest need value compared (longer texts are free text, not a category)."""

WHY_NEED = "{share}% of {count} customers of tier {tier} with the same need ({need}) bought it"
WHY_TIER = "{share}% of {count} customers of tier {tier} bought it"
NO_CONSENT = "No offers: the customer does not allow their data to be used to personalise."
NO_TIER = "No offers yet: the customer has no value tier (the next recompute gives one)."
TOO_FEW = "No offers: fewer than {count} customers like them bought anything they have not."

Facet = tuple[str, str]
"""One need as compared: its key and one value, lower-case ("use", "commuting")."""


class Item(NamedTuple):
    """What can be offered: a product (no attribute), or one option of one attribute of a product (a named
    tuple: many thousands are made per answer, and they sort by their ids)."""

    catalog_id: str
    product_id: str
    attribute_id: str = ""
    option_id: str = ""

    @property
    def is_product(self) -> bool:
        return not self.attribute_id

    @property
    def product(self) -> Item:
        return Item(self.catalog_id, self.product_id)


@dataclass(frozen=True)
class Buyer:
    """A customer as the recommender sees them: tier, need facets, what they bought, and their consent."""

    customer_id: int
    tier: str | None
    facets: frozenset[Facet] = frozenset()
    bought: frozenset[Item] = frozenset()
    allows: bool = False


@dataclass(frozen=True)
class Offer:
    """One offer and why: `buyers` of the `peers` in its group bought it (the group: tier and `need`)."""

    item: Item
    buyers: int
    peers: int
    tier: str
    need: Facet | None

    @property
    def share(self) -> int:
        """The share of the group who bought it, in whole percent (half up)."""
        return (200 * self.buyers + self.peers) // (2 * self.peers)

    @property
    def why(self) -> tuple[str, dict[str, object]]:
        """Why it is offered: a message template and its values (`need` as "key: value")."""
        values: dict[str, object] = {"share": self.share, "count": self.peers, "tier": self.tier}
        if self.need is None:
            return WHY_TIER, values
        return WHY_NEED, {**values, "need": f"{self.need[0].replace('_', ' ')}: {self.need[1]}"}


@dataclass(frozen=True)
class Offers:
    """The offers, best first, or none with the reason (a message template and its values)."""

    offers: list[Offer] = field(default_factory=list)
    reason: str = ""
    values: dict[str, object] = field(default_factory=dict)


def facets_of(needs: Iterable[tuple[str, str, object]]) -> frozenset[Facet]:
    """The facets of needs given as (kind, key, value): categorical kinds, text values, case-blind."""
    found: set[Facet] = set()
    for kind, key, value in needs:
        if kind not in FACET_KINDS:
            continue
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and text.strip() and len(text) <= LONGEST_FACET:
                found.add((key.strip().lower(), text.strip().lower()))
    return frozenset(found)


def items_of(catalog_id: str, product_id: str, choices: Mapping[str, object]) -> set[Item]:
    """What one bought configuration counts as: the product and each option chosen (texts, or lists of
    texts; numbers are measurements, not options; the service drops texts that are no option)."""
    found = {Item(catalog_id, product_id)}
    for attribute_id, choice in choices.items():
        for option in choice if isinstance(choice, list) else [choice]:
            if isinstance(option, str) and option:
                found.add(Item(catalog_id, product_id, attribute_id, option))
    return found


def next_best(
    customer: Buyer,
    others: Iterable[Buyer],
    *,
    limit: int = 5,
    min_support: int = MIN_SUPPORT,
    offerable: Callable[[Item], bool] | None = None,
) -> Offers:
    """The `limit` best offers for `customer` from `others` (any customers: peers are picked here)."""
    if not customer.allows:
        return Offers(reason=NO_CONSENT)
    if not customer.tier:
        return Offers(reason=NO_TIER)
    groups = _groups(customer, others)
    best: dict[Item, tuple[tuple[object, ...], Offer]] = {}
    for need, members in groups.items():
        counts: dict[Item, int] = {}
        for member in members:
            for item in member.bought:
                counts[item] = counts.get(item, 0) + 1
        for item, buyers in counts.items():
            if buyers < min_support or not _new_to(customer, item):
                continue
            offer = Offer(item, buyers, len(members), customer.tier, need)
            key = _rank(offer)
            if (item not in best or key < best[item][0]) and (offerable is None or offerable(item)):
                best[item] = (key, offer)
    ranked = [offer for _, offer in sorted(best.values(), key=lambda pair: pair[0])]
    if not ranked:
        return Offers(reason=TOO_FEW, values={"count": min_support})
    return Offers(offers=ranked[: max(limit, 0)])


def _groups(customer: Buyer, others: Iterable[Buyer]) -> dict[Facet | None, list[Buyer]]:
    """Peers per facet of the customer (one tier-wide group, None, when the customer has no facet)."""
    peers = [o for o in others if o.allows and o.tier == customer.tier and o.customer_id != customer.customer_id]
    if not customer.facets:
        return {None: peers}
    return {facet: [p for p in peers if facet in p.facets] for facet in sorted(customer.facets)}


def _new_to(customer: Buyer, item: Item) -> bool:
    """A product they bought nothing of, or an option of a product they bought but never with it."""
    if item.is_product:
        return item not in customer.bought
    return item.product in customer.bought and item not in customer.bought


def _rank(offer: Offer) -> tuple[object, ...]:
    """Smaller is better: larger share, more buyers, then ids (products before their options), then the need."""
    item = offer.item
    return (-Fraction(offer.buyers, offer.peers), -offer.buyers, item, offer.need or ("", ""))
