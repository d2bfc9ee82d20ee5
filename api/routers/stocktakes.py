"""Stocktakes (盘点): open, record counts, review, apply, close or cancel."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.downloads import FILE_RESPONSE, Format, Labels, spreadsheet
from api.schemas.common import Page, problems
from api.schemas.stocktakes import CountsIn, StocktakeIn, StocktakeListItem, StocktakeOut
from domain.identity.principal import Principal
from domain.inventory import count_sheet as count_sheet_module
from domain.inventory import stocktakes
from domain.inventory import use_cases as inventory
from domain.inventory.count_sheet import LineFilter
from domain.inventory.entities import StocktakeStatus

router = APIRouter(prefix="/stocktakes", tags=["stocktakes"])
READ = {"x-permission": "inventory:read"}
WRITE = {"x-permission": "inventory:adjust"}
Reader = Annotated[Principal, Depends(require("inventory:read"))]
Writer = Annotated[Principal, Depends(require("inventory:adjust"))]
ACTION = problems(401, 403, 404, 409, 422)
Lines = Annotated[LineFilter, Query(description="Which lines: all, uncounted, counted, or those with a difference")]
Reveal = Annotated[bool, Query(description="Show a blind count's expected quantities (for the review)")]


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
                category_id=s.category_id,
                blind=s.blind,
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
        uow,
        c.clock,
        actor_of(request, user),
        warehouse_id=body.warehouse_id,
        note=body.note,
        category_id=body.category_id,
        count_sheet=body.count_sheet,
        blind=body.blind,
    )
    return StocktakeOut.of(await inventory.get_stocktake(c.uow(read_only=True), stocktake.id))


@router.get(
    "/{stocktake_id}",
    response_model=StocktakeOut,
    openapi_extra=READ,
    operation_id="stocktakes-get",
    responses=problems(401, 403, 404, 422),
)
async def get_stocktake(
    stocktake_id: UUID, _: Reader, uow: ReadUoW, lines: Lines = LineFilter.ALL, reveal: Reveal = False
) -> StocktakeOut:
    """A stocktake for review: counts, differences and what is on hand now; `lines=uncounted` is what is left."""
    return StocktakeOut.of(await inventory.get_stocktake(uow, stocktake_id, lines=lines, reveal=reveal))


@router.get(
    "/{stocktake_id}/sheet",
    response_class=Response,
    response_model=None,
    openapi_extra=READ,
    operation_id="stocktakes-sheet",
    responses={**FILE_RESPONSE, **problems(401, 403, 404, 422)},
)
async def count_sheet(
    stocktake_id: UUID,
    _: Reader,
    uow: ReadUoW,
    format: Format = "csv",
    labels: Labels = "keys",
    lines: Lines = LineFilter.ALL,
    reveal: Reveal = False,
) -> Response:
    """The count sheet as CSV or XLSX: every line (or the uncounted ones) with a column to count into; a blind
    count's sheet has no expected quantities."""
    view = await inventory.get_stocktake(uow, stocktake_id, lines=lines, reveal=reveal)
    header = [zh if labels == "zh" else key for key, zh in count_sheet_module.sheet_columns(view)]

    async def rows() -> AsyncIterator[list[list[str | int | None]]]:
        yield count_sheet_module.sheet_rows(view)

    name = f"count-sheet-{view.stocktake.number}"
    return await spreadsheet(name, format, header, rows(), title="count sheet")


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


def _step(path: str, use_case: Callable[..., Awaitable[count_sheet_module.StocktakeView]], doc: str) -> None:
    """Add `POST /stocktakes/{stocktake_id}/<path>`: one step of a stocktake's life, answered with the stocktake."""

    async def step(stocktake_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> StocktakeOut:
        return StocktakeOut.of(await use_case(uow, c.clock, actor_of(request, user), stocktake_id))

    router.add_api_route(
        f"/{{stocktake_id}}/{path}",
        step,
        methods=["POST"],
        name=f"{path}_stocktake",  # the summary: "Apply Stocktake"
        description=doc,
        response_model=StocktakeOut,
        openapi_extra=WRITE,
        operation_id=f"stocktakes-{path}",
        responses=ACTION,
    )


_step("apply", inventory.apply_stocktake, "Book the differences as `stocktake` movements (all or nothing).")
_step("close", inventory.close_stocktake, "Close an applied stocktake.")
_step("cancel", inventory.cancel_stocktake, "Drop an open stocktake without changing stock.")
