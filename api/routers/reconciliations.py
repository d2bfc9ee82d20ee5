"""Reconciliation: import a provider's bill, see what differs from our records, resolve each difference."""

from __future__ import annotations

import asyncio
import hashlib
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile, status
from fastapi.responses import JSONResponse

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.errors import problem
from api.schemas.common import Page, problems
from api.schemas.reconciliations import (
    MismatchKindName,
    MismatchOut,
    ReconciliationOut,
    ResolveIn,
    StatementProvider,
)
from domain.identity.principal import Principal
from domain.orders.entities import PaymentMethod
from domain.payments import reconciliation_use_cases as reconciliation
from domain.payments.reconciliation import MismatchKind
from infra.payments import statements

router = APIRouter(tags=["reconciliations"])
READ, WRITE = {"x-permission": "payments:read"}, {"x-permission": "payments:write"}
Reader = Annotated[Principal, Depends(require("payments:read"))]
Writer = Annotated[Principal, Depends(require("payments:write"))]
# a day's bill of a busy shop is a few MB; anything far larger is not a bill
MAX_STATEMENT_BYTES = 20 * 1024 * 1024


@router.post(
    "/reconciliations",
    status_code=status.HTTP_201_CREATED,
    response_model=ReconciliationOut,
    openapi_extra=WRITE,
    operation_id="reconciliations-import",
    responses=problems(401, 403, 409, 413, 422),
)
async def import_statement(
    request: Request,
    user: Writer,
    c: ContainerDep,
    provider: Annotated[StatementProvider, Form(description="Whose bill: alipay (业务明细) or wechat_pay (交易账单)")],
    file: Annotated[UploadFile, File(description="The bill as downloaded: CSV, GBK or UTF-8, at most 20 MiB")],
) -> ReconciliationOut | JSONResponse:
    """Match a provider's bill against our payments and refunds; the same file twice is refused (409)."""
    data = await file.read(MAX_STATEMENT_BYTES + 1)
    if len(data) > MAX_STATEMENT_BYTES:
        return problem(
            request,
            413,
            "reconciliation.file_too_large",
            f"The file is larger than {MAX_STATEMENT_BYTES // (1024 * 1024)} MB.",
            data={"limit_mb": MAX_STATEMENT_BYTES // (1024 * 1024)},
        )
    method = PaymentMethod(provider)
    statement = await asyncio.to_thread(statements.read_statement, method, data)
    summary = await reconciliation.import_statement(
        c.uow(),
        c.clock,
        actor_of(request, user),
        statement,
        file_name=(file.filename or "statement.csv")[:255],
        file_sha256=hashlib.sha256(data).hexdigest(),
    )
    return ReconciliationOut.of(summary)


@router.get(
    "/reconciliations",
    response_model=Page[ReconciliationOut],
    openapi_extra=READ,
    operation_id="reconciliations-list",
    responses=problems(401, 403, 422),
)
async def list_runs(
    _: Reader,
    uow: ReadUoW,
    paging: Paging,
    provider: Annotated[StatementProvider | None, Query(description="Only this provider's bills")] = None,
) -> Page[ReconciliationOut]:
    """Imported bills, newest first, with their counts."""
    items, total = await reconciliation.list_runs(uow, provider=provider, offset=paging.offset, limit=paging.page_size)
    return Page(
        items=[ReconciliationOut.of(s) for s in items], total=total, page=paging.page, page_size=paging.page_size
    )


@router.get(
    "/reconciliations/{run_id}",
    response_model=ReconciliationOut,
    openapi_extra=READ,
    operation_id="reconciliations-get",
    responses=problems(401, 403, 404, 422),
)
async def get_run(run_id: UUID, _: Reader, uow: ReadUoW) -> ReconciliationOut:
    """One imported bill with its counts."""
    return ReconciliationOut.of(await reconciliation.get_run(uow, run_id))


@router.get(
    "/reconciliations/{run_id}/mismatches",
    response_model=Page[MismatchOut],
    openapi_extra=READ,
    operation_id="reconciliations-list-mismatches",
    responses=problems(401, 403, 404, 422),
)
async def list_mismatches(
    run_id: UUID,
    _: Reader,
    uow: ReadUoW,
    paging: Paging,
    kind: Annotated[MismatchKindName | None, Query(description="Only this kind of difference")] = None,
    resolved: Annotated[bool | None, Query(description="Only resolved (true) or open (false) ones")] = None,
) -> Page[MismatchOut]:
    """What differs between the bill and our records: the bill's lines in its order, then what it lacks."""
    items, total = await reconciliation.list_mismatches(
        uow,
        run_id,
        kind=MismatchKind(kind) if kind else None,
        resolved=resolved,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return Page(items=[MismatchOut.of(m) for m in items], total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "/reconciliation-mismatches/{mismatch_id}/resolve",
    response_model=MismatchOut,
    openapi_extra=WRITE,
    operation_id="reconciliations-resolve-mismatch",
    responses=problems(401, 403, 404, 409, 422),
)
async def resolve_mismatch(
    mismatch_id: UUID, body: ResolveIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> MismatchOut:
    """Mark a difference settled, with a note saying how."""
    return MismatchOut.of(
        await reconciliation.resolve_mismatch(uow, c.clock, actor_of(request, user), mismatch_id, note=body.note)
    )
