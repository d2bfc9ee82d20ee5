"""The default warehouse rule: one warehouse for the whole order when possible, else split by most stock."""

from __future__ import annotations

from uuid import UUID, uuid4

import pytest

from domain.inventory.allocation import Allocation, whole_order_first
from domain.inventory.entities import StockLevel, Warehouse
from domain.inventory.errors import InsufficientStock

RED, BLUE = uuid4(), uuid4()


def warehouses(*items: Warehouse) -> dict[UUID, Warehouse]:
    return {w.id: w for w in items}


def level(sku: UUID, warehouse: Warehouse, on_hand: int, reserved: int = 0, *, paused: bool = False) -> StockLevel:
    return StockLevel(sku_id=sku, warehouse_id=warehouse.id, on_hand=on_hand, reserved=reserved, sale_paused=paused)


def test_the_warehouse_that_can_serve_the_whole_order_is_preferred_over_one_with_more_of_a_single_sku() -> None:
    big, complete = Warehouse(code="BIG", name="Big"), Warehouse(code="ALL", name="All")
    levels = [level(RED, big, 100), level(RED, complete, 5), level(BLUE, complete, 5)]

    plan = whole_order_first({RED: 3, BLUE: 2}, levels, warehouses(big, complete))

    assert plan == sorted([Allocation(RED, complete.id, 3), Allocation(BLUE, complete.id, 2)])


def test_among_complete_warehouses_the_lower_priority_number_wins_even_with_less_stock() -> None:
    first = Warehouse(code="A", name="A", priority=1)
    second = Warehouse(code="B", name="B", priority=5)
    levels = [level(RED, first, 4), level(RED, second, 40)]

    assert whole_order_first({RED: 4}, levels, warehouses(first, second)) == [Allocation(RED, first.id, 4)]


def test_with_equal_priority_the_warehouse_with_more_stock_serves_the_order() -> None:
    small, large = Warehouse(code="S", name="S"), Warehouse(code="L", name="L")
    levels = [level(RED, small, 4), level(RED, large, 9)]

    assert whole_order_first({RED: 2}, levels, warehouses(small, large)) == [Allocation(RED, large.id, 2)]


def test_an_order_no_single_warehouse_can_serve_is_split_taking_the_most_stocked_first() -> None:
    north, south, east = Warehouse(code="N", name="N"), Warehouse(code="S", name="S"), Warehouse(code="E", name="E")
    levels = [level(RED, north, 6), level(RED, south, 3), level(RED, east, 5, reserved=1)]

    plan = whole_order_first({RED: 11}, levels, warehouses(north, south, east))

    # 6 + 4 available from the two best stocked, the last one from the third
    assert sorted((a.warehouse_id, a.quantity) for a in plan) == sorted([(north.id, 6), (east.id, 4), (south.id, 1)])


def test_reserved_stock_paused_levels_and_unknown_warehouses_do_not_count() -> None:
    open_, paused, gone = Warehouse(code="O", name="O"), Warehouse(code="P", name="P"), Warehouse(code="G", name="G")
    levels = [level(RED, open_, 5, reserved=4), level(RED, paused, 50, paused=True), level(RED, gone, 50)]

    with pytest.raises(InsufficientStock) as raised:
        whole_order_first({RED: 2}, levels, warehouses(open_, paused))

    assert raised.value.code == "stock.insufficient"
    assert raised.value.data["available"] == 1
    assert raised.value.data["requested"] == 2


def test_asking_for_more_than_all_warehouses_hold_together_raises_insufficient_stock() -> None:
    a, b = Warehouse(code="A", name="A"), Warehouse(code="B", name="B")
    levels = [level(RED, a, 2), level(RED, b, 2), level(BLUE, a, 10)]

    with pytest.raises(InsufficientStock) as raised:
        whole_order_first({RED: 5, BLUE: 1}, levels, warehouses(a, b))

    assert raised.value.data["sku_id"] == str(RED)
    assert raised.value.data["available"] == 4


def test_an_order_short_on_two_skus_hears_about_both_at_once() -> None:
    only = Warehouse(code="A", name="A")
    levels = [level(RED, only, 1), level(BLUE, only, 2, reserved=2)]

    with pytest.raises(InsufficientStock) as refused:
        whole_order_first({RED: 3, BLUE: 1}, levels, warehouses(only))

    assert refused.value.code == "stock.insufficient"
    assert refused.value.data["lines"] == [
        {"sku_id": str(RED), "requested": 3, "available": 1},
        {"sku_id": str(BLUE), "requested": 1, "available": 0},
    ]
