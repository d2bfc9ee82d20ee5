"""Reading orders: one order for staff or for its customer, the back office's list, the customer's tabs."""

from __future__ import annotations

import enum
from collections.abc import Callable
from uuid import UUID

from domain.errors import NotFound
from domain.orders.entities import Order, OrderStatus
from domain.orders.ports import OrderQuery, OrdersUoW
from domain.orders.state import CUSTOMER_ACTIONS, ORDER, STAFF_PERMISSION


class StatusGroup(enum.StrEnum):
    """The tabs of the customer's "my orders"."""

    ALL = "all"
    UNPAID = "unpaid"
    TO_SHIP = "to_ship"
    SHIPPED = "shipped"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


S = OrderStatus
GROUPS: dict[StatusGroup, tuple[OrderStatus, ...]] = {
    StatusGroup.ALL: (),
    StatusGroup.UNPAID: (S.PENDING_PAYMENT,),
    StatusGroup.TO_SHIP: (S.PAID, S.ON_HOLD, S.AWAITING_SHIPMENT, S.PARTIALLY_SHIPPED),
    StatusGroup.SHIPPED: (S.SHIPPED,),
    StatusGroup.COMPLETED: (S.COMPLETED,),
    StatusGroup.CANCELLED: (S.CANCELLED, S.CLOSED),
}


async def get_order(uow: OrdersUoW, order_id: UUID, *, customer_id: UUID | None = None) -> Order:
    """The order with its lines, timeline and remarks; for a customer only their own (another's is 404)."""
    order = await uow.orders.get(order_id)
    if order is None or (customer_id is not None and order.customer_id != customer_id):
        raise NotFound("No such order.", code="order.not_found")
    return order


async def list_orders(uow: OrdersUoW, query: OrderQuery, *, offset: int, limit: int) -> tuple[list[Order], int]:
    return await uow.orders.search(query, offset=offset, limit=limit)


async def list_my_orders(
    uow: OrdersUoW, customer_id: UUID, group: StatusGroup, *, offset: int, limit: int
) -> tuple[list[Order], int]:
    query = OrderQuery(customer_id=customer_id, statuses=GROUPS[group])
    return await uow.orders.search(query, offset=offset, limit=limit)


async def my_counts(uow: OrdersUoW, customer_id: UUID) -> dict[StatusGroup, int]:
    """How many of the customer's orders each tab holds."""
    by_status = await uow.orders.status_counts(customer_id)
    counts = {group: sum(by_status.get(s, 0) for s in statuses) for group, statuses in GROUPS.items()}
    counts[StatusGroup.ALL] = sum(by_status.values())
    return counts


def staff_actions(order: Order, can: Callable[[str], bool]) -> list[str]:
    """What the back office may offer on this order: allowed by its state AND by the reader's permissions."""
    status = OrderStatus(order.status)
    return [str(a) for a in ORDER.actions(status) if a in STAFF_PERMISSION and can(STAFF_PERMISSION[a])]


def customer_actions(order: Order) -> list[str]:
    """What the customer may do: cancel before shipment, confirm receipt once shipped."""
    return [str(a) for a in ORDER.actions(OrderStatus(order.status)) if a in CUSTOMER_ACTIONS]
