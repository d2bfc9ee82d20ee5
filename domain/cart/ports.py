"""What the cart needs from storage, and the little it reads of the catalog and the inventory (their repositories
satisfy these narrow ports as they are); infra/repositories/cart.py implements the cart's own."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol
from uuid import UUID

from domain.cart.entities import Cart
from domain.catalog.entities import Product, Sku
from domain.unit_of_work import UnitOfWork


class CartRepository(Protocol):
    async def for_customer(self, customer_id: UUID, *, lock: bool = False) -> Cart | None:
        """The customer's cart with its lines; `lock` holds its row until the transaction ends."""
        ...

    async def remove_skus(self, customer_id: UUID, sku_ids: list[UUID]) -> None:
        """These SKUs' lines leave the customer's cart, in one statement."""
        ...

    async def for_guest(self, token_digest: str, *, lock: bool = False) -> Cart | None: ...
    async def add(self, cart: Cart) -> None: ...
    async def delete(self, cart: Cart) -> None: ...
    async def delete_guest_carts_idle_since(self, before: datetime) -> int:
        """Delete guest carts last changed before `before`, with their lines; returns how many."""
        ...


class CatalogForCart(Protocol):
    async def skus(self, sku_ids: list[UUID]) -> list[Sku]: ...
    async def by_ids(self, product_ids: list[UUID]) -> list[Product]:
        """These products (those that still exist) with their SKUs and images."""
        ...


class StockForCart(Protocol):
    async def available_by_sku(self, sku_ids: list[UUID]) -> dict[UUID, int]:
        """What can be sold now per SKU (0 for a SKU without stock)."""
        ...


class CartsUoW(UnitOfWork, Protocol):
    """Only the carts: what an order's checkout needs to take what it bought out of the cart."""

    @property
    def carts(self) -> CartRepository: ...


class CartUoW(CartsUoW, Protocol):
    @property
    def products(self) -> CatalogForCart: ...
    @property
    def stock(self) -> StockForCart: ...
