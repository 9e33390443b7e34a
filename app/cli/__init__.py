"""The `tailor` command line: one Typer app, one module per command group."""

from __future__ import annotations

import typer

from app.cli import accounts as account_commands
from app.cli import catalog as catalog_commands
from app.cli import catalog_versions
from app.cli import configure as configure_commands
from app.cli import customers as customer_commands
from app.cli import price as price_commands
from app.cli import serve as serve_commands
from app.cli import worker as worker_commands

app = typer.Typer(
    name="tailor",
    help="Tailor: one-to-one mass customization. Catalogs, configuration, pricing and customers.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
catalog_versions.register(catalog_commands.app)
app.add_typer(catalog_commands.app, name="catalog")
app.add_typer(customer_commands.customers, name="customers")
app.add_typer(customer_commands.value, name="value")
app.add_typer(customer_commands.database, name="db")
app.add_typer(account_commands.accounts, name="accounts")
price_commands.register(app)
configure_commands.register(app)
serve_commands.register(app)
worker_commands.register(app)


def main() -> None:
    """Entry point of the `tailor` console script."""
    app()
