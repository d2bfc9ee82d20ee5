"""What routers and jobs ask of refunds. Sending takes two units of work with the provider call between them (no
transaction is open while the provider answers), so it is given a factory of units of work, as the sweeps are."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import timedelta
from uuid import UUID

from domain.payments import notices, order_refunds, refunding
from domain.payments.entities import Refund
from domain.payments.gateway import PaymentGateway, ProviderUnavailable, RefundRequest, RefundStatus
from domain.payments.ports import PaymentsUoW
from domain.payments.refunding import Answer, RefundPolicy
from domain.ports import Clock
from domain.unit_of_work import use_case

log = logging.getLogger(__name__)
CLOSED_SWEEP_WINDOW = timedelta(days=7)
CLOSED_SWEEP_GRACE = timedelta(minutes=2)  # the event's own job has had its chance

refund_order = use_case(order_refunds.refund_order)
refund_closed_order = use_case(order_refunds.refund_closed_order)
confirm_offline_refund = use_case(refunding.confirm_offline)
tell_payment_succeeded = use_case(notices.payment_succeeded)
tell_payment_failed = use_case(notices.payment_failed)


async def ask_provider(gateway: PaymentGateway | None, request: RefundRequest) -> Answer:
    """The provider's answer to a refund, never an exception: whatever goes wrong is tried again later."""
    if gateway is None:
        return Answer("retry", note="no_gateway")  # the method's provider is not configured (yet)
    try:
        result = await gateway.refund(request)
    except ProviderUnavailable as exc:
        return Answer("retry", note="provider_unavailable", raw={"error": str(exc)[:500]})
    except Exception as exc:  # an adapter's bug must not lose the refund: it stays pending and is sent again
        log.exception("refund %s: the provider call failed", request.refund_no)
        return Answer("retry", note="provider_error", raw={"error": repr(exc)[:500]})
    raw = dict(result.raw)
    if result.status is RefundStatus.SUCCEEDED:
        return Answer("succeeded", provider_ref=result.provider_ref, raw=raw)
    if result.status is RefundStatus.FAILED:
        return Answer("failed", provider_ref=result.provider_ref, note="provider_refused", raw=raw)
    return Answer("retry", provider_ref=result.provider_ref, note="processing", raw=raw)


async def send_refund(
    uows: Callable[[], PaymentsUoW],
    clock: Clock,
    gateways: Mapping[str, PaymentGateway],
    policy: RefundPolicy,
    refund_id: UUID,
) -> Refund | None:
    """Send a pending refund to its provider and book the answer (domain/payments/refunding.py); None when there
    was nothing to send now or the answer no longer applied. Safe to run twice, and at once."""
    async with uows() as uow:
        sending = await refunding.claim(uow, clock, policy, refund_id)
        await uow.commit()
    if sending is None:
        return None
    answer = await ask_provider(gateways.get(sending.method), sending.request)
    async with uows() as uow:
        refund = await refunding.book(uow, clock, policy, sending, answer)
        await uow.commit()
    return refund


async def send_due_refunds(
    uows: Callable[[], PaymentsUoW],
    clock: Clock,
    gateways: Mapping[str, PaymentGateway],
    policy: RefundPolicy,
    *,
    batch: int = 100,
) -> int:
    """The sweep: send every pending refund whose next attempt is due (first sends a lost job missed, retries),
    each on its own; how many were sent."""
    async with uows() as uow:
        due = await uow.payments.refunds_due(clock.now(), batch)
    sent = 0
    for refund_id in due:
        try:
            sent += await send_refund(uows, clock, gateways, policy, refund_id) is not None
        except Exception:  # the next sweep tries it again
            log.exception("could not send refund %s", refund_id)
    return sent


async def refund_closed_orders(uows: Callable[[], PaymentsUoW], clock: Clock, *, batch: int = 100) -> int:
    """Backstop of `OrderClosed`'s job (its enqueue may be lost with a crash at commit): refund the paid orders
    cancelled in the last week that have no closing refund yet, each on its own; how many were refunded. A closing
    refund that failed is finance's to redo by hand, so such an order is not swept again."""
    now = clock.now()
    async with uows() as uow:
        due = await uow.payments.closed_orders_to_refund(now - CLOSED_SWEEP_WINDOW, now - CLOSED_SWEEP_GRACE, batch)
    refunded = 0
    for order_id in due:
        try:
            refunded += bool(await refund_closed_order(uows(), clock, order_id))
        except Exception:  # the next sweep tries it again
            log.exception("could not refund closed order %s", order_id)
    return refunded
