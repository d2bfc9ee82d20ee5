"""What checkout adds to the goods: the shipping fee, in one place."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from domain.identity.entities import Address
from domain.money import Money
from domain.orders.ports import OrdersUoW


async def shipping_fee(
    uow: OrdersUoW, *, address: Address | None, items: Sequence[tuple[UUID, int, Money]], currency: str
) -> Money:
    """The shipping fee of these items (sku_id, quantity, line subtotal) to this address. Free until the freight
    templates are wired here (`domain.freight.quote.shipping_fee`, by region, weight or quantity)."""
    return Money.zero(currency)
