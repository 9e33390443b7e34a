"""Bounded text on SQLite too: a CHECK on the length of every bounded text column (PostgreSQL's
varchar(n) already refuses longer text; SQLite ignores the n unless told)

Revision ID: 0008
Revises: 0007
Created: 2026-12-05 15:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def _bounded(table: str) -> list[tuple[str, int]]:
    """The text columns of `table` with a length, and the length."""
    columns = sa.inspect(op.get_bind()).get_columns(table)
    return [
        (column["name"], column["type"].length)
        for column in columns
        if isinstance(column["type"], sa.String) and column["type"].length
    ]


def _tables() -> list[str]:
    return [name for name in sa.inspect(op.get_bind()).get_table_names() if name != "alembic_version"]


def upgrade() -> None:
    """Apply."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in _tables():
        bounded = _bounded(table)
        if not bounded:
            continue
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for column, length in bounded:
                batch_op.create_check_constraint(
                    f"ck_{table}_{column}_length", sa.text(f'length("{column}") <= {length}')
                )


def downgrade() -> None:
    """Revert."""
    if op.get_bind().dialect.name != "sqlite":
        return
    for table in _tables():
        bounded = _bounded(table)
        if not bounded:
            continue
        with op.batch_alter_table(table, recreate="always") as batch_op:
            for column, _ in bounded:
                batch_op.drop_constraint(f"ck_{table}_{column}_length", type_="check")
