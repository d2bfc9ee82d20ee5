"""What the home page reads; infra/repositories/dashboard.py implements the order side, inventory's stock
repository the low-stock count (the same query as the stock alerts page, so the two always agree)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from domain.dashboard.entities import HourTally, LatestOrder, OrderTodoCounts
from domain.inventory.ports import StockQuery, StockRow
from domain.unit_of_work import UnitOfWork

# statuses whose orders were paid and stay paid: a closed order was refunded, so its sale no longer counts
PAID_STATUSES = ("paid", "on_hold", "awaiting_shipment", "partially_shipped", "shipped", "completed")


class DashboardQueries(Protocol):
    async def order_todos(self, *, expiring_before: datetime) -> OrderTodoCounts:
        """The three order to-dos in one grouped query."""
        ...

    async def placed_by_hour(self, *, since: datetime, until: datetime) -> list[HourTally]:
        """Orders created in [since, until), per UTC hour (hours without orders are left out)."""
        ...

    async def paid_by_hour(self, *, since: datetime, until: datetime, currency: str) -> list[HourTally]:
        """Orders paid in [since, until) still in a PAID_STATUSES status, in `currency`, per UTC hour."""
        ...

    async def latest_orders(self, limit: int) -> list[LatestOrder]:
        """The newest orders, newest first."""
        ...


class StockRows(Protocol):
    async def rows(self, query: StockQuery, *, offset: int, limit: int) -> tuple[list[StockRow], int]: ...


class DashboardUoW(UnitOfWork, Protocol):
    @property
    def dashboard(self) -> DashboardQueries: ...
    @property
    def stock(self) -> StockRows: ...
