"""Refunding an order: staff give back part of what it was paid, or a paid order was cancelled (`OrderClosed`) and
everything it still holds goes back.

Which payments hold an order's money. A payment stays with the order it paid, but orders move money without
moving payments (domain/orders/splitting.py):
- a split part is paid by the payment of the order it was split off (`split_from_id`, up the chain);
- a merged order's money moved to the order it was merged into (`paid_minor` added to the survivor's, its
  own set to 0): the survivor is paid also by the payments of the orders merged into it. A merged order is
  closed without `OrderClosed` and holds nothing any more, so nothing is refunded for it; cancelling the
  survivor later refunds the merged orders' payments too.
So an order may take refunds from its own payments, those of the orders merged into it and those of the orders
it was split off, each never above what that payment has left (`Payment.refundable_minor`, under its lock), and
all together never above what the order holds: its `paid_minor` less its refunds that have not failed (those of
the orders merged into it included). A refund is booked against the order it was asked for (`Refund.order_id`),
whichever payment it comes from, so the split part's `refunded_minor` grows, not its parent's.

Locks: the order first, then the payments in id order (domain/locking.py); the orders around it are only read.

Known gap: a refund still pending when its order is merged away succeeds on the merged order, whose `paid_minor`
is 0 by then, so neither order's `refunded_minor` counts it (the refund, its payment and the payment log do).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from domain.audit import service as audit
from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.locking import ids_in_lock_order
from domain.money import Money
from domain.orders import notes, timeline, transitions
from domain.orders.entities import Order, OrderStatus
from domain.payments import refunds
from domain.payments.entities import OFFLINE_METHODS, Payment, PaymentStatus, RefundStatus
from domain.payments.ports import PaymentsUoW
from domain.payments.refunding import Asked, snapshot
from domain.ports import Clock

ORDER_CLOSED = "order_closed"  # the reason of the refunds a paid order's cancellation asks for
MOST_RELATED_ORDERS = 50  # a guard against a cycle of bad data, far above any real chain of splits and merges


@dataclass(frozen=True)
class Holdings:
    """An order's money: the payments it may refund from (locked, newest first) and what it may still get back."""

    order: Order
    payments: list[Payment]
    held_by_refunds: int  # refunds of the order (and of those merged into it) that have not failed

    @property
    def left_minor(self) -> int:
        return max(self.order.paid_minor - self.held_by_refunds, 0)

    @property
    def refundable_minor(self) -> int:
        return min(self.left_minor, sum(p.refundable_minor for p in self.payments))

    def refundable(self) -> Money:
        return Money.of_minor(self.refundable_minor, self.order.currency)


def newest_first(payments: list[Payment]) -> list[Payment]:
    return sorted(payments, key=lambda p: (p.paid_at or p.created_at, p.created_at), reverse=True)


def take(payments: list[Payment], amount_minor: int) -> list[tuple[Payment, int]]:
    """`amount_minor` taken from the payments in the order given, each up to what it has left to refund."""
    plan: list[tuple[Payment, int]] = []
    for payment in payments:
        if amount_minor <= 0:
            break
        part = min(payment.refundable_minor, amount_minor)
        if part > 0:
            plan.append((payment, part))
            amount_minor -= part
    return plan


