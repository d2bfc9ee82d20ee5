"""Facts about orders, dispatched after commit to jobs (infra/jobs/orders.py) and later to other features."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from domain.events import Event


@dataclass(frozen=True)
class OrderPlaced(Event):
    """An unpaid order waits for payment until `expires_at`, when its expiry job cancels it."""

    order_id: UUID
    expires_at: datetime


@dataclass(frozen=True)
class OrderPaid(Event):
    order_id: UUID


@dataclass(frozen=True)
class OrderClosed(Event):
    """A paid order was cancelled: the payment issue refunds `paid_minor` from here."""

    order_id: UUID
    paid_minor: int
    currency: str
