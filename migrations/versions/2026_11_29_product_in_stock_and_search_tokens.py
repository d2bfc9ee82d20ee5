"""product in_stock flag and bigram search tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 12:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from domain.catalog import search_tokens

revision: str = '0004'
down_revision: str | Sequence[str] | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENS = sa.text("array_to_tsvector(string_to_array(search_tokens, ' '))")
BATCH = 2000

# what the inventory keeps true from now on: some active SKU has stock available in an active warehouse, not paused
IN_STOCK = '''
UPDATE product SET in_stock = EXISTS (
    SELECT 1 FROM sku
    JOIN stock_level ON stock_level.sku_id = sku.id
    JOIN warehouse ON warehouse.id = stock_level.warehouse_id
    WHERE sku.product_id = product.id AND sku.active AND warehouse.active
      AND NOT stock_level.sale_paused AND stock_level.on_hand > stock_level.reserved
)
'''


def upgrade() -> None:
    on_postgres = op.get_bind().dialect.name == 'postgresql'
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_tokens', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('in_stock', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_index(
            batch_op.f('ix_product_status_in_stock_price_minor'), ['status', 'in_stock', 'price_minor'], unique=False
        )
        batch_op.create_index(
            batch_op.f('ix_product_status_in_stock_sales_count'), ['status', 'in_stock', 'sales_count'], unique=False
        )
        batch_op.create_index(batch_op.f('ix_product_published_at'), ['published_at'], unique=False)
    _backfill_tokens()
    op.execute(IN_STOCK)
    if on_postgres:  # two-character Chinese words need bigrams: the trigram index gives way to a bigram one
        op.drop_index('ix_product_search_text_trgm', table_name='product', postgresql_using='gin')
        op.create_index('ix_product_search_tokens', 'product', [TOKENS], unique=False, postgresql_using='gin')
        op.execute('ANALYZE product')  # every row was rewritten: the planner needs the new index's statistics


def _backfill_tokens() -> None:
    connection = op.get_bind()
    product = sa.table('product', sa.column('id', sa.Uuid()), sa.column('search_text'), sa.column('search_tokens'))
    last = None
    while True:
        page = sa.select(product.c.id, product.c.search_text).order_by(product.c.id).limit(BATCH)
        rows = connection.execute(page if last is None else page.where(product.c.id > last)).all()
        if not rows:
            return
        connection.execute(
            sa.update(product).where(product.c.id == sa.bindparam('pid')).values(search_tokens=sa.bindparam('tokens')),
            [{'pid': row.id, 'tokens': search_tokens.of_text(row.search_text)} for row in rows],
        )
        last = rows[-1].id


def downgrade() -> None:
    on_postgres = op.get_bind().dialect.name == 'postgresql'
    if on_postgres:
        op.drop_index('ix_product_search_tokens', table_name='product', postgresql_using='gin')
        op.create_index(
            'ix_product_search_text_trgm',
            'product',
            ['search_text'],
            unique=False,
            postgresql_using='gin',
            postgresql_ops={'search_text': 'gin_trgm_ops'},
        )
    with op.batch_alter_table('product', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_product_published_at'))
        batch_op.drop_index(batch_op.f('ix_product_status_in_stock_sales_count'))
        batch_op.drop_index(batch_op.f('ix_product_status_in_stock_price_minor'))
        batch_op.drop_column('in_stock')
        batch_op.drop_column('search_tokens')
