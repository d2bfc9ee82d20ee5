"""What routers and jobs ask of the payment flow. Each use case opens its units of work and commits each once; the
ones that call a provider do it between two of them, never inside one (PAYMENTS.md)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar
from uuid import UUID

from domain.errors import Conflict, NotFound, RuleViolation, Unavailable
from domain.identity.actor import Actor
from domain.orders.entities import Order, OrderStatus, PaymentMethod
from domain.orders.policy import OrderPolicy
from domain.payments import applying, callbacks, closing, offline, paying
from domain.payments import log as payment_log
from domain.payments.entities import ACTIVE_STATUSES, AMOUNT_OUTDATED, EventKind, Payment, collects_what_is_left
from domain.payments.gateway import (
    CallbackAnswer,
    CallbackRejected,
    PaymentGateway,
    PaymentNotFound,
    ProviderPayment,
    ProviderStatus,
    ProviderUnavailable,
)
from domain.payments.ports import PaymentsUoW
from domain.ports import Clock
from domain.unit_of_work import use_case

log = logging.getLogger(__name__)
T = TypeVar("T")

Gateways = Mapping[str, PaymentGateway]
UoWs = Callable[[], PaymentsUoW]
APPLY_GRACE = timedelta(minutes=1)  # a callback's own job normally applies it within this; the sweep takes the rest
QUERY_AFTER = timedelta(minutes=2)  # processing this long without a callback: ask the provider
ABANDONED_AFTER = timedelta(minutes=1)  # pending (never started) this long: the start was lost


@dataclass(frozen=True)
class PaymentView:
    payment: Payment
    order_number: str


async def start_payment(
    uows: UoWs,
    clock: Clock,
    gateways: Gateways,
    links: paying.Links,
    actor: Actor,
    *,
    customer_id: UUID,
    order_id: UUID,
    method: PaymentMethod,
    policy: OrderPolicy,
) -> tuple[PaymentView, bool]:
    """Pay the customer's own unpaid order: the attempt with its pay page or QR code (online methods) or the payee's
    details (bank transfer), and whether it is new (False: the same method's active attempt, handed back). An
    attempt a provider holds is asked of it before another replaces it (paying.py)."""

    async def attempt(provider_asked: bool) -> tuple[PaymentView, bool]:
        if method == PaymentMethod.BANK_TRANSFER:
            return await _start_bank_transfer(uows, clock, actor, order_id, provider_asked=provider_asked)
        return await _start_online(
            uows, clock, gateways, links, actor, customer_id, order_id, method, provider_asked=provider_asked
        )

    return await _asking_provider_first(uows, clock, policy, gateways, attempt, chosen=method)


async def _asking_provider_first(
    uows: UoWs,
    clock: Clock,
    policy: OrderPolicy,
    gateways: Gateways,
    attempt: Callable[[bool], Awaitable[T]],
    *,
    chosen: PaymentMethod,
) -> T:
    """`attempt(provider_asked)`, and when it would end an attempt a provider holds (offline.AskProviderFirst): ask
    the provider, settle what it says, and attempt again. When the provider cannot be asked, a new attempt of the
    same method is refused (its provider is the one down); another method goes ahead, and money paid at the old
    page is settled when its callback comes: it pays the order if nothing else did, else it is refunded
    (applying.py)."""
    try:
        return await attempt(False)
    except offline.AskProviderFirst as held:
        gateway = gateways.get(str(held.method))
        try:
            if gateway is None:
                raise ProviderUnavailable(f"no gateway for {held.method}") from None
            reported = await _ask(gateway, held.payment_no)
        except ProviderUnavailable as exc:
            if held.method == chosen:
                raise _provider_down() from exc
            log.warning("payment %s replaced without asking its provider: %s", held.payment_no, exc)
        else:
            await _settle_queried(uows, clock, policy, gateway, held.payment_id, reported, replacing=True)
        return await attempt(True)


async def record_offline_payment(
    uows: UoWs,
    clock: Clock,
    gateways: Gateways,
    actor: Actor,
    policy: OrderPolicy,
    order_id: UUID,
    *,
    method: PaymentMethod,
    reference: str | None = None,
    note: str = "",
) -> Order:
    """Staff record money taken outside any provider (offline.record_offline_payment); an online attempt the
    customer has open at its provider is asked of it first: money paid there pays the order, and the record is
    then refused as for any paid order."""

    async def attempt(provider_asked: bool) -> Order:
        async with uows() as uow:
            order = await offline.record_offline_payment(
                uow,
                clock,
                actor,
                policy,
                order_id,
                method=method,
                reference=reference,
                note=note,
                provider_asked=provider_asked,
            )
            await uow.commit()
        return order

    return await _asking_provider_first(uows, clock, policy, gateways, attempt, chosen=method)


def _provider_down() -> Unavailable:
    return Unavailable(
        "The payment provider is not available right now; try again or choose another method.",
        code="payment.provider_unavailable",
    )


async def _start_online(
    uows: UoWs,
    clock: Clock,
    gateways: Gateways,
    links: paying.Links,
    actor: Actor,
    customer_id: UUID,
    order_id: UUID,
    method: PaymentMethod,
    *,
    provider_asked: bool,
) -> tuple[PaymentView, bool]:
    paying.check_online(method)
    # a gateway per method configured in settings (infra/payments/gateways.py); the admin's switch is checked in
    # the attempt's transaction (methods.ensure_enabled)
    gateway = gateways.get(str(method))
    if gateway is None:
        raise RuleViolation("This payment method is not offered.", code="payment.method_unavailable", field="method")
    attempt = await _open_attempt(
        uows, clock, actor, customer_id=customer_id, order_id=order_id, method=method, provider_asked=provider_asked
    )
    payment = attempt.payment
    if attempt.needs_start(clock.now()):
        try:
            start = await gateway.start(paying.request_of(attempt, links))
        except ProviderUnavailable as exc:
            log.warning("payment %s: the provider is unavailable: %s", payment.payment_no, exc)
            async with uows() as uow:
                await paying.record_unavailable(uow, clock, payment.id, str(exc))
                await uow.commit()
            raise _provider_down() from exc
        async with uows() as uow:
            payment = await paying.record_start(uow, clock, payment.id, start)
            await uow.commit()
    return PaymentView(payment, attempt.order_number), attempt.created


async def _open_attempt(
    uows: UoWs,
    clock: Clock,
    actor: Actor,
    *,
    customer_id: UUID,
    order_id: UUID,
    method: PaymentMethod,
    provider_asked: bool = False,
) -> paying.Attempt:
    async def once() -> paying.Attempt:
        async with uows() as uow:
            attempt = await paying.open_attempt(
                uow,
                clock,
                actor,
                customer_id=customer_id,
                order_id=order_id,
                method=method,
                provider_asked=provider_asked,
            )
            await uow.commit()
        return attempt

    try:
        return await once()
    except Conflict as exc:
        if exc.code != "conflict.integrity":
            raise
        # two clicks at once got past the order's lock (SQLite without row locks): the one-active index chose
        return await once()


async def _start_bank_transfer(
    uows: UoWs, clock: Clock, actor: Actor, order_id: UUID, *, provider_asked: bool
) -> tuple[PaymentView, bool]:
    async with uows() as uow:
        payment, order, created = await offline.bank_transfer_attempt(
            uow, clock, actor, order_id, provider_asked=provider_asked
        )
        number = order.number
        await uow.commit()
    return PaymentView(payment, number), created


async def _my_payment(uow: PaymentsUoW, customer_id: UUID, payment_id: UUID) -> PaymentView:
    payment = await uow.payments.get(payment_id)
    if payment is None or payment.customer_id != customer_id:
        raise NotFound("No such payment.", code="payment.not_found")
    order = await uow.orders.get(payment.order_id)
    return PaymentView(payment, order.number if order else "")


get_my_payment = use_case(_my_payment)


async def receive_callback(
    uow: PaymentsUoW,
    clock: Clock,
    gateway: PaymentGateway,
    headers: Mapping[str, str],
    body: bytes,
    may_record: callbacks.MayRecord = callbacks.always,
) -> CallbackAnswer:
    """A provider's callback at our webhook: verified (no database work before), then checked and stored in one
    small transaction; the answer the provider expects, a generic refusal when anything is wrong (recorded while
    the caller's `may_record` allows)."""
    now = clock.now()
    try:
        reported = gateway.verify_callback(headers, body, now)
    except CallbackRejected as exc:
        if await may_record():
            async with uow:
                await callbacks.reject(uow, now, gateway.method, exc.reason, body_bytes=len(body))
                await uow.commit()
        return gateway.callback_answer(False)
    async with uow:
        accepted = await callbacks.store(uow, now, gateway.method, reported, may_record)
        await uow.commit()
    return gateway.callback_answer(accepted)


apply_callback = use_case(applying.apply_callback)


async def apply_unapplied_callbacks(uows: UoWs, clock: Clock, policy: OrderPolicy, *, batch: int = 200) -> int:
    """The sweep: apply every callback stored over a minute ago and still not applied (its job was lost, or the
    worker died mid-way), each in its own transaction."""
    async with uows() as uow:
        ids = await uow.payments.unapplied_callbacks(clock.now() - APPLY_GRACE, batch)
    applied = 0
    for event_id in ids:
        try:
            applied += await apply_callback(uows(), clock, policy, event_id)
        except Exception:  # the next sweep tries it again
            log.exception("could not apply payment callback %s", event_id)
    return applied


async def query_processing_payments(
    uows: UoWs, clock: Clock, policy: OrderPolicy, gateways: Gateways, *, batch: int = 100
) -> int:
    """The active query: ask the provider about payments processing for over two minutes (a callback dropped or
    still to come) and settle them; expire attempts whose time is up, or whose start was lost. Returns how many
    payments changed."""
    now = clock.now()
    async with uows() as uow:
        stuck = await uow.payments.processing_since(now - QUERY_AFTER, batch)
        abandoned = await uow.payments.abandoned(now, now - ABANDONED_AFTER, batch)
    changed = 0
    for payment_id in stuck:
        try:
            changed += await _query_one(uows, clock, policy, gateways, payment_id)
        except Exception:
            log.exception("could not query payment %s", payment_id)
    for payment_id in abandoned:
        try:
            changed += await _expire_abandoned(uows(), clock, payment_id)
        except Exception:
            log.exception("could not expire payment %s", payment_id)
    return changed


async def _query_one(uows: UoWs, clock: Clock, policy: OrderPolicy, gateways: Gateways, payment_id: UUID) -> bool:
    async with uows() as uow:
        payment = await uow.payments.get(payment_id)
    gateway = gateways.get(str(payment.method)) if payment else None
    if payment is None or gateway is None:
        return False
    try:
        reported = await _ask(gateway, payment.payment_no)
    except ProviderUnavailable as exc:
        log.info("payment %s: the provider is unavailable, asked again next time: %s", payment.payment_no, exc)
        return False
    return await _settle_queried(uows, clock, policy, gateway, payment_id, reported)


async def _ask(gateway: PaymentGateway, payment_no: str) -> ProviderPayment | None:
    """The provider's word on a payment; None: never created there (the customer did not open the page), so
    nothing was collected. ProviderUnavailable when it cannot be asked."""
    try:
        return await gateway.query(payment_no)
    except PaymentNotFound:
        return None


async def _settle_queried(
    uows: UoWs,
    clock: Clock,
    policy: OrderPolicy,
    gateway: PaymentGateway,
    payment_id: UUID,
    reported: ProviderPayment | None,
    *,
    replacing: bool = False,
) -> bool:
    """Apply the provider's answer under the locks: settle an outcome; end an attempt the provider still holds
    unpaid when it can no longer pay its order (its time is up, the order is closed, or its total changed), and
    tell the customer. One asked about because the customer or staff are `replacing` it is only settled (and the
    asking logged): what replaces it ends it, and nobody is told of a failure in the middle of paying."""
    async with uows() as uow:
        locked = await applying.lock(uow, payment_id)
        if locked is None:
            return False
        order, payment = locked
        before, now = payment.status, clock.now()
        if reported is not None and callbacks.mismatch(payment, gateway.method, reported):
            await callbacks.reject_queried(uow, now, payment, reported)  # never paid on; finance sees it
        elif reported is not None and reported.status is not ProviderStatus.PENDING:
            await applying.settle(uow, clock, policy, payment, reported, source="query")
        elif (
            not replacing
            and payment.status in ACTIVE_STATUSES
            and (why := _why_unpaid_ends(order, payment, now, reported))
        ):
            await applying.expire(uow, clock, payment, note=why)
        if payment.status != before or replacing:
            await _log_query(uow, clock, payment, reported)
        await uow.commit()
    return payment.status != before


def _why_unpaid_ends(order: Order, payment: Payment, now: datetime, reported: ProviderPayment | None) -> str | None:
    """Why an attempt its provider holds unpaid ends now, or None while it may still pay its order."""
    if order.status != OrderStatus.PENDING_PAYMENT:
        return closing.why_closed(order)
    if now > payment.expires_at:
        return "query:" + ("not_found" if reported is None else "unpaid")
    if not collects_what_is_left(payment, order):
        return AMOUNT_OUTDATED
    return None


async def _log_query(uow: PaymentsUoW, clock: Clock, payment: Payment, reported: ProviderPayment | None) -> None:
    raw = {"status": str(reported.status) if reported else "not_found"}
    await payment_log.write(uow, clock, payment, EventKind.QUERIED, note="active_query", raw=raw)


async def _abandon(uow: PaymentsUoW, clock: Clock, payment_id: UUID) -> bool:
    locked = await applying.lock(uow, payment_id)
    if locked is None or locked[1].status not in ACTIVE_STATUSES:
        return False
    await applying.expire(uow, clock, locked[1], note="abandoned")
    return True


_expire_abandoned = use_case(_abandon)
