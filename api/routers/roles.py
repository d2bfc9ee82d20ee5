"""Roles and their permission sets (`roles:manage`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status

from api.deps import ContainerDep, ReadUoW, UoW, actor_of, require
from api.schemas.common import problems
from api.schemas.identity import PermissionOut, RoleCreate, RoleOut, RoleUpdate, changes
from domain.identity import permissions as perms
from domain.identity import use_cases as identity
from domain.identity.entities import Role
from domain.identity.principal import Principal

router = APIRouter(tags=["roles"])
MANAGE = {"x-permission": "roles:manage"}
Manager = Annotated[Principal, Depends(require("roles:manage"))]


def _out(role: Role, user_count: int = 0) -> RoleOut:
    return RoleOut(
        id=role.id,
        name=role.name,
        description=role.description,
        permissions=sorted(role.permissions),
        builtin=role.builtin,
        user_count=user_count,
    )


@router.get(
    "/permissions",
    response_model=list[PermissionOut],
    openapi_extra=MANAGE,
    operation_id="roles-list-permissions",
    responses=problems(401, 403),
)
async def list_permissions(_: Manager) -> list[PermissionOut]:
    """Every permission a role can grant."""
    return [PermissionOut(name=name, description=text) for name, text in perms.PERMISSIONS.items()]


@router.get(
    "/roles",
    response_model=list[RoleOut],
    openapi_extra=MANAGE,
    operation_id="roles-list",
    responses=problems(401, 403),
)
async def list_roles(_: Manager, uow: ReadUoW) -> list[RoleOut]:
    """Every role, built-in first, with how many users hold it."""
    return [_out(role, count) for role, count in await identity.list_roles(uow)]


@router.post(
    "/roles",
    status_code=status.HTTP_201_CREATED,
    response_model=RoleOut,
    openapi_extra=MANAGE,
    operation_id="roles-create",
    responses=problems(401, 403, 409, 422),
)
async def create_role(body: RoleCreate, request: Request, manager: Manager, uow: UoW, c: ContainerDep) -> RoleOut:
    """Add a custom role."""
    return _out(await identity.create_role(uow, c.auth, actor_of(request, manager), **body.model_dump()))


@router.patch(
    "/roles/{role_id}",
    response_model=RoleOut,
    openapi_extra=MANAGE,
    operation_id="roles-update",
    responses=problems(401, 403, 404, 422),
)
async def update_role(
    role_id: UUID, body: RoleUpdate, request: Request, manager: Manager, uow: UoW, c: ContainerDep
) -> RoleOut:
    """Change a role's description or permissions."""
    return _out(await identity.update_role(uow, c.auth, actor_of(request, manager), role_id, **changes(body)))


@router.delete(
    "/roles/{role_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=MANAGE,
    operation_id="roles-delete",
    responses=problems(401, 403, 404, 409, 422),
)
async def delete_role(role_id: UUID, request: Request, manager: Manager, uow: UoW, c: ContainerDep) -> None:
    """Delete a custom role that nobody holds."""
    await identity.delete_role(uow, c.auth, actor_of(request, manager), role_id)
