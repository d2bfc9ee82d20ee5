"""freight templates (运费模板): a default charge, region rules, regions not served, free over a threshold (issue 9)

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-29 18:20:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = '0012'
down_revision: str | Sequence[str] | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _charge_columns() -> list[sa.Column]:
    return [
        sa.Column('first', sa.Integer(), nullable=False),
        sa.Column('first_fee_minor', sa.BigInteger(), nullable=False),
        sa.Column('additional', sa.Integer(), nullable=False),
        sa.Column('additional_fee_minor', sa.BigInteger(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('freight_template',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('basis', sa.String(length=16), nullable=False),
    *_charge_columns(),
    sa.Column('free_over_minor', sa.BigInteger(), nullable=True),
    sa.Column('unserved_region_codes', sa.JSON(), nullable=False),
    sa.Column('is_default', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.CheckConstraint('first >= 1 AND additional >= 1', name=op.f('ck_freight_template_units_positive')),
    sa.CheckConstraint('first_fee_minor >= 0 AND additional_fee_minor >= 0', name=op.f('ck_freight_template_fees_not_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freight_template')),
    sa.UniqueConstraint('name', name=op.f('uq_freight_template_name'))
    )
    with op.batch_alter_table('freight_template', schema=None) as batch_op:
        batch_op.create_index('uq_freight_template_default', ['is_default'], unique=True,
                              sqlite_where=sa.text('is_default IS 1'), postgresql_where=sa.text('is_default IS true'))

    op.create_table('freight_region_rule',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('template_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('region_codes', sa.JSON(), nullable=False),
    *_charge_columns(),
    sa.CheckConstraint('first >= 1 AND additional >= 1', name=op.f('ck_freight_region_rule_units_positive')),
    sa.CheckConstraint('first_fee_minor >= 0 AND additional_fee_minor >= 0', name=op.f('ck_freight_region_rule_fees_not_negative')),
    sa.ForeignKeyConstraint(['template_id'], ['freight_template.id'], name=op.f('fk_freight_region_rule_template_id_freight_template'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_freight_region_rule'))
    )
    with op.batch_alter_table('freight_region_rule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_freight_region_rule_template_id'), ['template_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('freight_region_rule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_freight_region_rule_template_id'))

    op.drop_table('freight_region_rule')
    with op.batch_alter_table('freight_template', schema=None) as batch_op:
        batch_op.drop_index('uq_freight_template_default')

    op.drop_table('freight_template')
