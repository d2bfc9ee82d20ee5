"""Products: create, edit, status transitions, delete drafts, batch status. Every staff write is audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.catalog import sku_rules
from domain.catalog.entities import Product, ProductStatus
from domain.catalog.ports import CatalogUoW
from domain.catalog.sku_rules import SkuInput
from domain.catalog.state import ACTION_TO, PRODUCT
from domain.errors import Conflict, NotFound, RuleViolation
from domain.identity.actor import Actor
from domain.locking import ids_in_lock_order
from domain.ports import Clock

PRODUCT_FIELDS = ("code", "name", "name_en", "category_id", "brand", "description", "tags")


def snapshot(product: Product) -> dict[str, Any]:
    return {
        "code": product.code,
        "name": product.name,
        "name_en": product.name_en,
        "category_id": str(product.category_id) if product.category_id else None,
        "brand": product.brand,
        "tags": list(product.tags),
        "status": str(product.status),
        "skus": [s.code for s in product.skus],
    }


async def get_product(uow: CatalogUoW, product_id: UUID) -> Product:
    return await load(uow, product_id)


async def create_product(
    uow: CatalogUoW,
    clock: Clock,
    actor: Actor,
    *,
    currency: str,
    code: str,
    name: str,
    skus: list[SkuInput],
    name_en: str | None = None,
    category_id: UUID | None = None,
    brand: str = "",
    description: str = "",
    tags: list[str] | None = None,
    status: ProductStatus = ProductStatus.DRAFT,
) -> Product:
    """Create a product with its SKUs priced in `currency` (the shop's); on sale at once when asked and sellable."""
    now = clock.now()
    product = Product(
        code=code,
        name=name,
        name_en=name_en or None,
        brand=brand,
        description=description,
        tags=list(tags or []),
        currency=currency,
    )
    product.created_at = now
    await _ensure_code_free(uow, code)
    await _set_category(uow, product, category_id)
    product.skus = [
        sku_rules.new_sku(product, data, position=i, field=f"skus.{i}", at=now) for i, data in enumerate(skus)
    ]
    await sku_rules.ensure_codes_free(uow, product.id, sku_rules.wanted_codes(product))
    if status != ProductStatus.DRAFT:
        move_to(uow, product, status, now)
    sku_rules.refresh_derived(product, now)
    await uow.products.add(product)
    await audit.record(
        uow,
        actor,
        action="product.create",
        target_type="product",
        target_id=product.id,
        at=now,
        after=snapshot(product),
    )
    return product


async def update_product(uow: CatalogUoW, /, clock: Clock, actor: Actor, product_id: UUID, **changes: Any) -> Product:
    """Edit a product's own fields (code, name, category, brand, description, tags)."""
    product = await load(uow, product_id, for_update=True)
    before = snapshot(product)
    if "code" in changes and changes["code"] != product.code:
        await _ensure_code_free(uow, changes["code"])
    if "category_id" in changes:
        await _set_category(uow, product, changes.pop("category_id"))
    for name, value in changes.items():
        if name not in PRODUCT_FIELDS:
            raise ValueError(f"not a product field: {name}")
        if name == "name_en":
            value = value or None  # a blank English name is none: the shop's own name is shown
        setattr(product, name, list(value) if name == "tags" else value)
    now = clock.now()
    sku_rules.refresh_derived(product, now)
    await audit.record(
        uow,
        actor,
        action="product.update",
        target_type="product",
        target_id=product.id,
        at=now,
        before=before,
        after=snapshot(product),
    )
    return product


async def set_status(uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, status: ProductStatus) -> Product:
    """Put a product on sale, take it off sale, or back to draft."""
    product = await load(uow, product_id, for_update=True)
    await _change_status(uow, actor, product, status, clock.now())
    return product


async def set_status_of_many(
    uow: CatalogUoW, clock: Clock, actor: Actor, product_ids: list[UUID], status: ProductStatus
) -> int:
    """Change the status of several products: all of them or, when one cannot, none. Returns how many changed."""
    now = clock.now()
    changed = 0
    for product_id in ids_in_lock_order(product_ids):
        product = await load(uow, product_id, for_update=True)
        if product.status == status:
            continue
        await _change_status(uow, actor, product, status, now)
        changed += 1
    return changed


async def _change_status(uow: CatalogUoW, actor: Actor, product: Product, status: ProductStatus, now: datetime) -> None:
    """One product's status move through the state machine, audited."""
    before = snapshot(product)
    move_to(uow, product, status, now)
    sku_rules.refresh_derived(product, now)
    await audit.record(
        uow,
        actor,
        action="product.status",
        target_type="product",
        target_id=product.id,
        at=now,
        before=before,
        after=snapshot(product),
    )


async def delete_product(uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID) -> None:
    """Delete a draft product with its SKUs and images (refused once it has stock history)."""
    product = await load(uow, product_id, for_update=True)
    if product.status != ProductStatus.DRAFT:
        raise Conflict(
            "Only a draft product can be deleted; take it off sale instead.",
            code="product.not_draft",
            status=str(product.status),
        )
    if await uow.stock.has_stock_records([s.id for s in product.skus]):
        raise Conflict("The product has stock records and cannot be deleted.", code="product.has_stock")
    before = snapshot(product)
    await uow.products.delete(product)
    await audit.record(
        uow,
        actor,
        action="product.delete",
        target_type="product",
        target_id=product.id,
        at=clock.now(),
        before=before,
    )


def move_to(uow: CatalogUoW, product: Product, status: ProductStatus, at: datetime) -> None:
    """Move a product to `status` through its state machine (on sale only when sellable); the event is recorded."""
    action = ACTION_TO[status]
    if PRODUCT.can(product.status, action) and status == ProductStatus.ON_SALE:
        sku_rules.ensure_sellable(product)
    before = product.status
    uow.record(
        PRODUCT.apply(product, action, product_id=str(product.id), status_from=str(before), status_to=str(status))
    )
    if status == ProductStatus.ON_SALE:
        product.published_at = product.published_at or at


async def load(uow: CatalogUoW, product_id: UUID, *, for_update: bool = False) -> Product:
    get = uow.products.get_for_update if for_update else uow.products.get
    product = await get(product_id)
    if product is None:
        raise NotFound("The product does not exist.", code="product.not_found", product_id=str(product_id))
    return product


async def _ensure_code_free(uow: CatalogUoW, code: str) -> None:
    if await uow.products.by_code(code) is not None:
        raise Conflict("This product code is already used.", code="product.code_taken", field="code", product_code=code)


async def _set_category(uow: CatalogUoW, product: Product, category_id: UUID | None) -> None:
    if category_id is not None and await uow.categories.get(category_id) is None:
        raise RuleViolation("The category does not exist.", code="product.category_not_found", field="category_id")
    product.category_id = category_id
