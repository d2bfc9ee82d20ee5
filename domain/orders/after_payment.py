"""What a paid order keeps owing after its payment, however staff change it: its units stay counted as sold, and
it keeps passing the automatic review (domain/orders/review.py) on its way to the warehouse.

Sales counts: an order's units count on its products from its payment until it is closed, so an edit of a paid
order moves the counts by the difference per product, a split or a merge moves none (the same units only change
order), and closing a paid order before it ships (cancel) takes its units back off.

Review again: after a change of the lines, prices or address of a paid order not on hold, the automatic rules run
again. One waiting for shipment (it passed review, automatically or by a reviewer, as it was then) that now fails
goes back to the review queue (`review_again`, by the system, the failed rules as its note `review_failed`); one
waiting in the queue gets its reasons brought up to date, and goes on to the warehouse if it passes every rule now,
as it would have at payment. An unpaid order is reviewed at its payment; a held one when a reviewer releases it (which moves
it to awaiting shipment, so the same rules send it back to the queue if it fails them then).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import timedelta
from uuid import UUID

from domain.catalog import sales
from domain.customers import standing
from domain.inventory.entities import ReservationStatus
from domain.orders import notes, review, timeline
from domain.orders.entities import Order, OrderStatus
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrdersUoW
from domain.orders.state import OrderAction
from domain.ports import Clock

# States whose units are on the sales counts: paid and not closed (a cancelled order never was paid).
COUNTED = frozenset(
    {
        OrderStatus.PAID,
        OrderStatus.ON_HOLD,
        OrderStatus.AWAITING_SHIPMENT,
        OrderStatus.PARTIALLY_SHIPPED,
        OrderStatus.SHIPPED,
        OrderStatus.COMPLETED,
    }
)
REVIEWED_AGAIN = frozenset({OrderStatus.PAID, OrderStatus.AWAITING_SHIPMENT})


def units_sold(order: Order) -> dict[UUID, int]:
    """The order's units per product, as the sales counts hold them."""
    units: dict[UUID, int] = defaultdict(int)
    for line in order.lines:
        units[line.product_id] += line.quantity
    return dict(units)


async def count_sales(uow: OrdersUoW, order: Order) -> None:
    """Count a newly paid order's units, inside the paying transaction."""
    await sales.record_sales(uow, units_sold(order))


async def follow_sales(uow: OrdersUoW, order: Order, before: Mapping[UUID, int]) -> None:
    """After a counted order's lines changed: move each product's count by its difference from `before`."""
    if OrderStatus(order.status) not in COUNTED:
        return
    after = units_sold(order)
    await sales.adjust_sales(uow, {p: after.get(p, 0) - before.get(p, 0) for p in {*before, *after}})


async def take_back_sales(uow: OrdersUoW, order: Order) -> None:
    """A paid order closed before it ships: its units were never sold after all."""
    await sales.adjust_sales(uow, {product: -units for product, units in units_sold(order).items()})


def reviewed_terms(order: Order) -> tuple[object, ...]:
    """What the automatic review looked at that staff can change: the lines and their prices, the total and the
    address. An edit that leaves these as they were (a note, a remark) is not reviewed again."""
    lines = sorted((str(x.sku_id), x.quantity, x.unit_price_minor) for x in order.lines)
    address = (order.ship_recipient, order.ship_phone, order.ship_region_code, order.ship_detail)
    return (tuple(lines), order.total_minor, address)


async def review_flags(uow: OrdersUoW, policy: OrderPolicy, order: Order) -> list[str]:
    """The automatic rules the order fails now (`[]`: it passes), from its reservation, address, total and the
    customer's standing."""
    held = None
    if order.reservation_id is not None:
        held = await uow.stock.reservation(order.reservation_id)
    facts = review.ReviewFacts(
        stock_ok=held is not None and held.status == ReservationStatus.ACTIVE,
        address_complete=review.address_complete(
            order.ship_recipient, order.ship_phone, order.ship_region_code, order.ship_detail
        ),
        total=order.total,
        customer_flagged=not (await standing.standing_of(uow, order.customer_id)).may_order,
    )
    return list(review.review_flags(policy, facts))


async def review_again(uow: OrdersUoW, clock: Clock, policy: OrderPolicy, order: Order) -> None:
    """Run the automatic review again after staff changed what a paid order holds, costs or where it goes, or
    released it from hold (module docstring); call it after the change's or the release's own timeline row."""
    status = OrderStatus(order.status)
    if status not in REVIEWED_AGAIN:
        return
    flags = await review_flags(uow, policy, order)
    previous = order.updated_at
    if status == OrderStatus.AWAITING_SHIPMENT:
        if not flags:
            return
        note = notes.review_failed(flags)
        await timeline.move(
            uow, clock, timeline.SYSTEM, order, OrderAction.REVIEW_AGAIN, note=note.text, note_params=note.params,
            template="order.review_again",
        )  # fmt: skip
        order.needs_review, order.review_flags = True, flags
    elif flags:
        order.needs_review, order.review_flags = True, flags
    else:
        await timeline.move(uow, clock, timeline.SYSTEM, order, OrderAction.APPROVE, note="auto_review")
        order.needs_review, order.review_flags = False, []
    if previous is not None and order.updated_at is not None and order.updated_at <= previous:
        # `updated_at` is the edit's concurrency token (editing.touch): it only moves forward
        order.updated_at = previous + timedelta(microseconds=1)
