"""The audit log of staff writes."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.audit import entities
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

audit_entry = sa.Table(
    "audit_entry",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False, index=True),
    sa.Column("actor_id", sa.Uuid, nullable=True, index=True),
    sa.Column("actor_name", sa.String(254), nullable=True),
    sa.Column("action", sa.String(64), nullable=False, index=True),
    sa.Column("target_type", sa.String(64), nullable=False),
    sa.Column("target_id", sa.String(64), nullable=False),
    sa.Column("before", sa.JSON, nullable=True),
    sa.Column("after", sa.JSON, nullable=True),
    sa.Column("ip", sa.String(64), nullable=True),
    sa.Column("request_id", sa.String(64), nullable=True),
)
sa.Index("ix_audit_entry_target", audit_entry.c.target_type, audit_entry.c.target_id)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.AuditEntry, audit_entry)
