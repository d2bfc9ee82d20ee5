"""An open online attempt whose order's total staff changed, on the in-memory fakes: never handed back, asked of its
provider before it ends, its money refunded when it came, and kept when the provider cannot be asked."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.orders import use_cases as orders
from domain.orders.editing import LineEdit, OrderEdit
from domain.orders.entities import Order, OrderStatus, PaymentMethod
from domain.orders.policy import OrderPolicy
from domain.payments import paying
from domain.payments import use_cases as payments
from domain.payments.entities import Payment, PaymentStatus
from domain.payments.events import PaymentFailed
from domain.payments.gateway import ProviderPayment, ProviderStatus, ProviderUnavailable
from tests.unit.test_payment_flow_rules import Shop

CLERK = Actor(user_id=uuid4(), name="clerk")


async def staff_set_quantity(shop: Shop, order: Order, quantity: int) -> Order:
    current = shop.order(order)
    change = OrderEdit(current.updated_at, lines=[LineEdit(quantity, line_id=current.lines[0].id)])
    return await orders.edit_order(shop.uow.another(), shop.clock, CLERK, OrderPolicy(), order.id, change)


def answers(shop: Shop, status: ProviderStatus) -> None:
    """The provider reports `status` for whichever payment it is asked about."""

    async def query(payment_no: str) -> ProviderPayment:
        found = next(p for p in shop.uow.tables.payments.values() if p.payment_no == payment_no)
        return shop.report(found, status)

    shop.gateway.query = query  # type: ignore[method-assign]


def notes(shop: Shop, payment: Payment) -> list[tuple[str, str]]:
    return [(str(e.kind), e.note) for e in shop.uow.tables.payment_events if e.payment_id == payment.id]


async def test_a_stale_attempt_is_asked_of_its_provider_then_replaced_by_one_for_the_new_total() -> None:
    # given: the customer is at the provider's page; staff make the order bigger
    shop = Shop()
    order = await shop.unpaid(2)
    stale, _ = await shop.start(order)
    edited = await staff_set_quantity(shop, order, 3)
    answers(shop, ProviderStatus.PENDING)

    # when: the customer presses Pay again, twice
    fresh, created = await shop.start(order)
    again, created_again = await shop.start(order)

    # then: a new attempt for what is left to pay, started at the provider; the stale one ended after it was asked
    assert created and fresh.id != stale.id and (again.id, created_again) == (fresh.id, False)
    assert (fresh.amount_minor, fresh.status) == (edited.total_minor, PaymentStatus.PROCESSING)
    assert [r.amount.minor for r in shop.gateway.requests] == [stale.amount_minor, edited.total_minor]
    assert shop.uow.tables.payments[stale.id].status == PaymentStatus.EXPIRED
    assert notes(shop, stale)[-2:] == [("queried", "active_query"), ("expired", "amount_outdated")]
    assert not [e for e in shop.dispatched if isinstance(e, PaymentFailed)]  # no "payment failed" while paying

    # when: the provider reports the new attempt paid
    await shop.settle(fresh, shop.report(fresh, ProviderStatus.SUCCEEDED))

    # then: the order is paid with the new total
    assert shop.order(order).status == OrderStatus.AWAITING_SHIPMENT
    assert shop.order(order).paid_minor == edited.total_minor


async def test_a_stale_attempt_the_customer_paid_meanwhile_is_refunded_and_a_new_one_opens() -> None:
    shop = Shop()
    order = await shop.unpaid(3)
    stale, _ = await shop.start(order)
    edited = await staff_set_quantity(shop, order, 2)
    answers(shop, ProviderStatus.SUCCEEDED)  # the customer paid the old amount just before pressing Pay again

    fresh, created = await shop.start(order)

    assert created and fresh.amount_minor == edited.total_minor
    assert shop.uow.tables.payments[stale.id].status == PaymentStatus.SUCCEEDED
    assert ("late_payment", "order_amount_changed") in notes(shop, stale)
    [refund] = [r for r in shop.uow.tables.refunds.values() if r.payment_id == stale.id]
    assert (refund.amount_minor, refund.reason) == (stale.amount_minor, "late_payment")
    assert (shop.order(order).status, shop.order(order).paid_minor) == (OrderStatus.PENDING_PAYMENT, 0)


async def test_a_stale_attempt_whose_provider_cannot_be_asked_is_kept_and_the_customer_told_to_try_again() -> None:
    shop = Shop()
    order = await shop.unpaid(2)
    stale, _ = await shop.start(order)
    await staff_set_quantity(shop, order, 3)

    async def down(payment_no: str) -> ProviderPayment:
        raise ProviderUnavailable("connection refused")

    shop.gateway.query = down  # type: ignore[method-assign]

    with pytest.raises(DomainError) as caught:
        await shop.start(order)

    assert caught.value.code == "payment.provider_unavailable"
    assert [p.id for p in shop.uow.tables.payments.values()] == [stale.id]
    assert shop.uow.tables.payments[stale.id].status == PaymentStatus.PROCESSING


async def test_the_active_query_ends_a_stale_attempt_its_provider_holds_unpaid_and_keeps_a_right_one() -> None:
    shop = Shop()
    changed_order, kept_order = await shop.unpaid(2), await shop.unpaid(3)
    stale, _ = await shop.start(changed_order)
    right, _ = await shop.start(kept_order)
    await staff_set_quantity(shop, changed_order, 1)
    answers(shop, ProviderStatus.PENDING)
    shop.clock.advance(timedelta(minutes=3))

    changed = await payments.query_processing_payments(
        shop.uow.another, shop.clock, OrderPolicy(), {"card": shop.gateway}
    )

    assert changed == 1
    assert shop.uow.tables.payments[stale.id].status == PaymentStatus.EXPIRED
    assert ("expired", "amount_outdated") in notes(shop, stale)
    assert shop.uow.tables.payments[right.id].status == PaymentStatus.PROCESSING


async def test_a_stale_attempt_no_provider_holds_ends_at_once_with_why() -> None:
    # given: an attempt whose provider call never came back (its start was lost), then staff changed the order
    shop = Shop()
    order = await shop.unpaid(2)
    uow = shop.uow.another()
    async with uow:
        lost = (
            await paying.open_attempt(
                uow, shop.clock, shop.me, customer_id=shop.buyer.id, order_id=order.id, method=PaymentMethod.CARD
            )
        ).payment
        await uow.commit()
    edited = await staff_set_quantity(shop, order, 4)

    # when
    fresh, created = await shop.start(order)

    # then: nothing to ask the provider about; the customer's press ended it
    assert created and fresh.amount_minor == edited.total_minor
    assert shop.uow.tables.payments[lost.id].status == PaymentStatus.EXPIRED
    last = [e for e in shop.uow.tables.payment_events if e.payment_id == lost.id][-1]
    assert (last.kind, last.from_status, last.note, last.actor_kind) == (
        "expired",
        "pending",
        "amount_outdated",
        "customer",
    )
