"""Payments: each attempt to pay an order, its refunds and the payment log (domain/payments/entities.py). Money in
minor units of the payment's currency."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import registry as Registry

from domain.payments import entities
from infra.db.schema import metadata
from infra.db.types import UTCDateTime

_ACTIVE = sa.text("status IN ('pending', 'processing')")

payment = sa.Table(
    "payment",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("payment_no", sa.String(32), nullable=False, unique=True),
    sa.Column("order_id", sa.Uuid, sa.ForeignKey("sales_order.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("customer_id", sa.Uuid, sa.ForeignKey("user_account.id", ondelete="RESTRICT"), nullable=False),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("amount_minor", sa.BigInteger, nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("provider_ref", sa.String(128), nullable=True),
    sa.Column("start_kind", sa.String(16), nullable=True),
    sa.Column("start_url", sa.String(2048), nullable=True),
    sa.Column("qr_code", sa.String(512), nullable=True),
    sa.Column("fee_minor", sa.BigInteger, nullable=True),
    sa.Column("refunded_minor", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("failure_code", sa.String(64), nullable=True),
    sa.Column("expires_at", UTCDateTime, nullable=False),
    sa.Column("paid_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    # the database refuses an over-refund even if a bug got past the row lock
    sa.CheckConstraint("amount_minor > 0 AND refunded_minor >= 0 AND refunded_minor <= amount_minor", name="amounts"),
)
p = payment.c
# one active attempt per order, whatever the number of concurrent "pay" clicks
sa.Index("uq_payment_order_id_active", p.order_id, unique=True, postgresql_where=_ACTIVE, sqlite_where=_ACTIVE)
sa.Index("ix_payment_created_at_id", p.created_at.desc(), p.id.desc())  # the finance list, newest first
sa.Index("ix_payment_status_created_at", p.status, p.created_at)  # stuck-in-processing query, status filter
sa.Index("ix_payment_customer_id_created_at", p.customer_id, p.created_at)  # a customer's payment history
sa.Index("ix_payment_paid_at_id", p.paid_at.desc(), p.id.desc())  # finance's "paid between" filter and sort

refund = sa.Table(
    "refund",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("refund_no", sa.String(32), nullable=False, unique=True),
    sa.Column("payment_id", sa.Uuid, sa.ForeignKey("payment.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("order_id", sa.Uuid, sa.ForeignKey("sales_order.id", ondelete="RESTRICT"), nullable=False, index=True),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("currency", sa.String(3), nullable=False),
    sa.Column("amount_minor", sa.BigInteger, nullable=False),
    sa.Column("reason", sa.String(500), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("requested_by_kind", sa.String(16), nullable=False),
    sa.Column("requested_by_id", sa.Uuid, nullable=True),
    sa.Column("requested_by_name", sa.String(254), nullable=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("next_attempt_at", UTCDateTime, nullable=True),
    sa.Column("provider_ref", sa.String(128), nullable=True),
    sa.Column("failure_code", sa.String(64), nullable=True),
    sa.Column("succeeded_at", UTCDateTime, nullable=True),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=True),
    sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
)
sa.Index("ix_refund_created_at_id", refund.c.created_at.desc(), refund.c.id.desc())
sa.Index("ix_refund_status_next_attempt_at", refund.c.status, refund.c.next_attempt_at)  # the sending job's work

payment_event = sa.Table(
    "payment_event",
    metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("at", UTCDateTime, nullable=False),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("method", sa.String(32), nullable=False),
    sa.Column("payment_id", sa.Uuid, sa.ForeignKey("payment.id", ondelete="CASCADE"), nullable=True, index=True),
    sa.Column("payment_no", sa.String(64), nullable=True),
    sa.Column("refund_id", sa.Uuid, nullable=True),
    sa.Column("from_status", sa.String(16), nullable=True),
    sa.Column("to_status", sa.String(16), nullable=True),
    sa.Column("amount_minor", sa.BigInteger, nullable=True),
    sa.Column("currency", sa.String(3), nullable=True),
    sa.Column("provider_event_id", sa.String(128), nullable=True),
    sa.Column("note", sa.String(500), nullable=False, server_default=""),
    sa.Column("raw", sa.JSON, nullable=False),
    sa.Column("actor_kind", sa.String(16), nullable=False),
    sa.Column("actor_id", sa.Uuid, nullable=True),
    sa.Column("actor_name", sa.String(254), nullable=True),
    sa.Column("applied_at", UTCDateTime, nullable=True),
)
# callbacks not applied yet: the backstop sweep's work list (a lost job, a worker killed mid-way)
_UNAPPLIED = sa.text("kind = 'callback' AND applied_at IS NULL")
sa.Index("ix_payment_event_unapplied_at", payment_event.c.at, postgresql_where=_UNAPPLIED, sqlite_where=_UNAPPLIED)
sa.Index("ix_payment_event_kind_at", payment_event.c.kind, payment_event.c.at)  # rejected callbacks for finance


def map_entities(registry: Registry) -> None:
    registry.map_imperatively(entities.Payment, payment)
    registry.map_imperatively(entities.Refund, refund)
    registry.map_imperatively(entities.PaymentEvent, payment_event)
