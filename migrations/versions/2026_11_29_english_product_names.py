"""products may carry an English name and SKUs English words for their attributes, shown in the English UI

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | Sequence[str] | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_en', sa.String(length=200), nullable=True))
    with op.batch_alter_table('sku', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attributes_en', sa.JSON(), server_default='{}', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('sku', schema=None) as batch_op:
        batch_op.drop_column('attributes_en')
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_column('name_en')
