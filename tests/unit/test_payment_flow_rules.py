"""The payment flow's rules on the in-memory fakes: one active attempt per order, what a provider's report does to
the payment and its order (once, never un-paying, late money refunded), and what the webhook stores or refuses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import DomainError
from domain.money import Money
from domain.orders import use_cases as orders
from domain.orders.entities import Order, OrderStatus, PaymentMethod, SalesChannel
from domain.orders.policy import OrderPolicy
from domain.orders.timeline import SYSTEM
from domain.payments import applying, methods, paying
from domain.payments import use_cases as payments
from domain.payments.entities import EventKind, Payment, PaymentStatus, new_attempt
from domain.payments.events import CallbackStored, PaymentSucceeded
from domain.payments.gateway import (
    CallbackAnswer,
    CallbackRejected,
    PaymentRequest,
    PaymentStart,
    ProviderPayment,
    ProviderStatus,
    ProviderUnavailable,
    RefundRequest,
    RefundResult,
    StartKind,
)
from tests.fakes.unit_of_work import FakeUnitOfWork
from tests.unit.test_orders import Shop as OrderShop

LINKS = paying.Links("https://shop.example.com")


class FakeGateway:
    """A provider that answers what the test sets: a start, a verified callback, a query answer, or an outage."""

    method = "card"

    def __init__(self) -> None:
        self.down = False
        self.reported: ProviderPayment | None = None
        self.requests: list[PaymentRequest] = []

    async def start(self, request: PaymentRequest) -> PaymentStart:
        self.requests.append(request)
        if self.down:
            raise ProviderUnavailable("connection refused")
        return PaymentStart(
            StartKind.REDIRECT, url=f"https://pay.example.com/{request.payment_no}", provider_ref="pi_1"
        )

    def verify_callback(self, headers: Mapping[str, str], body: bytes, now: datetime) -> ProviderPayment:
        if self.reported is None:
            raise CallbackRejected("signature does not match")
        return self.reported

    def callback_answer(self, accepted: bool) -> CallbackAnswer:
        return CallbackAnswer(200 if accepted else 400)

    async def query(self, payment_no: str) -> ProviderPayment:
        if self.reported is not None:
            return self.reported
        started = next(r for r in self.requests if r.payment_no == payment_no)  # started here, not paid (yet)
        return ProviderPayment(payment_no, ProviderStatus.PENDING, started.amount)

    async def refund(self, request: RefundRequest) -> RefundResult:
        raise NotImplementedError


class Shop(OrderShop):
    def __init__(self) -> None:
        super().__init__()
        self.gateway = FakeGateway()
        for method in PaymentMethod:  # the shop takes every method, as in development
            self.uow.tables.method_settings[method] = methods.default(method, development=True)
        self.dispatched: list[object] = []  # what the settling units of work handed to jobs
        self.stocked = False

    async def unpaid(self, quantity: int = 2) -> Order:
        if not self.stocked:
            await self.stock(50)
            self.stocked = True
        return await self.place(quantity)

    async def start(self, order: Order, method: PaymentMethod = PaymentMethod.CARD) -> tuple[Payment, bool]:
        opened: list[FakeUnitOfWork] = []

        def uows() -> FakeUnitOfWork:
            opened.append(self.uow.another())
            return opened[-1]

        view, created = await payments.start_payment(
            uows,
            self.clock,
            {"card": self.gateway, "alipay": self.gateway},
            LINKS,
            self.me,
            customer_id=self.buyer.id,
            order_id=order.id,
            method=method,
            policy=OrderPolicy(),
        )
        for uow in opened:
            self.dispatched.extend(uow.dispatched)
        return view.payment, created

    def report(self, payment: Payment, status: ProviderStatus, amount_minor: int | None = None) -> ProviderPayment:
        amount = Money.of_minor(payment.amount_minor if amount_minor is None else amount_minor, payment.currency)
        return ProviderPayment(payment.payment_no, status, amount, provider_ref="pi_1", paid_at=self.clock.now())

    async def settle(self, payment: Payment, report: ProviderPayment) -> None:
        uow = self.uow.another()
        async with uow:
            locked = await applying.lock(uow, payment.id)
            assert locked is not None
            await applying.settle(uow, self.clock, OrderPolicy(), locked[1], report, source="test")
            await uow.commit()
        self.dispatched.extend(uow.dispatched)

    def log(self, payment: Payment) -> list[str]:
        return [str(e.kind) for e in self.uow.tables.payment_events if e.payment_id == payment.id]

    def order(self, order: Order) -> Order:
        return self.uow.tables.orders[order.id]


async def test_a_started_payment_asks_the_provider_with_our_links_and_records_its_page() -> None:
    shop = Shop()
    order = await shop.unpaid()

    payment, created = await shop.start(order)

    [request] = shop.gateway.requests
    assert created and payment.status == PaymentStatus.PROCESSING
    assert (payment.start_kind, payment.start_url) == ("redirect", f"https://pay.example.com/{payment.payment_no}")
    assert request.notify_url == "https://shop.example.com/api/v1/payments/callbacks/card"
    assert request.return_url == f"https://shop.example.com/pay/result/{payment.id}"
    assert request.amount == Money(Decimal(order.total_minor) / 100, "CNY") and request.expires_at == order.expires_at
    assert shop.log(payment) == ["created", "started"]


def test_an_attempt_is_built_from_its_order_with_what_its_caller_says_differs() -> None:
    order = Order(
        number="O1", channel=SalesChannel.WEB, customer_id=uuid4(), currency="CNY", total_minor=5000, paid_minor=0
    )
    now, deadline = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC)

    online = new_attempt(order, PaymentMethod.CARD, now, amount_minor=3000, expires_at=deadline)
    transfer = new_attempt(
        order, PaymentMethod.BANK_TRANSFER, now, amount_minor=5000, expires_at=now, start_kind=str(StartKind.OFFLINE)
    )

    assert (online.order_id, online.customer_id, online.currency) == (order.id, order.customer_id, "CNY")
    assert (online.amount_minor, online.expires_at, online.start_kind) == (3000, deadline, None)
    assert (transfer.amount_minor, transfer.expires_at, transfer.start_kind) == (5000, now, "offline")
    assert online.payment_no.startswith("P260102030405") and online.payment_no != transfer.payment_no
    assert online.status == transfer.status == PaymentStatus.PENDING
    assert (online.created_at, online.updated_at) == (now, now)


async def test_an_online_attempt_asks_what_is_left_to_pay_and_a_transfer_the_total_until_the_order_s_deadline() -> None:
    shop = Shop()
    order = await shop.unpaid()
    deadline = order.expires_at  # the online payment's; choosing a transfer gives the order longer

    online, _ = await shop.start(order)
    transfer, _ = await shop.start(order, PaymentMethod.BANK_TRANSFER)

    assert (online.amount_minor, online.expires_at) == (order.total_minor, deadline)
    assert online.start_kind == "redirect"  # the provider's page, recorded once it answered
    assert (transfer.amount_minor, transfer.start_kind) == (order.total_minor, "offline")
    assert transfer.expires_at == shop.order(order).expires_at == shop.clock.now() + timedelta(hours=24)
    assert shop.uow.tables.payments[online.id].status == PaymentStatus.EXPIRED  # replaced by the transfer


async def test_the_same_method_is_handed_back_and_another_replaces_the_open_attempt() -> None:
    shop = Shop()
    order = await shop.unpaid()
    first, _ = await shop.start(order)

    again, created = await shop.start(order)
    other, _ = await shop.start(order, PaymentMethod.ALIPAY)

    assert again.id == first.id and not created and len(shop.gateway.requests) == 2
    assert shop.uow.tables.payments[first.id].status == PaymentStatus.EXPIRED
    assert other.status == PaymentStatus.PROCESSING


async def test_an_outage_fails_the_attempt_and_an_expired_or_offline_order_is_refused() -> None:
    shop = Shop()
    order = await shop.unpaid()
    shop.gateway.down = True

    with pytest.raises(DomainError) as outage:
        await shop.start(order)
    [failed] = shop.uow.tables.payments.values()
    shop.clock.advance(timedelta(hours=1))
    with pytest.raises(DomainError) as late:
        await shop.start(order)
    with pytest.raises(DomainError) as offline:
        await shop.start(order, PaymentMethod.CASH_ON_DELIVERY)

    assert outage.value.code == "payment.provider_unavailable"
    assert (failed.status, failed.failure_code) == (PaymentStatus.FAILED, "provider_unavailable")
    assert late.value.code == "payment.order_not_payable"
    assert offline.value.code == "payment.method_offline"


async def test_a_success_pays_the_order_once_and_a_later_failure_does_not_unpay_it() -> None:
    shop = Shop()
    order = await shop.unpaid()
    payment, _ = await shop.start(order)
    paid = shop.report(payment, ProviderStatus.SUCCEEDED)

    await shop.settle(payment, paid)
    await shop.settle(payment, paid)
    await shop.settle(payment, shop.report(payment, ProviderStatus.FAILED))
    await shop.settle(payment, shop.report(payment, ProviderStatus.CLOSED))

    assert shop.uow.tables.payments[payment.id].status == PaymentStatus.SUCCEEDED
    assert shop.order(order).status == OrderStatus.AWAITING_SHIPMENT
    assert shop.order(order).payment_reference == payment.payment_no
    assert shop.log(payment) == ["created", "started", "succeeded"]
    assert sum(isinstance(e, PaymentSucceeded) for e in shop.dispatched) == 1


async def test_money_for_a_cancelled_order_or_a_changed_total_is_refunded_in_full() -> None:
    shop = Shop()
    cancelled = await shop.unpaid(1)
    payment, _ = await shop.start(cancelled)
    await orders.cancel_order(shop.uow.another(), shop.clock, SYSTEM, cancelled.id, reason="gone")

    await shop.settle(payment, shop.report(payment, ProviderStatus.SUCCEEDED))

    assert shop.order(cancelled).status == OrderStatus.CANCELLED
    assert shop.log(payment)[-3:] == ["succeeded", "late_payment", "refund_requested"]
    [refund] = shop.uow.tables.refunds.values()
    assert (refund.amount_minor, refund.reason) == (payment.amount_minor, "late_payment")
    late = [e for e in shop.uow.tables.payment_events if e.kind == EventKind.LATE_PAYMENT]
    assert late[0].note == "order_cancelled"


async def test_a_declined_payment_fails_and_a_closed_one_expires() -> None:
    shop = Shop()
    first, second = await shop.unpaid(), await shop.unpaid(3)
    declined, _ = await shop.start(first)
    closed, _ = await shop.start(second)

    await shop.settle(declined, shop.report(declined, ProviderStatus.FAILED))
    await shop.settle(closed, shop.report(closed, ProviderStatus.CLOSED))

    assert (declined.status, declined.failure_code) == (PaymentStatus.FAILED, "declined")
    assert closed.status == PaymentStatus.EXPIRED
    assert shop.order(first).status == shop.order(second).status == OrderStatus.PENDING_PAYMENT


async def test_the_webhook_stores_a_matching_callback_and_records_why_it_refuses_the_others() -> None:
    shop = Shop()
    order = await shop.unpaid()
    payment, _ = await shop.start(order)
    gateway = shop.gateway

    forged = await payments.receive_callback(shop.uow.another(), shop.clock, gateway, {}, b"x")
    gateway.reported = shop.report(payment, ProviderStatus.SUCCEEDED, amount_minor=1)
    short = await payments.receive_callback(shop.uow.another(), shop.clock, gateway, {}, b"x")
    gateway.reported = shop.report(payment, ProviderStatus.SUCCEEDED)
    storing = shop.uow.another()
    good = await payments.receive_callback(storing, shop.clock, gateway, {}, b"x")

    assert (forged.status_code, short.status_code, good.status_code) == (400, 400, 200)
    notes = [e.note for e in shop.uow.tables.payment_events if e.kind == EventKind.CALLBACK_REJECTED]
    assert notes == ["signature does not match", "amount_mismatch"]
    [stored] = [e for e in shop.uow.tables.payment_events if e.kind == EventKind.CALLBACK]
    assert stored.applied_at is None and storing.dispatched == [CallbackStored(stored.id)]
    assert shop.order(order).status == OrderStatus.PENDING_PAYMENT  # stored, not applied: the job applies it

    assert await payments.apply_callback(shop.uow.another(), shop.clock, OrderPolicy(), stored.id)
    assert not await payments.apply_callback(shop.uow.another(), shop.clock, OrderPolicy(), stored.id)
    assert shop.order(order).status == OrderStatus.AWAITING_SHIPMENT


async def test_the_query_pays_a_payment_whose_callback_never_came_and_expires_one_never_paid() -> None:
    shop = Shop()
    paid_order, unpaid_order = await shop.unpaid(), await shop.unpaid(3)
    paid, _ = await shop.start(paid_order)
    unpaid, _ = await shop.start(unpaid_order)
    reports = {paid.payment_no: ProviderStatus.SUCCEEDED, unpaid.payment_no: ProviderStatus.PENDING}

    async def query(payment_no: str) -> ProviderPayment:
        found = next(p for p in shop.uow.tables.payments.values() if p.payment_no == payment_no)
        return shop.report(found, reports[payment_no])

    shop.gateway.query = query  # type: ignore[method-assign]
    shop.clock.advance(timedelta(minutes=3))
    changed = await payments.query_processing_payments(
        shop.uow.another, shop.clock, OrderPolicy(), {"card": shop.gateway}
    )
    shop.clock.advance(timedelta(hours=1))
    expired = await payments.query_processing_payments(
        shop.uow.another, shop.clock, OrderPolicy(), {"card": shop.gateway}
    )

    assert (changed, expired) == (1, 1)
    assert shop.order(paid_order).status == OrderStatus.AWAITING_SHIPMENT
    assert unpaid.status == PaymentStatus.EXPIRED and shop.log(unpaid)[-2:] == ["expired", "queried"]


async def test_an_attempt_whose_start_was_lost_is_started_again_or_expired_once_its_order_is_gone() -> None:
    # given two attempts opened (transaction 1) whose provider call never came back: the process died
    shop = Shop()
    retried_order, gone_order = await shop.unpaid(), await shop.unpaid(3)
    lost: list[Payment] = []
    for order in (retried_order, gone_order):
        uow = shop.uow.another()
        async with uow:
            attempt = await paying.open_attempt(
                uow, shop.clock, shop.me, customer_id=shop.buyer.id, order_id=order.id, method=PaymentMethod.CARD
            )
            await uow.commit()
        lost.append(attempt.payment)
    await orders.cancel_order(shop.uow.another(), shop.clock, SYSTEM, gone_order.id, reason="gone")

    # when the customer asks again a minute later, and the sweep runs
    shop.clock.advance(timedelta(minutes=1, seconds=1))
    again, created = await shop.start(retried_order)
    swept = await payments.query_processing_payments(shop.uow.another, shop.clock, OrderPolicy(), {})

    # then
    assert (again.id, created, again.status) == (lost[0].id, False, PaymentStatus.PROCESSING)
    # the cancelled order's attempt, which no provider held, ended with the order: nothing left for the sweep
    assert swept == 0 and shop.uow.tables.payments[lost[1].id].status == PaymentStatus.EXPIRED
    assert shop.log(lost[1]) == ["created", "expired"]
