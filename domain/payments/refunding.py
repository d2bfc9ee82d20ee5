"""Sending a refund to the provider and booking its answer; confirming an offline refund by hand.

A refund is sent in three steps (domain/payments/refund_use_cases.py runs them): `claim` (one transaction: the
pending refund is due, counts one more attempt and is held for `RefundPolicy.sending_lease` so a second sender
leaves it alone), the provider call with no transaction open, then `book` (a second transaction, locks taken in
the one order: order → payment → refund) that re-reads everything and applies the answer only if the refund is
still pending and nobody claimed it again meanwhile. A crash between the steps leaves the refund pending; the
sweep sends it again once the lease is over, under the same refund_no, which every provider deduplicates by.

The provider's answer:
- succeeded: the refund succeeds, the order's `refunded_minor` grows, its timeline and the customer say so;
- processing, or the provider could not be reached: tried again after 1, 2, 4 … minutes (capped), and after
  `max_attempts` sends it fails as `retries_exhausted`;
- refused for good: it fails. A failed refund gives its amount back to the payment (refundable again); staff
  issue a new refund rather than retrying the failed one, which finance sees in the failed list.

Offline methods (bank transfer, cash, cash on delivery) have no provider: their refunds wait, with no next
attempt, until finance pays the customer back by hand and confirms it (`confirm_offline`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import Conflict, NotFound
from domain.identity.actor import Actor
from domain.money import Money
from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.orders import notes, timeline
from domain.orders.entities import Order
from domain.payments import log, moves
from domain.payments.entities import OFFLINE_METHODS, EventKind, Payment, Refund, RefundStatus
from domain.payments.gateway import RefundRequest
from domain.payments.ports import PaymentsUoW
from domain.payments.state import RefundAction
from domain.ports import Clock

RETRIES_EXHAUSTED = "retries_exhausted"


@dataclass(frozen=True)
class RefundPolicy:
    max_attempts: int = 8  # sends before a refund the provider never settles fails for finance to look at
    first_wait: timedelta = timedelta(minutes=1)  # then 2, 4, 8 … minutes
    longest_wait: timedelta = timedelta(hours=1)
    sending_lease: timedelta = timedelta(minutes=2)  # longer than a provider call may take (10 s timeouts)

    def wait_after(self, attempts: int) -> timedelta:
        """How long to wait before the next send, after `attempts` sends that did not settle it."""
        doublings = min(max(attempts - 1, 0), 30)  # 2**30 minutes is past any cap; keeps the product small
        return min(self.first_wait * (1 << doublings), self.longest_wait)


@dataclass(frozen=True)
class Sending:
    """A claimed refund, with what the provider is asked."""

    refund_id: UUID
    method: str
    attempt: int
    request: RefundRequest


@dataclass(frozen=True)
class Answer:
    """The provider's answer as the booking step reads it."""

    outcome: str  # "succeeded", "failed" (refused for good) or "retry" (processing, or not reached)
    provider_ref: str | None = None
    note: str = ""  # why: `processing`, `provider_unavailable`, `no_gateway`, the provider's refusal
    raw: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Asked:
    """A refund with what its answer shows of its payment and order."""

    refund: Refund
    payment_no: str
    order_number: str


def is_offline(refund: Refund) -> bool:
    return refund.method in OFFLINE_METHODS


async def claim(uow: PaymentsUoW, clock: Clock, policy: RefundPolicy, refund_id: UUID) -> Sending | None:
    """The refund to send now, counted as one more attempt and held for the lease; None when there is nothing to
    send: gone, no longer pending, offline, or not due (waiting, or another sender holds it)."""
    refund = await uow.payments.get_refund_for_update(refund_id)
    now = clock.now()
    if refund is None or refund.status != RefundStatus.PENDING or is_offline(refund):
        return None
    if refund.next_attempt_at is None or refund.next_attempt_at > now:
        return None
    payment = await uow.payments.get(refund.payment_id)
    if payment is None:
        return None
    refund.attempts += 1
    refund.next_attempt_at = now + policy.sending_lease
    refund.updated_at = now
    request = RefundRequest(
        payment_no=payment.payment_no,
        refund_no=refund.refund_no,
        amount=Money.of_minor(refund.amount_minor, refund.currency),
        payment_amount=payment.amount,
        reason=refund.reason,
    )
    return Sending(refund.id, str(refund.method), refund.attempts, request)


async def locked(uow: PaymentsUoW, refund_id: UUID) -> tuple[Order, Payment, Refund]:
    """The refund with its payment and order, locked in the one order: order, payment, refund."""
    seen = await uow.payments.get_refund(refund_id)
    if seen is None:
        raise NotFound("No such refund.", code="refund.not_found")
    order = await uow.orders.get_for_update(seen.order_id)
    payment = await uow.payments.get_for_update(seen.payment_id)
    refund = await uow.payments.get_refund_for_update(refund_id)
    if order is None or payment is None or refund is None:
        raise NotFound("No such refund.", code="refund.not_found")
    return order, payment, refund


