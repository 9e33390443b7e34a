"""Customers, identifiers, orders, interactions, needs, consent, tiers, duplicates

Revision ID: 0001
Revises: (none)
Created: 2026-12-02 17:31:56.088087
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import app.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply."""
    op.create_table(
        "customer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("given_name", sa.String(length=100), nullable=True),
        sa.Column("family_name", sa.String(length=100), nullable=True),
        sa.Column("date_of_birth", sa.Date(), nullable=True),
        sa.Column("locale", sa.String(length=16), nullable=True),
        sa.Column("tier", sa.String(length=16), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("erased_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_customer_merged_into_id"), ["merged_into_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_customer_tier"), ["tier"], unique=False)

    op.create_table(
        "address",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("postcode", sa.String(length=20), nullable=True),
        sa.Column("region", sa.String(length=100), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("where", sa.String(length=100), nullable=False),
        sa.Column("text_shown", sa.String(length=2000), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consent_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consent_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("company_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["company_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("company_id", "person_id", name="uq_contact_company_person"),
    )
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_company_id"), ["company_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_person_id"), ["person_id"], unique=False)

    op.create_table(
        "duplicate_candidate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("left_id", sa.Integer(), nullable=False),
        sa.Column("right_id", sa.Integer(), nullable=False),
        sa.Column("probability", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("found_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.String(length=100), nullable=True),
        sa.Column("reviewed_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["left_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["right_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("left_id", "right_id", name="uq_candidate_pair"),
    )
    with op.batch_alter_table("duplicate_candidate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duplicate_candidate_left_id"), ["left_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_duplicate_candidate_right_id"), ["right_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_duplicate_candidate_status"), ["status"], unique=False)

    op.create_table(
        "identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=True),
        sa.Column("created_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("kind", "channel", "value", name="uq_identifier_kind_channel_value"),
    )
    with op.batch_alter_table("identifier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identifier_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "interaction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("summary", sa.String(length=2000), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("cost_minor", sa.Integer(), nullable=False),
        sa.Column("complaint", sa.Boolean(), nullable=False),
        sa.Column("satisfaction", sa.Integer(), nullable=True),
        sa.Column("resolution", sa.String(length=2000), nullable=True),
        sa.Column("resolved_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.Column("links", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_interaction_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_interaction_occurred_at"), ["occurred_at"], unique=False)

    op.create_table(
        "merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survivor_id", sa.Integer(), nullable=False),
        sa.Column("merged_id", sa.Integer(), nullable=False),
        sa.Column("merged_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("merged_by", sa.String(length=100), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("undone_at", app.models.base.UtcDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["merged_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["survivor_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_merge_merged_id"), ["merged_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_merge_survivor_id"), ["survivor_id"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("placed_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("total_minor", sa.Integer(), nullable=False),
        sa.Column("cost_minor", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_orders_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_orders_placed_at"), ["placed_at"], unique=False)

    op.create_table(
        "tier_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("current_value_minor", sa.Integer(), nullable=False),
        sa.Column("strategic_value_minor", sa.Integer(), nullable=False),
        sa.Column("cost_to_serve_minor", sa.Integer(), nullable=False),
        sa.Column("computed_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("tier_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tier_record_computed_at"), ["computed_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_tier_record_customer_id"), ["customer_id"], unique=False)

    op.create_table(
        "need",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("stated", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=True),
        sa.Column("recorded_by", sa.String(length=100), nullable=True),
        sa.Column("place", sa.String(length=100), nullable=True),
        sa.Column("recorded_at", app.models.base.UtcDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customer.id"],
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_need_customer_id"), ["customer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_need_recorded_at"), ["recorded_at"], unique=False)

    op.create_table(
        "order_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("catalog_id", sa.String(length=100), nullable=False),
        sa.Column("catalog_version", sa.String(length=50), nullable=False),
        sa.Column("product_id", sa.String(length=100), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("price_minor", sa.Integer(), nullable=False),
        sa.Column("cost_minor", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"],
            ["orders.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_order_line_order_id"), ["order_id"], unique=False)


def downgrade() -> None:
    """Revert."""
    with op.batch_alter_table("order_line", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_order_line_order_id"))

    op.drop_table("order_line")
    with op.batch_alter_table("need", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_need_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_need_key"))
        batch_op.drop_index(batch_op.f("ix_need_customer_id"))

    op.drop_table("need")
    with op.batch_alter_table("tier_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tier_record_customer_id"))
        batch_op.drop_index(batch_op.f("ix_tier_record_computed_at"))

    op.drop_table("tier_record")
    with op.batch_alter_table("orders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_orders_placed_at"))
        batch_op.drop_index(batch_op.f("ix_orders_customer_id"))

    op.drop_table("orders")
    with op.batch_alter_table("merge", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_merge_survivor_id"))
        batch_op.drop_index(batch_op.f("ix_merge_merged_id"))

    op.drop_table("merge")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_interaction_occurred_at"))
        batch_op.drop_index(batch_op.f("ix_interaction_customer_id"))

    op.drop_table("interaction")
    with op.batch_alter_table("identifier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identifier_customer_id"))

    op.drop_table("identifier")
    with op.batch_alter_table("duplicate_candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duplicate_candidate_status"))
        batch_op.drop_index(batch_op.f("ix_duplicate_candidate_right_id"))
        batch_op.drop_index(batch_op.f("ix_duplicate_candidate_left_id"))

    op.drop_table("duplicate_candidate")
    with op.batch_alter_table("contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_contact_person_id"))
        batch_op.drop_index(batch_op.f("ix_contact_company_id"))

    op.drop_table("contact")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_recorded_at"))
        batch_op.drop_index(batch_op.f("ix_consent_customer_id"))

    op.drop_table("consent")
    with op.batch_alter_table("address", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_address_customer_id"))

    op.drop_table("address")
    with op.batch_alter_table("customer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_customer_tier"))
        batch_op.drop_index(batch_op.f("ix_customer_name"))
        batch_op.drop_index(batch_op.f("ix_customer_merged_into_id"))

    op.drop_table("customer")
