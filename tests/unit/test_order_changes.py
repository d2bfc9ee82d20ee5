"""Staff edit, split and merge of orders on the in-memory fakes: amounts to the fen, stock held exactly, refusals."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.errors import DomainError
from domain.identity.actor import Actor
from domain.identity.entities import Address
from domain.inventory.entities import ReservationStatus
from domain.orders import use_cases as orders
from domain.orders.editing import AddressEdit, LineEdit, OrderEdit
from domain.orders.entities import Order, OrderStatus, PaymentMethod, SalesChannel
from domain.orders.placing import LineRequest
from domain.orders.policy import OrderPolicy
from tests.fakes import FakeClock, FakeUnitOfWork, given

CLERK = Actor(user_id=uuid4(), name="clerk")
POLICY = OrderPolicy(max_unpaid_orders=10)


class Shop:
    def __init__(self) -> None:
        self.uow, self.clock = FakeUnitOfWork(), FakeClock()
        self.a = given.product(self.uow, "PA", skus=["A"], price_minor=1000).skus[0]
        self.b = given.product(self.uow, "PB", skus=["B"], price_minor=333).skus[0]
        self.north, self.south = given.warehouse(self.uow, "N", priority=0), given.warehouse(self.uow, "S", priority=1)
        given.stock(self.uow, self.a, self.north, 10)
        given.stock(self.uow, self.b, self.north, 10)
        given.stock(self.uow, self.b, self.south, 10)
        self.buyer = given.user(self.uow, "buyer", role="customer")
        self.address = Address(self.buyer.id, "张三", "13900000000", "310115", "上海市", "上海市", "浦东新区", "1 号")
        self.uow.tables.addresses[self.address.id] = self.address

    async def place(self, *lines: tuple[object, int]) -> Order:
        self.clock.advance(timedelta(seconds=1))
        return await orders.place_order(
            self.uow,
            self.clock,
            CLERK,
            POLICY,
            customer_id=self.buyer.id,
            channel=SalesChannel.PHONE,
            lines=[LineRequest(sku.id, n) for sku, n in lines],  # type: ignore[attr-defined]
            address_id=self.address.id,
        )

    def available(self, sku: object) -> int:
        return sum(lvl.available for (s, _), lvl in self.uow.tables.levels.items() if s == sku.id)  # type: ignore[attr-defined]

    async def edit(self, order: Order, change: OrderEdit, *, prices: bool = False) -> Order:
        self.clock.advance(timedelta(seconds=1))
        return await orders.edit_order(
            self.uow, self.clock, CLERK, POLICY, order.id, change, may_override_prices=prices
        )


async def refused(code: str, attempt: object) -> None:
    with pytest.raises(DomainError) as caught:
        await attempt  # type: ignore[misc]
    assert caught.value.code == code


async def test_an_edit_reprices_the_order_and_holds_exactly_the_new_lines() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 2), (shop.b, 1))
    line_a = order.lines[0]

    edited = await shop.edit(
        order,
        OrderEdit(order.updated_at, lines=[LineEdit(5, line_id=line_a.id)], note="ring first"),
    )

    assert [(x.sku_code, x.quantity) for x in edited.lines] == [("A", 5)]
    assert edited.total_minor == 5000 and edited.note == "ring first"
    assert (shop.available(shop.a), shop.available(shop.b)) == (5, 20)
    event = edited.events[-1]
    assert (event.action, event.note) == ("edit", "changed")  # a code: the SPA words it in the reader's language
    assert event.note_params == {
        "changes": [
            {"kind": "note"},
            {"kind": "quantity", "sku": "A", "from": 2, "to": 5},
            {"kind": "removed", "sku": "B"},
            {
                "kind": "total",
                "from": {"amount": "23.33", "currency": "CNY"},
                "to": {"amount": "50.00", "currency": "CNY"},
            },
        ]
    }
    assert shop.uow.tables.audit[-1].action == "order.edit"
    assert shop.uow.tables.outbox[-1].event == "order.changed"


async def test_an_edit_adds_a_sku_and_a_stale_version_is_refused() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 1))
    seen = order.updated_at

    await shop.edit(
        order, OrderEdit(seen, lines=[LineEdit(1, line_id=order.lines[0].id), LineEdit(4, sku_id=shop.b.id)])
    )

    assert shop.available(shop.b) == 16
    await refused("order.modified", shop.edit(order, OrderEdit(seen, note="late")))
    await refused(
        "stock.insufficient",
        shop.edit(order, OrderEdit(order.updated_at, lines=[LineEdit(11, line_id=order.lines[0].id)])),
    )
    assert shop.available(shop.a) == 9


async def test_a_new_price_needs_the_permission_and_respects_the_floor_and_a_paid_order_shows_what_to_refund() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 2))
    await orders.pay_order(shop.uow, shop.clock, CLERK, POLICY, order.id, method=PaymentMethod.CASH)
    cheaper = OrderEdit(order.updated_at, lines=[LineEdit(2, line_id=order.lines[0].id, unit_price=Decimal("8.00"))])

    await refused("order.price_override_forbidden", shop.edit(order, cheaper))
    edited = await shop.edit(order, cheaper, prices=True)

    assert (edited.total_minor, edited.paid_minor) == (1600, 2000)
    assert edited.events[-1].note_params == {
        "changes": [
            {"kind": "unit_price", "sku": "A", "from": {"amount": "10.00", "currency": "CNY"},
             "to": {"amount": "8.00", "currency": "CNY"}},
            {"kind": "total", "from": {"amount": "20.00", "currency": "CNY"}, "to": {"amount": "16.00", "currency": "CNY"}},
            {"kind": "to_refund", "amount": {"amount": "4.00", "currency": "CNY"}},
        ]
    }  # fmt: skip


async def test_an_address_typed_in_replaces_the_snapshot() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 1))
    typed = AddressEdit(recipient="李四", phone="13800000000", region_code="110101", province="北京市",
                        city="北京市", district="东城区", detail="2 号")  # fmt: skip

    edited = await shop.edit(order, OrderEdit(order.updated_at, address=typed))

    assert (edited.ship_recipient, edited.ship_detail, edited.address_id) == ("李四", "2 号", None)


async def test_nothing_changes_once_part_has_shipped() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 2))
    await orders.pay_order(shop.uow, shop.clock, CLERK, POLICY, order.id, method=PaymentMethod.CASH)
    await orders.ship_order(
        shop.uow, shop.clock, CLERK, order.id, carrier="SF", tracking_number="1", lines={order.lines[0].id: 1}
    )

    await refused("order.not_editable", shop.edit(order, OrderEdit(order.updated_at, note="x")))
    await refused("order.not_editable", orders.split_order(shop.uow, shop.clock, CLERK, order.id,
                                                          expected_updated_at=None, lines={order.lines[0].id: 1}))  # fmt: skip


async def test_a_split_by_lines_sums_to_the_original_to_the_fen_and_each_part_holds_its_stock() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 1), (shop.b, 3))
    await orders.pay_order(shop.uow, shop.clock, CLERK, POLICY, order.id, method=PaymentMethod.CASH)
    total, paid = order.total_minor, order.paid_minor
    line_b = next(x for x in order.lines if x.sku_code == "B")

    parts = await orders.split_order(
        shop.uow, shop.clock, CLERK, order.id, expected_updated_at=order.updated_at, lines={line_b.id: 2}
    )

    assert len(parts) == 2 and parts[1].split_from_id == order.id and parts[1].number != order.number
    assert sum(p.total_minor for p in parts) == total and sum(p.paid_minor for p in parts) == paid
    assert [(x.sku_code, x.quantity) for x in parts[1].lines] == [("B", 2)]
    assert (parts[0].events[-1].note, parts[0].events[-1].note_params) == ("split_into", {"numbers": [parts[1].number]})
    assert (parts[1].events[-1].note, parts[1].events[-1].note_params) == ("split_from", {"number": order.number})
    for part in parts:
        held = shop.uow.tables.reservations[part.reservation_id]  # type: ignore[index]
        assert {x.sku_id: x.quantity for x in held.lines} == {x.sku_id: x.quantity for x in part.lines}
        assert part.total_minor == sum(x.total_minor for x in part.lines) + part.shipping_fee_minor
    assert shop.available(shop.b) == 17


async def test_a_split_by_warehouse_makes_one_order_per_warehouse() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 1), (shop.b, 14))  # B: 10 in N and 4 in S

    parts = await orders.split_order(shop.uow, shop.clock, CLERK, order.id, expected_updated_at=order.updated_at)

    assert len(parts) == 2
    held = [shop.uow.tables.reservations[p.reservation_id] for p in parts]  # type: ignore[index]
    assert [{x.warehouse_id for x in r.lines} for r in held] == [{shop.north.id}, {shop.south.id}]
    assert [(x.sku_code, x.quantity) for x in parts[1].lines] == [("B", 4)]
    assert sum(p.total_minor for p in parts) == 1000 + 14 * 333


async def test_merging_combines_lines_and_reservations_and_closes_the_others() -> None:
    shop = Shop()
    first = await shop.place((shop.a, 1))
    second = await shop.place((shop.a, 2), (shop.b, 1))
    before = (shop.available(shop.a), shop.available(shop.b))

    survivor = await orders.merge_orders(shop.uow, shop.clock, CLERK, POLICY, order_ids=[first.id, second.id])

    assert survivor.id == first.id
    assert [(x.sku_code, x.quantity) for x in survivor.lines] == [("A", 3), ("B", 1)]
    assert survivor.total_minor == 3000 + 333
    gone = shop.uow.tables.orders[second.id]
    assert gone.status == OrderStatus.CANCELLED
    assert (gone.cancel_reason, gone.cancel_reason_params) == ("merged_into", {"number": first.number})
    assert (gone.events[-1].note, gone.events[-1].note_params) == ("merged_into", {"number": first.number})
    assert (survivor.events[-1].note, survivor.events[-1].note_params) == (
        "merged",
        {
            "numbers": [second.number],
            "changes": [{"kind": "new_total", "total": {"amount": "33.33", "currency": "CNY"}}],
        },
    )
    assert shop.uow.tables.reservations[gone.reservation_id].status == ReservationStatus.RELEASED  # type: ignore[index]
    held = shop.uow.tables.reservations[survivor.reservation_id]  # type: ignore[index]
    assert sum(x.quantity for x in held.lines) == 4
    assert (shop.available(shop.a), shop.available(shop.b)) == before
    told = [n.event for n in shop.uow.tables.outbox if n.user_id == shop.buyer.id]
    assert "order.merged" in told and "order.closed" not in told and "order.cancelled" not in told


async def test_orders_of_different_status_groups_do_not_merge() -> None:
    shop = Shop()
    first = await shop.place((shop.a, 1))
    second = await shop.place((shop.a, 2))
    await orders.pay_order(shop.uow, shop.clock, CLERK, POLICY, second.id, method=PaymentMethod.CASH)

    await refused("order.merge_status_differs", orders.merge_orders(shop.uow, shop.clock, CLERK, POLICY,
                                                                    order_ids=[first.id, second.id]))  # fmt: skip


async def test_an_edit_keeps_the_per_order_quantity_limit_and_a_merged_order_keeps_its_lines_as_history() -> None:
    shop = Shop()
    order = await shop.place((shop.a, 1))
    other = await shop.place((shop.a, 2))
    limited = OrderPolicy(max_quantity_per_line=2)

    await refused(
        "order.quantity_limit",
        orders.edit_order(shop.uow, shop.clock, CLERK, limited, order.id,
                          OrderEdit(order.updated_at, lines=[LineEdit(3, line_id=order.lines[0].id)])),
    )  # fmt: skip
    await orders.merge_orders(shop.uow, shop.clock, CLERK, POLICY, order_ids=[order.id, other.id])

    assert [(x.sku_code, x.quantity) for x in shop.uow.tables.orders[other.id].lines] == [("A", 2)]
    assert shop.uow.tables.orders[other.id].paid_minor == 0 and shop.available(shop.a) == 7