async def book(uow: PaymentsUoW, clock: Clock, policy: RefundPolicy, sending: Sending, answer: Answer) -> Refund | None:
    """Apply the provider's answer to a claimed refund (see the module docstring); None when it no longer
    applies: the refund was settled, or claimed again, meanwhile."""
    order, payment, refund = await locked(uow, sending.refund_id)
    if refund.status != RefundStatus.PENDING:
        return None
    if answer.outcome == "succeeded":
        await succeed(uow, clock, timeline.SYSTEM, order, payment, refund, answer.provider_ref, raw=answer.raw)
    elif answer.outcome == "failed":
        await fail(uow, clock, payment, refund, answer.note or "refused", raw=answer.raw)
    elif refund.attempts != sending.attempt:
        return None  # a later send owns the next answer
    elif refund.attempts >= policy.max_attempts:
        await fail(uow, clock, payment, refund, RETRIES_EXHAUSTED, raw=answer.raw)
    else:
        refund.next_attempt_at = clock.now() + policy.wait_after(refund.attempts)
        refund.updated_at = clock.now()
        refund.provider_ref = answer.provider_ref or refund.provider_ref  # WeChat Pay names it while processing
        await log.write(uow, clock, payment, EventKind.REFUND_RETRY, refund=refund, note=answer.note, raw=answer.raw)
    return refund


async def succeed(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    order: Order,
    payment: Payment,
    refund: Refund,
    provider_ref: str | None,
    *,
    note: str = "",
    raw: dict[str, Any] | None = None,
) -> None:
    """The money went back: the refund succeeds and the order counts it (all three locked by the caller)."""
    await moves.move_refund(uow, clock, payment, refund, RefundAction.SUCCEED, actor=actor, note=note, raw=raw)
    now = clock.now()
    refund.succeeded_at, refund.updated_at, refund.next_attempt_at = now, now, None
    refund.provider_ref = provider_ref or refund.provider_ref
    # never above what the order was paid: money that never paid it (a late payment sent back) is not the order's
    order.refunded_minor += min(refund.amount_minor, max(order.paid_minor - order.refunded_minor, 0))
    amount = Money.of_minor(refund.amount_minor, refund.currency)
    said = notes.refunded(amount, refund.refund_no)
    timeline.add_event(order, clock, actor, "refund", from_status=str(order.status), note=said.text,
                       note_params=said.params)  # fmt: skip
    customer = await uow.users.get(order.customer_id)
    if customer is not None:
        await notifications.notify(
            uow,
            clock,
            customer,
            "payment.refunded",
            channels=[Channel.IN_APP, Channel.EMAIL],
            number=order.number,
            amount=str(amount),
            refund_no=refund.refund_no,
            subject_id=str(order.id),
        )


async def fail(
    uow: PaymentsUoW, clock: Clock, payment: Payment, refund: Refund, code: str, *, raw: dict[str, Any] | None = None
) -> None:
    """The refund failed for good: its amount is the payment's to refund again (both locked by the caller)."""
    refund.failure_code, refund.next_attempt_at = code[:64], None
    await moves.move_refund(uow, clock, payment, refund, RefundAction.FAIL, note=code, raw=raw)
    payment.refunded_minor -= refund.amount_minor
    payment.updated_at = clock.now()


async def confirm_offline(uow: PaymentsUoW, clock: Clock, actor: Actor, refund_id: UUID, *, note: str = "") -> Asked:
    """Finance paid an offline payment's refund back by hand (a bank transfer, cash at the counter)."""
    order, payment, refund = await locked(uow, refund_id)
    if not is_offline(refund):
        raise Conflict("This refund goes back through its payment provider.", code="refund.not_offline")
    await succeed(uow, clock, actor, order, payment, refund, None, note=note.strip())
    await audit.record(uow, actor, action="refund.confirm", target_type="refund", target_id=refund.id,
                       at=clock.now(), before=None, after=snapshot(refund))  # fmt: skip
    return Asked(refund, payment.payment_no, order.number)


def snapshot(refund: Refund) -> dict[str, Any]:
    """What the audit log keeps of a refund."""
    return {
        "refund_no": refund.refund_no,
        "payment_id": str(refund.payment_id),
        "order_id": str(refund.order_id),
        "amount": str(Money.of_minor(refund.amount_minor, refund.currency).amount),
        "currency": refund.currency,
        "reason": refund.reason,
        "status": str(refund.status),
    }
