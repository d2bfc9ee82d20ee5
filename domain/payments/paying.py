"""Starting a payment: the customer chose a method for an unpaid order; we open an attempt, ask the provider for its
pay page or QR code, and record what it answered. Two short transactions around one provider call, never a
provider call under a lock (PAYMENTS.md): `open_attempt` (lock the order, check it, insert the attempt), the call
(domain/payments/use_cases.start_payment), then `record_start` or `record_unavailable` (re-read under the lock).

One active attempt per order: the same method's active attempt is handed back as it is, while it still collects
what is left to pay (entities.collects_what_is_left); another method's is replaced first. The order's row lock
serialises two clicks on "Pay", and the partial unique index on the payment table is the last guard (the loser of a
race it catches reads the winner's attempt).

An attempt staff made stale by changing the order's total (edit, split, a merge it survived) is checked here, where
an attempt is handed back, rather than ended by every change of an order: one place for the rule, whatever changes
the total. It ends (`amount_outdated`) and a new one opens for the new amount, in one transaction.

An attempt a provider already holds (processing: the customer has its page or QR code) is asked of the provider
before anything replaces it (a new total, another method, a bank transfer, staff recording cash), as a cancelled
order's is (domain/payments/closing.py): `open_attempt` raises offline.AskProviderFirst, the start asks and settles
it (use_cases.start_payment, outside any lock), then opens again with `provider_asked`. Money paid at the old page
anyway is refunded (applying.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.orders import transitions
from domain.orders.entities import ONLINE_METHODS, Order, OrderStatus, PaymentMethod
from domain.payments import log, methods, moves, offline
from domain.payments.entities import (
    ACTIVE_STATUSES,
    AMOUNT_OUTDATED,
    REPLACED_BY_OTHER_METHOD,
    EventKind,
    Payment,
    PaymentStatus,
    collects_what_is_left,
    left_to_pay,
    new_attempt,
)
from domain.payments.events import PaymentFailed
from domain.payments.gateway import PaymentRequest, PaymentStart
from domain.payments.ports import PaymentsUoW
from domain.payments.state import PaymentAction
from domain.ports import Clock

PROVIDER_UNAVAILABLE = "provider_unavailable"
# an attempt still pending this long after it was opened lost its start (a crash, a timeout): start it again
RESTART_AFTER = timedelta(seconds=30)


@dataclass(frozen=True)
class Links:
    """Our addresses a provider is given: the webhook it calls back, the page the customer's browser returns to."""

    public_base_url: str

    def notify_url(self, method: str) -> str:
        return f"{self.public_base_url.rstrip('/')}/api/v1/payments/callbacks/{method}"

    def return_url(self, payment_id: UUID) -> str:
        return f"{self.public_base_url.rstrip('/')}/pay/result/{payment_id}"


@dataclass(frozen=True)
class Attempt:
    """An attempt as transaction 1 left it, with what the provider call needs."""

    payment: Payment
    order_number: str
    created: bool  # False: the same method's active attempt, handed back

    def needs_start(self, now: datetime) -> bool:
        p = self.payment
        return p.status == PaymentStatus.PENDING and (self.created or p.created_at + RESTART_AFTER <= now)


def check_online(method: PaymentMethod) -> None:
    """Cash and cash on delivery are recorded by staff (domain/payments/offline.py); bank transfer opens its own
    kind of attempt (`offline.bank_transfer_attempt`)."""
    if method not in ONLINE_METHODS:
        raise RuleViolation(
            "This payment method is paid offline; follow the shop's instructions.",
            code="payment.method_offline",
            field="method",
        )


def payable(order: Order, now: datetime) -> bool:
    """Waiting for its money, with time left and something left to pay."""
    open_ = order.status == OrderStatus.PENDING_PAYMENT and (order.expires_at is None or now < order.expires_at)
    return open_ and order.total_minor > order.paid_minor


async def open_attempt(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    *,
    customer_id: UUID,
    order_id: UUID,
    method: PaymentMethod,
    provider_asked: bool = False,
) -> Attempt:
    """Transaction 1: the customer's own unpaid order, locked; its active attempt of `method` while it still
    collects what is left to pay, or a new one. One that a provider holds is replaced only once the caller has
    asked the provider about it (`provider_asked`, see offline.AskProviderFirst and the module's docstring)."""
    await methods.ensure_enabled(uow, method)
    order = await transitions.locked(uow, order_id, customer_id=customer_id)
    now = clock.now()
    if not payable(order, now):
        raise Conflict("This order can no longer be paid.", code="payment.order_not_payable", status=str(order.status))
    active = await uow.payments.active_for_order(order.id)
    if active is not None:
        if active.method == method and collects_what_is_left(active, order):
            return Attempt(active, order.number, created=False)
        note = REPLACED_BY_OTHER_METHOD if active.method != method else AMOUNT_OUTDATED
        await offline.replace_attempt(uow, clock, order, active, actor=actor, note=note, provider_asked=provider_asked)
    payment = new_attempt(
        order,
        method,
        now,
        amount_minor=left_to_pay(order),
        expires_at=order.expires_at or now + timedelta(minutes=30),
    )
    await uow.payments.add(payment)
    await log.write(uow, clock, payment, EventKind.CREATED, actor=actor)
    return Attempt(payment, order.number, created=True)


def request_of(attempt: Attempt, links: Links) -> PaymentRequest:
    p = attempt.payment
    return PaymentRequest(
        payment_no=p.payment_no,
        amount=p.amount,
        subject=f"全单通订单 {attempt.order_number}",
        notify_url=links.notify_url(str(p.method)),
        return_url=links.return_url(p.id),
        expires_at=p.expires_at,
    )


async def _locked(uow: PaymentsUoW, payment_id: UUID) -> Payment:
    payment = await uow.payments.get_for_update(payment_id)
    if payment is None:
        raise NotFound("No such payment.", code="payment.not_found")
    return payment


async def record_start(uow: PaymentsUoW, clock: Clock, payment_id: UUID, start: PaymentStart) -> Payment:
    """Transaction 2: the provider took the payment; the storefront gets its page or QR code. An attempt that
    moved on meanwhile (replaced by another method, or already paid) keeps its state."""
    payment = await _locked(uow, payment_id)
    if payment.status == PaymentStatus.PENDING:
        payment.start_kind, payment.start_url, payment.qr_code = str(start.kind), start.url, start.qr_code
        payment.provider_ref = start.provider_ref or payment.provider_ref
        await moves.move(uow, clock, payment, PaymentAction.START)
    return payment


async def record_unavailable(uow: PaymentsUoW, clock: Clock, payment_id: UUID, reason: str) -> Payment:
    """Transaction 2 when the provider could not be reached: the attempt fails; the customer may try again."""
    payment = await _locked(uow, payment_id)
    if payment.status in ACTIVE_STATUSES:
        payment.failure_code = PROVIDER_UNAVAILABLE
        await moves.move(uow, clock, payment, PaymentAction.FAIL, note=f"{PROVIDER_UNAVAILABLE}: {reason}"[:500])
        uow.record(PaymentFailed(payment.id, payment.order_id))
    return payment
