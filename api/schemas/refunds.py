"""Refunds as staff ask for them; they answer in the RefundOut every payments screen shows (api/schemas/payments.py)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from pydantic import Field, RootModel

from api.schemas.common import DecimalText, Schema
from api.schemas.payments import RefundOut
from domain.payments.refunding import Asked


class RefundIn(Schema):
    amount: DecimalText = Field(description='In the order\'s currency, e.g. "12.50".')
    reason: Annotated[str, Field(min_length=1, max_length=500)]
    payment_id: UUID | None = Field(
        default=None, description="Refund from this payment only; without it, the order's newest payments first."
    )


class RefundConfirmIn(Schema):
    note: Annotated[str, Field(max_length=500)] = Field(default="", description="How it was paid back, for finance.")


def refund_out(asked: Asked) -> RefundOut:
    return RefundOut.of(asked.refund, payment_no=asked.payment_no, order_number=asked.order_number)


class RefundsOut(RootModel[list[RefundOut]]):
    """The refunds one request made."""
