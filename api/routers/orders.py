"""Orders in the back office: the list with its filters, the detail, manual orders and every action on an order."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from decimal import Decimal
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.idempotency import IdempotentWrite, idempotent
from api.responses import data_response
from api.routers import my_orders
from api.schemas.common import AwareIsoTime, DecimalText, Schema, problems
from api.schemas.orders import (
    CheckoutPreviewOut,
    ManualOrderIn,
    ManualPreviewIn,
    NoteIn,
    OrderOut,
    OrderPage,
    PayIn,
    ReasonIn,
    RemarkIn,
    ShipIn,
)
from domain import money
from domain.identity.principal import Principal
from domain.orders import reading
from domain.orders import use_cases as orders
from domain.orders.entities import Order, OrderStatus, PaymentMethod, SalesChannel
from domain.orders.placing import LineRequest
from domain.orders.ports import OrderQuery
from domain.payments import use_cases as payments

router = APIRouter(prefix="/orders", tags=["orders"])
Reader = Annotated[Principal, Depends(require("orders:read"))]
Writer = Annotated[Principal, Depends(require("orders:write"))]
Shipper = Annotated[Principal, Depends(require("shipments:write"))]
Cashier = Annotated[Principal, Depends(require("payments:write"))]
ManualKey = Annotated[IdempotentWrite, Depends(idempotent("orders-create"))]
READ = {"x-permission": "orders:read"}
WRITE = {"x-permission": "orders:write"}
SHIP = {"x-permission": "shipments:write"}
PAY = {"x-permission": "payments:write"}
ACTION = problems(401, 403, 404, 409, 422)
StaffAction = Callable[..., Awaitable[Order]]  # a use case taking (uow, clock, actor, order_id, **fields)
Sort = Literal["-created_at", "created_at", "-total", "total", "-paid_at", "paid_at"]


def staff_view(user: Principal) -> Callable[[Order], OrderOut]:
    """An order as this staff member sees it: with the actions their permissions allow."""
    return lambda order: OrderOut.of(order, allowed_actions=reading.staff_actions(order, user.can))


def _minor(amount: Decimal | None, currency: str) -> int | None:
    return None if amount is None else money.Money(amount, currency).minor


async def order_filters(
    c: ContainerDep,
    number: Annotated[str | None, Query(max_length=32)] = None,
    customer: Annotated[str | None, Query(max_length=100, description="Part of the name, phone or e-mail")] = None,
    status_: Annotated[list[OrderStatus] | None, Query(alias="status")] = None,
    channel: SalesChannel | None = None,
    payment_method: Annotated[str | None, Query(max_length=32)] = None,
    amount_min: DecimalText | None = None,
    amount_max: DecimalText | None = None,
    created_from: AwareIsoTime | None = None,
    created_to: AwareIsoTime | None = None,
    paid_from: AwareIsoTime | None = None,
    paid_to: AwareIsoTime | None = None,
    shipped_from: AwareIsoTime | None = None,
    shipped_to: AwareIsoTime | None = None,
    product: Annotated[str | None, Query(max_length=100, description="Product name, SKU code or barcode")] = None,
    needs_review: bool | None = None,
    expiring_before: AwareIsoTime | None = None,
    sort: Sort = "-created_at",
) -> OrderQuery:
    currency = c.settings.base_currency
    return OrderQuery(
        number=number or None,
        customer=customer or None,
        statuses=tuple(status_ or ()),
        channel=channel,
        payment_method=payment_method or None,
        amount_min_minor=_minor(amount_min, currency),
        amount_max_minor=_minor(amount_max, currency),
        product=product or None,
        needs_review=needs_review,
        expiring_before=expiring_before,
        sort=sort,
        created_from=created_from,
        created_to=created_to,
        paid_from=paid_from,
        paid_to=paid_to,
        shipped_from=shipped_from,
        shipped_to=shipped_to,
    )


Filters = Annotated[OrderQuery, Depends(order_filters)]


@router.get(
    "",
    response_model=OrderPage,
    openapi_extra=READ,
    operation_id="orders-list",
    responses=problems(401, 403, 422),
)
async def list_orders(_: Reader, uow: ReadUoW, paging: Paging, query: Filters) -> Response:
    """Orders matching every given filter, sorted and paginated; the total is counted up to 10,000."""
    items, counted = await orders.list_orders(uow, query, offset=paging.offset, limit=paging.page_size)
    return data_response(OrderPage.json_of(items, counted, page=paging.page, page_size=paging.page_size))


@router.post(
    "/preview",
    response_model=CheckoutPreviewOut,
    openapi_extra=WRITE,
    operation_id="orders-preview",
    responses=problems(401, 403, 404, 422),
)
async def preview_manual_order(body: ManualPreviewIn, _: Writer, uow: ReadUoW, c: ContainerDep) -> CheckoutPreviewOut:
    """The price breakdown of a manual order before it is placed (the customer's prices, agreed prices, shipping
    to their address), each line with its problem if any; changes nothing."""
    lines = [LineRequest(line.sku_id, line.quantity, line.unit_price) for line in body.lines]
    return await my_orders.price_preview(
        orders.preview_manual_order, uow, c, lines, body.address_id, customer_id=body.customer_id
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=OrderOut,
    openapi_extra=WRITE,
    operation_id="orders-create",
    responses=problems(401, 403, 404, 409, 422),
)
async def create_order(
    body: ManualOrderIn, request: Request, user: Writer, c: ContainerDep, keyed: ManualKey
) -> Response:
    """A manual order keyed in for a customer (phone or offline sale); send an `Idempotency-Key`."""
    lines = [LineRequest(line.sku_id, line.quantity, line.unit_price) for line in body.lines]

    async def apply(uow: Any) -> Order:
        return await orders.place_order(
            uow,
            c.clock,
            actor_of(request, user),
            c.settings.orders.policy(),
            customer_id=body.customer_id,
            channel=SalesChannel(body.channel),
            lines=lines,
            address_id=body.address_id,
            note=body.note,
            remark=body.remark,
        )

    return await keyed.run(body.model_dump(mode="json"), apply, staff_view(user), status.HTTP_201_CREATED)


@router.get(
    "/{order_id:uuid}",  # a UUID only: /orders/export, /merge and /preview are other routes (405 for other methods)
    response_model=OrderOut,
    openapi_extra=READ,
    operation_id="orders-get",
    responses=problems(401, 403, 404, 422),
)
async def get_order(order_id: UUID, user: Reader, uow: ReadUoW) -> OrderOut:
    """One order with its lines, amounts, timeline, remarks and the actions this reader may take."""
    return staff_view(user)(await orders.get_order(uow, order_id))


@router.post("/{order_id}/pay", response_model=OrderOut, openapi_extra=PAY, operation_id="orders-pay", responses=ACTION)
async def pay(order_id: UUID, body: PayIn, request: Request, user: Cashier, c: ContainerDep) -> OrderOut:
    """Record an offline payment of the whole order (bank transfer, cash, cash on delivery) and mark the order
    paid; it is then reviewed automatically. An active bank-transfer attempt is the one confirmed."""
    order = await payments.record_offline_payment(
        c.uow,
        c.clock,
        c.payment_gateways,
        actor_of(request, user),
        c.settings.orders.policy(),
        order_id,
        method=PaymentMethod(body.method),
        reference=body.reference,
        note=body.note,
    )
    return staff_view(user)(order)


@router.post(
    "/{order_id}/ship", response_model=OrderOut, openapi_extra=SHIP, operation_id="orders-ship", responses=ACTION
)
async def ship(order_id: UUID, body: ShipIn, request: Request, user: Shipper, uow: UoW, c: ContainerDep) -> OrderOut:
    """Ship the given lines (all that is left when none are given) with the carrier's tracking number."""
    lines = None if body.lines is None else {line.line_id: line.quantity for line in body.lines}
    order = await orders.ship_order(
        uow,
        c.clock,
        actor_of(request, user),
        order_id,
        carrier=body.carrier,
        tracking_number=body.tracking_number,
        lines=lines,
    )
    return staff_view(user)(order)


