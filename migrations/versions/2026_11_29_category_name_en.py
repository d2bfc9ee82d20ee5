"""categories may carry an English name (category.name_en), shown in the English UI; none falls back to the
Chinese name, as for products

Revision ID: 0022_category_name_en
Revises: 0021_email_change
Create Date: 2026-11-29 23:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_category_name_en"
down_revision: str | Sequence[str] | None = "0020_region_names_en"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.add_column(sa.Column("name_en", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("category", schema=None) as batch_op:
        batch_op.drop_column("name_en")
