"""order_export: large order exports written by a job, with their progress and file

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "order_export",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("requested_by_name", sa.String(length=200), nullable=True),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("filters_key", sa.String(length=64), nullable=False),
        sa.Column("format", sa.String(length=8), nullable=False),
        sa.Column("locale", sa.String(length=8), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("rows_total", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rows_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("file_path", sa.String(length=500), nullable=True),
        sa.Column("error", sa.String(length=200), nullable=True),
        sa.Column("created_at", infra.db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("started_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("expires_at", infra.db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["requested_by"],
            ["user_account.id"],
            name=op.f("fk_order_export_requested_by_user_account"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_export")),
    )
    with op.batch_alter_table("order_export", schema=None) as batch_op:
        batch_op.create_index("ix_order_export_requested_by_status", ["requested_by", "status"], unique=False)
        batch_op.create_index("ix_order_export_status_expires_at", ["status", "expires_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("order_export", schema=None) as batch_op:
        batch_op.drop_index("ix_order_export_status_expires_at")
        batch_op.drop_index("ix_order_export_requested_by_status")
    op.drop_table("order_export")
