"""Carts with their lines. Never commits."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from domain.cart.entities import Cart
from infra.db.tables import cart as tables

c = tables.cart


def _remove_skus_statement() -> sa.Delete:
    """Checkout's removal of what was bought from the buyer's cart; built once (it runs on every order)."""
    line = tables.cart_line
    mine = sa.select(c.c.id).where(c.c.customer_id == sa.bindparam("customer_id", type_=c.c.customer_id.type))
    return sa.delete(line).where(
        line.c.cart_id == mine.scalar_subquery(), line.c.sku_id.in_(sa.bindparam("sku_ids", expanding=True))
    )


_REMOVE_SKUS = _remove_skus_statement()


class CartRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def for_customer(self, customer_id: UUID, *, lock: bool = False) -> Cart | None:
        return await self._one(c.c.customer_id == customer_id, lock=lock)

    async def for_guest(self, token_digest: str, *, lock: bool = False) -> Cart | None:
        return await self._one(c.c.guest_token_digest == token_digest, lock=lock)

    async def remove_skus(self, customer_id: UUID, sku_ids: list[UUID]) -> None:
        await self.session.execute(
            _REMOVE_SKUS,
            {"customer_id": customer_id, "sku_ids": sku_ids},
            execution_options={"synchronize_session": False},
        )

    async def add(self, cart: Cart) -> None:
        self.session.add(cart)

    async def delete(self, cart: Cart) -> None:
        await self.session.delete(cart)

    async def delete_guest_carts_idle_since(self, before: datetime) -> int:
        # the lines go with their cart (ON DELETE CASCADE)
        stmt = sa.delete(c).where(c.c.customer_id.is_(None), c.c.updated_at < before)
        result = await self.session.execute(stmt, execution_options={"synchronize_session": False})
        return int(getattr(result, "rowcount", 0) or 0)

    async def _one(self, condition: sa.ColumnElement[bool], *, lock: bool) -> Cart | None:
        stmt = sa.select(Cart).where(condition)
        if lock:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return await self.session.scalar(stmt)
