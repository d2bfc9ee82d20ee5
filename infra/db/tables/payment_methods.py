"""Payment-method settings (one row per method; key *references* only, never keys) and the proof pictures
customers upload for bank transfers (domain/payments/method_ports.py)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.payments import method_ports
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

payment_method_setting = sa.Table(
    "payment_method_setting",
    metadata,
    sa.Column("method", sa.String(32), primary_key=True),
    sa.Column("enabled", sa.Boolean, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("name_zh", sa.String(64), nullable=False),
    sa.Column("name_en", sa.String(64), nullable=False),
    sa.Column("payee_bank", sa.String(128), nullable=False, server_default=""),
    sa.Column("payee_account_name", sa.String(128), nullable=False, server_default=""),
    sa.Column("payee_account_number", sa.String(64), nullable=False, server_default=""),
    sa.Column("payee_note", sa.String(500), nullable=False, server_default=""),
    sa.Column("transfer_hours", sa.Integer, nullable=False, server_default="24"),
    sa.Column("provider", sa.JSON, nullable=False),
    sa.Column("key_refs", sa.JSON, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.Column("updated_by", sa.String(254), nullable=True),
)

payment_proof = sa.Table(
    "payment_proof",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("payment_id", sa.Uuid, sa.ForeignKey("payment.id", ondelete="CASCADE"), nullable=False, index=True),
    sa.Column("url", sa.String(512), nullable=False),
    sa.Column("thumbnail_url", sa.String(512), nullable=False),
    sa.Column("uploaded_at", UTCDateTime, nullable=False),
    sa.Column("uploaded_by", sa.Uuid, nullable=True),
)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(method_ports.MethodSetting, payment_method_setting)
    registry.map_imperatively(method_ports.PaymentProof, payment_proof)
