"""Reading stock (levels, the low-stock list, the movement history) and the per-level alert and sale settings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import NotFound
from domain.identity.actor import Actor
from domain.inventory import sellability
from domain.inventory.entities import StockLevel
from domain.inventory.events import LevelBecameLow
from domain.inventory.ports import InventoryUoW, MovementQuery, MovementRow, StockQuery, StockRow
from domain.ports import Clock

SETTINGS = ("low_stock_threshold", "sale_paused", "pause_at_zero")


async def list_stock(uow: InventoryUoW, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]:
    """Stock per SKU and warehouse with the names to read it by; `query.low_only` gives the low-stock list."""
    return await uow.stock.rows(query, offset=offset, limit=limit)


async def list_movements(
    uow: InventoryUoW, query: MovementQuery, *, sort: str, offset: int, limit: int
) -> tuple[list[MovementRow], int]:
    """The ledger, newest first by default, filtered by SKU, warehouse, kind, reference and time."""
    return await uow.stock.movements(query, sort=sort, offset=offset, limit=limit)


def _settings(level: StockLevel) -> dict[str, Any]:
    return {name: getattr(level, name) for name in SETTINGS}


async def update_level_settings(
    uow: InventoryUoW, /, clock: Clock, actor: Actor, level_id: UUID, **changes: Any
) -> StockRow:
    """Change the low-stock threshold and the sale flags of one level; audited.

    A threshold raised to or above what is available makes the level low without any movement: the
    low_stock_scan job (enqueued after commit, and swept by cron) sends that alert."""
    level = await uow.stock.level_by_id(level_id)
    if level is None:
        raise NotFound("No such stock level.", code="stock_level.not_found")
    before = _settings(level)
    for name, value in changes.items():
        if name in SETTINGS and value is not None:
            setattr(level, name, value)
    if level.pause_at_zero and level.available <= 0:
        level.sale_paused = True
    if not level.is_low and level.low_stock_alerted_at is not None:
        level.low_stock_alerted_at = None  # re-arm: the next fall to the threshold alerts again
    now = clock.now()
    level.updated_at = now
    after = _settings(level)
    if after["sale_paused"] != before["sale_paused"]:
        await sellability.after_level_change(uow, [level.sku_id])
    if after != before:
        await audit.record(
            uow,
            actor,
            action="stock_level.update",
            target_type="stock_level",
            target_id=level.id,
            at=now,
            before=before,
            after=after,
        )
    if level.is_low and level.low_stock_alerted_at is None:
        uow.record(LevelBecameLow(level.id))
    await uow.flush()
    rows, _ = await uow.stock.rows(StockQuery(sku_id=level.sku_id, warehouse_id=level.warehouse_id), offset=0, limit=1)
    return rows[0]
