"""payments: each attempt to pay an order (one active per order), its refunds and the payment log

Revision ID: 0024_payments
Revises: 0023_email_change
Create Date: 2026-11-30 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = "0024_payments"
down_revision: str | Sequence[str] | None = "0023_email_change"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("payment_no", sa.String(length=32), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provider_ref", sa.String(length=128), nullable=True),
        sa.Column("start_kind", sa.String(length=16), nullable=True),
        sa.Column("start_url", sa.String(length=2048), nullable=True),
        sa.Column("qr_code", sa.String(length=512), nullable=True),
        sa.Column("fee_minor", sa.BigInteger(), nullable=True),
        sa.Column("refunded_minor", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("failure_code", sa.String(length=64), nullable=True),
        sa.Column("expires_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("paid_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "amount_minor > 0 AND refunded_minor >= 0 AND refunded_minor <= amount_minor",
            name=op.f("ck_payment_amounts"),
        ),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["user_account.id"], name=op.f("fk_payment_customer_id_user_account"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_payment_order_id_sales_order"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment")),
        sa.UniqueConstraint("payment_no", name=op.f("uq_payment_payment_no")),
    )
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_created_at_id",
            [sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
        )
        batch_op.create_index("ix_payment_customer_id_created_at", ["customer_id", "created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_payment_status_created_at", ["status", "created_at"], unique=False)
        batch_op.create_index(
            "uq_payment_order_id_active",
            ["order_id"],
            unique=True,
            postgresql_where=sa.text("status IN ('pending', 'processing')"),
            sqlite_where=sa.text("status IN ('pending', 'processing')"),
        )

    op.create_table(
        "payment_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=True),
        sa.Column("payment_no", sa.String(length=64), nullable=True),
        sa.Column("refund_id", sa.Uuid(), nullable=True),
        sa.Column("from_status", sa.String(length=16), nullable=True),
        sa.Column("to_status", sa.String(length=16), nullable=True),
        sa.Column("amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("provider_event_id", sa.String(length=128), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("raw", sa.JSON(), nullable=False),
        sa.Column("actor_kind", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=254), nullable=True),
        sa.Column("applied_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_payment_event_payment_id_payment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_event")),
    )
    with op.batch_alter_table("payment_event", schema=None) as batch_op:
        batch_op.create_index("ix_payment_event_kind_at", ["kind", "at"], unique=False)
        batch_op.create_index(batch_op.f("ix_payment_event_payment_id"), ["payment_id"], unique=False)
        batch_op.create_index(
            "ix_payment_event_unapplied_at",
            ["at"],
            unique=False,
            postgresql_where=sa.text("kind = 'callback' AND applied_at IS NULL"),
            sqlite_where=sa.text("kind = 'callback' AND applied_at IS NULL"),
        )

    op.create_table(
        "refund",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("refund_no", sa.String(length=32), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("requested_by_kind", sa.String(length=16), nullable=False),
        sa.Column("requested_by_id", sa.Uuid(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=254), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("next_attempt_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("provider_ref", sa.String(length=128), nullable=True),
        sa.Column("failure_code", sa.String(length=64), nullable=True),
        sa.Column("succeeded_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_refund_amount_positive")),
        sa.ForeignKeyConstraint(
            ["order_id"], ["sales_order.id"], name=op.f("fk_refund_order_id_sales_order"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_refund_payment_id_payment"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_refund")),
        sa.UniqueConstraint("refund_no", name=op.f("uq_refund_refund_no")),
    )
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.create_index(
            "ix_refund_created_at_id",
            [sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
        )
        batch_op.create_index(batch_op.f("ix_refund_order_id"), ["order_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_refund_payment_id"), ["payment_id"], unique=False)
        batch_op.create_index("ix_refund_status_next_attempt_at", ["status", "next_attempt_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_index("ix_refund_status_next_attempt_at")
        batch_op.drop_index(batch_op.f("ix_refund_payment_id"))
        batch_op.drop_index(batch_op.f("ix_refund_order_id"))
        batch_op.drop_index("ix_refund_created_at_id")

    op.drop_table("refund")
    with op.batch_alter_table("payment_event", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_payment_event_unapplied_at",
            postgresql_where=sa.text("kind = 'callback' AND applied_at IS NULL"),
            sqlite_where=sa.text("kind = 'callback' AND applied_at IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_payment_event_payment_id"))
        batch_op.drop_index("ix_payment_event_kind_at")

    op.drop_table("payment_event")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_payment_order_id_active",
            postgresql_where=sa.text("status IN ('pending', 'processing')"),
            sqlite_where=sa.text("status IN ('pending', 'processing')"),
        )
        batch_op.drop_index("ix_payment_status_created_at")
        batch_op.drop_index(batch_op.f("ix_payment_order_id"))
        batch_op.drop_index("ix_payment_customer_id_created_at")
        batch_op.drop_index("ix_payment_created_at_id")

    op.drop_table("payment")
