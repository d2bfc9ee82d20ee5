"""In-memory payments, refunds and the payment log, the same port as infra/repositories/payments.py."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.orders.entities import OrderStatus
from domain.payments.entities import (
    ACTIVE_STATUSES,
    EventKind,
    Payment,
    PaymentEvent,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from tests.fakes.tables import Tables


class FakePaymentRepository:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def add(self, payment: Payment) -> None:
        self.tables.payments[payment.id] = payment

    async def get(self, payment_id: UUID) -> Payment | None:
        return self.tables.payments.get(payment_id)

    async def get_for_update(self, payment_id: UUID) -> Payment | None:
        return self.tables.payments.get(payment_id)

    async def by_number(self, payment_no: str) -> Payment | None:
        return next((p for p in self.tables.payments.values() if p.payment_no == payment_no), None)

    async def active_for_order(self, order_id: UUID) -> Payment | None:
        return next(
            (p for p in self.tables.payments.values() if p.order_id == order_id and p.status in ACTIVE_STATUSES), None
        )

    async def for_order(self, order_id: UUID) -> list[Payment]:
        found = [p for p in self.tables.payments.values() if p.order_id == order_id]
        return sorted(found, key=lambda p: (p.created_at, str(p.id)))

    async def processing_since(self, before: datetime, limit: int) -> list[UUID]:
        found = [
            p for p in self.tables.payments.values() if p.status == PaymentStatus.PROCESSING and p.created_at < before
        ]
        return [p.id for p in sorted(found, key=lambda p: p.created_at)][:limit]

    async def abandoned(self, now: datetime, opened_before: datetime, limit: int) -> list[UUID]:
        found = [
            p
            for p in self.tables.payments.values()
            if p.status == PaymentStatus.PENDING
            and p.created_at < opened_before
            and (p.expires_at < now or self.tables.orders[p.order_id].status != OrderStatus.PENDING_PAYMENT)
        ]
        return [p.id for p in sorted(found, key=lambda p: p.created_at)][:limit]

    async def add_event(self, event: PaymentEvent) -> None:
        self.tables.payment_events.append(event)

    async def get_event(self, event_id: UUID) -> PaymentEvent | None:
        return next((e for e in self.tables.payment_events if e.id == event_id), None)

    async def get_event_for_update(self, event_id: UUID) -> PaymentEvent | None:
        return await self.get_event(event_id)

    async def events_of(self, payment_id: UUID) -> list[PaymentEvent]:
        return [e for e in self.tables.payment_events if e.payment_id == payment_id]  # in the order written

    async def unapplied_callbacks(self, before: datetime, limit: int) -> list[UUID]:
        found = [
            e
            for e in self.tables.payment_events
            if e.kind == EventKind.CALLBACK and e.applied_at is None and e.at < before
        ]
        return [e.id for e in found][:limit]

    async def add_refund(self, refund: Refund) -> None:
        self.tables.refunds[refund.id] = refund

    async def get_refund(self, refund_id: UUID) -> Refund | None:
        return self.tables.refunds.get(refund_id)

    async def get_refund_for_update(self, refund_id: UUID) -> Refund | None:
        return self.tables.refunds.get(refund_id)

    async def refunds_of(self, payment_id: UUID) -> list[Refund]:
        return [r for r in self.tables.refunds.values() if r.payment_id == payment_id]

    async def refunds_due(self, at: datetime, limit: int) -> list[UUID]:
        found = [
            r
            for r in self.tables.refunds.values()
            if r.status == RefundStatus.PENDING and r.next_attempt_at is not None and r.next_attempt_at <= at
        ]
        return [r.id for r in sorted(found, key=lambda r: r.next_attempt_at or at)][:limit]
