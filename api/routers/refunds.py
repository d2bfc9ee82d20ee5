"""Refunds in the back office: refund part or all of an order, and confirm an offline refund paid back by hand."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, UoW, actor_of, require
from api.idempotency import IdempotentWrite, idempotent
from api.schemas.common import problems
from api.schemas.payments import RefundOut
from api.schemas.refunds import RefundConfirmIn, RefundIn, RefundsOut, refund_out
from domain.identity.principal import Principal
from domain.payments import refund_use_cases as refunds
from domain.payments.refunding import Asked

router = APIRouter(tags=["refunds"])
Refunder = Annotated[Principal, Depends(require("payments:refund"))]
RefundKey = Annotated[IdempotentWrite, Depends(idempotent("refunds-create"))]
REFUND = {"x-permission": "payments:refund"}


def _listed(asked: list[Asked]) -> RefundsOut:
    return RefundsOut([refund_out(one) for one in asked])


@router.post(
    "/orders/{order_id}/refunds",
    status_code=status.HTTP_201_CREATED,
    response_model=list[RefundOut],
    openapi_extra=REFUND,
    operation_id="refunds-create",
    responses=problems(401, 403, 404, 409, 422),
)
async def create_refund(
    order_id: UUID, body: RefundIn, request: Request, user: Refunder, keyed: RefundKey, c: ContainerDep
) -> JSONResponse:
    """Refund part or all of what an order was paid, back the way it was paid; send an `Idempotency-Key`.

    With `payment_id` the amount comes from that payment; without, from the order's succeeded payments newest
    first, one refund per payment, all in one go. More than is left to refund is refused with 422
    `refund.exceeds_paid`, whose `refundable` says how much is left. Online refunds are sent to the provider at
    once and retried on their own; refunds of offline payments (bank transfer, cash, cash on delivery) wait until
    finance pays the money back and confirms them (`POST /refunds/{refund_id}/confirm`). A refund that failed
    is not retried: its amount is refundable again, and staff issue a new refund for it."""

    async def apply(uow: Any) -> list[Asked]:
        return await refunds.refund_order(
            uow,
            c.clock,
            actor_of(request, user),
            order_id,
            amount=body.amount,
            reason=body.reason,
            payment_id=body.payment_id,
        )

    return await keyed.run(body.model_dump(mode="json") | {"order_id": str(order_id)}, apply, _listed,
                           status.HTTP_201_CREATED)  # fmt: skip


@router.post(
    "/refunds/{refund_id}/confirm",
    response_model=RefundOut,
    openapi_extra=REFUND,
    operation_id="refunds-confirm",
    responses=problems(401, 403, 404, 409, 422),
)
async def confirm_refund(
    refund_id: UUID, body: RefundConfirmIn, request: Request, user: Refunder, uow: UoW, c: ContainerDep
) -> RefundOut:
    """Finance paid an offline payment's refund back by hand: the refund succeeds (409 for an online one, or one
    no longer pending)."""
    asked = await refunds.confirm_offline_refund(uow, c.clock, actor_of(request, user), refund_id, note=body.note)
    return refund_out(asked)
