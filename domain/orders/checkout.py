"""What checkout adds to the goods: the shipping fee, in one place."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from uuid import UUID

from domain.freight import quote
from domain.identity.entities import Address
from domain.money import Money
from domain.orders.ports import OrdersUoW


async def shipping_fee(
    uow: OrdersUoW,
    *,
    address: Address | None,
    items: Sequence[tuple[UUID, int, Money]],
    currency: str,
    weights: Mapping[UUID, int | None] | None = None,
) -> Money:
    """The shipping fee of these items (sku_id, quantity, line subtotal) to this address, by the shop's default
    freight template (by region, weight or quantity, free over its threshold); nothing to ship or no address yet
    costs nothing. Raises RegionNotServed for a region the template does not deliver to. The SKUs' weights are
    read from the catalog unless the caller has them already."""
    if address is None or not items:
        return Money.zero(currency)
    if weights is None:
        weights = {sku.id: sku.weight_grams for sku in await uow.products.skus([sku_id for sku_id, _, _ in items])}
    parcel = [
        quote.FreightItem(sku_id, quantity, weights.get(sku_id), subtotal) for sku_id, quantity, subtotal in items
    ]
    return await quote.shipping_fee(uow, region_code=address.region_code, items=parcel, currency=currency)
