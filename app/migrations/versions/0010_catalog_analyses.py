"""Catalog analyses: the analysis of a catalog document (or the diff of two) on a date, with its
progress while it runs and its result as JSON, shared by every worker

Revision ID: 0010
Revises: 0009
Created: 2026-12-06 01:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _lengths(**lengths: int) -> list[sa.CheckConstraint]:
    """SQLite's CHECKs on the length of bounded text (see 0008); PostgreSQL's varchar(n) needs none."""
    if op.get_bind().dialect.name != "sqlite":
        return []
    return [
        sa.CheckConstraint(f'length("{column}") <= {length}', name=f"ck_catalog_analysis_{column}_length")
        for column, length in lengths.items()
    ]


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "catalog_analysis",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("catalog_id", sa.String(length=100), nullable=False),
        sa.Column("key", sa.String(length=140), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("current", sa.String(length=300), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("error", sa.String(length=2000), nullable=False),
        sa.Column("started_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("finished_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "catalog_id", "key", "on", name="uq_catalog_analysis_key"),
        *_lengths(kind=16, catalog_id=100, key=140, status=16, current=300, error=2000),
    )
    with op.batch_alter_table("catalog_analysis", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_analysis_key"), ["key"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("catalog_analysis", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_analysis_key"))
    op.drop_table("catalog_analysis")
