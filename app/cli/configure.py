"""`tailor configure`, `tailor count` and `tailor complete`: the engine from the command line.

Each command opens the engine on one product of a catalog file (compiling it into the cache
the first time, with a progress bar on standard error when that takes a while), asks one
question and prints the answer as Rich tables or, with `--json`, as one JSON object. Exit 0 for
any answer (an impossible selection is an answer: the conflict and its repairs), 2 for bad
input with a message that names it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from babel.numbers import get_currency_precision
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from app.catalog.evaluate import Choices
from app.catalog.model import Catalog
from app.catalog.selection import resolve_product
from app.catalog.text import localize
from app.cli.output import console, errors, fail, load_or_fail, print_json
from app.cli.price import parse_context, parse_date, parse_pair, parse_selects
from app.engine.answers import Offers, Options, json_choice
from app.engine.bdd import Budget
from app.engine.engine import Engine
from app.engine.limits import REASON_WORK, Limits
from app.errors import TailorError
from app.pricing.money import format_money

FileArg = Annotated[str, typer.Argument(help="Catalog file (.yaml or .json), shipped or imported")]
SelectOpt = Annotated[
    list[str] | None,
    typer.Option("--select", "-s", metavar="ATTR=OPTION", help="attribute=option; repeat it (many-of: a,b)"),
]
ContextOpt = Annotated[
    list[str] | None, typer.Option("--context", "-c", metavar="KEY=VALUE", help="Customer context key=value")
]
ProductOpt = Annotated[
    str | None, typer.Option("--product", "-p", metavar="ID", help="Product id (default: the first)")
]
DateOpt = Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Date (default: today, UTC)")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print the answer as JSON")]
CompileOpt = Annotated[
    float,
    typer.Option("--compile-seconds", min=0.0, help="Time limit of a compile (a safety net: its work budgets decide)"),
]
# the options of one command each
LatestOpt = Annotated[
    str | None, typer.Option("--latest", metavar="ATTR", help="The pick that must hold (default: the last --select)")
]
PriorityOpt = Annotated[
    list[str] | None,
    typer.Option("--priority", metavar="ATTR=N", help="How much the customer cares to keep a choice (repairs)"),
]
LocaleOpt = Annotated[str, typer.Option("--locale", help="Language of the reasons: en, es or pt")]
ProjectOpt = Annotated[
    list[str] | None,
    typer.Option("--project", metavar="ATTR,ATTR", help="Count distinct combinations of these attributes"),
]
PreferOpt = Annotated[
    list[str] | None,
    typer.Option("--prefer", metavar="ATTR=OPTION:WEIGHT", help="A soft preference and its weight; repeat it"),
]
BudgetOpt = Annotated[
    str | None, typer.Option("--budget", metavar="AMOUNT", help="Most list price, in the catalog currency")
]
ObjectiveOpt = Annotated[str, typer.Option("--objective", help="price (lowest), fit (best) or margin (highest)")]
KOpt = Annotated[int, typer.Option("-k", min=1, max=20, help="How many configurations: the best and k-1 others")]

CLI_LIMITS = Limits(reasons=100 * REASON_WORK, seconds=10.0)
"""At a terminal a reason for every excluded option is worth a second: a hundred times the
minimal-conflict searches of a click in the app (all of them on the shipped catalogs and Megane)."""


def register(app: typer.Typer) -> None:
    """Add `configure`, `count` and `complete` to the `tailor` app."""
    app.command("configure")(configure_command)
    app.command("count")(count_command)
    app.command("complete")(complete_command)


class _Session:
    """The catalog, product, date, context and choices of one command, checked, and its engine."""

    def __init__(
        self,
        file: str,
        product: str | None,
        on: str | None,
        context: list[str] | None,
        select: list[str] | None,
        compile_seconds: float,
    ) -> None:
        self.catalog: Catalog = load_or_fail(file)
        self.on: date = parse_date(on)
        try:
            self.product = resolve_product(self.catalog, product, self.on)
        except TailorError as error:
            fail(error.message)
        self.context = parse_context(self.catalog, context or [])
        self.choices: Choices = parse_selects(self.product, select or [])
        self.engine = _open(self.catalog, self.product.id, compile_seconds)

    def money(self, minor_units: int) -> str:
        return format_money(minor_units, self.catalog.currency)

    def ask(self, question: Any, *args: Any, **kwargs: Any) -> Any:
        """The engine's answer to `question` about this session's choices, context and date (exit 2 on bad input)."""
        try:
            return question(self.choices, self.context, self.on, *args, **kwargs)
        except TailorError as error:
            fail(error.message)


def _open(catalog: Catalog, product_id: str, compile_seconds: float) -> Engine:
    bar: list[Any] = []

    def progress(done: int, total: int) -> None:
        if not bar:
            bar.append(
                Progress(
                    TextColumn("compiling"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("rules"),
                    TimeElapsedColumn(),
                    console=errors,
                    transient=True,
                )
            )
            bar[0].start()
            bar.append(bar[0].add_task("compile", total=total))
        bar[0].update(bar[1], completed=done)

    try:
        engine = Engine.open(catalog, product_id, budget=Budget(seconds=compile_seconds), progress=progress)
    finally:
        if bar:
            bar[0].stop()
    if engine.compile_seconds is not None and engine.method != "diagram":
        how = "from the d4 circuit" if engine.method == "circuit" else "by search (slower)"
        errors.print(f"{engine.fallback}; answering {how}")
    return engine


def configure_command(
    file: FileArg, select: SelectOpt = None, context: ContextOpt = None, product: ProductOpt = None, on: DateOpt = None,
    latest: LatestOpt = None, priority: PriorityOpt = None, locale: LocaleOpt = "en",
    as_json: JsonOpt = False, compile_seconds: CompileOpt = Budget().seconds,
) -> None:  # fmt: skip
    """Valid options, why the others are out, the count, and the conflict with repairs when impossible."""
    session = _Session(file, product, on, context, select, compile_seconds)
    priorities = _priorities(priority or [])
    answer: Options = session.ask(
        session.engine.options, latest=latest, priorities=priorities, locale=locale, limits=CLI_LIMITS
    )
    if as_json:
        print_json(answer.to_json())
        return
    _render_options(session, answer, locale)


def count_command(
    file: FileArg, select: SelectOpt = None, context: ContextOpt = None, product: ProductOpt = None, on: DateOpt = None,
    project: ProjectOpt = None,
    as_json: JsonOpt = False, compile_seconds: CompileOpt = Budget().seconds,
) -> None:  # fmt: skip
    """The exact number of valid configurations (under the selection; projected with --project)."""
    session = _Session(file, product, on, context, select, compile_seconds)
    attributes = [part.strip() for text in project or [] for part in text.split(",") if part.strip()]
    if project is not None and not attributes:
        fail("--project: give one or more attribute ids, separated by commas")
    answer = session.ask(session.engine.count, attributes or None)
    if as_json:
        print_json(answer.to_json())
    elif answer.exact:
        console.print(f"{answer.count:,}")
    else:
        console.print(f"at least {answer.count:,} ({answer.narrowed})")


def complete_command(
    file: FileArg, select: SelectOpt = None, context: ContextOpt = None, product: ProductOpt = None, on: DateOpt = None,
    prefer: PreferOpt = None, budget: BudgetOpt = None, objective: ObjectiveOpt = "price", k: KOpt = 3,
    as_json: JsonOpt = False, compile_seconds: CompileOpt = Budget().seconds,
) -> None:  # fmt: skip
    """The best configuration for the preferences and budget, and k-1 diverse alternatives, priced."""
    if objective not in ("price", "fit", "margin"):
        fail(f"--objective {objective}: expected price, fit or margin")
    session = _Session(file, product, on, context, select, compile_seconds)
    preferences = {}
    for text in prefer or []:
        target, colon, weight = text.rpartition(":")
        attribute, equals, option = target.partition("=")
        if not colon or not equals or not attribute or not option:
            fail(f"--prefer {text}: expected attribute=option:weight")
        try:
            preferences[(attribute.strip(), option.strip())] = int(weight)
        except ValueError:
            fail(f"--prefer {text}: the weight '{weight}' is not a whole number")
    limit = _minor_units(budget, session.catalog.currency) if budget is not None else None
    offers: Offers = session.ask(
        session.engine.complete, preferences=preferences, budget=limit, objective=objective, k=k
    )
    if as_json:
        data: dict[str, Any] = {"offers": [offer.to_json() for offer in offers], "currency": session.catalog.currency}
        if offers.narrowed:
            data["narrowed"] = offers.narrowed
        print_json(data)
        return
    for note in offers.narrowed:
        console.print(f"[yellow]narrowed:[/yellow] {note}")
    if not offers:
        if not offers.narrowed:
            console.print("No configuration keeps these choices within the budget.")
        return
    table = Table("", *[f"{'best' if i == 0 else f'alternative {i}'}" for i in range(len(offers))])
    for attribute in offers[0].choices:
        table.add_row(attribute, *[_shown(offer.choices[attribute]) for offer in offers])
    table.add_row("list price", *[session.money(offer.list_price) for offer in offers], end_section=True)
    table.add_row("total", *[session.money(offer.total) for offer in offers])
    table.add_row("fit", *[str(offer.fit) for offer in offers])
    console.print(table)


def _render_options(session: _Session, answer: Options, locale: str) -> None:
    table = Table("attribute", "chosen", "valid options", "not valid, because", title=session.product.id)
    for module in session.product.modules:
        for attribute in module.attributes:
            chosen = session.choices.get(attribute.id)
            excluded = answer.excluded.get(attribute.id, {})
            why = "\n".join(
                f"{option}: {'; '.join(r.message for r in reasons)}" for option, reasons in excluded.items()
            )
            valid = answer.valid[attribute.id]
            table.add_row(
                localize(attribute.label, locale) or attribute.id,
                _shown(chosen) if chosen is not None else "",
                _values(valid),
                why,
            )
    console.print(table)
    count = f"{answer.count:,}" if answer.count is not None else "?"
    console.print(f"Valid configurations: {count}{'' if answer.count_exact else ' or more'}")
    for note in answer.narrowed:
        console.print(f"[yellow]narrowed:[/yellow] {note}")
    if answer.conflict is not None:
        console.print("[red]These choices cannot hold together:[/red] " + ", ".join(answer.conflict.choices))
        for rule in answer.conflict.rules:
            console.print(f"  - {rule.message}")
        for number, repair in enumerate(answer.repairs, start=1):
            changes = ", ".join(f"{a} → {_shown(c)}" for a, c in repair.changes.items())
            console.print(f"  repair {number}: {changes} ({session.money(repair.price_difference)})")


def _values(values: list[Any]) -> str:
    if len(values) > 12 and all(isinstance(v, Decimal) for v in values):
        return f"{values[0]} … {values[-1]} ({len(values)} values)"
    return ", ".join(str(json_choice(v)) for v in values)


def _shown(choice: object) -> str:
    if isinstance(choice, list):
        return ", ".join(choice) or "none"
    return str(choice)


def _priorities(texts: list[str]) -> dict[str, int]:
    priorities = {}
    for text in texts:
        attribute, value = parse_pair(text, "--priority", "attribute=number")
        try:
            priorities[attribute] = int(value)
        except ValueError:
            fail(f"--priority {text}: '{value}' is not a whole number")
    return priorities


def _minor_units(text: str, currency: str) -> int:
    try:
        amount = Decimal(text)
    except InvalidOperation:
        fail(f"--budget {text}: not an amount")
    if not amount.is_finite() or amount < 0:
        fail(f"--budget {text}: not an amount")
    scaled = amount.scaleb(get_currency_precision(currency))
    if scaled != scaled.to_integral_value():
        fail(f"--budget {text}: {currency} has {get_currency_precision(currency)} decimals")
    return int(scaled)
