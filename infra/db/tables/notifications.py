"""The notification outbox and the in-app inbox."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.notifications import entities
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

outbox_message = sa.Table(
    "outbox_message",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("channel", sa.String(16), nullable=False),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    sa.Column("recipient", sa.String(254), nullable=False),
    sa.Column("subject", sa.String(255), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=True),
    sa.Column("sent_at", UTCDateTime, nullable=True),
    sa.Column("last_error", sa.String(500), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
sa.Index("ix_outbox_message_status_created_at", outbox_message.c.status, outbox_message.c.created_at)

in_app_notification = sa.Table(
    "in_app_notification",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
    sa.Column("event", sa.String(64), nullable=False),
    sa.Column("title", sa.String(255), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    # the template's parameters, to render title and body in the reader's language (NULL: rows from before)
    sa.Column("params", sa.JSON, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("read_at", UTCDateTime, nullable=True),
)
sa.Index("ix_in_app_notification_user_id_created_at", in_app_notification.c.user_id, in_app_notification.c.created_at)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.OutboxMessage, outbox_message)
    registry.map_imperatively(entities.InAppNotification, in_app_notification)
