"""Receiving a provider's callback at our webhook: verify, check against our payment, store, answer fast.

The gateway verifies first (signature, replay window, decryption: CPU only, before any database work). A callback
that fails, or that names no payment of ours for this method, or another amount or currency, is recorded as
CALLBACK_REJECTED with the reason (for finance) and answered with the provider's generic refusal (for the caller:
no reason). Recording a refusal spends the caller's budget (`MayRecord`: a rate per client address), so a flood
of forgeries cannot fill the log: past it they get the same refusal, unrecorded. An accepted one is stored as received (CALLBACK, `applied_at` empty) in one small transaction that
locks nothing; `apply_payment_callback` applies it after the commit (domain/payments/applying.py), and a sweep
applies any the job missed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from domain.payments.entities import EventKind, Payment, PaymentEvent
from domain.payments.events import CallbackStored
from domain.payments.gateway import ProviderPayment
from domain.payments.ports import PaymentsUoW

UNKNOWN_PAYMENT, AMOUNT_MISMATCH, CURRENCY_MISMATCH = "unknown_payment", "amount_mismatch", "currency_mismatch"
MayRecord = Callable[[], Awaitable[bool]]  # whether one more refusal from this caller is recorded


async def always() -> bool:
    return True


def reading(reported: ProviderPayment) -> dict[str, Any]:
    """What we read from a verified callback, kept beside the provider's own fields so the job can apply it."""
    return {
        "status": str(reported.status),
        "provider_ref": reported.provider_ref,
        "paid_at": reported.paid_at.isoformat() if reported.paid_at else None,
        "fee_minor": reported.fee.minor if reported.fee else None,
        "fee_currency": reported.fee.currency if reported.fee else None,
    }


def mismatch(payment: Payment | None, method: str, reported: ProviderPayment) -> str | None:
    """Why a verified callback does not fit our payment, or None when it does."""
    if payment is None or str(payment.method) != method:
        return UNKNOWN_PAYMENT
    if reported.amount.currency != payment.currency:
        return CURRENCY_MISMATCH
    if reported.amount != payment.amount:
        return AMOUNT_MISMATCH
    return None


def reported_fields(reported: ProviderPayment) -> dict[str, str]:
    """What a refused report said, for finance: small and safe (never the whole body)."""
    return {
        "payment_no": reported.payment_no[:64],
        "amount": str(reported.amount.amount),
        "currency": reported.amount.currency,
        "status": str(reported.status),
    }


async def reject_queried(uow: PaymentsUoW, at: datetime, payment: Payment, reported: ProviderPayment) -> bool:
    """The active query found the provider reporting another amount or currency for our payment: nothing is paid
    on it, and finance sees it as a refused report, once per payment and answer (the query asks again each run)."""
    problem = mismatch(payment, str(payment.method), reported)
    assert problem is not None
    fields = reported_fields(reported) | {"source": "query"}
    seen = await uow.payments.events_of(payment.id)
    if any(e.kind == EventKind.CALLBACK_REJECTED and e.note == problem and e.raw == fields for e in seen):
        return False
    await reject(uow, at, str(payment.method), problem, payment=payment, **fields)
    return True


async def reject(
    uow: PaymentsUoW, at: datetime, method: str, reason: str, *, payment: Payment | None = None, **raw: Any
) -> PaymentEvent:
    """Record a refused callback; `raw` holds only what is safe and small (never the body of a forged one)."""
    event = PaymentEvent(
        at=at,
        kind=EventKind.CALLBACK_REJECTED,
        method=method,
        payment_id=payment.id if payment else None,
        payment_no=payment.payment_no if payment else raw.get("payment_no"),
        note=reason[:500],
        raw=raw,
    )
    await uow.payments.add_event(event)
    return event


async def store(
    uow: PaymentsUoW, at: datetime, method: str, reported: ProviderPayment, may_record: MayRecord = always
) -> bool:
    """Check a verified callback against our payment and store it for the job, or record why it is refused."""
    payment = await uow.payments.by_number(reported.payment_no)
    problem = mismatch(payment, method, reported)
    if problem is not None and not await may_record():
        return False
    if problem is not None:
        known = payment if problem != UNKNOWN_PAYMENT else None
        await reject(uow, at, method, problem, payment=known, **reported_fields(reported))
        return False
    assert payment is not None
    event = PaymentEvent(
        at=at,
        kind=EventKind.CALLBACK,
        method=method,
        payment_id=payment.id,
        payment_no=payment.payment_no,
        to_status=str(reported.status),
        amount_minor=reported.amount.minor,
        currency=reported.amount.currency,
        provider_event_id=reported.event_id[:128] if reported.event_id else None,
        raw={"received": dict(reported.raw), "reading": reading(reported)},
    )
    await uow.payments.add_event(event)
    uow.record(CallbackStored(event.id))
    return True
