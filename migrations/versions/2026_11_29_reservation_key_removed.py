"""reservations lose their own idempotency key (Idempotency-Key is stored with the response, in one transaction)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 12:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | Sequence[str] | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('stock_reservation', schema=None) as batch_op:
        batch_op.drop_constraint('uq_stock_reservation_idempotency_key', type_='unique')
        batch_op.drop_column('idempotency_key')


def downgrade() -> None:
    with op.batch_alter_table('stock_reservation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('idempotency_key', sa.String(length=128), nullable=True))
        batch_op.create_unique_constraint('uq_stock_reservation_idempotency_key', ['idempotency_key'])
