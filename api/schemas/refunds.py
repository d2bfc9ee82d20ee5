"""Refunds as staff ask for them and as every payments screen shows them (PAYMENTS.md's RefundOut)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, Field, RootModel

from api.schemas.common import DecimalText, MoneyOut, Schema
from domain.money import Money
from domain.payments.refunding import Asked


class RefundIn(Schema):
    amount: DecimalText = Field(description='In the order\'s currency, e.g. "12.50".')
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    payment_id: UUID | None = Field(
        default=None, description="Refund from this payment only; without it, the order's newest payments first."
    )


class RefundConfirmIn(Schema):
    note: Annotated[str, Field(max_length=500)] = Field(default="", description="How it was paid back, for finance.")


class RefundOut(BaseModel):
    id: UUID
    refund_no: str
    payment_id: UUID
    payment_no: str
    order_id: UUID
    order_number: str
    method: str
    status: str = Field(description="pending, succeeded or failed")
    amount: MoneyOut
    reason: str
    requested_by_kind: str = Field(description="customer, staff or system")
    requested_by_name: str | None
    attempts: int
    failure_code: str | None = Field(description="Why it failed: provider_refused, retries_exhausted")
    created_at: datetime
    succeeded_at: datetime | None

    @classmethod
    def of(cls, asked: Asked) -> RefundOut:
        r = asked.refund
        return cls(
            id=r.id,
            refund_no=r.refund_no,
            payment_id=r.payment_id,
            payment_no=asked.payment_no,
            order_id=r.order_id,
            order_number=asked.order_number,
            method=str(r.method),
            status=str(r.status),
            amount=MoneyOut.of(Money.of_minor(r.amount_minor, r.currency)),
            reason=r.reason,
            requested_by_kind=r.requested_by_kind,
            requested_by_name=r.requested_by_name,
            attempts=r.attempts,
            failure_code=r.failure_code,
            created_at=r.created_at,
            succeeded_at=r.succeeded_at,
        )


class RefundsOut(RootModel[list[RefundOut]]):
    """The refunds one request made."""