def _order_action(
    path: str,
    use_case: StaffAction,
    permission: str,
    body: type[Schema] | None,
    doc: str,
    *,
    name: str | None = None,
    reviews: bool = False,
) -> None:
    """Add `POST /orders/{order_id}/<path>`: staff holding `permission` run `use_case` on the order with the
    body's fields as its keywords (and the order policy as `policy` for an action that `reviews` the order), and
    get the order back as they see it."""

    async def act(
        order_id: UUID, body: Any = None, *, request: Request, user: Principal, uow: UoW, c: ContainerDep
    ) -> OrderOut:
        fields = {} if body is None else dict(body)
        if reviews:
            fields["policy"] = c.settings.orders.policy()
        return staff_view(user)(await use_case(uow, c.clock, actor_of(request, user), order_id, **fields))

    # FastAPI reads from the signature what to parse and check: here the permission and the body are the action's
    annotations = {
        "order_id": UUID,
        "body": body,
        "request": Request,
        "user": Annotated[Principal, Depends(require(permission))],
        "uow": UoW,
        "c": ContainerDep,
    }
    act.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter(param, inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=annotation)
            for param, annotation in annotations.items()
            if annotation is not None
        ],
        return_annotation=OrderOut,
    )
    name = name or path.replace("-", "_")  # the summary FastAPI shows: "Confirm Receipt"
    router.add_api_route(
        f"/{{order_id}}/{path}",
        act,
        methods=["POST"],
        name=name,
        description=doc,
        response_model=OrderOut,
        openapi_extra={"x-permission": permission},
        operation_id=f"orders-{name.replace('_', '-')}",
        responses=ACTION,
    )


_order_action(
    "approve",
    orders.approve_order,
    "orders:review",
    NoteIn,
    "Pass a paid order from the review queue to the warehouse.",
)
_order_action("hold", orders.hold_order, "orders:review", ReasonIn, "Hold an order before it ships, with a reason.")
_order_action(
    "release",
    orders.release_order,
    "orders:review",
    NoteIn,
    "Release a held order to the warehouse; one that fails the automatic review now goes back to the queue.",
    reviews=True,
)
_order_action(
    "cancel",
    orders.cancel_order,
    "orders:write",
    ReasonIn,
    "Cancel an order before shipment; its stock is released (a paid one is closed and refunded).",
)
_order_action(
    "confirm-receipt",
    orders.confirm_receipt,
    "orders:write",
    None,
    "Confirm receipt for the customer: the order is completed.",
)
_order_action(
    "remarks",
    orders.add_remark,
    "orders:write",
    RemarkIn,
    "Add a staff remark to the order's timeline (the customer never sees it).",
    name="add_remark",
)
