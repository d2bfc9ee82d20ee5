"""Reconciliation: each imported provider statement (a run) and what matching it found (its mismatches); see
domain/payments/reconciliation.py. Amounts in minor units."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.payments import reconciliation as entities
from infra.db.schema import metadata
from infra.db.tables.payments import payment, refund
from infra.db.types import UTCDateTime

reconciliation_run = sa.Table(
    "reconciliation_run",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("provider", sa.String(32), nullable=False),
    sa.Column("file_name", sa.String(255), nullable=False),
    # the same file twice is refused (its lines would be counted twice): one run per content
    sa.Column("file_sha256", sa.String(64), nullable=False, unique=True),
    sa.Column("period_from", UTCDateTime, nullable=False),
    sa.Column("period_to", UTCDateTime, nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("line_count", sa.Integer, nullable=False),
    sa.Column("matched_count", sa.Integer, nullable=False),
    sa.Column("mismatched_count", sa.Integer, nullable=False),
    sa.Column("fees_recorded", sa.Integer, nullable=False, server_default="0"),
    sa.Column("imported_by_id", sa.Uuid, nullable=True),
    sa.Column("imported_by_name", sa.String(254), nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
)
sa.Index("ix_reconciliation_run_created_at_id", reconciliation_run.c.created_at.desc(), reconciliation_run.c.id.desc())
sa.Index("ix_reconciliation_run_provider_created_at", reconciliation_run.c.provider, reconciliation_run.c.created_at)

reconciliation_mismatch = sa.Table(
    "reconciliation_mismatch",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("run_id", sa.Uuid, sa.ForeignKey("reconciliation_run.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("payment_no", sa.String(64), nullable=False),
    sa.Column("refund_no", sa.String(64), nullable=True),
    sa.Column("line_no", sa.Integer, nullable=True),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("ours_amount_minor", sa.BigInteger, nullable=True),
    sa.Column("theirs_amount_minor", sa.BigInteger, nullable=True),
    sa.Column("ours_status", sa.String(16), nullable=True),
    sa.Column("theirs_status", sa.String(16), nullable=True),
    sa.Column("provider_ref", sa.String(128), nullable=True),
    sa.Column("payment_id", sa.Uuid, nullable=True),  # no foreign key: a mismatch outlives nothing it names
    sa.Column("refund_id", sa.Uuid, nullable=True),
    sa.Column("resolved_at", UTCDateTime, nullable=True),
    sa.Column("resolved_by_id", sa.Uuid, nullable=True),
    sa.Column("resolved_by_name", sa.String(254), nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
)
m = reconciliation_mismatch.c
sa.Index("ix_reconciliation_mismatch_run_id_kind", m.run_id, m.kind)  # the run's list, its kind filter
sa.Index("ix_reconciliation_mismatch_run_id_resolved_at", m.run_id, m.resolved_at)  # open ones, counts
# what a statement's period should list: a provider's payments and refunds that succeeded in it
sa.Index("ix_payment_method_paid_at", payment.c.method, payment.c.paid_at)
sa.Index("ix_refund_method_succeeded_at", refund.c.method, refund.c.succeeded_at)


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.ReconciliationRun, reconciliation_run)
    registry.map_imperatively(entities.Mismatch, reconciliation_mismatch)
