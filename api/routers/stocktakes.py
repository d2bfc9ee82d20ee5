"""Stocktakes (盘点): open, record counts, review, apply, close or cancel."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.schemas.common import Page, problems
from api.schemas.stocktakes import CountsIn, StocktakeIn, StocktakeListItem, StocktakeOut
from domain.identity.principal import Principal
from domain.inventory import stocktakes
from domain.inventory import use_cases as inventory
from domain.inventory.entities import StocktakeStatus

router = APIRouter(prefix="/stocktakes", tags=["stocktakes"])
READ = {"x-permission": "inventory:read"}
WRITE = {"x-permission": "inventory:adjust"}
Reader = Annotated[Principal, Depends(require("inventory:read"))]
Writer = Annotated[Principal, Depends(require("inventory:adjust"))]
ACTION = problems(401, 403, 404, 409, 422)


@router.get(
    "",
    response_model=Page[StocktakeListItem],
    openapi_extra=READ,
    operation_id="stocktakes-list",
    responses=problems(401, 403, 422),
)
async def list_stocktakes(
    _: Reader,
    uow: ReadUoW,
    paging: Paging,
    warehouse_id: UUID | None = None,
    status_: Annotated[StocktakeStatus | None, Query(alias="status")] = None,
) -> Page[StocktakeListItem]:
    """Stocktakes, newest first."""
    items, total = await inventory.list_stocktakes(
        uow, warehouse_id=warehouse_id, status=status_, offset=paging.offset, limit=paging.page_size
    )
    return Page(
        items=[
            StocktakeListItem(
                id=s.id,
                number=s.number,
                warehouse_id=s.warehouse_id,
                warehouse_name=name,
                status=StocktakeStatus(s.status),
                note=s.note,
                created_at=s.created_at,
                applied_at=s.applied_at,
                closed_at=s.closed_at,
            )
            for s, name in items
        ],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=StocktakeOut,
    openapi_extra=WRITE,
    operation_id="stocktakes-open",
    responses=problems(401, 403, 404, 409, 422),
)
async def open_stocktake(body: StocktakeIn, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> StocktakeOut:
    """Start counting a warehouse."""
    stocktake = await inventory.open_stocktake(
        uow, c.clock, actor_of(request, user), warehouse_id=body.warehouse_id, note=body.note
    )
    return StocktakeOut.of(await inventory.get_stocktake(c.uow(read_only=True), stocktake.id))


@router.get(
    "/{stocktake_id}",
    response_model=StocktakeOut,
    openapi_extra=READ,
    operation_id="stocktakes-get",
    responses=problems(401, 403, 404, 422),
)
async def get_stocktake(stocktake_id: UUID, _: Reader, uow: ReadUoW) -> StocktakeOut:
    """A stocktake for review: counts, differences and what is on hand now."""
    return StocktakeOut.of(await inventory.get_stocktake(uow, stocktake_id))


@router.put(
    "/{stocktake_id}/counts",
    response_model=StocktakeOut,
    openapi_extra=WRITE,
    operation_id="stocktakes-record-counts",
    responses=ACTION,
)
async def record_counts(
    stocktake_id: UUID, body: CountsIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> StocktakeOut:
    """Record counted quantities by SKU id or barcode; counting a SKU again replaces its count."""
    counts = [stocktakes.Count(counted=i.counted, sku_id=i.sku_id, barcode=i.barcode) for i in body.items]
    return StocktakeOut.of(await inventory.record_counts(uow, c.clock, actor_of(request, user), stocktake_id, counts))


@router.post(
    "/{stocktake_id}/apply",
    response_model=StocktakeOut,
    openapi_extra=WRITE,
    operation_id="stocktakes-apply",
    responses=ACTION,
)
async def apply_stocktake(
    stocktake_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> StocktakeOut:
    """Book the differences as `stocktake` movements (all or nothing)."""
    return StocktakeOut.of(await inventory.apply_stocktake(uow, c.clock, actor_of(request, user), stocktake_id))


@router.post(
    "/{stocktake_id}/close",
    response_model=StocktakeOut,
    openapi_extra=WRITE,
    operation_id="stocktakes-close",
    responses=ACTION,
)
async def close_stocktake(
    stocktake_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> StocktakeOut:
    """Close an applied stocktake."""
    return StocktakeOut.of(await inventory.close_stocktake(uow, c.clock, actor_of(request, user), stocktake_id))


@router.post(
    "/{stocktake_id}/cancel",
    response_model=StocktakeOut,
    openapi_extra=WRITE,
    operation_id="stocktakes-cancel",
    responses=ACTION,
)
async def cancel_stocktake(
    stocktake_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> StocktakeOut:
    """Drop an open stocktake without changing stock."""
    return StocktakeOut.of(await inventory.cancel_stocktake(uow, c.clock, actor_of(request, user), stocktake_id))
