"""Payments, refunds and the payment log. They never commit."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.orders.entities import OrderStatus
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
from domain.payments.order_refunds import ORDER_CLOSED
from domain.payments.queries import PaymentQuery, PaymentRow, RefundQuery, RefundRow
from infra.db.tables import orders
from infra.db.tables import payments as tables
from infra.repositories import payment_records

pay, ev, ref = tables.payment, tables.payment_event, tables.refund


class PaymentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, payment: Payment) -> None:
        self.session.add(payment)

    async def get(self, payment_id: UUID) -> Payment | None:
        return await self.session.get(Payment, payment_id)

    async def get_for_update(self, payment_id: UUID) -> Payment | None:
        return await self.session.get(Payment, payment_id, with_for_update=True, populate_existing=True)

    async def by_number(self, payment_no: str) -> Payment | None:
        return await self.session.scalar(sa.select(Payment).where(pay.c.payment_no == payment_no))

    async def active_for_order(self, order_id: UUID) -> Payment | None:
        active = [str(status) for status in ACTIVE_STATUSES]
        return await self.session.scalar(sa.select(Payment).where(pay.c.order_id == order_id, pay.c.status.in_(active)))

    async def for_order(self, order_id: UUID) -> list[Payment]:
        stmt = sa.select(Payment).where(pay.c.order_id == order_id).order_by(pay.c.created_at, pay.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def processing_since(self, before: datetime, limit: int) -> list[UUID]:
        stmt = (
            sa.select(pay.c.id)
            .where(
                pay.c.status == PaymentStatus.PROCESSING,
                pay.c.method.in_([str(m) for m in ONLINE_METHODS]),  # a processing transfer waits for finance
                pay.c.created_at < before,
            )
            .order_by(pay.c.created_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def add_event(self, event: PaymentEvent) -> None:
        self.session.add(event)

    async def get_event(self, event_id: UUID) -> PaymentEvent | None:
        return await self.session.get(PaymentEvent, event_id)

    async def get_event_for_update(self, event_id: UUID) -> PaymentEvent | None:
        return await self.session.get(PaymentEvent, event_id, with_for_update=True, populate_existing=True)

    async def events_of(self, payment_id: UUID) -> list[PaymentEvent]:
        stmt = sa.select(PaymentEvent).where(ev.c.payment_id == payment_id).order_by(ev.c.at, ev.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def abandoned(self, now: datetime, opened_before: datetime, limit: int) -> list[UUID]:
        order = orders.sales_order
        stmt = (
            sa.select(pay.c.id)
            .join(order, order.c.id == pay.c.order_id)
            .where(
                pay.c.status == PaymentStatus.PENDING,
                pay.c.created_at < opened_before,
                sa.or_(pay.c.expires_at < now, order.c.status != "pending_payment"),
            )
            .order_by(pay.c.created_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def unapplied_callbacks(self, before: datetime, limit: int) -> list[UUID]:
        stmt = (
            sa.select(ev.c.id)
            .where(ev.c.kind == EventKind.CALLBACK, ev.c.applied_at.is_(None), ev.c.at < before)
            .order_by(ev.c.at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def add_refund(self, refund: Refund) -> None:
        self.session.add(refund)

    async def get_refund(self, refund_id: UUID) -> Refund | None:
        return await self.session.get(Refund, refund_id)

    async def get_refund_for_update(self, refund_id: UUID) -> Refund | None:
        return await self.session.get(Refund, refund_id, with_for_update=True, populate_existing=True)

    async def refunds_of(self, payment_id: UUID) -> list[Refund]:
        stmt = sa.select(Refund).where(ref.c.payment_id == payment_id).order_by(ref.c.created_at, ref.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def refunds_due(self, at: datetime, limit: int) -> list[UUID]:
        stmt = (
            sa.select(ref.c.id)
            .where(ref.c.status == RefundStatus.PENDING, ref.c.next_attempt_at <= at)
            .order_by(ref.c.next_attempt_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    async def refunds_of_order(self, order_id: UUID) -> list[Refund]:
        stmt = sa.select(Refund).where(ref.c.order_id == order_id).order_by(ref.c.created_at, ref.c.id)
        return list((await self.session.scalars(stmt)).all())

    async def orders_merged_into(self, order_number: str, customer_id: UUID) -> list[UUID]:
        o = orders.sales_order
        stmt = sa.select(o.c.id).where(
            o.c.customer_id == customer_id,  # merged orders are one customer's: their index finds them
            o.c.status == OrderStatus.CLOSED,
            o.c.cancel_reason == MERGED_INTO,
            o.c.cancel_reason_params["number"].as_string() == order_number,
        )
        return list((await self.session.scalars(stmt)).all())

    async def closed_orders_to_refund(self, since: datetime, before: datetime, limit: int) -> list[UUID]:
        o = orders.sales_order
        closing = sa.select(ref.c.id).where(ref.c.order_id == o.c.id, ref.c.reason == ORDER_CLOSED)
        refundable = sa.select(pay.c.id).where(
            pay.c.order_id == o.c.id,
            pay.c.status == PaymentStatus.SUCCEEDED,
            pay.c.refunded_minor < pay.c.amount_minor,
        )
        stmt = (
            sa.select(o.c.id)
            .where(
                o.c.status == OrderStatus.CLOSED,
                o.c.paid_minor > 0,
                o.c.cancelled_at >= since,
                o.c.cancelled_at < before,
                sa.or_(o.c.cancel_reason.is_(None), o.c.cancel_reason != MERGED_INTO),
                ~sa.exists(closing),
                sa.exists(refundable),
            )
            .order_by(o.c.cancelled_at)
            .limit(limit)
        )
        return list((await self.session.scalars(stmt)).all())

    # the lists' reading side (domain/payments/queries.py): statements in payment_records.py
    async def search(self, query: PaymentQuery, *, offset: int, limit: int) -> tuple[list[PaymentRow], int]:
        return await payment_records.search_payments(self.session, query, offset=offset, limit=limit)

    async def search_refunds(self, query: RefundQuery, *, offset: int, limit: int) -> tuple[list[RefundRow], int]:
        return await payment_records.search_refunds(self.session, query, offset=offset, limit=limit)
