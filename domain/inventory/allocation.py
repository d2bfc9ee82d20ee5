"""Choosing the warehouses that serve an order. Rules are plain functions, so a shop can plug in its own."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from uuid import UUID

from domain.inventory.entities import StockLevel, Warehouse
from domain.inventory.errors import InsufficientStock


@dataclass(frozen=True, order=True)
class Allocation:
    sku_id: UUID
    warehouse_id: UUID
    quantity: int


# demand per SKU, the sellable levels of those SKUs, the active warehouses → what to reserve where
AllocationRule = Callable[[Mapping[UUID, int], list[StockLevel], Mapping[UUID, Warehouse]], list[Allocation]]


def whole_order_first(
    demand: Mapping[UUID, int], levels: list[StockLevel], warehouses: Mapping[UUID, Warehouse]
) -> list[Allocation]:
    """One warehouse that can serve every line (by priority, then most stock); otherwise each SKU from the
    warehouses with the most of it, split over several only when no single one has enough."""
    available: dict[tuple[UUID, UUID], int] = {
        (lvl.sku_id, lvl.warehouse_id): lvl.available
        for lvl in levels
        if lvl.warehouse_id in warehouses and not lvl.sale_paused and lvl.available > 0
    }

    def whole(warehouse: Warehouse) -> bool:
        return all(available.get((sku, warehouse.id), 0) >= qty for sku, qty in demand.items())

    complete = [w for w in warehouses.values() if whole(w)]
    if complete:
        best = min(
            complete,
            key=lambda w: (w.priority, -sum(available.get((sku, w.id), 0) for sku in demand), w.code),
        )
        return sorted(Allocation(sku, best.id, qty) for sku, qty in demand.items())

    plan: list[Allocation] = []
    short: dict[UUID, tuple[int, int]] = {}
    for sku, wanted in demand.items():
        options = sorted(
            ((qty, warehouses[wid]) for (s, wid), qty in available.items() if s == sku),
            key=lambda o: (-o[0], o[1].priority, o[1].code),
        )
        total = sum(qty for qty, _ in options)
        if total < wanted:
            short[sku] = (wanted, total)
            continue
        left = wanted
        for qty, warehouse in options:
            take = min(qty, left)
            plan.append(Allocation(sku, warehouse.id, take))
            left -= take
            if left == 0:
                break
    if short:  # every short line at once, as Saleor's allocate_stocks does
        (first, (wanted, total)), *others = short.items()
        raise InsufficientStock(first, wanted, total, also_short=dict(others))
    return sorted(plan)
