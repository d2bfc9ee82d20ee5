"""Warehouses (read `inventory:read`, write `inventory:adjust`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from api.deps import ContainerDep, ReadUoW, UoW, actor_of, require
from api.schemas.common import problems
from api.schemas.inventory import WarehouseIn, WarehouseOut, WarehouseUpdate
from domain.identity.principal import Principal
from domain.inventory import use_cases as inventory

router = APIRouter(prefix="/warehouses", tags=["warehouses"])
READ = {"x-permission": "inventory:read"}
WRITE = {"x-permission": "inventory:adjust"}
Reader = Annotated[Principal, Depends(require("inventory:read"))]
Writer = Annotated[Principal, Depends(require("inventory:adjust"))]


@router.get(
    "",
    response_model=list[WarehouseOut],
    openapi_extra=READ,
    operation_id="warehouses-list",
    responses=problems(401, 403, 422),
)
async def list_warehouses(
    _: Reader, uow: ReadUoW, active: Annotated[bool | None, Query(description="Only active (or inactive) ones")] = None
) -> list[WarehouseOut]:
    """Warehouses by priority, then code."""
    return [WarehouseOut.of(w) for w in await inventory.list_warehouses(uow, active=active)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=WarehouseOut,
    openapi_extra=WRITE,
    operation_id="warehouses-create",
    responses=problems(401, 403, 409, 422),
)
async def create_warehouse(
    body: WarehouseIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> WarehouseOut:
    """Add a warehouse (its code is unique)."""
    return WarehouseOut.of(await inventory.create_warehouse(uow, c.clock, actor_of(request, user), **body.model_dump()))


@router.get(
    "/{warehouse_id}",
    response_model=WarehouseOut,
    openapi_extra=READ,
    operation_id="warehouses-get",
    responses=problems(401, 403, 404, 422),
)
async def get_warehouse(warehouse_id: UUID, _: Reader, uow: ReadUoW) -> WarehouseOut:
    """One warehouse."""
    return WarehouseOut.of(await inventory.get_warehouse(uow, warehouse_id))


@router.patch(
    "/{warehouse_id}",
    response_model=WarehouseOut,
    openapi_extra=WRITE,
    operation_id="warehouses-update",
    responses=problems(401, 403, 404, 409, 422),
)
async def update_warehouse(
    warehouse_id: UUID, body: WarehouseUpdate, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> WarehouseOut:
    """Edit a warehouse; `active: false` deactivates it and keeps its history."""
    return WarehouseOut.of(
        await inventory.update_warehouse(uow, c.clock, actor_of(request, user), warehouse_id, **body.changes())
    )
