"""Refunds: asked for by staff (a partial refund, after-sales), by a paid order's cancellation, or by the system for
money that arrived too late. Asking records a pending refund in the caller's transaction; `send_refund` (a job,
domain/payments/use_cases.py) sends it to the provider after the commit and retries.

Never more than was paid: the payment's row is locked while its `refunded_minor` (what refunds that have not
failed hold) grows, and the database's check refuses anything above the amount as a last line.
"""

from __future__ import annotations

from domain.errors import Conflict, RuleViolation
from domain.identity.actor import Actor
from domain.payments import log
from domain.payments.entities import EventKind, Payment, PaymentStatus, Refund
from domain.payments.events import RefundRequested
from domain.payments.numbers import refund_number
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock


async def request_refund(
    uow: PaymentsUoW, clock: Clock, actor: Actor, payment: Payment, amount_minor: int, *, reason: str
) -> Refund:
    """Refund `amount_minor` of a payment the caller has locked (`uow.payments.get_for_update`); `actor` is
    timeline.SYSTEM for the shop's own refunds (late money, a job)."""
    if payment.status != PaymentStatus.SUCCEEDED:
        raise Conflict("This payment collected nothing to refund.", code="refund.nothing_paid")
    if amount_minor <= 0:
        raise RuleViolation("A refund must be more than zero.", code="refund.amount_not_positive", field="amount")
    if amount_minor > payment.refundable_minor:
        raise RuleViolation(
            "That is more than is left to refund on this payment.",
            code="refund.exceeds_paid",
            field="amount",
            refundable_minor=payment.refundable_minor,
        )
    if not reason.strip():
        raise RuleViolation("Say why the money is refunded.", code="refund.reason_required", field="reason")
    now = clock.now()
    refund = Refund(
        refund_no=refund_number(now),
        payment_id=payment.id,
        order_id=payment.order_id,
        method=payment.method,
        currency=payment.currency,
        amount_minor=amount_minor,
        reason=reason.strip(),
        created_at=now,
        next_attempt_at=now,
        requested_by_kind=str(log.actor_kind(actor, payment)),
        requested_by_id=actor.user_id,
        requested_by_name=actor.name,
    )
    payment.refunded_minor += amount_minor
    payment.updated_at = now
    await uow.payments.add_refund(refund)
    await log.write(uow, clock, payment, EventKind.REFUND_REQUESTED, actor=actor, refund=refund, note=refund.reason)
    uow.record(RefundRequested(refund.id))
    return refund
