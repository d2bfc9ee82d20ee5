"""payment lists: finance filters and sorts payments by when they were paid

Revision ID: 0027_payment_lists
Revises: 0025_reconciliation
Create Date: 2026-11-30 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0027_payment_lists"
down_revision: str | Sequence[str] | None = "0025_reconciliation"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_payment_paid_at_id", [sa.literal_column("paid_at DESC"), sa.literal_column("id DESC")], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("payment", schema=None) as batch_op:
        batch_op.drop_index("ix_payment_paid_at_id")
