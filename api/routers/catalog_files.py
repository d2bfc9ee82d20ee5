"""Catalog import (dry run, then all-or-nothing apply) and export as CSV or XLSX."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse, Response

from api.deps import ContainerDep, actor_of, require
from api.downloads import FILE_RESPONSE, Format, Labels, spreadsheet
from api.errors import problem
from api.i18n import translate
from api.schemas.catalog_files import ImportErrorOut, ImportJobOut, ImportProblem, ImportReportOut
from api.schemas.common import problems
from domain.catalog import import_export, import_jobs, importing
from domain.catalog import use_cases as catalog
from domain.catalog.entities import ProductStatus
from domain.errors import RuleViolation
from domain.identity.principal import Principal
from infra import spreadsheets

router = APIRouter(prefix="/catalog", tags=["catalog"])
READ, WRITE = {"x-permission": "catalog:read"}, {"x-permission": "catalog:write"}
Reader = Annotated[Principal, Depends(require("catalog:read"))]
Writer = Annotated[Principal, Depends(require("catalog:write"))]
MAX_ERRORS_SHOWN = 1000


@router.post(
    "/import",
    response_model=ImportReportOut,
    status_code=status.HTTP_200_OK,
    openapi_extra=WRITE,
    operation_id="catalog-import",
    responses={
        202: {"model": ImportJobOut, "description": "A large file, queued: follow `Location` until it has finished"},
        **problems(401, 403, 409, 413),
        422: {"model": ImportProblem, "content": {"application/problem+json": {}}},
    },
)
async def import_catalog(
    request: Request,
    writer: Writer,
    c: ContainerDep,
    file: Annotated[UploadFile, File(description=".csv (UTF-8, BOM optional) or .xlsx, at most 5 MB and 10,000 rows")],
    dry_run: Annotated[bool, Query(description="Only check and count; write nothing")] = True,
) -> ImportReportOut | JSONResponse:
    """Check a product/SKU file (dry run) or apply it all-or-nothing; a large file is applied by a job (202)."""
    limits = c.settings.catalog_import
    data = await file.read(limits.max_file_bytes + 1)
    if len(data) > limits.max_file_bytes:
        return problem(
            request,
            413,
            "import.file_too_large",
            f"The file is larger than {limits.max_file_bytes // (1024 * 1024)} MB.",
            data={"limit_bytes": limits.max_file_bytes, "limit_mb": limits.max_file_bytes // (1024 * 1024)},
        )
    table = await asyncio.to_thread(spreadsheets.read_table, file.filename or "", data, limits=limits)
    locale = getattr(request.state, "locale", "zh_CN")
    if not dry_run and len(table.records) > limits.background_rows:
        queued = await catalog.queue_import(
            c.uow(), c.clock, actor_of(request, writer), table, filename=file.filename or ""
        )
        return JSONResponse(
            _job_out(queued, locale).model_dump(mode="json"),
            status_code=status.HTTP_202_ACCEPTED,
            headers={"Location": str(request.url_for("catalog-import-status", import_id=queued.id).path)},
        )
    uow = c.uow(read_only=dry_run)
    try:
        report = await catalog.import_catalog(
            uow,
            c.clock,
            actor_of(request, writer),
            table,
            currency=c.settings.base_currency,
            dry_run=dry_run,
            filename=file.filename or "",
        )
    except import_export.ImportRejected as rejected:
        errors = [e.model_dump() for e in _errors(rejected.report, locale)]
        raise RuleViolation(
            rejected.message, code=rejected.code, errors=errors, error_count=len(rejected.report.errors)
        ) from rejected
    return ImportReportOut(
        dry_run=report.dry_run,
        valid=report.valid,
        rows=report.rows,
        products_created=report.products_created,
        products_updated=report.products_updated,
        skus_created=report.skus_created,
        skus_updated=report.skus_updated,
        error_count=len(report.errors),
        errors=_errors(report, locale),
    )


@router.get(
    "/imports/{import_id}",
    response_model=ImportJobOut,
    status_code=status.HTTP_200_OK,
    openapi_extra=WRITE,
    operation_id="catalog-import-status",
    name="catalog-import-status",
    responses=problems(401, 403, 404, 422),
)
async def import_status(request: Request, _: Writer, c: ContainerDep, import_id: UUID) -> ImportJobOut:
    """Where a large import stands: queued, running, succeeded or failed, with its counts and row errors."""
    catalog_import = await catalog.get_import(c.uow(read_only=True), import_id)
    return _job_out(catalog_import, getattr(request.state, "locale", "zh_CN"))


def _job_out(job: import_jobs.CatalogImport, locale: str) -> ImportJobOut:
    return ImportJobOut(
        id=job.id,
        filename=job.filename,
        status=import_jobs.ImportStatus(job.status).value,
        rows=job.rows,
        **job.counts,
        error_count=job.error_count,
        errors=[
            ImportErrorOut(
                line=e["line"],
                column=e["column"],
                code=e["code"],
                message=translate(e["code"], e["message"], locale, e["params"]),
            )
            for e in job.errors
        ],
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


def _errors(report: import_export.ImportReport, locale: str) -> list[ImportErrorOut]:
    return [
        ImportErrorOut(
            line=e.line, column=e.column, code=e.code, message=translate(e.code, e.message, locale, e.params)
        )
        for e in report.errors[:MAX_ERRORS_SHOWN]
    ]


@router.get(
    "/export",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="catalog-export",
    responses={**FILE_RESPONSE, **problems(401, 403, 404, 422)},
)
async def export_catalog(
    _: Reader,
    c: ContainerDep,
    format: Format = "csv",
    labels: Labels = "keys",
    q: Annotated[str | None, Query(max_length=100, description="Keyword: name, brand, code, barcode")] = None,
    category_id: Annotated[UUID | None, Query(description="Includes sub-categories")] = None,
    status_: Annotated[ProductStatus | None, Query(alias="status")] = None,
    brand: Annotated[str | None, Query(max_length=64)] = None,
) -> Response:
    """Products and SKUs matching the list filters, as a file that imports back unchanged."""
    query = await catalog.export_query(
        c.uow(read_only=True), keyword=q, category_id=category_id, status=status_, brand=brand
    )
    batches = catalog.export_rows(lambda: c.uow(read_only=True), query)
    stamp = c.clock.now().strftime("%Y%m%d-%H%M%S")
    return await _file(f"catalog-{stamp}", format, labels, batches)


@router.get(
    "/import-template",
    response_class=Response,
    response_model=None,
    status_code=status.HTTP_200_OK,
    openapi_extra=READ,
    operation_id="catalog-import-template",
    responses={**FILE_RESPONSE, **problems(401, 403, 422)},
)
async def import_template(_: Reader, format: Format = "csv", labels: Labels = "keys") -> Response:
    """An empty import file: the header row and example rows.

    `attributes` are written as in the product editor: `颜色|Colour=红|Red;尺码|Size=M`, pairs `name=value`
    separated by `;`, each word optionally followed by `|` and its English (shown in the English UI);
    `product_name_en` is the optional English name."""

    async def example() -> AsyncIterator[list[dict[str, str]]]:
        yield import_export.TEMPLATE_ROWS

    return await _file("catalog-import-template", format, labels, example())


async def _file(name: str, format: str, labels: str, batches: AsyncIterator[list[dict[str, str]]]) -> Response:
    header = [column.label_zh if labels == "zh" else column.key for column in importing.COLUMNS]

    async def cells() -> AsyncIterator[list[list[str]]]:
        async for batch in batches:
            yield [[row[key] for key in importing.KEYS] for row in batch]

    return await spreadsheet(name, format, header, cells(), title="catalog")
