"""Low-stock alerts: once when a level falls to its threshold, re-armed when it recovers; optional pause at zero."""

from __future__ import annotations

from domain.identity import permissions as perms
from domain.inventory.entities import LevelAfter
from domain.inventory.ports import InventoryUoW
from domain.notifications import service as notifications
from domain.notifications.entities import Channel
from domain.ports import Clock

ALERT_PERMISSION = "inventory:adjust"  # who is told about low stock: the people who can restock


async def watch_level(uow: InventoryUoW, clock: Clock, level: LevelAfter) -> None:
    """Called after every quantity change, in the same transaction."""
    if level.available <= level.low_stock_threshold:
        # the conditional mark makes two concurrent movements alert once between them
        if level.low_stock_alerted_at is None and await uow.stock.set_alerted(level.id, clock.now()):
            await alert_low_stock(uow, clock, level)
    elif level.low_stock_alerted_at is not None:
        await uow.stock.set_alerted(level.id, None)
    if level.pause_at_zero and level.available <= 0 and not level.sale_paused:
        await uow.stock.pause_sale(level.id, clock.now())


async def alert_low_stock(uow: InventoryUoW, clock: Clock, level: LevelAfter) -> None:
    sku = await uow.products.get_sku(level.sku_id)
    product = await uow.products.get(sku.product_id) if sku else None
    warehouse = await uow.warehouses.get(level.warehouse_id)
    roles = [r.id for r in await uow.roles.list() if perms.grants(r.permissions, ALERT_PERMISSION)]
    for user in await uow.users.with_roles(roles):
        if not user.is_staff:
            continue
        await notifications.notify(
            uow,
            clock,
            user,
            "inventory.low_stock",
            channels=[Channel.IN_APP, Channel.EMAIL],
            product=product.name if product else "",
            sku=sku.code if sku else str(level.sku_id),
            warehouse=warehouse.name if warehouse else str(level.warehouse_id),
            available=level.available,
            threshold=level.low_stock_threshold,
            sku_id=str(level.sku_id),
            warehouse_id=str(level.warehouse_id),
        )


async def alert_unalerted_low_levels(uow: InventoryUoW, clock: Clock, *, batch: int = 200) -> int:
    """The low_stock_scan sweep: alert levels that became low without a movement (a raised threshold)."""
    alerted = 0
    for level in await uow.stock.unalerted_low_levels(batch):
        if await uow.stock.set_alerted(level.id, clock.now()):
            after = LevelAfter(
                id=level.id,
                sku_id=level.sku_id,
                warehouse_id=level.warehouse_id,
                on_hand=level.on_hand,
                reserved=level.reserved,
                low_stock_threshold=level.low_stock_threshold,
                sale_paused=level.sale_paused,
                pause_at_zero=level.pause_at_zero,
                low_stock_alerted_at=clock.now(),
            )
            await alert_low_stock(uow, clock, after)
            alerted += 1
    return alerted
