"""What happens to a placed order: payment (with the automatic review), review decisions, shipping, receipt,
cancellation and expiry. Each action locks the order, moves it through the state machine (domain/orders/state.py)
and does the stock side in the same transaction."""

from __future__ import annotations

from collections import defaultdict
from uuid import UUID

from domain.errors import NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.inventory import reservations
from domain.orders import after_payment, timeline
from domain.orders.entities import Order, OrderRemark, OrderStatus, PaymentMethod
from domain.orders.events import OrderClosed, OrderPaid
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW
from domain.orders.state import ORDER, OrderAction
from domain.ports import Clock


async def locked(uow: OrdersUoW, order_id: UUID, *, customer_id: UUID | None = None) -> Order:
    """The order, locked; another customer's order is answered as missing."""
    order = await uow.orders.get_for_update(order_id)
    if order is None or (customer_id is not None and order.customer_id != customer_id):
        raise NotFound("No such order.", code="order.not_found")
    return order


async def pay(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    order_id: UUID,
    *,
    method: PaymentMethod,
    reference: str | None = None,
    note: str = "",
) -> Order:
    """Record an offline payment of the whole order, count the sales, then review it automatically: a pass
    sends it on to the warehouse at once (by the system), anything else waits in the review queue."""
    order = await locked(uow, order_id)
    await timeline.move(uow, clock, actor, order, OrderAction.PAY, note=note)
    order.paid_minor, order.paid_at = order.total_minor, clock.now()
    order.payment_method, order.payment_reference = str(method), reference
    await after_payment.count_sales(uow, order)
    uow.record(OrderPaid(order.id))
    flags = await after_payment.review_flags(uow, policy, order)
    if flags:
        order.needs_review, order.review_flags = True, flags
    else:
        order.needs_review, order.review_flags = False, []
        await timeline.move(uow, clock, timeline.SYSTEM, order, OrderAction.APPROVE, note="auto_review")
    return order


async def approve(uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, note: str = "") -> Order:
    """A reviewer lets a paid order go to the warehouse."""
    order = await locked(uow, order_id)
    await timeline.move(uow, clock, actor, order, OrderAction.APPROVE, note=note)
    order.needs_review = False
    return order


async def hold(uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, reason: str) -> Order:
    """Stop an order before it ships, with the reason staff see."""
    if not reason.strip():
        raise RuleViolation("Say why the order is held.", code="order.reason_required", field="reason")
    order = await locked(uow, order_id)
    await timeline.move(uow, clock, actor, order, OrderAction.HOLD, note=reason)
    order.hold_reason, order.needs_review = reason, False
    return order


async def release(
    uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, policy: OrderPolicy, note: str = ""
) -> Order:
    """A reviewer lets a held order go on to the warehouse, past the automatic review once more: staff may have
    changed it while it was held (or the customer's standing changed), so one that fails the rules now goes
    back to the review queue (`review_again`, as after an edit of an approved order)."""
    order = await locked(uow, order_id)
    await timeline.move(uow, clock, actor, order, OrderAction.RELEASE, note=note)
    order.hold_reason = None
    await after_payment.review_again(uow, clock, policy, order)
    return order


async def ship(
    uow: OrdersUoW,
    clock: Clock,
    actor: Actor,
    order_id: UUID,
    *,
    carrier: str,
    tracking_number: str,
    lines: dict[UUID, int] | None = None,
) -> Order:
    """Interim shipping until the fulfilment issue: ship the given quantities per order line (all that is left
    when none are given); the reserved stock leaves the warehouse."""
    order = await locked(uow, order_id)
    by_id = {line.id: line for line in order.lines}
    wanted = {line.id: line.outstanding for line in order.lines if line.outstanding} if lines is None else lines
    for line_id, quantity in wanted.items():
        line = by_id.get(line_id)
        if line is None or quantity <= 0 or quantity > line.outstanding:
            raise RuleViolation(
                "Ship a positive quantity of a line, no more than is left to ship.",
                code="order.ship_quantity_invalid",
                line_id=str(line_id),
            )
    shipped_all = all(line.outstanding == wanted.get(line.id, 0) for line in order.lines)
    action = OrderAction.SHIP_REST if shipped_all else OrderAction.SHIP_PART
    ORDER.next_state(order.status, action)  # refused before any stock moves
    if order.reservation_id is not None:
        per_sku: dict[UUID, int] = defaultdict(int)
        for line_id, quantity in wanted.items():
            per_sku[by_id[line_id].sku_id] += quantity
        await reservations.commit(uow, clock, actor, order.reservation_id, quantities=dict(per_sku))
    for line_id, quantity in wanted.items():
        by_id[line_id].shipped_quantity += quantity
    order.carrier, order.tracking_number = carrier, tracking_number
    note = f"{carrier} {tracking_number}".strip()
    await timeline.move(uow, clock, actor, order, action, note=note)
    if shipped_all:
        order.shipped_at = clock.now()
    return order


