"""A kept quote as the pure core prices it: its lines at their locked prices, volume breaks from the
catalog versions they were priced on, totals, margin and the discount authority's verdict.

Nothing here calls the engine: a line's price was fixed when it was configured (`QuoteLine.breakdown`),
so the page prices a quote in the time it takes to add up its lines. `requote` prices them again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from app.catalog import Catalog, Product
from app.catalog.price_rules import Volume
from app.errors import TailorError
from app.models import Customer, Quote, QuoteLine
from app.models.base import utcnow
from app.pricing.breakdown import PriceBreakdown
from app.quotes.authority import AuthorityPolicy, Tier, Verdict, needs_approval
from app.quotes.lines import LineDiscount
from app.quotes.lines import QuoteLine as CoreLine
from app.quotes.totals import Quote as CoreQuote
from app.quotes.totals import QuoteTotals, quote_totals
from app.quotes.volume import volume_rules_of
from app.services.catalogs.shelf import catalog_made_on
from app.value.tiers import TIERS


@dataclass(frozen=True)
class PricedQuote:
    """A quote, its lines, and what the core makes of them (`problem` when it cannot price them)."""

    quote: Quote
    lines: list[QuoteLine]
    core: CoreQuote | None
    totals: QuoteTotals | None
    verdict: Verdict | None
    tier: Tier
    problem: TailorError | None = None
    catalogs: Mapping[str, Catalog] = field(default_factory=dict)
    """The catalog version each line was priced on, by content hash."""

    def product_of(self, line: QuoteLine) -> Product:
        """The product of `line` as the version it was priced on has it."""
        return self.catalogs[line.catalog_hash].product(line.product_id)


def priced_quote(
    *, session: Session, quote: Quote, lines: list[QuoteLine] | None = None, policy: AuthorityPolicy | None = None
) -> PricedQuote:
    """Price `quote` (its lines as kept, unless given) and judge it against the discount authority policy."""
    from app.services.quotes.policy import authority_policy
    from app.services.quotes.store import lines_of

    rows = lines if lines is not None else lines_of(session=session, quote_id=int(quote.id or 0))
    tier = tier_of(session.get(Customer, quote.customer_id))
    if not rows:
        return PricedQuote(quote, rows, None, None, None, tier)
    if any(not row.breakdown for row in rows):
        return PricedQuote(quote, rows, None, None, None, tier, TailorError("This quote's customer was erased."))
    catalogs = {row.catalog_hash: line_catalog(session, row) for row in rows}
    try:
        core = core_quote(quote, rows, catalogs)
        totals = quote_totals(core)
    except TailorError as error:
        return PricedQuote(quote, rows, None, None, None, tier, error, catalogs)
    verdict = needs_approval(policy or authority_policy(session=session), tier, totals)
    return PricedQuote(quote, rows, core, totals, verdict, tier, None, catalogs)


def core_quote(quote: Quote, rows: list[QuoteLine], catalogs: Mapping[str, Catalog]) -> CoreQuote:
    """The pure core's quote of these kept lines (volume rules of each product from its line's version)."""
    volume: dict[str, tuple[Volume, ...]] = {}
    for row in rows:
        volume.setdefault(row.product_id, volume_rules_of(catalogs[row.catalog_hash]).get(row.product_id, ()))
    lines = tuple(core_line(row) for row in rows)
    percent = Decimal(quote.discount_percent) if quote.discount_percent else None
    return CoreQuote(lines=lines, discount_percent=percent, on=priced_on(rows), volume_rules=volume)


def core_line(row: QuoteLine) -> CoreLine:
    """One kept line as the core's line: its locked breakdown, quantity and discount."""
    discount = None
    if row.discount_percent:
        discount = LineDiscount(percent=Decimal(row.discount_percent))
    elif row.discount_per_unit:
        discount = LineDiscount(amount_per_unit=row.discount_per_unit)
    breakdown = PriceBreakdown.model_validate(row.breakdown)
    return CoreLine(key=row.key, breakdown=breakdown, quantity=row.quantity, discount=discount)


def priced_on(rows: list[QuoteLine]) -> date:
    """The day the quote's volume rules are taken in force: the day its newest line was priced."""
    days = [date.fromisoformat(str(row.context["on"])) for row in rows if row.context.get("on")]
    return max(days) if days else utcnow().date()


def line_catalog(session: Session, row: QuoteLine) -> Catalog:
    """The exact catalog version a line was priced on."""
    return catalog_made_on(session=session, catalog_id=row.catalog_id, digest=row.catalog_hash)


def tier_of(customer: Customer | None) -> Tier:
    """The customer's value tier for the policy (`ordinary` until the value job has given one)."""
    tier = customer.tier if customer is not None else None
    return tier if tier in TIERS else "ordinary"  # type: ignore[return-value]
