"""regions: an English name for every region (region.name_en), made at data-build time from the Chinese name and
committed in infra/data/regions.json (rule: infra/data/README.md)

The table is refilled from the file the way 0014 filled it (one delete, one multi-row insert: a few thousand
rows), then the column becomes NOT NULL. Nothing references `region` by key, and addresses keep their Chinese
names, so nothing else changes.

Revision ID: 0020_region_names_en
Revises: 0019_order_note_codes
Create Date: 2026-11-29 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from infra import regions_data

revision: str = "0020_region_names_en"
down_revision: str | Sequence[str] | None = "0019_order_note_codes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("region", sa.Column("name_en", sa.String(length=128), nullable=True))
    regions_data.replace_all(op.get_bind())
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.alter_column("name_en", existing_type=sa.String(length=128), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_column("name_en")
