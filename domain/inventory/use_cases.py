"""What routers, jobs and other features' use cases ask of inventory. Each opens its unit of work, runs
actions and commits once; inside another feature's transaction, call the actions (`reservations.reserve`…)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from domain.identity.actor import Actor
from domain.inventory import alerts, levels, reservations, stock, stocktakes, warehouses
from domain.inventory.ports import InventoryUoW
from domain.ports import Clock
from domain.unit_of_work import use_case

log = logging.getLogger(__name__)

list_warehouses = use_case(warehouses.list_warehouses)
get_warehouse = use_case(warehouses.get_warehouse)
create_warehouse = use_case(warehouses.create_warehouse)
update_warehouse = use_case(warehouses.update_warehouse)

list_stock = use_case(levels.list_stock)
list_movements = use_case(levels.list_movements)
update_level_settings = use_case(levels.update_level_settings)
receive_stock = use_case(stock.receive)
adjust_stock = use_case(stock.adjust)
transfer_stock = use_case(stock.transfer)

reserve_stock = use_case(reservations.reserve)
release_reservation = use_case(reservations.release)
ship_reservation = use_case(reservations.commit)
get_reservation = use_case(reservations.get_reservation)

open_stocktake = use_case(stocktakes.open_stocktake)
record_counts = use_case(stocktakes.record_counts)
apply_stocktake = use_case(stocktakes.apply_stocktake)
close_stocktake = use_case(stocktakes.close_stocktake)
cancel_stocktake = use_case(stocktakes.cancel_stocktake)
get_stocktake = use_case(stocktakes.get_stocktake)
list_stocktakes = use_case(stocktakes.list_stocktakes)

alert_unalerted_low_levels = use_case(alerts.alert_unalerted_low_levels)


async def release_expired_reservations(uows: Callable[[], InventoryUoW], clock: Clock, *, batch: int = 200) -> int:
    """The reservation sweep: release every active reservation past its time, each in its own transaction (a
    failure stops one, not the batch). Safe to run on several workers at once."""
    async with uows() as uow:
        ids = await uow.stock.expired_reservations(clock.now(), batch)
    system = Actor(user_id=None, name="system")
    released = 0
    for reservation_id in ids:
        try:
            await release_reservation(uows(), clock, system, reservation_id, reason="expired", expired=True)
            released += 1
        except Exception:  # one that cannot be released must not hold back the rest; the next sweep retries it
            log.exception("could not release expired reservation %s", reservation_id)
    return released
