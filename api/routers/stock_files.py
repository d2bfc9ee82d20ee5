"""Stock levels and the movement ledger as CSV or XLSX, with the filters of their lists."""

from __future__ import annotations

import dataclasses
from datetime import UTC

from fastapi import APIRouter, status
from fastapi.responses import Response

from api.deps import ContainerDep
from api.downloads import FILE_RESPONSE, Format, Labels, spreadsheet
from api.routers.stock import READ, MovementFilters, MovementSort, Reader, StockFilters
from api.schemas.common import problems
from domain.inventory import exports

router = APIRouter(prefix="/stock", tags=["stock"])


def _header(columns: tuple[exports.Column, ...], labels: str) -> list[str]:
    return [c.label_zh if labels == "zh" else c.key for c in columns]


@router.get(
    "/export",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="stock-export",
    responses={**FILE_RESPONSE, **problems(401, 403, 422)},
)
async def export_stock(
    _: Reader, c: ContainerDep, query: StockFilters, format: Format = "csv", labels: Labels = "keys"
) -> Response:
    """Stock levels matching the list's filters, in its order."""
    rows = exports.stock_rows(lambda: c.uow(read_only=True), query)
    stamp = c.clock.now().strftime("%Y%m%d-%H%M%S")
    return await spreadsheet(f"stock-{stamp}", format, _header(exports.STOCK_COLUMNS, labels), rows, title="stock")


@router.get(
    "/movements/export",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="stock-export-movements",
    responses={**FILE_RESPONSE, **problems(401, 403, 422)},
)
async def export_movements(
    _: Reader,
    c: ContainerDep,
    query: MovementFilters,
    sort: MovementSort = "-at",
    format: Format = "csv",
    labels: Labels = "keys",
) -> Response:
    """Ledger rows matching the list's filters, in its order, up to the moment the export started."""
    now = c.clock.now()
    until = query.until
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=UTC)  # the list reads a time without an offset as UTC too
    until = now if until is None or until > now else until
    rows = exports.movement_rows(lambda: c.uow(read_only=True), dataclasses.replace(query, until=until), sort=sort)
    header = _header(exports.MOVEMENT_COLUMNS, labels)
    return await spreadsheet(f"movements-{now:%Y%m%d-%H%M%S}", format, header, rows, title="movements")
