"""The rules of sending refunds, in memory: the back-off between sends, which payments an order's refund takes from,
how a provider's answer is read, and how it is booked (money back, retried, or failed and refundable again)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from domain.money import Money
from domain.orders.entities import Order, OrderStatus, PaymentMethod, SalesChannel
from domain.payments import order_refunds, refunding
from domain.payments.entities import EventKind, Payment, PaymentEvent, PaymentStatus, Refund, RefundStatus
from domain.payments.gateway import ProviderUnavailable, RefundRequest, RefundResult
from domain.payments.gateway import RefundStatus as ProviderRefund
from domain.payments.refund_use_cases import ask_provider
from domain.payments.refunding import Answer, RefundPolicy, Sending
from tests.fakes.clock import FakeClock
from tests.fakes.unit_of_work import FakeUnitOfWork

T0 = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)


class FakePayments:
    """Just what sending and booking a refund read and write."""

    def __init__(self) -> None:
        self.payments: dict[UUID, Payment] = {}
        self.refunds: dict[UUID, Refund] = {}
        self.events: list[PaymentEvent] = []

    async def get(self, payment_id: UUID) -> Payment | None:
        return self.payments.get(payment_id)

    get_for_update = get

    async def get_refund(self, refund_id: UUID) -> Refund | None:
        return self.refunds.get(refund_id)

    get_refund_for_update = get_refund

    async def add_event(self, event: PaymentEvent) -> None:
        self.events.append(event)


def paid(minor: int = 3000, *, at: datetime = T0, refunded: int = 0) -> Payment:
    return Payment(
        payment_no=f"P{minor}{at:%H%M%S}",
        order_id=UUID(int=1),
        customer_id=UUID(int=2),
        method=PaymentMethod.CARD,
        currency="CNY",
        amount_minor=minor,
        expires_at=at,
        created_at=at,
        status=PaymentStatus.SUCCEEDED,
        refunded_minor=refunded,
        paid_at=at,
    )


def world(amount: int = 500) -> tuple[FakeUnitOfWork, Order, Payment, Refund]:
    uow = FakeUnitOfWork()
    payments = FakePayments()
    uow.payments = payments  # type: ignore[attr-defined]
    order = Order(number="SO1", channel=SalesChannel.WEB, customer_id=UUID(int=2), currency="CNY",
                  status=OrderStatus.AWAITING_SHIPMENT, total_minor=3000, paid_minor=3000)  # fmt: skip
    uow.tables.orders[order.id] = order
    payment = paid(refunded=amount)
    payment.order_id = order.id
    refund = Refund(refund_no="R1", payment_id=payment.id, order_id=order.id, method=PaymentMethod.CARD,
                    currency="CNY", amount_minor=amount, reason="damaged", created_at=T0, attempts=1)  # fmt: skip
    payments.payments[payment.id], payments.refunds[refund.id] = payment, refund
    return uow, order, payment, refund


def sending(refund: Refund, attempt: int = 1) -> Sending:
    money = Money.of_minor(refund.amount_minor, "CNY")
    return Sending(refund.id, "card", attempt, RefundRequest("P1", refund.refund_no, money, money))


def kinds(uow: FakeUnitOfWork) -> list[EventKind]:
    return [e.kind for e in uow.payments.events]  # type: ignore[attr-defined]


def test_the_wait_between_sends_doubles_from_a_minute_up_to_the_cap() -> None:
    policy = RefundPolicy(first_wait=timedelta(minutes=1), longest_wait=timedelta(minutes=10))

    waits = [policy.wait_after(n) for n in range(1, 7)]

    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 10, 10)]
    assert policy.wait_after(1000) == timedelta(minutes=10)


def test_an_orders_refund_takes_from_the_newest_payment_first_each_up_to_what_it_has_left() -> None:
    older, newer = paid(2000, at=T0), paid(1000, at=T0 + timedelta(hours=1), refunded=400)

    plan = order_refunds.take(order_refunds.newest_first([older, newer]), 900)

    assert [(p is newer, part) for p, part in plan] == [(True, 600), (False, 300)]
    assert order_refunds.take([older], 0) == []


class Provider:
    def __init__(self, answer: ProviderRefund | Exception) -> None:
        self.answer = answer

    @property
    def method(self) -> str:
        return "card"

    async def refund(self, request: RefundRequest) -> RefundResult:
        if isinstance(self.answer, Exception):
            raise self.answer
        return RefundResult(request.refund_no, self.answer, provider_ref="re_1")

    def __getattr__(self, name: str) -> Any:  # the rest of PaymentGateway is not used by refunds
        raise AttributeError(name)


async def test_the_providers_answer_is_read_as_done_refused_or_to_try_again() -> None:
    request = RefundRequest("P1", "R1", Money.of_minor(100, "CNY"), Money.of_minor(100, "CNY"))

    answers = [
        await ask_provider(Provider(ProviderRefund.SUCCEEDED), request),  # type: ignore[arg-type]
        await ask_provider(Provider(ProviderRefund.FAILED), request),  # type: ignore[arg-type]
        await ask_provider(Provider(ProviderRefund.PROCESSING), request),  # type: ignore[arg-type]
        await ask_provider(Provider(ProviderUnavailable("503")), request),  # type: ignore[arg-type]
        await ask_provider(Provider(KeyError("bug")), request),  # type: ignore[arg-type]
        await ask_provider(None, request),
    ]

    assert [(a.outcome, a.note) for a in answers] == [
        ("succeeded", ""),
        ("failed", "provider_refused"),
        ("retry", "processing"),
        ("retry", "provider_unavailable"),
        ("retry", "provider_error"),
        ("retry", "no_gateway"),
    ]


async def test_a_refund_the_provider_made_counts_on_the_order_and_tells_the_customer() -> None:
    uow, order, payment, refund = world(500)
    clock = FakeClock(T0)

    booked = await refunding.book(uow, clock, RefundPolicy(), sending(refund), Answer("succeeded", "re_9"))

    assert booked is refund and refund.status == RefundStatus.SUCCEEDED
    assert (refund.provider_ref, refund.succeeded_at, refund.next_attempt_at) == ("re_9", T0, None)
    assert (order.refunded_minor, payment.refunded_minor) == (500, 500)
    assert [(e.action, e.note, e.note_params) for e in order.events] == [
        ("refund", "refunded", {"amount": {"amount": "5.00", "currency": "CNY"}, "refund_no": "R1"})
    ]
    assert kinds(uow) == [EventKind.REFUND_SUCCEEDED]


async def test_a_refund_not_settled_waits_longer_each_time_and_fails_after_the_last_send() -> None:
    uow, order, payment, refund = world(500)
    clock = FakeClock(T0)
    policy = RefundPolicy(max_attempts=3)

    await refunding.book(uow, clock, policy, sending(refund, 1), Answer("retry", note="processing"))
    first_wait = refund.next_attempt_at
    refund.attempts = 2
    await refunding.book(uow, clock, policy, sending(refund, 2), Answer("retry", note="provider_unavailable"))
    second_wait = refund.next_attempt_at
    refund.attempts = 3
    await refunding.book(uow, clock, policy, sending(refund, 3), Answer("retry", note="provider_unavailable"))

    assert (first_wait, second_wait) == (T0 + timedelta(minutes=1), T0 + timedelta(minutes=2))
    assert (refund.status, refund.failure_code, refund.next_attempt_at) == (
        RefundStatus.FAILED,
        "retries_exhausted",
        None,
    )
    assert payment.refunded_minor == 0 and payment.refundable_minor == 3000  # the money is refundable again
    assert order.refunded_minor == 0
    assert kinds(uow) == [EventKind.REFUND_RETRY, EventKind.REFUND_RETRY, EventKind.REFUND_FAILED]


async def test_an_answer_that_no_longer_applies_changes_nothing() -> None:
    uow, _, payment, refund = world(500)
    clock = FakeClock(T0)
    refund.attempts = 2  # sent again since

    stale = await refunding.book(uow, clock, RefundPolicy(), sending(refund, 1), Answer("retry", note="processing"))
    failed = await refunding.book(uow, clock, RefundPolicy(), sending(refund, 2), Answer("failed", note="refused"))
    after = await refunding.book(uow, clock, RefundPolicy(), sending(refund, 2), Answer("succeeded", "re_1"))

    assert stale is None and failed is refund and after is None
    assert (refund.status, payment.refunded_minor) == (RefundStatus.FAILED, 0)
    assert kinds(uow) == [EventKind.REFUND_FAILED]


async def test_only_a_due_online_pending_refund_is_claimed_and_then_held_for_the_lease() -> None:
    uow, _, _, refund = world(500)
    clock = FakeClock(T0)
    policy = RefundPolicy(sending_lease=timedelta(minutes=2))
    refund.attempts, refund.next_attempt_at = 0, T0

    claimed = await refunding.claim(uow, clock, policy, refund.id)
    again = await refunding.claim(uow, clock, policy, refund.id)  # a second sender at once
    clock.advance(timedelta(minutes=3))  # the first sender died: the lease is over
    after_lease = await refunding.claim(uow, clock, policy, refund.id)
    refund.method, refund.next_attempt_at = PaymentMethod.BANK_TRANSFER, None
    offline = await refunding.claim(uow, clock, policy, refund.id)

    assert claimed is not None and (claimed.attempt, claimed.request.refund_no) == (1, "R1")
    assert claimed.request.amount == Money.of_minor(500, "CNY")
    assert again is None and offline is None
    assert after_lease is not None and after_lease.attempt == 2
