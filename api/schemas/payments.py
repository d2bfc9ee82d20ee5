"""Payments, refunds and the payment log as the API shows them (PAYMENTS.md): money as `{amount, currency}`, times
UTC. Every payment helper builds its answers with these, so the storefront and the back office read one shape."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import MoneyOut, Page, Schema
from domain.money import Money
from domain.orders.entities import PaymentMethod
from domain.orders.ports import TOTAL_CAP
from domain.payments.entities import (
    ACTION_NOTES,
    ACTIVE_STATUSES,
    Payment,
    PaymentEvent,
    PaymentStatus,
    Refund,
    RefundStatus,
)
from domain.payments.queries import PaymentRecord, PaymentRow, RefundRow

_CODE = re.compile(r"^[a-z][a-z0-9_.]*$", re.ASCII)


class PaymentIn(Schema):
    method: PaymentMethod


class PaymentStartOut(BaseModel):
    """What the storefront does with an active attempt: go to `url` (redirect), draw `qr_code` as a QR code (qr), or
    show the payee's details and take a transfer proof (offline)."""

    kind: Literal["redirect", "qr", "offline"]
    url: str | None
    qr_code: str | None


class PaymentOut(BaseModel):
    id: UUID
    payment_no: str
    order_id: UUID
    order_number: str
    method: str
    status: PaymentStatus
    amount: MoneyOut
    refunded: MoneyOut = Field(description="Given to refunds that have not failed")
    fee: MoneyOut | None = Field(description="The provider's fee, once it reports one")
    start: PaymentStartOut | None = Field(description="Set while the attempt is pending or processing")
    failure_code: str | None
    expires_at: datetime
    created_at: datetime
    paid_at: datetime | None

    @classmethod
    def of(cls, payment: Payment, *, order_number: str) -> PaymentOut:
        return cls(**_payment_fields(payment, order_number))


def _payment_fields(payment: Payment, order_number: str) -> dict[str, Any]:
    status = PaymentStatus(payment.status)
    start = None
    if payment.start_kind and status in ACTIVE_STATUSES:
        start = PaymentStartOut.model_validate(
            {"kind": payment.start_kind, "url": payment.start_url, "qr_code": payment.qr_code}
        )
    currency = payment.currency
    return {
        "id": payment.id,
        "payment_no": payment.payment_no,
        "order_id": payment.order_id,
        "order_number": order_number,
        "method": str(payment.method),
        "status": status,
        "amount": MoneyOut.minor(payment.amount_minor, currency),
        "refunded": MoneyOut.minor(payment.refunded_minor, currency),
        "fee": MoneyOut.minor(payment.fee_minor, currency),
        "start": start,
        "failure_code": payment.failure_code,
        "expires_at": payment.expires_at,
        "created_at": payment.created_at,
        "paid_at": payment.paid_at,
    }


class PaymentRowOut(PaymentOut):
    """A payment in a list: with the order's customer and what may still be refunded."""

    customer_name: str
    refundable: MoneyOut

    @classmethod
    def of_row(cls, row: PaymentRow) -> PaymentRowOut:
        p = row.payment
        return cls(
            **_payment_fields(p, row.order_number),
            customer_name=row.customer_name,
            refundable=MoneyOut.of(Money.of_minor(p.refundable_minor, p.currency)),
        )


class RefundOut(BaseModel):
    id: UUID
    refund_no: str
    payment_id: UUID
    payment_no: str
    order_id: UUID
    order_number: str
    method: str
    status: RefundStatus
    amount: MoneyOut
    reason: str
    requested_by_kind: str = Field(description="customer, staff or system")
    requested_by_name: str | None
    attempts: int
    failure_code: str | None
    created_at: datetime
    succeeded_at: datetime | None

    @classmethod
    def of(cls, refund: Refund, *, payment_no: str, order_number: str) -> RefundOut:
        return cls(**_refund_fields(refund, payment_no, order_number))


def _refund_fields(refund: Refund, payment_no: str, order_number: str) -> dict[str, Any]:
    return {
        "id": refund.id,
        "refund_no": refund.refund_no,
        "payment_id": refund.payment_id,
        "payment_no": payment_no,
        "order_id": refund.order_id,
        "order_number": order_number,
        "method": str(refund.method),
        "status": RefundStatus(refund.status),
        "amount": MoneyOut.minor(refund.amount_minor, refund.currency),
        "reason": refund.reason,
        "requested_by_kind": refund.requested_by_kind,
        "requested_by_name": refund.requested_by_name,
        "attempts": refund.attempts,
        "failure_code": refund.failure_code,
        "created_at": refund.created_at,
        "succeeded_at": refund.succeeded_at,
    }


