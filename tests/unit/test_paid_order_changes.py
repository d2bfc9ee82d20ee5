"""Changing an order that is already paid, on the in-memory fakes: the products' sales counts follow every change
exactly, and a change that makes the order fail the automatic review sends it back to the review queue."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from domain.orders import use_cases as orders
from domain.orders.editing import AddressEdit, LineEdit, OrderEdit
from domain.orders.entities import Order, OrderStatus, PaymentMethod
from domain.orders.policy import OrderPolicy
from domain.orders.ports import OrderQuery
from tests.unit.test_order_changes import CLERK, Shop

LIMIT_50 = OrderPolicy(max_unpaid_orders=10, auto_review_amount_limit=Decimal(50))  # A costs 10.00, B 3.33


async def paid(shop: Shop, *lines: tuple[object, int], policy: OrderPolicy = LIMIT_50) -> Order:
    order = await shop.place(*lines)
    return await orders.pay_order(shop.uow, shop.clock, CLERK, policy, order.id, method=PaymentMethod.CASH)


async def edit(shop: Shop, order: Order, change: OrderEdit) -> Order:
    shop.clock.advance(timedelta(seconds=1))
    return await orders.edit_order(shop.uow, shop.clock, CLERK, LIMIT_50, order.id, change, may_override_prices=True)


def sales(shop: Shop) -> tuple[int, int]:
    """The sales counts of product A and product B."""
    products = shop.uow.tables.products
    return products[shop.a.product_id].sales_count, products[shop.b.product_id].sales_count


async def review_queue(shop: Shop) -> list[str]:
    found, _ = await shop.uow.orders.search(OrderQuery(needs_review=True), offset=0, limit=50)
    return [o.number for o in found]


def moves(order: Order) -> list[tuple[str, str | None, str]]:
    return [(e.action, e.from_status, e.to_status) for e in order.events]


async def test_editing_a_paid_order_moves_the_sales_counts_by_the_difference_per_product() -> None:
    # given: a paid order of 2 A and 1 B
    shop = Shop()
    order = await paid(shop, (shop.a, 2), (shop.b, 1))
    assert sales(shop) == (2, 1)

    # when: A 2 → 4 and B removed, then B added back 3 times over
    order = await edit(shop, order, OrderEdit(order.updated_at, lines=[LineEdit(4, line_id=order.lines[0].id)]))
    after_first = sales(shop)
    lines = [LineEdit(4, line_id=order.lines[0].id), LineEdit(3, sku_id=shop.b.id)]
    order = await edit(shop, order, OrderEdit(order.updated_at, lines=lines))

    # then
    assert after_first == (4, 0)
    assert sales(shop) == (4, 3)


async def test_an_edit_of_a_note_a_price_or_an_unpaid_order_leaves_the_sales_counts_alone() -> None:
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    unpaid = await shop.place((shop.b, 1))

    await edit(shop, order, OrderEdit(order.updated_at, note="ring first"))
    cheaper = [LineEdit(2, line_id=order.lines[0].id, unit_price=Decimal("9.00"))]
    await edit(shop, order, OrderEdit(order.updated_at, lines=cheaper))
    await edit(shop, unpaid, OrderEdit(unpaid.updated_at, lines=[LineEdit(5, line_id=unpaid.lines[0].id)]))

    assert sales(shop) == (2, 0)
    await orders.pay_order(shop.uow, shop.clock, CLERK, LIMIT_50, unpaid.id, method=PaymentMethod.CASH)
    assert sales(shop) == (2, 5)  # counted once, at payment, as it is then


async def test_closing_a_paid_order_takes_its_units_back_and_cancelling_an_unpaid_one_counts_nothing() -> None:
    shop = Shop()
    kept = await paid(shop, (shop.a, 1))
    closed = await paid(shop, (shop.a, 2), (shop.b, 3))
    unpaid = await shop.place((shop.a, 4))

    await orders.cancel_order(shop.uow, shop.clock, CLERK, closed.id, reason="changed their mind")
    await orders.cancel_order(shop.uow, shop.clock, CLERK, unpaid.id, reason="changed their mind")

    assert (closed.status, unpaid.status, kept.status) == (
        OrderStatus.CLOSED,
        OrderStatus.CANCELLED,
        OrderStatus.AWAITING_SHIPMENT,
    )
    assert sales(shop) == (1, 0)


async def test_a_split_or_a_merge_of_paid_orders_moves_no_count_and_closing_a_part_takes_back_only_its_units() -> None:
    # given
    shop = Shop()
    first = await paid(shop, (shop.a, 3), (shop.b, 2))
    second = await paid(shop, (shop.b, 1))
    line_b = next(x for x in first.lines if x.sku_id == shop.b.id)

    # when: 1 B split off the first, what is left of the first merged with the second, the split-off part closed
    original, part = await orders.split_order(
        shop.uow, shop.clock, CLERK, first.id, expected_updated_at=None, lines={line_b.id: 1}
    )
    after_split = sales(shop)
    survivor = await orders.merge_orders(shop.uow, shop.clock, CLERK, LIMIT_50, order_ids=[second.id, original.id])
    after_merge = sales(shop)
    await orders.cancel_order(shop.uow, shop.clock, CLERK, part.id, reason="out of season")

    # then
    assert after_split == after_merge == (3, 3)
    assert [(x.sku_code, x.quantity) for x in part.lines] == [("B", 1)]
    assert sum(x.quantity for x in survivor.lines) == 5  # 3 A, 1 B and the second's 1 B
    assert sales(shop) == (3, 2)


async def test_an_approved_order_edited_over_the_amount_limit_goes_back_to_the_review_queue() -> None:
    # given: 20.00, under the limit of 50.00, so it went straight on to the warehouse
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    assert (order.status, order.needs_review) == (OrderStatus.AWAITING_SHIPMENT, False)
    seen = order.updated_at

    # when: 6 units, 60.00
    edited = await edit(shop, order, OrderEdit(seen, lines=[LineEdit(6, line_id=order.lines[0].id)]))

    # then
    assert (edited.status, edited.needs_review, edited.review_flags) == (OrderStatus.PAID, True, ["amount_limit"])
    assert moves(edited)[-2:] == [
        ("edit", "awaiting_shipment", "awaiting_shipment"),
        ("review_again", "awaiting_shipment", "paid"),
    ]
    last = edited.events[-1]
    assert (last.actor_kind, last.note, last.note_params) == ("system", "review_failed", {"flags": ["amount_limit"]})
    assert await review_queue(shop) == [order.number]
    told = [n.event for n in shop.uow.tables.outbox if n.user_id == shop.buyer.id]
    assert told[-2:] == ["order.changed", "order.review_again"]


async def test_a_new_incomplete_address_sends_an_approved_order_back_with_that_reason() -> None:
    shop = Shop()
    order = await paid(shop, (shop.a, 1))
    other = await paid(shop, (shop.a, 2))
    nowhere = AddressEdit(recipient="李四", phone="13800000000", region_code="1101", detail="2 号")

    edited = await edit(shop, order, OrderEdit(order.updated_at, address=nowhere))
    more = [LineEdit(6, line_id=other.lines[0].id)]  # 60.00, over the limit too
    both = await edit(shop, other, OrderEdit(other.updated_at, address=nowhere, lines=more))

    assert (edited.status, edited.review_flags) == (OrderStatus.PAID, ["address"])
    last = edited.events[-1]
    assert (last.action, last.note, last.note_params) == ("review_again", "review_failed", {"flags": ["address"]})
    # every rule it fails, in the review's order, as the queue lists them
    assert (both.events[-1].note_params, both.review_flags) == (
        {"flags": ["address", "amount_limit"]},
        ["address", "amount_limit"],
    )


async def test_a_change_that_still_passes_or_touches_only_the_note_keeps_an_approved_order_on_its_way() -> None:
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    shop.uow.tables.products[shop.a.product_id].name = "renamed"  # nothing the review looks at

    more = await edit(shop, order, OrderEdit(order.updated_at, lines=[LineEdit(5, line_id=order.lines[0].id)]))
    noted = await edit(shop, more, OrderEdit(more.updated_at, note="ring first"))

    assert (noted.status, noted.needs_review) == (OrderStatus.AWAITING_SHIPMENT, False)
    assert [e.action for e in noted.events].count("review_again") == 0
    assert await review_queue(shop) == []


async def test_an_order_waiting_in_the_queue_gets_its_reasons_updated_and_goes_on_once_it_passes() -> None:
    # given: 60.00 waits for a reviewer
    shop = Shop()
    order = await paid(shop, (shop.a, 6))
    assert (order.status, order.review_flags) == (OrderStatus.PAID, ["amount_limit"])

    # when: the address is made incomplete, then the order cut to 40.00 with a full address again
    nowhere = AddressEdit(recipient="李四", phone="13800000000", region_code="1101", detail="2 号")
    worse = await edit(shop, order, OrderEdit(order.updated_at, address=nowhere))
    worse_flags = list(worse.review_flags)
    full = AddressEdit(address_id=shop.address.id)
    fixed = await edit(
        shop, worse, OrderEdit(worse.updated_at, lines=[LineEdit(4, line_id=order.lines[0].id)], address=full)
    )

    # then
    assert worse_flags == ["address", "amount_limit"]
    assert (fixed.status, fixed.needs_review, fixed.review_flags) == (OrderStatus.AWAITING_SHIPMENT, False, [])
    assert (fixed.events[-1].action, fixed.events[-1].note) == ("approve", "auto_review")
    assert await review_queue(shop) == []


async def test_an_unpaid_or_held_order_edited_over_the_limit_is_not_reviewed_until_paid_or_released() -> None:
    shop = Shop()
    unpaid = await shop.place((shop.b, 1))
    held = await paid(shop, (shop.a, 2))
    await orders.hold_order(shop.uow, shop.clock, CLERK, held.id, reason="customer asked to wait")

    for order, units in ((unpaid, 16), (held, 6)):  # 53.28 and 60.00
        await edit(shop, order, OrderEdit(order.updated_at, lines=[LineEdit(units, line_id=order.lines[0].id)]))

    assert (unpaid.status, unpaid.needs_review) == (OrderStatus.PENDING_PAYMENT, False)
    assert (held.status, held.needs_review) == (OrderStatus.ON_HOLD, False)
    assert await review_queue(shop) == []


async def test_a_held_order_edited_over_the_limit_goes_back_to_the_review_queue_when_released() -> None:
    # given: approved at 20.00, held, and edited to 60.00 while held
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    await orders.hold_order(shop.uow, shop.clock, CLERK, order.id, reason="customer asked to wait")
    await edit(shop, order, OrderEdit(order.updated_at, lines=[LineEdit(6, line_id=order.lines[0].id)]))

    # when
    released = await orders.release_order(shop.uow, shop.clock, CLERK, order.id, policy=LIMIT_50, note="go ahead")

    # then: not on its way to the warehouse but in the queue, and the timeline says why
    assert (released.status, released.needs_review, released.review_flags) == (
        OrderStatus.PAID,
        True,
        ["amount_limit"],
    )
    assert released.hold_reason is None
    assert moves(released)[-2:] == [
        ("release", "on_hold", "awaiting_shipment"),
        ("review_again", "awaiting_shipment", "paid"),
    ]
    last = released.events[-1]
    assert (last.actor_kind, last.note, last.note_params) == ("system", "review_failed", {"flags": ["amount_limit"]})
    assert await review_queue(shop) == [order.number]
    told = [n.event for n in shop.uow.tables.outbox if n.user_id == shop.buyer.id]
    assert told[-1] == "order.review_again"


async def test_a_held_order_that_still_passes_goes_on_to_the_warehouse_when_released() -> None:
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    await orders.hold_order(shop.uow, shop.clock, CLERK, order.id, reason="customer asked to wait")
    await edit(shop, order, OrderEdit(order.updated_at, lines=[LineEdit(4, line_id=order.lines[0].id)]))  # 40.00

    released = await orders.release_order(shop.uow, shop.clock, CLERK, order.id, policy=LIMIT_50)

    assert (released.status, released.needs_review) == (OrderStatus.AWAITING_SHIPMENT, False)
    assert moves(released)[-1] == ("release", "on_hold", "awaiting_shipment")
    assert await review_queue(shop) == []


async def test_merging_approved_orders_over_the_limit_sends_the_merged_order_back_to_review() -> None:
    shop = Shop()
    first = await paid(shop, (shop.a, 3))  # 30.00
    second = await paid(shop, (shop.a, 2), (shop.b, 7))  # 43.31

    survivor = await orders.merge_orders(shop.uow, shop.clock, CLERK, LIMIT_50, order_ids=[first.id, second.id])

    assert (survivor.status, survivor.review_flags) == (OrderStatus.PAID, ["amount_limit"])
    assert moves(survivor)[-1] == ("review_again", "awaiting_shipment", "paid")
    assert await review_queue(shop) == [survivor.number]
    assert sales(shop) == (5, 7)


async def test_going_back_to_review_still_gives_the_order_a_new_version_when_the_clock_has_not_moved() -> None:
    shop = Shop()
    order = await paid(shop, (shop.a, 2))
    seen = order.updated_at
    change = OrderEdit(seen, lines=[LineEdit(6, line_id=order.lines[0].id)])

    edited = await orders.edit_order(shop.uow, shop.clock, CLERK, LIMIT_50, order.id, change)

    assert edited.status == OrderStatus.PAID
    assert seen is not None and edited.updated_at is not None and edited.updated_at > seen
