"""The category tree in the back office (`catalog:read`, `catalog:write`)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status

from api.deps import ContainerDep, ReadUoW, UoW, actor_of, require
from api.schemas.catalog import CategoryCreate, CategoryMove, CategoryOut, CategoryRename, CategoryTreeOut
from api.schemas.common import problems
from domain.catalog import categories
from domain.catalog import use_cases as catalog
from domain.identity.principal import Principal

router = APIRouter(prefix="/categories", tags=["categories"])
READ = {"x-permission": "catalog:read"}
WRITE = {"x-permission": "catalog:write"}
Reader = Annotated[Principal, Depends(require("catalog:read"))]
Writer = Annotated[Principal, Depends(require("catalog:write"))]


@router.get(
    "",
    response_model=list[CategoryTreeOut],
    openapi_extra=READ,
    operation_id="categories-tree",
    responses=problems(401, 403),
)
async def category_tree(_: Reader, uow: ReadUoW) -> list[CategoryTreeOut]:
    """The whole category tree, each node with its product count (sub-categories included)."""
    return [CategoryTreeOut.of_node(n) for n in await catalog.category_tree(uow)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CategoryOut,
    openapi_extra=WRITE,
    operation_id="categories-create",
    responses=problems(401, 403, 409, 422),
)
async def create_category(
    body: CategoryCreate, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> CategoryOut:
    """Add a category, at the root or under a parent."""
    category = await catalog.create_category(uow, c.clock, actor_of(request, writer), **body.model_dump())
    return CategoryOut.of(category)


@router.patch(
    "/{category_id}",
    response_model=CategoryOut,
    openapi_extra=WRITE,
    operation_id="categories-rename",
    responses=problems(401, 403, 404, 409, 422),
)
async def rename_category(
    category_id: UUID, body: CategoryRename, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> CategoryOut:
    """Rename a category (and give or change its English name)."""
    name_en = body.name_en if "name_en" in body.model_fields_set else categories.KEEP
    category = await catalog.rename_category(
        uow, c.clock, actor_of(request, writer), category_id, name=body.name, name_en=name_en
    )
    return CategoryOut.of(category)


@router.post(
    "/{category_id}/move",
    response_model=CategoryOut,
    openapi_extra=WRITE,
    operation_id="categories-move",
    responses=problems(401, 403, 404, 409, 422),
)
async def move_category(
    category_id: UUID, body: CategoryMove, request: Request, writer: Writer, uow: UoW, c: ContainerDep
) -> CategoryOut:
    """Move a category with its subtree under another parent (null: the root), or reorder it among siblings."""
    category = await catalog.move_category(
        uow, c.clock, actor_of(request, writer), category_id, parent_id=body.parent_id, position=body.position
    )
    return CategoryOut.of(category)


@router.delete(
    "/{category_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    openapi_extra=WRITE,
    operation_id="categories-delete",
    responses=problems(401, 403, 404, 409, 422),
)
async def delete_category(category_id: UUID, request: Request, writer: Writer, uow: UoW, c: ContainerDep) -> None:
    """Delete an empty category (409 `category.not_empty` while it has sub-categories or products)."""
    await catalog.delete_category(uow, c.clock, actor_of(request, writer), category_id)
