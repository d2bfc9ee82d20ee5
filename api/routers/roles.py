"""Roles and their permission sets (`roles:manage`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status

from api import i18n
from api.deps import GUARDED, ContainerDep, ReadUoW, UoW, actor_of, require
from api.schemas.common import problems
from api.schemas.identity import PermissionOut, RoleCreate, RoleOut, RoleUpdate, changes
from domain.identity import permissions as perms
from domain.identity import use_cases as identity
from domain.identity.entities import Role
from domain.identity.principal import Principal

router = APIRouter(tags=["roles"])
MANAGE = {"x-permission": "roles:manage"}
Manager = Annotated[Principal, Depends(require("roles:manage"))]


def _out(role: Role, locale: str, user_count: int = 0) -> RoleOut:
    return RoleOut(
        id=role.id,
        name=role.name,
        description=_description(role, locale),
        permissions=sorted(role.permissions),
        builtin=role.builtin,
        user_count=user_count,
    )


def _locale(request: Request) -> str:
    return str(request.state.locale)  # the signed-in caller's (api/deps.py current_user)


def _description(role: Role, locale: str) -> str:
    """A built-in role's own description in the reader's language; one an admin rewrote stays as written."""
    default = perms.BUILTIN_ROLES.get(role.name, ("", []))[0]
    if role.builtin and role.description == default:
        return i18n.translate(f"role.description.{role.name}", default, locale)
    return role.description


def _live(name: str) -> bool:
    """A permission of a module the shop has: some route is guarded by a permission of its family. Those of
    modules still to come (orders, payments …) stay out of the role editor until their pages exist."""
    family = name.split(":", 1)[0]
    return any(guarded.split(":", 1)[0] == family for guarded in GUARDED)


@router.get(
    "/permissions",
    response_model=list[PermissionOut],
    openapi_extra=MANAGE,
    operation_id="roles-list-permissions",
    responses=problems(401, 403),
)
async def list_permissions(request: Request, _: Manager) -> list[PermissionOut]:
    """Every permission a role can grant in the modules the shop has, described in the caller's language."""
    locale = _locale(request)
    return [
        PermissionOut(name=name, description=i18n.translate(f"permission.{name}", text, locale))
        for name, text in perms.PERMISSIONS.items()
        if _live(name)
    ]


@router.get(
    "/roles",
    response_model=list[RoleOut],
    openapi_extra=MANAGE,
    operation_id="roles-list",
    responses=problems(401, 403),
)
async def list_roles(request: Request, _: Manager, uow: ReadUoW) -> list[RoleOut]:
    """Every role, built-in first, with how many users hold it."""
    return [_out(role, _locale(request), count) for role, count in await identity.list_roles(uow)]


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
    role = await identity.create_role(uow, c.auth, actor_of(request, manager), **body.model_dump())
    return _out(role, _locale(request))


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
    role = await identity.update_role(uow, c.auth, actor_of(request, manager), role_id, **changes(body))
    return _out(role, _locale(request))


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
