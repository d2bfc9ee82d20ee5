"""Split and merge keep every amount exact to the fen, with a discount, points, tax added on top and a shipping
fee; and any run of edits leaves each reservation holding exactly its order's lines (property walk on fakes)."""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from domain.inventory.entities import ReservationStatus
from domain.orders import repricing
from domain.orders import use_cases as orders
from domain.orders.editing import LineEdit, OrderEdit
from domain.orders.entities import Order
from domain.orders.policy import OrderPolicy
from tests.unit.test_order_changes import CLERK, POLICY, Shop

TAXED = OrderPolicy(tax_rate=Decimal("0.13"), tax_inclusive=False, max_unpaid_orders=10)
AMOUNTS = ("subtotal_minor", "discount_minor", "points_deduction_minor", "shipping_fee_minor", "tax_minor",
           "total_minor", "paid_minor")  # fmt: skip


async def awkward_order(shop: Shop) -> Order:
    """7 × 10.00 and 5 × 3.33, 10.01 off, 3.07 in points, 13 % tax on top, 9.99 shipping."""
    order = await shop.place((shop.a, 7), (shop.b, 5))
    order.tax_inclusive = False
    order.discount_minor, order.points_deduction_minor = 1001, 307
    await repricing.reprice(shop.uow, TAXED, order, None)
    order.shipping_fee_minor = 999
    order.total_minor += 999
    return order


def sums(parts: list[Order]) -> dict[str, int]:
    return {name: sum(getattr(p, name) for p in parts) for name in AMOUNTS}


def consistent(order: Order) -> bool:
    lines = order.lines
    return (
        order.total_minor == sum(x.total_minor for x in lines) + order.shipping_fee_minor
        and order.tax_minor == sum(x.tax_minor for x in lines)
        and order.subtotal_minor == sum(x.unit_price_minor * x.quantity for x in lines)
    )


async def test_split_parts_add_up_to_the_original_in_every_amount() -> None:
    shop = Shop()
    order = await awkward_order(shop)
    before = {name: getattr(order, name) for name in AMOUNTS}
    line_a, line_b = order.lines

    first = await orders.split_order(
        shop.uow, shop.clock, CLERK, order.id, expected_updated_at=None, lines={line_a.id: 3, line_b.id: 2}
    )
    second = await orders.split_order(shop.uow, shop.clock, CLERK, order.id, expected_updated_at=None,
                                      lines={line_a.id: 1})  # fmt: skip
    parts = [second[0], first[1], second[1]]

    assert sums(parts) == before
    assert all(consistent(p) for p in parts)
    assert [sum(x.quantity for x in p.lines) for p in parts] == [6, 5, 1]


async def test_a_merge_of_the_parts_gives_back_the_original_amounts() -> None:
    shop = Shop()
    order = await awkward_order(shop)
    before = {name: getattr(order, name) for name in AMOUNTS if name != "shipping_fee_minor"}
    parts = await orders.split_order(shop.uow, shop.clock, CLERK, order.id, expected_updated_at=None,
                                     lines={order.lines[0].id: 4})  # fmt: skip

    merged = await orders.merge_orders(shop.uow, shop.clock, CLERK, POLICY, order_ids=[p.id for p in parts])

    # shipping is priced again as one parcel (free until freight is wired), the goods are exact
    assert {n: getattr(merged, n) for n in before} == {**before, "total_minor": before["total_minor"] - 999}
    assert consistent(merged) and [x.quantity for x in merged.lines] == [7, 5]


async def test_any_run_of_edits_leaves_each_reservation_holding_exactly_its_orders_lines() -> None:
    shop = Shop()
    rng = random.Random(9)
    placed = [await shop.place((shop.a, 1)), await shop.place((shop.b, 2))]
    for _ in range(40):
        order = rng.choice(placed)
        current = shop.uow.tables.orders[order.id]
        lines = [LineEdit(rng.randint(1, 6), line_id=x.id) for x in current.lines if rng.random() < 0.8]
        held_skus = {x.sku_id for x in current.lines}
        for sku in (shop.a, shop.b):
            if sku.id not in held_skus and rng.random() < 0.5:
                lines.append(LineEdit(rng.randint(1, 6), sku_id=sku.id))
        shop.clock.advance(timedelta(seconds=1))
        try:
            await orders.edit_order(shop.uow, shop.clock, CLERK, POLICY, order.id,
                                    OrderEdit(current.updated_at, lines=lines or None))  # fmt: skip
        except Exception as refused:  # too little stock, or nothing left: the edit is refused whole
            assert getattr(refused, "code", "") in {"stock.insufficient"}, refused

    reserved: dict[tuple[object, object], int] = defaultdict(int)
    for reservation in shop.uow.tables.reservations.values():
        if reservation.status == ReservationStatus.ACTIVE:
            for line in reservation.lines:
                reserved[(line.sku_id, line.warehouse_id)] += line.outstanding
    for order in (shop.uow.tables.orders[o.id] for o in placed):  # read again: a refused edit rolled back
        held = shop.uow.tables.reservations[order.reservation_id]  # type: ignore[index]
        units: dict[object, int] = defaultdict(int)
        for line in held.lines:
            units[line.sku_id] += line.quantity
        assert dict(units) == {x.sku_id: x.quantity for x in order.lines}
    assert {k: v for k, v in reserved.items() if v} == {
        k: lvl.reserved for k, lvl in shop.uow.tables.levels.items() if lvl.reserved
    }
