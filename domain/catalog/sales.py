"""Sales counts: what "best sellers" sort by. A product's count holds the units of its paid orders that are not
closed: payment adds them, an edit of a paid order moves them by the difference and closing a paid order before
it ships takes them back (domain/orders/after_payment.py)."""

from __future__ import annotations

from typing import Protocol
from uuid import UUID

from domain.unit_of_work import UnitOfWork


class SalesCounts(Protocol):
    async def add_sales(self, units_by_product: dict[UUID, int]) -> None:
        """Add sold units (negative: units taken back) to the products' counts with one conditional increment
        each, never read-modify-write; a count never goes below zero."""
        ...


class SalesUoW(UnitOfWork, Protocol):
    @property
    def products(self) -> SalesCounts: ...


async def record_sales(uow: SalesUoW, units_by_product: dict[UUID, int]) -> None:
    """Count sold units on their products, inside the paying transaction."""
    sold = {product_id: units for product_id, units in units_by_product.items() if units > 0}
    if sold:
        await uow.products.add_sales(sold)


async def adjust_sales(uow: SalesUoW, change_by_product: dict[UUID, int]) -> None:
    """Move the products' counts by these differences (an order's units changed or were taken back), inside the
    transaction that changed the order; products whose units did not change are not touched."""
    change = {product_id: units for product_id, units in change_by_product.items() if units}
    if change:
        await uow.products.add_sales(change)
