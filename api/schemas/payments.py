"""Payments as the API shows them (PAYMENTS.md "The API"): `PaymentOut`, and what starting one takes."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel

from api.schemas.common import MoneyOut, Schema
from domain.orders.entities import PaymentMethod
from domain.payments.entities import Payment, PaymentStatus


class PaymentIn(Schema):
    method: PaymentMethod


class PaymentStartOut(BaseModel):
    """What the storefront does next: open `url` (redirect), show `qr_code` as a QR code (qr), or nothing
    (offline: follow the shop's instructions)."""

    kind: Literal["redirect", "qr", "offline"]
    url: str | None
    qr_code: str | None


class PaymentOut(BaseModel):
    id: UUID
    payment_no: str
    order_id: UUID
    order_number: str
    method: PaymentMethod
    status: PaymentStatus
    amount: MoneyOut
    refunded: MoneyOut
    fee: MoneyOut | None
    start: PaymentStartOut | None
    failure_code: str | None
    expires_at: datetime
    created_at: datetime
    paid_at: datetime | None

    @classmethod
    def of(cls, payment: Payment, order_number: str) -> PaymentOut:
        start = (
            PaymentStartOut(kind=payment.start_kind, url=payment.start_url, qr_code=payment.qr_code)  # type: ignore[arg-type]
            if payment.start_kind
            else None
        )
        refunded = MoneyOut.minor(payment.refunded_minor, payment.currency)
        assert refunded is not None
        return cls(
            id=payment.id,
            payment_no=payment.payment_no,
            order_id=payment.order_id,
            order_number=order_number,
            method=payment.method,
            status=payment.status,
            amount=MoneyOut.of(payment.amount),
            refunded=refunded,
            fee=MoneyOut.minor(payment.fee_minor, payment.currency),
            start=start,
            failure_code=payment.failure_code,
            expires_at=payment.expires_at,
            created_at=payment.created_at,
            paid_at=payment.paid_at,
        )
