"""Quotes: revisions with their lines locked to catalog versions, approvals asked of sales managers, and
the discount authority policy

Revision ID: 0012
Revises: 0011
Created: 2026-12-06 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0012"
down_revision = "0011"
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


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "outbox_attachment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=200), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["message_id"], ["outbox_message.id"]),
        sa.PrimaryKeyConstraint("id"),
        *_lengths("outbox_attachment", filename=200, content_type=100),
    )
    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_attachment_message_id"), ["message_id"], unique=False)
    op.create_table(
        "authority_policy",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("saved_by", sa.Integer(), nullable=True),
        sa.Column("saved_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["saved_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "quote",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("root_id", sa.Integer(), nullable=True),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("discount_percent", sa.String(length=8), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("terms", sa.String(length=2000), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("net_minor", sa.Integer(), nullable=False),
        sa.Column("margin_minor", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("accept_token_hash", sa.String(length=64), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("recheck", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("decided_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["interaction.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("root_id", "revision", name="uq_quote_revision"),
        *_lengths(
            "quote",
            status=20,
            channel=32,
            currency=3,
            discount_percent=8,
            terms=2000,
            reason=1000,
            accept_token_hash=64,
        ),
    )
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_accept_token_hash"), ["accept_token_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_owner_id"), ["owner_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_root_id"), ["root_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_status"), ["status"], unique=False)

    op.create_table(
        "quote_approval",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("quote_version", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.Integer(), nullable=True),
        sa.Column("requested_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=1000), nullable=False),
        sa.Column("limits", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("decided_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quote.id"],
        ),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        *_lengths("quote_approval", reason=1000, state=16, comment=2000),
    )
    with op.batch_alter_table("quote_approval", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_approval_quote_id"), ["quote_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_quote_approval_state"), ["state"], unique=False)

    op.create_table(
        "quote_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=100), nullable=False),
        sa.Column("catalog_version", sa.String(length=50), nullable=False),
        sa.Column("catalog_hash", sa.String(length=64), nullable=False),
        sa.Column("product_id", sa.String(length=100), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("discount_percent", sa.String(length=8), nullable=True),
        sa.Column("discount_per_unit", sa.Integer(), nullable=True),
        sa.Column("breakdown", sa.JSON(), nullable=False),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["quote_id"],
            ["quote.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("quote_id", "key", name="uq_quote_line_key"),
        *_lengths(
            "quote_line",
            key=64,
            catalog_id=100,
            catalog_version=50,
            catalog_hash=64,
            product_id=100,
            discount_percent=8,
        ),
    )
    with op.batch_alter_table("quote_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_quote_line_quote_id"), ["quote_id"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("quote_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_line_quote_id"))

    op.drop_table("quote_line")
    with op.batch_alter_table("quote_approval", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_approval_state"))
        batch_op.drop_index(batch_op.f("ix_quote_approval_quote_id"))

    op.drop_table("quote_approval")
    with op.batch_alter_table("quote", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quote_status"))
        batch_op.drop_index(batch_op.f("ix_quote_root_id"))
        batch_op.drop_index(batch_op.f("ix_quote_owner_id"))
        batch_op.drop_index(batch_op.f("ix_quote_customer_id"))
        batch_op.drop_index(batch_op.f("ix_quote_accept_token_hash"))

    op.drop_table("quote")
    op.drop_table("authority_policy")
    with op.batch_alter_table("outbox_attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_attachment_message_id"))
    op.drop_table("outbox_attachment")
