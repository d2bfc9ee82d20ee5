"""Staff changing orders before they ship: edit (lines, prices, address, note, remark), split and merge."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request

from api.deps import ContainerDep, UoW, actor_of, require
from api.routers import orders as orders_router
from api.schemas.common import problems
from api.schemas.order_changes import MergeIn, OrderEditIn, SplitIn, SplitOut
from api.schemas.orders import OrderOut
from domain.identity.principal import Principal
from domain.orders import use_cases as orders
from domain.orders.entities import Order

router = APIRouter(prefix="/orders", tags=["orders"])
Writer = Annotated[Principal, Depends(require("orders:write"))]
WRITE = {"x-permission": "orders:write"}
CHANGE = problems(401, 403, 404, 409, 422)
PRICE_PERMISSION = "orders:review"  # a new unit price changes what the customer pays: a reviewer's decision


def _out(user: Principal, order: Order) -> OrderOut:
    return orders_router.staff_view(user)(order)


@router.post("/merge", response_model=OrderOut, openapi_extra=WRITE, operation_id="orders-merge", responses=CHANGE)
async def merge_orders(body: MergeIn, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> OrderOut:
    """Merge one customer's unshipped orders to one address into one; the others close as merged into it."""
    order = await orders.merge_orders(
        uow,
        c.clock,
        actor_of(request, user),
        c.settings.orders.policy(),
        order_ids=body.order_ids,
        expected=body.updated_at,
    )
    return _out(user, order)


@router.patch(
    "/{order_id:uuid}",  # a UUID only: /orders/export, /merge and /preview are other routes (405 for other methods)
    response_model=OrderOut,
    openapi_extra={**WRITE, "x-permission-prices": PRICE_PERMISSION},
    operation_id="orders-edit",
    responses=CHANGE,
)
async def edit_order(
    order_id: UUID, body: OrderEditIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> OrderOut:
    """Edit an order before it ships (a new unit price also needs orders:review); send its `updated_at`."""
    order = await orders.edit_order(
        uow,
        c.clock,
        actor_of(request, user),
        c.settings.orders.policy(),
        order_id,
        body.edit(),
        may_override_prices=user.can(PRICE_PERMISSION),
    )
    return _out(user, order)


@router.post(
    "/{order_id}/split", response_model=SplitOut, openapi_extra=WRITE, operation_id="orders-split", responses=CHANGE
)
async def split_order(
    order_id: UUID, body: SplitIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> SplitOut:
    """Split an order before it ships: chosen lines to a new order, or one order per warehouse."""
    lines = {x.line_id: x.quantity for x in body.lines} if body.lines else None
    parts = await orders.split_order(
        uow, c.clock, actor_of(request, user), order_id, expected_updated_at=body.updated_at, lines=lines
    )
    return SplitOut(orders=[_out(user, part) for part in parts])
