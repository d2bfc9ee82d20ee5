"""Applying what a provider said about a payment, exactly once: from a stored callback (`apply_callback`, the job
`apply_payment_callback`) or from an active query (domain/payments/use_cases.query_processing_payments). Both end
in `settle`, under the locks of the order, then the payment (then the callback event): the lock order of every
payments path (PAYMENTS.md), so a callback, its duplicate, a replay and a query serialise on the order's row.

- succeeded: the payment succeeds once (paid_at, the provider's id, its fee). If the order still waits for its
  money it is paid (`transitions.pay`: sales counted, the automatic review run). If this very payment paid it
  already, nothing more. Otherwise the money came too late: the order was cancelled or expired, or closed, or
  another attempt paid it, or staff changed its total meanwhile. That is logged as LATE_PAYMENT and the whole
  amount is refunded automatically (`refunds.request_refund`, reason `late_payment`; the refund job sends it).
  We chose an automatic refund over a task for finance: the money is the customer's, nothing on our side can use
  it, and a refund through the provider that collected it is what finance would do by hand anyway, only later.
- failed: an attempt still open fails (the customer may try again); closed: it expires. A failure or a closing
  reported after a success (out of order) changes nothing: nothing ever un-pays an order.
A callback is marked applied (`applied_at`) in the same transaction, so a second delivery of the job is a no-op.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.money import Money
from domain.orders import transitions
from domain.orders.entities import Order, OrderStatus
from domain.orders.policy import OrderPolicy
from domain.orders.timeline import SYSTEM
from domain.payments import log, moves, refunds
from domain.payments.entities import (
    ACTIVE_STATUSES,
    EventKind,
    Payment,
    PaymentEvent,
    PaymentStatus,
    collects_what_is_left,
)
from domain.payments.events import PaymentFailed, PaymentSucceeded
from domain.payments.gateway import ProviderPayment, ProviderStatus
from domain.payments.ports import PaymentsUoW
from domain.payments.state import PaymentAction
from domain.ports import Clock

LATE_PAYMENT = "late_payment"


async def lock(uow: PaymentsUoW, payment_id: UUID) -> tuple[Order, Payment] | None:
    """The payment's order, then the payment, locked (in that order); None when either is gone."""
    found = await uow.payments.get(payment_id)
    if found is None:
        return None
    order = await uow.orders.get_for_update(found.order_id)
    payment = await uow.payments.get_for_update(payment_id)
    return None if order is None or payment is None else (order, payment)


def reported_by(event: PaymentEvent) -> ProviderPayment:
    """The provider's report as the webhook read it (domain/payments/callbacks.reading)."""
    reading = event.raw.get("reading", {})
    fee = reading.get("fee_minor")
    return ProviderPayment(
        payment_no=event.payment_no or "",
        status=ProviderStatus(str(reading.get("status") or event.to_status)),
        amount=Money.of_minor(event.amount_minor or 0, event.currency or "CNY"),
        provider_ref=reading.get("provider_ref"),
        paid_at=datetime.fromisoformat(reading["paid_at"]) if reading.get("paid_at") else None,
        fee=Money.of_minor(int(fee), reading.get("fee_currency") or event.currency or "CNY")
        if fee is not None
        else None,
        event_id=event.provider_event_id,
    )


async def apply_callback(uow: PaymentsUoW, clock: Clock, policy: OrderPolicy, event_id: UUID) -> bool:
    """Apply a stored callback once; False when it was applied already (or is not a callback of a payment)."""
    found = await uow.payments.get_event(event_id)
    if found is None or found.kind != EventKind.CALLBACK or found.applied_at or found.payment_id is None:
        return False
    locked = await lock(uow, found.payment_id)
    event = await uow.payments.get_event_for_update(event_id)
    if locked is None or event is None or event.applied_at is not None:
        return False  # another worker applied it while this one waited for the locks
    _, payment = locked
    await settle(uow, clock, policy, payment, reported_by(event), source=f"callback:{event.id}")
    event.applied_at = clock.now()
    return True


async def settle(
    uow: PaymentsUoW, clock: Clock, policy: OrderPolicy, payment: Payment, reported: ProviderPayment, source: str
) -> None:
    """Bring the payment (and its order) in line with the provider's report. The caller holds the order's and the
    payment's locks (`lock`)."""
    match reported.status:
        case ProviderStatus.SUCCEEDED:
            await _succeeded(uow, clock, policy, payment, reported, source)
        case ProviderStatus.FAILED if payment.status in ACTIVE_STATUSES:
            payment.failure_code = "declined"
            await moves.move(uow, clock, payment, PaymentAction.FAIL, note=source, provider_event_id=reported.event_id)
            uow.record(PaymentFailed(payment.id, payment.order_id))
        case ProviderStatus.CLOSED if payment.status in ACTIVE_STATUSES:
            await expire(uow, clock, payment, note=source)
        case _:
            pass  # still pending at the provider, or a failure/closing after the outcome: nothing changes


async def expire(uow: PaymentsUoW, clock: Clock, payment: Payment, *, note: str) -> None:
    """An open attempt ran out of time (or lost its order): expired, and the customer is told (PaymentFailed)."""
    await moves.move(uow, clock, payment, PaymentAction.EXPIRE, note=note)
    uow.record(PaymentFailed(payment.id, payment.order_id))


async def _succeeded(
    uow: PaymentsUoW, clock: Clock, policy: OrderPolicy, payment: Payment, reported: ProviderPayment, source: str
) -> None:
    if payment.status == PaymentStatus.SUCCEEDED:
        return  # a duplicate, a replay, or the query after the callback: applied once already
    await moves.move(uow, clock, payment, PaymentAction.SUCCEED, note=source, provider_event_id=reported.event_id)
    payment.paid_at = reported.paid_at or clock.now()
    payment.provider_ref = reported.provider_ref or payment.provider_ref
    if reported.fee is not None and reported.fee.currency == payment.currency:
        payment.fee_minor = reported.fee.minor
    payment.failure_code = None
    uow.record(PaymentSucceeded(payment.id, payment.order_id))
    order = await uow.orders.get_for_update(payment.order_id)
    assert order is not None, "a payment's order is never deleted (foreign key RESTRICT)"
    if order.payment_reference == payment.payment_no:
        return  # this payment paid the order already
    if order.status == OrderStatus.PENDING_PAYMENT and collects_what_is_left(payment, order):
        await transitions.pay(uow, clock, SYSTEM, policy, order.id, method=payment.method, reference=payment.payment_no)
        return
    why = "order_amount_changed" if order.status == OrderStatus.PENDING_PAYMENT else f"order_{order.status}"
    await log.write(uow, clock, payment, EventKind.LATE_PAYMENT, note=why, raw={"order_status": str(order.status)})
    await refunds.request_refund(uow, clock, SYSTEM, payment, payment.amount_minor, reason=LATE_PAYMENT)
