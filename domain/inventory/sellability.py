"""The inventory tells the catalog which SKUs may have started or stopped being sellable, in the same transaction
as the stock change, so the storefront's in-stock flag (`domain/catalog/in_stock.py`) never lags the stock."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain.catalog import in_stock
from domain.inventory.entities import StockMovement
from domain.inventory.ports import InventoryUoW


def crossed_zero(movement: StockMovement) -> bool:
    """The level went from nothing available to some, or back. Pausing at zero happens at the same moment."""
    after = movement.on_hand_after - movement.reserved_after
    before = after - movement.on_hand_delta + movement.reserved_delta
    return (before > 0) != (after > 0)


async def after_movements(uow: InventoryUoW, movements: Iterable[StockMovement]) -> None:
    """Call once after an action's movements: most change no product's flag and cost nothing here."""
    await in_stock.refresh(uow, sku_ids=[m.sku_id for m in movements if crossed_zero(m)])


async def after_level_change(uow: InventoryUoW, sku_ids: Iterable[UUID]) -> None:
    """A sale was paused or resumed."""
    await in_stock.refresh(uow, sku_ids=sku_ids)


async def after_warehouse_change(uow: InventoryUoW, warehouse_id: UUID) -> None:
    """A warehouse was deactivated or reactivated: every SKU stocked there."""
    await in_stock.refresh(uow, sku_ids=await uow.stock.sku_ids_in(warehouse_id))
