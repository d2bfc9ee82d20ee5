"""Freight templates (read `orders:read` or `settings:write`, change `settings:write`) and a trial quote."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from api.deps import GUARDED, ContainerDep, CurrentUser, Paging, ReadUoW, UoW, actor_of, require
from api.schemas.common import Page, problems
from api.schemas.freight import QuoteIn, QuoteOut, TemplateIn, TemplateOut
from domain.errors import PermissionDenied
from domain.freight import use_cases as freight
from domain.identity.principal import Principal

router = APIRouter(prefix="/freight", tags=["freight"])
READ_PERMISSIONS = ("orders:read", "settings:write")
READ = {"x-permission": " | ".join(READ_PERMISSIONS)}
WRITE = {"x-permission": "settings:write"}
Writer = Annotated[Principal, Depends(require("settings:write"))]
GUARDED.update(READ_PERMISSIONS)


async def _may_read(user: CurrentUser) -> Principal:
    """Order staff read templates (to explain a fee); those who change settings read what they change."""
    if not any(user.can(p) for p in READ_PERMISSIONS):
        raise PermissionDenied(
            "This needs the 'orders:read' or 'settings:write' permission.",
            code="auth.forbidden",
            permission="orders:read",
        )
    return user


Reader = Annotated[Principal, Depends(_may_read)]


@router.get(
    "/templates",
    response_model=Page[TemplateOut],
    openapi_extra=READ,
    operation_id="freight-list-templates",
    responses=problems(401, 403, 422),
)
async def list_templates(
    _: Reader,
    uow: ReadUoW,
    paging: Paging,
    name: Annotated[str | None, Query(max_length=64, description="Part of the name")] = None,
) -> Page[TemplateOut]:
    """Freight templates, the shop's default first, then by name."""
    items, total = await freight.list_templates(uow, name=name or None, offset=paging.offset, limit=paging.page_size)
    return Page(items=[TemplateOut.of(t) for t in items], total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "/templates",
    status_code=status.HTTP_201_CREATED,
    response_model=TemplateOut,
    openapi_extra=WRITE,
    operation_id="freight-create-template",
    responses=problems(401, 403, 409, 422),
)
async def create_template(body: TemplateIn, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> TemplateOut:
    """Add a template (the shop's first becomes its default)."""
    return TemplateOut.of(await freight.create_template(uow, c.clock, actor_of(request, user), body.draft()))


@router.get(
    "/templates/{template_id}",
    response_model=TemplateOut,
    openapi_extra=READ,
    operation_id="freight-get-template",
    responses=problems(401, 403, 404, 422),
)
async def get_template(template_id: UUID, _: Reader, uow: ReadUoW) -> TemplateOut:
    """One template with its region rules."""
    return TemplateOut.of(await freight.get_template(uow, template_id))


@router.put(
    "/templates/{template_id}",
    response_model=TemplateOut,
    openapi_extra=WRITE,
    operation_id="freight-update-template",
    responses=problems(401, 403, 404, 409, 422),
)
async def update_template(
    template_id: UUID, body: TemplateIn, request: Request, user: Writer, uow: UoW, c: ContainerDep
) -> TemplateOut:
    """Replace a template's settings and region rules."""
    return TemplateOut.of(
        await freight.update_template(uow, c.clock, actor_of(request, user), template_id, body.draft())
    )


@router.delete(
    "/templates/{template_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=WRITE,
    operation_id="freight-delete-template",
    responses=problems(401, 403, 404, 409, 422),
)
async def delete_template(template_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> None:
    """Remove a template; the default only when it is the last one."""
    await freight.delete_template(uow, c.clock, actor_of(request, user), template_id)


@router.post(
    "/templates/{template_id}/default",
    response_model=TemplateOut,
    openapi_extra=WRITE,
    operation_id="freight-set-default",
    responses=problems(401, 403, 404, 409, 422),
)
async def set_default(template_id: UUID, request: Request, user: Writer, uow: UoW, c: ContainerDep) -> TemplateOut:
    """Make this template the one every order is charged by."""
    return TemplateOut.of(await freight.set_default(uow, c.clock, actor_of(request, user), template_id))


@router.post(
    "/quote",
    response_model=QuoteOut,
    openapi_extra=READ,
    operation_id="freight-quote",
    responses=problems(401, 403, 404, 422),
)
async def quote(body: QuoteIn, _: Reader, uow: ReadUoW) -> QuoteOut:
    """The fee for a parcel to a region, with the rule that applied (as checkout would charge it)."""
    result = await freight.quote(
        uow,
        region_code=body.region_code,
        items=body.freight_items(),
        currency=body.currency,
        template_id=body.template_id,
    )
    return QuoteOut.of(result, body.currency)
