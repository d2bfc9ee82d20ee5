"""Order exports written by a job (domain/order_exports): who asked, the filters, progress and the file."""

from __future__ import annotations

import sqlalchemy as sa

from infra.db.schema import metadata
from infra.db.types import UTCDateTime

order_export = sa.Table(
    "order_export",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("requested_by", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    sa.Column("requested_by_name", sa.String(200), nullable=True),
    sa.Column("filters", sa.JSON, nullable=False),
    sa.Column("filters_key", sa.String(64), nullable=False),
    sa.Column("format", sa.String(8), nullable=False),
    sa.Column("locale", sa.String(8), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("rows_total", sa.Integer, nullable=False, server_default="0"),
    sa.Column("rows_done", sa.Integer, nullable=False, server_default="0"),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("file_path", sa.String(500), nullable=True),
    sa.Column("error", sa.String(200), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
    sa.Column("expires_at", UTCDateTime, nullable=True),
)
sa.Index("ix_order_export_requested_by_status", order_export.c.requested_by, order_export.c.status)
sa.Index("ix_order_export_status_expires_at", order_export.c.status, order_export.c.expires_at)
