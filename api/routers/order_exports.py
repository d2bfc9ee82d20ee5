"""Exporting the back-office order list: a small result is the file itself, a large one a job to follow.

`GET /orders/export` takes the list's own filters. Up to `ORDER_EXPORT__INLINE_LIMIT` orders (5,000) it answers
200 with the file; above, it answers 202 with an export written by a job (`Location`: follow it with
`GET /order-exports/{id}`), and asking again while that one runs returns the same export. Only the person who
asked may see an export and fetch its file: to anyone else it is 404. Every export is audited with its filters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse

from api import i18n
from api.deps import ContainerDep, actor_of, require
from api.routers.orders import Filters
from api.schemas.common import problems
from api.schemas.order_exports import OrderExportOut
from domain.identity.principal import Principal
from domain.order_exports import use_cases as exports
from domain.order_exports.entities import ExportFormat, OrderExport
from infra import order_export_files as files

router = APIRouter(tags=["orders"])
Reader = Annotated[Principal, Depends(require("orders:read"))]
READ = {"x-permission": "orders:read"}
TYPES = {"csv": files.CSV_TYPE, "xlsx": files.XLSX_TYPE}
FILE: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The file, named in Content-Disposition",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            files.XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


def _locale(request: Request) -> str:
    return getattr(request.state, "locale", None) or i18n.negotiate(request.headers.get("accept-language"))


def _out(request: Request, export: OrderExport) -> OrderExportOut:
    url = str(request.url_for("order-exports-file", export_id=export.id).path)
    return OrderExportOut.of(export, url)


@router.get(
    "/orders/export",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="orders-export",
    responses={
        **FILE,
        202: {"model": OrderExportOut, "description": "Too many orders to answer at once: an export job to follow"},
        **problems(401, 403, 422),
    },
)
async def export_orders(
    request: Request,
    user: Reader,
    c: ContainerDep,
    query: Filters,
    format: Annotated[Literal["csv", "xlsx"], Query(description="csv: orders; xlsx: orders and their lines")] = "csv",
) -> Response:
    """The orders matching the list's filters as a file, or (past the inline limit) an export job (202)."""
    config = c.settings.order_export
    locale = _locale(request)
    actor = actor_of(request, user)
    rows = await exports.count_orders(c.uow(read_only=True), query)
    if rows > config.inline_limit:
        export = await exports.queue_export(
            c.uow(), c.clock, actor, query, format=ExportFormat(format), locale=locale, rows=rows
        )
        location = str(request.url_for("order-exports-get", export_id=export.id).path)
        body = _out(request, export).model_dump(mode="json")
        return JSONResponse(body, status_code=status.HTTP_202_ACCEPTED, headers={"Location": location})
    await exports.record_export(c.uow(), c.clock, actor, query, format=ExportFormat(format), rows=rows)
    batches = exports.order_batches(lambda: c.uow(read_only=True), query, batch_size=config.batch_size)
    zone = files.shop_zone(config.timezone)
    name = f"orders-{c.clock.now():%Y%m%d-%H%M%S}.{format}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    if format == "xlsx":
        data = await files.xlsx_bytes(batches, locale, zone)
        return Response(data, media_type=files.XLSX_TYPE, headers=disposition)
    return StreamingResponse(files.csv_stream(batches, locale, zone), media_type=files.CSV_TYPE, headers=disposition)


@router.get(
    "/order-exports/{export_id}",
    response_model=OrderExportOut,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="order-exports-get",
    name="order-exports-get",
    responses=problems(401, 403, 404, 422),
)
async def get_export(request: Request, user: Reader, c: ContainerDep, export_id: UUID) -> OrderExportOut:
    """Where your export stands: its progress, then the link to its file."""
    export = await exports.get_export(c.uow(read_only=True), export_id, requester=user.id)
    return _out(request, export)


@router.get(
    "/order-exports/{export_id}/file",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="order-exports-file",
    name="order-exports-file",
    responses={**FILE, **problems(401, 403, 404, 409, 422)},
)
async def export_file(user: Reader, c: ContainerDep, export_id: UUID) -> Response:
    """Your finished export's file (409 while it is still being written, or once purged after a day)."""
    export = await exports.get_export(c.uow(read_only=True), export_id, requester=user.id)
    path = Path(exports.file_of(export))
    return FileResponse(path, media_type=TYPES[str(export.format)], filename=export.filename)
