"""Stock levels, receipts, adjustments, transfers, the movement ledger and reservations."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.idempotency import IdempotentWrite, idempotent
from api.responses import data_response
from api.schemas.common import IsoTime, Page, problems
from api.schemas.inventory import (
    AdjustmentIn,
    LevelSettingsIn,
    MovementOut,
    MovementsOut,
    ReceiptIn,
    ReservationCommitIn,
    ReservationIn,
    ReservationOut,
    StockLevelOut,
    TransferIn,
    stock_level_json,
)
from domain.identity.principal import Principal
from domain.inventory import stock
from domain.inventory import use_cases as inventory
from domain.inventory.entities import MovementKind
from domain.inventory.ports import MovementQuery, StockQuery

router = APIRouter(prefix="/stock", tags=["stock"])
READ = {"x-permission": "inventory:read"}
WRITE = {"x-permission": "inventory:adjust"}
Reader = Annotated[Principal, Depends(require("inventory:read"))]
Writer = Annotated[Principal, Depends(require("inventory:adjust"))]
STOCK_SORT = r"^-?(sku_code|available|on_hand|updated_at)$"
KEYED = problems(401, 403, 404, 409, 422)
MovementSort = Annotated[str, Query(pattern=r"^-?(at|kind)$")]


async def stock_filters(
    q: Annotated[str | None, Query(max_length=100, description="Product name, SKU code or barcode")] = None,
    sku_id: UUID | None = None,
    product_id: UUID | None = None,
    warehouse_id: UUID | None = None,
    status_: Annotated[Literal["low", "out_of_stock", "paused"] | None, Query(alias="status")] = None,
    sort: Annotated[str, Query(pattern=STOCK_SORT, description="e.g. `available`, `-updated_at`")] = "sku_code",
) -> StockQuery:
    """The stock list's filters (the list and its export read the same ones). Async, as every dependency on the
    request path: FastAPI runs a plain `def` dependency in its thread pool, a thread hop per request."""
    return StockQuery(
        sku_id=sku_id,
        product_id=product_id,
        warehouse_id=warehouse_id,
        keyword=q or None,
        low_only=status_ == "low",
        out_of_stock_only=status_ == "out_of_stock",
        paused_only=status_ == "paused",
        sort=sort,
    )


async def movement_filters(
    sku_id: UUID | None = None,
    warehouse_id: UUID | None = None,
    kind: MovementKind | None = None,
    reference_type: Annotated[str | None, Query(max_length=32)] = None,
    reference_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[IsoTime | None, Query(description="From this moment (inclusive)")] = None,
    until: Annotated[IsoTime | None, Query(description="Before this moment")] = None,
) -> MovementQuery:
    """The ledger's filters (the list and its export read the same ones)."""
    return MovementQuery(
        sku_id=sku_id,
        warehouse_id=warehouse_id,
        kind=kind,
        reference_type=reference_type,
        reference_id=reference_id,
        since=since,
        until=until,
    )


StockFilters = Annotated[StockQuery, Depends(stock_filters)]
MovementFilters = Annotated[MovementQuery, Depends(movement_filters)]


ReceiptKey = Annotated[IdempotentWrite, Depends(idempotent("stock-create-receipt"))]
AdjustmentKey = Annotated[IdempotentWrite, Depends(idempotent("stock-create-adjustment"))]
TransferKey = Annotated[IdempotentWrite, Depends(idempotent("stock-create-transfer"))]
ReservationKey = Annotated[IdempotentWrite, Depends(idempotent("stock-create-reservation"))]
CommitKey = Annotated[IdempotentWrite, Depends(idempotent("stock-commit-reservation"))]


@router.get(
    "",
    response_model=Page[StockLevelOut],
    openapi_extra=READ,
    operation_id="stock-list",
    responses=problems(401, 403, 422),
)
async def list_stock(_: Reader, uow: ReadUoW, paging: Paging, query: StockFilters) -> Response:
    """Stock per SKU and warehouse; `status=low` is the low-stock list."""
    rows, total = await inventory.list_stock(uow, query, offset=paging.offset, limit=paging.page_size)
    items = [stock_level_json(row) for row in rows]  # Page[StockLevelOut] as plain data (see api/responses.py)
    return data_response({"items": items, "total": total, "page": paging.page, "page_size": paging.page_size})


