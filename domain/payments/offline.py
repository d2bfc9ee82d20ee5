"""Payments without a provider: bank transfer (the customer sends the money and uploads the receipt, finance
confirms or rejects it) and what staff record by hand (cash, cash on delivery, a transfer they saw arrive).

The order's clock and a bank transfer (the order's `expires_at`; domain/orders/transitions.py::expire cancels an
unpaid order past it):
- choosing bank transfer gives the order at least the method's `transfer_hours` (default 24) from now: a transfer
  takes longer than the 30 minutes an online payment gets;
- once the customer uploaded a proof (the payment is `processing`) the order has no deadline (`expires_at`
  None): the money may be on its way, and only finance's confirmation or rejection decides;
- a rejection fails the attempt and starts the clock again (`transfer_hours` from now): the customer may start a
  new attempt (bank transfer again, or another method) while the order is payable; after that it expires.

Locks: the order first, then the payment (PAYMENTS.md), on every path here.
"""

from __future__ import annotations

from datetime import timedelta
from uuid import UUID

from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.orders import transitions
from domain.orders.entities import OFFLINE_METHODS, ONLINE_METHODS, Order, OrderStatus, PaymentMethod
from domain.orders.policy import OrderPolicy
from domain.orders.state import ORDER, OrderAction
from domain.payments import closing, log, methods, moves
from domain.payments.entities import PROOF_UPLOADED, REPLACED, EventKind, Payment, PaymentStatus, new_attempt
from domain.payments.events import PaymentFailed, PaymentSucceeded
from domain.payments.gateway import StartKind
from domain.payments.method_ports import PaymentProof
from domain.payments.ports import PaymentsUoW
from domain.payments.state import PaymentAction
from domain.ports import Clock

PROOF_MAX_BYTES = 5 * 1024 * 1024
PROOF_THUMBNAIL_PIXELS = 400
CONFIRMABLE = frozenset({PaymentStatus.PENDING, PaymentStatus.PROCESSING})


