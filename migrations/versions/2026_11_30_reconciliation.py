"""reconciliation: imported provider statements (runs) and their mismatches; indexes for a bill's period

Revision ID: 0025_reconciliation
Revises: 0026_payment_methods
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = "0025_reconciliation"
down_revision: str | Sequence[str] | None = "0026_payment_methods"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reconciliation_run",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("period_from", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("period_to", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("line_count", sa.Integer(), nullable=False),
        sa.Column("matched_count", sa.Integer(), nullable=False),
        sa.Column("mismatched_count", sa.Integer(), nullable=False),
        sa.Column("fees_recorded", sa.Integer(), server_default="0", nullable=False),
        sa.Column("imported_by_id", sa.Uuid(), nullable=True),
        sa.Column("imported_by_name", sa.String(length=254), nullable=True),
        sa.Column("created_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_run")),
        sa.UniqueConstraint("file_sha256", name=op.f("uq_reconciliation_run_file_sha256")),
    )
    with op.batch_alter_table("reconciliation_run", schema=None) as batch_op:
        batch_op.create_index(
            "ix_reconciliation_run_created_at_id",
            [sa.literal_column("created_at DESC"), sa.literal_column("id DESC")],
            unique=False,
        )
        batch_op.create_index("ix_reconciliation_run_provider_created_at", ["provider", "created_at"], unique=False)

    op.create_table(
        "reconciliation_mismatch",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("run_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payment_no", sa.String(length=64), nullable=False),
        sa.Column("refund_no", sa.String(length=64), nullable=True),
        sa.Column("line_no", sa.Integer(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("ours_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("theirs_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("ours_status", sa.String(length=16), nullable=True),
        sa.Column("theirs_status", sa.String(length=16), nullable=True),
        sa.Column("provider_ref", sa.String(length=128), nullable=True),
        sa.Column("payment_id", sa.Uuid(), nullable=True),
        sa.Column("refund_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_by_id", sa.Uuid(), nullable=True),
        sa.Column("resolved_by_name", sa.String(length=254), nullable=True),
        sa.Column("note", sa.String(length=500), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["run_id"],
            ["reconciliation_run.id"],
            name=op.f("fk_reconciliation_mismatch_run_id_reconciliation_run"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reconciliation_mismatch")),
    )
    with op.batch_alter_table("reconciliation_mismatch", schema=None) as batch_op:
        batch_op.create_index("ix_reconciliation_mismatch_run_id_kind", ["run_id", "kind"], unique=False)
        batch_op.create_index("ix_reconciliation_mismatch_run_id_resolved_at", ["run_id", "resolved_at"], unique=False)

    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index("ix_payment_method_paid_at", ["method", "paid_at"], unique=False)
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.create_index("ix_refund_method_succeeded_at", ["method", "succeeded_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refund", schema=None) as batch_op:
        batch_op.drop_index("ix_refund_method_succeeded_at")
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_method_paid_at")
    with op.batch_alter_table("reconciliation_mismatch", schema=None) as batch_op:
        batch_op.drop_index("ix_reconciliation_mismatch_run_id_resolved_at")
        batch_op.drop_index("ix_reconciliation_mismatch_run_id_kind")
    op.drop_table("reconciliation_mismatch")
    with op.batch_alter_table("reconciliation_run", schema=None) as batch_op:
        batch_op.drop_index("ix_reconciliation_run_provider_created_at")
        batch_op.drop_index("ix_reconciliation_run_created_at_id")
    op.drop_table("reconciliation_run")
