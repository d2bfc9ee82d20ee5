"""SKUs of a product: add, edit (prices, promotion, barcode, active), delete when it has no stock history, and
batch price edits. The product's listing price and search text follow every change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.audit import service as audit
from domain.catalog import in_stock, sku_rules
from domain.catalog import products as product_service
from domain.catalog.entities import Product, Sku
from domain.catalog.ports import CatalogUoW
from domain.catalog.sku_rules import SkuInput
from domain.errors import Conflict, NotFound
from domain.identity.actor import Actor
from domain.locking import ids_in_lock_order
from domain.ports import Clock

_UNSET: Any = object()


@dataclass
class PriceChange:
    """One line of a batch price edit; fields left unset keep their value, None clears an optional price."""

    sku_id: UUID
    retail_price: Decimal = _UNSET
    wholesale_price: Decimal | None = _UNSET
    promo_price: Decimal | None = _UNSET
    promo_starts_at: datetime | None = _UNSET
    promo_ends_at: datetime | None = _UNSET

    def changes(self) -> dict[str, Any]:
        names = ("retail_price", "wholesale_price", "promo_price", "promo_starts_at", "promo_ends_at")
        return {name: getattr(self, name) for name in names if getattr(self, name) is not _UNSET}


async def add_sku(uow: CatalogUoW, clock: Clock, actor: Actor, product_id: UUID, data: SkuInput) -> Sku:
    """Add a SKU at the end of a product's list."""
    product = await product_service.load(uow, product_id, for_update=True)
    now = clock.now()
    position = max((s.position for s in product.skus), default=-1) + 1
    sku = sku_rules.new_sku(product, data, position=position, field="body", at=now)
    wanted = [*sku_rules.wanted_codes(product), ("body", sku.code, sku.barcode)]
    await sku_rules.ensure_codes_free(uow, product.id, wanted)
    product.skus.append(sku)
    sku_rules.refresh_derived(product, now)
    await audit.record(
        uow, actor, action="sku.create", target_type="sku", target_id=sku.id, at=now, after=sku_rules.snapshot(sku)
    )
    return sku


async def update_sku(uow: CatalogUoW, /, clock: Clock, actor: Actor, sku_id: UUID, **changes: Any) -> Sku:
    """Edit a SKU; deactivating the last active SKU of a product on sale is refused."""
    product, sku = await _product_and_sku(uow, sku_id)
    before = sku_rules.snapshot(sku)
    if "code" in changes or "barcode" in changes:
        wanted = [
            ("body", changes.get("code", s.code), changes.get("barcode", s.barcode) or None)
            if s.id == sku.id
            else (f"skus.{i}", s.code, s.barcode)
            for i, s in enumerate(product.skus)
        ]
        await sku_rules.ensure_codes_free(uow, product.id, wanted)
    sku_rules.apply_changes(sku, changes, field="body")
    now = clock.now()
    sku.updated_at = now
    sku_rules.refresh_derived(product, now)
    if sku.active != before["active"]:
        await in_stock.refresh(uow, product_ids=[product.id])
    await audit.record(
        uow,
        actor,
        action="sku.update",
        target_type="sku",
        target_id=sku.id,
        at=now,
        before=before,
        after=sku_rules.snapshot(sku),
    )
    return sku


async def delete_sku(uow: CatalogUoW, clock: Clock, actor: Actor, sku_id: UUID) -> None:
    """Delete a SKU that never held stock; one with stock history can only be deactivated."""
    product, sku = await _product_and_sku(uow, sku_id)
    if await uow.stock.has_stock_records([sku.id]):
        raise Conflict(
            "The SKU has stock records; deactivate it instead.",
            code="sku.has_stock",
            sku_id=str(sku.id),
            sku_code=sku.code,
        )
    before = sku_rules.snapshot(sku)
    product.skus.remove(sku)
    now = clock.now()
    sku_rules.refresh_derived(product, now)
    await audit.record(uow, actor, action="sku.delete", target_type="sku", target_id=sku.id, at=now, before=before)


async def change_prices(uow: CatalogUoW, clock: Clock, actor: Actor, items: list[PriceChange]) -> int:
    """Edit the prices of many SKUs at once: every line valid, or nothing changes. Returns how many SKUs."""
    now = clock.now()
    touched: dict[UUID, Product] = {}
    # lock the products in id order, like every other multi-product write: two batches naming the same
    # products in different orders would otherwise deadlock on PostgreSQL
    owners = await uow.products.skus(sorted({item.sku_id for item in items}))
    for product_id in ids_in_lock_order(s.product_id for s in owners):
        await product_service.load(uow, product_id, for_update=True)
    # load everything first: later reads would flush half-applied changes
    targets: list[tuple[int, PriceChange, Product, Sku]] = []
    for index, item in enumerate(items):
        product, sku = await _product_and_sku(uow, item.sku_id, field=f"items.{index}.sku_id")
        targets.append((index, item, product, sku))
    for index, item, product, sku in targets:
        before = sku_rules.snapshot(sku)
        sku_rules.apply_changes(sku, item.changes(), field=f"items.{index}")
        sku.updated_at = now
        touched[product.id] = product
        await audit.record(
            uow,
            actor,
            action="sku.prices",
            target_type="sku",
            target_id=sku.id,
            at=now,
            before=before,
            after=sku_rules.snapshot(sku),
        )
    for product in touched.values():
        sku_rules.refresh_derived(product, now)
    return len({t[3].id for t in targets})


async def _product_and_sku(uow: CatalogUoW, sku_id: UUID, *, field: str | None = None) -> tuple[Product, Sku]:
    found = await uow.products.get_sku(sku_id)
    if found is None:
        extra = {"field": field} if field else {}
        raise NotFound("The SKU does not exist.", code="sku.not_found", sku_id=str(sku_id), **extra)
    product = await product_service.load(uow, found.product_id, for_update=True)
    sku = next(s for s in product.skus if s.id == sku_id)
    return product, sku