def proof_format(data: bytes) -> str:
    """`jpeg`, `png` or `webp` by the file's own signature; 422 `payment.proof_invalid` for anything else (the
    storage decodes and re-encodes it afterwards, which is the real check)."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    raise RuleViolation("Upload a JPEG, PNG or WebP picture.", code="payment.proof_invalid", field="file")


class AskProviderFirst(Exception):
    """An attempt its online provider holds (the customer has its page or QR code) would end here, replaced by
    another: the caller asks the provider about it outside the order's lock and settles what it says (money that
    came pays the order, or is refunded), then tries again with `provider_asked`. Ended unasked, a payment made
    there whose callback never came would be found by nobody: the active query asks only about open attempts."""

    def __init__(self, payment: Payment) -> None:
        super().__init__(payment.payment_no)
        # plain values: the transaction that raises this is rolled back, and its entities with it
        self.payment_id, self.payment_no, self.method = payment.id, payment.payment_no, PaymentMethod(payment.method)


async def bank_transfer_attempt(
    uow: PaymentsUoW, clock: Clock, customer: Actor, order_id: UUID, *, provider_asked: bool = False
) -> tuple[Payment, Order, bool]:
    """The order's bank-transfer attempt, the order, and whether the attempt is new: an active bank-transfer attempt
    for what is owed is handed back as it is (read under the order's lock, so a second click waiting for the first
    gets the first's attempt); another method's active attempt is replaced (one active attempt per order)."""
    setting = await methods.ensure_enabled(uow, PaymentMethod.BANK_TRANSFER)
    order = await transitions.locked(uow, order_id, customer_id=customer.user_id)
    _ensure_payable(order)
    active = await uow.payments.active_for_order(order.id)
    if active is not None and active.method == PaymentMethod.BANK_TRANSFER and _same_amount(active, order):
        return active, order, False
    if active is not None:
        await replace_attempt(uow, clock, order, active, actor=customer, note=REPLACED, provider_asked=provider_asked)
    now = clock.now()
    wait_until = now + timedelta(hours=setting.transfer_hours)
    if order.expires_at is None or order.expires_at < wait_until:
        order.expires_at = wait_until
    payment = new_attempt(
        order,
        PaymentMethod.BANK_TRANSFER,
        now,
        amount_minor=order.total_minor,
        expires_at=order.expires_at,
        start_kind=str(StartKind.OFFLINE),
    )
    await uow.payments.add(payment)
    await uow.flush()  # the one-active-attempt index speaks now, not at commit
    await log.write(uow, clock, payment, EventKind.CREATED, actor=customer)
    return payment, order, True


async def check_proof_upload(uow: PaymentsUoW, customer: Actor, payment_id: UUID) -> None:
    """Refuse an upload before the picture is stored (checked again when the proof is recorded)."""
    payment = await own_payment(uow, customer, payment_id)
    _ensure_takes_proof(payment)


async def add_proof(
    uow: PaymentsUoW, clock: Clock, customer: Actor, payment_id: UUID, *, url: str, thumbnail_url: str
) -> tuple[Payment, list[PaymentProof]]:
    """Record a stored proof picture: the attempt goes to finance (processing) and the order stops expiring."""
    found = await own_payment(uow, customer, payment_id)
    order = await transitions.locked(uow, found.order_id, customer_id=customer.user_id)
    payment = await _locked_payment(uow, payment_id)
    _ensure_takes_proof(payment)
    _ensure_payable(order)
    now = clock.now()
    await uow.payment_proofs.add(
        PaymentProof(payment.id, url=url, thumbnail_url=thumbnail_url, uploaded_at=now, uploaded_by=customer.user_id)
    )
    order.expires_at = None  # finance decides now; see the module's docstring
    proof = {"proof_url": url}
    if payment.status == PaymentStatus.PENDING:
        await moves.move(uow, clock, payment, PaymentAction.START, actor=customer, note=PROOF_UPLOADED, raw=proof)
    else:  # another picture of the same transfer: logged, the attempt stays with finance
        payment.updated_at = now
        await log.write(uow, clock, payment, EventKind.STARTED, actor=customer, from_status=str(payment.status),
                        note=PROOF_UPLOADED, raw=proof)  # fmt: skip
    await uow.flush()
    return payment, await uow.payment_proofs.of_payment(payment.id)


async def confirm_transfer(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    payment_id: UUID,
    *,
    reference: str | None = None,
    note: str = "",
) -> Payment:
    """Finance saw the money arrive: the attempt succeeds and the order is paid, in one transaction. A payment
    confirmed meanwhile by someone else is refused (409), so a transfer pays its order once. Money for a transfer
    that ended with its order (cancelled or expired meanwhile, domain/payments/closing.py) is late (closing.late_transfer)."""
    order, payment = await _transfer_to_decide(uow, payment_id, "confirmed", late=True)
    if payment.status == PaymentStatus.EXPIRED:
        await closing.late_transfer(uow, clock, actor, order, payment, reference=reference, note=note)
        return payment
    _ensure_payable(order)
    if not _same_amount(payment, order):
        # the order was changed after the customer chose bank transfer: this transfer pays the old total
        raise Conflict(
            "The order's total changed since this transfer was started; reject it and let the customer pay again.",
            code="payment.amount_changed",
        )
    await _succeed(uow, clock, actor, policy, payment, reference=reference, note=note)
    return payment


async def reject_transfer(uow: PaymentsUoW, clock: Clock, actor: Actor, payment_id: UUID, *, reason: str) -> Payment:
    """Finance found no such money (or a wrong amount): the attempt fails, with the reason the customer sees;
    the customer may start another while the order is payable, whose clock starts again."""
    if not reason.strip():
        raise RuleViolation("Say why the transfer is rejected.", code="payment.reason_required", field="reason")
    order, payment = await _transfer_to_decide(uow, payment_id, "rejected")
    payment.failure_code = "rejected"
    await moves.move(uow, clock, payment, PaymentAction.FAIL, actor=actor, note=reason.strip())
    await _restart_clock(uow, clock, order)
    uow.record(PaymentFailed(payment.id, payment.order_id))
    return payment


async def record_offline_payment(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    order_id: UUID,
    *,
    method: PaymentMethod,
    reference: str | None = None,
    note: str = "",
    provider_asked: bool = False,
) -> Order:
    """Staff record money taken outside any provider (cash, cash on delivery, a bank transfer): a succeeded
    payment of the whole order and the order paid, in one transaction. An active bank-transfer attempt is the
    one confirmed when staff record a bank transfer; any other active attempt is replaced."""
    if method not in OFFLINE_METHODS:
        raise RuleViolation("Staff record only offline payments.", code="payment.not_offline", field="method")
    await methods.ensure_enabled(uow, method)
    order = await transitions.locked(uow, order_id)
    ORDER.next_state(order.status, OrderAction.PAY)  # the order's own 409 before anything is written
    active = await uow.payments.active_for_order(order.id)
    if active is not None:
        active = await _locked_payment(uow, active.id)
    if active is not None and active.method == method == PaymentMethod.BANK_TRANSFER and _same_amount(active, order):
        await _succeed(uow, clock, actor, policy, active, reference=reference, note=note)
        return order
    if active is not None:
        await replace_attempt(uow, clock, order, active, actor=actor, note=REPLACED, provider_asked=provider_asked)
    now = clock.now()
    payment = new_attempt(
        order,
        method,
        now,
        amount_minor=order.total_minor,
        expires_at=order.expires_at or now,
        start_kind=str(StartKind.OFFLINE),
    )
    await uow.payments.add(payment)
    await log.write(uow, clock, payment, EventKind.CREATED, actor=actor)
    await _succeed(uow, clock, actor, policy, payment, reference=reference, note=note)
    return order


async def replace_attempt(
    uow: PaymentsUoW, clock: Clock, order: Order, payment: Payment, *, actor: Actor, note: str, provider_asked: bool
) -> None:
    """End an active attempt that another replaces (the caller holds the order's lock); one its online provider
    holds is asked about first (AskProviderFirst), unless the caller has. An order whose clock a bank-transfer
    proof stopped gets a deadline again: the new attempt is now what it waits for."""
    if payment.method in ONLINE_METHODS and payment.status == PaymentStatus.PROCESSING and not provider_asked:
        raise AskProviderFirst(payment)
    await moves.move(uow, clock, payment, PaymentAction.EXPIRE, actor=actor, note=note)
    if order.expires_at is None:
        await _restart_clock(uow, clock, order)
    await uow.flush()  # the attempt leaves the one-active index before its successor enters


async def _succeed(
    uow: PaymentsUoW,
    clock: Clock,
    actor: Actor,
    policy: OrderPolicy,
    payment: Payment,
    *,
    reference: str | None,
    note: str,
) -> None:
    payment.paid_at = clock.now()
    payment.provider_ref = reference or payment.provider_ref
    await moves.move(uow, clock, payment, PaymentAction.SUCCEED, actor=actor, note=note)
    order_reference = reference or payment.payment_no
    await transitions.pay(
        uow, clock, actor, policy, payment.order_id, method=payment.method, reference=order_reference, note=note
    )
    uow.record(PaymentSucceeded(payment.id, payment.order_id))


async def _restart_clock(uow: PaymentsUoW, clock: Clock, order: Order) -> None:
    """An order still payable waits for its money again: the bank transfer's `transfer_hours` from now."""
    if order.status == OrderStatus.PENDING_PAYMENT:
        setting = await methods.setting_of(uow, PaymentMethod.BANK_TRANSFER)
        order.expires_at = clock.now() + timedelta(hours=setting.transfer_hours)


async def _transfer_to_decide(
    uow: PaymentsUoW, payment_id: UUID, decision: str, *, late: bool = False
) -> tuple[Order, Payment]:
    """A bank transfer still waiting for finance (`late`: or one that ended with its order), with its order, both
    locked (the order first)."""
    found = await _payment(uow, payment_id)
    order = await transitions.locked(uow, found.order_id)
    payment = await _locked_payment(uow, payment_id)
    if payment.method != PaymentMethod.BANK_TRANSFER:
        raise Conflict(f"Only a bank transfer is {decision} by hand.", code="payment.not_offline")
    ended_with_order = payment.status == PaymentStatus.EXPIRED and order.status != OrderStatus.PENDING_PAYMENT
    if not (late and ended_with_order):
        _ensure_undecided(payment)
    return order, payment


def _same_amount(payment: Payment, order: Order) -> bool:
    return (payment.amount_minor, payment.currency) == (order.total_minor, order.currency)


def _ensure_payable(order: Order) -> None:
    if order.status != OrderStatus.PENDING_PAYMENT:
        raise Conflict(
            "This order is not waiting for payment.", code="payment.order_not_payable", status=str(order.status)
        )


def _ensure_takes_proof(payment: Payment) -> None:
    if payment.method != PaymentMethod.BANK_TRANSFER:
        raise Conflict("Only a bank transfer takes a proof of payment.", code="payment.not_offline")
    _ensure_undecided(payment)


def _ensure_undecided(payment: Payment) -> None:
    if payment.status not in CONFIRMABLE:
        raise Conflict("This transfer was already decided.", code="payment.invalid_transition", status=payment.status)


async def _payment(uow: PaymentsUoW, payment_id: UUID) -> Payment:
    payment = await uow.payments.get(payment_id)
    if payment is None:
        raise NotFound("No such payment.", code="payment.not_found")
    return payment


async def _locked_payment(uow: PaymentsUoW, payment_id: UUID) -> Payment:
    payment = await uow.payments.get_for_update(payment_id)
    if payment is None:
        raise NotFound("No such payment.", code="payment.not_found")
    return payment


async def own_payment(uow: PaymentsUoW, customer: Actor, payment_id: UUID) -> Payment:
    """The customer's own payment; another's is answered as missing."""
    payment = await _payment(uow, payment_id)
    if payment.customer_id != customer.user_id:
        raise NotFound("No such payment.", code="payment.not_found")
    return payment
