"""Stored answers to requests sent with an Idempotency-Key."""

from __future__ import annotations

import sqlalchemy as sa

from infra.db.schema import metadata
from infra.db.types import UTCDateTime

idempotency_record = sa.Table(
    "idempotency_record",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("scope", sa.String(128), nullable=False),  # caller and operation: the same key means nothing elsewhere
    sa.Column("key", sa.String(128), nullable=False),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=False),
    sa.Column("response", sa.JSON, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("scope", "key"),
)
