"""stocktakes get a count sheet: a scope (warehouse, optionally one category), a blind-count flag, and lines
generated before they are counted (counted and recorded_at empty until then)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = '0007'
down_revision: str | Sequence[str] | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('stocktake', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.Uuid(), nullable=True))
        batch_op.add_column(sa.Column('blind', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_stocktake_category_id_category'), 'category', ['category_id'], ['id'], ondelete='RESTRICT'
        )
    with op.batch_alter_table('stocktake_line', schema=None) as batch_op:
        batch_op.alter_column('counted', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('recorded_at', existing_type=infra.db.types.UTCDateTime(timezone=True), nullable=True)


def downgrade() -> None:
    op.execute('DELETE FROM stocktake_line WHERE counted IS NULL')
    with op.batch_alter_table('stocktake_line', schema=None) as batch_op:
        batch_op.alter_column('recorded_at', existing_type=infra.db.types.UTCDateTime(timezone=True), nullable=False)
        batch_op.alter_column('counted', existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table('stocktake', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_stocktake_category_id_category'), type_='foreignkey')
        batch_op.drop_column('blind')
        batch_op.drop_column('category_id')