@router.patch(
    "/levels/{level_id}",
    response_model=StockLevelOut,
    openapi_extra=WRITE,
    operation_id="stock-update-level",
    responses=problems(401, 403, 404, 422),
)
async def update_level(
    level_id: UUID, body: LevelSettingsIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> StockLevelOut:
    """Set the low-stock threshold, pause or resume sale, or pause automatically at zero."""
    row = await inventory.update_level_settings(
        uow, c.clock, actor_of(request, user), level_id, **body.model_dump(exclude_none=True)
    )
    return StockLevelOut.of(row)


@router.post(
    "/receipts",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementsOut,
    openapi_extra=WRITE,
    operation_id="stock-create-receipt",
    responses=KEYED,
)
async def receive(body: ReceiptIn, request: Request, user: Writer, c: ContainerDep, keyed: ReceiptKey) -> Response:
    """Book received goods into a warehouse (`inbound` movements)."""
    lines = [stock.LineChange(line.sku_id, body.warehouse_id, line.quantity) for line in body.lines]
    reference = stock.Reference("receipt", body.reference)
    return await keyed.run(
        body.model_dump(mode="json"),
        lambda uow: inventory.receive_stock(
            uow, c.clock, actor_of(request, user), lines, reason=body.reason, reference=reference
        ),
        MovementsOut.of,
        status.HTTP_201_CREATED,
    )


@router.post(
    "/adjustments",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementsOut,
    openapi_extra=WRITE,
    operation_id="stock-create-adjustment",
    responses=KEYED,
)
async def adjust(body: AdjustmentIn, request: Request, user: Writer, c: ContainerDep, keyed: AdjustmentKey) -> Response:
    """Correct on-hand quantities with a reason; every line or none (409 below what is reserved)."""
    lines = [stock.LineChange(line.sku_id, line.warehouse_id, line.delta) for line in body.lines]
    return await keyed.run(
        body.model_dump(mode="json"),
        lambda uow: inventory.adjust_stock(uow, c.clock, actor_of(request, user), lines, reason=body.reason),
        MovementsOut.of,
        status.HTTP_201_CREATED,
    )


@router.post(
    "/transfers",
    status_code=status.HTTP_201_CREATED,
    response_model=MovementsOut,
    openapi_extra=WRITE,
    operation_id="stock-create-transfer",
    responses=KEYED,
)
async def transfer(body: TransferIn, request: Request, user: Writer, c: ContainerDep, keyed: TransferKey) -> Response:
    """Move available stock between warehouses (`transfer_out` + `transfer_in`)."""
    return await keyed.run(
        body.model_dump(mode="json"),
        lambda uow: inventory.transfer_stock(
            uow,
            c.clock,
            actor_of(request, user),
            sku_id=body.sku_id,
            from_warehouse_id=body.from_warehouse_id,
            to_warehouse_id=body.to_warehouse_id,
            quantity=body.quantity,
            reason=body.reason,
        ),
        MovementsOut.of,
        status.HTTP_201_CREATED,
    )


@router.get(
    "/movements",
    response_model=Page[MovementOut],
    openapi_extra=READ,
    operation_id="stock-list-movements",
    responses=problems(401, 403, 422),
)
async def list_movements(
    _: Reader, uow: ReadUoW, paging: Paging, query: MovementFilters, sort: MovementSort = "-at"
) -> Page[MovementOut]:
    """The movement ledger (history per SKU, per warehouse, per reference)."""
    rows, total = await inventory.list_movements(uow, query, sort=sort, offset=paging.offset, limit=paging.page_size)
    return Page(items=[MovementOut.of(r) for r in rows], total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "/reservations",
    status_code=status.HTTP_201_CREATED,
    response_model=ReservationOut,
    openapi_extra=WRITE,
    operation_id="stock-create-reservation",
    responses=KEYED,
)
async def reserve(
    body: ReservationIn, request: Request, user: Writer, c: ContainerDep, keyed: ReservationKey
) -> Response:
    """Hold stock for an order: every line or none (409 `stock.insufficient`); the warehouse is chosen for you."""
    ttl = timedelta(seconds=body.ttl_seconds) if body.ttl_seconds is not None else None
    return await keyed.run(
        body.model_dump(mode="json"),
        lambda uow: inventory.reserve_stock(
            uow,
            c.clock,
            actor_of(request, user),
            lines=[(line.sku_id, line.quantity) for line in body.lines],
            reference=stock.Reference(body.reference_type, body.reference_id),
            ttl=ttl,
            audited=True,
        ),
        ReservationOut.of,
        status.HTTP_201_CREATED,
    )


@router.get(
    "/reservations/{reservation_id}",
    response_model=ReservationOut,
    openapi_extra=READ,
    operation_id="stock-get-reservation",
    responses=problems(401, 403, 404, 422),
)
async def get_reservation(reservation_id: UUID, _: Reader, uow: ReadUoW) -> ReservationOut:
    """One reservation with what it holds and what has shipped."""
    return ReservationOut.of(await inventory.get_reservation(uow, reservation_id))


@router.post(
    "/reservations/{reservation_id}/release",
    response_model=ReservationOut,
    openapi_extra=WRITE,
    operation_id="stock-release-reservation",
    responses=problems(401, 403, 404, 409, 422),
)
async def release(reservation_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> ReservationOut:
    """Give back what the reservation still holds; releasing again changes nothing."""
    return ReservationOut.of(
        await inventory.release_reservation(uow, c.clock, actor_of(request, user), reservation_id, audited=True)
    )


@router.post(
    "/reservations/{reservation_id}/commit",
    response_model=ReservationOut,
    openapi_extra=WRITE,
    operation_id="stock-commit-reservation",
    responses=KEYED,
)
async def commit(
    reservation_id: UUID,
    request: Request,
    user: Writer,
    c: ContainerDep,
    keyed: CommitKey,
    body: ReservationCommitIn | None = None,
) -> Response:
    """Ship reserved stock (all of it, or `lines` of it): on hand and reserved both go down."""
    quantities: dict[UUID, int] | None = None
    if body is not None and body.lines is not None:
        quantities = {}
        for line in body.lines:
            quantities[line.sku_id] = quantities.get(line.sku_id, 0) + line.quantity
    payload = {"reservation_id": str(reservation_id), **(body.model_dump(mode="json") if body else {})}
    return await keyed.run(
        payload,
        lambda uow: inventory.ship_reservation(
            uow, c.clock, actor_of(request, user), reservation_id, quantities=quantities, audited=True
        ),
        ReservationOut.of,
        status.HTTP_200_OK,
    )
