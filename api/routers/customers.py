"""The back-office customer list (`customers:read`; tags, notes and the blacklist need `customers:manage`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Query, Request, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.schemas.common import AwareIsoTime, Page, problems
from api.schemas.customers import NO_NUL, BlacklistIn, CustomerDetail, CustomerOut, NoteIn, NoteOut, TagIn, TagOut
from domain.customers import use_cases as customers
from domain.customers.entities import TAG_MAX_LENGTH
from domain.customers.ports import CustomerQuery
from domain.identity.entities import UserStatus
from domain.identity.principal import Principal

router = APIRouter(prefix="/customers", tags=["customers"])
READ = {"x-permission": "customers:read"}
MANAGE = {"x-permission": "customers:manage"}
SORTABLE = r"^-?(created_at|last_login_at|display_name|email|phone)$"
Reader = Annotated[Principal, Depends(require("customers:read"))]
Manager = Annotated[Principal, Depends(require("customers:manage"))]
TagName = Annotated[str, Path(min_length=1, max_length=TAG_MAX_LENGTH, pattern=NO_NUL)]


@router.get(
    "",
    response_model=Page[CustomerOut],
    openapi_extra=READ,
    operation_id="customers-list",
    responses=problems(401, 403, 422),
)
async def list_customers(
    _: Reader,
    uow: ReadUoW,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=100, description="Part of the name, e-mail or phone")] = None,
    tag: Annotated[str | None, Query(max_length=TAG_MAX_LENGTH, pattern=NO_NUL)] = None,
    blacklisted: Annotated[bool | None, Query()] = None,
    status_: Annotated[UserStatus | None, Query(alias="status")] = None,
    registered_from: Annotated[AwareIsoTime | None, Query(description="Inclusive, ISO-8601")] = None,
    registered_to: Annotated[AwareIsoTime | None, Query(description="Exclusive, ISO-8601")] = None,
    sort: Annotated[str, Query(pattern=SORTABLE, description="e.g. `-created_at`, `display_name`")] = "-created_at",
) -> Page[CustomerOut]:
    """Customers (never staff), filtered and paginated."""
    query = CustomerQuery(
        text=q or None,
        tag=tag or None,
        blacklisted=blacklisted,
        status=status_,
        registered_from=registered_from,
        registered_to=registered_to,
        sort=sort,
    )
    items, total = await customers.list_customers(uow, query, offset=paging.offset, limit=paging.page_size)
    return Page(items=[CustomerOut.of(c) for c in items], total=total, page=paging.page, page_size=paging.page_size)


@router.get(
    "/tags",
    response_model=list[TagOut],
    openapi_extra=READ,
    operation_id="customers-tags",
    responses=problems(401, 403),
)
async def list_tags(_: Reader, uow: ReadUoW) -> list[TagOut]:
    """Every tag in use, with how many customers carry it."""
    return [TagOut.of(t) for t in await customers.list_tags(uow)]


@router.get(
    "/{customer_id}",
    response_model=CustomerDetail,
    openapi_extra=READ,
    operation_id="customers-get",
    responses=problems(401, 403, 404, 422),
)
async def get_customer(customer_id: UUID, _: Reader, uow: ReadUoW) -> CustomerDetail:
    """One customer with their address book; 404 for a staff member."""
    return CustomerDetail.of_details(*await customers.customer_details(uow, customer_id))


@router.get(
    "/{customer_id}/notes",
    response_model=list[NoteOut],
    openapi_extra=READ,
    operation_id="customers-notes",
    responses=problems(401, 403, 404, 422),
)
async def list_notes(customer_id: UUID, _: Reader, uow: ReadUoW) -> list[NoteOut]:
    """Staff notes on the customer, newest first."""
    return [NoteOut.of(n) for n in await customers.list_notes(uow, customer_id)]


@router.post(
    "/{customer_id}/notes",
    status_code=status.HTTP_201_CREATED,
    response_model=NoteOut,
    openapi_extra=MANAGE,
    operation_id="customers-add-note",
    responses=problems(401, 403, 404, 422),
)
async def add_note(
    customer_id: UUID, body: NoteIn, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> NoteOut:
    """Keep a note on the customer, signed with its author and time."""
    return NoteOut.of(await customers.add_note(uow, c.clock, actor_of(request, manager), customer_id, body=body.body))


@router.post(
    "/{customer_id}/tags",
    response_model=CustomerOut,
    openapi_extra=MANAGE,
    operation_id="customers-add-tag",
    responses=problems(401, 403, 404, 422),
)
async def add_tag(
    customer_id: UUID, body: TagIn, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> CustomerOut:
    """Tag the customer (a tag they carry already is kept once)."""
    return CustomerOut.of(await customers.add_tag(uow, c.clock, actor_of(request, manager), customer_id, tag=body.tag))


@router.delete(
    "/{customer_id}/tags/{tag}",
    response_model=CustomerOut,
    openapi_extra=MANAGE,
    operation_id="customers-remove-tag",
    responses=problems(401, 403, 404, 422),
)
async def remove_tag(
    customer_id: UUID, tag: TagName, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> CustomerOut:
    """Take a tag off the customer."""
    return CustomerOut.of(await customers.remove_tag(uow, c.clock, actor_of(request, manager), customer_id, tag=tag))


@router.put(
    "/{customer_id}/blacklist",
    response_model=CustomerOut,
    openapi_extra=MANAGE,
    operation_id="customers-blacklist",
    responses=problems(401, 403, 404, 422),
)
async def blacklist(
    customer_id: UUID, body: BlacklistIn, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> CustomerOut:
    """Blacklist the customer with a reason: their orders are refused or held for review."""
    actor = actor_of(request, manager)
    return CustomerOut.of(await customers.blacklist(uow, c.clock, actor, customer_id, reason=body.reason))


@router.delete(
    "/{customer_id}/blacklist",
    response_model=CustomerOut,
    openapi_extra=MANAGE,
    operation_id="customers-clear-blacklist",
    responses=problems(401, 403, 404, 422),
)
async def clear_blacklist(
    customer_id: UUID, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> CustomerOut:
    """Lift the blacklist flag."""
    return CustomerOut.of(await customers.clear_blacklist(uow, c.clock, actor_of(request, manager), customer_id))
