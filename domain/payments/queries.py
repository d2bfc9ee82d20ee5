"""What the payment and refund lists ask for and what they read back: the query filters, and each payment or refund
with the order number and customer name it is shown with (read from the order, never copied onto the payment)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.payments.entities import Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from domain.payments.ports import PaymentRepository, PaymentsUoW

PAYMENT_SORTS = ("created_at", "paid_at", "amount")
REFUND_SORTS = ("created_at", "succeeded_at", "amount")


@dataclass(frozen=True)
class PaymentQuery:
    """The finance list's filters; every one is optional and they combine. `_from` inclusive, `_to` exclusive."""

    payment_id: UUID | None = None
    customer_id: UUID | None = None  # a customer's own history
    order_id: UUID | None = None
    methods: tuple[str, ...] = ()
    statuses: tuple[PaymentStatus, ...] = ()
    order_number: str | None = None  # the whole number or its start
    payment_no: str | None = None  # the whole number or its start
    created_from: datetime | None = None
    created_to: datetime | None = None
    paid_from: datetime | None = None
    paid_to: datetime | None = None
    amount_min_minor: int | None = None
    amount_max_minor: int | None = None
    sort: str = "-created_at"


@dataclass(frozen=True)
class RefundQuery:
    order_id: UUID | None = None
    payment_ids: tuple[UUID, ...] = ()
    methods: tuple[str, ...] = ()
    statuses: tuple[RefundStatus, ...] = ()
    order_number: str | None = None
    refund_no: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    amount_min_minor: int | None = None
    amount_max_minor: int | None = None
    sort: str = "-created_at"


@dataclass(frozen=True)
class PaymentRow:
    payment: Payment
    order_number: str
    customer_name: str


@dataclass(frozen=True)
class RefundRow:
    refund: Refund
    payment_no: str
    order_number: str
    customer_name: str


@dataclass(frozen=True)
class PaymentRecord:
    """A payment as its detail shows it: the row, its log (oldest first) and its refunds (oldest first)."""

    row: PaymentRow
    events: list[PaymentEvent] = field(default_factory=list)
    refunds: list[RefundRow] = field(default_factory=list)


class PaymentRecordRepository(PaymentRepository, Protocol):
    """The payment repository's reading side (kept apart so the write side's fakes need not implement lists)."""

    async def search(self, query: PaymentQuery, *, offset: int, limit: int) -> tuple[list[PaymentRow], int]:
        """A page of payments and how many match, counted up to TOTAL_CAP + 1 only."""
        ...

    async def search_refunds(self, query: RefundQuery, *, offset: int, limit: int) -> tuple[list[RefundRow], int]:
        """A page of refunds and how many match, counted up to TOTAL_CAP + 1 only."""
        ...


class PaymentRecordsUoW(PaymentsUoW, Protocol):
    @property
    def payments(self) -> PaymentRecordRepository: ...
