"""customers have a list of their own: tags, staff notes, blacklist (issue 8); the analyst reads it

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29 15:10:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import infra.db.types

revision: str = '0009'
down_revision: str | Sequence[str] | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('customer_note',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.String(length=2000), nullable=False),
    sa.Column('author_id', sa.Uuid(), nullable=True),
    sa.Column('author_name', sa.String(length=254), nullable=True),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['user_account.id'], name=op.f('fk_customer_note_author_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_customer_note_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_customer_note'))
    )
    with op.batch_alter_table('customer_note', schema=None) as batch_op:
        batch_op.create_index('ix_customer_note_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('customer_record',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('blacklisted', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('blacklist_reason', sa.String(length=500), nullable=True),
    sa.Column('blacklisted_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('blacklisted_by_name', sa.String(length=254), nullable=True),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.Column('updated_at', infra.db.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_customer_record_user_id_user_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_customer_record'))
    )
    with op.batch_alter_table('customer_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_record_blacklisted'), ['blacklisted'], unique=False)

    op.create_table('customer_tag',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('created_at', infra.db.types.UTCDateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['customer_record.user_id'], name=op.f('fk_customer_tag_user_id_customer_record'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'name', name=op.f('pk_customer_tag'))
    )
    with op.batch_alter_table('customer_tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_customer_tag_name'), ['name'], unique=False)
    _grant('analyst', 'customers:read')



def _grant(role_name: str, permission: str) -> None:
    """Give a built-in role a permission it gains in this version (seeding only creates missing roles)."""
    role = sa.table('role', sa.column('id', sa.Uuid()), sa.column('name', sa.String()), sa.column('builtin', sa.Boolean()),
                    sa.column('permissions', sa.JSON()))
    bind = op.get_bind()
    for role_id, held in bind.execute(sa.select(role.c.id, role.c.permissions).where(role.c.name == role_name, role.c.builtin)):
        if permission not in held:
            bind.execute(sa.update(role).where(role.c.id == role_id).values(permissions=sorted([*held, permission])))


def downgrade() -> None:
    with op.batch_alter_table('customer_tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_tag_name'))

    op.drop_table('customer_tag')
    with op.batch_alter_table('customer_record', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customer_record_blacklisted'))

    op.drop_table('customer_record')
    with op.batch_alter_table('customer_note', schema=None) as batch_op:
        batch_op.drop_index('ix_customer_note_user_id_created_at')

    op.drop_table('customer_note')
