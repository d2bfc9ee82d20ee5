"""Large catalog imports waiting for, or finished by, their job (domain/catalog/import_jobs.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.catalog import import_jobs
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

catalog_import = sa.Table(
    "catalog_import",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("filename", sa.String(200), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("header", sa.JSON, nullable=False),
    sa.Column("records", sa.JSON, nullable=False),
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("actor_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="SET NULL"), nullable=True),
    sa.Column("actor_name", sa.String(200), nullable=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("counts", sa.JSON, nullable=False),
    sa.Column("errors", sa.JSON, nullable=False),
    sa.Column("error_count", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("started_at", UTCDateTime, nullable=True),
    sa.Column("finished_at", UTCDateTime, nullable=True),
)
sa.Index("ix_catalog_import_status_created_at", catalog_import.c.status, catalog_import.c.created_at)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(import_jobs.CatalogImport, catalog_import)
