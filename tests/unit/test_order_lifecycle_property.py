"""Whatever customers, staff and the jobs do to orders, in any order (on the in-memory fakes): stock is held only
while an order is open and exactly what it has not shipped yet, nothing goes negative, every move is one event on
the timeline, and a refused action changes nothing."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from uuid import UUID, uuid4

from hypothesis import given as examples
from hypothesis import settings
from hypothesis import strategies as st

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.inventory import use_cases as inventory
from domain.inventory.entities import ReservationStatus
from domain.inventory.stock import LineChange
from domain.orders import use_cases as orders
from domain.orders.entities import OPEN_STATUSES, OrderStatus, PaymentMethod, SalesChannel
from domain.orders.placing import LineRequest
from domain.orders.policy import OrderPolicy
from tests.fakes import FakeClock, FakeUnitOfWork, given

CLERK = Actor(user_id=uuid4(), name="clerk")
POLICY = OrderPolicy(max_unpaid_orders=100, duplicate_window=timedelta(0), auto_review_amount_limit=Decimal(500))
ACTIONS = ["place", "pay", "approve", "hold", "release", "ship_part", "ship", "confirm", "cancel", "expire", "wait"]
Step = tuple[str, int, int]  # what, which order (or SKU when placing), quantity

steps = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 3), st.integers(1, 4)),
    max_size=25,
)


async def run(story: list[Step]) -> tuple[FakeUnitOfWork, int]:
    uow, clock = FakeUnitOfWork(), FakeClock()
    skus = [given.sku(uow, "A"), given.product(uow, "P2", skus=["B"], price_minor=30000).skus[0]]
    place = given.warehouse(uow)
    await inventory.receive_stock(uow, clock, CLERK, [LineChange(s.id, place.id, 6) for s in skus])
    buyer = given.user(uow, "buyer", role="customer")
    me = Actor(user_id=buyer.id, name="buyer")
    address = Address(buyer.id, "张三", "13900000000", "310115", "上海市", "上海市", "浦东新区", "世纪大道 1 号")
    uow.tables.addresses[address.id] = address
    placed: list[UUID] = []
    moves = 0
    for what, which, quantity in story:
        order_id = placed[which % len(placed)] if placed else None
        try:
            if what == "place":
                lines = [LineRequest(skus[which % 2].id, quantity)]
                order = await orders.place_order(
                    uow,
                    clock,
                    me,
                    POLICY,
                    customer_id=buyer.id,
                    channel=SalesChannel.WEB,
                    lines=lines,
                    address_id=address.id,
                )
                placed.append(order.id)
            elif what == "wait":
                clock.advance(timedelta(minutes=10 * quantity))
            elif order_id is None:
                continue
            elif what == "pay":
                await orders.pay_order(uow, clock, CLERK, POLICY, order_id, method=PaymentMethod.CASH)
            elif what == "approve":
                await orders.approve_order(uow, clock, CLERK, order_id)
            elif what == "hold":
                await orders.hold_order(uow, clock, CLERK, order_id, reason="check")
            elif what == "release":
                await orders.release_order(uow, clock, CLERK, order_id, policy=POLICY)
            elif what in ("ship", "ship_part"):
                line = uow.tables.orders[order_id].lines[0]
                parts = {line.id: min(quantity, line.outstanding) or 1} if what == "ship_part" else None
                await orders.ship_order(uow, clock, CLERK, order_id, carrier="SF", tracking_number="1", lines=parts)
            elif what == "confirm":
                await orders.confirm_receipt(uow, clock, me, order_id, customer_id=buyer.id)
            elif what == "cancel":
                await orders.cancel_order(uow, clock, me, order_id, reason="no", customer_id=buyer.id)
            elif what == "expire":
                await orders.expire_unpaid_orders(uow.another, clock)
        except DomainError:
            pass  # a refusal is part of the story; the invariants check it left nothing behind
        moves = sum(len(o.events) for o in uow.tables.orders.values())
    return uow, moves


@settings(max_examples=60, deadline=None)
@examples(steps)
def test_stock_is_held_only_by_open_orders_and_every_move_is_on_the_timeline(story: list[Step]) -> None:
    uow, _ = asyncio.run(run(story))

    held: Counter[UUID] = Counter()
    for reservation in uow.tables.reservations.values():
        if reservation.status == ReservationStatus.ACTIVE:
            for line in reservation.lines:
                held[line.sku_id] += line.outstanding
    owed: Counter[UUID] = Counter()
    for order in uow.tables.orders.values():
        reservation = uow.tables.reservations[order.reservation_id] if order.reservation_id else None
        assert reservation is not None
        is_open = order.status in OPEN_STATUSES
        assert (reservation.status == ReservationStatus.ACTIVE) == is_open, (order.status, reservation.status)
        for line in order.lines:
            assert 0 <= line.shipped_quantity <= line.quantity
            if is_open:
                owed[line.sku_id] += line.outstanding
        # one event per move: placed, then each transition from where the last one left it
        assert order.events[0].action == "place" and order.events[0].from_status is None
        for before, after in zip(order.events, order.events[1:], strict=False):
            assert after.from_status == before.to_status
        assert order.events[-1].to_status == order.status
        if order.status == OrderStatus.SHIPPED or order.status == OrderStatus.COMPLETED:
            assert all(line.outstanding == 0 for line in order.lines)
    assert held == owed
    for level in uow.tables.levels.values():
        assert level.on_hand >= level.reserved >= 0


def test_the_walk_reaches_the_states_it_checks() -> None:
    story: list[Step] = [
        ("place", 0, 2),  # → completed
        ("pay", 0, 1),
        ("ship_part", 0, 1),
        ("ship", 0, 1),
        ("confirm", 0, 1),
        ("place", 1, 2),  # 600.00: over the review limit → held, then closed
        ("pay", 1, 1),
        ("hold", 1, 1),
        ("cancel", 1, 1),
        ("place", 0, 1),  # → expired
        ("wait", 0, 4),
        ("expire", 0, 1),
    ]
    uow, moves = asyncio.run(run(story))
    statuses = [o.status for o in sorted(uow.tables.orders.values(), key=lambda o: o.events[0].at)]
    assert statuses == [OrderStatus.COMPLETED, OrderStatus.CLOSED, OrderStatus.CANCELLED]
    assert moves == 6 + 4 + 2  # place, pay, approve, ship_part, ship_rest, confirm; place, pay, hold, cancel; …
