"""The payment log: every change to a payment or a refund, and every callback as received, is a PaymentEvent row
written in the same transaction as the change (finance reads it to explain any amount)."""

from __future__ import annotations

from typing import Any

from domain.identity.actor import Actor
from domain.orders.entities import ActorKind
from domain.orders.timeline import SYSTEM
from domain.payments.entities import EventKind, Payment, PaymentEvent, Refund
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock


def actor_kind(actor: Actor, payment: Payment) -> ActorKind:
    if actor.system or actor.user_id is None:
        return ActorKind.SYSTEM
    return ActorKind.CUSTOMER if actor.user_id == payment.customer_id else ActorKind.STAFF


async def write(
    uow: PaymentsUoW,
    clock: Clock,
    payment: Payment,
    kind: EventKind,
    *,
    actor: Actor = SYSTEM,
    refund: Refund | None = None,
    from_status: str | None = None,
    note: str = "",
    raw: dict[str, Any] | None = None,
    provider_event_id: str | None = None,
) -> PaymentEvent:
    """Log `kind` for the payment (and the refund, for refund lines) with its amount as it stands."""
    by = actor_kind(actor, payment)
    event = PaymentEvent(
        at=clock.now(),
        kind=kind,
        method=str(payment.method),
        payment_id=payment.id,
        payment_no=payment.payment_no,
        refund_id=refund.id if refund else None,
        from_status=from_status,
        to_status=str(refund.status if refund else payment.status),
        amount_minor=refund.amount_minor if refund else payment.amount_minor,
        currency=payment.currency,
        provider_event_id=provider_event_id,
        note=note,
        raw=dict(raw or {}),
        actor_kind=str(by),
        actor_id=None if by is ActorKind.SYSTEM else actor.user_id,
        actor_name=actor.name,
    )
    await uow.payments.add_event(event)
    return event
