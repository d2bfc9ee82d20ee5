"""In-memory payments, refunds and the payment log, the same port as infra/repositories/payments.py."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.orders.entities import OrderStatus, PaymentMethod
from domain.orders.notes import MERGED_INTO
from domain.payments.entities import (
    ACTIVE_STATUSES,
    ONLINE_METHODS,
    EventKind,
    Payment,
    PaymentEvent,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from domain.payments.method_ports import BankTransferRow, MethodSetting, PaymentProof
from domain.payments.order_refunds import ORDER_CLOSED
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
            p
            for p in self.tables.payments.values()
            if p.status == PaymentStatus.PROCESSING and p.method in ONLINE_METHODS and p.created_at < before
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

    async def refunds_of_order(self, order_id: UUID) -> list[Refund]:
        return sorted(
            (r for r in self.tables.refunds.values() if r.order_id == order_id), key=lambda r: (r.created_at, str(r.id))
        )

    async def closed_orders_to_refund(self, since: datetime, before: datetime, limit: int) -> list[UUID]:
        closing = {r.order_id for r in self.tables.refunds.values() if r.reason == ORDER_CLOSED}
        found = [
            o
            for o in self.tables.orders.values()
            if o.status == OrderStatus.CLOSED
            and o.paid_minor > 0
            and o.cancelled_at is not None
            and since <= o.cancelled_at < before
            and o.cancel_reason != MERGED_INTO
            and o.id not in closing
            and any(
                p.order_id == o.id and p.status == PaymentStatus.SUCCEEDED and p.refunded_minor < p.amount_minor
                for p in self.tables.payments.values()
            )
        ]
        return [o.id for o in sorted(found, key=lambda o: o.cancelled_at or since)][:limit]

    async def orders_merged_into(self, order_number: str, customer_id: UUID) -> list[UUID]:
        return [
            o.id
            for o in self.tables.orders.values()
            if o.customer_id == customer_id
            and o.status == OrderStatus.CLOSED
            and o.cancel_reason == MERGED_INTO
            and (o.cancel_reason_params or {}).get("number") == order_number
        ]


class FakeMethodSettingRepository:
    def __init__(self, tables: Tables) -> None:
        self.rows = tables.method_settings

    async def all(self) -> list[MethodSetting]:
        return sorted(self.rows.values(), key=lambda s: s.position)

    async def get(self, method: PaymentMethod) -> MethodSetting | None:
        return self.rows.get(method)

    async def get_for_update(self, method: PaymentMethod) -> MethodSetting | None:
        return self.rows.get(method)

    async def add(self, setting: MethodSetting) -> None:
        self.rows[PaymentMethod(setting.method)] = setting


class FakePaymentProofRepository:
    def __init__(self, tables: Tables) -> None:
        self.proofs = tables.payment_proofs

    async def add(self, proof: PaymentProof) -> None:
        self.proofs.append(proof)

    async def get(self, proof_id: UUID) -> PaymentProof | None:
        return next((p for p in self.proofs if p.id == proof_id), None)

    async def of_payment(self, payment_id: UUID) -> list[PaymentProof]:
        return sorted((p for p in self.proofs if p.payment_id == payment_id), key=lambda p: p.uploaded_at, reverse=True)

    async def bank_transfers(
        self, *, statuses: tuple[str, ...], offset: int, limit: int
    ) -> tuple[list[BankTransferRow], int]:
        raise NotImplementedError("finance's queue is read through the database (tests/integration)")