class RefundRowOut(RefundOut):
    customer_name: str

    @classmethod
    def of_row(cls, row: RefundRow) -> RefundRowOut:
        return cls(**_refund_fields(row.refund, row.payment_no, row.order_number), customer_name=row.customer_name)


class PaymentEventOut(BaseModel):
    """One line of the payment log."""

    id: UUID
    at: datetime
    kind: str = Field(description="created, started, callback, callback_rejected, succeeded, refund_requested…")
    refund_id: UUID | None
    from_status: str | None
    to_status: str | None
    amount: MoneyOut | None
    provider_event_id: str | None
    note: str
    note_is_code: bool = Field(
        description="`note` is a code (signature, amount_mismatch, late_payment…) the SPA shows in the reader's "
        "words; otherwise a person's words, shown as they are"
    )
    actor_kind: str
    actor_name: str | None
    raw: dict[str, Any] = Field(description="The provider's fields as received (callbacks and queries)")

    @classmethod
    def of(cls, event: PaymentEvent) -> PaymentEventOut:
        amount = None
        if event.amount_minor is not None and event.currency:
            amount = MoneyOut.minor(event.amount_minor, event.currency)
        return cls(
            id=event.id,
            at=event.at,
            kind=str(event.kind),
            refund_id=event.refund_id,
            from_status=event.from_status,
            to_status=event.to_status,
            amount=amount,
            provider_event_id=event.provider_event_id,
            note=event.note,
            note_is_code=bool(_CODE.match(event.note)) and (event.actor_kind == "system" or event.note in ACTION_NOTES),
            actor_kind=event.actor_kind,
            actor_name=event.actor_name,
            raw=dict(event.raw or {}),
        )


class PaymentDetailOut(PaymentRowOut):
    """A payment with its provider reference, its log (oldest first) and its refunds (oldest first)."""

    provider_ref: str | None
    events: list[PaymentEventOut]
    refunds: list[RefundOut]

    @classmethod
    def of_record(cls, record: PaymentRecord) -> PaymentDetailOut:
        row = PaymentRowOut.of_row(record.row)
        return cls(
            **row.model_dump(),
            provider_ref=record.row.payment.provider_ref,
            events=[PaymentEventOut.of(e) for e in record.events],
            refunds=[_refund_out(r) for r in record.refunds],
        )


class OrderPaymentOut(PaymentRowOut):
    """One of an order's payments with its refunds, for the order's detail page."""

    refunds: list[RefundOut]

    @classmethod
    def of_record(cls, record: PaymentRecord) -> OrderPaymentOut:
        row = PaymentRowOut.of_row(record.row)
        return cls(**row.model_dump(), refunds=[_refund_out(r) for r in record.refunds])


def _refund_out(row: RefundRow) -> RefundOut:
    return RefundOut.of(row.refund, payment_no=row.payment_no, order_number=row.order_number)


class _Capped(BaseModel):
    total_capped: bool = Field(False, description=f"More than {TOTAL_CAP} match: `total` is {TOTAL_CAP}.")


class PaymentPage(Page[PaymentRowOut], _Capped):
    @classmethod
    def of(cls, rows: list[PaymentRow], counted: int, *, page: int, page_size: int) -> PaymentPage:
        return cls(
            items=[PaymentRowOut.of_row(r) for r in rows],
            total=min(counted, TOTAL_CAP),
            total_capped=counted > TOTAL_CAP,
            page=page,
            page_size=page_size,
        )


class RefundPage(Page[RefundRowOut], _Capped):
    @classmethod
    def of(cls, rows: list[RefundRow], counted: int, *, page: int, page_size: int) -> RefundPage:
        return cls(
            items=[RefundRowOut.of_row(r) for r in rows],
            total=min(counted, TOTAL_CAP),
            total_capped=counted > TOTAL_CAP,
            page=page,
            page_size=page_size,
        )


class MyPaymentPage(Page[PaymentOut], _Capped):
    @classmethod
    def of(cls, rows: list[PaymentRow], counted: int, *, page: int, page_size: int) -> MyPaymentPage:
        return cls(
            items=[PaymentOut.of(r.payment, order_number=r.order_number) for r in rows],
            total=min(counted, TOTAL_CAP),
            total_capped=counted > TOTAL_CAP,
            page=page,
            page_size=page_size,
        )