async def confirm_receipt(
    uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, customer_id: UUID | None = None
) -> Order:
    """The goods arrived: the customer says so, staff do for them, or the auto-confirm job after N days."""
    order = await locked(uow, order_id, customer_id=customer_id)
    await timeline.move(uow, clock, actor, order, OrderAction.CONFIRM)
    order.completed_at = clock.now()
    return order


async def cancel(
    uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, reason: str, customer_id: UUID | None = None
) -> Order:
    """Cancel before shipment: an unpaid order is cancelled, a paid one closed (its refund follows from
    `OrderClosed`) and its units come off the sales counts; what it holds goes back to stock."""
    if not reason.strip():
        raise RuleViolation("Say why the order is cancelled.", code="order.reason_required", field="reason")
    order = await locked(uow, order_id, customer_id=customer_id)
    counted = OrderStatus(order.status) in after_payment.COUNTED
    await timeline.move(uow, clock, actor, order, OrderAction.CANCEL, note=reason)
    await _give_back_stock(uow, clock, actor, order, reason)
    if counted:
        await after_payment.take_back_sales(uow, order)
    order.cancel_reason, order.cancelled_at, order.needs_review = reason, clock.now(), False
    if order.status == OrderStatus.CLOSED and order.paid_minor:
        uow.record(OrderClosed(order.id, order.paid_minor, order.currency))
    return order


async def expire(uow: OrdersUoW, clock: Clock, order_id: UUID) -> bool:
    """Cancel an order still unpaid past its time; anything else (paid meanwhile, already expired, not due yet)
    is left alone, so the deferred job and the sweep may both run, and run twice."""
    order = await uow.orders.get_for_update(order_id)
    if order is None or order.status != OrderStatus.PENDING_PAYMENT:
        return False
    if order.expires_at is None or order.expires_at > clock.now():
        return False
    await timeline.move(uow, clock, timeline.SYSTEM, order, OrderAction.EXPIRE, template="order.expired")
    await _give_back_stock(uow, clock, timeline.SYSTEM, order, "expired")
    order.cancel_reason, order.cancelled_at = "expired", clock.now()
    return True


async def auto_confirm(uow: OrdersUoW, clock: Clock, policy: OrderPolicy, order_id: UUID) -> bool:
    """Confirm receipt for the customer once the order has been shipped long enough; otherwise nothing."""
    order = await uow.orders.get_for_update(order_id)
    if order is None or order.status != OrderStatus.SHIPPED or order.shipped_at is None:
        return False
    if order.shipped_at + policy.auto_confirm_after > clock.now():
        return False
    await timeline.move(uow, clock, timeline.SYSTEM, order, OrderAction.CONFIRM, note="auto_confirm")
    order.completed_at = clock.now()
    return True


async def add_remark(uow: OrdersUoW, clock: Clock, actor: Actor, order_id: UUID, *, text: str) -> Order:
    """A staff remark on the order's timeline (never shown to the customer)."""
    if not text.strip():
        raise RuleViolation("Write the remark.", code="order.remark_required", field="text")
    order = await locked(uow, order_id)
    before = order.snapshot()
    order.remarks.append(OrderRemark(order.id, clock.now(), text, actor.user_id, actor.name))
    order.updated_at = clock.now()
    await timeline.audit_staff(uow, clock, actor, "order.remark", order, before)
    return order


async def _give_back_stock(uow: OrdersUoW, clock: Clock, actor: Actor, order: Order, reason: str) -> None:
    if order.reservation_id is not None:
        await reservations.release(uow, clock, actor, order.reservation_id, reason=reason)
