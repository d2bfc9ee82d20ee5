"""Facts about payments, dispatched after commit to jobs (infra/jobs/payments.py)."""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from domain.events import Event


@dataclass(frozen=True)
class CallbackStored(Event):
    """A verified provider callback was stored: `apply_payment_callback` applies it."""

    event_id: UUID


@dataclass(frozen=True)
class RefundRequested(Event):
    """A refund waits to be sent to the provider: `send_refund` sends it (and retries)."""

    refund_id: UUID


@dataclass(frozen=True)
class PaymentSucceeded(Event):
    payment_id: UUID
    order_id: UUID


@dataclass(frozen=True)
class PaymentFailed(Event):
    """Failed or expired unpaid: the customer is told, with a link to pay again while the order is still open."""

    payment_id: UUID
    order_id: UUID
