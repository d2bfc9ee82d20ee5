"""Warehouses: created and edited by staff, deactivated rather than deleted so their ledger stays readable."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.errors import Conflict, NotFound
from domain.identity.actor import Actor
from domain.inventory import sellability
from domain.inventory.entities import Warehouse
from domain.inventory.ports import InventoryUoW
from domain.ports import Clock
from domain.regions import actions as regions

EDITABLE = ("code", "name", "region_code", "address", "contact", "phone", "priority", "active")


def snapshot(warehouse: Warehouse) -> dict[str, Any]:
    return {name: getattr(warehouse, name) for name in EDITABLE}


async def list_warehouses(uow: InventoryUoW, *, active: bool | None = None) -> list[Warehouse]:
    """Every warehouse (or only active / inactive ones), by priority then code."""
    return await uow.warehouses.list(active=active)


async def get_warehouse(uow: InventoryUoW, warehouse_id: UUID) -> Warehouse:
    return await _warehouse(uow, warehouse_id)


async def create_warehouse(uow: InventoryUoW, /, clock: Clock, actor: Actor, *, code: str, **fields: Any) -> Warehouse:
    """Add a warehouse; its code is unique (409 `warehouse.code_taken`)."""
    await _ensure_code_free(uow, code)
    if fields.get("region_code"):
        await regions.ensure_known(uow, fields["region_code"])
    now = clock.now()
    warehouse = Warehouse(code=code, created_at=now, updated_at=now, **fields)
    await uow.warehouses.add(warehouse)
    await uow.flush()
    await audit.record(
        uow,
        actor,
        action="warehouse.create",
        target_type="warehouse",
        target_id=warehouse.id,
        at=now,
        after=snapshot(warehouse),
    )
    return warehouse


async def update_warehouse(
    uow: InventoryUoW, /, clock: Clock, actor: Actor, warehouse_id: UUID, **changes: Any
) -> Warehouse:
    """Edit a warehouse; `active=False` deactivates it (no new stock, not chosen for orders, history kept)."""
    warehouse = await _warehouse(uow, warehouse_id)
    before = snapshot(warehouse)
    if "code" in changes and changes["code"] != warehouse.code:
        await _ensure_code_free(uow, changes["code"])
    if changes.get("region_code"):  # any level: a warehouse may say only its province
        await regions.ensure_known(uow, changes["region_code"])
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(warehouse, name, value)
    warehouse.updated_at = clock.now()
    after = snapshot(warehouse)
    if after != before:
        action = "warehouse.update"
        if before["active"] != after["active"]:
            action = "warehouse.activate" if after["active"] else "warehouse.deactivate"
            await sellability.after_warehouse_change(uow, warehouse.id)
        await audit.record(
            uow,
            actor,
            action=action,
            target_type="warehouse",
            target_id=warehouse.id,
            at=warehouse.updated_at,
            before=before,
            after=after,
        )
    return warehouse


async def _ensure_code_free(uow: InventoryUoW, code: str) -> None:
    if await uow.warehouses.by_code(code) is not None:
        raise Conflict("This warehouse code is taken.", code="warehouse.code_taken", field="code")


async def _warehouse(uow: InventoryUoW, warehouse_id: UUID) -> Warehouse:
    warehouse = await uow.warehouses.get(warehouse_id)
    if warehouse is None:
        raise NotFound("No such warehouse.", code="warehouse.not_found")
    return warehouse
