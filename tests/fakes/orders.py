"""In-memory orders, the same port as infra/repositories/orders.py."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from uuid import UUID

from domain.orders.entities import Order, OrderStatus
from domain.orders.ports import OrderQuery
from domain.orders.safety import CustomerHistory
from tests.fakes.tables import Tables, page

NOT_COUNTED = (OrderStatus.CANCELLED, OrderStatus.CLOSED)


class FakeOrderRepository:
    def __init__(self, tables: Tables) -> None:
        self.tables = tables

    async def add(self, order: Order) -> None:
        self.tables.orders[order.id] = order

    async def get(self, order_id: UUID) -> Order | None:
        return self.tables.orders.get(order_id)

    async def get_for_update(self, order_id: UUID) -> Order | None:
        return self.tables.orders.get(order_id)

    async def search(self, query: OrderQuery, *, offset: int, limit: int) -> tuple[list[Order], int]:
        found = [
            o
            for o in self.tables.orders.values()
            if (query.customer_id is None or o.customer_id == query.customer_id)
            and (not query.statuses or o.status in query.statuses)
            and (query.number is None or o.number.startswith(query.number))
            and (query.needs_review is None or o.needs_review == query.needs_review)
        ]
        found.sort(key=lambda o: (o.created_at, o.id), reverse=query.sort.startswith("-"))
        return page(found, offset, limit)

    async def status_counts(self, customer_id: UUID) -> dict[OrderStatus, int]:
        counts: dict[OrderStatus, int] = defaultdict(int)
        for o in self.tables.orders.values():
            if o.customer_id == customer_id:
                counts[OrderStatus(o.status)] += 1
        return dict(counts)

    def _standing(self, customer_id: UUID, since: datetime) -> list[Order]:
        return [
            o
            for o in self.tables.orders.values()
            if o.customer_id == customer_id
            and o.created_at is not None
            and o.created_at >= since
            and o.status not in NOT_COUNTED
        ]

    async def history(self, customer_id: UUID, *, units_since: datetime, orders_since: datetime) -> CustomerHistory:
        mine = self.tables.orders.values()
        units: dict[UUID, int] = defaultdict(int)
        for o in self._standing(customer_id, units_since):
            for line in o.lines:
                units[line.sku_id] += line.quantity
        return CustomerHistory(
            unpaid_orders=sum(
                1 for o in mine if o.customer_id == customer_id and o.status == OrderStatus.PENDING_PAYMENT
            ),
            units_last_day=dict(units),
            recent_fingerprints={o.fingerprint for o in self._standing(customer_id, orders_since)},
        )

    async def unpaid_expired(self, at: datetime, limit: int) -> list[UUID]:
        due = [
            o
            for o in self.tables.orders.values()
            if o.status == OrderStatus.PENDING_PAYMENT and o.expires_at is not None and o.expires_at <= at
        ]
        return [o.id for o in sorted(due, key=lambda o: o.expires_at or at)][:limit]

    async def shipped_before(self, at: datetime, limit: int) -> list[UUID]:
        due = [
            o
            for o in self.tables.orders.values()
            if o.status == OrderStatus.SHIPPED and o.shipped_at is not None and o.shipped_at <= at
        ]
        return [o.id for o in sorted(due, key=lambda o: o.shipped_at or at)][:limit]
