"""the bigram index holds the tokens as a text array: a match needs no per-row tsvector rebuilt to recheck it

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0011'
down_revision: str | Sequence[str] | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AS_ARRAY = sa.text("string_to_array(search_tokens, ' ')")
AS_TSVECTOR = sa.text("array_to_tsvector(string_to_array(search_tokens, ' '))")


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_product_search_tokens', table_name='product', postgresql_using='gin')
        op.create_index('ix_product_search_tokens', 'product', [AS_ARRAY], unique=False, postgresql_using='gin')
        op.execute('ANALYZE product')  # statistics of the new index expression, for the planner's estimates


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.drop_index('ix_product_search_tokens', table_name='product', postgresql_using='gin')
        op.create_index('ix_product_search_tokens', 'product', [AS_TSVECTOR], unique=False, postgresql_using='gin')
