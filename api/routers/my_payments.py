"""The signed-in customer pays an order: start a payment with a method, then follow it (the result page polls it).
Another customer's order or payment is answered as missing (404)."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response, status

from api.deps import ContainerDep, CurrentUser, ReadUoW, actor_of
from api.responses import OrjsonResponse
from api.schemas.common import problems
from api.schemas.payments import PaymentIn, PaymentOut
from domain.payments import paying
from domain.payments import use_cases as payments

router = APIRouter(prefix="/me", tags=["my-payments"])
SIGNED_IN = {"x-permission": "authenticated"}


@router.post(
    "/orders/{order_id}/payments",
    status_code=status.HTTP_201_CREATED,
    response_model=PaymentOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-payments-start",
    responses={
        200: {"model": PaymentOut, "description": "The same method's active attempt, as it is"},
        **problems(401, 404, 409, 422, 503),
    },
)
async def start(order_id: UUID, body: PaymentIn, request: Request, user: CurrentUser, c: ContainerDep) -> Response:
    """Pay my unpaid order with an online method: the attempt with its pay page (`start.url`) or QR code
    (`start.qr_code`). Asking again with the same method answers the same attempt (200): a retry or a double
    click never opens a second one. Another method replaces the open attempt, and so does a new one (201) once
    staff changed the order's total: an attempt whose page is out is asked of its provider first, and money paid
    there pays the order (409 `payment.order_not_payable` then), else it ends (`replaced_by_other_method`,
    `amount_outdated`)."""
    view, created = await payments.start_payment(
        c.uow,
        c.clock,
        c.payment_gateways,
        paying.Links(c.settings.public_base_url),
        actor_of(request, user),
        customer_id=user.id,
        order_id=order_id,
        method=body.method,
        policy=c.settings.orders.policy(),
    )
    out = PaymentOut.of(view.payment, order_number=view.order_number)
    return OrjsonResponse(out.model_dump(mode="json"), status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@router.get(
    "/payments/{payment_id}",
    response_model=PaymentOut,
    openapi_extra=SIGNED_IN,
    operation_id="my-payments-get",
    responses=problems(401, 404, 422),
)
async def get(payment_id: UUID, user: CurrentUser, uow: ReadUoW) -> PaymentOut:
    """One of my payments, as it stands now (the result page polls it until it is no longer processing)."""
    view = await payments.get_my_payment(uow, user.id, payment_id)
    return PaymentOut.of(view.payment, order_number=view.order_number)
