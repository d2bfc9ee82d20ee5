"""The category tree: create, rename, move (with its whole subtree), reorder, delete when empty. Audited."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.catalog.entities import MAX_CATEGORY_DEPTH, Category, ProductStatus
from domain.catalog.ports import CatalogUoW
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.ports import Clock


class Keep(Enum):
    """An argument left out: the value stays as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


def english(name_en: str | None) -> str | None:
    """The English name as stored: blank means none, and the UI falls back to the Chinese name."""
    return (name_en or "").strip() or None


@dataclass
class CategoryNode:
    category: Category
    product_count: int = 0  # products in this category and every category under it
    children: list[CategoryNode] = field(default_factory=list)


def build_tree(categories: list[Category], counts: dict[UUID, int]) -> list[CategoryNode]:
    nodes = {c.id: CategoryNode(c) for c in categories}
    roots: list[CategoryNode] = []
    for category in sorted(categories, key=lambda c: (c.depth, c.position, c.name.lower())):
        node = nodes[category.id]
        parent = nodes.get(category.parent_id) if category.parent_id else None
        (parent.children if parent else roots).append(node)

    def total(node: CategoryNode) -> int:
        node.product_count = counts.get(node.category.id, 0) + sum(total(child) for child in node.children)
        return node.product_count

    for root in roots:
        total(root)
    return roots


async def tree(uow: CatalogUoW, *, on_sale_only: bool = False) -> list[CategoryNode]:
    """The whole tree with product counts (only products on sale for the storefront)."""
    categories = await uow.categories.all()
    counts = await uow.categories.product_counts(ProductStatus.ON_SALE if on_sale_only else None)
    return build_tree(categories, counts)


async def get_category(uow: CatalogUoW, category_id: UUID) -> Category:
    return await _category(uow, category_id)


def snapshot(category: Category) -> dict[str, Any]:
    return {
        "name": category.name,
        "name_en": category.name_en,
        "parent_id": str(category.parent_id) if category.parent_id else None,
        "position": category.position,
        "path": category.path,
    }


async def create_category(
    uow: CatalogUoW,
    clock: Clock,
    actor: Actor,
    *,
    name: str,
    name_en: str | None = None,
    parent_id: UUID | None = None,
    position: int | None = None,
) -> Category:
    """Add a category under `parent_id` (a root when None) at `position` among its siblings (last when None)."""
    parent = await _parent(uow, parent_id)
    if parent and parent.depth >= MAX_CATEGORY_DEPTH:
        raise _too_deep()
    await _ensure_name_free(uow, parent_id, name)
    now = clock.now()
    category = Category(name=name, name_en=english(name_en), created_at=now)
    category.place_under(parent)
    siblings = await uow.categories.children(parent_id)
    _insert_at(siblings, category, position)
    await uow.categories.add(category)
    await audit.record(
        uow,
        actor,
        action="category.create",
        target_type="category",
        target_id=category.id,
        at=now,
        after=snapshot(category),
    )
    return category


async def rename_category(
    uow: CatalogUoW, clock: Clock, actor: Actor, category_id: UUID, *, name: str, name_en: str | Keep | None = KEEP
) -> Category:
    """Give a category a new name, unique among its siblings, and (unless kept) a new English name."""
    category = await _category(uow, category_id)
    before = snapshot(category)
    await _ensure_name_free(uow, category.parent_id, name, except_id=category.id)
    category.rename(name)
    if not isinstance(name_en, Keep):
        category.name_en = english(name_en)
    category.updated_at = clock.now()
    await audit.record(
        uow,
        actor,
        action="category.rename",
        target_type="category",
        target_id=category.id,
        at=category.updated_at,
        before=before,
        after=snapshot(category),
    )
    return category


async def move_category(
    uow: CatalogUoW, clock: Clock, actor: Actor, category_id: UUID, *, parent_id: UUID | None, position: int
) -> Category:
    """Move a category with its subtree under another parent (or reorder it among its siblings)."""
    category = await _category(uow, category_id)
    before = snapshot(category)
    parent = await _parent(uow, parent_id)
    if parent and parent.path.startswith(category.path):
        raise Conflict(
            "A category cannot move under itself or one of its descendants.",
            code="category.cycle",
            field="parent_id",
        )
    subtree = await uow.categories.subtree(category.path)
    levels_below = max(c.depth for c in subtree) - category.depth
    if (parent.depth if parent else 0) + 1 + levels_below > MAX_CATEGORY_DEPTH:
        raise _too_deep()
    if parent_id != category.parent_id:
        await _ensure_name_free(uow, parent_id, category.name, except_id=category.id)
    # read the new siblings before any change so the query's autoflush writes nothing half-done
    siblings = [c for c in await uow.categories.children(parent_id) if c.id != category.id]
    now = clock.now()
    old_path, old_depth = category.path, category.depth
    category.place_under(parent)
    for descendant in subtree:
        if descendant.id != category.id:
            descendant.path = category.path + descendant.path[len(old_path) :]
            descendant.depth += category.depth - old_depth
            descendant.updated_at = now
    _insert_at(siblings, category, position)
    category.updated_at = now
    await audit.record(
        uow,
        actor,
        action="category.move",
        target_type="category",
        target_id=category.id,
        at=now,
        before=before,
        after=snapshot(category),
    )
    return category


async def delete_category(uow: CatalogUoW, clock: Clock, actor: Actor, category_id: UUID) -> None:
    """Delete a category that has neither sub-categories nor products."""
    category = await _category(uow, category_id)
    children = await uow.categories.count_children(category.id)
    products = await uow.categories.count_products(category.id)
    if children or products:
        raise Conflict(
            "Only an empty category can be deleted: move or delete its sub-categories and products first.",
            code="category.not_empty",
            children=children,
            products=products,
        )
    before = snapshot(category)
    await uow.categories.delete(category)
    await audit.record(
        uow,
        actor,
        action="category.delete",
        target_type="category",
        target_id=category.id,
        at=clock.now(),
        before=before,
    )


def _insert_at(siblings: list[Category], category: Category, position: int | None) -> None:
    """Put `category` at `position` among `siblings` and number them all 0, 1, 2… in that order."""
    ordered = [c for c in siblings if c.id != category.id]
    index = len(ordered) if position is None else max(0, min(position, len(ordered)))
    ordered.insert(index, category)
    for number, sibling in enumerate(ordered):
        if sibling.position != number:
            sibling.position = number


async def _category(uow: CatalogUoW, category_id: UUID) -> Category:
    category = await uow.categories.get(category_id)
    if category is None:
        raise NotFound("The category does not exist.", code="category.not_found", category_id=str(category_id))
    return category


async def _parent(uow: CatalogUoW, parent_id: UUID | None) -> Category | None:
    if parent_id is None:
        return None
    parent = await uow.categories.get(parent_id)
    if parent is None:
        raise RuleViolation("The parent category does not exist.", code="category.parent_not_found", field="parent_id")
    return parent


async def _ensure_name_free(uow: CatalogUoW, parent_id: UUID | None, name: str, except_id: UUID | None = None) -> None:
    same = await uow.categories.by_name(parent_id, name)
    if same is not None and same.id != except_id:
        raise Conflict(
            "A category with this name already exists here.", code="category.name_taken", field="name", name=name
        )


def _too_deep() -> RuleViolation:
    return RuleViolation(
        f"Categories nest at most {MAX_CATEGORY_DEPTH} levels deep.",
        code="category.too_deep",
        field="parent_id",
        max_depth=MAX_CATEGORY_DEPTH,
    )
