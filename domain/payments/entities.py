"""The payment aggregate: one attempt to collect an order's money (Payment), every refund of it (Refund), and the
log of everything that happened to them (PaymentEvent): provider callbacks as received, verified or not, status
changes, queries, refunds. Plain classes; infra/db maps them. Amounts in minor units of the payment's currency.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from domain.money import Money

# the methods live with the order, which records how it was paid; payments use them from here
from domain.orders.entities import OFFLINE_METHODS as OFFLINE_METHODS
from domain.orders.entities import ONLINE_METHODS as ONLINE_METHODS
from domain.orders.entities import Order, PaymentMethod
from domain.payments.numbers import payment_number


class PaymentStatus(enum.StrEnum):
    PENDING = "pending"  # created; nothing sent to the provider yet (or, offline, waiting for the money)
    PROCESSING = "processing"  # the provider has it: the customer is on its page, or finance checks a transfer
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"  # its time ran out, the order went away, or another attempt replaced it


# at most one attempt per order is in these states (a partial unique index holds it)
ACTIVE_STATUSES = frozenset({PaymentStatus.PENDING, PaymentStatus.PROCESSING})


class RefundStatus(enum.StrEnum):
    PENDING = "pending"  # to be sent, or sent and the provider has not answered finally (retried)
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # the provider refused for good, or retries ran out: its amount is refundable again


@dataclass(eq=False)
class Payment:
    payment_no: str  # ours, unique; the provider's out_trade_no
    order_id: UUID
    customer_id: UUID
    method: PaymentMethod
    currency: str
    amount_minor: int
    expires_at: datetime
    created_at: datetime
    status: PaymentStatus = PaymentStatus.PENDING
    provider_ref: str | None = None  # the provider's own id (Alipay trade_no, WeChat transaction_id, intent id)
    start_kind: str | None = None  # what the storefront does: redirect, qr or offline (gateway.StartKind)
    start_url: str | None = None
    qr_code: str | None = None
    fee_minor: int | None = None  # the provider's fee, when it reports one
    refunded_minor: int = 0  # given to refunds that have not failed: what may still be refunded is amount − this
    failure_code: str | None = None
    paid_at: datetime | None = None
    updated_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)

    @property
    def amount(self) -> Money:
        return Money.of_minor(self.amount_minor, self.currency)

    @property
    def refundable_minor(self) -> int:
        return self.amount_minor - self.refunded_minor if self.status == PaymentStatus.SUCCEEDED else 0


def new_attempt(
    order: Order,
    method: PaymentMethod,
    now: datetime,
    *,
    amount_minor: int,
    expires_at: datetime,
    start_kind: str | None = None,
) -> Payment:
    """A new attempt to collect `amount_minor` of the order's money by `method`, open until `expires_at`: the one
    constructor of an attempt (online, domain/payments/paying.py; bank transfer and staff's records, offline.py),
    whose callers say what differs (what is left to pay or the whole total, the deadline, an offline start)."""
    return Payment(
        payment_no=payment_number(now),
        order_id=order.id,
        customer_id=order.customer_id,
        method=method,
        currency=order.currency,
        amount_minor=amount_minor,
        expires_at=expires_at,
        created_at=now,
        start_kind=start_kind,
        updated_at=now,
    )


def left_to_pay(order: Order) -> int:
    """What an online attempt for the order collects now, in its minor units."""
    return order.total_minor - order.paid_minor


def collects_what_is_left(payment: Payment, order: Order) -> bool:
    """The attempt's amount is still what is left to pay on its order. Staff changing the order (edit, split, a merge
    it survives) make an open attempt stale: it is never handed back (domain/payments/paying.py), the active query
    ends it (use_cases.query_processing_payments), and its money, should it come, pays nothing and is refunded
    (applying.py)."""
    return (payment.amount_minor, payment.currency) == (left_to_pay(order), order.currency)


@dataclass(eq=False)
class Refund:
    refund_no: str  # ours, unique; the provider deduplicates by it (out_request_no, out_refund_no, Idempotency-Key)
    payment_id: UUID
    order_id: UUID
    method: PaymentMethod
    currency: str
    amount_minor: int
    reason: str
    created_at: datetime
    status: RefundStatus = RefundStatus.PENDING
    requested_by_kind: str = "system"  # customer, staff or system (domain/orders/entities.ActorKind)
    requested_by_id: UUID | None = None
    requested_by_name: str | None = None
    attempts: int = 0
    next_attempt_at: datetime | None = None  # when the sending job tries (again); None once final
    provider_ref: str | None = None
    failure_code: str | None = None
    succeeded_at: datetime | None = None
    updated_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)


# Notes the system writes on a log line of a person's action (a customer choosing another method, uploading a
# receipt; staff recording a payment that replaces an open attempt): codes, though a person is the line's actor.
REPLACED = "replaced"
REPLACED_BY_OTHER_METHOD = "replaced_by_other_method"
PROOF_UPLOADED = "proof_uploaded"
AMOUNT_OUTDATED = "amount_outdated"  # the order's total changed after the attempt opened (collects_what_is_left)
# an attempt ends with its order (closing.py): cancelled or merged by a person, expired by the system
ORDER_CANCELLED, ORDER_EXPIRED, ORDER_MERGED = "order_cancelled", "order_expired", "order_merged"
ACTION_NOTES = frozenset(
    {REPLACED, REPLACED_BY_OTHER_METHOD, PROOF_UPLOADED, AMOUNT_OUTDATED, ORDER_CANCELLED, ORDER_MERGED}
)


class EventKind(enum.StrEnum):
    CREATED = "created"
    STARTED = "started"  # the provider accepted the payment (the storefront has a page or a QR code)
    CALLBACK = "callback"  # a verified callback, stored as received; `applied_at` once the job has applied it
    CALLBACK_REJECTED = "callback_rejected"  # failed verification or our checks; `note` says why (for finance only)
    QUERIED = "queried"  # the provider's answer to an active query
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    EXPIRED = "expired"
    LATE_PAYMENT = "late_payment"  # money arrived for an order that can no longer take it: refunded automatically
    REFUND_REQUESTED = "refund_requested"
    REFUND_SUCCEEDED = "refund_succeeded"
    REFUND_FAILED = "refund_failed"
    REFUND_RETRY = "refund_retry"  # the provider could not be reached or is still processing; tried again later
    FEE_RECORDED = "fee_recorded"  # the provider's fee, taken from its statement by reconciliation


@dataclass(eq=False)
class PaymentEvent:
    """One line of the payment log. A rejected callback may match no payment of ours (payment_id None)."""

    at: datetime
    kind: EventKind
    method: str
    payment_id: UUID | None = None
    payment_no: str | None = None
    refund_id: UUID | None = None
    from_status: str | None = None
    to_status: str | None = None
    amount_minor: int | None = None
    currency: str | None = None
    provider_event_id: str | None = None
    note: str = ""  # a code (e.g. `signature`, `amount_mismatch`, `order_not_payable`) or a staff's words
    raw: dict[str, Any] = field(default_factory=dict)  # the provider's fields as received
    actor_kind: str = "system"
    actor_id: UUID | None = None
    actor_name: str | None = None
    applied_at: datetime | None = None
    id: UUID = field(default_factory=uuid4)
