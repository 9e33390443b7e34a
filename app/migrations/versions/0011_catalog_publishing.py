"""Catalog publishing: a published version's compile progress and notice time, requests for a second
approver, and the notices sent to customers (unique per version x customer x subject)

Revision ID: 0011
Revises: 0009
Created: 2026-12-06 01:50:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _lengths(table: str, **lengths: int) -> list[sa.CheckConstraint]:
    """SQLite's CHECKs on the length of bounded text (see 0008); PostgreSQL's varchar(n) needs none."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [
        sa.CheckConstraint(f'length("{column}") <= {length}', name=f"ck_{table}_{column}_length")
        for column, length in lengths.items()
    ]


def _when(name: str, nullable: bool = True) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, app.models.base.UtcDateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "catalog_publication",
        sa.Column("version_id", sa.Integer(), nullable=False),
        _when("requested_at", nullable=False),
        sa.Column("compile_done", sa.Integer(), nullable=False),
        sa.Column("compile_total", sa.Integer(), nullable=False),
        _when("compiled_at"),
        _when("notified_at"),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_version.id"]),
        sa.PrimaryKeyConstraint("version_id"),
    )
    op.create_table(
        "catalog_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        _when("requested_at", nullable=False),
        _when("effective_from"),
        sa.Column("notes", sa.String(length=2000), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        _when("decided_at"),
        sa.Column("comment", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_version.id"]),
        sa.ForeignKeyConstraint(["requested_by"], ["account.id"]),
        sa.ForeignKeyConstraint(["decided_by"], ["account.id"]),
        sa.PrimaryKeyConstraint("id"),
        *_lengths("catalog_approval", content_hash=64, notes=2000, state=16, comment=2000),
    )
    with op.batch_alter_table("catalog_approval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_approval_version_id"), ["version_id"], unique=False)
    op.create_table(
        "catalog_notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("sent", sa.Boolean(), nullable=False),
        _when("at", nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["catalog_version.id"]),
        sa.ForeignKeyConstraint(["customer_id"], ["customer.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("version_id", "customer_id", "subject", name="uq_catalog_notice"),
        *_lengths("catalog_notice", subject=100),
    )
    with op.batch_alter_table("catalog_notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_notice_version_id"), ["version_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_catalog_notice_customer_id"), ["customer_id"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("catalog_notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_notice_customer_id"))
        batch_op.drop_index(batch_op.f("ix_catalog_notice_version_id"))
    op.drop_table("catalog_notice")
    with op.batch_alter_table("catalog_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_approval_version_id"))
    op.drop_table("catalog_approval")
    op.drop_table("catalog_publication")
