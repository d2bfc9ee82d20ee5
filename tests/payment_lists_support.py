"""Payments, refunds and log lines written straight through the payment repository, for tests of the lists that
read them (the flow that creates them for real is tested by its own files). Each test picks its own stretch of
time (`window()`), so the lists it reads hold its rows only, whatever else the shared test shop holds."""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.orders.entities import PaymentMethod
from domain.payments.entities import EventKind, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from domain.payments.numbers import payment_number, refund_number

_windows = itertools.count()


def window() -> datetime:
    """The start of a day of its own, in the future, for one test's rows (created_from = it, created_to = +1 day);
    the database is fresh for each test session."""
    return datetime(2031, 1, 1, tzinfo=UTC) + timedelta(days=next(_windows) * 2)


@dataclass
class Stored:
    payment: Payment
    refunds: list[Refund]


async def add_payment(
    uow_factory: Any,
    order: dict[str, Any],
    *,
    at: datetime,
    amount_minor: int = 10_000,
    method: PaymentMethod = PaymentMethod.ALIPAY,
    status: PaymentStatus = PaymentStatus.SUCCEEDED,
    refunds: tuple[tuple[int, RefundStatus], ...] = (),
    notes: tuple[tuple[EventKind, str], ...] = (),
    fee_minor: int | None = None,
) -> Stored:
    """A payment of `order` (OrderOut JSON) created at `at`, with its refunds and log lines."""
    paid = status == PaymentStatus.SUCCEEDED
    payment = Payment(
        payment_no=payment_number(at),
        order_id=UUID(order["id"]),
        customer_id=UUID(order["customer"]["id"]),
        method=method,
        currency="CNY",
        amount_minor=amount_minor,
        expires_at=at + timedelta(minutes=30),
        created_at=at,
        status=status,
        provider_ref=f"T{random.randrange(10**12)}" if paid else None,
        start_kind="redirect" if status == PaymentStatus.PROCESSING else None,
        start_url="https://pay.example/p" if status == PaymentStatus.PROCESSING else None,
        fee_minor=fee_minor,
        paid_at=at + timedelta(minutes=1) if paid else None,
        refunded_minor=sum(amount for amount, s in refunds if s != RefundStatus.FAILED),
    )
    stored = Stored(payment, [])
    async with uow_factory() as uow:
        await uow.payments.add(payment)
        await uow.flush()
        for n, (kind, note) in enumerate(notes):
            await uow.payments.add_event(
                PaymentEvent(
                    at=at + timedelta(seconds=30 + n),
                    kind=kind,
                    method=str(method),
                    payment_id=payment.id,
                    payment_no=payment.payment_no,
                    amount_minor=amount_minor,
                    currency="CNY",
                    note=note,
                )
            )
        for n, (amount, refund_status) in enumerate(refunds, start=1):
            refund = Refund(
                refund_no=refund_number(at + timedelta(minutes=n)),
                payment_id=payment.id,
                order_id=payment.order_id,
                method=method,
                currency="CNY",
                amount_minor=amount,
                reason=f"refund {n}",
                created_at=at + timedelta(minutes=2 + n),
                status=refund_status,
                requested_by_kind="staff",
                requested_by_name="Finance",
                succeeded_at=at + timedelta(minutes=3 + n) if refund_status == RefundStatus.SUCCEEDED else None,
            )
            await uow.payments.add_refund(refund)
            stored.refunds.append(refund)
        await uow.commit()
    return stored
