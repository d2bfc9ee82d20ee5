"""large catalog imports are kept with their rows and applied by a job (issue 7, item 6)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 14:00:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = '0006'
down_revision: str | Sequence[str] | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('catalog_import',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('header', sa.JSON(), nullable=False),
    sa.Column('records', sa.JSON(), nullable=False),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('actor_name', sa.String(length=200), nullable=True),
    sa.Column('attempts', sa.Integer(), server_default='0', nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('error_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('started_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('finished_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['user_account.id'], name=op.f('fk_catalog_import_actor_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_import'))
    )
    with op.batch_alter_table('catalog_import', schema=None) as batch_op:
        batch_op.create_index('ix_catalog_import_status_created_at', ['status', 'created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('catalog_import', schema=None) as batch_op:
        batch_op.drop_index('ix_catalog_import_status_created_at')
    op.drop_table('catalog_import')
