"""orders: an order split off another keeps a reference to it (split_from_id)

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-29 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | Sequence[str] | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sales_order") as batch:
        batch.add_column(sa.Column("split_from_id", sa.Uuid(), nullable=True))
        batch.create_index("ix_sales_order_split_from_id", ["split_from_id"])


def downgrade() -> None:
    with op.batch_alter_table("sales_order") as batch:
        batch.drop_index("ix_sales_order_split_from_id")
        batch.drop_column("split_from_id")
