"""Orders' part of the back office's global search (domain/search): orders by the start of their number."""

from __future__ import annotations

from typing import Protocol

from domain.orders.ports import OrderQuery, OrderRepository
from domain.search.hits import Group, Hit
from domain.unit_of_work import UnitOfWork


class OrderLookupUoW(UnitOfWork, Protocol):
    @property
    def orders(self) -> OrderRepository: ...


async def find(uow: OrderLookupUoW, text: str, limit: int) -> list[Group]:
    found, _ = await uow.orders.search(OrderQuery(number=text.strip()), offset=0, limit=limit)
    hits = [
        Hit(id=o.id, title=o.number, detail=" · ".join(filter(None, (o.customer_name, str(o.total)))), opens=o.id)
        for o in found
    ]
    return [Group("orders", hits)]
