"""`tailor accounts ...`: who may do what (the first admin is made here, the rest on /admin/accounts)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from app.cli.customers import opened
from app.cli.output import console
from app.services.accounts.roles import accounts_list, set_role

accounts = typer.Typer(help="Accounts and their roles (customer, rep, admin).", no_args_is_help=True)


@accounts.command("role")
def role(
    email: Annotated[str, typer.Argument(help="The account's e-mail.")],
    new_role: Annotated[str, typer.Argument(metavar="ROLE", help="customer, rep or admin.")],
) -> None:
    """Give an account a role: rep (sales reps' pages) or admin (also grants roles)."""
    with opened() as session:
        account = set_role(session=session, email=email, role=new_role)
        console.print(f"[green]{account.email} is now {account.role}[/green]")


@accounts.command("list")
def list_accounts() -> None:
    """Every account with its role."""
    with opened() as session:
        table = Table("e-mail", "name", "role", "created")
        for account, customer in accounts_list(session=session):
            table.add_row(account.email, customer.name, account.role, f"{account.created_at:%Y-%m-%d}")
        console.print(table)
