"""An order that stops waiting for its money (cancelled by the customer or staff, expired, or merged into another)
ends its open payment attempts in the same transaction, so none waits for a decision that can no longer pay
anything: a bank transfer leaves finance's queue, an attempt never started at a provider is closed. Each is expired
and logged with why (`order_cancelled`, `order_expired`, `order_merged`). A merge's surviving order keeps its own.

An online attempt the provider already has (processing) is left to the active query
(use_cases.query_processing_payments): the customer may be paying at this very moment, and only the provider knows;
the query asks it (never inside this transaction), settles money that came (a late payment, refunded in full,
domain/payments/applying.py) and otherwise expires the attempt with the same note. Locks: the order (taken by the
order's own transition), then each payment.

Money finance sees arrive for a bank transfer that ended with its order is late money too (`late_transfer`).
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.identity.actor import Actor
from domain.locking import ids_in_lock_order
from domain.orders import notes, splitting, transitions
from domain.orders.entities import ONLINE_METHODS, Order, OrderStatus
from domain.orders.policy import OrderPolicy
from domain.orders.timeline import SYSTEM
from domain.payments import log, moves, refunds
from domain.payments.applying import LATE_PAYMENT
from domain.payments.entities import (
    ACTIVE_STATUSES,
    ORDER_CANCELLED,
    ORDER_EXPIRED,
    ORDER_MERGED,
    EventKind,
    Payment,
    PaymentStatus,
)
from domain.payments.events import PaymentSucceeded
from domain.payments.ports import PaymentsUoW
from domain.payments.state import PaymentAction
from domain.ports import Clock


def why_closed(order: Order) -> str:
    """The note an attempt ends with when its order no longer waits for payment."""
    if order.cancel_reason == notes.MERGED_INTO:
        return ORDER_MERGED
    if order.status == OrderStatus.CANCELLED:
        return ORDER_EXPIRED if order.cancel_reason == "expired" else ORDER_CANCELLED
    return f"order_{order.status}"


async def end_attempts(uow: PaymentsUoW, clock: Clock, actor: Actor, order: Order) -> int:
    """Expire the order's open attempts that no provider holds; the caller holds the order's lock."""
    ended = 0
    for found in await uow.payments.for_order(order.id):
        if found.status not in ACTIVE_STATUSES:
            continue
        payment = await uow.payments.get_for_update(found.id)
        if payment is None or payment.status not in ACTIVE_STATUSES:
            continue
        if payment.method in ONLINE_METHODS and payment.status == PaymentStatus.PROCESSING:
            continue  # at the provider: the active query asks before it ends it (see the module's docstring)
        await moves.move(uow, clock, payment, PaymentAction.EXPIRE, actor=actor, note=why_closed(order))
        ended += 1
    return ended


async def cancel_order(
    uow: PaymentsUoW, clock: Clock, actor: Actor, order_id: UUID, *, reason: str, customer_id: UUID | None = None
) -> Order:
    """domain/orders/transitions.cancel, and the order's open attempts end with it."""
    order = await transitions.cancel(uow, clock, actor, order_id, reason=reason, customer_id=customer_id)
    await end_attempts(uow, clock, actor, order)
    return order


async def expire_order(uow: PaymentsUoW, clock: Clock, order_id: UUID) -> bool:
    """domain/orders/transitions.expire, and the order's open attempts end with it."""
    if not await transitions.expire(uow, clock, order_id):
        return False
    order = await uow.orders.get_for_update(order_id)  # locked already by the expiry: the same row
    assert order is not None
    await end_attempts(uow, clock, SYSTEM, order)
    return True


async def merge_orders(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    *,
    order_ids: list[UUID],
    expected: dict[UUID, datetime] | None = None,
) -> Order:
    """domain/orders/splitting.merge, and the open attempts of the orders merged away end with them: an attempt of
    an order that no longer exists cannot pay it (its money would go back as late). The survivor keeps its own."""
    survivor = await splitting.merge(uow, clock, actor, policy, order_ids=order_ids, expected=expected)
    for order_id in ids_in_lock_order(order_ids):
        if order_id == survivor.id:
            continue
        merged = await uow.orders.get_for_update(order_id)  # locked already by the merge: the same row
        assert merged is not None
        await end_attempts(uow, clock, actor, merged)
    return survivor


async def late_transfer(
    uow: PaymentsUoW, clock: Clock, actor: Actor, order: Order, payment: Payment, *, reference: str | None, note: str
) -> None:
    """The money of a transfer whose order no longer waits for it arrived after all: it is recorded (succeeded,
    logged as LATE_PAYMENT) and a refund of all of it requested, which finance pays back by hand and confirms
    (`POST /refunds/{id}/confirm`), as the online methods' late money is refunded (domain/payments/applying.py)."""
    payment.paid_at = clock.now()
    payment.provider_ref = reference or payment.provider_ref
    await moves.move(uow, clock, payment, PaymentAction.SUCCEED, actor=actor, note=note)
    why = why_closed(order)
    await log.write(uow, clock, payment, EventKind.LATE_PAYMENT, actor=actor, note=why,
                    raw={"order_status": str(order.status)})  # fmt: skip
    await refunds.request_refund(uow, clock, actor, payment, payment.amount_minor, reason=LATE_PAYMENT)
    uow.record(PaymentSucceeded(payment.id, payment.order_id))
