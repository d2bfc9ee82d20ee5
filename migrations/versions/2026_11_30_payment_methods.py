"""payment methods: admins' settings per method (key references only) and bank-transfer proof pictures

Revision ID: 0026_payment_methods
Revises: 0024_payments
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = "0026_payment_methods"
down_revision: str | Sequence[str] | None = "0024_payments"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # no rows: a method without one is on when offline, off when online (closed by default); the demo seed
    # writes development's rows (domain/payments/methods.py)
    op.create_table(
        "payment_method_setting",
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_zh", sa.String(length=64), nullable=False),
        sa.Column("name_en", sa.String(length=64), nullable=False),
        sa.Column("payee_bank", sa.String(length=128), server_default="", nullable=False),
        sa.Column("payee_account_name", sa.String(length=128), server_default="", nullable=False),
        sa.Column("payee_account_number", sa.String(length=64), server_default="", nullable=False),
        sa.Column("payee_note", sa.String(length=500), server_default="", nullable=False),
        sa.Column("transfer_hours", sa.Integer(), server_default="24", nullable=False),
        sa.Column("provider", sa.JSON(), nullable=False),
        sa.Column("key_refs", sa.JSON(), nullable=False),
        sa.Column("updated_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by", sa.String(length=254), nullable=True),
        sa.PrimaryKeyConstraint("method", name=op.f("pk_payment_method_setting")),
    )
    op.create_table(
        "payment_proof",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("payment_id", sa.Uuid(), nullable=False),
        sa.Column("url", sa.String(length=512), nullable=False),
        sa.Column("thumbnail_url", sa.String(length=512), nullable=False),
        sa.Column("uploaded_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("uploaded_by", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["payment_id"], ["payment.id"], name=op.f("fk_payment_proof_payment_id_payment"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_proof")),
    )
    with op.batch_alter_table("payment_proof", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payment_proof_payment_id"), ["payment_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("payment_proof", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_proof_payment_id"))
    op.drop_table("payment_proof")
    op.drop_table("payment_method_setting")