async def holdings(uow: PaymentsUoW, order: Order) -> Holdings:
    """The locked order's money (module docstring): the payments that paid it, locked, and its refunds so far."""
    holders = [order.id]  # the order and the orders merged into it: their refunds count against its money
    payers: list[UUID] = []  # the orders whose payments may pay it back
    queue: list[tuple[Order, bool]] = [(order, True)]
    seen = {order.id}
    while queue and len(seen) < MOST_RELATED_ORDERS:
        current, holds = queue.pop(0)
        payers.append(current.id)
        related: list[tuple[UUID, bool]] = []
        if current.split_from_id is not None:
            related.append((current.split_from_id, False))
        related += [
            (merged, holds) for merged in await uow.payments.orders_merged_into(current.number, current.customer_id)
        ]
        for related_id, also_holds in related:
            if related_id in seen:
                continue
            seen.add(related_id)
            found = await uow.orders.get(related_id)
            if found is not None:
                queue.append((found, also_holds))
                if also_holds:
                    holders.append(found.id)
    paying = [p.id for order_id in payers for p in await uow.payments.for_order(order_id)]
    locked = [await uow.payments.get_for_update(payment_id) for payment_id in ids_in_lock_order(paying)]
    succeeded = [p for p in locked if p is not None and p.status == PaymentStatus.SUCCEEDED]
    held = 0
    for holder in holders:
        held += sum(
            r.amount_minor for r in await uow.payments.refunds_of_order(holder) if r.status != RefundStatus.FAILED
        )
    return Holdings(order, newest_first(succeeded), held)


async def _ask(
    uow: PaymentsUoW, clock: Clock, actor: Actor, order: Order, payment: Payment, amount_minor: int, reason: str
) -> Asked:
    refund = await refunds.request_refund(uow, clock, actor, payment, amount_minor, reason=reason)
    refund.order_id = order.id  # booked against the order asked for, whichever order the payment first paid
    if payment.method in OFFLINE_METHODS:
        refund.next_attempt_at = None  # no provider: finance pays it back by hand and confirms it
    return Asked(refund, payment.payment_no, order.number)


async def refund_order(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    order_id: UUID,
    *,
    amount: Decimal,
    reason: str,
    payment_id: UUID | None = None,
) -> list[Asked]:
    """Staff refund `amount` (in the order's currency) of an order: from one of its payments, or from its succeeded
    payments newest first, one refund per payment, all or nothing; 422 `refund.exceeds_paid` with what is
    refundable when too much."""
    if not reason.strip():
        raise RuleViolation("Say why the money is refunded.", code="refund.reason_required", field="reason")
    order = await transitions.locked(uow, order_id)
    wanted = Money(amount, order.currency)
    if wanted.rounded().amount != amount:
        raise RuleViolation("The amount has more decimals than the currency.", code="refund.amount_precision",
                            field="amount", currency=order.currency)  # fmt: skip
    money = await holdings(uow, order)
    payments = money.payments
    if payment_id is not None:
        payments = [p for p in payments if p.id == payment_id]
        if not payments:
            raise NotFound("This order has no such paid payment.", code="refund.payment_not_found")
    if wanted.minor <= 0:
        raise RuleViolation("A refund must be more than zero.", code="refund.amount_not_positive", field="amount")
    refundable = min(money.left_minor, sum(p.refundable_minor for p in payments))
    if wanted.minor > refundable:
        left = Money.of_minor(refundable, order.currency)
        raise RuleViolation(
            f"That is more than is left to refund: {left}.",
            code="refund.exceeds_paid",
            field="amount",
            refundable={"amount": str(left.amount), "currency": left.currency},
            refundable_minor=refundable,
        )
    asked = [await _ask(uow, clock, actor, order, p, part, reason) for p, part in take(payments, wanted.minor)]
    for one in asked:
        await audit.record(uow, actor, action="refund.create", target_type="refund", target_id=one.refund.id,
                           at=clock.now(), before=None, after=snapshot(one.refund))  # fmt: skip
    return asked


async def refund_closed_order(uow: PaymentsUoW, clock: Clock, order_id: UUID) -> list[Asked]:
    """A paid order was cancelled: refund all it still holds, one refund per payment (reason `order_closed`).
    Run twice, the second finds nothing left (the first's refunds are counted, pending or not)."""
    order = await uow.orders.get_for_update(order_id)
    if order is None or order.status != OrderStatus.CLOSED or order.cancel_reason == notes.MERGED_INTO:
        return []  # not closed by a cancel: a merged order's money lives on in the order it joined
    money = await holdings(uow, order)
    plan = take(money.payments, money.refundable_minor)
    return [await _ask(uow, clock, timeline.SYSTEM, order, p, part, ORDER_CLOSED) for p, part in plan]
