"""The back office's record of each customer (blacklist flag), its tags and staff notes; the account itself is
identity's `user_account`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry
from sqlalchemy.orm import relationship

from domain.customers import entities
from infra.db.schema import metadata, timestamps
from infra.db.types import UTCDateTime

customer_record = sa.Table(
    "customer_record",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("blacklisted", sa.Boolean, nullable=False, server_default=sa.false(), index=True),
    sa.Column("blacklist_reason", sa.String(500), nullable=True),
    sa.Column("blacklisted_at", UTCDateTime, nullable=True),
    sa.Column("blacklisted_by_name", sa.String(254), nullable=True),
    *timestamps(),
)

customer_tag = sa.Table(
    "customer_tag",
    metadata,
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("customer_record.user_id", ondelete="CASCADE"), primary_key=True),
    sa.Column("name", sa.String(32), primary_key=True, index=True),
    sa.Column("created_at", UTCDateTime, nullable=False, server_default=sa.func.now()),
)

customer_note = sa.Table(
    "customer_note",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("user_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="CASCADE"), nullable=False),
    sa.Column("body", sa.String(2000), nullable=False),
    sa.Column("author_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    sa.Column("author_name", sa.String(254), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
sa.Index("ix_customer_note_user_id_created_at", customer_note.c.user_id, customer_note.c.created_at)


def map_entities(registry: Registry) -> None:
    tag_mapper = registry.map_imperatively(entities.CustomerTag, customer_tag)
    registry.map_imperatively(
        entities.CustomerRecord,
        customer_record,
        properties={
            "tags": relationship(
                tag_mapper, lazy="selectin", cascade="all, delete-orphan", order_by=customer_tag.c.name
            ),
        },
    )
    registry.map_imperatively(entities.CustomerNote, customer_note)
