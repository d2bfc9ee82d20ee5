"""carts: a cart per customer and per guest (token digest), lines re-checked on read (issue 9)

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-29 17:59:10.362558
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = '0013'
down_revision: str | Sequence[str] | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('cart',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('customer_id', sa.Uuid(), nullable=True),
    sa.Column('guest_token_digest', sa.String(length=64), nullable=True),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', infra.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(customer_id IS NULL) <> (guest_token_digest IS NULL)', name=op.f('ck_cart_one_owner')),
    sa.ForeignKeyConstraint(['customer_id'], ['user_account.id'], name=op.f('fk_cart_customer_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cart')),
    sa.UniqueConstraint('customer_id', name=op.f('uq_cart_customer_id')),
    sa.UniqueConstraint('guest_token_digest', name=op.f('uq_cart_guest_token_digest'))
    )
    with op.batch_alter_table('cart', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_updated_at'), ['updated_at'], unique=False)

    op.create_table('cart_line',
    sa.Column('cart_id', sa.Uuid(), nullable=False),
    sa.Column('sku_id', sa.Uuid(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('selected', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('added_price_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('added_at', infra.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('quantity BETWEEN 1 AND 99', name=op.f('ck_cart_line_quantity_in_range')),
    sa.ForeignKeyConstraint(['cart_id'], ['cart.id'], name=op.f('fk_cart_line_cart_id_cart'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cart_id', 'sku_id', name=op.f('pk_cart_line'))
    )
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cart_line_sku_id'), ['sku_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('cart_line', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_line_sku_id'))

    op.drop_table('cart_line')
    with op.batch_alter_table('cart', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cart_updated_at'))

    op.drop_table('cart')
