"""Order rules on the in-memory fakes: who may order, the safety limits, the state machine's refusals, and the
actions each reader is offered."""

from __future__ import annotations

from uuid import uuid4

import pytest

from domain.customers.entities import CustomerRecord
from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.inventory import use_cases as inventory
from domain.inventory.stock import LineChange
from domain.orders import reading
from domain.orders import use_cases as orders
from domain.orders.entities import Order, OrderStatus, PaymentMethod, SalesChannel
from domain.orders.placing import LineRequest
from domain.orders.policy import OrderPolicy
from domain.orders.state import ORDER, OrderAction
from tests.fakes import FakeClock, FakeUnitOfWork, given

CLERK = Actor(user_id=uuid4(), name="clerk")


class Shop:
    def __init__(self) -> None:
        self.uow, self.clock = FakeUnitOfWork(), FakeClock()
        self.sku = given.sku(self.uow, "A")
        self.buyer = given.user(self.uow, "buyer", role="customer")
        self.me = Actor(user_id=self.buyer.id, name="buyer")
        self.address = Address(self.buyer.id, "张三", "13900000000", "310115", "上海市", "上海市", "浦东新区", "1 号")
        self.uow.tables.addresses[self.address.id] = self.address

    async def stock(self, quantity: int) -> None:
        place = given.warehouse(self.uow)
        await inventory.receive_stock(self.uow, self.clock, CLERK, [LineChange(self.sku.id, place.id, quantity)])

    async def place(self, quantity: int = 1, policy: OrderPolicy | None = None) -> Order:
        return await orders.place_order(
            self.uow,
            self.clock,
            self.me,
            policy or OrderPolicy(),
            customer_id=self.buyer.id,
            channel=SalesChannel.WEB,
            lines=[LineRequest(self.sku.id, quantity)],
            address_id=self.address.id,
        )


async def refused(code: str, attempt: object) -> None:
    with pytest.raises(DomainError) as caught:
        await attempt  # type: ignore[misc]
    assert caught.value.code == code


async def test_a_blacklisted_customer_cannot_order_and_nothing_is_held() -> None:
    shop = Shop()
    await shop.stock(5)
    shop.uow.tables.customer_records[shop.buyer.id] = CustomerRecord(shop.buyer.id, blacklisted=True)

    await refused("customer.blacklisted", shop.place())

    assert shop.uow.tables.orders == {} and shop.uow.tables.reservations == {}


async def test_the_safety_limits_refuse_too_many_unpaid_orders_and_a_double_submit() -> None:
    shop = Shop()
    await shop.stock(20)
    policy = OrderPolicy(max_unpaid_orders=2)
    await shop.place(1, policy)

    await refused("order.duplicate", shop.place(1, policy))
    await shop.place(2, policy)
    await refused("order.too_many_unpaid", shop.place(3, policy))
    await refused("order.quantity_limit", shop.place(100, OrderPolicy(max_quantity_per_line=99)))

    assert len(shop.uow.tables.orders) == 2


async def test_an_illegal_move_is_refused_with_a_conflict_and_changes_nothing() -> None:
    shop = Shop()
    await shop.stock(5)
    order = await shop.place()

    await refused("order.invalid_transition", orders.approve_order(shop.uow, shop.clock, CLERK, order.id))
    await refused(
        "order.invalid_transition",
        orders.ship_order(shop.uow, shop.clock, CLERK, order.id, carrier="SF", tracking_number="1"),
    )

    again = shop.uow.tables.orders[order.id]
    assert again.status == OrderStatus.PENDING_PAYMENT and [e.action for e in again.events] == ["place"]
    assert all(line.shipped_quantity == 0 for line in again.lines)


async def test_a_flagged_customers_paid_order_waits_for_review_with_the_reason() -> None:
    shop = Shop()
    await shop.stock(5)
    order = await shop.place()
    shop.uow.tables.customer_records[shop.buyer.id] = CustomerRecord(shop.buyer.id, blacklisted=True)

    paid = await orders.pay_order(shop.uow, shop.clock, CLERK, OrderPolicy(), order.id, method=PaymentMethod.CASH)

    assert (paid.status, paid.needs_review, paid.review_flags) == (OrderStatus.PAID, True, ["customer_flagged"])


def test_the_offered_actions_are_those_of_the_state_that_the_reader_may_take() -> None:
    order = Order(number="1", channel=SalesChannel.WEB, customer_id=uuid4(), currency="CNY")
    order.status = OrderStatus.PAID

    everything = reading.staff_actions(order, lambda permission: True)
    reviewer = reading.staff_actions(order, lambda permission: permission == "orders:review")

    assert everything == ["approve", "hold", "cancel"]
    assert reviewer == ["approve", "hold"]
    assert reading.customer_actions(order) == ["cancel"]
    assert ORDER.actions(OrderStatus.COMPLETED) == [] and ORDER.actions(OrderStatus.CLOSED) == []
    assert not ORDER.can(OrderStatus.PARTIALLY_SHIPPED, OrderAction.CANCEL)  # part of it has left: after-sales
