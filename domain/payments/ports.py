"""What payments need from storage (infra/repositories/payments.py) and from the features a payment touches in its
own transaction: the order it pays (orders' actions, so paying an order and recording the payment commit
together), notifications, audit."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.orders.ports import OrdersUoW
from domain.payments.entities import Payment, PaymentEvent, Refund
from domain.payments.method_ports import MethodSettingRepository, PaymentProofRepository


class PaymentRepository(Protocol):
    async def add(self, payment: Payment) -> None: ...
    async def get(self, payment_id: UUID) -> Payment | None: ...
    async def get_for_update(self, payment_id: UUID) -> Payment | None:
        """The payment locked for this transaction. Lock the order first when both are locked (orders, then
        payments, then refunds: one order for every path, so two paths never wait on each other)."""
        ...

    async def by_number(self, payment_no: str) -> Payment | None: ...
    async def active_for_order(self, order_id: UUID) -> Payment | None:
        """The order's attempt that is pending or processing, if any (there is at most one)."""
        ...

    async def for_order(self, order_id: UUID) -> list[Payment]:
        """Every attempt to pay the order, oldest first."""
        ...

    async def processing_since(self, before: datetime, limit: int) -> list[UUID]:
        """Online payments still processing that were started before `before`, oldest first (the active query's
        work; a bank transfer processing waits for finance, not a provider)."""
        ...

    async def add_event(self, event: PaymentEvent) -> None: ...
    async def get_event(self, event_id: UUID) -> PaymentEvent | None: ...
    async def get_event_for_update(self, event_id: UUID) -> PaymentEvent | None: ...
    async def events_of(self, payment_id: UUID) -> list[PaymentEvent]:
        """The payment's log, oldest first (its refunds' lines included)."""
        ...

    async def abandoned(self, now: datetime, opened_before: datetime, limit: int) -> list[UUID]:
        """Attempts still pending (never started) opened before `opened_before` whose time is up at `now` or
        whose order no longer waits for payment, oldest first (the sweep expires them)."""
        ...

    async def unapplied_callbacks(self, before: datetime, limit: int) -> list[UUID]:
        """Verified callbacks stored before `before` and not applied yet, oldest first (the backstop sweep)."""
        ...

    async def add_refund(self, refund: Refund) -> None: ...
    async def get_refund(self, refund_id: UUID) -> Refund | None: ...
    async def get_refund_for_update(self, refund_id: UUID) -> Refund | None: ...
    async def refunds_of(self, payment_id: UUID) -> list[Refund]: ...
    async def refunds_due(self, at: datetime, limit: int) -> list[UUID]:
        """Pending refunds whose next attempt is due by `at`, oldest first (the sending job's work)."""
        ...

    async def refunds_of_order(self, order_id: UUID) -> list[Refund]:
        """The refunds booked against the order (`Refund.order_id`), oldest first."""
        ...

    async def closed_orders_to_refund(self, since: datetime, before: datetime, limit: int) -> list[UUID]:
        """Orders closed by a cancel between `since` and `before` that were paid by a payment of their own with money
        left on it, and have no refund for their closing (`order_closed`) yet: the closing job's backstop."""
        ...

    async def orders_merged_into(self, order_number: str, customer_id: UUID) -> list[UUID]:
        """The orders merged into the order with this number (their money moved to it: domain/orders/splitting.py
        records no link but the merged order's cancel reason `merged_into` with the survivor's number)."""
        ...


class PaymentsUoW(OrdersUoW, Protocol):
    @property
    def payments(self) -> PaymentRepository: ...
    @property
    def payment_methods(self) -> MethodSettingRepository: ...
    @property
    def payment_proofs(self) -> PaymentProofRepository: ...
