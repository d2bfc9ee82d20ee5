"""Back-office administration of users (`users:manage`)."""

from __future__ import annotations

from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, status

from api.deps import ContainerDep, Paging, ReadUoW, UoW, actor_of, require
from api.schemas.common import Page, problems
from api.schemas.identity import StaffCreate, UserOut, UserUpdate, changes
from domain.identity import use_cases as identity
from domain.identity.entities import UserStatus
from domain.identity.principal import Principal

router = APIRouter(prefix="/users", tags=["users"])
MANAGE = {"x-permission": "users:manage"}
SORTABLE = r"^-?(created_at|last_login_at|email|phone|display_name)$"
Manager = Annotated[Principal, Depends(require("users:manage"))]


@router.get(
    "", response_model=Page[UserOut], openapi_extra=MANAGE, operation_id="users-list", responses=problems(401, 403, 422)
)
async def list_users(
    _: Manager,
    uow: ReadUoW,
    paging: Paging,
    q: Annotated[str | None, Query(max_length=100, description="Part of e-mail, phone or name")] = None,
    status_: Annotated[UserStatus | None, Query(alias="status")] = None,
    role: Annotated[str | None, Query(max_length=64)] = None,
    kind: Annotated[Literal["staff", "customer", "dealer"] | None, Query()] = None,
    sort: Annotated[str, Query(pattern=SORTABLE, description="e.g. `-created_at`, `email`")] = "-created_at",
) -> Page[UserOut]:
    """Users filtered and paginated."""
    items, total = await identity.list_users(
        uow, query=q, status=status_, role=role, kind=kind, sort=sort, offset=paging.offset, limit=paging.page_size
    )
    return Page(items=[UserOut.of(u) for u in items], total=total, page=paging.page, page_size=paging.page_size)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=UserOut,
    openapi_extra=MANAGE,
    operation_id="users-create-staff",
    responses=problems(401, 403, 409, 422),
)
async def create_staff(body: StaffCreate, request: Request, manager: Manager, c: ContainerDep) -> UserOut:
    """Create a back-office user with roles."""
    user = await identity.create_staff(c.uow, c.auth, actor_of(request, manager), **body.model_dump())
    return UserOut.of(user)


@router.get(
    "/{user_id}",
    response_model=UserOut,
    openapi_extra=MANAGE,
    operation_id="users-get",
    responses=problems(401, 403, 404, 422),
)
async def get_user(user_id: UUID, _: Manager, uow: ReadUoW) -> UserOut:
    """One user."""
    return UserOut.of(await identity.get_user(uow, user_id))


@router.patch(
    "/{user_id}",
    response_model=UserOut,
    openapi_extra=MANAGE,
    operation_id="users-update",
    responses=problems(401, 403, 404, 422),
)
async def update_user(
    user_id: UUID, body: UserUpdate, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> UserOut:
    """Change a user's name, language or roles."""
    return UserOut.of(await identity.update_user(uow, c.auth, actor_of(request, manager), user_id, **changes(body)))


@router.post(
    "/{user_id}/disable",
    response_model=UserOut,
    openapi_extra=MANAGE,
    operation_id="users-disable",
    responses=problems(401, 403, 404, 422),
)
async def disable_user(user_id: UUID, request: Request, manager: Manager, uow: UoW, c: ContainerDep) -> UserOut:
    """Disable an account and end its sessions."""
    return UserOut.of(
        await identity.set_user_status(uow, c.auth, actor_of(request, manager), user_id, UserStatus.DISABLED)
    )


@router.post(
    "/{user_id}/enable",
    response_model=UserOut,
    openapi_extra=MANAGE,
    operation_id="users-enable",
    responses=problems(401, 403, 404, 422),
)
async def enable_user(user_id: UUID, request: Request, manager: Manager, uow: UoW, c: ContainerDep) -> UserOut:
    """Re-enable a disabled account."""
    return UserOut.of(
        await identity.set_user_status(uow, c.auth, actor_of(request, manager), user_id, UserStatus.ACTIVE)
    )
