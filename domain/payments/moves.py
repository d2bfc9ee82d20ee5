"""Moving a payment or a refund through its state machine (domain/payments/state.py), always with its log line:
the one way a status changes, so none changes without a PaymentEvent written in the same transaction."""

from __future__ import annotations

from typing import Any

from domain.identity.actor import Actor
from domain.orders.timeline import SYSTEM
from domain.payments import log
from domain.payments.entities import EventKind, Payment, PaymentEvent, Refund
from domain.payments.ports import PaymentsUoW
from domain.payments.state import PAYMENT, REFUND, PaymentAction, RefundAction
from domain.ports import Clock

KIND = {
    PaymentAction.START: EventKind.STARTED,
    PaymentAction.SUCCEED: EventKind.SUCCEEDED,
    PaymentAction.FAIL: EventKind.FAILED,
    PaymentAction.EXPIRE: EventKind.EXPIRED,
}
REFUND_KIND = {RefundAction.SUCCEED: EventKind.REFUND_SUCCEEDED, RefundAction.FAIL: EventKind.REFUND_FAILED}


async def move(
    uow: PaymentsUoW,
    clock: Clock,
    payment: Payment,
    action: PaymentAction,
    *,
    actor: Actor = SYSTEM,
    note: str = "",
    raw: dict[str, Any] | None = None,
    provider_event_id: str | None = None,
) -> PaymentEvent:
    """Apply `action` (409 `payment.invalid_transition` when the state does not allow it) and log it."""
    before = str(payment.status)
    uow.record(PAYMENT.apply(payment, action, payment_id=str(payment.id)))
    payment.updated_at = clock.now()
    return await log.write(
        uow,
        clock,
        payment,
        KIND[action],
        actor=actor,
        from_status=before,
        note=note,
        raw=raw,
        provider_event_id=provider_event_id,
    )


async def move_refund(
    uow: PaymentsUoW,
    clock: Clock,
    payment: Payment,
    refund: Refund,
    action: RefundAction,
    *,
    actor: Actor = SYSTEM,
    note: str = "",
    raw: dict[str, Any] | None = None,
) -> PaymentEvent:
    """Apply `action` to the refund (409 `refund.invalid_transition`) and log it on its payment."""
    before = str(refund.status)
    uow.record(REFUND.apply(refund, action, refund_id=str(refund.id)))
    refund.updated_at = clock.now()
    return await log.write(
        uow, clock, payment, REFUND_KIND[action], actor=actor, refund=refund, from_status=before, note=note, raw=raw
    )
