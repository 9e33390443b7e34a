"""`tailor price FILE --select attr=option ...`: price a selection as a Rich table or as JSON.

`--select` is repeated once per attribute; a many-of attribute may be selected several times
(the options merge) or with `addons=a,b` (split on commas unless the whole text is an option
id). Numbers are read as `Decimal`. Bad input exits with status 2 and a message, never a
traceback.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

import typer
from babel.numbers import format_decimal
from pydantic import ValidationError
from rich.table import Table

from app.catalog.configuration import Choice, Context, Selection, today
from app.catalog.model import Catalog, Product
from app.catalog.parse import parse_selects as parse_selects_of
from app.catalog.parse import split_pair
from app.catalog.selection import SelectionError, resolve_product
from app.catalog.text import localize
from app.cli.output import console, fail, load_or_fail, print_json
from app.pricing import PaymentPlan, PriceBreakdown, PricingError, price
from app.pricing.money import format_money
from app.services.context import within

LOCALES = ("en", "es", "pt")


def register(app: typer.Typer) -> None:
    """Add the `price` command to the `tailor` app."""
    app.command("price")(price_command)


def price_command(
    file: Annotated[str, typer.Argument(help="Catalog file (.yaml or .json)")],
    select: Annotated[
        list[str] | None,
        typer.Option("--select", "-s", metavar="ATTR=OPTION", help="attribute=option; repeat it (many-of: a,b)"),
    ] = None,
    context: Annotated[
        list[str] | None, typer.Option("--context", "-c", metavar="KEY=VALUE", help="Customer context key=value")
    ] = None,
    product: Annotated[
        str | None, typer.Option("--product", "-p", metavar="ID", help="Product id (default: the first)")
    ] = None,
    quantity: Annotated[int, typer.Option("--quantity", "-q", min=1, max=100_000, help="Units ordered")] = 1,
    on: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Pricing date, YYYY-MM-DD (default: today, UTC)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the breakdown as JSON")] = False,
    locale: Annotated[str, typer.Option("--locale", help="Language of labels and amounts: en, es or pt")] = "en",
    customer: Annotated[
        int | None,
        typer.Option(
            "--customer", metavar="ID", min=1, help="Price for this customer (their context, from the database)"
        ),
    ] = None,
    channel: Annotated[
        str, typer.Option("--channel", help="Touchpoint with --customer: web, call_centre, shop, field")
    ] = "web",
) -> None:
    """Price a selection: lines, price rules, service fee, total, margin and payment plan."""
    if locale not in LOCALES:
        fail(f"unknown locale '{locale}' (expected one of: {', '.join(LOCALES)})")
    if customer is not None and context:
        fail("give --customer or --context, not both: a customer's context comes from what Tailor knows about them")
    catalog = load_or_fail(file)
    pricing_date = parse_date(on)
    try:
        target = resolve_product(catalog, product, pricing_date)
        selection = _selection(product, parse_selects(target, select or []), quantity)
        if customer is not None:
            priced_for = customer_context_of(customer, channel, pricing_date)
        else:
            priced_for = Context(values=parse_context(catalog, context or []), on=pricing_date)
        breakdown = price(catalog, selection, within(catalog, priced_for))
    except (PricingError, SelectionError) as error:
        fail(error.message)
    if as_json:
        print_json(breakdown.model_dump(mode="json"))
    else:
        render(breakdown, locale)


def customer_context_of(customer_id: int, channel: str, on: date) -> Context:
    """The context of a customer of the configured database, decided as every page decides it."""
    from app.cli.customers import opened
    from app.services.context import CHANNELS, customer_context
    from app.services.customers.records import resolve

    if channel not in CHANNELS:
        fail(f"--channel {channel}: expected one of {', '.join(CHANNELS)}")
    with opened() as session:
        found = resolve(session=session, customer_id=customer_id)
        return customer_context(session=session, customer=found, channel=channel, on=on)


def parse_selects(product: Product, texts: list[str]) -> dict[str, Choice]:
    """`attr=option` texts as choices (`catalog.parse.parse_selects`), or exit 2 naming the bad one."""
    try:
        return parse_selects_of(product, texts)
    except SelectionError as error:
        fail(error.message)


def parse_context(catalog: Catalog, texts: list[str]) -> dict[str, str]:
    """`key=value` texts as customer context, checked against the keys the catalog declares."""
    values: dict[str, str] = {}
    for text in texts:
        key, value = parse_pair(text, "--context", "key=value")
        if key not in catalog.context:
            fail(f"--context {text}: unknown context key '{key}' (declared: {', '.join(catalog.context) or 'none'})")
        allowed = catalog.context[key]
        if allowed and value not in allowed:
            fail(f"--context {text}: unknown value '{value}' for '{key}' (allowed: {', '.join(allowed)})")
        values[key] = value
    return values


def parse_date(text: str | None) -> date:
    """The `--date` value, or today (UTC) when it is not given."""
    if text is None:
        return today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"--date {text}: not a date (expected YYYY-MM-DD)")


def _selection(product: str | None, choices: dict[str, Choice], quantity: int) -> Selection:
    try:
        return Selection(product=product, choices=choices, quantity=quantity)
    except ValidationError as error:
        bad = error.errors()[0].get("input")
        fail(f"--select: '{bad}' is not a valid attribute or option id")


def parse_pair(text: str, flag: str, shape: str) -> tuple[str, str]:
    """`key=value` split and stripped, or exit 2 naming the flag and the expected shape."""
    try:
        return split_pair(text, flag, shape)
    except SelectionError as error:
        fail(error.message)


def render(breakdown: PriceBreakdown, locale: str) -> None:
    """Print the breakdown as Rich tables, amounts formatted for `locale`."""
    money = _Money(breakdown.currency, locale)
    console.print(_breakdown_table(breakdown, money, locale))
    margin = breakdown.margin
    share = f" ({money.percent(margin.percent)})" if margin.percent is not None else ""
    console.print(f"Margin: {money(margin.amount)}{share} on a cost of {money(margin.cost)}")
    if breakdown.payment is not None:
        console.print(_plan_table(breakdown.payment, money, locale))
        console.print(_plan_summary(breakdown.payment, money))


class _Money:
    """Formats minor units of one currency as money in one locale."""

    def __init__(self, currency: str, locale: str) -> None:
        self.currency = currency
        self.locale = locale

    def __call__(self, minor_units: int) -> str:
        return format_money(minor_units, self.currency, self.locale)

    def percent(self, percent: Decimal) -> str:
        return f"{format_decimal(percent, locale=self.locale)} %"


def _breakdown_table(breakdown: PriceBreakdown, money: _Money, locale: str) -> Table:
    table = Table("", "unit price", "amount", title=f"{breakdown.product} × {breakdown.quantity}, {breakdown.on}")
    for line in breakdown.lines:
        table.add_row(localize(line.label, locale), money(line.unit_price), money(line.amount))
    table.add_row("Subtotal", money(breakdown.unit_subtotal), money(breakdown.subtotal), end_section=True)
    for rule in breakdown.price_rules:
        share = money.percent(rule.percent) if rule.percent is not None else ""
        table.add_row(localize(rule.label, locale), share, money(-rule.discount))
    if breakdown.service is not None:
        service = breakdown.service
        label = f"{localize(service.label, locale)} (first year; response within {service.response_hours} h)"
        table.add_row(label, "", money(service.annual_fee))
    table.add_row("[bold]Total[/bold]", "", f"[bold]{money(breakdown.total)}[/bold]", end_section=True)
    return table


def _plan_table(plan: PaymentPlan, money: _Money, locale: str) -> Table:
    table = Table("month", "payment", "interest", "principal", "balance", title=localize(plan.label, locale))
    for row in plan.schedule:
        table.add_row(
            str(row.number), money(row.payment), money(row.interest), money(row.principal), money(row.balance)
        )
    return table


def _plan_summary(plan: PaymentPlan, money: _Money) -> str:
    return (
        f"Down payment {money(plan.down_payment)} ({money.percent(plan.down_payment_percent)}), "
        f"financed {money(plan.financed)}: {plan.instalments} × {money(plan.instalment_amount)} "
        f"at {money.percent(plan.apr)} APR\n"
        f"Interest {money(plan.total_interest)} + fee {money(plan.fee)}: total cost {money(plan.total_cost)}"
    )
