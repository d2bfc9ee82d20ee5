"""The audit log of staff writes (`audit:read`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query

from api.deps import Paging, ReadUoW, require
from api.schemas.account import AuditActorOut, AuditEntryOut
from api.schemas.common import AwareIsoTime, Page, problems
from domain.audit import use_cases as audit
from domain.identity.principal import Principal

router = APIRouter(prefix="/audit-log", tags=["audit"])


@router.get(
    "",
    response_model=Page[AuditEntryOut],
    openapi_extra={"x-permission": "audit:read"},
    operation_id="audit-list",
    responses=problems(401, 403, 422),
)
async def list_audit_entries(
    _: Annotated[Principal, Depends(require("audit:read"))],
    uow: ReadUoW,
    paging: Paging,
    actor_id: UUID | None = None,
    action: Annotated[str | None, Query(max_length=64, description="Action or its prefix, e.g. `user.`")] = None,
    target_type: Annotated[str | None, Query(max_length=64)] = None,
    target_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[AwareIsoTime | None, Query(description="Inclusive, ISO-8601")] = None,
    until: Annotated[AwareIsoTime | None, Query(description="Exclusive, ISO-8601")] = None,
    sort: Annotated[str, Query(pattern=r"^-?at$")] = "-at",
) -> Page[AuditEntryOut]:
    """Who changed what, when and from where."""
    items, total = await audit.search_audit_log(
        uow,
        actor_id=actor_id,
        action=action,
        target_type=target_type,
        target_id=target_id,
        since=since,
        until=until,
        sort=sort,
        offset=paging.offset,
        limit=paging.page_size,
    )
    return Page(
        items=[AuditEntryOut.of(e) for e in items],
        total=total,
        page=paging.page,
        page_size=paging.page_size,
    )


@router.get(
    "/actors",
    response_model=list[AuditActorOut],
    openapi_extra={"x-permission": "audit:read"},
    operation_id="audit-list-actors",
    responses=problems(401, 403, 422),
)
async def list_actors(
    _: Annotated[Principal, Depends(require("audit:read"))],
    uow: ReadUoW,
    q: Annotated[str | None, Query(max_length=100, description="Part of the actor's name")] = None,
) -> list[AuditActorOut]:
    """People who appear in the log, for the actor filter (at most 20)."""
    return [AuditActorOut(id=i, name=name) for i, name in await audit.list_actors(uow, keyword=q or None)]
