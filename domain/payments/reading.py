"""Reading payments and refunds: finance's lists and a payment's detail with its log, a customer's own history, and
an order's payments for its detail page. Staff see any; a customer only their own (another's is 404)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import TypeVar
from uuid import UUID

from domain.errors import NotFound
from domain.payments.queries import (
    PaymentQuery,
    PaymentRecord,
    PaymentRecordsUoW,
    PaymentRow,
    RefundQuery,
    RefundRow,
)

EXPORT_BATCH = 500
T = TypeVar("T")


def _payment_not_found() -> NotFound:
    return NotFound("No such payment.", code="payment.not_found")


async def list_payments(
    uow: PaymentRecordsUoW, query: PaymentQuery, *, offset: int, limit: int
) -> tuple[list[PaymentRow], int]:
    return await uow.payments.search(query, offset=offset, limit=limit)


async def list_refunds(
    uow: PaymentRecordsUoW, query: RefundQuery, *, offset: int, limit: int
) -> tuple[list[RefundRow], int]:
    return await uow.payments.search_refunds(query, offset=offset, limit=limit)


async def list_my_payments(
    uow: PaymentRecordsUoW, customer_id: UUID, *, offset: int, limit: int
) -> tuple[list[PaymentRow], int]:
    """The customer's own payments, newest first."""
    return await uow.payments.search(PaymentQuery(customer_id=customer_id), offset=offset, limit=limit)


async def get_payment(uow: PaymentRecordsUoW, payment_id: UUID, *, customer_id: UUID | None = None) -> PaymentRecord:
    """The payment with its log and refunds; for a customer only their own (another's is 404), without the log."""
    rows, _ = await uow.payments.search(PaymentQuery(payment_id=payment_id), offset=0, limit=1)
    if not rows or (customer_id is not None and rows[0].payment.customer_id != customer_id):
        raise _payment_not_found()
    if customer_id is not None:
        return PaymentRecord(rows[0])
    events = await uow.payments.events_of(payment_id)
    refunds, _ = await uow.payments.search_refunds(
        RefundQuery(payment_ids=(payment_id,), sort="created_at"), offset=0, limit=1000
    )
    return PaymentRecord(rows[0], events, refunds)


async def order_payments(uow: PaymentRecordsUoW, order_id: UUID) -> list[PaymentRecord]:
    """Every attempt to pay the order (oldest first), each with its refunds (oldest first)."""
    if await uow.orders.get(order_id) is None:
        raise NotFound("No such order.", code="order.not_found")
    rows, _ = await uow.payments.search(PaymentQuery(order_id=order_id, sort="created_at"), offset=0, limit=1000)
    refunds, _ = await uow.payments.search_refunds(
        RefundQuery(order_id=order_id, sort="created_at"), offset=0, limit=10_000
    )
    by_payment: dict[UUID, list[RefundRow]] = {}
    for refund in refunds:
        by_payment.setdefault(refund.refund.payment_id, []).append(refund)
    return [PaymentRecord(row, refunds=by_payment.get(row.payment.id, [])) for row in rows]


async def count_payments(uow: PaymentRecordsUoW, query: PaymentQuery) -> int:
    """How many payments match, counted up to TOTAL_CAP + 1 only."""
    _, counted = await uow.payments.search(query, offset=0, limit=0)
    return counted


async def count_refunds(uow: PaymentRecordsUoW, query: RefundQuery) -> int:
    _, counted = await uow.payments.search_refunds(query, offset=0, limit=0)
    return counted


async def payment_batches(
    uows: Callable[[], PaymentRecordsUoW], query: PaymentQuery, *, limit: int
) -> AsyncIterator[list[PaymentRow]]:
    """Up to `limit` payments matching `query`, in its order, a batch at a time, each batch in a short read of its
    own (an export never holds one long transaction)."""

    async def page(uow: PaymentRecordsUoW, offset: int, size: int) -> list[PaymentRow]:
        rows, _ = await uow.payments.search(query, offset=offset, limit=size)
        return rows

    async for batch in _batches(uows, page, limit):
        yield batch


async def refund_batches(
    uows: Callable[[], PaymentRecordsUoW], query: RefundQuery, *, limit: int
) -> AsyncIterator[list[RefundRow]]:
    async def page(uow: PaymentRecordsUoW, offset: int, size: int) -> list[RefundRow]:
        rows, _ = await uow.payments.search_refunds(query, offset=offset, limit=size)
        return rows

    async for batch in _batches(uows, page, limit):
        yield batch


async def _batches(
    uows: Callable[[], PaymentRecordsUoW],
    page: Callable[[PaymentRecordsUoW, int, int], Awaitable[list[T]]],
    limit: int,
) -> AsyncIterator[list[T]]:
    offset = 0
    while offset < limit:
        size = min(EXPORT_BATCH, limit - offset)
        async with uows() as uow:
            rows = await page(uow, offset, size)
        if rows:
            yield rows
        if len(rows) < size:
            return
        offset += size
