"""Recognition attempts

Revision ID: 0004
Revises: 0003
Created: 2026-12-02 23:03:32.970636
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "recognition_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visitor_hash", sa.String(length=64), nullable=False),
        sa.Column("identifier_hash", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recognition_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recognition_attempt_identifier_hash"), ["identifier_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_recognition_attempt_visitor_hash"), ["visitor_hash"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("recognition_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_attempt_visitor_hash"))
        batch_op.drop_index(batch_op.f("ix_recognition_attempt_identifier_hash"))

    op.drop_table("recognition_attempt")
