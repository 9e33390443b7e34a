"""Saved configurations

Revision ID: 0002
Revises: 0001
Created: 2026-12-02 18:11:12.377493
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "saved_configuration",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("share_code", sa.String(length=32), nullable=False),
        sa.Column("resume_hash", sa.String(length=64), nullable=False),
        sa.Column("visitor_hash", sa.String(length=64), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("catalog_id", sa.String(length=100), nullable=False),
        sa.Column("catalog_version", sa.String(length=50), nullable=False),
        sa.Column("product_id", sa.String(length=100), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("saved_configuration", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_saved_configuration_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_saved_configuration_resume_hash"), ["resume_hash"], unique=True)
        batch_op.create_index(batch_op.f("ix_saved_configuration_share_code"), ["share_code"], unique=True)
        batch_op.create_index(batch_op.f("ix_saved_configuration_visitor_hash"), ["visitor_hash"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("saved_configuration", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_saved_configuration_visitor_hash"))
        batch_op.drop_index(batch_op.f("ix_saved_configuration_share_code"))
        batch_op.drop_index(batch_op.f("ix_saved_configuration_resume_hash"))
        batch_op.drop_index(batch_op.f("ix_saved_configuration_customer_id"))

    op.drop_table("saved_configuration")
