"""Sales counts: what "best sellers" sort by. Paid orders add their units (domain/orders/transitions.py)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.unit_of_work import UnitOfWork


class SalesCounts(Protocol):
    async def add_sales(self, units_by_product: dict[UUID, int]) -> None:
        """Add sold units to the products' counts with one conditional increment each, never read-modify-write."""
        ...


class SalesUoW(UnitOfWork, Protocol):
    @property
    def products(self) -> SalesCounts: ...


async def record_sales(uow: SalesUoW, units_by_product: dict[UUID, int]) -> None:
    """Count sold units on their products, inside the paying transaction."""
    sold = {product_id: units for product_id, units in units_by_product.items() if units > 0}
    if sold:
        await uow.products.add_sales(sold)
