"""in-app notifications keep their template's parameters, so each is shown in the reader's language

Rows written before keep their text; where the outbox row they were delivered from is still there, its payload
gives them their parameters too, so they also follow the reader's language from now on.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 15:30:00
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | Sequence[str] | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

inbox = sa.table(
    'in_app_notification',
    sa.column('id', sa.Uuid),
    sa.column('user_id', sa.Uuid),
    sa.column('event', sa.String),
    sa.column('title', sa.String),
    sa.column('body', sa.Text),
    sa.column('params', sa.JSON),
)
outbox = sa.table(
    'outbox_message',
    sa.column('user_id', sa.Uuid),
    sa.column('event', sa.String),
    sa.column('channel', sa.String),
    sa.column('subject', sa.String),
    sa.column('body', sa.Text),
    sa.column('payload', sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table('in_app_notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('params', sa.JSON(), nullable=True))
    connection = op.get_bind()
    # the in-app row is a copy of its outbox row's subject and body: match on those to find its parameters
    matches = connection.execute(
        sa.select(inbox.c.id, outbox.c.payload)
        .select_from(inbox)
        .join(
            outbox,
            sa.and_(
                outbox.c.channel == 'in_app',
                outbox.c.user_id == inbox.c.user_id,
                outbox.c.event == inbox.c.event,
                outbox.c.subject == inbox.c.title,
                outbox.c.body == inbox.c.body,
            ),
        )
    ).all()
    for item_id, payload in matches:
        connection.execute(sa.update(inbox).where(inbox.c.id == item_id).values(params=payload or {}))


def downgrade() -> None:
    with op.batch_alter_table('in_app_notification', schema=None) as batch_op:
        batch_op.drop_column('params')
