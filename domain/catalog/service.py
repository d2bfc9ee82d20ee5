"""Catalog use cases: categories, products and SKUs, prices, images. Every staff write is audited."""

from __future__ import annotations

from domain.ports import Clock, UnitOfWork


async def refresh_listing_prices(uow: UnitOfWork, clock: Clock) -> int:
    """Re-derive listing prices of products whose promotions started or ended since the last sweep."""
    async with uow:
        changed = await uow.products.refresh_listing_prices(clock.now())
        await uow.commit()
        return changed
