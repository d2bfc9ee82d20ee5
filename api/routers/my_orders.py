"""The signed-in customer's checkout and orders: preview, place, list with tabs and counts, detail, cancel and
confirm receipt. Another customer's order is answered as missing (404)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response, status

from api.deps import ContainerDep, CurrentUser, Paging, ReadUoW, UoW, actor_of
from api.idempotency import IdempotentWrite, idempotent
from api.schemas.common import Page, problems
from api.schemas.orders import (
    CheckoutPreviewIn,
    CheckoutPreviewOut,
    MyOrderCountsOut,
    MyOrderIn,
    OrderOut,
    OrderSummaryOut,
    ReasonIn,
)
from domain.orders import reading
from domain.orders import use_cases as orders
from domain.orders.entities import Order, SalesChannel
from domain.orders.placing import LineRequest, Preview
from domain.orders.reading import StatusGroup
from infra.container import Container

router = APIRouter(prefix="/me", tags=["my-orders"])
SIGNED_IN = {"x-permission": "authenticated"}
PlaceKey = Annotated[IdempotentWrite, Depends(idempotent("my-orders-create"))]
ACTION = problems(401, 404, 409, 422)


def _out(order: Order) -> OrderOut:
    return OrderOut.of(order, allowed_actions=reading.customer_actions(order), for_customer=True)


@router.post(
    "/checkout/preview",
    response_model=CheckoutPreviewOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-preview",
    responses=problems(401, 404, 422),
)
async def preview(body: CheckoutPreviewIn, user: CurrentUser, uow: ReadUoW, c: ContainerDep) -> CheckoutPreviewOut:
    """The price breakdown of a would-be order, each line with its problem if any; changes nothing."""
    lines = [LineRequest(line.sku_id, line.quantity) for line in body.lines]
    return await price_preview(
        orders.preview_checkout, uow, c, lines, body.address_id, customer_id=user.id, is_dealer=user.is_dealer
    )


async def price_preview(
    preview_use_case: Callable[..., Awaitable[Preview]],
    uow: Any,
    c: Container,
    lines: list[LineRequest],
    address_id: UUID | None,
    **buyer: Any,
) -> CheckoutPreviewOut:
    """What a preview use case (the checkout's, or staff's for a manual order) answers for `buyer`, priced with
    the shop's clock, order policy and base currency."""
    policy, currency = c.settings.orders.policy(), c.settings.base_currency
    result = await preview_use_case(
        uow, c.clock, policy, lines=lines, address_id=address_id, currency=currency, **buyer
    )
    return CheckoutPreviewOut.of(result)


@router.post(
    "/orders",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-create",
    responses=problems(401, 403, 404, 409, 422),
)
async def place(body: MyOrderIn, request: Request, user: CurrentUser, c: ContainerDep, keyed: PlaceKey) -> Response:
    """Place an order (pending payment; its stock is held until it is paid or expires). Send an
    `Idempotency-Key`: a retry then answers with the same order."""

    async def apply(uow: Any) -> Order:
        return await orders.place_order(
            uow,
            c.clock,
            actor_of(request, user),
            c.settings.orders.policy(),
            customer_id=user.id,
            channel=SalesChannel.WEB,
            lines=[LineRequest(line.sku_id, line.quantity) for line in body.lines],
            address_id=body.address_id,
            note=body.note,
        )

    return await keyed.run(body.model_dump(mode="json"), apply, _out, status.HTTP_201_CREATED)


@router.get(
    "/orders",
    response_model=Page[OrderSummaryOut],
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-list",
    responses=problems(401, 422),
)
async def list_mine(
    user: CurrentUser, uow: ReadUoW, paging: Paging, status_group: StatusGroup = StatusGroup.ALL
) -> Page[OrderSummaryOut]:
    """My orders in one tab, newest first."""
    items, total = await orders.list_my_orders(uow, user.id, status_group, offset=paging.offset, limit=paging.page_size)
    return Page(items=[OrderSummaryOut.of(o) for o in items], total=total, page=paging.page, page_size=paging.page_size)


@router.get(
    "/orders/counts",
    response_model=MyOrderCountsOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-counts",
    responses=problems(401),
)
async def counts(user: CurrentUser, uow: ReadUoW) -> MyOrderCountsOut:
    """How many of my orders each tab holds."""
    return MyOrderCountsOut.of(await orders.my_order_counts(uow, user.id))


@router.get(
    "/orders/{order_id}",
    response_model=OrderOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-get",
    responses=problems(401, 404, 422),
)
async def get_mine(order_id: UUID, user: CurrentUser, uow: ReadUoW) -> OrderOut:
    """One of my orders with its timeline."""
    return _out(await orders.get_order(uow, order_id, customer_id=user.id))


@router.post(
    "/orders/{order_id}/cancel",
    response_model=OrderOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-cancel",
    responses=ACTION,
)
async def cancel_mine(
    order_id: UUID, body: ReasonIn, request: Request, user: CurrentUser, uow: UoW, c: ContainerDep
) -> OrderOut:
    """Cancel my order before it ships; its stock is released (a paid one is refunded)."""
    order = await orders.cancel_order(
        uow, c.clock, actor_of(request, user), order_id, reason=body.reason, customer_id=user.id
    )
    return _out(order)


@router.post(
    "/orders/{order_id}/confirm-receipt",
    response_model=OrderOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-orders-confirm-receipt",
    responses=ACTION,
)
async def confirm_mine(order_id: UUID, request: Request, user: CurrentUser, uow: UoW, c: ContainerDep) -> OrderOut:
    """I received the goods: the order is completed."""
    order = await orders.confirm_receipt(uow, c.clock, actor_of(request, user), order_id, customer_id=user.id)
    return _out(order)
