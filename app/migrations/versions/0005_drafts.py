"""Drafts: the configuration a known customer was last working on, per product

Revision ID: 0005
Revises: 0004
Created: 2026-12-03 09:25:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    with op.batch_alter_table("saved_configuration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("saved_configuration", schema=None) as batch_op:
        batch_op.drop_column("draft")
