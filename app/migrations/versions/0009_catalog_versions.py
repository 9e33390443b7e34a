"""Catalog versions: catalogs, their numbered versions (document, content hash, status, effective
date) and the edit log; saved configurations and order lines name the exact version they were made on

Revision ID: 0009
Revises: 0008
Created: 2026-12-05 22:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _sqlite() -> bool:
    return bool(op.get_bind().dialect.name == "sqlite")


def _lengths(table: str, **lengths: int) -> list[sa.CheckConstraint]:
    """SQLite's CHECKs on the length of bounded text (see 0008); PostgreSQL's varchar(n) needs none."""
    if not _sqlite():
        return []
    return [
        sa.CheckConstraint(f'length("{column}") <= {length}', name=f"ck_{table}_{column}_length")
        for column, length in lengths.items()
    ]


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "catalog",
        sa.Column("id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        *_lengths("catalog", id=100, name=200),
    )
    op.create_table(
        "catalog_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=100), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("effective_from", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("published_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["author_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["catalog_id"], ["catalog.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("catalog_id", "number", name="uq_catalog_version_number"),
        *_lengths("catalog_version", catalog_id=100, content_hash=64, status=16, notes=2000),
    )
    with op.batch_alter_table("catalog_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_version_catalog_id"), ["catalog_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_catalog_version_content_hash"), ["content_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_catalog_version_effective_from"), ["effective_from"], unique=False)
    op.create_table(
        "catalog_edit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("old_value", sa.String(length=20000), nullable=True),
        sa.Column("new_value", sa.String(length=20000), nullable=True),
        sa.ForeignKeyConstraint(["account_id"], ["account.id"]),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_version.id"]),
        sa.PrimaryKeyConstraint("id"),
        *_lengths("catalog_edit", path=500, old_value=20000, new_value=20000),
    )
    with op.batch_alter_table("catalog_edit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_edit_version_id"), ["version_id"], unique=False)
    for table in ("order_line", "saved_configuration"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("catalog_hash", sa.String(length=64), nullable=True))
            if _sqlite():
                batch_op.create_check_constraint(
                    f"ck_{table}_catalog_hash_length", sa.text('length("catalog_hash") <= 64')
                )


def downgrade() -> None:
    """Revert."""
    for table in ("saved_configuration", "order_line"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            if _sqlite():
                batch_op.drop_constraint(f"ck_{table}_catalog_hash_length", type_="check")
            batch_op.drop_column("catalog_hash")
    with op.batch_alter_table("catalog_edit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_edit_version_id"))
    op.drop_table("catalog_edit")
    with op.batch_alter_table("catalog_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_version_effective_from"))
        batch_op.drop_index(batch_op.f("ix_catalog_version_content_hash"))
        batch_op.drop_index(batch_op.f("ix_catalog_version_catalog_id"))
    op.drop_table("catalog_version")
    op.drop_table("catalog")
