"""A product's `in_stock` flag: some active SKU of it can be bought now (stock available in an active warehouse,
sale not paused). The storefront filters and sorts on this one indexed column instead of reading the inventory.

Whatever may change it calls `refresh` inside its own transaction: the inventory with the SKUs whose stock
crossed zero, was paused or resumed, or whose warehouse was (de)activated; the catalog when a SKU is switched on
or off. It is an action: it never commits."""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from domain.catalog.ports import StockFlagUoW

BATCH = 500  # products per round trip: well under every driver's limit on bound parameters


async def refresh(uow: StockFlagUoW, *, sku_ids: Iterable[UUID] = (), product_ids: Iterable[UUID] = ()) -> None:
    """Recompute the flag of these products and of the products of these SKUs.

    Each product row is locked (in id order) before its stock is read: of two transactions that each sell the
    last unit of a different SKU of one product, the second then sees the first's committed stock, and the flag
    ends false as it must. Stock levels are locked before products everywhere, so this cannot deadlock with a
    stock change."""
    skus, products = sorted(set(sku_ids)), sorted(set(product_ids))
    if not skus and not products:
        return
    if len(skus) + len(products) > BATCH:  # e.g. a warehouse of many SKUs: find their products, lock in batches
        for start in range(0, len(skus), BATCH):
            products += await uow.products.product_ids_of_skus(skus[start : start + BATCH])
        products, skus = sorted(set(products)), []
    for start in range(0, max(len(products), 1), BATCH):
        active = await uow.products.lock_for_stock_flag(product_ids=products[start : start + BATCH], sku_ids=skus)
        available = await uow.stock.available_by_sku([s for ids in active.values() for s in ids])
        await uow.products.set_in_stock({pid: any(available[s] > 0 for s in ids) for pid, ids in active.items()})
