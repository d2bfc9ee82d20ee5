"""In-memory carts (infra/repositories/cart.py)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from domain.cart.entities import Cart
from tests.fakes.tables import Tables


class FakeCartRepository:
    def __init__(self, tables: Tables) -> None:
        self._t = tables

    async def for_customer(self, customer_id: UUID, *, lock: bool = False) -> Cart | None:
        return next((c for c in self._t.carts.values() if c.customer_id == customer_id), None)

    async def for_guest(self, token_digest: str, *, lock: bool = False) -> Cart | None:
        return next((c for c in self._t.carts.values() if c.guest_token_digest == token_digest), None)

    async def remove_skus(self, customer_id: UUID, sku_ids: list[UUID]) -> None:
        cart = await self.for_customer(customer_id)
        if cart is not None:
            cart.lines[:] = [line for line in cart.lines if line.sku_id not in set(sku_ids)]

    async def add(self, cart: Cart) -> None:
        self._t.carts[cart.id] = cart

    async def delete(self, cart: Cart) -> None:
        self._t.carts.pop(cart.id, None)

    async def delete_guest_carts_idle_since(self, before: datetime) -> int:
        idle = [c.id for c in self._t.carts.values() if c.is_guest and c.updated_at and c.updated_at < before]
        for cart_id in idle:
            del self._t.carts[cart_id]
        return len(idle)
