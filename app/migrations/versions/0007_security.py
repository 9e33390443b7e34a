"""Security: server-side sessions, sign-in attempts, e-mailed links, idempotency keys, the e-mail typed
on an order; recognition attempts go (recognition is proven by an e-mailed link now)

Revision ID: 0007
Revises: 0006
Created: 2026-12-05 13:12:55
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "idempotent_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("key", sa.String(length=128), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("idempotent_request", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_idempotent_request_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_idempotent_request_key"), ["key"], unique=True)

    op.create_table(
        "sign_in_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_hash", sa.String(length=64), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_account_hash"), ["account_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_address_hash"), ["address_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_sign_in_attempt_at"), ["at"], unique=False)

    op.create_table(
        "email_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("address_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_email_token_address_hash"), ["address_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_token_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_token_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_token_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_email_token_token_hash"), ["token_hash"], unique=True)

    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_account_id"), ["account_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_session_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_session_expires_at"), ["expires_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_session_token_hash"), ["token_hash"], unique=True)

    with op.batch_alter_table("recognition_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recognition_attempt_identifier_hash"))
        batch_op.drop_index(batch_op.f("ix_recognition_attempt_visitor_hash"))

    op.drop_table("recognition_attempt")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("contact_email", sa.String(length=254), nullable=True))


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_column("contact_email")

    op.create_table(
        "recognition_attempt",
        sa.Column("id", sa.INTEGER(), nullable=False),
        sa.Column("visitor_hash", sa.VARCHAR(length=64), nullable=False),
        sa.Column("identifier_hash", sa.VARCHAR(length=64), nullable=False),
        sa.Column("succeeded", sa.BOOLEAN(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("recognition_attempt", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_recognition_attempt_visitor_hash"), ["visitor_hash"], unique=False)
        batch_op.create_index(batch_op.f("ix_recognition_attempt_identifier_hash"), ["identifier_hash"], unique=False)

    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_token_hash"))
        batch_op.drop_index(batch_op.f("ix_web_session_expires_at"))
        batch_op.drop_index(batch_op.f("ix_web_session_customer_id"))
        batch_op.drop_index(batch_op.f("ix_web_session_account_id"))

    op.drop_table("web_session")
    with op.batch_alter_table("email_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_email_token_token_hash"))
        batch_op.drop_index(batch_op.f("ix_email_token_email"))
        batch_op.drop_index(batch_op.f("ix_email_token_customer_id"))
        batch_op.drop_index(batch_op.f("ix_email_token_created_at"))
        batch_op.drop_index(batch_op.f("ix_email_token_address_hash"))

    op.drop_table("email_token")
    with op.batch_alter_table("sign_in_attempt", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_at"))
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_address_hash"))
        batch_op.drop_index(batch_op.f("ix_sign_in_attempt_account_hash"))

    op.drop_table("sign_in_attempt")
    with op.batch_alter_table("idempotent_request", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_idempotent_request_key"))
        batch_op.drop_index(batch_op.f("ix_idempotent_request_created_at"))

    op.drop_table("idempotent_request")
